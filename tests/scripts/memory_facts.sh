#!/usr/bin/env bash
# memory_facts (issue 17, memory budget): `facts` streams the stored facts to its output, so its
# peak memory does not grow with the database. Every --format (table, csv, md, json, jsonl) and
# --sample run on a database of 8,000 facts and on one of 80,000 (lib/memory.sh: mem_facts_db);
# the larger run's peak RSS must stay within 1.25x the smaller's plus 8 MB. Before streaming,
# every fact was loaded with its sentence first: 18 MB and 103 MB (--sample 22 and 125 MB);
# now about 11 MB at either size. --sample keeps one fact per type and subject in memory (the
# sample it shows first), so it grows with the distinct types and subjects, not the facts.
# Under AddressSanitizer the sizes are 2,000 and 20,000 facts (time).
#   bash tests/scripts/memory_facts.sh QUARRY_BIN SOURCE_DIR
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$SRC/tests/scripts/lib/memory.sh"
memory_init "$QUARRY"
mem_facts_dbs "$QUARRY" "$SRC" "$T"

for fmt in table csv md json jsonl; do
  mem_flat "$T" "facts --format $fmt" 0 "$QUARRY" facts --db @DB@ --format "$fmt"
  lines=$(wc -l <"$T/out")
  case $fmt in
    jsonl) want=$big ;;
    csv) want=$((big + 1)) ;;
    *) want=0 ;;
  esac
  ((want == 0 || lines == want)) || mem_fail "facts --format $fmt: $lines lines for $big facts"
  if [[ $fmt == json ]]; then  # one whole JSON array, every fact in it
    python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert len(a)==int(sys.argv[2]), len(a)' "$T/out" "$big" ||
      mem_fail "facts --format json: not one JSON array of $big facts"
  fi
done
mem_flat "$T" "facts --sample" 0 "$QUARRY" facts --db @DB@ --sample --format jsonl
(($(wc -l <"$T/out") == big)) || mem_fail "facts --sample: $(wc -l <"$T/out") facts, want $big"
mem_flat "$T" "facts --sample --limit 20" 0 "$QUARRY" facts --db @DB@ --sample --limit 20 --format jsonl
(($(wc -l <"$T/out") == 20)) || mem_fail "facts --sample --limit 20: $(wc -l <"$T/out") facts"
echo ok
