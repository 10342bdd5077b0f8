#!/usr/bin/env bash
# extract_bomb: a gzip bomb (1 GiB of one byte in ~1 MB) is stopped by the ratio cap and by the
# decompressed-size cap, reported as an error on one line, without reading it all; the valid
# input given after it is still extracted.
set -euo pipefail
QUARRY=$1; SRC=$2
G=(--grammars "$SRC/grammars")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }
python3 - <<'PY'
import zlib
# Stream 1 GiB of 'a' into one gzip member without holding it.
c = zlib.compressobj(9, zlib.DEFLATED, 31)
chunk = b"a" * (1 << 20)
with open("bomb.jsonl.gz", "wb") as f:
    f.write(c.compress(b'{"id":"bomb","text":"'))
    for _ in range(1024):
        f.write(c.compress(chunk))
    f.write(c.compress(b'"}\n'))
    f.write(c.flush())
PY
echo '{"id":"ok","text":"NIO delivered 36,275 vehicles in November."}' > ok.jsonl
size=$(stat -c %s bomb.jsonl.gz)
[[ $size -lt 3000000 ]] || fail "bomb is $size bytes"

run() {
  set +e
  /usr/bin/time -f '%M' -o rss.txt "$QUARRY" "${G[@]}" --quiet extract --db b.db "$@" bomb.jsonl.gz ok.jsonl 2> err.txt
  rc=$?
  set -e
  cat err.txt
  [[ $rc == 2 ]] || fail "exit $rc, want 2"
  [[ $(sqlite3 b.db "select doc_id from documents where doc_id = 'ok'") == ok ]] || fail "input after the bomb not read"
  rss_kb=$(tail -1 rss.txt)
  # AddressSanitizer's shadow memory and quarantine roughly double a process's RSS: scale the cap
  # for a sanitizer build (the bomb itself would be gigabytes, far above either cap).
  cap=400000
  # (Not `ldd | grep -q`: under pipefail, grep -q quitting early can SIGPIPE ldd and fail the test.)
  case "$(ldd "$QUARRY" 2>/dev/null)" in *libasan*) cap=1200000 ;; esac
  [[ $rss_kb -lt $cap ]] || fail "peak RSS $rss_kb kB (cap $cap): the bomb was buffered"
}
# Default caps: the ratio cap (200 after 16 MB) stops it.
run
grep -q 'bomb.jsonl.gz.*decompression ratio passes the cap' err.txt || fail "ratio cap not reported"
rm -f b.db*
# Decompressed-size cap alone.
run --max-ratio 0 --max-decompressed-mb 8
grep -q 'bomb.jsonl.gz.*decompressed size passes the cap of 8388608 bytes' err.txt || fail "size cap not reported"
echo ok
