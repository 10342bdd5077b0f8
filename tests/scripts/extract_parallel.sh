#!/usr/bin/env bash
# extract_parallel: the scale-out recipe. GNU parallel runs `quarry extract --format jsonl -` over
# sharded JSONL (and over --pipe blocks of one file); `quarry load` merges the outputs; the
# database equals a single-process `quarry extract` on the same documents. Loading again adds
# nothing.
set -euo pipefail
QUARRY=$1; SRC=$2
fail() { echo "FAIL: $*"; exit 1; }
command -v parallel >/dev/null || fail "GNU parallel is not installed (run scripts/setup --tests)"
G=(--grammars "$SRC/grammars")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
python3 "$SRC/tests/input/gen_news.py" --docs 160 --seed 3 --jsonl news.jsonl --shards 4
"$QUARRY" "${G[@]}" --quiet extract --db single.db news.jsonl 2>/dev/null || fail "single-process run"

# Shards as files, one quarry per shard, outputs in files.
parallel --will-cite -j 2 "'$QUARRY' --grammars '$SRC/grammars' --quiet extract --jobs 1 --format jsonl - < {} > {}.facts 2>/dev/null" ::: news.jsonl.?
"$QUARRY" --quiet load --db sharded.db news.jsonl.?.facts 2>/dev/null || fail "load of shards"
# The README recipe: --pipe blocks of one file on stdin, facts on stdout.
parallel --will-cite --pipe -j 2 --block 40k "'$QUARRY' --grammars '$SRC/grammars' --quiet extract --jobs 1 --format jsonl - 2>/dev/null" < news.jsonl > piped.facts
"$QUARRY" --quiet load --db piped.db piped.facts 2>/dev/null || fail "load of piped output"

q="select doc_id, type, subject, coalesce(object,''), value, coalesce(unit,''), coalesce(period,''), approx, modality,
          evidence, coalesce(qualifiers,''), span_begin, span_end, rule from facts_v order by doc_id, span_begin, type, rule"
sqlite3 single.db "$q" > single.txt
[[ -s single.txt ]] || fail "no facts"
for db in sharded piped; do
  sqlite3 $db.db "$q" > $db.txt
  cmp single.txt $db.txt || fail "$db: facts differ from the single-process run"
done
"$QUARRY" --quiet load --db sharded.db news.jsonl.?.facts 2> again.txt || fail "second load"
grep -q '^quarry load: 0 documents' again.txt || fail "second load stored documents: $(cat again.txt)"
[[ $(sqlite3 sharded.db "$q" | wc -l) == $(wc -l < single.txt) ]] || fail "second load duplicated facts"
echo "ok: $(wc -l < single.txt) facts equal across single, sharded and --pipe runs"
