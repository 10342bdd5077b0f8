#!/usr/bin/env bash
# Fault test: standard output fails. Every command that prints results, run with stdout on
# /dev/full, must notice the failed write and exit 2 with one line on stderr that names standard
# output (never exit 0 with the results lost). An endless result (a recursive CTE) must stop:
# `quarry query ... | head -1` ends promptly (death by SIGPIPE or exit 0), and `quarry query ...
# >/dev/full` ends with exit 2.
#   bash tests/scripts/fault_stdout_errors.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }
[[ -w /dev/full ]] || { echo "SKIP: no /dev/full"; exit 0; }

cat >"$work/a.txt" <<'EOF'
Leapmotor delivered 70,327 vehicles in November 2025, up 84.1% year-on-year.
AITO delivered 81,864 vehicles in November 2025.
EOF
printf '%s\n' '{"id":"a","published":"2025-12-02","text":"Leapmotor delivered 70,327 vehicles in November 2025, up 84.1% year-on-year."}' >"$work/a.jsonl"
printf 'subject,type,period,value\nLeapmotor,deliveries,2025-11,70327\n' >"$work/claims.csv"
db=$work/quarry.db
"$bin" extract --db "$db" "$work/a.jsonl" >/dev/null 2>"$work/err0" || { cat "$work/err0" >&2; echo "FAIL: setup extract failed"; exit 1; }

full() {  # name, command...: stdout on /dev/full
  local name=$1; shift
  timeout 60 "$@" >/dev/full 2>"$work/err"
  local rc=$?
  echo "$name >/dev/full: exit $rc: $(head -c 200 "$work/err")"
  ((rc == 124)) && { fail "$name hung with stdout on /dev/full"; return; }
  ((rc == 2)) || fail "$name exited $rc with stdout on /dev/full (want 2)"
  grep -qiE 'stdout|standard output' "$work/err" || fail "$name: the message does not name standard output"
  grep -qi 'no space' "$work/err" || fail "$name: the message does not give the cause (no space left)"
}
full "facts" "$bin" facts --db "$db"
full "facts --format jsonl" "$bin" facts --db "$db" --format jsonl
full "query" "$bin" query --db "$db" "SELECT * FROM facts_v"
full "series" "$bin" series deliveries --db "$db"
full "check" "$bin" check --db "$db"
full "verify" "$bin" verify --db "$db" "$work/claims.csv"
full "tokenize" "$bin" tokenize "$work/a.txt"
full "annotate" "$bin" annotate "$work/a.txt"
full "explain" "$bin" explain "Leapmotor delivered 70,327 vehicles in November 2025."
full "extract --format jsonl" "$bin" -q extract --format jsonl "$work/a.jsonl"

endless='WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c'
for format in table csv jsonl; do
  timeout 60 "$bin" query --db "$db" --format "$format" "$endless" 2>"$work/err" | head -1 >"$work/first"
  rc=${PIPESTATUS[0]}
  echo "endless query --format $format | head -1: exit $rc, first line: $(head -c 80 "$work/first")"
  ((rc == 124)) && fail "endless query --format $format did not stop when the pipe closed"
  ((rc == 0 || rc == 141)) || fail "endless query --format $format exited $rc after the pipe closed"
  [[ -s $work/err ]] && fail "endless query --format $format printed on stderr: $(head -c 200 "$work/err")"
  full "endless query --format $format" "$bin" query --db "$db" --format "$format" "$endless"
done
exit $status
