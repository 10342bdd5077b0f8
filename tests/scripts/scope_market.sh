#!/bin/bash
# The fact model on a maker's report and a market report (articles written for this test):
# a BYD-style report with total, BEV, PHEV and overseas figures gives four facts that differ in
# scope; `series` shows the total as the brand's row and the parts as rows of their own; `check`
# finds no mismatch in it. A CPCA-style market report gives market facts: subject China with
# scopes, the body as source. Args: QUARRY_BIN SOURCE_DIR.
set -u
bin=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
q() { "$bin" --grammars "$src/grammars" "$@"; }

cat > "$tmp/maker.txt" <<'EOF'
---
published: 2025-12-01
---
BYD's November sales fall 5.3%
BYD sold 480,186 vehicles in November, down 5.3% year on year. Of these, 237,540 were BEVs and 237,381 were plug-in hybrids, while 131,935 were sold overseas.
EOF
cat > "$tmp/market.txt" <<'EOF'
---
published: 2025-12-08
---
China car market grows in November
China's passenger car retail sales reached 2.2 million units in November, up 5% year on year, the CPCA said. Retail sales of new energy passenger vehicles were 1.32 million units, up 4% year on year. NEV penetration in retail reached 59.4%.
EOF

q --quiet extract --format jsonl "$tmp/maker.txt" "$tmp/market.txt" > "$tmp/facts.jsonl" || fail "extract"
python3 - "$tmp/facts.jsonl" <<'PY' || fail "facts and scopes"
import json, sys
got = {(f["type"], f["subject"], f["scope"], f["value"], f["period"]) for f in map(json.loads, open(sys.argv[1]))}
want = [
    ("sales", "BYD", "", 480186, "2025-11"),
    ("sales", "BYD", "BEV", 237540, "2025-11"),
    ("sales", "BYD", "PHEV", 237381, "2025-11"),
    ("sales", "BYD", "overseas", 131935, "2025-11"),
    ("sales", "China", "passenger/retail", 2200000, "2025-11"),
    ("yoy_pct", "China", "passenger/retail", 5, "2025-11"),
    ("sales", "China", "passenger/NEV/retail", 1320000, "2025-11"),
    ("yoy_pct", "China", "passenger/NEV/retail", 4, "2025-11"),
    ("share_pct", "China", "passenger/NEV/retail", 59.4, "2025-11"),
]
missing = [w for w in want if w not in got]
if missing:
    print("missing:", missing, "\ngot:", sorted(got, key=str))
    sys.exit(1)
sources = {q for f in map(json.loads, open(sys.argv[1])) if f["subject"] == "China" for q in f["qualifiers"]}
if "source:CPCA" not in sources:
    print("no source:CPCA qualifier on the market facts:", sources)
    sys.exit(1)
PY

q --quiet extract --db "$tmp/q.db" "$tmp/maker.txt" "$tmp/market.txt" 2>/dev/null || fail "extract into SQLite"
series=$(q series sales --db "$tmp/q.db" --format csv 2>&1) || fail "series: $series"
echo "$series"
echo "$series" | grep -E '^BYD,480186' >/dev/null || fail "series: the total is not BYD's row"
echo "$series" | grep -E '^"?BYD \(PHEV\)"?,237381' >/dev/null || fail "series: the PHEV figure is not a row of its own"
echo "$series" | grep -E '^"?BYD \(overseas\)"?,131935' >/dev/null || fail "series: the overseas figure is not a row of its own"
check=$(q check --db "$tmp/q.db" 2>&1); rc=$?
echo "$check"
[ $rc -eq 0 ] || fail "check found errors in a consistent report (exit $rc)"
scope_col=$(sqlite3 "$tmp/q.db" "select count(*) from facts_v where scope = 'PHEV'")
[ "$scope_col" = 1 ] || fail "facts_v has no scope column with the PHEV fact ($scope_col)"
echo PASS
