#!/usr/bin/env bash
# memory_query (issue 17, memory budget): `query` steps its statement and writes each row as it
# comes (table and md size their columns from the first 1,000 rows, verify/table.h), so its peak
# memory does not grow with the rows of the result. On a database of 8,000 facts and one of
# 80,000 (lib/memory.sh: mem_facts_db), every fact with its evidence from facts_v, in table and
# json format, must stay within 1.25x the smaller run's peak RSS plus 8 MB (11 MB at either
# size; this held before the other read commands were made to stream). What SQLite itself needs
# for a statement (a sort without an index, a GROUP BY over everything) is SQLite's: its page
# cache and sorter spill to temporary files, so that too is bounded. Under AddressSanitizer the
# sizes are 2,000 and 20,000 facts.
#   bash tests/scripts/memory_query.sh QUARRY_BIN SOURCE_DIR
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$SRC/tests/scripts/lib/memory.sh"
memory_init "$QUARRY"
mem_facts_dbs "$QUARRY" "$SRC" "$T"

mem_flat "$T" "query --format table" 0 "$QUARRY" query --db @DB@ "SELECT * FROM facts_v ORDER BY evidence DESC"
(($(wc -l <"$T/out") == big + 2)) || mem_fail "query --format table: $(wc -l <"$T/out") lines for $big rows"
mem_flat "$T" "query --format json" 0 "$QUARRY" query --db @DB@ --format json "SELECT * FROM facts_v"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert len(a)==int(sys.argv[2]), len(a)' "$T/out" "$big" ||
  mem_fail "query --format json: not one JSON array of $big rows"
echo ok
