#!/usr/bin/env bash
# Fault test: a database that is not quarry's. `extract` and `load` given another program's SQLite
# database (or a file that is not SQLite at all) refuse it with exit 2 and one line naming it,
# before anything touches it: the file's bytes are unchanged (no WAL switch, no tables or views
# added) and no -wal or -shm file appears. An empty file or a new path is still a new database.
#   bash tests/scripts/fault_foreign_db.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

printf '%s\n' '{"id":"a","published":"2025-12-02","text":"Leapmotor delivered 70,327 vehicles in November 2025."}' >"$work/a.jsonl"
"$bin" -q extract --format jsonl "$work/a.jsonl" >"$work/facts.jsonl" 2>"$work/err0" || { cat "$work/err0" >&2; echo "FAIL: setup failed"; exit 1; }
[[ -s $work/facts.jsonl ]] || { echo "FAIL: setup extracted no facts"; exit 1; }

sqlite3 "$work/users.db" 'CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users(name) VALUES ("ann");'
sqlite3 "$work/wal.db" 'PRAGMA journal_mode=WAL; CREATE TABLE notes(body TEXT); PRAGMA user_version=7;' >/dev/null
sqlite3 "$work/docs.db" 'CREATE TABLE documents(id INTEGER PRIMARY KEY, path TEXT);'  # a namesake table
printf 'just some text, not a database\n%.0s' {1..200} >"$work/notes.txt"

refused() {  # command, db
  local cmd=$1 db=$2 input
  [[ $cmd == extract ]] && input=$work/a.jsonl || input=$work/facts.jsonl
  local before; before=$(sha256sum "$db" | cut -d' ' -f1)
  timeout 60 "$bin" -q "$cmd" --db "$db" "$input" >/dev/null 2>"$work/err"
  local rc=$?
  echo "$cmd --db $(basename "$db"): exit $rc: $(cat "$work/err")"
  ((rc == 2)) || fail "$cmd --db $(basename "$db") exited $rc (want 2)"
  (($(grep -c . "$work/err") == 1)) || fail "$cmd --db $(basename "$db"): want one line of error"
  grep -qF "$db" "$work/err" || fail "$cmd --db $(basename "$db"): the message does not name the file"
  grep -qiE 'not a quarry database|not a SQLite database|not a database' "$work/err" || fail "$cmd --db $(basename "$db"): the message does not say why"
  [[ $(sha256sum "$db" | cut -d' ' -f1) == "$before" ]] || fail "$cmd changed $(basename "$db")"
  [[ -e $db-wal && $(basename "$db") != wal.db ]] && fail "$cmd created $(basename "$db")-wal"
  [[ -e $db-shm && $(basename "$db") != wal.db ]] && fail "$cmd created $(basename "$db")-shm"
  return 0
}
for cmd in extract load; do
  for db in users.db wal.db docs.db notes.txt; do refused "$cmd" "$work/$db"; done
done
[[ $(sqlite3 "$work/users.db" 'PRAGMA journal_mode; SELECT group_concat(name) FROM sqlite_master;') == $'delete\nusers' ]] \
  || fail "users.db was changed: $(sqlite3 "$work/users.db" 'PRAGMA journal_mode; SELECT group_concat(name) FROM sqlite_master;')"

# New and empty files are new databases; a quarry database is used as before.
: >"$work/empty.db"
for db in empty.db new.db; do
  "$bin" -q extract --db "$work/$db" "$work/a.jsonl" >/dev/null 2>"$work/err" || fail "extract into $db exited $?: $(cat "$work/err")"
done
"$bin" -q load --db "$work/new.db" "$work/facts.jsonl" >/dev/null 2>"$work/err" || fail "load into a quarry database exited $?: $(cat "$work/err")"
n=$(sqlite3 "$work/new.db" 'SELECT count(*) FROM facts')
((n >= 1)) || fail "no facts in new.db"
exit $status
