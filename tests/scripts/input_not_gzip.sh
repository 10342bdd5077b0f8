#!/usr/bin/env bash
# Input test: a file named .gz whose data is not gzip (zstd, bzip2, xz, or plain bytes) is one
# clear error naming it ("not gzip"), counted once, not thousands of "invalid JSON" lines.
#   bash tests/scripts/input_not_gzip.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

python3 - "$work/docs.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        f.write(json.dumps({"id": f"d{i}", "published": "2025-12-02", "text": f"NIO delivered {i + 1000:,} vehicles in November 2025."}) + "\n")
PY
printf '%s\n' '{"id":"ok","published":"2025-12-02","text":"Leapmotor delivered 70,327 vehicles in November 2025."}' >"$work/ok.jsonl"
made=()
if command -v zstd >/dev/null; then zstd -q -c "$work/docs.jsonl" >"$work/docs.jsonl.gz" && made+=(zstd); fi
if command -v xz >/dev/null; then xz -c "$work/docs.jsonl" >"$work/xz.jsonl.gz" && made+=(xz); fi
if command -v bzip2 >/dev/null; then bzip2 -c "$work/docs.jsonl" >"$work/bz.jsonl.gz" && made+=(bzip2); fi
((${#made[@]})) || { echo "SKIP: no zstd, xz or bzip2"; exit 0; }
for kind in "${made[@]}"; do
  case $kind in zstd) f=$work/docs.jsonl.gz;; xz) f=$work/xz.jsonl.gz;; bzip2) f=$work/bz.jsonl.gz;; esac
  rm -f "$work/q.db"*
  timeout 60 "$bin" -q extract --db "$work/q.db" "$f" "$work/ok.jsonl" >/dev/null 2>"$work/err"
  rc=$?
  echo "$kind data named .gz: exit $rc; stderr:"; head -5 "$work/err"
  ((rc == 2)) || fail "$kind: exit $rc (want 2)"
  lines=$(grep -vc '^quarry extract: ' "$work/err")
  ((lines == 1)) || fail "$kind: $lines error lines (want 1)"
  grep -q "$(basename "$f")" "$work/err" || fail "$kind: the message does not name the file"
  grep -qi 'not gzip' "$work/err" || fail "$kind: the message does not say \"not gzip\""
  grep -qi "$kind" "$work/err" || fail "$kind: the message does not say what the data is"
  n=$(sqlite3 "$work/q.db" 'SELECT count(*) FROM documents')
  ((n == 1)) || fail "$kind: the readable input was not extracted ($n documents)"
done
exit $status
