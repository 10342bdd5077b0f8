#!/usr/bin/env bash
# extract_html_list: an article as an HTML page with a bullet list gives the same facts as the same
# article as plain text ("- " items). The figure after the list states no company: its subject is
# carried from the headline above the list. An HTML list item once lost its bullet and, short and
# without a final stop, was read as a heading naming another brand ("Firefly: 3,210 units"), so
# the figure below the list was Firefly's. Also as a WARC.gz record, as bench/run writes them.
set -euo pipefail
QUARRY=$1; SRC=$2
G=(--grammars "$SRC/grammars")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }

cat > article.html <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Onvo reports its best month yet</title>
<meta property="article:published_time" content="2025-12-02"></head>
<body><article>
<h1>Onvo reports its best month yet</h1>
<p>Onvo delivered 12,345 vehicles in November 2025, up 45% year on year.</p>
<p>Its sister brands under NIO also grew:</p>
<ul>
  <li>NIO brand: 20,480 units</li>
  <li>Firefly: 3,210 units</li>
</ul>
<p>The company aims to deliver more than 150,000 vehicles in 2026.</p>
</article></body></html>
HTML
cat > article.txt <<'TXT'
Onvo reports its best month yet

Onvo delivered 12,345 vehicles in November 2025, up 45% year on year.

Its sister brands under NIO also grew:

- NIO brand: 20,480 units
- Firefly: 3,210 units

The company aims to deliver more than 150,000 vehicles in 2026.
TXT
python3 - <<'PY'
import gzip
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + open("article.html", "rb").read()
rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/onvo\r\n"
       b"WARC-Date: 2025-12-02T08:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
       b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
open("crawl.warc.gz", "wb").write(gzip.compress(rec))
PY

"$QUARRY" "${G[@]}" --quiet extract --format jsonl article.html > html.jsonl 2>> err.txt || fail "extract html: $(cat err.txt)"
"$QUARRY" "${G[@]}" --quiet extract --format jsonl --published 2025-12-02 article.txt > text.jsonl 2>> err.txt || fail "extract text: $(cat err.txt)"
"$QUARRY" "${G[@]}" --quiet extract --format jsonl crawl.warc.gz > warc.jsonl 2>> err.txt || fail "extract warc.gz: $(cat err.txt)"
python3 - <<'PY' || fail "facts differ (see above)"
import json

def facts(path):
    return [json.loads(line) for line in open(path)]

def key(f):
    return tuple(json.dumps(f[k]) for k in ("type", "subject", "object", "value", "unit", "period", "approx",
                                             "modality", "qualifiers", "evidence"))

html, text, warc = facts("html.jsonl"), facts("text.jsonl"), facts("warc.jsonl")
target = [f for f in html if f["type"] == "target"]
assert len(target) == 1, target
assert target[0]["subject"] == "Onvo", f"the figure after the list: subject {target[0]['subject']}, not Onvo"
assert target[0]["value"] == 150000 and target[0]["period"] == "2026", target[0]
for name, got in (("html", html), ("warc.gz", warc)):
    assert sorted(map(key, got)) == sorted(map(key, text)), (name, sorted(map(key, got)), sorted(map(key, text)))
# Spans are byte offsets into the page: the figure and its sentence, as written.
raw = open("article.html", "rb").read()
for f in html:
    fig = raw[f["span"][0]:f["span"][1]].decode()
    sent = raw[f["sentence"][0]:f["sentence"][1]].decode()
    assert fig and fig in f["evidence"], (fig, f["evidence"])
    assert sent == f["evidence"], (sent, f["evidence"])
print(f"ok: {len(html)} facts, the same from HTML, WARC.gz and text; the target after the list is Onvo's")
PY
