# Shared by tests/scripts/pack_heldout*.sh (sourced; not a test itself: ctest registers only
# tests/scripts/*.sh). Scores one batch of corpus/ with `quarry eval` on the core types.
#   heldout_eval BIN SRC BATCH MIN_F1 TYPES_RE MIN_TYPES [DOCS]
# fails when the core micro F1 is under MIN_F1, when fewer than MIN_TYPES of the types matching
# TYPES_RE appear in the report (a broken eval that scores nothing must not pass), when DOCS is
# given and a different number of documents was evaluated, or when a gold line's "span" (the
# figure's raw byte range in its article, front matter included) does not slice a figure (a digit
# or a CJK numeral): a gold file edited out of step with its article fails. Gold files without
# spans (corpus/heldout) skip that check.
heldout_eval() {
  local bin=$1 src=$2 batch=$3 min_f1=$4 types_re=$5 min_types=$6 docs_want=${7:-}
  local core=deliveries,sales,yoy_pct,mom_pct,orders,stake_pct,share_pct,outlets,target
  local out rc n docs bad=0 g art line b e fig
  out=$("$bin" --grammars "$src/grammars" eval "$src"/corpus/"$batch"/*.txt --gold "$src/corpus/$batch/gold" \
        --types "$core" --min-f1 "$min_f1")
  rc=$?
  echo "$out" | tail -22
  n=$(echo "$out" | grep -c "^  \($types_re\) ")
  if [ "$n" -lt "$min_types" ]; then echo "FAIL: core types missing from the report"; return 1; fi
  if [ -n "$docs_want" ]; then
    docs=$(echo "$out" | sed -n 's/^\([0-9]*\) documents evaluated.*/\1/p')
    if [ "${docs:-0}" -ne "$docs_want" ]; then echo "FAIL: expected $docs_want documents evaluated, got '${docs:-none}'"; return 1; fi
  fi
  for g in "$src"/corpus/"$batch"/gold/*.jsonl; do
    art="$src/corpus/$batch/$(basename "$g" .jsonl).txt"
    while IFS= read -r line; do
      case "$line" in *'"span":'*) ;; *) continue ;; esac
      b=$(echo "$line" | sed -n 's/.*"span":\[\([0-9]*\),\([0-9]*\)\].*/\1/p')
      e=$(echo "$line" | sed -n 's/.*"span":\[\([0-9]*\),\([0-9]*\)\].*/\2/p')
      if [ -z "$b" ] || [ -z "$e" ]; then echo "FAIL: bad span: $g: $line"; bad=1; continue; fi
      fig=$(tail -c +$((b + 1)) "$art" | head -c $((e - b)))
      if ! printf '%s' "$fig" | grep -q '[0-9万亿]'; then echo "FAIL: span [$b,$e) of $art is '$fig'"; bad=1; fi
    done < "$g"
  done
  [ $bad -eq 0 ] || return 1
  return $rc
}
