#!/usr/bin/env bash
# verify_corpus100: quarry verify over a database extracted from corpus/articles, with 100 claims
# (tests/verify/corpus100_claims.csv: a third true, a third wrong, a third absent) gives exactly
# the verdict in each claim's note column, and exit 1 (contradictions present).
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$QUARRY" -q --grammars "$SRC/grammars" extract --db "$T/c.db" "$SRC/corpus/articles" 2> "$T/extract.err" || {
  echo "FAIL: extract: $(tail -3 "$T/extract.err")"; exit 1; }
set +e
"$QUARRY" --grammars "$SRC/grammars" verify --db "$T/c.db" --format jsonl "$SRC/tests/verify/corpus100_claims.csv" \
  > "$T/v.jsonl" 2> "$T/v.err"
code=$?
set -e
[[ $code == 1 ]] || { echo "FAIL: verify exited $code: $(cat "$T/v.err")"; exit 1; }
grep -q "100 claims: 34 confirmed, 0 consistent, 33 contradicted, 33 not found" "$T/v.err" || {
  echo "FAIL: summary: $(cat "$T/v.err")"; exit 1; }
python3 - "$SRC/tests/verify/corpus100_claims.csv" "$T/v.jsonl" <<'PY'
import csv, json, sys
claims = list(csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#")))
got = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
assert len(claims) == len(got) == 100, (len(claims), len(got))
bad = 0
for c, g in zip(claims, got):
    if c["note"] != g["status"]:
        bad += 1
        print(f"FAIL: line {g['line']}: {c['subject']} {c['type']} {c['period']} {c['value']}: expected {c['note']}, got {g['status']}: {g['note']}")
    elif g["status"] == "contradicted" and not (g["evidence"] and g["evidence"][0]["evidence"] and g["evidence"][0]["rule"]):
        bad += 1
        print(f"FAIL: line {g['line']}: a contradiction without its evidence and rule")
sys.exit(1 if bad else 0)
PY
echo ok
