#!/usr/bin/env bash
# extract_jobs: --jobs 1 and --jobs N give identical results: the same facts JSONL byte for byte
# (input order is kept), and the same documents and facts in SQLite, over JSONL, a directory of
# text files and a WARC.gz.
set -euo pipefail
QUARRY=$1; SRC=$2
G=(--grammars "$SRC/grammars")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }
python3 "$SRC/tests/input/gen_news.py" --docs 60 --seed 11 --jsonl news.jsonl --warc news.warc.gz
mkdir -p dir
python3 - <<'PY'
import json
for i, line in enumerate(open("news.jsonl")):
    if i % 3 == 0:
        open(f"dir/{i:04d}.txt", "w").write(json.loads(line)["text"].replace("Report number", "File number"))
PY
inputs=(news.jsonl dir news.warc.gz)
for j in 1 2 4; do
  "$QUARRY" "${G[@]}" --quiet extract --jobs $j --batch 7 --format jsonl "${inputs[@]}" > facts.$j.jsonl 2> err.$j || fail "jsonl --jobs $j: $(cat err.$j)"
  "$QUARRY" "${G[@]}" --quiet extract --jobs $j --batch 7 --db q.$j.db "${inputs[@]}" 2> err.$j || fail "sqlite --jobs $j: $(cat err.$j)"
done
[[ -s facts.1.jsonl ]] || fail "no facts extracted"
cmp facts.1.jsonl facts.2.jsonl || fail "--jobs 2 JSONL differs from --jobs 1"
cmp facts.1.jsonl facts.4.jsonl || fail "--jobs 4 JSONL differs from --jobs 1"
dq="select id, doc_id, content_hash, coalesce(published,''), coalesce(title,'') from documents order by id"
fq="select document_id, type, subject, value, coalesce(unit,''), coalesce(period,''), span_begin, span_end, sentence_begin, rule from facts_v join facts on facts.id = fact_id order by fact_id"
for j in 2 4; do
  [[ "$(sqlite3 q.1.db "$dq")" == "$(sqlite3 q.$j.db "$dq")" ]] || fail "documents differ for --jobs $j"
  [[ "$(sqlite3 q.1.db "$fq")" == "$(sqlite3 q.$j.db "$fq")" ]] || fail "facts differ for --jobs $j"
done
n=$(sqlite3 q.1.db "select count(*) from documents")
[[ $n == 140 ]] || fail "expected 60 + 20 + 60 documents, got $n"
echo "ok: $(wc -l < facts.1.jsonl) facts identical for --jobs 1, 2, 4"
