#!/usr/bin/env bash
# Fault test: the disk fills up during `quarry extract`. Expect a clear one-line error and exit 2
# (never a signal or a hang), a database that passes PRAGMA integrity_check, and a resumable run:
# with space again, the same command completes and every document is stored exactly once.
# Uses a small tmpfs when this user may mount one (root in CI), else `ulimit -f`.
#   bash tests/scripts/fault_disk_full.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d); mnt=$work/mnt; mkdir -p "$mnt"
mounted=0
cleanup() { ((mounted)) && umount "$mnt" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 400 documents with facts: far more than the 512 KB file system holds (about 25 fit).
python3 - "$work/docs.jsonl" <<'PY'
import json, sys
brands = ["Leapmotor", "AITO", "NIO", "XPeng", "BYD", "Li Auto"]
months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
with open(sys.argv[1], "w") as f:
    for i in range(400):
        b, m = brands[i % len(brands)], months[i % 12]
        text = (f"{b} delivered {10000 + i * 7:,} vehicles in {m} 2025, up {i % 90 + 1}.{i % 10}% year-on-year. "
                f"Report number {i} of the archive, with some filler text to give the row some weight. " * 3)
        f.write(json.dumps({"id": f"doc-{i}", "url": f"https://example.com/{i}", "published": "2025-12-02", "text": text}) + "\n")
PY

db=$mnt/quarry.db
if mount -t tmpfs -o size=512k tmpfs "$mnt" 2>/dev/null; then
  mounted=1
  "$bin" extract --db "$db" "$work/docs.jsonl" >"$work/out" 2>"$work/err"
  rc=$?
else
  echo "note: cannot mount tmpfs, using ulimit -f" >&2
  (ulimit -f 512; exec "$bin" extract --db "$db" "$work/docs.jsonl") >"$work/out" 2>"$work/err"
  rc=$?
fi
echo "full disk: exit $rc; stderr:"; head -c 2000 "$work/err"; echo
((rc < 128)) || fail "killed by signal $((rc - 128)) when the disk filled"
((rc == 2)) || fail "expected exit 2 on a full disk, got $rc"
grep -qiE 'full|space|quota|too large|SQLITE_FULL|disk' "$work/err" || fail "the message does not say the disk is full"
grep -qE 'AddressSanitizer|runtime error|terminate called' "$work/err" && fail "sanitizer report or uncaught exception"
(($(grep -c . "$work/err") <= 5)) || fail "more than 5 lines of error output"

# The database is intact (integrity_check needs a little room for its temp files: none on disk).
check=$(sqlite3 "$db" "PRAGMA integrity_check;" 2>&1)
[[ $check == ok ]] || fail "integrity_check after disk full: $check"
stored=$(sqlite3 "$db" "SELECT count(*) FROM documents;" 2>&1)
echo "stored before the disk filled: $stored documents"
# The summary counts as new only what was committed: a batch rolled back by the full disk is not.
summary_new=$(grep -oE '[0-9]+ documents \([0-9]+ new' "$work/err" | grep -oE '\([0-9]+' | tr -d '(')
[[ $summary_new == "$stored" ]] || fail "the summary says ${summary_new:-?} new documents, but $stored were stored"

# Resume with space: the same command completes, each document exactly once.
if ((mounted)); then
  mount -o remount,size=256m "$mnt" || fail "cannot grow the tmpfs"
  "$bin" extract --db "$db" "$work/docs.jsonl" >"$work/out2" 2>"$work/err2"
else
  "$bin" extract --db "$db" "$work/docs.jsonl" >"$work/out2" 2>"$work/err2"
fi
rc=$?
((rc == 0)) || { cat "$work/err2" >&2; fail "resume after freeing space exited $rc"; }
check=$(sqlite3 "$db" "PRAGMA integrity_check;")
[[ $check == ok ]] || fail "integrity_check after resume: $check"
n=$(sqlite3 "$db" "SELECT count(*) FROM documents;")
distinct=$(sqlite3 "$db" "SELECT count(DISTINCT id) FROM documents;")
((n == 400 && distinct == 400)) || fail "after resume: $n documents ($distinct distinct), expected 400 once each"
facts=$(sqlite3 "$db" "SELECT count(*) FROM facts;")
((facts > 0)) || fail "no facts stored after resume"
echo "resumed: $n documents, $facts facts, integrity ok"
