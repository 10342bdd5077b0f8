#!/bin/bash
# Grammar pack on the held-out batch (corpus/heldout): articles in outlet styles absent from
# corpus/articles. The threshold sits a little under the measured core micro F1 (docs/eval.md),
# so a rule change that loses generality fails here. Args: QUARRY_BIN SOURCE_DIR.
set -u
. "$(dirname "$0")/lib/heldout.sh"
heldout_eval "$1" "$2" heldout 0.90 'deliveries\|sales\|yoy_pct\|target' 4
