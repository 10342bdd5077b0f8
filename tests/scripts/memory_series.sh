#!/usr/bin/env bash
# memory_series (issue 17, memory budget): `series` streams the facts cell by cell (ordered in
# SQL) and keeps only the cells of its table, so its peak memory grows with what it prints (rows
# x periods), not with the facts behind them. On a database of 8,000 facts and one of 80,000
# with the same 16 rows and 24 months (lib/memory.sh: mem_facts_db), the pivot by month and by
# quarter (derived from the months) and the long JSONL form must stay within 1.25x the smaller
# run's peak RSS plus 8 MB, and print the same cells. Before, every fact of the type was loaded
# with its sentence: 14 MB and 38 MB; now 12 MB at either size. Under AddressSanitizer the sizes
# are 2,000 and 20,000 facts.
#   bash tests/scripts/memory_series.sh QUARRY_BIN SOURCE_DIR
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$SRC/tests/scripts/lib/memory.sh"
memory_init "$QUARRY"
mem_facts_dbs "$QUARRY" "$SRC" "$T"

for run in "month table" "quarter csv" "month jsonl"; do
  read -r by fmt <<<"$run"
  "$QUARRY" -q series deliveries --db "$T/small.db" --by "$by" --format "$fmt" >"$T/small.out"
  mem_flat "$T" "series --by $by --format $fmt" 0 "$QUARRY" -q series deliveries --db @DB@ --by "$by" --format "$fmt"
  lines=$(wc -l <"$T/out")
  case $fmt in
    table) ((lines == 16 + 2)) || mem_fail "series --format table: $lines lines, want 16 rows" ;;
    csv) ((lines == 16 + 1)) || mem_fail "series --by quarter --format csv: $lines lines, want 16 rows" ;;
    jsonl) ((lines == 16 * 24)) || mem_fail "series --format jsonl: $lines cells, want 384" ;;
  esac
  # The same cells: only the number of sources (and, in JSONL, the chosen fact's id) differ.
  if [[ $fmt != jsonl ]]; then
    cmp -s "$T/small.out" "$T/out" || { diff "$T/small.out" "$T/out" | head -5 >&2; mem_fail "series --by $by: the cells differ"; }
  fi
done
echo ok
