#!/usr/bin/env bash
# extract_resume: kill -9 `quarry extract` at random moments, several rounds, then run the same
# command to the end. After every kill PRAGMA integrity_check is ok and no document is stored
# twice; at the end every document is present exactly once and the facts equal those of an
# uninterrupted run. Then a changed grammar version re-extracts and records the run.
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }
python3 "$SRC/tests/input/gen_news.py" --docs ${QUARRY_RESUME_DOCS:-3000} --seed 5 --jsonl news.jsonl
cp -r "$SRC/grammars" g
G=(--grammars g)
ndocs=$(wc -l < news.jsonl)
"$QUARRY" "${G[@]}" --quiet extract --jobs 1 --db ref.db news.jsonl 2>/dev/null || fail "reference run"
q="select d.doc_id, d.content_hash, f.type, f.subject, f.value, coalesce(f.period,''), f.span_begin, f.span_end, r.rule
   from facts f join documents d on d.id = f.document_id join rules r on r.id = f.rule_id
   order by d.doc_id, f.span_begin, f.type, f.id"
sqlite3 ref.db "$q" > ref.txt
[[ -s ref.txt ]] || fail "reference run found no facts"

RANDOM=42
killed=0
committed() {
  if [[ -f run.db && $(sqlite3 run.db "select count(*) from sqlite_master where name = 'documents'" 2>/dev/null) == 1 ]]; then
    sqlite3 run.db "select count(*) from documents" 2>/dev/null || echo 0
  else
    echo 0
  fi
}
for round in 1 2 3 4 5; do
  before=$(committed)
  # Kill once a random share (10-49%) of the remaining documents is committed: a moment in the
  # middle of extraction whatever the speed of the machine (a fixed delay raced fast machines).
  target=$(( before + (ndocs - before) * (10 + RANDOM % 40) / 100 ))
  [[ $target -gt $before ]] || target=$((before + 1))
  "$QUARRY" "${G[@]}" --quiet extract --jobs 2 --batch 8 --db run.db news.jsonl 2>/dev/null &
  pid=$!
  if [[ $round -eq 1 ]]; then
    # Round 1 may be killed while still starting up (schema creation, first batch).
    sleep "$(printf '0.%02d' $((RANDOM % 20)))"
  else
    while kill -0 $pid 2>/dev/null && [[ $(committed) -lt $target ]]; do sleep 0.005; done
  fi
  if kill -9 $pid 2>/dev/null; then killed=$((killed + 1)); fi
  wait $pid 2>/dev/null || true
  if [[ -f run.db ]]; then
    [[ $(sqlite3 run.db "pragma integrity_check") == ok ]] || fail "integrity after kill $round"
    # The writer does not enforce foreign keys (store.cc): no fact or FTS row may lose its document.
    [[ -z $(sqlite3 run.db "pragma foreign_key_check") ]] || fail "foreign key violations after kill $round"
    if [[ $(sqlite3 run.db "select count(*) from sqlite_master where name = 'documents'") == 1 ]]; then
      dups=$(sqlite3 run.db "select count(*) from (select doc_id from documents group by doc_id having count(*) > 1)")
      [[ $dups == 0 ]] || fail "documents stored twice after kill $round"
    fi
  fi
  echo "round $round: $(committed) of $ndocs documents committed (kill aimed at $target)"
done
[[ $killed -ge 3 ]] || fail "only $killed of 5 runs were killed mid-extraction (input too small?)"
"$QUARRY" "${G[@]}" --quiet extract --jobs 2 --batch 8 --db run.db news.jsonl 2> final.txt || fail "final run: $(cat final.txt)"
cat final.txt
[[ $(sqlite3 run.db "pragma integrity_check") == ok ]] || fail "integrity at the end"
[[ -z $(sqlite3 run.db "pragma foreign_key_check") ]] || fail "foreign key violations at the end"
[[ $(sqlite3 run.db "select count(*) from documents") == "$ndocs" ]] || fail "not every document present"
[[ $(sqlite3 run.db "select count(distinct doc_id) from documents") == "$ndocs" ]] || fail "a document twice"
sqlite3 run.db "$q" > run.txt
cmp ref.txt run.txt || fail "facts after kills and resume differ from an uninterrupted run"

# A changed grammar (a comment added to a rule file changes the version) re-extracts
# everything, replacing facts, and the run is recorded with the new version.
old=$(sqlite3 run.db "select grammar_version from documents limit 1")
f=$(find g -name '*.rules' | sort | head -1)
printf '\n# resume test: version bump\n' >> "$f"
"$QUARRY" "${G[@]}" --quiet extract --jobs 2 --db run.db news.jsonl 2> bump.txt || fail "re-extract: $(cat bump.txt)"
grep -q "(0 new, $ndocs re-extracted)" bump.txt || fail "not re-extracted: $(cat bump.txt)"
new=$(sqlite3 run.db "select distinct grammar_version from documents")
[[ $new != "$old" && $(wc -l <<< "$new") == 1 ]] || fail "grammar version not updated: $new"
[[ $(sqlite3 run.db "select count(*) from documents") == "$ndocs" ]] || fail "re-extraction duplicated documents"
[[ $(sqlite3 run.db "select grammar_version from runs order by id desc limit 1") == "$new" ]] || fail "run not recorded"
[[ $(sqlite3 run.db "select count(*) from facts f join grammar_versions g on g.id = f.grammar_version_id
                     where g.version <> '$new'") == 0 ]] || fail "old facts left"
# Every sentence of the killed runs is indexed (the last run's end indexes what they left), and
# the index agrees with the sentences it indexes.
[[ $(sqlite3 run.db "select count(*) from sentences where id > (select up_to from fts_indexed)") == 0 ]] ||
  fail "sentences left out of sentences_fts"
sqlite3 run.db "insert into sentences_fts (sentences_fts, rank) values ('integrity-check', 1)" || fail "sentences_fts integrity"
echo "ok: $killed kills, resumed to $ndocs documents, facts equal the uninterrupted run"
