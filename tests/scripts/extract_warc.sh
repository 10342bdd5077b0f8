#!/usr/bin/env bash
# extract_warc: a WARC.gz with good, malformed, truncated, corrupt and oversized records (built
# here with python3's gzip, one member per record), plus a plain .warc with an off-by-two
# Content-Length and garbage between records. Good records must all be read, each bad one
# reported with its offset and skipped, and the run must go on to the records after them.
set -euo pipefail
QUARRY=$1; SRC=$2
G=(--grammars "$SRC/grammars")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
python3 - <<'PY'
import gzip, io

def article(i, brand="AITO"):
    return (f"<html><head><title>Report {i}</title>"
            f'<meta property="article:published_time" content="2025-12-0{1 + i % 9}T08:00:00+08:00">'
            f"</head><body><p>{brand} delivered {10000 + i:,} vehicles in November, up {10 + i}% year-on-year.</p>"
            f"<p>Unrelated commentary number {i} about the market.</p></body></html>").encode()

def response(i, body=None, headers=b"", date="2025-11-30T00:00:00Z"):
    body = article(i) if body is None else body
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + headers + b"\r\n" + body
    return http, date

def record(payload, rtype=b"response", uri=b"https://example.com/a", length=None, date=b"2025-11-30T00:00:00Z",
           ctype=b"application/http; msgtype=response"):
    n = len(payload) if length is None else length
    head = (b"WARC/1.0\r\nWARC-Type: " + rtype + b"\r\nWARC-Target-URI: " + uri + b"\r\nWARC-Date: " + date +
            b"\r\nContent-Type: " + ctype + b"\r\nContent-Length: " + str(n).encode() + b"\r\n\r\n")
    return head + payload + b"\r\n\r\n"

def member(data):
    return gzip.compress(data)

out = io.BytesIO()
good = 0
# 1-3 good responses; 4: gzip-encoded HTTP body; 5: warcinfo (not a document)
for i in range(1, 4):
    out.write(member(record(response(i)[0], uri=f"https://example.com/{i}".encode()))); good += 1
gz_body = gzip.compress(article(4))
out.write(member(record(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + gz_body,
                        uri=b"https://example.com/4"))); good += 1
out.write(member(record(b"software: test\r\n", rtype=b"warcinfo", ctype=b"application/warc-fields")))
# malformed: no Content-Length
out.write(member(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bad.example/\r\n\r\nHTTP/1.1 200 OK\r\n\r\nx\r\n\r\n"))
# truncated: member holds only half of the declared content
rec = record(response(6)[0], uri=b"https://example.com/6")
out.write(member(rec[: len(rec) // 2]))
# corrupt gzip member: valid header, garbage deflate data
bad = bytearray(member(record(response(7)[0])))
for k in range(12, min(len(bad) - 8, 60)):
    bad[k] ^= 0x5A
out.write(bytes(bad))
# oversized: declares more than the cap given on the command line (1 MB)
big = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + b"a" * (1200 * 1024)
out.write(member(record(big, uri=b"https://example.com/big")))
# resource record with plain text, and two more good responses after all the bad ones
out.write(member(record(b"Leapmotor delivered 70,327 vehicles in November.", rtype=b"resource",
                        uri=b"https://example.com/r", ctype=b"text/plain"))); good += 1
for i in range(8, 10):
    out.write(member(record(response(i)[0], uri=f"https://example.com/{i}".encode()))); good += 1
open("crawl.warc.gz", "wb").write(out.getvalue())
open("expected_good", "w").write(str(good))

# Plain WARC: an off-by-two Content-Length (too short), garbage between records, a last good one.
plain = io.BytesIO()
p1 = response(20)[0]
plain.write(record(p1, uri=b"https://example.com/20", length=len(p1) - 2))
plain.write(b"garbage garbage garbage between records\r\n")
plain.write(record(response(21)[0], uri=b"https://example.com/21"))
open("plain.warc", "wb").write(plain.getvalue())
PY

set +e
"$QUARRY" "${G[@]}" --quiet extract --db w.db --max-document-mb 1 crawl.warc.gz 2> err.txt
rc=$?
set -e
cat err.txt
[[ $rc == 2 ]] || { echo "FAIL: expected exit 2 (bad records reported), got $rc"; exit 1; }
good=$(cat expected_good)
docs=$(sqlite3 w.db "select count(*) from documents")
[[ $docs == "$good" ]] || { echo "FAIL: expected $good documents, got $docs"; exit 1; }
# The records after the bad ones were read.
sqlite3 w.db "select url from documents" | grep 'example.com/9$' >/dev/null || { echo "FAIL: record 9 missing"; exit 1; }
sqlite3 w.db "select url from documents" | grep 'example.com/r$' >/dev/null || { echo "FAIL: resource record missing"; exit 1; }
# Each bad record is reported with the file and its (compressed) offset.
grep -q 'crawl.warc.gz@[0-9]*: malformed WARC record: missing or invalid Content-Length' err.txt || { echo "FAIL: malformed not reported"; exit 1; }
grep -q 'crawl.warc.gz@[0-9]*: truncated' err.txt || { echo "FAIL: truncated not reported"; exit 1; }
grep -q 'crawl.warc.gz@[0-9]*: corrupt gzip member' err.txt || { echo "FAIL: corrupt member not reported"; exit 1; }
grep -q 'over the cap' err.txt || { echo "FAIL: oversized not reported"; exit 1; }
grep -q '4 errors' err.txt || { echo "FAIL: summary should count 4 errors"; exit 1; }
# Dates: the page's article:published_time wins over WARC-Date; title from <title>.
pub=$(sqlite3 w.db "select published from documents where url = 'https://example.com/2'")
[[ $pub == 2025-12-03T08:00:00+08:00 ]] || { echo "FAIL: published from meta: $pub"; exit 1; }
title=$(sqlite3 w.db "select title from documents where url = 'https://example.com/2'")
[[ $title == "Report 2" ]] || { echo "FAIL: title: $title"; exit 1; }
# The resource record has no page date: WARC-Date is the fallback.
pub=$(sqlite3 w.db "select published from documents where url = 'https://example.com/r'")
[[ $pub == 2025-11-30T00:00:00Z ]] || { echo "FAIL: WARC-Date fallback: $pub"; exit 1; }
# gzip Content-Encoding was decoded: record 4 has facts like the others.
n4=$(sqlite3 w.db "select count(*) from facts_v where url = 'https://example.com/4'")
n1=$(sqlite3 w.db "select count(*) from facts_v where url = 'https://example.com/1'")
[[ $n4 == "$n1" ]] || { echo "FAIL: gzip-encoded body: $n4 facts vs $n1"; exit 1; }

set +e
"$QUARRY" "${G[@]}" --quiet extract --db p.db plain.warc 2> err2.txt
rc=$?
set -e
cat err2.txt
docs=$(sqlite3 p.db "select count(*) from documents")
[[ $docs == 2 ]] || { echo "FAIL: plain WARC: expected 2 documents, got $docs"; exit 1; }
grep -q 'plain.warc@[0-9]*: skipped [0-9]* bytes of non-record data' err2.txt || { echo "FAIL: garbage not reported"; exit 1; }
echo "ok: $good good records, bad ones reported and skipped"
