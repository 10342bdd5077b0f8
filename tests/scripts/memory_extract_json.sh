#!/usr/bin/env bash
# memory_extract_json (issue 17, row 3): JSONL documents are read without a JSON tree (Note
# [JSONL documents without a tree] in extractor/input/reader.cc). A 2-million-deep array in a
# field extract ignores (4 MB; 20 million deep took 1.6 GB) is one error naming the file, line
# and the nesting cap of 1000 levels, and the next line's document is extracted; a million
# numbers in an ignored field (a wide value, 7 MB) cost nothing and the document is extracted;
# nesting just under the cap is accepted. Peak RSS stays within 32 MB of a one-line run's.
# Before, both lines were parsed into a tree: 170 MB for the deep one.
# Under AddressSanitizer the memory bound is not checked (shadow memory and quarantine inflate
# RSS several times); the errors and documents still are.
#   bash tests/scripts/memory_extract_json.sh QUARRY_BIN SOURCE_DIR
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$SRC/tests/scripts/lib/memory.sh"
memory_init "$QUARRY"
python3 - "$T" <<'PY'
import json, sys
tmp = sys.argv[1]
def doc(i, extra):  # each document its own text: the same text twice is stored once
    text = "Leapmotor delivered 70,32%d vehicles in November 2025." % i
    return '{"id":"d%d","published":"2025-12-02","text":%s,"x":%s}\n' % (i, json.dumps(text), extra)
with open(f"{tmp}/one.jsonl", "w") as f:
    f.write(doc(0, "1"))
d = 2000000
with open(f"{tmp}/docs.jsonl", "w") as f:
    f.write(doc(1, "[" * d + "]" * d))                       # line 1: too deep
    f.write(doc(2, "1"))                                     # line 2
    f.write(doc(3, json.dumps(list(range(1000000)))))        # line 3: wide
    f.write(doc(4, "[" * 999 + "]" * 999))                   # line 4: 1000 levels with the object
PY
G=(--grammars "$SRC/grammars" extract --jobs 1 --format jsonl --published 2025-12-02)
mem_run "$T/one.out" "$T/one.err" "$QUARRY" "${G[@]}" "$T/one.jsonl"
((MEM_RC == 0)) || { cat "$T/one.err" >&2; mem_fail "extract of one line exited $MEM_RC"; }
base_kb=$MEM_KB
mem_run "$T/out" "$T/err" "$QUARRY" "${G[@]}" "$T/docs.jsonl"
cat "$T/err"
((MEM_RC == 2)) || mem_fail "exit $MEM_RC with a too-deep line (want 2)"
grep -q "docs.jsonl:1: JSON nested deeper than 1000 levels, line skipped" "$T/err" ||
  mem_fail "no error naming the file, line 1 and the nesting cap"
grep -q "1 errors" "$T/err" || mem_fail "the deep line is not counted as one error"
for d in d2 d3 d4; do
  grep -q "\"doc\":\"$d\"" "$T/out" || mem_fail "document $d was not extracted"
done
grep -q '"doc":"d1"' "$T/out" && mem_fail "the too-deep line was extracted"
echo "peak RSS: $base_kb kB for one line, $MEM_KB kB with the deep and wide lines"
if ((MEM_ASAN)); then
  echo "sanitizer build: memory bound not checked"
else
  ((MEM_KB <= base_kb + 32768)) || mem_fail "the deep and wide lines took $MEM_KB kB (base $base_kb kB)"
fi
echo ok
