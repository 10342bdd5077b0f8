#!/usr/bin/env bash
# Fault test: a read-only database. `extract` into it fails with a clear one-line error (exit 2),
# never a signal, and leaves the file unchanged; `query --immutable` on it still reads.
# Read-only by a tmpfs remounted ro when this user may mount (root ignores file modes), else by
# file mode for a non-root user.
#   bash tests/scripts/fault_readonly_db.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d); mnt=$work/mnt; mkdir -p "$mnt"
mounted=0
cleanup() { ((mounted)) && umount "$mnt" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

printf '%s\n' '{"id":"a","published":"2025-12-02","text":"Leapmotor delivered 70,327 vehicles in November 2025."}' >"$work/a.jsonl"
printf '%s\n' '{"id":"b","published":"2025-12-02","text":"AITO delivered 81,864 vehicles in November 2025."}' >"$work/b.jsonl"

if mount -t tmpfs -o size=16m tmpfs "$mnt" 2>/dev/null; then
  mounted=1
elif ((EUID == 0)); then
  echo "SKIP: root without mount: file modes do not bind root"; exit 0
fi
db=$mnt/quarry.db
"$bin" extract --db "$db" "$work/a.jsonl" >/dev/null 2>"$work/err0" || { cat "$work/err0" >&2; fail "setup extract failed"; }
# Checkpoint so that the whole database is in the main file (a WAL cannot be replayed read-only).
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
if ((mounted)); then mount -o remount,ro "$mnt" || fail "cannot remount read-only"; else chmod a-w "$db" "$mnt"; fi
before=$(sha256sum "$db" | cut -d' ' -f1)

"$bin" extract --db "$db" "$work/b.jsonl" >"$work/out" 2>"$work/err"
rc=$?
echo "extract into read-only db: exit $rc; stderr:"; cat "$work/err"
((rc < 128)) || fail "killed by signal $((rc - 128))"
((rc == 2)) || fail "expected exit 2, got $rc"
grep -qiE 'read-only|readonly|read only|permission|cannot write|not writable' "$work/err" || fail "message does not say the database is read-only"
grep -q "quarry.db" "$work/err" || fail "message does not name the database file"
(($(grep -c . "$work/err") <= 3)) || fail "more than 3 lines of error output"
after=$(sha256sum "$db" | cut -d' ' -f1)
[[ $before == "$after" ]] || fail "the read-only database changed"

# Reading: without --immutable a reader never guesses that nothing writes to the file (it would
# ignore locks and the WAL): when the WAL's shared memory cannot be created it says so, names the
# file and the flag. With --immutable it reads.
out=$("$bin" query --db "$db" "SELECT count(*) AS n FROM documents" 2>"$work/qerr")
rc=$?
echo "query without --immutable: exit $rc: $(cat "$work/qerr")"
if ((rc != 0)); then
  ((rc == 2)) || fail "query on read-only media exited $rc (want 0 or 2)"
  grep -q -- '--immutable' "$work/qerr" || fail "the error does not point to --immutable"
  grep -q "quarry.db" "$work/qerr" || fail "the error does not name the database file"
else
  grep -q 1 <<<"$out" || fail "query on a read-only database did not see the stored document: $out"
fi
out=$("$bin" query --db "$db" --immutable "SELECT count(*) AS n FROM documents" 2>"$work/qerr")
rc=$?
((rc == 0)) || { cat "$work/qerr" >&2; fail "query --immutable on a read-only database exited $rc"; }
grep -q 1 <<<"$out" || fail "query --immutable did not see the stored document: $out"
echo "ok: refused cleanly, unchanged, still readable"
