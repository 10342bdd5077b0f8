#!/bin/bash
# Grammar pack on the second held-out batch (corpus/heldout2): 12 articles written after the pack
# was tuned on corpus/ and corpus/heldout, scored once before any rule change (docs/eval.md has
# both figures). The batch has since been used to find gaps, so it is no longer held out; the
# threshold sits a little under the tuned core micro F1, so a rule change that loses generality
# fails here. 0.92 -> 0.91 on 2026-12-08: one wrong-subject figure ("giving them a 7.0% share",
# the share of Chinese carmakers, read as Europe's) moved from market_share, outside the core
# types, to share_pct, inside them, when a market's market share became a part's share
# (pack.schema market=share_pct); all-types micro F1 is unchanged (0.883). Args: QUARRY_BIN SOURCE_DIR.
set -u
. "$(dirname "$0")/lib/heldout.sh"
heldout_eval "$1" "$2" heldout2 0.91 'deliveries\|sales\|yoy_pct\|stake_pct\|outlets' 5
