#!/usr/bin/env bash
# memory_documents (issue 17, memory budget): the commands that look at documents one by one
# (`tokenize`, `annotate`, `explain`) read them as they go, one document in memory at a time,
# so their peak memory does not grow with the number of documents in the input (extract
# streams its input too; memory_extract_* test its per-document budget). A JSONL file of 1,000
# documents of one sentence and a 2 KB URL each and one of 10,000: the larger run's peak RSS must
# stay within 1.25x the smaller's plus 8 MB. Before, every document of the file was read first:
# tokenize 12 and 33 MB, annotate 20 and 39 MB, explain 20 and 39 MB; now 10, 19 and 19 MB at
# either size. Under AddressSanitizer the sizes are 300 and 3,000 documents.
#   bash tests/scripts/memory_documents.sh QUARRY_BIN SOURCE_DIR
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$SRC/tests/scripts/lib/memory.sh"
memory_init "$QUARRY"
n=1000
if ((MEM_ASAN)); then
  n=300
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
fi
export QUARRY_GRAMMARS=$SRC/grammars
python3 - "$T" "$n" <<'PY'
import json, sys
tmp, n = sys.argv[1], int(sys.argv[2])
for size, count in (("small", n), ("big", n * 10)):
    with open(f"{tmp}/{size}.jsonl", "w") as out:
        for i in range(count):
            # A long URL (2 KB, as tracking parameters make them) is kept with the document and
            # costs no processing, so the test is quick where reading everything first is not.
            url = f"https://news.example.com/{i}?ref=" + "r" * 2000
            text = f"Brand{i % 8 + 1:02d} delivered {1000 + i:,} vehicles in November, up {i % 40 + 3}% year-on-year."
            out.write(json.dumps({"id": f"doc-{i}", "url": url, "published": "2025-12-02", "text": text}) + "\n")
PY
for cmd in tokenize annotate explain; do
  small_kb=0
  for size in small big; do
    mem_run "$T/out" "$T/err" "$QUARRY" "$cmd" "$T/$size.jsonl"
    ((MEM_RC == 0)) || { tail -3 "$T/err" >&2; mem_fail "$cmd $size: exit $MEM_RC"; }
    [[ $size == small ]] && small_kb=$MEM_KB
  done
  # Every document was handled: the last one's id is in the output.
  grep -q "doc-$((n * 10 - 1))" "$T/out" || mem_fail "$cmd: the last document is missing from the output"
  if ((MEM_ASAN)); then limit=$((small_kb * 3 / 2 + 16384)); else limit=$((small_kb * 5 / 4 + 8192)); fi
  echo "$cmd: peak RSS $small_kb kB for $n documents, $MEM_KB kB for $((n * 10)) (limit $limit kB)"
  ((MEM_KB <= limit)) || mem_fail "$cmd: memory grows with the documents: $MEM_KB kB for $((n * 10)), $small_kb kB for $n"
done
echo ok
