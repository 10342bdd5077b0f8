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
source "$(dirname "$0")/lib/fault.sh"
fault_init "$1" "$2"
[[ -n $asan ]] && { echo "skipped: AddressSanitizer owns malloc; allocation failures are injected in a plain build only"; exit 0; }
fault_extract_fixture

QUARRY_FAULT_ALLOC=1 QUARRY_FAULT_COUNT=$work/points LD_PRELOAD=$shim extract ref.db >/dev/null 2>ref.err ||
  { cat ref.err >&2; fail "the run without faults failed"; }
points=$(cat points)
fault_dump ref.db >ref.txt
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
    fault_dump f.db >f.txt
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
  fault_dump f.db >f.txt
  cmp -s ref.txt f.txt || { diff ref.txt f.txt >&2; fail "$what: the rerun's facts differ from the uninterrupted run's"; }
  ((checked++))
done
echo "ok: $checked runs with an allocation failing in SQLite: $((checked - absorbed)) exit 2 with one clear line, $absorbed recovered by SQLite (exit 0, same facts); integrity ok and a rerun with identical facts each time"
