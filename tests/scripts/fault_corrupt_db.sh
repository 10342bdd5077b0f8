#!/usr/bin/env bash
# Fault test: corrupt and foreign files given to `query`, `facts` and `verify` as the database:
# random bytes, a text file, a truncated quarry database, a quarry database with a damaged page,
# and a valid SQLite database of another program. Each is refused with a clear one-line message
# naming the file (exit 2), never a crash, and the file is never modified.
#   bash tests/scripts/fault_corrupt_db.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

# A real quarry database to damage.
python3 - "$work/docs.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(400):
        f.write(json.dumps({"id": f"d{i}", "published": "2025-12-02",
                            "text": f"Leapmotor delivered {70000 + i:,} vehicles in November 2025. " * 20}) + "\n")
PY
good=$work/good.db
"$bin" extract --db "$good" "$work/docs.jsonl" >/dev/null 2>"$work/err0" || { cat "$work/err0" >&2; echo "FAIL: setup extract failed"; exit 1; }
sqlite3 "$good" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
size=$(stat -c %s "$good")

head -c 65536 /dev/urandom >"$work/random.db"
printf 'This is not a database.\nJust text.\n' >"$work/text.db"
head -c $((size / 2)) "$good" >"$work/truncated.db"
cp "$good" "$work/damaged.db"
# Overwrite the middle pages (b-tree pages of documents/facts) with garbage, header kept.
dd if=/dev/urandom of="$work/damaged.db" bs=4096 seek=2 count=$(((size / 4096) - 3)) conv=notrunc status=none
sqlite3 "$work/foreign.db" "CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);"
: >"$work/empty.db"

printf 'subject,type,period,value\nLeapmotor,deliveries,2025-11,70000\n' >"$work/claims.csv"

for f in random text truncated damaged foreign empty; do
  db=$work/$f.db
  before=$(sha256sum "$db" | cut -d' ' -f1)
  for cmd in "query --db $db SELECT_count" "facts --db $db" "verify --db $db $work/claims.csv"; do
    read -r -a args <<<"$cmd"
    [[ ${args[3]:-} == SELECT_count ]] && args[3]="SELECT count(*) FROM facts"
    timeout 60 "$bin" "${args[@]}" >"$work/out" 2>"$work/err"
    rc=$?
    msg=$(head -c 300 "$work/err" | tr '\n' ' ')
    echo "$f.db: quarry ${args[0]}: exit $rc: $msg"
    if ((rc == 124)); then fail "$f.db: ${args[0]} hung"; continue; fi
    ((rc < 128)) || { fail "$f.db: ${args[0]} killed by signal $((rc - 128))"; continue; }
    grep -qE 'AddressSanitizer|runtime error|terminate called|Assertion' "$work/err" && fail "$f.db: ${args[0]}: crash report"
    ((rc == 2)) || fail "$f.db: ${args[0]} exited $rc, expected 2 (refused)"
    grep -q "$f.db" "$work/err" || fail "$f.db: ${args[0]}: message does not name the file"
    (($(grep -c . "$work/err") <= 3)) || fail "$f.db: ${args[0]}: more than 3 lines of error output"
  done
  after=$(sha256sum "$db" 2>/dev/null | cut -d' ' -f1)
  [[ $before == "$after" ]] || fail "$f.db was modified by reading it"
done
# The good database still answers (the test could otherwise pass on a quarry that refuses all).
"$bin" query --db "$good" "SELECT count(*) FROM documents" >"$work/out" 2>"$work/err" || fail "query on the good database failed: $(cat "$work/err")"
grep -q 400 "$work/out" || fail "query on the good database: $(cat "$work/out")"
exit $status
