#!/usr/bin/env bash
# memory_report (issue 17, memory budget): `report --html` keeps the findings of `check` (they
# are on the page), builds each chart from the database one fact type at a time (its cells
# only), and streams the table's first 20,000 facts to the file, so its peak memory does not
# grow with the facts. On a database of 8,000 facts and one of 80,000 (lib/memory.sh:
# mem_facts_db) the larger run's peak RSS must stay within 1.25x the smaller's plus 8 MB, and
# the page must say how many facts there are and that the table shows the first 20,000. Before,
# every fact was loaded: 25 MB and 95 MB; now 19 and 22 MB. Under AddressSanitizer the sizes are
# 2,000 and 20,000 facts (and the table is whole).
#   bash tests/scripts/memory_report.sh QUARRY_BIN SOURCE_DIR
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$SRC/tests/scripts/lib/memory.sh"
memory_init "$QUARRY"
mem_facts_dbs "$QUARRY" "$SRC" "$T"

mem_flat "$T" "report --html" 0 "$QUARRY" report --db @DB@ --html "$T/report.html"
grep -q "<p class=\"meta\">$big facts from $((big / 10)) documents" "$T/report.html" ||
  mem_fail "report: the page does not count $big facts in $((big / 10)) documents"
rows=$(grep -c '<tr id="fact-' "$T/report.html")
want=$((big < 20000 ? big : 20000))
((rows == want)) || mem_fail "report: $rows fact rows, want $want"
((big <= 20000)) || grep -q "Showing the first 20000 of $big facts" "$T/report.html" ||
  mem_fail "report: the page does not say the table is cut"
grep -q '<svg' "$T/report.html" || mem_fail "report: no chart"
echo ok
