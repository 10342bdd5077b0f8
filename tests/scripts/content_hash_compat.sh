#!/usr/bin/env bash
# content_hash_compat: a database in the format of earlier versions (documents.content_hash as bare
# SHA-256 hex of the raw bytes) is still recognised. Extracting the same inputs into it again stores
# nothing twice and writes no other kind of hash; a new document goes in as SHA-256; `load` hashes
# the same way. A new database gets "xxh128:" hashes, and a second run skips every document too.
# (Note [Content hash] in extractor/store/content_hash.cc.)
set -euo pipefail
QUARRY=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }
G=(--grammars "$SRC/grammars")

# Inputs: the team's articles as files, and the same texts as JSONL lines (a \u escape and a
# surrogate pair among them, so the hashed bytes are the decoded ones).
mkdir in
cp "$SRC"/corpus/articles/0*.txt in/
python3 - "$SRC/corpus/articles" <<'PY'
import glob, json, os, sys
with open("in/docs.jsonl", "w") as out:
    for p in sorted(glob.glob(os.path.join(sys.argv[1], "1*.txt"))):
        text = open(p, encoding="utf-8").read() + "\nEscaped: caf\u00e9 \U0001F697.\n"
        out.write(json.dumps({"id": os.path.basename(p), "text": text}, ensure_ascii=True) + "\n")
PY
n_in=$(( $(ls in/*.txt | wc -l) + $(wc -l < in/docs.jsonl) ))

# The hash earlier versions stored: SHA-256 of the raw bytes (the file; the decoded JSONL text).
sha_of() {  # doc_id source_file -> hex
  python3 - "$1" "$2" <<'PY'
import hashlib, json, sys
doc_id, src = sys.argv[1], sys.argv[2]
if src.endswith(".jsonl"):
    for line in open(src, encoding="utf-8"):
        d = json.loads(line)
        if d["id"] == doc_id:
            print(hashlib.sha256(d["text"].encode("utf-8")).hexdigest())
else:
    print(hashlib.sha256(open(src, "rb").read()).hexdigest())
PY
}

"$QUARRY" "${G[@]}" --quiet extract --db new.db in 2>/dev/null || fail "first extract into a new database"
n=$(sqlite3 new.db "select count(*) from documents")
[[ $n -eq $n_in ]] || fail "new database: $n documents stored, $n_in read"
bad=$(sqlite3 new.db "select count(*) from documents where content_hash not glob 'xxh128:[0-9a-f]*' or length(content_hash) != 39")
[[ $bad -eq 0 ]] || fail "new database: $bad hashes are not xxh128:<32 hex>"
facts=$(sqlite3 new.db "select count(*) from facts")
[[ $facts -gt 0 ]] || fail "no facts"

# A database as an earlier version left it: the same rows, every hash SHA-256 hex.
cp new.db old.db
sqlite3 old.db "select id, doc_id, source_file from documents" | while IFS='|' read -r id doc src; do
  echo "update documents set content_hash = '$(sha_of "$doc" "$src")' where id = $id;"
done > rehash.sql
sqlite3 old.db < rehash.sql
legacy=$(sqlite3 old.db "select count(*) from documents where length(content_hash) = 64 and content_hash not glob '*[^0-9a-f]*'")
[[ $legacy -eq $n ]] || fail "could not write the old format ($legacy of $n)"

for db in old.db new.db; do
  "$QUARRY" "${G[@]}" extract --db $db in 2>err.txt || fail "$db: re-extract: $(cat err.txt)"
  grep -q ": 0 documents (0 new, 0 re-extracted), $n_in skipped" err.txt ||
    fail "$db: re-extract should skip all $n_in documents: $(grep "^quarry extract: [0-9]" err.txt)"
  [[ $(sqlite3 $db "select count(*) from documents") -eq $n ]] || fail "$db: documents stored twice"
  [[ $(sqlite3 $db "select count(*) from facts") -eq $facts ]] || fail "$db: facts changed"
done
[[ $(sqlite3 old.db "select count(*) from documents where content_hash glob 'xxh128:*'") -eq 0 ]] ||
  fail "old database: a run wrote xxh128 hashes beside SHA-256 ones"

# A new document in the old database is stored with SHA-256, and found again by the next run.
cp "$SRC/corpus/articles/20-great-wall-sales.txt" in/new.txt
"$QUARRY" "${G[@]}" --quiet extract --db old.db in 2>/dev/null || fail "extract with a new document"
[[ $(sqlite3 old.db "select count(*) from documents") -eq $((n + 1)) ]] || fail "the new document was not stored once"
got=$(sqlite3 old.db "select content_hash from documents where doc_id like '%new.txt'")
[[ $got == $(sha256sum in/new.txt | cut -c1-64) ]] || fail "old database: new document hashed as '$got', not SHA-256"
"$QUARRY" "${G[@]}" extract --db old.db in 2>err.txt || fail "third run"
grep -q ": 0 documents (0 new, 0 re-extracted), $((n_in + 1)) skipped" err.txt || fail "third run should skip everything: $(grep "^quarry extract: [0-9]" err.txt)"

# load: the same rule for a facts group's hash.
"$QUARRY" "${G[@]}" --quiet extract --format jsonl in > facts.jsonl 2>/dev/null
for db in old.db new.db; do
  "$QUARRY" --quiet load --db $db facts.jsonl 2>/dev/null || fail "$db: load"
  before=$(sqlite3 $db "select count(*) from documents")
  "$QUARRY" --quiet load --db $db facts.jsonl 2>/dev/null || fail "$db: load again"
  [[ $(sqlite3 $db "select count(*) from documents") -eq $before ]] || fail "$db: load stored a group twice"
done
[[ $(sqlite3 old.db "select count(*) from documents where content_hash glob 'xxh128:*'") -eq 0 ]] ||
  fail "old database: load wrote xxh128 hashes"
[[ $(sqlite3 new.db "select count(*) from documents where grammar_version = 'loaded' and content_hash not glob 'xxh128:*'") -eq 0 ]] ||
  fail "new database: load wrote hashes without the prefix"
echo "ok: content hashes of old and new databases"
