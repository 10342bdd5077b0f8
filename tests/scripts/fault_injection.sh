#!/usr/bin/env bash
# Fault injection over every I/O point of a small extract, the way SQLite tests itself: the
# LD_PRELOAD shim tests/fault/fault_shim.c (Note [Fault injection points]) fails the Nth write,
# pwrite, writev, fsync, fdatasync or ftruncate on the database files. An uninterrupted run counts
# the points; then for every N, with the two kinds of fault taking turns (N = 1, 3, ...: a full disk that
# stays full, ENOSPC from the Nth point on; N = 2, 4, ...: a transient I/O error, EIO at the Nth point
# only), extract must
#   - stop with exit 2 and a one-line error naming the database (never a signal, never exit 0),
#   - leave a database that passes PRAGMA integrity_check,
#   - and a rerun without faults must complete (exit 0) with facts identical to the
#     uninterrupted run's (each document once, no fact lost or doubled).
# The input is tiny (3 documents in 2 batches) so that the loop over every point stays short; most
# of the points (about 120 of 160) are the creation of the schema. A sanitizer build, several times
# slower, steps through every 8th point: about 20 runs, still spread over the schema, the
# batches, the run record and the close.
#   bash tests/scripts/fault_injection.sh QUARRY_BIN SOURCE_DIR   (QUARRY_FAULT_SHIM: the shim)
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
shim=${QUARRY_FAULT_SHIM:-}
[[ -n $shim && -f $shim ]] || { echo "FAIL: QUARRY_FAULT_SHIM is not set to the built shim (ctest sets it)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# A one-rule grammar pack (the project's lexicon and schema, three brands): what is under test is
# the database's I/O, and the full pack's loading was three quarters of each run's CPU time.
mkdir -p pack/gazetteer
cp -r "$src/grammars/lexicon" "$src/grammars/pack.schema" pack/
printf 'Leapmotor\tbrand\nNIO\tbrand\nBYD\tbrand\n' >pack/gazetteer/brands.tsv
cat >pack/deliveries.rules <<'EOF'
rule deliveries.brand
  set type=deliveries modality=actual
  match subject:<entity kind=brand> _{0,4} ("delivered" | "sold") value:<quantity unit=vehicle|none>
  example "Leapmotor delivered 70,327 vehicles in November." => subject=Leapmotor value=70327 period=XXXX-11
end
EOF
export QUARRY_GRAMMARS=$work/pack

# Under AddressSanitizer its runtime must come first among preloaded libraries.
preload=$shim
asan=$(ldd "$bin" 2>/dev/null | awk '/libasan/ {print $3; exit}')
[[ -n $asan ]] && preload="$asan $shim"

cat >docs.jsonl <<'EOF'
{"id": "a", "published": "2025-12-02", "text": "Leapmotor delivered 70,327 vehicles in November, up 75% year-on-year."}
{"id": "b", "published": "2025-12-02", "text": "NIO delivered 36,275 vehicles in November. Leapmotor sold 60,000 in October."}
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

step=1
[[ -n $asan ]] && step=8
checked=0
for ((n = 1; n <= points; n += step)); do
  if ((checked % 2 == 0)); then mode=persist err=ENOSPC; else mode=once err=EIO; fi
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
echo "ok: $checked faulted runs, each exit 2 with one clear line, integrity ok, and a rerun with identical facts"
