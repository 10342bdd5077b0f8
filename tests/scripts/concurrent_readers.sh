#!/usr/bin/env bash
# Concurrency test: readers beside a writer. One loop runs `quarry extract` chunk after chunk into
# one database (each run opens, writes in small batches and closes it, so checkpoints and WAL
# resets happen all the time) while another runs `quarry query "select count(*) from documents"`
# as fast as it can. Every read must succeed and see only committed data: counts never go
# backwards, never exceed what was written, and no read prints an error ("database disk image is
# malformed", "locked", ...). A read-only connection that fell back to `immutable=1` failed this.
# Bounded: at most 40 chunks and 60 s.
#   bash tests/scripts/concurrent_readers.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
writer=
cleanup() { [[ -n $writer ]] && kill "$writer" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

chunks=40 per=25
python3 - "$work" "$chunks" "$per" <<'PY'
import json, sys
work, chunks, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
brands = ["Leapmotor", "AITO", "NIO", "XPeng", "BYD"]
for c in range(chunks):
    with open(f"{work}/c{c:02d}.jsonl", "w") as f:
        for i in range(per):
            n = c * per + i
            t = f"{brands[n % 5]} delivered {10000 + n:,} vehicles in November 2025."
            f.write(json.dumps({"id": f"d{n}", "published": "2025-12-02", "text": t}) + "\n")
PY
db=$work/quarry.db
"$bin" -q extract --db "$db" "$work/c00.jsonl" >/dev/null 2>"$work/err0" || { cat "$work/err0" >&2; fail "setup extract failed"; }

deadline=$((SECONDS + 60))
(
  for c in $(seq 1 $((chunks - 1))); do
    ((SECONDS < deadline)) || break
    f=$(printf '%s/c%02d.jsonl' "$work" "$c")
    "$bin" -q extract --db "$db" --batch 5 -j 1 "$f" >/dev/null 2>"$work/werr1" || echo "extract $f exited $?" >>"$work/werr"
    grep -v '^quarry extract: [0-9]* documents' "$work/werr1" >>"$work/werr"  # the summary is always printed
    echo "$c" >"$work/written"
  done
  touch "$work/writer.done"
) &
writer=$!

last=0 reads=0
while [[ ! -e $work/writer.done ]] && ((SECONDS < deadline + 5)); do
  out=$("$bin" query --db "$db" --format csv "select count(*) from documents" 2>"$work/rerr")
  rc=$?
  ((rc == 0)) || fail "read $reads exited $rc: $(head -c 300 "$work/rerr")"
  [[ -s $work/rerr ]] && fail "read $reads printed on stderr: $(head -c 300 "$work/rerr")"
  n=$(tail -1 <<<"$out")
  [[ $n =~ ^[0-9]+$ ]] || fail "read $reads printed no count: $out"
  ((n >= last)) || fail "count went backwards: $last then $n (read $reads)"
  ((n <= chunks * per)) || fail "count $n is more than was ever written"
  last=$n; reads=$((reads + 1))
done
wait "$writer"; writer=
[[ -e $work/writer.done ]] || fail "the writer did not finish"
[[ -s $work/werr ]] && fail "the writer failed: $(head -c 300 "$work/werr")"
final=$("$bin" query --db "$db" --format csv "select count(*) from documents" | tail -1)
written=$(( ($(cat "$work/written") + 1) * per ))
((final == written)) || fail "final count $final, expected $written"
((final >= last)) || fail "final count $final is below a count seen before ($last)"
((reads >= 10)) || fail "only $reads reads ran beside the writer"
echo "ok: $reads reads beside $(cat "$work/written") extract runs, counts monotonic up to $final, no errors"
