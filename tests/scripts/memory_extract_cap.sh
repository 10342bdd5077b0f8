#!/usr/bin/env bash
# memory_extract_cap (issue 17, row 3): the default document cap fits a worker's memory budget.
# Extraction takes up to about 110 MB per MB of document (text that is nothing but figures;
# prose 33-46), so a 63 MB document under the old 64 MB default took 2.9 GB; the default is
# now 8 MB (781 MB measured for 8 MB of figures: docs/reliability.md, Note [Memory budget] in
# extractor/input/reader.cc). A 9 MB text file and a 9 MB JSONL document are each one error
# naming the file (and line) and the cap, counted and skipped, read without being extracted;
# the small document after them is extracted, and the run exits 2. Before, both were extracted
# (about 330 MB each, and a minute of CPU).
# Under AddressSanitizer the memory bound is not checked (shadow memory and quarantine inflate
# RSS several times); the errors and the rest of the batch still are.
#   bash tests/scripts/memory_extract_cap.sh QUARRY_BIN SOURCE_DIR
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$SRC/tests/scripts/lib/memory.sh"
memory_init "$QUARRY"
python3 - "$T" <<'PY'
import json, sys
tmp = sys.argv[1]
sentence = "The company said its new model would reach more buyers across several markets this year. "
big = (sentence * (9 * 1024 * 1024 // len(sentence) + 1))[: 9 * 1024 * 1024]
open(f"{tmp}/a-big.txt", "w").write(big)
with open(f"{tmp}/b-docs.jsonl", "w") as f:
    f.write(json.dumps({"id": "big", "text": big + " x"}) + "\n")
    f.write(json.dumps({"id": "small", "text": "Leapmotor delivered 70,327 vehicles in November 2025."}) + "\n")
PY
G=(--grammars "$SRC/grammars" extract --jobs 1 --format jsonl --published 2025-12-02)
mem_run "$T/out" "$T/err" "$QUARRY" "${G[@]}" "$T/a-big.txt" "$T/b-docs.jsonl"
cat "$T/err"
((MEM_RC == 2)) || mem_fail "exit $MEM_RC with documents over the cap (want 2)"
grep -q "a-big.txt: document larger than the cap of 8388608 bytes, skipped" "$T/err" ||
  mem_fail "no error naming the text file and the cap"
grep -q "b-docs.jsonl:1: document larger than the cap of 8388608 bytes, skipped" "$T/err" ||
  mem_fail "no error naming the JSONL file, line 1 and the cap"
grep -q "2 errors" "$T/err" || mem_fail "the two documents over the cap are not counted as two errors"
grep -q '"doc":"small"' "$T/out" || mem_fail "the document after them was not extracted"
echo "peak RSS: $MEM_KB kB"
if ((MEM_ASAN)); then
  echo "sanitizer build: memory bound not checked"
else
  ((MEM_KB <= 100000)) || mem_fail "peak RSS $MEM_KB kB: a document over the cap was extracted or held"
fi
echo ok
