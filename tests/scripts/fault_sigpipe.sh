#!/usr/bin/env bash
# Fault test: output cut short by a closed pipe (`quarry facts | head -1`). quarry must exit
# quietly: no message on stderr, exit 0 or death by SIGPIPE (141), never an error message, an
# exception or a hang, for every command that streams many lines.
#   bash tests/scripts/fault_sigpipe.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

python3 - "$work/docs.jsonl" "$work/big.txt" <<'PY'
import json, sys
brands = ["Leapmotor", "AITO", "NIO", "XPeng", "BYD"]
with open(sys.argv[1], "w") as f:
    for i in range(2000):
        t = " ".join(f"{brands[(i + k) % 5]} delivered {10000 + i * 13 + k:,} vehicles in November 2025." for k in range(5))
        f.write(json.dumps({"id": f"d{i}", "published": "2025-12-02", "text": t}) + "\n")
with open(sys.argv[2], "w") as f:
    for i in range(20000):
        f.write(f"Line {i}: NIO delivered {i:,} vehicles, up {i % 50}.5% year-on-year.\n")
PY
db=$work/quarry.db
"$bin" extract --db "$db" "$work/docs.jsonl" >/dev/null 2>"$work/err0" || { cat "$work/err0" >&2; echo "FAIL: setup extract failed"; exit 1; }

check() {  # name, command...
  local name=$1; shift
  timeout 120 "$@" 2>"$work/err" | head -1 >"$work/first"
  local rc=${PIPESTATUS[0]}
  echo "$name | head -1: exit $rc, first line: $(head -c 120 "$work/first")"
  ((rc == 124)) && { fail "$name hung after the pipe closed"; return; }
  ((rc == 0 || rc == 141)) || fail "$name exited $rc after the pipe closed (want 0 or SIGPIPE)"
  # Quiet: no error message. extract's end-of-run summary (issue 7: "a summary in every case")
  # is the one line allowed.
  grep -v '^quarry extract: [0-9]* documents' "$work/err" >"$work/err.other"
  [[ -s $work/err.other ]] && fail "$name printed on stderr: $(head -c 300 "$work/err.other")"
  [[ -s $work/first ]] || fail "$name printed nothing before the pipe closed"
}
check "facts" "$bin" facts --db "$db"
check "facts --format jsonl" "$bin" facts --db "$db" --format jsonl
check "query" "$bin" query --db "$db" "SELECT * FROM facts_v"
check "extract --format jsonl" "$bin" --quiet extract --format jsonl "$work/docs.jsonl"
check "tokenize" "$bin" tokenize --format jsonl "$work/big.txt"
exit $status
