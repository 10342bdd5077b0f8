#!/usr/bin/env bash
# memory_check (issue 17, memory budget): `check` reads the facts in two ordered passes (by
# article, then by subject/type/period group; Note [Streaming check] in verify/check.cc) and
# keeps only the findings, so its peak memory grows with the findings it prints, not with the
# facts. On a database of 8,000 facts and one of 80,000 with the same disagreements (one
# sources_disagree finding per subject, type, period and scope, more sources each; lib/memory.sh:
# mem_facts_db), table and JSONL output must stay within 1.25x the smaller run's peak RSS plus
# 8 MB, with the same number of findings. Before, every fact was loaded: 23 MB and 95 MB; now
# 18 and 21 MB. Under AddressSanitizer the sizes are 2,000 and 20,000 facts.
#   bash tests/scripts/memory_check.sh QUARRY_BIN SOURCE_DIR
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$SRC/tests/scripts/lib/memory.sh"
memory_init "$QUARRY"
mem_facts_dbs "$QUARRY" "$SRC" "$T"

"$QUARRY" check --db "$T/small.db" --format jsonl >"$T/small.out" 2>"$T/small.err" || true
want=$(wc -l <"$T/small.out")
((want > 0)) || mem_fail "check finds nothing in the generated facts (it should find their disagreements)"
for fmt in table jsonl; do
  mem_flat "$T" "check --format $fmt" 0 "$QUARRY" check --db @DB@ --format "$fmt"
  grep -q "^check: $want findings (0 errors, $want warnings)" "$T/err" ||
    { cat "$T/err" >&2; mem_fail "check --format $fmt: want $want findings on the big database too"; }
done
grep -q '"check":"sources_disagree"' "$T/out" || mem_fail "check --format jsonl: no sources_disagree finding"
echo ok
