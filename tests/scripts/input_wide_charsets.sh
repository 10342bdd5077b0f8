#!/usr/bin/env bash
# input_wide_charsets: a .txt article in UTF-16 without a BOM (LE and BE) or in UTF-32 (with and
# without a BOM) gives the same facts as the same article in UTF-8, with spans in its own raw
# bytes. Before, ASCII text in these encodings passed as UTF-8 (NUL bytes are valid UTF-8) and
# was stored as done with 0 facts and no warning (Note [UTF-16 and UTF-32 without a BOM]).
set -euo pipefail
QUARRY=$(realpath "$1"); SRC=$(realpath "$2")
G=(--grammars "$SRC/grammars")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }
mkdir in
python3 - <<'PY'
text = ("Leapmotor delivered 70,327 vehicles in November, up 75% year-on-year.\n"
        "NIO delivered 36,275 vehicles in November \u2014 a new record.\n")
open("in/utf8.txt", "w", encoding="utf-8").write(text)
open("in/utf16le.txt", "wb").write(text.encode("utf-16-le"))
open("in/utf16be.txt", "wb").write(text.encode("utf-16-be"))
open("in/utf32le.txt", "wb").write(text.encode("utf-32-le"))
open("in/utf32be.txt", "wb").write(text.encode("utf-32-be"))
open("in/utf32bom.txt", "wb").write(text.encode("utf-32"))  # BOM FF FE 00 00 (little-endian)
PY
rc=0
"$QUARRY" "${G[@]}" --quiet extract --db w.db --published 2025-12-02 in 2> err.txt || rc=$?
((rc == 0)) || { cat err.txt; fail "extract exited $rc"; }
cat err.txt
want=$(sqlite3 w.db "select group_concat(type || ' ' || subject || ' ' || value, '; ') from (select f.type, f.subject, f.value from facts f join documents d on d.id = f.document_id where d.doc_id like '%/utf8.txt' order by 1, 2, 3)")
[[ -n $want && $want == *"70327"* ]] || fail "the UTF-8 article gave no facts: [$want]"
for enc in utf16le utf16be utf32le utf32be utf32bom; do
  got=$(sqlite3 w.db "select group_concat(type || ' ' || subject || ' ' || value, '; ') from (select f.type, f.subject, f.value from facts f join documents d on d.id = f.document_id where d.doc_id like '%/$enc.txt' order by 1, 2, 3)")
  [[ $got == "$want" ]] || fail "$enc: facts [$got], want [$want]"
  # The span indexes the raw (wide) bytes: 70,327 starts at character 20.
  case $enc in utf16*) unit=2 ;; utf32bom) unit=4 ;; *) unit=4 ;; esac
  off=0; [[ $enc == utf32bom ]] && off=4
  span=$(sqlite3 w.db "select f.span_begin from facts f join documents d on d.id = f.document_id where d.doc_id like '%/$enc.txt' and f.value = '70327'")
  [[ $span == $((off + 20 * unit)) ]] || fail "$enc: span begins at $span, want $((off + 20 * unit))"
done
echo "ok: UTF-16 without a BOM and UTF-32 give the UTF-8 article's facts"
