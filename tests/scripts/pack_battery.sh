#!/bin/bash
# The battery pack (grammars/packs/battery, a second industry from data alone): its rules' examples
# pass, `quarry eval` on corpus/battery reaches micro F1 >= 0.85 (measured 0.879 once eval compares scope: cross-sentence scopes are not read), and the auto pack (grammars/)
# does not load it: the same rules with or without the battery folder, and no battery fact from a
# battery article with the default pack. Args: QUARRY_BIN SOURCE_DIR.
set -u
bin=$1; src=$2
pack=$src/grammars/packs/battery
fail=0

if ! "$bin" --grammars "$pack" grammar test "$pack"; then echo "FAIL: grammar test of the battery pack"; fail=1; fi

out=$("$bin" --grammars "$pack" eval "$src/corpus/battery/articles" --gold "$src/corpus/battery/gold" --min-f1 0.85)
rc=$?
echo "$out" | tail -12
if [ $rc -ne 0 ]; then echo "FAIL: battery eval under micro F1 0.85 (exit $rc)"; fail=1; fi
# A broken eval that scores nothing must not pass: the gold has these types in every run.
n=$(echo "$out" | grep -c "^  \(installations\|cumulative\|market_share\|yoy_pct\) ")
if [ "$n" -lt 4 ]; then echo "FAIL: battery types missing from the eval report"; fail=1; fi

# The auto pack skips the subfolder (it has a pack.schema of its own): its summary line (rule
# files, rules, examples) is the same as that of a copy of grammars/ without packs/battery/ (the
# copy must really lack it: a path that names nothing would compare two identical trees).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src/grammars" "$tmp/g"
if [ ! -f "$tmp/g/packs/battery/pack.schema" ]; then echo "FAIL: no packs/battery in the copy"; fail=1; fi
rm -rf "$tmp/g/packs/battery"
summary() { "$bin" grammar check "$1" | sed 's/, version .*//; s/^[^:]*: //'; }
with=$(summary "$src/grammars"); without=$(summary "$tmp/g")
echo "auto pack with battery/: $with"
if [ -z "$with" ] || [ "$with" != "$without" ]; then
  echo "FAIL: the auto pack loads battery/ ($with vs $without)"; fail=1
fi
facts=$("$bin" --grammars "$src/grammars" extract --format jsonl "$src/corpus/battery/articles/01-cabia-october-en.txt")
if echo "$facts" | grep -q '"type":"\(installations\|cumulative\)"\|"unit":"gwh"'; then
  echo "FAIL: the default pack produced battery facts"; echo "$facts" | head -5; fail=1
fi
exit $fail
