#!/usr/bin/env bash
# Crash test: a run killed with -9 does not stay `running` forever. The next extract or load on
# the database finds the old run's process gone and marks that run `interrupted`; a run whose
# process is still alive is left `running`.
#   bash tests/scripts/runs_interrupted.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 - "$work/big.jsonl" <<'PY'
import json, sys
brands = ["Leapmotor", "AITO", "NIO", "XPeng", "BYD"]
with open(sys.argv[1], "w") as f:
    for i in range(200000):
        t = " ".join(f"{brands[(i + k) % 5]} delivered {10000 + i * 7 + k:,} vehicles in November 2025." for k in range(4))
        f.write(json.dumps({"id": f"d{i}", "published": "2025-12-02", "text": t}) + "\n")
PY
printf '%s\n' '{"id":"a","published":"2025-12-02","text":"Leapmotor delivered 70,327 vehicles in November 2025."}' >"$work/a.jsonl"
db=$work/quarry.db
"$bin" -q extract --db "$db" "$work/a.jsonl" >/dev/null 2>&1 || fail "setup extract failed"

start_and_wait_running() {  # starts a big extract in the background, waits until its run is recorded
  "$bin" -q extract --db "$db" -j 1 "$work/big.jsonl" >/dev/null 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 200); do
    [[ $(sqlite3 "$db" "SELECT count(*) FROM runs WHERE status = 'running'" 2>/dev/null) -ge 1 ]] && return 0
    sleep 0.05
  done
  fail "the background extract never recorded a running run"
}


start_and_wait_running
live=$pid
# kill -9: the next run marks it interrupted.
kill -9 "$live"; wait "$live" 2>/dev/null
[[ $(sqlite3 "$db" "SELECT count(*) FROM runs WHERE status = 'running'") == 1 ]] || fail "expected the killed run still running before the next run"
"$bin" -q extract --db "$db" "$work/a.jsonl" >/dev/null 2>&1 || fail "extract after the kill failed"
running=$(sqlite3 "$db" "SELECT count(*) FROM runs WHERE status = 'running'")
interrupted=$(sqlite3 "$db" "SELECT count(*) FROM runs WHERE status = 'interrupted' AND finished_at IS NOT NULL")
sqlite3 "$db" "SELECT id, command, status, finished_at FROM runs"
((running == 0)) || fail "$running runs still marked running after the killed one's process is gone"
((interrupted == 1)) || fail "the killed run was not marked interrupted"
[[ $(sqlite3 "$db" "PRAGMA integrity_check") == ok ]] || fail "integrity_check failed"
# A run whose process is alive (this shell, on this host) is left alone.
sqlite3 "$db" "UPDATE runs SET status = 'running', finished_at = NULL, pid = $$, host = '$(hostname)' WHERE id = 1" ||
  fail "runs has no pid or host column"
"$bin" -q extract --db "$db" "$work/a.jsonl" >/dev/null 2>&1 || fail "extract beside a live run failed"
[[ $(sqlite3 "$db" "SELECT status FROM runs WHERE id = 1") == running ]] || fail "a live run was marked interrupted"
echo "ok: a live run stays running, a killed one becomes interrupted"
