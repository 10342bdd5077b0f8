#!/usr/bin/env bash
# A grammar folder whose two rule files hold five different errors: `quarry grammar check` must
# report all five at the right file:line:col and exit 2; a clean folder exits 0 with a summary.
set -u
QUARRY="$1"
SRC="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/g/sub"
cp -r "$SRC/grammars/gazetteer" "$tmp/g/" 2>/dev/null || mkdir -p "$tmp/g/gazetteer"
cp -r "$SRC/grammars/lexicon" "$tmp/g/"
cat > "$tmp/g/a.rules" <<'RULES'
# five mistakes, two files
rule a.one
  set type=deliveries
  match "delivered" _{0,80} <quantity>
end

rule a.two
  set type=deliveries
  match /deliver(ed/
end
RULES
cat > "$tmp/g/sub/b.rules" <<'RULES'
include "../../outside.rules"
rule b.three
  set type=deliveries colour=red
  match <quantity kolor=1>
end
rule b.four
  set type=deliveries
  match "sold" $NOPE
end
RULES
out=$("$QUARRY" grammar check "$tmp/g" 2>&1)
rc=$?
fail=0
[ "$rc" -eq 2 ] || { echo "expected exit 2, got $rc"; fail=1; }
for want in \
  "a.rules:4:22: repetition bound 80 exceeds the limit of 50" \
  "a.rules:9:9: bad regex /deliver(ed/: missing ): deliver(ed" \
  "sub/b.rules:1:1: include \"../../outside.rules\" leaves the grammar folder" \
  "sub/b.rules:3:23: unknown slot 'colour' in set" \
  "sub/b.rules:4:19: unknown key 'kolor' for <quantity>" \
  "sub/b.rules:8:16: unknown macro \$NOPE"; do
  grep -qF -- "$want" <<<"$out" || { echo "missing: $want"; fail=1; }
done
# Exactly these six error lines (five kinds of mistake plus the include), nothing invented.
n=$(grep -c ': [0-9]*:[0-9]*: \|\.rules:[0-9]*:[0-9]*: ' <<<"$out")
[ "$n" -eq 6 ] || { echo "expected 6 error lines, got $n"; fail=1; }
# A clean folder: exit 0 and a one-line summary.
rm "$tmp/g/a.rules" "$tmp/g/sub/b.rules"
printf 'rule ok.one\n  set type=deliveries\n  match "delivered" <quantity>\n  example "AITO delivered 5 cars." => value=5\nend\n' > "$tmp/g/ok.rules"
out2=$("$QUARRY" grammar check "$tmp/g" 2>&1)
rc2=$?
[ "$rc2" -eq 0 ] || { echo "clean folder: expected exit 0, got $rc2: $out2"; fail=1; }
grep -q "1 rule files, 1 rules, 1 stage" <<<"$out2" || { echo "no summary: $out2"; fail=1; }
[ "$fail" -eq 0 ] || { echo "--- output:"; echo "$out"; }
exit $fail
