# Shared by tests/scripts/memory_*.sh (sourced; not a test itself). Peak memory of one quarry run
# through GNU time's %M (maximum resident set size, kB).
#   memory_init QUARRY       sets MEM_ASAN=1 for a sanitizer build (else 0) and, for a plain
#                            build, caps the address space at 3 GB so a regression fails the test
#                            instead of swapping the machine (AddressSanitizer reserves terabytes
#                            of shadow space at start-up and aborts under ulimit -v).
#   mem_run OUT ERR CMD...   runs CMD with stdout to OUT and stderr to ERR; sets MEM_KB (peak
#                            RSS) and MEM_RC (exit status).
#   mem_fail MESSAGE         prints FAIL and exits 1.
mem_fail() { echo "FAIL: $*" >&2; exit 1; }

memory_init() {
  [[ -x /usr/bin/time ]] || mem_fail "/usr/bin/time (GNU time, Debian package time) is missing: scripts/setup --tests installs it"
  MEM_ASAN=0
  # (Not `ldd | grep -q`: under pipefail, grep -q quitting early can SIGPIPE ldd.)
  case "$(ldd "$1" 2>/dev/null)" in *libasan*) MEM_ASAN=1 ;; esac
  if ((MEM_ASAN == 0)); then ulimit -v 3000000; fi
}

mem_run() {
  local out=$1 err=$2 rss
  shift 2
  rss=$(mktemp)
  set +e
  /usr/bin/time -f '%M' -o "$rss" "$@" >"$out" 2>"$err"
  MEM_RC=$?
  set -e
  MEM_KB=$(tail -1 "$rss")
  rm -f "$rss"
  [[ $MEM_KB =~ ^[0-9]+$ ]] || MEM_KB=0
}

# mem_facts_dbs QUARRY SRC DIR: the usual pair of fact databases for a read command's test:
# DIR/small.db and DIR/big.db from mem_facts_db with 8,000 facts and 10 copies (2,000 under
# AddressSanitizer, whose quarantine is kept small); sets n and big (the two sizes in facts)
# and points QUARRY_GRAMMARS at the project's pack.
mem_facts_dbs() {
  n=8000
  if ((MEM_ASAN)); then
    n=2000
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
  fi
  export QUARRY_GRAMMARS=$2/grammars
  mem_facts_db "$1" "$3" "$n" 10
  big=$((n * 10))
}

# mem_facts_db QUARRY DIR FACTS COPIES: two quarry databases for the read commands' memory tests,
# DIR/small.db with FACTS facts (10 per document) written by `quarry load` from a generated
# facts JSONL (DIR/facts.jsonl, the `facts --format jsonl` shape), and DIR/big.db holding COPIES
# copies of every document with its facts (copied in SQL: loading 10x the facts would take most
# of the test's time). The figures are of 8 invented brands, 2 scopes and 24 months, so a series
# has the same cells at either size; one document in 7 states its figures 5,000 higher, so
# `check` finds the same disagreements (one finding per subject, type, period and scope) at
# either size, with more sources each.
mem_facts_db() {
  local quarry=$1 dir=$2 n=$3 copies=$4 i
  python3 - "$dir/facts.jsonl" "$n" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
brands = [f"Brand{b:02d}" for b in range(1, 9)]
months = [f"{2024 + m // 12}-{m % 12 + 1:02d}" for m in range(24)]
types = ["deliveries", "sales", "production", "exports", "outlets"]
with open(path, "w") as out:
    for k in range(n):
        d, j = divmod(k, 10)
        brand, month = brands[d % 8], months[(d // 8) % 24]
        t, scope = types[j % 5], ("" if j < 5 else "BEV")
        # Every type of a scope states the same figure: deliveries and sales are one measure
        # family, so copies of one document never disagree with each other.
        value = 1000 + 37 * (brands.index(brand) + 1) * (months.index(month) + 3) + 11 * (j // 5)
        if d % 7 == 3:
            value += 5000
        ev = f"{brand} reported {value:,} {t} in {month} ({scope or 'all'}), the company said in statement {d}."
        out.write(json.dumps({"doc": f"memory/doc-{d:06d}", "type": t, "subject": brand, "object": None,
            "value": value, "unit": "outlet" if t == "outlets" else "vehicle", "scope": scope, "period": month,
            "approx": "=", "modality": "actual", "qualifiers": [], "span": [16, 22], "sentence": [0, len(ev)],
            "evidence": ev, "rule": "memory.rules:1 generated"}) + "\n")
PY
  "$quarry" -q load --db "$dir/small.db" "$dir/facts.jsonl" >/dev/null 2>"$dir/load.err" ||
    { cat "$dir/load.err" >&2; mem_fail "quarry load of the generated facts failed"; }
  cp "$dir/small.db" "$dir/big.db"
  {
    echo "PRAGMA synchronous = OFF; BEGIN;"
    echo "CREATE TEMP TABLE d0 AS SELECT * FROM documents; CREATE TEMP TABLE f0 AS SELECT * FROM facts;"
    for ((i = 1; i < copies; i++)); do
      echo "CREATE TEMP TABLE d$i AS SELECT * FROM d0; CREATE TEMP TABLE f$i AS SELECT * FROM f0;"
      echo "UPDATE d$i SET id = id + $i * (SELECT max(id) FROM d0), doc_id = doc_id || '.$i', content_hash = content_hash || '.$i';"
      echo "UPDATE f$i SET id = id + $i * (SELECT max(id) FROM f0), document_id = document_id + $i * (SELECT max(id) FROM d0);"
      echo "INSERT INTO documents SELECT * FROM d$i; INSERT INTO facts SELECT * FROM f$i;"
    done
    echo "COMMIT;"
  } | sqlite3 "$dir/big.db" || mem_fail "copying the facts in SQL failed"
}

# mem_flat DIR LABEL WANT_RC ARG...: runs ARG... (the quarry binary and its arguments, with @DB@
# standing for the database) on DIR/small.db and then on DIR/big.db, each must exit WANT_RC; the
# big run's peak RSS must stay within 1.25x the small run's plus 8 MB (a plain build; under
# AddressSanitizer, whose allocator keeps freed memory in quarantine, 1.5x plus 16 MB, as
# memory_verify allows). The big run's output is left in DIR/out and DIR/err.
mem_flat() {
  local dir=$1 label=$2 want=$3 size a small_kb=0 limit
  shift 3
  for size in small big; do
    local args=()
    for a in "$@"; do args+=("${a//@DB@/$dir/$size.db}"); done
    mem_run "$dir/out" "$dir/err" "${args[@]}"
    ((MEM_RC == want)) || { tail -5 "$dir/err" >&2; mem_fail "$label on $size.db: exit $MEM_RC, want $want"; }
    [[ $size == small ]] && small_kb=$MEM_KB
  done
  if ((MEM_ASAN)); then limit=$((small_kb * 3 / 2 + 16384)); else limit=$((small_kb * 5 / 4 + 8192)); fi
  echo "$label: peak RSS $small_kb kB on the small database, $MEM_KB kB on the big one (limit $limit kB)"
  ((MEM_KB <= limit)) || mem_fail "$label: memory grows with the database: $MEM_KB kB with 10x the facts, $small_kb kB"
}
