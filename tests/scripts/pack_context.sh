#!/bin/bash
# The context labels of grammars/auto/context.rules (grammars/README.md, "What the resolver reads
# from the grammar"): for each label, a text whose facts depend on it is extracted with the
# project's grammars (the expected facts) and with a copy lacking the label's rule (the facts
# change: the resolver reads the rule, it holds no word list of its own). Then an analyst's edit:
# a phrasing no rule knows ("debuted in October") is taught to a copy of the rules and read
# correctly by the same binary, with no rebuild. Args: QUARRY_BIN SOURCE_DIR.
set -u
bin=$1; src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# facts GRAMMARS FILE: one line per fact, "type subject value period location".
facts() {
  "$bin" --grammars "$1" --quiet extract --format jsonl --published 2025-12-02 "$2" 2>/dev/null |
    python3 -c '
import json, sys
for line in sys.stdin:
    f = json.loads(line)
    loc = [q[9:] for q in f["qualifiers"] if q.startswith("location:")]
    print(f["type"], f["subject"], f["value"], f["period"] or "-", loc[0] if loc else "-")'
}

# without RULE...: a copy of the project's grammars without those rules, in $tmp/g-<first rule>.
without() {
  local dir="$tmp/g-$1"
  rm -rf "$dir"
  cp -r "$src/grammars" "$dir"
  for r in "$@"; do
    awk -v r="$r" '$1 == "rule" && $2 == r { skip = 1 } !skip { print } skip && $1 == "end" { skip = 0 }' \
      "$dir/auto/context.rules" > "$dir/tmp.rules" && mv "$dir/tmp.rules" "$dir/auto/context.rules"
    if grep -q "^rule $r\$" "$dir/auto/context.rules"; then echo "FAIL: could not remove $r"; fail=1; fi
  done
  echo "$dir"
}

# check NAME FILE EXPECTED_LINE GRAMMARS_WITHOUT: EXPECTED_LINE is among the facts with the
# project's grammars and not among those without the label's rules.
check() {
  local name=$1 file=$2 want=$3 g_without=$4 got
  got=$(facts "$src/grammars" "$file")
  if ! grep -qxF "$want" <<< "$got"; then
    echo "FAIL: $name: expected '$want' among:"; echo "$got"; fail=1
  fi
  got=$(facts "$g_without" "$file")
  if grep -qxF "$want" <<< "$got"; then
    echo "FAIL: $name: '$want' also without its context rule: the resolver does not read the label"; fail=1
  fi
}

cat > "$tmp/event.txt" <<'EOF'
NIO sales in November

NIO sold 30,000 vehicles in November. The ES8, launched in October, sold 10,000 units.
EOF
check base_period/event "$tmp/event.txt" "sales NIO ES8 10000 2025-11 -" "$(without context.base_event_in)"

cat > "$tmp/from.txt" <<'EOF'
XPeng deliveries in November

XPeng delivered 36,728 vehicles. Deliveries were up 96.1% from 18,726 in November 2024.
EOF
check base_period/figure "$tmp/from.txt" "yoy_pct XPeng 96.1 2025-11 -" "$(without context.base_figure_in)"

cat > "$tmp/zh.txt" <<'EOF'
赛力斯11月销量

赛力斯11月新能源汽车销量为50,000辆,同比增长20%,去年同期为41,667辆。
EOF
check base_period/zh "$tmp/zh.txt" "yoy_pct Seres 20 2025-11 -" "$(without context.base_zh)"

cat > "$tmp/part.txt" <<'EOF'
Toyota global sales in November

Toyota's worldwide sales, including the Lexus luxury brand, rose 3.1% in November. Deliveries reached 900,000 vehicles.
EOF
check part_of "$tmp/part.txt" "deliveries Toyota 900000 2025-11 -" "$(without context.including_part)"

cat > "$tmp/pronoun.txt" <<'EOF'
Zeekr store network

Zeekr operates 430 stores in China. Lynk & Co has 300 locations in China. Overseas it has 96 stores in November.
EOF
check pronoun "$tmp/pronoun.txt" "outlets Zeekr 96 2025-11 -" "$(without context.pronoun)"

cat > "$tmp/headline.txt" <<'EOF'
Startups' February sales

Leapmotor: 30,112
NIO: 16,830
EOF
check volume_word "$tmp/headline.txt" "sales Leapmotor 30112 2025-02 -" "$(without context.headline_sales)"

cat > "$tmp/jv.txt" <<'EOF'
Leapmotor expands in Europe

The joint venture delivered 5,000 vehicles in November.
EOF
check jv_ref "$tmp/jv.txt" "deliveries Leapmotor International 5000 2025-11 Europe" "$(without context.jv_ref)"

cat > "$tmp/loc.txt" <<'EOF'
BYD November update

BYD registered 17,470 new cars in South Korea in November. BYD sold 10,000 cars in November, and its stores in Germany doubled.
EOF
check fact_location "$tmp/loc.txt" "sales BYD 17470 2025-11 South Korea" "$(without context.fact_location context.clause_break)"
check clause_break "$tmp/loc.txt" "sales BYD 10000 2025-11 -" "$(without context.clause_break)"

# An analyst's edit, no rebuild: "debuted in October" is an event's date once a rule says so.
cat > "$tmp/debut.txt" <<'EOF'
NIO sales in November

NIO sold 30,000 vehicles in November. The ES8, debuted in October, sold 10,000 units.
EOF
got=$(facts "$src/grammars" "$tmp/debut.txt")
if ! grep -qxF "sales NIO ES8 10000 2025-10 -" <<< "$got"; then
  echo "FAIL: 'debuted in October' is already known: pick another phrasing for this test:"; echo "$got"; fail=1
fi
g="$tmp/g-edit"
cp -r "$src/grammars" "$g"
sed -i 's/("launched" | "unveiled" | "introduced" | "founded"/("debuted" | "launched" | "unveiled" | "introduced" | "founded"/' \
  "$g/auto/context.rules"
"$bin" grammar check "$g" > /dev/null || { echo "FAIL: the edited rules do not load"; fail=1; }
got=$(facts "$g" "$tmp/debut.txt")
if ! grep -qxF "sales NIO ES8 10000 2025-11 -" <<< "$got"; then
  echo "FAIL: the edited rule ('debuted' in context.base_event_in) was not read:"; echo "$got"; fail=1
fi

[ $fail -eq 0 ] && echo "context labels: ok"
exit $fail
