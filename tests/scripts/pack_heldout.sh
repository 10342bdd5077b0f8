#!/bin/bash
# Grammar pack on the held-out batch (corpus/heldout): articles in outlet styles absent from
# corpus/articles. The threshold sits a little under the measured core micro F1 (docs/eval.md),
# so a rule change that loses generality fails here. Args: QUARRY_BIN SOURCE_DIR.
set -u
bin=$1; src=$2
core=deliveries,sales,yoy_pct,mom_pct,orders,stake_pct,share_pct,outlets,target
out=$("$bin" --grammars "$src/grammars" eval "$src"/corpus/heldout/*.txt --gold "$src/corpus/heldout/gold" \
      --types "$core" --min-f1 0.90)
rc=$?
echo "$out" | tail -22
# A broken eval that scores nothing must not pass: the batch has gold for these core types.
n=$(echo "$out" | grep -c "^  \(deliveries\|sales\|yoy_pct\|target\) ")
if [ "$n" -lt 4 ]; then echo "FAIL: core types missing from the report"; exit 1; fi
exit $rc
