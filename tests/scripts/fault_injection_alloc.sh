#!/usr/bin/env bash
# Allocation failures inside SQLite during a small extract: the LD_PRELOAD shim
# tests/fault/fault_shim.c with QUARRY_FAULT_ALLOC=1 (Note [Allocation failure points]) makes the
# Nth malloc, calloc or realloc called from libsqlite3 return NULL, so SQLite meets SQLITE_NOMEM
# there and quarry must handle what SQLite returns. An uninterrupted run counts the points (about
# 15,000: SQLite allocates for every statement it prepares and every page it caches); the loop
# steps through about 150 of them spread over the run (every points/150-th, from a varying
# offset), the two kinds taking turns (a failure at that point only; every allocation failing
# from that point on). For each, extract must
#   - stop with exit 2 and a one-line error naming the database and "out of memory" (never a
#     signal, never an uncaught exception), or, where SQLite recovers from the failed
#     allocation itself, succeed (exit 0) with the reference's facts,
#   - leave a database that passes PRAGMA integrity_check,
#   - and a rerun without faults must complete with facts identical to the uninterrupted run's.
# Skipped under AddressSanitizer: its runtime owns malloc, so the shim cannot interpose it.
#   bash tests/scripts/fault_injection_alloc.sh QUARRY_BIN SOURCE_DIR   (QUARRY_FAULT_SHIM: the shim)
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
shim=${QUARRY_FAULT_SHIM:-}
[[ -n $shim && -f $shim ]] || { echo "FAIL: QUARRY_FAULT_SHIM is not set to the built shim (ctest sets it)" >&2; exit 1; }
case "$(ldd "$bin" 2>/dev/null)" in
  *libasan*) echo "skipped: AddressSanitizer owns malloc; allocation failures are injected in a plain build only"; exit 0 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# The one-rule pack of fault_injection.sh: what is under test is SQLite's allocations.
mkdir -p pack/gazetteer
cp -r "$src/grammars/lexicon" "$src/grammars/pack.schema" pack/
printf 'Leapmotor\tbrand\nNIO\tbrand\nBYD\tbrand\n' >pack/gazetteer/brands.tsv
cat >pack/deliveries.rules <<'EOF2'
rule deliveries.brand
  set type=deliveries modality=actual
  match subject:<entity kind=brand> _{0,4} ("delivered" | "sold") value:<quantity unit=vehicle|none>
  example "Leapmotor delivered 70,327 vehicles in November." => subject=Leapmotor value=70327 period=XXXX-11
end
EOF2
export QUARRY_GRAMMARS=$work/pack
cat >docs.jsonl <<'EOF2'
{"id": "a", "published": "2025-12-02", "text": "Leapmotor delivered 70,327 vehicles in November, up 75% year-on-year."}
{"id": "b", "published": "2025-12-02", "text": "NIO delivered 36,275 vehicles in November. Leapmotor sold 60,000 in October."}
{"id": "c", "published": "2025-11-03", "text": "BYD sold 441,706 vehicles in October, down 12% from a year earlier."}
EOF2
extract() { "$bin" extract --db "$1" --batch 2 docs.jsonl; }
dump() {
  sqlite3 "$1" "SELECT d.doc_id, f.type, f.subject, f.value, f.unit, f.period, f.span_begin, f.span_end
              FROM facts f JOIN documents d ON d.id = f.document_id ORDER BY 1, 2, 3, 4, 6, 7;
              SELECT 'documents', count(*), count(DISTINCT doc_id) FROM documents;"
}

QUARRY_FAULT_ALLOC=1 QUARRY_FAULT_COUNT=$work/points LD_PRELOAD=$shim extract ref.db >/dev/null 2>ref.err ||
  { cat ref.err >&2; fail "the run without faults failed"; }
points=$(cat points)
dump ref.db >ref.txt
((points > 0)) || fail "the shim counted no allocation in libsqlite3 (is it preloaded, is SQLite a shared library?)"
grep -q '^a|deliveries|Leapmotor|70327|' ref.txt || fail "the reference run found no facts: $(head -3 ref.txt)"
echo "$points allocations from libsqlite3 in an uninterrupted run"

step=$((points / 150 > 1 ? points / 150 : 1))
checked=0 absorbed=0
for ((n = 1; n <= points; n += step)); do
  at=$((n + checked % step))  # a varying offset, so that the points tried are not all alike
  ((at <= points)) || break
  if ((checked % 2 == 0)); then mode=once; else mode=persist; fi
  what="$mode allocation failure at point $at of $points"
  rm -f f.db f.db-wal f.db-shm f.db-journal
  QUARRY_FAULT_ALLOC=1 QUARRY_FAULT_AT=$at QUARRY_FAULT_MODE=$mode LD_PRELOAD=$shim extract f.db >out 2>err
  rc=$?
  ((rc < 128)) || { cat err >&2; fail "$what: killed by signal $((rc - 128))"; }
  grep -qE 'runtime error|terminate called|Assertion' err && { cat err >&2; fail "$what: uncaught exception or assertion"; }
  if ((rc == 0)); then
    dump f.db >f.txt
    cmp -s ref.txt f.txt || { diff ref.txt f.txt >&2; fail "$what: exit 0 but the facts differ from the reference"; }
    ((absorbed++))
  else
    ((rc == 2)) || { cat err >&2; fail "$what: exit $rc, want 2"; }
    grep -qE "^quarry: f\.db: .*out of memory" err || { cat err >&2; fail "$what: no error line naming f.db and \"out of memory\""; }
    (($(grep -vc '^quarry extract: ' err) <= 3)) || { cat err >&2; fail "$what: more than 3 error lines"; }
  fi
  if [[ -s f.db ]]; then
    check=$(sqlite3 f.db "PRAGMA integrity_check;" 2>&1)
    [[ $check == ok ]] || fail "$what: integrity_check: $check"
  fi
  extract f.db >out2 2>err2 || { cat err2 >&2; fail "$what: the rerun without faults exited $?"; }
  dump f.db >f.txt
  cmp -s ref.txt f.txt || { diff ref.txt f.txt >&2; fail "$what: the rerun's facts differ from the uninterrupted run's"; }
  ((checked++))
done
echo "ok: $checked runs with an allocation failing in SQLite: $((checked - absorbed)) exit 2 with one clear line, $absorbed recovered by SQLite (exit 0, same facts); integrity ok and a rerun with identical facts each time"
