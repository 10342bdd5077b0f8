#!/usr/bin/env bash
# Fault injection over every I/O point of a small `quarry load`, as fault_injection.sh does for
# extract: the LD_PRELOAD shim tests/fault/fault_shim.c (Note [Fault injection points]) fails the
# Nth write, pwrite, writev, fsync, fdatasync or ftruncate on the database files. An
# uninterrupted load counts the points; then for every N, the two kinds of fault taking turns
# (N = 1, 3, ...: a full disk that stays full, ENOSPC from the Nth point on; N = 2, 4, ...: a
# transient I/O error, EIO at the Nth point only), load must
#   - stop with exit 2 and a one-line error naming the database (never a signal, never exit 0),
#   - leave a database that passes PRAGMA integrity_check,
#   - and a rerun without faults must complete (exit 0) with facts identical to the
#     uninterrupted load's (each document once, no fact lost or doubled).
# The input is 3 documents' facts in 2 batches, loaded into a new database. A sanitizer build,
# several times slower, steps through every 8th point.
#   bash tests/scripts/fault_injection_load.sh QUARRY_BIN SOURCE_DIR   (QUARRY_FAULT_SHIM: the shim)
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
shim=${QUARRY_FAULT_SHIM:-}
[[ -n $shim && -f $shim ]] || { echo "FAIL: QUARRY_FAULT_SHIM is not set to the built shim (ctest sets it)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Under AddressSanitizer its runtime must come first among preloaded libraries.
preload=$shim
asan=$(ldd "$bin" 2>/dev/null | awk '/libasan/ {print $3; exit}')
[[ -n $asan ]] && preload="$asan $shim"

# Facts in the shape `extract --format jsonl` writes and `load` reads (DESIGN.md).
python3 - <<'PY'
import json
docs = [("a", [("deliveries", "Leapmotor", 70327, "2025-11"), ("yoy_pct", "Leapmotor", 75, "2025-11")]),
        ("b", [("deliveries", "NIO", 36275, "2025-11"), ("deliveries", "Leapmotor", 60000, "2025-10")]),
        ("c", [("sales", "BYD", 441706, "2025-10")])]
with open("facts.jsonl", "w") as out:
    for doc, facts in docs:
        for i, (t, s, v, p) in enumerate(facts):
            ev = f"{s} figure {v} for {p}."
            out.write(json.dumps({"doc": doc, "type": t, "subject": s, "object": None, "value": v,
                "unit": "pct" if t == "yoy_pct" else "vehicle", "scope": "", "period": p, "approx": "=",
                "modality": "actual", "qualifiers": [], "span": [len(s) + 8, len(s) + 8 + len(str(v))],
                "sentence": [0, len(ev)], "evidence": ev, "rule": f"load.rules:{i + 1} test"}) + "\n")
PY
load() { "$bin" load --db "$1" --batch 2 facts.jsonl; }
dump() {
  sqlite3 "$1" "SELECT d.doc_id, f.type, f.subject, f.value, f.unit, f.period, f.span_begin, f.span_end, f.evidence
              FROM facts f JOIN documents d ON d.id = f.document_id ORDER BY 1, 2, 3, 4, 6, 7;
              SELECT 'documents', count(*), count(DISTINCT doc_id) FROM documents;"
}

QUARRY_FAULT_COUNT=$work/points LD_PRELOAD=$preload load ref.db >/dev/null 2>ref.err ||
  { cat ref.err >&2; fail "the load without faults failed"; }
points=$(cat points)
dump ref.db >ref.txt
((points > 0)) || fail "the shim counted no I/O point (is it preloaded?)"
grep -q '^a|deliveries|Leapmotor|70327|' ref.txt || fail "the reference load stored no facts: $(head -3 ref.txt)"
grep -q '^documents|3|3$' ref.txt || fail "the reference load did not store 3 documents: $(tail -1 ref.txt)"
echo "$points I/O points on the database files in an uninterrupted load; $(grep -c . ref.txt) rows of reference"

step=1
[[ -n $asan ]] && step=8
checked=0
for ((n = 1; n <= points; n += step)); do
  if ((checked % 2 == 0)); then mode=persist err=ENOSPC; else mode=once err=EIO; fi
  what="$mode $err at point $n of $points"
  rm -f f.db f.db-wal f.db-shm f.db-journal
  QUARRY_FAULT_AT=$n QUARRY_FAULT_MODE=$mode QUARRY_FAULT_ERRNO=$err LD_PRELOAD=$preload \
    load f.db >out 2>err
  rc=$?
  ((rc < 128)) || { cat err >&2; fail "$what: killed by signal $((rc - 128))"; }
  ((rc == 2)) || { cat err >&2; fail "$what: exit $rc, want 2"; }
  grep -qE 'AddressSanitizer|runtime error|terminate called|Assertion' err && { cat err >&2; fail "$what: sanitizer report, assertion or uncaught exception"; }
  grep -qE "^quarry: f\.db: .*(disk is full|disk I/O error|I/O error)" err ||
    { cat err >&2; fail "$what: no error line naming f.db and the cause"; }
  (($(grep -vc '^quarry load: ' err) <= 3)) || { cat err >&2; fail "$what: more than 3 error lines"; }
  if [[ -s f.db ]]; then
    check=$(sqlite3 f.db "PRAGMA integrity_check;" 2>&1)
    [[ $check == ok ]] || fail "$what: integrity_check: $check"
  fi
  load f.db >out2 2>err2 || { cat err2 >&2; fail "$what: the rerun without faults exited $?"; }
  dump f.db >f.txt
  cmp -s ref.txt f.txt || { diff ref.txt f.txt >&2; fail "$what: the rerun's facts differ from the uninterrupted load's"; }
  ((checked++))
done
echo "ok: $checked faulted loads, each exit 2 with one clear line, integrity ok, and a rerun with identical facts"
