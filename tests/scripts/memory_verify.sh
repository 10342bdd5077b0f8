#!/usr/bin/env bash
# memory_verify (issue 17, row 2): `verify` streams its claims and verdicts, so its peak memory
# does not grow with the number of claims. The same database is checked against 1,000 claims
# and against 20,000 (CSV claims with JSONL output, then JSONL claims with table output, each claim confirmed with evidence or contradicted, so
# every verdict carries stored facts); the larger run's peak RSS (GNU time's %M) must stay within
# 1.5x the smaller's plus 16 MB. Before streaming, every claim and verdict was kept to the end:
# 200,000 of these claims took 1.2 GB (11 MB now), 20,000 took 54 MB. The summary line and
# exit code are checked too: totals are counters, not lists. (20,000 claims keep the test at
# about 15 s; the memory does not depend on the count.)
# Under AddressSanitizer the claim counts are 1,000 and 5,000 (time), and ASAN_OPTIONS keeps
# the quarantine (freed memory held back to catch use-after-free, 256 MB by default) at 16 MB;
# the bound is the same.
#   bash tests/scripts/memory_verify.sh QUARRY_BIN SOURCE_DIR
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$SRC/tests/scripts/lib/memory.sh"
fail() { mem_fail "$@"; }
memory_init "$QUARRY"

big=20000
if ((MEM_ASAN)); then
  big=5000
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
fi

"$QUARRY" -q --grammars "$SRC/grammars" extract --db "$T/q.db" --published 2025-12-02 \
  "$SRC/corpus/articles/01-hima-leapmotor-november.txt" \
  2>"$T/extract.err" || { tail -5 "$T/extract.err" >&2; fail "extract failed"; }

# Claims cycling over stored figures: confirmed (with evidence) and contradicted (every
# disagreeing figure is evidence).
python3 - "$T" "$big" <<'PY'
import json, sys
tmp, big = sys.argv[1], int(sys.argv[2])
base = [("HIMA", "81,864"), ("HIMA", "90,000"), ("Leapmotor", "70K"), ("Leapmotor", "70,327"), ("AITO", "55,000")]
for n in (1000, big):
    with open(f"{tmp}/c{n}.csv", "w") as f:
        f.write("subject,type,period,value\n")
        for i in range(n):
            s, v = base[i % len(base)]
            f.write(f'{s},deliveries,,"{v}"\n')
    with open(f"{tmp}/c{n}.jsonl", "w") as f:
        for i in range(n):
            s, v = base[i % len(base)]
            f.write(json.dumps({"subject": s, "type": "deliveries", "period": "", "value": v}) + "\n")
PY

peak() {  # claims file, format -> peak RSS in kB (the verdicts go to a file)
  mem_run "$T/out" "$T/err" "$QUARRY" --grammars "$SRC/grammars" verify --db "$T/q.db" --format "$2" "$1"
  ((MEM_RC == 1)) || { cat "$T/err" >&2; fail "verify $1 exited $MEM_RC (want 1: some claims are contradicted)"; }
}

for run in "csv jsonl" "jsonl table"; do
  read -r ext fmt <<<"$run"
  peak "$T/c1000.$ext" $fmt
  small_kb=$MEM_KB
  peak "$T/c$big.$ext" $fmt
  big_kb=$MEM_KB
  {
    lines=$(wc -l <"$T/out")
    [[ $fmt == jsonl ]] && ((lines != big)) && fail "$ext/$fmt: $lines verdicts for $big claims"
    [[ $fmt == table ]] && ((lines != big + 2)) && fail "$ext/$fmt: $lines table lines for $big claims"
    grep -q "^verify: $big claims: " "$T/err" || { cat "$T/err" >&2; fail "$ext/$fmt: summary does not count $big claims"; }
    limit=$((small_kb * 3 / 2 + 16384))
    echo "$ext claims, --format $fmt: peak RSS $small_kb kB for 1000 claims, $big_kb kB for $big (limit $limit kB)"
    ((big_kb <= limit)) || fail "$ext/$fmt: verify's memory grows with the claims: $big_kb kB for $big claims, $small_kb kB for 1000"
  }
done
# Output order is input order: the first verdicts are lines 2, 3, 4 of the CSV.
"$QUARRY" --grammars "$SRC/grammars" verify --db "$T/q.db" --format jsonl "$T/c1000.csv" >"$T/out" 2>/dev/null || true
head -3 "$T/out" | python3 -c 'import json,sys; l=[json.loads(x)["line"] for x in sys.stdin]; assert l==[2,3,4], l' ||
  fail "verdicts are not in input order"
echo ok
