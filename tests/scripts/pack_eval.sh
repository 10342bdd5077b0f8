#!/bin/bash
# Grammar pack acceptance: `quarry eval` over the gold corpus reaches micro F1 >= 0.95 on the
# core fact types. Args: QUARRY_BIN SOURCE_DIR.
set -u
bin=$1; src=$2
core=deliveries,sales,yoy_pct,mom_pct,orders,stake_pct,share_pct,outlets,target
out=$("$bin" --grammars "$src/grammars" eval "$src/corpus/articles" --gold "$src/corpus/gold" \
      --types "$core" --min-f1 0.95)
rc=$?
echo "$out" | tail -25
# A broken eval that scores nothing must not pass: the corpus has gold for every core type.
n=$(echo "$out" | grep -c "^  \(deliveries\|yoy_pct\|stake_pct\|target\) ")
if [ "$n" -lt 4 ]; then echo "FAIL: core types missing from the report"; exit 1; fi
exit $rc
