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
