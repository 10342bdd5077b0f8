#!/usr/bin/env bash
# migrate_slim_store: a database the previous quarry wrote (schema 5: evidence, rule and grammar
# version text in every fact row, an FTS5 table holding its own copy of each sentence; see
# tests/store/schema5/database.sql) reads the same before and after migration 6 (the slim store):
# facts JSONL equal to what that quarry printed, and every read command (facts, query over the
# views, series, verify, check, report) byte-identical before and after the first writer opens
# it. After it, each sentence is stored once, rule and grammar version are ids, the full-text
# index answers as before, and a run killed before its end leaves sentences that the next `query`
# over sentences_fts indexes first (Note [Indexing sentences] in extractor/store/store.cc).
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 not installed"; exit 0; }
S=$SRC/tests/store/schema5
Q=("$QUARRY" --grammars "$SRC/grammars" -q)

sqlite3 m.db < "$S/database.sql"
[[ $(sqlite3 m.db "PRAGMA user_version") == 5 ]] || fail "the fixture is not at schema 5"
printf 'subject,type,period,value\nNIO,deliveries,2025-11,41250\nBYD,sales,2025-11,480000\nLeapmotor,deliveries,2025-11,71000\n' > claims.csv

# Every read command, into DIR. Readers never migrate: the first call reads schema 5 as it is.
reads() {
  local d=$1 rc
  mkdir -p "$d"
  "${Q[@]}" facts --db m.db --format jsonl > "$d/facts.jsonl"
  "${Q[@]}" facts --db m.db --format table > "$d/facts.table"
  "${Q[@]}" facts --db m.db --format csv --subject NIO > "$d/facts-nio.csv"
  "${Q[@]}" query --db m.db "SELECT * FROM facts_v ORDER BY fact_id" > "$d/query.table"
  "${Q[@]}" query --db m.db --format jsonl "SELECT * FROM facts_v" > "$d/query-unordered.jsonl"
  for v in monthly_v changes_v stakes_v targets_v documents_v; do
    "${Q[@]}" query --db m.db --format csv "SELECT * FROM $v" > "$d/$v.csv"
  done
  "${Q[@]}" query --db m.db --format csv "SELECT rowid, evidence, document_id, sentence_begin, sentence_end
      FROM sentences_fts WHERE sentences_fts MATCH 'vehicles' ORDER BY document_id, sentence_begin" > "$d/fts.csv"
  "${Q[@]}" series --db m.db deliveries > "$d/series.table"
  "${Q[@]}" series --db m.db sales --format jsonl > "$d/series.jsonl"
  rc=0; "${Q[@]}" verify --db m.db --format jsonl claims.csv > "$d/verify.jsonl" || rc=$?
  ((rc == 1)) || fail "verify: exit $rc, want 1 (one claim is contradicted)"
  rc=0; "${Q[@]}" check --db m.db > "$d/check.txt" || rc=$?
  ((rc <= 1)) || fail "check: exit $rc"
  "${Q[@]}" report --db m.db --html "$d/report.html"
}

reads before
cmp "$S/facts.jsonl" before/facts.jsonl || fail "schema 5 read by this quarry differs from what the previous quarry printed"
grep -q '"evidence":""' before/facts.jsonl || fail "the fixture lost its fact with no evidence"
# The FTS rows as the previous writer made them (rowid = document * 65536 + k).
sed 1d before/fts.csv | cut -d, -f1 | grep -qx 131072 || fail "unexpected FTS rowids before: $(cat before/fts.csv)"

# The first writer migrates: an extract of nothing.
mkdir empty
"${Q[@]}" extract --db m.db empty 2> extract.err || fail "extract on schema 5: $(cat extract.err)"
[[ $(sqlite3 m.db "PRAGMA user_version") == 6 ]] || fail "not migrated: $(sqlite3 m.db 'PRAGMA user_version')"
[[ $(sqlite3 m.db "PRAGMA integrity_check") == ok ]] || fail "integrity after the migration"
[[ -z $(sqlite3 m.db "PRAGMA foreign_key_check") ]] || fail "foreign keys after the migration"
sqlite3 m.db "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)" ||
  fail "sentences_fts does not agree with sentences"

reads after
for f in before/*; do
  n=${f#before/}
  # Only the FTS rowids may change: they are sentence ids now.
  if [[ $n == fts.csv ]]; then
    diff <(cut -d, -f2- before/fts.csv) <(cut -d, -f2- after/fts.csv) || fail "full-text search differs after migration"
  else
    cmp "$f" "after/$n" || { diff "$f" "after/$n" | head -20; fail "$n differs after migration"; }
  fi
done

# Slim: 13 facts, 10 sentences (the fact with no evidence has none), ids for rules and versions.
[[ $(sqlite3 m.db "SELECT count(*) FROM facts") == 13 ]] || fail "facts lost"
[[ $(sqlite3 m.db "SELECT count(*) FROM sentences") == 10 ]] || fail "sentences: $(sqlite3 m.db 'SELECT count(*) FROM sentences')"
[[ $(sqlite3 m.db "SELECT count(*) FROM facts WHERE sentence_id IS NULL") == 1 ]] || fail "the fact with no evidence"
[[ $(sqlite3 m.db "SELECT group_concat(version, ' ') FROM grammar_versions") == *loaded* ]] || fail "grammar versions"
[[ $(sqlite3 m.db "SELECT count(*) FROM pragma_table_info('facts') WHERE name IN ('evidence', 'rule', 'grammar_version')") == 0 ]] ||
  fail "facts still holds text columns"
[[ $(sqlite3 m.db "SELECT count(*) FROM runs") == 4 ]] || fail "runs lost"

# A run killed after its commit and before its end: its sentences are stored and unindexed. A
# `query` that reads sentences_fts indexes them first; one that does not leaves the file alone.
printf -- '---\npublished: 2025-12-03\n---\nNIO delivered 12,345 vehicles to Norway in November.\n' > late.txt
"${Q[@]}" extract --db m.db late.txt 2> late.err || fail "extract late.txt: $(cat late.err)"
sqlite3 m.db "UPDATE fts_indexed SET up_to = up_to - 1;
              INSERT INTO sentences_fts (sentences_fts, rowid, evidence, document_id, sentence_begin, sentence_end)
              SELECT 'delete', id, evidence, document_id, sentence_begin, sentence_end FROM sentences
              WHERE id = (SELECT max(id) FROM sentences);"
[[ $(sqlite3 m.db "SELECT count(*) FROM sentences WHERE id > (SELECT up_to FROM fts_indexed)") == 1 ]] || fail "set-up"
"${Q[@]}" query --db m.db --format csv "SELECT count(*) FROM facts_v WHERE evidence LIKE '%Norway%'" > plain.csv
[[ $(sed 1d plain.csv) == 1 ]] || fail "the killed run's fact: $(cat plain.csv)"
[[ $(sqlite3 m.db "SELECT count(*) FROM sentences WHERE id > (SELECT up_to FROM fts_indexed)") == 1 ]] ||
  fail "a query that does not read sentences_fts wrote to the database"
"${Q[@]}" query --db m.db --format csv "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'norway'" > fts.csv 2> fts.err ||
  fail "query over sentences_fts: $(cat fts.err)"
[[ $(sed 1d fts.csv) == 1 ]] || fail "the killed run's sentence is not found: $(cat fts.csv)"
[[ $(sqlite3 m.db "SELECT count(*) FROM sentences WHERE id > (SELECT up_to FROM fts_indexed)") == 0 ]] || fail "not indexed"
sqlite3 m.db "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)" || fail "sentences_fts integrity"

echo "ok: schema 5 reads the same before and after the slim-store migration; the FTS index catches up"
