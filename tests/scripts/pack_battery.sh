#!/bin/bash
# The battery pack (grammars/packs/battery, a second industry from data alone): its rules' examples
# pass, `quarry eval` on corpus/battery reaches micro F1 >= 0.85 (measured 0.879 once eval compares
# scope: cross-sentence scopes are not read), and the auto pack (grammars/) does not load it: the
# same rules with or without the battery folder, and no battery fact from a battery article with
# the default pack (tests/scripts/lib/pack.sh). Args: QUARRY_BIN SOURCE_DIR.
set -u
. "$(dirname "$0")/lib/pack.sh"
pack_checks "$1" "$2" battery 0.85 'installations\|cumulative\|market_share\|yoy_pct' 12 01-cabia-october-en.txt \
  '"type":"\(installations\|cumulative\)"\|"unit":"gwh"'
