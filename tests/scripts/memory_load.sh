#!/usr/bin/env bash
# memory_load (issue 17, memory budget): `load` holds one document's facts at a time, and the
# doc ids it has loaded (its check that a document's facts are contiguous) go to a TEMP table
# whose pages spill to a temporary file (Store::MarkLoaded), so its peak memory does not grow with
# the documents loaded. 2,000 and then 20,000 documents of one fact each, with ids of about 1 KB
# (URLs can be long), are loaded into new databases; the larger run's peak RSS must stay within
# 1.25x the smaller's plus 8 MB. The store's page cache (16 MB) is nearly full at either size.
# Before, the ids were kept in a set in memory: 25 MB and 49 MB (71 MB at 40,000); now 25 and
# 29 MB (29 MB at 40,000). A document whose facts come back later in the input is still one
# error naming the file and line. Under AddressSanitizer the sizes are 1,000 and 10,000.
#   bash tests/scripts/memory_load.sh QUARRY_BIN SOURCE_DIR
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$SRC/tests/scripts/lib/memory.sh"
memory_init "$QUARRY"
n=2000
if ((MEM_ASAN)); then
  n=1000
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
fi
python3 - "$T" "$n" <<'PY'
import json, sys
tmp, n = sys.argv[1], int(sys.argv[2])
for size, count in (("small", n), ("big", n * 10)):
    with open(f"{tmp}/{size}.jsonl", "w") as out:
        for i in range(count):
            out.write(json.dumps({"doc": f"https://news.example.com/{i:07d}/" + "a" * 1000, "type": "deliveries",
                "subject": "Brand01", "object": None, "value": 1000 + i, "unit": "vehicle", "scope": "",
                "period": "2025-11", "approx": "=", "modality": "actual", "qualifiers": [], "span": [8, 17],
                "sentence": [0, 40], "evidence": f"Brand01 delivered {1000 + i} vehicles.",
                "rule": "memory.rules:1 generated"}) + "\n")
PY
small_kb=0
for size in small big; do
  mem_run "$T/out" "$T/err" "$QUARRY" load --db "$T/$size.db" "$T/$size.jsonl"
  ((MEM_RC == 0)) || { tail -3 "$T/err" >&2; mem_fail "load $size: exit $MEM_RC"; }
  [[ $size == small ]] && docs=$n || docs=$((n * 10))
  grep -q "^quarry load: $docs documents (0 replaced), 0 skipped, 0 errors, $docs facts" "$T/err" ||
    { cat "$T/err" >&2; mem_fail "load $size: the summary does not count $docs documents"; }
  [[ $size == small ]] && small_kb=$MEM_KB
done
if ((MEM_ASAN)); then limit=$((small_kb * 3 / 2 + 16384)); else limit=$((small_kb * 5 / 4 + 8192)); fi
echo "load: peak RSS $small_kb kB for $n documents, $MEM_KB kB for $((n * 10)) (limit $limit kB)"
((MEM_KB <= limit)) || mem_fail "load: memory grows with the documents: $MEM_KB kB for $((n * 10)), $small_kb kB for $n"

# The contiguity check still sees a document met again after others, at any distance.
head -1 "$T/small.jsonl" >"$T/again.jsonl"
cat "$T/small.jsonl" "$T/again.jsonl" >"$T/split.jsonl"
set +e
"$QUARRY" load --db "$T/split.db" "$T/split.jsonl" >/dev/null 2>"$T/err"
rc=$?
set -e
((rc == 2)) || { cat "$T/err" >&2; mem_fail "load of a split document: exit $rc, want 2"; }
grep -q "^quarry: $T/split.jsonl:$((n + 1)): facts of document \"https://news.example.com/0000000/a*\" are not contiguous" "$T/err" ||
  { cat "$T/err" >&2; mem_fail "load of a split document: no error naming the file and line $((n + 1))"; }
echo ok
