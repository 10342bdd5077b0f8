#!/bin/bash
# The phones pack (grammars/packs/phones, a third industry from data alone): its rules' examples
# pass, `quarry eval` on corpus/phones reaches micro F1 >= 0.78 (measured 0.809: the misses are
# the `domestic` scopes of Chinese makers in a China report that an earlier sentence states), and
# the auto pack (grammars/) does not load it: the same rules with or without the phones folder,
# and no phone fact from a phones article with the default pack (tests/scripts/lib/pack.sh).
# Args: QUARRY_BIN SOURCE_DIR.
set -u
. "$(dirname "$0")/lib/pack.sh"
pack_checks "$1" "$2" phones 0.78 'shipments\|market_share\|yoy_pct\|qoq_pct' 8 01-global-q3-en.txt \
  '"type":"shipments"\|"unit":"unit"'
