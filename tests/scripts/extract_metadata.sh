#!/usr/bin/env bash
# extract_metadata: a stored document whose date, URL or title changes is re-extracted as a unit
# (--published, --force-published, front matter), `--force` re-extracts everything, a document
# without a date is warned about; global options work after the subcommand; an unknown type is
# exit 2 with the known list; and one fact object round-trips extract -> load -> facts.
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }

cat > a.txt <<'TXT'
HIMA delivered 81,864 vehicles in November, up 127.93% year-on-year.
TXT
# Global options after the subcommand.
"$QUARRY" extract --quiet --grammars "$SRC/grammars" --db q.db a.txt 2> e1.txt || fail "extract --quiet: $(cat e1.txt)"
grep -q "warning: 1 document(s) have no date, so 2 of their facts kept an unknown year" e1.txt || fail "no undated warning: $(cat e1.txt)"
[[ $(sqlite3 q.db "select period from facts where type = 'deliveries'") == XXXX-11 ]] || fail "undated period"

# A new --published re-extracts: the periods change, the document is not stored twice.
"$QUARRY" --grammars "$SRC/grammars" extract -q --db q.db --published 2025-12-03 a.txt 2> e2.txt || fail "$(cat e2.txt)"
grep -q "1 re-extracted (metadata changed)" e2.txt || fail "not re-extracted: $(cat e2.txt)"
grep -q "no date" e2.txt && fail "dated run still warns: $(cat e2.txt)"
[[ $(sqlite3 q.db "select period from facts where type = 'deliveries'") == 2025-11 ]] || fail "period after --published"
[[ $(sqlite3 q.db "select count(*) from documents") == 1 ]] || fail "document stored twice"
[[ $(sqlite3 q.db "select count(*) from facts") == 2 ]] || fail "facts not replaced as a unit"
# Same again: nothing changed, skipped.
"$QUARRY" extract -q --grammars "$SRC/grammars" --db q.db --published 2025-12-03 a.txt 2> e3.txt
grep -q " 1 skipped" e3.txt || fail "unchanged document not skipped: $(cat e3.txt)"
# --force-published with another date changes the stored date and the periods.
"$QUARRY" extract -q --grammars "$SRC/grammars" --db q.db --published 2022-12-05 --force-published a.txt 2> e4.txt
grep -q "1 re-extracted (metadata changed)" e4.txt || fail "--force-published not re-extracted: $(cat e4.txt)"
[[ $(sqlite3 q.db "select period from facts where type = 'deliveries'") == 2022-11 ]] || fail "period after --force-published"
[[ $(sqlite3 q.db "select published from documents") == 2022-12-05 ]] || fail "stored date"
# --force re-extracts what did not change.
"$QUARRY" extract -q --grammars "$SRC/grammars" --db q.db --published 2022-12-05 --force-published --force a.txt 2> e5.txt
grep -q "(0 new, 1 re-extracted)" e5.txt || fail "--force: $(cat e5.txt)"

# Front matter: editing the date or URL of a stored file re-extracts it in place.
printf -- '---\npublished: 2025-12-03\nurl: https://example.com/a\n---\nLeapmotor delivered 70,327 vehicles in November.\n' > fm.txt
"$QUARRY" extract -q --grammars "$SRC/grammars" --db f.db fm.txt 2> /dev/null
printf -- '---\npublished: 2024-12-03\nurl: https://example.com/b\n---\nLeapmotor delivered 70,327 vehicles in November.\n' > fm.txt
"$QUARRY" extract -q --grammars "$SRC/grammars" --db f.db fm.txt 2> f2.txt
grep -q "1 re-extracted" f2.txt || fail "front matter edit not re-extracted: $(cat f2.txt)"
[[ $(sqlite3 f.db "select count(*) from documents") == 1 ]] || fail "edited file stored twice"
[[ $(sqlite3 f.db "select url || ' ' || period from facts_v") == "https://example.com/b 2024-11" ]] || fail "front matter: $(sqlite3 f.db 'select url, period from facts_v')"

# Unknown types are refused with the known list.
set +e
"$QUARRY" --grammars "$SRC/grammars" facts --db q.db --type deliverys > out.txt 2> err.txt; code=$?
set -e
[[ $code == 2 ]] || fail "unknown type: exit $code"
grep -q 'unknown type "deliverys" (known types: .*deliveries' err.txt || fail "unknown type message: $(cat err.txt)"
set +e
"$QUARRY" --grammars "$SRC/grammars" series deliverys --db q.db > out.txt 2> err.txt; code=$?
set -e
[[ $code == 2 ]] || fail "series unknown type: exit $code"

# One fact object: extract --format jsonl -> load -> facts --format jsonl gives the same objects,
# and facts --format jsonl of a database extract wrote gives them too.
"$QUARRY" extract -q --grammars "$SRC/grammars" --format jsonl "$SRC/corpus/articles" > x.jsonl 2> /dev/null
[[ $(wc -l < x.jsonl) -gt 20 ]] || fail "too few facts for a round trip"
"$QUARRY" load -q --db l.db x.jsonl 2> /dev/null || fail "load"
"$QUARRY" facts --db l.db --format jsonl > l.jsonl
diff <(sort x.jsonl) <(sort l.jsonl) > d1.txt || fail "extract -> load -> facts differs: $(head -5 d1.txt)"
"$QUARRY" extract -q --grammars "$SRC/grammars" --db x.db "$SRC/corpus/articles" 2> /dev/null
"$QUARRY" facts --db x.db --format jsonl > s.jsonl
diff <(sort x.jsonl) <(sort s.jsonl) > d2.txt || fail "extract -> facts differs: $(head -5 d2.txt)"
echo ok
