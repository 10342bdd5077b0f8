#!/bin/bash
# `quarry eval` exits 1 below --min-f1 and 2 on a bad gold line: the acceptance test can fail.
# Args: QUARRY_BIN SOURCE_DIR.
set -u
bin=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/articles" "$tmp/gold"
printf 'NIO monthly update\nNIO delivered 36,275 vehicles in November.\n' > "$tmp/articles/a.txt"
# Gold that disagrees with the text (wrong value): F1 is 0, so --min-f1 0.5 must fail with 1.
echo '{"type":"deliveries","subject":"NIO","value":99999}' > "$tmp/gold/a.jsonl"
"$bin" --grammars "$src/grammars" eval "$tmp/articles" --gold "$tmp/gold" --published 2025-12-01 --min-f1 0.5 >/dev/null
rc=$?; [ $rc -eq 1 ] || { echo "FAIL: expected exit 1 below threshold, got $rc"; exit 1; }
# Correct gold: passes.
echo '{"type":"deliveries","subject":"NIO","value":36275,"period":"2025-11","unit":"vehicle"}' > "$tmp/gold/a.jsonl"
"$bin" --grammars "$src/grammars" eval "$tmp/articles" --gold "$tmp/gold" --published 2025-12-01 --min-f1 0.99 >/dev/null
rc=$?; [ $rc -eq 0 ] || { echo "FAIL: expected exit 0 with correct gold, got $rc"; exit 1; }
# A malformed gold line: exit 2 with file:line.
echo '{"type":"deliveries"' > "$tmp/gold/a.jsonl"
msg=$("$bin" --grammars "$src/grammars" eval "$tmp/articles" --gold "$tmp/gold" 2>&1 >/dev/null)
rc=$?; [ $rc -eq 2 ] || { echo "FAIL: expected exit 2 on bad gold, got $rc"; exit 1; }
echo "$msg" | grep -q "a.jsonl:1:" || { echo "FAIL: error does not name file:line: $msg"; exit 1; }
# A bad --published date: exit 2 naming the date.
msg=$("$bin" --grammars "$src/grammars" eval "$tmp/articles" --gold "$tmp/gold" --published 2025-13-45 2>&1 >/dev/null)
rc=$?; [ $rc -eq 2 ] || { echo "FAIL: expected exit 2 on a bad date, got $rc"; exit 1; }
echo "$msg" | grep -q "2025-13-45" || { echo "FAIL: error does not name the date: $msg"; exit 1; }
echo ok
