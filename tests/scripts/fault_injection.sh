#!/usr/bin/env bash
# Fault injection over every I/O point of a small extract, the way SQLite tests itself: the
# LD_PRELOAD shim tests/fault/fault_shim.c (Note [Fault injection points]) fails the Nth write,
# pwrite, writev, fsync, fdatasync or ftruncate on the database files. An uninterrupted run counts
# the points; then for every N, twice (a full disk that stays full: ENOSPC from the Nth point on;
# a transient I/O error: EIO at the Nth point only), extract must
#   - stop with exit 2 and a one-line error naming the database (never a signal, never exit 0),
#   - leave a database that passes PRAGMA integrity_check,
#   - and a rerun without faults must complete (exit 0) with facts identical to the
#     uninterrupted run's (each document once, no fact lost or doubled).
# The input is tiny (3 documents in 2 batches) so that the loop over every point stays short.
#   bash tests/scripts/fault_injection.sh QUARRY_BIN SOURCE_DIR   (QUARRY_FAULT_SHIM: the shim)
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
shim=${QUARRY_FAULT_SHIM:-}
[[ -n $shim && -f $shim ]] || { echo "FAIL: QUARRY_FAULT_SHIM is not set to the built shim (ctest sets it)" >&2; exit 1; }
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Under AddressSanitizer its runtime must come first among preloaded libraries.
preload=$shim
asan=$(ldd "$bin" 2>/dev/null | awk '/libasan/ {print $3; exit}')
[[ -n $asan ]] && preload="$asan $shim"

cat >docs.jsonl <<'EOF'
{"id": "a", "published": "2025-12-02", "text": "Leapmotor delivered 70,327 vehicles in November, up 75% year-on-year."}
{"id": "b", "published": "2025-12-02", "text": "NIO delivered 36,275 vehicles in November. AITO delivered 44,580 vehicles."}
{"id": "c", "published": "2025-11-03", "text": "BYD sold 441,706 vehicles in October, down 12% from a year earlier."}
EOF
extract() { "$bin" extract --db "$1" --batch 2 docs.jsonl; }
dump() {
  sqlite3 "$1" "SELECT d.doc_id, f.type, f.subject, f.value, f.unit, f.period, f.span_begin, f.span_end
                FROM facts f JOIN documents d ON d.id = f.document_id ORDER BY 1, 2, 3, 4, 6, 7;
                SELECT 'documents', count(*), count(DISTINCT doc_id) FROM documents;"
}

QUARRY_FAULT_COUNT=$work/points LD_PRELOAD=$preload extract ref.db >/dev/null 2>ref.err ||
  { cat ref.err >&2; fail "the run without faults failed"; }
points=$(cat points)
dump ref.db >ref.txt
((points > 0)) || fail "the shim counted no I/O point (is it preloaded?)"
grep -q '^a|deliveries|Leapmotor|70327|' ref.txt || fail "the reference run found no facts: $(head -3 ref.txt)"
echo "$points I/O points on the database files in an uninterrupted run; $(grep -c . ref.txt) rows of reference"

checked=0
for mode in persist once; do
  if [[ $mode == persist ]]; then err=ENOSPC; else err=EIO; fi
  for ((n = 1; n <= points; n++)); do
    what="$mode $err at point $n of $points"
    rm -f f.db f.db-wal f.db-shm f.db-journal
    QUARRY_FAULT_AT=$n QUARRY_FAULT_MODE=$mode QUARRY_FAULT_ERRNO=$err LD_PRELOAD=$preload \
      extract f.db >out 2>err
    rc=$?
    ((rc < 128)) || { cat err >&2; fail "$what: killed by signal $((rc - 128))"; }
    ((rc == 2)) || { cat err >&2; fail "$what: exit $rc, want 2"; }
    grep -qE 'AddressSanitizer|runtime error|terminate called' err && { cat err >&2; fail "$what: sanitizer report or uncaught exception"; }
    grep -qE "^quarry: f\.db: .*(disk is full|disk I/O error|I/O error)" err ||
      { cat err >&2; fail "$what: no error line naming f.db and the cause"; }
    (($(grep -vc '^quarry extract: ' err) <= 3)) || { cat err >&2; fail "$what: more than 3 error lines"; }
    if [[ -s f.db ]]; then
      check=$(sqlite3 f.db "PRAGMA integrity_check;" 2>&1)
      [[ $check == ok ]] || fail "$what: integrity_check: $check"
    fi
    extract f.db >out2 2>err2 || { cat err2 >&2; fail "$what: the rerun without faults exited $?"; }
    dump f.db >f.txt
    cmp -s ref.txt f.txt || { diff ref.txt f.txt >&2; fail "$what: the rerun's facts differ from the uninterrupted run's"; }
    ((checked++))
  done
done
echo "ok: $checked faulted runs, each exit 2 with one clear line, integrity ok, and a rerun with identical facts"
