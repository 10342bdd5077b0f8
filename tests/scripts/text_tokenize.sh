#!/usr/bin/env bash
# quarry tokenize: text and jsonl output, raw spans that point at the right bytes, stdin JSONL,
# HTML input, and a missing file reported on one line with exit code 2.
set -u
BIN="$1"
SRC="$2"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

printf 'AITO\xe2\x80\x99s Performance\r\nAITO delivered **81\xc2\xa0864 NEVs** in November, up 127.93%%.\n' > "$TMP/a.txt"
"$BIN" tokenize --format jsonl "$TMP/a.txt" > "$TMP/a.jsonl" || fail "tokenize jsonl exit $?"
python3 - "$TMP/a.txt" "$TMP/a.jsonl" <<'PY' || exit 1
import json, sys
raw = open(sys.argv[1], 'rb').read()
toks = [json.loads(l) for l in open(sys.argv[2])]
assert all(set(['doc', 'text', 'kind', 'span']) <= set(t) for t in toks), 'missing fields'
by_text = {t['text']: t for t in toks}
def raw_of(t):
    b, e = by_text[t]['span']
    return raw[b:e]
assert raw_of('81,864') == b'81\xc2\xa0864', raw_of('81,864')
assert by_text['81,864']['kind'] == 'number'
assert by_text['127.93%']['kind'] == 'percent'
assert raw_of("'s") == b'\xe2\x80\x99s'
assert raw_of('November') == b'November'
assert 'heading' in by_text['Performance']['flags']
assert 'paragraph_start' in by_text['AITO']['flags']
assert by_text['NEVs']['sentence'] == 1
PY
[ $? -eq 0 ] || fail "jsonl content"

"$BIN" tokenize "$TMP/a.txt" > "$TMP/a.out" || fail "tokenize text exit $?"
grep -q "paragraph 0 (heading)" "$TMP/a.out" || fail "text format: heading paragraph"
grep -q "81,864 *number *dd,ddd *\[" "$TMP/a.out" || fail "text format: number token"

echo '{"id":"d1","text":"BYD sold 300,000 EVs."}' | "$BIN" tokenize --format jsonl - > "$TMP/b.jsonl" || fail "stdin exit"
grep -q '"doc":"d1","text":"300,000","kind":"number","span":\[9,16\]' "$TMP/b.jsonl" || fail "stdin jsonl: $(cat "$TMP/b.jsonl")"

printf '<html><body><nav>Menu</nav><p>Sales &amp; deliveries: 1,234</p><script>x=1</script></body></html>' > "$TMP/c.html"
"$BIN" tokenize --format jsonl "$TMP/c.html" > "$TMP/c.jsonl" || fail "html exit"
grep -q '"text":"Menu"' "$TMP/c.jsonl" && fail "nav text kept"
grep -q '"text":"&","kind":"punct","span":\[36,41\]' "$TMP/c.jsonl" || fail "entity span: $(cat "$TMP/c.jsonl")"

"$BIN" tokenize "$TMP/missing.txt" > "$TMP/m.out" 2> "$TMP/m.err"
rc=$?
[ $rc -eq 2 ] || fail "missing file exit $rc"
[ "$(wc -l < "$TMP/m.err")" -eq 1 ] || fail "missing file message not one line"
grep -q "missing.txt" "$TMP/m.err" || fail "message does not name the file"
echo "ok"
