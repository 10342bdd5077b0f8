#!/usr/bin/env bash
# Fault test: the database is held by another writer (the sqlite3 CLI inside BEGIN IMMEDIATE).
# `quarry extract` waits for its busy timeout, then fails with a clear one-line error (exit 2);
# once the other writer is gone the same command succeeds.
#   bash tests/scripts/fault_busy_db.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
holder=
cleanup() { [[ -n $holder ]] && kill "$holder" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

printf '%s\n' '{"id":"a","published":"2025-12-02","text":"Leapmotor delivered 70,327 vehicles in November 2025."}' >"$work/a.jsonl"
printf '%s\n' '{"id":"b","published":"2025-12-02","text":"AITO delivered 81,864 vehicles in November 2025."}' >"$work/b.jsonl"
db=$work/quarry.db
"$bin" extract --db "$db" "$work/a.jsonl" >/dev/null 2>"$work/err0" || { cat "$work/err0" >&2; fail "setup extract failed"; }

# Another writer takes the write lock and keeps it.
mkfifo "$work/ctl"
sqlite3 "$db" <"$work/ctl" >"$work/holder.out" 2>&1 &
holder=$!
exec 3>"$work/ctl"
printf 'PRAGMA busy_timeout=1000;\nBEGIN IMMEDIATE;\n.print locked\n' >&3
for _ in $(seq 100); do grep -q locked "$work/holder.out" && break; sleep 0.1; done
grep -q locked "$work/holder.out" || fail "the sqlite3 writer did not get the lock: $(cat "$work/holder.out")"

start=$(date +%s%N)
timeout 300 "$bin" extract --db "$db" "$work/b.jsonl" >"$work/out" 2>"$work/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000)); elapsed=$((ms / 1000)).$(printf %03d $((ms % 1000)))
echo "extract against a held database: exit $rc after ${elapsed}s; stderr:"; cat "$work/err"
((rc != 124)) || fail "extract hung (killed after 300 s)"
((rc < 128)) || fail "killed by signal $((rc - 128))"
((rc == 2)) || fail "expected exit 2, got $rc"
grep -qiE 'busy|locked' "$work/err" || fail "message does not say the database is busy or locked"
(($(grep -c . "$work/err") <= 3)) || fail "more than 3 lines of error output"
((ms >= 1000)) || fail "gave up after ${elapsed}s without waiting for a busy timeout"

# The other writer commits and leaves; the same command now succeeds.
printf 'COMMIT;\n.quit\n' >&3
exec 3>&-
wait "$holder"; holder=
"$bin" extract --db "$db" "$work/b.jsonl" >/dev/null 2>"$work/err2" || { cat "$work/err2" >&2; fail "extract after the lock was released failed"; }
[[ $(sqlite3 "$db" "PRAGMA integrity_check;") == ok ]] || fail "integrity_check failed"
n=$(sqlite3 "$db" "SELECT count(*) FROM documents;")
((n == 2)) || fail "expected 2 documents, found $n"
echo "ok: waited ${elapsed}s, refused clearly, then succeeded"
