#!/usr/bin/env bash
# CLI contract (issue 2): unknown flags, missing files and unreadable input each give a one-line
# error naming the problem and exit 2; --help describes every flag.
set -u
q=$1
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

expect_usage_error() {  # expect_usage_error NEEDLE CMD...
  local needle=$1; shift
  "$@" >out.txt 2>err.txt
  local rc=$?
  local lines
  lines=$(wc -l <err.txt)
  if [[ $rc != 2 ]]; then echo "FAIL: '$*' exited $rc, expected 2"; fail=1; fi
  if [[ $lines != 1 ]]; then echo "FAIL: '$*' printed $lines error lines, expected 1:"; cat err.txt; fail=1; fi
  if ! grep -q -- "$needle" err.txt; then echo "FAIL: '$*' error does not name '$needle':"; cat err.txt; fail=1; fi
}

expect_usage_error "--frobnicate" "$q" extract --frobnicate x.txt
expect_usage_error "nope.txt" "$q" extract --db t.db nope.txt
printf 'x' > locked.txt; chmod 000 locked.txt
if [[ $(id -u) != 0 ]]; then expect_usage_error "locked.txt" "$q" extract --db t.db locked.txt; fi
expect_usage_error "nope.txt" "$q" tokenize nope.txt
expect_usage_error "--bogus" "$q" --bogus
expect_usage_error "2025-13-45" "$q" extract --published 2025-13-45 --format jsonl /dev/null

# --help names every flag of extract.
"$q" extract --help >help.txt 2>&1 || { echo "FAIL: extract --help exited non-zero"; fail=1; }
for flag in --db --format --published --jobs; do
  grep -q -- "$flag" help.txt || { echo "FAIL: extract --help does not describe $flag"; fail=1; }
done
"$q" --help >help.txt 2>&1 || { echo "FAIL: --help exited non-zero"; fail=1; }
for cmd in extract tokenize annotate explain grammar eval query facts series verify check report load; do
  grep -q -- "$cmd" help.txt || { echo "FAIL: --help does not list $cmd"; fail=1; }
done
exit $fail
