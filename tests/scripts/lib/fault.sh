# Shared by the fault-injection tests (fault_injection*.sh), sourced after `set -uo pipefail`.
#   fault_init BIN SRC        checks QUARRY_FAULT_SHIM, makes and enters a work directory (removed
#                             on exit); sets bin, src, shim, work, preload (the shim, after ASan's
#                             runtime in a sanitizer build) and asan (that runtime, or empty)
#   fault_extract_fixture     a one-rule grammar pack (the project's lexicon and schema, three
#                             brands) and docs.jsonl (3 documents, 2 batches); defines extract DB
#   fault_dump DB             the stored facts and document count, one line each, in a fixed order
#   fault_every_point RUN CMD fails each counted I/O point in turn (N = 1, 3, ...: ENOSPC from N on;
#                             N = 2, 4, ...: EIO at N only; every 8th point under ASan) while
#                             `RUN f.db` runs, and asserts exit 2, one clear line naming f.db,
#                             integrity_check ok, and a rerun whose dump equals ref.txt. CMD is the
#                             command's name in its summary line ("quarry CMD: ...").
fail() { echo "FAIL: $*" >&2; exit 1; }

fault_init() {
  bin=$(realpath "$1"); src=$(realpath "$2")
  shim=${QUARRY_FAULT_SHIM:-}
  [[ -n $shim && -f $shim ]] || fail "QUARRY_FAULT_SHIM is not set to the built shim (ctest sets it)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cd "$work" || fail "cannot enter $work"
  # Under AddressSanitizer its runtime must come first among preloaded libraries.
  preload=$shim
  asan=$(ldd "$bin" 2>/dev/null | awk '/libasan/ {print $3; exit}')
  [[ -n $asan ]] && preload="$asan $shim"
  return 0
}

# What is under test is the database's I/O: the full pack's loading was three quarters of each
# run's CPU time, so one rule does.
fault_extract_fixture() {
  mkdir -p pack/gazetteer
  cp -r "$src/grammars/lexicon" "$src/grammars/pack.schema" pack/
  printf 'Leapmotor\tbrand\nNIO\tbrand\nBYD\tbrand\n' >pack/gazetteer/brands.tsv
  cat >pack/deliveries.rules <<'RULES'
rule deliveries.brand
  set type=deliveries modality=actual
  match subject:<entity kind=brand> _{0,4} ("delivered" | "sold") value:<quantity unit=vehicle|none>
  example "Leapmotor delivered 70,327 vehicles in November." => subject=Leapmotor value=70327 period=XXXX-11
end
RULES
  export QUARRY_GRAMMARS=$work/pack
  cat >docs.jsonl <<'DOCS'
{"id": "a", "published": "2025-12-02", "text": "Leapmotor delivered 70,327 vehicles in November, up 75% year-on-year."}
{"id": "b", "published": "2025-12-02", "text": "NIO delivered 36,275 vehicles in November. Leapmotor sold 60,000 in October."}
{"id": "c", "published": "2025-11-03", "text": "BYD sold 441,706 vehicles in October, down 12% from a year earlier."}
DOCS
  extract() { "$bin" extract --db "$1" --batch 2 docs.jsonl; }
}

fault_dump() {
  sqlite3 "$1" "SELECT d.doc_id, f.type, f.subject, f.value, f.unit, f.period, f.span_begin, f.span_end, s.evidence
              FROM facts f JOIN documents d ON d.id = f.document_id LEFT JOIN sentences s ON s.id = f.sentence_id
              ORDER BY 1, 2, 3, 4, 6, 7;
              SELECT 'documents', count(*), count(DISTINCT doc_id) FROM documents;"
}

fault_every_point() {
  local run=$1 cmd=$2 step=1 n rc mode err what check
  [[ -n $asan ]] && step=8
  checked=0
  for ((n = 1; n <= points; n += step)); do
    if ((checked % 2 == 0)); then mode=persist err=ENOSPC; else mode=once err=EIO; fi
    what="$mode $err at point $n of $points"
    rm -f f.db f.db-wal f.db-shm f.db-journal
    QUARRY_FAULT_AT=$n QUARRY_FAULT_MODE=$mode QUARRY_FAULT_ERRNO=$err LD_PRELOAD=$preload "$run" f.db >out 2>err
    rc=$?
    ((rc < 128)) || { cat err >&2; fail "$what: killed by signal $((rc - 128))"; }
    ((rc == 2)) || { cat err >&2; fail "$what: exit $rc, want 2"; }
    grep -qE 'AddressSanitizer|runtime error|terminate called|Assertion' err &&
      { cat err >&2; fail "$what: sanitizer report, assertion or uncaught exception"; }
    grep -qE "^quarry: f\.db: .*(disk is full|disk I/O error|I/O error)" err ||
      { cat err >&2; fail "$what: no error line naming f.db and the cause"; }
    (($(grep -vc "^quarry $cmd: " err) <= 3)) || { cat err >&2; fail "$what: more than 3 error lines"; }
    if [[ -s f.db ]]; then
      check=$(sqlite3 f.db "PRAGMA integrity_check;" 2>&1)
      [[ $check == ok ]] || fail "$what: integrity_check: $check"
    fi
    "$run" f.db >out2 2>err2 || { cat err2 >&2; fail "$what: the rerun without faults exited $?"; }
    fault_dump f.db >f.txt
    cmp -s ref.txt f.txt || { diff ref.txt f.txt >&2; fail "$what: the rerun's facts differ from the uninterrupted run's"; }
    ((checked++))
  done
}
