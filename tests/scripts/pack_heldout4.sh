#!/bin/bash
# The fourth batch (corpus/heldout4): 10 articles written together with heldout3 and not tuned on
# rule by rule (docs/eval.md: core micro F1 0.370 before the heldout3 work, 0.380 after; general
# fixes informed by its misses, a broader gazetteer and hyphenated quarters, then took it to
# 0.473, so it is no longer strictly held out). This is NOT a tuned threshold: the check is that
# eval runs and reports the core types, that every gold span slices a figure of its article, and
# a regression guard far below the measured figure (0.25) that only catches a pack that breaks
# wholesale. Do not raise it by tuning on this batch; write a new batch instead.
# Args: QUARRY_BIN SOURCE_DIR.
set -u
. "$(dirname "$0")/lib/heldout.sh"
heldout_eval "$1" "$2" heldout4 0.25 'deliveries\|sales\|yoy_pct\|stake_pct\|outlets' 5 10
