#!/usr/bin/env bash
# extract_tables: one brand-by-month table written three ways (an HTML <table>, a pipe table, a
# table aligned with spaces) gives the same facts, one per figure cell: the subject from the row
# header, the period from the column header ("Jan"), the type from the column header ("YoY") or,
# for columns headed by a month alone, from the caption above ("Deliveries by brand"). Each fact's
# span is the cell's figure in the raw bytes of its document. Then a table whose rows name parts of
# the caption's company ("BEVs", "Total" under "Voltra passenger car sales in May 2025:"): the
# subject and period come from the caption, the scope from the caption and the row header, the
# same from a pipe table and from HTML. Brands and figures are invented (the brands are added to a
# copy of the gazetteer).
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }
cp -r "$SRC/grammars" g
printf 'Voltra\tbrand\t\t\t\nNordwind\tbrand\t\t\t\n' >> g/gazetteer/entities.tsv
G=(--grammars "$T/g")

cat > table.html <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Voltra and Nordwind report first-quarter deliveries</title>
<meta property="article:published_time" content="2025-04-02"></head>
<body><article>
<h1>Voltra and Nordwind report first-quarter deliveries</h1>
<p>Deliveries by brand, 2025</p>
<table>
  <thead><tr><th></th><th>Jan</th><th>Feb</th><th>Mar</th><th>YoY (Mar)</th></tr></thead>
  <tbody>
    <tr><td>Voltra</td><td>12,480</td><td>11,905</td><td>14,312</td><td>+18.4%</td></tr>
    <tr><td>Nordwind</td><td>8,021</td><td></td><td>9,377</td><td>-4.2%</td></tr>
  </tbody>
</table>
<p>The figures come from the companies&#8217; statements.</p>
</article></body></html>
HTML
cat > pipes.txt <<'TXT'
---
published: 2025-04-02
---
Voltra and Nordwind report first-quarter deliveries

Deliveries by brand, 2025
| | Jan | Feb | Mar | YoY (Mar) |
|---|---|---|---|---|
| Voltra | 12,480 | 11,905 | 14,312 | +18.4% |
| Nordwind | 8,021 | | 9,377 | -4.2% |

The figures come from the companies' statements.
TXT
cat > aligned.txt <<'TXT'
---
published: 2025-04-02
---
Voltra and Nordwind report first-quarter deliveries

Deliveries by brand, 2025
              Jan       Feb       Mar    YoY (Mar)
Voltra     12,480    11,905    14,312       +18.4%
Nordwind    8,021         -     9,377        -4.2%

The figures come from the companies' statements.
TXT

for f in table.html pipes.txt aligned.txt; do
  "$QUARRY" "${G[@]}" --quiet extract --format jsonl "$f" > "$f.jsonl" 2>> err.txt || fail "extract $f: $(cat err.txt)"
done
python3 - <<'PY' || fail "facts differ or are wrong (see above)"
import json

want = sorted([
    ("deliveries", "Voltra", 12480, "2025-01"), ("deliveries", "Voltra", 11905, "2025-02"),
    ("deliveries", "Voltra", 14312, "2025-03"), ("yoy_pct", "Voltra", 18.4, "2025-03"),
    ("deliveries", "Nordwind", 8021, "2025-01"), ("deliveries", "Nordwind", 9377, "2025-03"),
    ("yoy_pct", "Nordwind", -4.2, "2025-03"),
])
cells = {12480: "12,480", 11905: "11,905", 14312: "14,312", 18.4: "+18.4%", 8021: "8,021", 9377: "9,377",
         -4.2: "-4.2%"}
for name in ("table.html", "pipes.txt", "aligned.txt"):
    raw = open(name, "rb").read()
    facts = [json.loads(line) for line in open(name + ".jsonl")]
    got = sorted((f["type"], f["subject"], f["value"], f["period"]) for f in facts)
    assert got == want, (name, got, want)
    for f in facts:
        assert f["scope"] == "" and f["modality"] == "actual" and f["approx"] == "=", (name, f)
        cell = raw[f["span"][0]:f["span"][1]].decode()
        assert cell == cells[f["value"]], (name, f["value"], cell)
        assert raw.count(cell.encode()) == 1, (name, cell)  # the span is that cell, nowhere else
print("ok: the same 7 facts from an HTML table, a pipe table and an aligned table, spans on the cells")
PY

printf -- '---\npublished: 2025-06-02\n---\nVoltra posts a record May\n\nVoltra passenger car sales in May 2025:\nPowertrain | Sales | YoY\nBEVs | 9,000 | up 12%%\nPHEVs | 3,480 | up 30%%\nTotal | 12,480 | up 16.8%%\n' > parts.txt
cat > parts.html <<'HTML'
<html><head><meta property="article:published_time" content="2025-06-02"></head><body>
<h1>Voltra posts a record May</h1>
<p>Voltra passenger car sales in May 2025:</p>
<table><tr><th>Powertrain</th><th>Sales</th><th>YoY</th></tr>
<tr><td>BEVs</td><td>9,000</td><td>up 12%</td></tr>
<tr><td>PHEVs</td><td>3,480</td><td>up 30%</td></tr>
<tr><td>Total</td><td>12,480</td><td>up 16.8%</td></tr></table>
</body></html>
HTML
for f in parts.txt parts.html; do
  "$QUARRY" "${G[@]}" --quiet extract --format jsonl "$f" > "$f.jsonl" 2>> err.txt || fail "extract $f: $(cat err.txt)"
done
python3 - <<'PY' || fail "the table of parts gives other facts (see above)"
import json

want = sorted([
    ("sales", "Voltra", 9000, "2025-05", "passenger/BEV"), ("yoy_pct", "Voltra", 12, "2025-05", "passenger/BEV"),
    ("sales", "Voltra", 3480, "2025-05", "passenger/PHEV"), ("yoy_pct", "Voltra", 30, "2025-05", "passenger/PHEV"),
    ("sales", "Voltra", 12480, "2025-05", "passenger"), ("yoy_pct", "Voltra", 16.8, "2025-05", "passenger"),
])
for name in ("parts.txt", "parts.html"):
    got = sorted((f["type"], f["subject"], f["value"], f["period"], f["scope"])
                 for f in map(json.loads, open(name + ".jsonl")))
    assert got == want, (name, got, want)
print("ok: a table of parts takes its subject, period and class from the caption, its parts from the rows")
PY

# A web table copied as text, its header one cell per line ("Brand | Q1 2025 |", "Q2 2025 |"):
# the lone cells join the header. A row naming a company the gazetteer does not know ("Quillon")
# gives nothing, not the caption's market.
printf -- '---\npublished: 2025-08-02\n---\nShare report\n\nChina EV Market Share (Deliveries %%) | ||\nBrand | Q1 2025 |\nQ2 2025 |\nVoltra | 12%% | 14%% |\nQuillon | 9%% | 8%% |\nNordwind | 5%% | 6%% |\n' > lines.txt
"$QUARRY" "${G[@]}" --quiet extract --format jsonl lines.txt > lines.jsonl 2>> err.txt || fail "extract lines.txt: $(cat err.txt)"
python3 - <<'PY' || fail "the table with its header on several lines gives other facts (see above)"
import json

want = sorted([("market_share", "Voltra", 12, "2025-Q1"), ("market_share", "Voltra", 14, "2025-Q2"),
               ("market_share", "Nordwind", 5, "2025-Q1"), ("market_share", "Nordwind", 6, "2025-Q2")])
got = sorted((f["type"], f["subject"], f["value"], f["period"]) for f in map(json.loads, open("lines.jsonl")))
assert got == want, (got, want)
print("ok: a header written one cell per line is one header; an unknown company's row gives nothing")
PY
