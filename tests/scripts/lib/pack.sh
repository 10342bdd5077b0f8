# Shared by tests/scripts/pack_battery.sh and pack_phones.sh (sourced; not a test itself: ctest
# registers only tests/scripts/*.sh). A pack under grammars/packs/NAME is a second industry read
# from data alone:
#   pack_checks BIN SRC NAME MIN_F1 TYPES_RE EVAL_LINES ARTICLE FORBIDDEN_RE
# fails when the pack's rule examples fail (`grammar test`), when `quarry eval` on corpus/NAME is
# under MIN_F1 micro F1 or reports fewer than 4 of the types matching TYPES_RE (a broken eval that
# scores nothing must not pass), when the auto pack (grammars/) loads the subfolder (its `grammar
# check` summary must equal that of a copy of grammars/ that really lacks packs/NAME), or when the
# default pack's facts from corpus/NAME/articles/ARTICLE match FORBIDDEN_RE (the pack's own types
# or units). Prints the eval's last EVAL_LINES lines. Returns 0 or 1.
pack_checks() {
  local bin=$1 src=$2 name=$3 min_f1=$4 types_re=$5 lines=$6 article=$7 forbidden=$8
  local pack=$src/grammars/packs/$name fail=0 out rc n tmp with without facts
  if ! "$bin" --grammars "$pack" grammar test "$pack"; then echo "FAIL: grammar test of the $name pack"; fail=1; fi

  out=$("$bin" --grammars "$pack" eval "$src/corpus/$name/articles" --gold "$src/corpus/$name/gold" --min-f1 "$min_f1")
  rc=$?
  echo "$out" | tail -"$lines"
  if [ $rc -ne 0 ]; then echo "FAIL: $name eval under micro F1 $min_f1 (exit $rc)"; fail=1; fi
  n=$(echo "$out" | grep -c "^  \($types_re\) ")
  if [ "$n" -lt 4 ]; then echo "FAIL: $name types missing from the eval report"; fail=1; fi

  # The auto pack skips the subfolder (it has a pack.schema of its own).
  tmp=$(mktemp -d)
  cp -r "$src/grammars" "$tmp/g"
  if [ ! -f "$tmp/g/packs/$name/pack.schema" ]; then echo "FAIL: no packs/$name in the copy"; fail=1; fi
  rm -rf "$tmp/g/packs/$name"
  with=$("$bin" grammar check "$src/grammars" | sed 's/, version .*//; s/^[^:]*: //')
  without=$("$bin" grammar check "$tmp/g" | sed 's/, version .*//; s/^[^:]*: //')
  rm -rf "$tmp"
  echo "auto pack with packs/$name/: $with"
  if [ -z "$with" ] || [ "$with" != "$without" ]; then
    echo "FAIL: the auto pack loads packs/$name/ ($with vs $without)"; fail=1
  fi
  facts=$("$bin" --grammars "$src/grammars" extract --format jsonl "$src/corpus/$name/articles/$article")
  if echo "$facts" | grep -q "$forbidden"; then
    echo "FAIL: the default pack produced $name facts"; echo "$facts" | head -5; fail=1
  fi
  return $fail
}
