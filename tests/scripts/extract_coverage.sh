#!/usr/bin/env bash
# extract_coverage: extract says what it did not read. A figure that looks like a fact (a quantity in
# a unit of the pack's volume types) that no fact states is counted per document
# (documents.unread_figures), per run (runs.unread_figures) and in the summary line; the migration
# adds both columns to a database of the previous schema (version 4) and keeps its rows. explain
# says why a match gave no fact: the resolver decision (no subject) or the veto (a frame's figure
# claimed by another rule; a table row rule's figure read by the table reader). Brands and
# figures are invented (the brand is added to a copy of the gazetteer).
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 not installed"; exit 0; }
cp -r "$SRC/grammars" g
printf 'Voltra\tbrand\t\t\t\n' >> g/gazetteer/entities.tsv
Q=("$QUARRY" --grammars "$T/g")

mkdir docs
printf -- '---\npublished: 2025-06-02\n---\nVoltra reports May deliveries\n\nVoltra delivered 12,480 vehicles in May.\n' > docs/read.txt
# No company anywhere: the figure has no subject, so no fact, and it is counted as not read.
printf -- '---\npublished: 2025-06-02\n---\nMonthly figures\n\nDeliveries reached 9,100 units in May.\n' > docs/unread.txt

"${Q[@]}" extract --db q.db docs 2> summary.txt || fail "extract: $(cat summary.txt)"
grep -q '1 facts (deliveries 1), 1 figures not read (in 1 documents);' summary.txt ||
  fail "summary does not count the unread figure: $(cat summary.txt)"
[ "$(sqlite3 q.db 'SELECT unread_figures FROM runs')" = 1 ] || fail "runs.unread_figures: $(sqlite3 q.db 'SELECT * FROM runs')"
got=$(sqlite3 q.db "SELECT doc_id || '=' || unread_figures FROM documents ORDER BY doc_id" | tr '\n' ' ')
[ "$got" = "docs/read.txt=0 docs/unread.txt=1 " ] || fail "documents.unread_figures: $got"
"${Q[@]}" --quiet extract --format jsonl docs/unread.txt > /dev/null 2> jsonl.txt || fail "extract jsonl: $(cat jsonl.txt)"
grep -q '0 facts, 1 figures not read (in 1 documents);' jsonl.txt || fail "jsonl summary: $(cat jsonl.txt)"

# The previous schema (version 4): no unread_figures columns, and (as before migration 6) facts
# holding their evidence, rule and grammar version text, with an FTS table of its own. Opening it
# for writing migrates it and keeps the rows; the rows stored before say NULL (not counted).
sqlite3 q.db "DROP VIEW facts_v; DROP VIEW documents_v; DROP VIEW monthly_v; DROP VIEW changes_v;
              DROP VIEW stakes_v; DROP VIEW targets_v;
              CREATE TABLE facts_text AS SELECT f.id, f.document_id, f.type, f.subject, f.object, f.location,
                f.value, f.unit, f.period, f.approx, f.precision_exp, f.modality, f.qualifiers, f.span_begin,
                f.span_end, f.sentence_begin, f.sentence_end, s.evidence, r.rule, g.version AS grammar_version,
                f.also_at, f.scope
              FROM facts f LEFT JOIN sentences s ON s.id = f.sentence_id JOIN rules r ON r.id = f.rule_id
                JOIN grammar_versions g ON g.id = f.grammar_version_id;
              DROP TABLE facts; ALTER TABLE facts_text RENAME TO facts;
              DROP TABLE sentences_fts; DROP TABLE sentences; DROP TABLE rules; DROP TABLE grammar_versions;
              DROP TABLE fts_indexed;
              CREATE VIRTUAL TABLE sentences_fts USING fts5(evidence, document_id UNINDEXED,
                sentence_begin UNINDEXED, sentence_end UNINDEXED);
              ALTER TABLE runs DROP COLUMN unread_figures; ALTER TABLE documents DROP COLUMN unread_figures;
              PRAGMA user_version = 4;"
printf -- '---\npublished: 2025-06-02\n---\nMore figures\n\nRegistrations came to 4,200 units in May.\n' > docs/later.txt
"${Q[@]}" extract --db q.db docs 2> summary2.txt || fail "extract after downgrade: $(cat summary2.txt)"
[ "$(sqlite3 q.db 'PRAGMA user_version')" = 6 ] || fail "not migrated: $(sqlite3 q.db 'PRAGMA user_version')"
got=$(sqlite3 q.db "SELECT doc_id || '=' || ifnull(unread_figures, 'NULL') FROM documents ORDER BY doc_id" | tr '\n' ' ')
[ "$got" = "docs/later.txt=1 docs/read.txt=NULL docs/unread.txt=NULL " ] || fail "documents after migration: $got"
got=$(sqlite3 q.db "SELECT ifnull(unread_figures, 'NULL') FROM runs ORDER BY id" | tr '\n' ' ')
[ "$got" = "NULL 1 " ] || fail "runs after migration: $got"
[ "$(sqlite3 q.db 'SELECT count(*) FROM facts_v WHERE evidence IS NOT NULL')" = 1 ] || fail "facts lost in the migration"

# explain: a resolver decision, a frame's veto, a table cell's veto.
"${Q[@]}" explain --published 2025-06-02 "Deliveries reached 9,100 units in May." > no_subject.txt
grep -q 'deliveries.noun_reached  s0 \[2,4) "9,100 units": ChooseSubject: no subject' no_subject.txt ||
  fail "explain gives no reason for the subjectless figure: $(sed -n '/^facts:/,$p' no_subject.txt)"
grep -q '^not read (1 figures' no_subject.txt || fail "explain lists no unread figure: $(sed -n '/^facts:/,$p' no_subject.txt)"
"${Q[@]}" explain --published 2025-06-02 "Voltra plans to open new stores in 2026 and lift sales to 800,000 units." > veto.txt
grep -q 'frame.sales  s0 \[[0-9]*,[0-9]*) "800,000 units": Vetoed: a frame.s figure claimed by the fact rule auto/frames.rules:[0-9]* frame.volume_plan' veto.txt ||
  fail "explain gives no veto: $(sed -n '/^facts:/,$p' veto.txt)"
grep -q '^not read' veto.txt && fail "the vetoed figure is another rule's fact, so it was read: $(sed -n '/^facts:/,$p' veto.txt)"
printf -- '---\npublished: 2025-06-02\n---\nMay deliveries\n\nBrand | May deliveries | YoY\nVoltra | 12,480 | +18.4%%\n' > table.txt
"${Q[@]}" explain table.txt > table_explain.txt
grep -q 'deliveries.table_row  s[0-9]* \[[0-9]*,[0-9]*) "12,480": Vetoed: the figure is a table cell' table_explain.txt ||
  fail "explain does not say the table reader took the cell: $(sed -n '/^facts:/,$p' table_explain.txt)"
echo "ok: unread figures counted in the summary, runs and documents (migrated from version 4); explain gives decisions and vetoes"
