#!/usr/bin/env bash
# The HTML report renders in headless Chromium without console errors, its script runs, and a
# screenshot is not blank. Usage: report_html.sh QUARRY_BIN SOURCE_DIR. Needs chromium
# (`scripts/setup --tests` installs it) and python3 (standard library only).
set -euo pipefail
QUARRY=$1
SRC=$2
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$CHROMIUM" ]]; then
  echo "FAIL: chromium is not installed; run scripts/setup --tests (Debian package chromium)" >&2
  exit 1
fi
command -v python3 >/dev/null || { echo "FAIL: python3 is needed to build the test database" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A database from the schema, the views and the fixture facts, plus a few months for the chart.
python3 - "$SRC" "$TMP/q.db" <<'PY'
import sqlite3, sys
src, out = sys.argv[1], sys.argv[2]
c = sqlite3.connect(out)
for f in ("db/schema.sql", "db/views.sql", "tests/verify/fixture.sql"):
    c.executescript(open(f"{src}/{f}", encoding="utf-8").read())
months = {"2025-07": (50129, 40000), "2025-08": (57066, 44000), "2025-09": (66657, 52916), "2025-10": (70289, 68216)}
fid = 1000
for m, (leap, hima) in months.items():
    for subj, v in (("Leapmotor", leap), ("HIMA", hima)):
        fid += 1
        sent = f"{subj} delivered {v:,} vehicles in {m}."
        b = 40 + sent.index(f"{v:,}")
        c.execute("INSERT INTO facts (id, document_id, type, subject, value, unit, period, span_begin, span_end,"
                  " sentence_begin, sentence_end, evidence, rule, grammar_version) VALUES"
                  " (?, 4, 'deliveries', ?, ?, 'vehicle', ?, ?, ?, 40, ?, ?, 't:1', 't')",
                  (fid, subj, str(v), m, b, b + len(f"{v:,}"), 40 + len(sent), sent))
# A planted inconsistency so the findings section is filled.
c.execute("INSERT INTO facts (id, document_id, type, subject, value, unit, period, span_begin, span_end,"
          " sentence_begin, sentence_end, evidence, rule, grammar_version) VALUES"
          " (2000, 3, 'deliveries', 'Luxeed', '9000', 'vehicle', '2025-11', 0, 5, 0, 40,"
          " 'Luxeed <script> sold 9,000 & more in November.', 't:1', 't')")
c.commit()
PY

"$QUARRY" --grammars "$SRC/tests/verify/grammars" report --db "$TMP/q.db" --html "$TMP/report.html" 2>"$TMP/report.err" || {
  echo "FAIL: quarry report failed:" >&2; cat "$TMP/report.err" >&2; exit 1; }
grep -q '<svg' "$TMP/report.html" || { echo "FAIL: no SVG chart in the report" >&2; exit 1; }
grep -q 'sources_disagree' "$TMP/report.html" || { echo "FAIL: the planted finding is not in the report" >&2; exit 1; }
# No resource is fetched from anywhere: the only http(s) URLs are <a href> source links.
if grep -Eo '<(script|img|link|iframe|object|embed|source|video|audio)[^>]*(src|href)="[^"]*"' "$TMP/report.html" | grep -v 'href="data:,"' | grep . >/dev/null; then
  echo "FAIL: the report loads an external resource" >&2; exit 1
fi

run_chromium() {  # run_chromium PAGE OUT_PREFIX [extra flags]: screenshot + console log
  local page=$1 out=$2
  shift 2
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$TMP/profile.XXXXXX")" --enable-logging=stderr --v=0 \
    --window-size=1280,1800 "$@" "file://$page" >"$out.stdout" 2>"$out.log" || {
      echo "FAIL: chromium exited with an error on $page:" >&2; tail -5 "$out.log" >&2; exit 1; }
}

# The console capture itself works: a page with a script error must show it.
printf '<!DOCTYPE html><html><body><p>x</p><script>undefined_function_for_test();</script></body></html>' >"$TMP/bad.html"
run_chromium "$TMP/bad.html" "$TMP/bad" --screenshot="$TMP/bad.png"
grep -q 'CONSOLE.*undefined_function_for_test' "$TMP/bad.log" || {
  echo "FAIL: console capture does not work (no error seen for a broken page)" >&2; exit 1; }

run_chromium "$TMP/report.html" "$TMP/shot" --screenshot="$TMP/shot.png"
if grep -E 'CONSOLE|net::ERR|Failed to load resource' "$TMP/shot.log"; then
  echo "FAIL: console messages while loading the report (above)" >&2; exit 1
fi
[[ -s "$TMP/shot.png" ]] || { echo "FAIL: no screenshot written" >&2; exit 1; }
run_chromium "$TMP/report.html" "$TMP/dom" --dump-dom
grep -q 'data-ready="1"' "$TMP/dom.stdout" || { echo "FAIL: the report's script did not run" >&2; exit 1; }
grep -q '<mark>70,327</mark>' "$TMP/dom.stdout" || { echo "FAIL: figure not highlighted in the rendered DOM" >&2; exit 1; }
grep -q '&lt;script&gt;' "$TMP/dom.stdout" || { echo "FAIL: evidence text not escaped" >&2; exit 1; }

# The screenshot is not blank: decode the PNG (zlib + row filters) and count non-white pixels,
# and coloured ones (the chart lines and highlights).
python3 - "$TMP/shot.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), f"unexpected PNG format depth={depth} type={ctype}"
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
nonwhite = coloured = 0
i = 0
for y in range(h):
    f = raw[i]; row = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = row[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: row[x] = (row[x] + a) & 255
        elif f == 2: row[x] = (row[x] + b) & 255
        elif f == 3: row[x] = (row[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        r, g, bl = row[x], row[x + 1], row[x + 2]
        if r < 240 or g < 240 or bl < 240: nonwhite += 1
        if max(r, g, bl) - min(r, g, bl) > 60: coloured += 1
    prev = row
total = w * h
print(f"screenshot {w}x{h}: {nonwhite} non-white pixels ({100.0 * nonwhite / total:.2f}%), {coloured} coloured")
if nonwhite < total * 0.01: sys.exit("FAIL: the screenshot is (nearly) blank")
if coloured < 200: sys.exit("FAIL: no chart colours in the screenshot")
PY
echo "PASS: report renders without console errors and is not blank"
