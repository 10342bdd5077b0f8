#!/usr/bin/env bash
# input_warc_resync: in a plain (uncompressed) .warc, a record whose Content-Length is absurd
# costs that record only. Two bad lengths are tried: one over the record cap (10^15 bytes) and
# one under the cap but past the end of the file. Before, the reader skipped or swallowed that
# many bytes and lost every later record; now it reports the bad record (counted as an error,
# exit 2) and goes on at the next "WARC/1." line (Note [WARC resynchronization]).
set -euo pipefail
QUARRY=$(realpath "$1"); SRC=$(realpath "$2")
G=(--grammars "$SRC/grammars")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }
python3 - <<'PY'
def response(i):
    body = (f"<html><body><p>AITO delivered {10000 + i:,} vehicles in November 2025, "
            f"up {10 + i}% year-on-year.</p></body></html>").encode()
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body

def record(i, length=None):
    payload = response(i)
    n = len(payload) if length is None else length
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/" + str(i).encode() +
            b"\r\nWARC-Date: 2025-12-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: " + str(n).encode() + b"\r\n\r\n" + payload + b"\r\n\r\n")

for name, bad in (("over-cap.warc", 10**15), ("past-end.warc", 5 * 1024 * 1024)):
    with open(name, "wb") as f:
        f.write(record(1))
        f.write(record(2, length=bad))
        for i in range(3, 7):
            f.write(record(i))
PY

for f in over-cap.warc past-end.warc; do
  set +e
  "$QUARRY" "${G[@]}" --quiet extract --db "$f.db" --max-document-mb 8 "$f" 2> err.txt
  rc=$?
  set -e
  cat err.txt
  [[ $rc == 2 ]] || fail "$f: exit $rc, want 2 (the bad record is an error)"
  urls=$(sqlite3 "$f.db" "select group_concat(url, ' ') from (select url from documents order by url)")
  [[ $urls == "https://example.com/1 https://example.com/3 https://example.com/4 https://example.com/5 https://example.com/6" ]] ||
    fail "$f: stored [$urls], want records 1 and 3-6 (the records after the bad one must not be lost)"
  grep -qE "$f@[0-9]+: (WARC record of [0-9]+ bytes is over the cap|truncated WARC record)" err.txt ||
    fail "$f: the bad record is not reported with its offset"
  grep -q '1 errors' err.txt || fail "$f: the summary must count the bad record as 1 error"
done
echo "ok: an absurd Content-Length costs one record"
