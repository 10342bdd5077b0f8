#!/usr/bin/env bash
# corpus_dates: the sample corpora carry their publication dates in front matter, so the README's
# main job (`quarry extract corpus/articles && quarry facts`) resolves every period's year:
# no fact of a dated document keeps XXXX; the front matter is metadata (title and date stored,
# never tokenized: the headline is the first token, spans index the raw file); `quarry eval`
# needs no index.tsv for them, and still honours an index.tsv beside gold/ for a folder of plain
# articles (backward compatible). Usage: corpus_dates.sh QUARRY_BIN SOURCE_DIR.
set -euo pipefail
QUARRY=$1; SRC=$2
G=(--grammars "$SRC/grammars")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Every article starts with a front matter block that has a date.
for f in "$SRC"/corpus/articles/* "$SRC"/corpus/heldout/*.txt; do
  [[ $(head -1 "$f") == --- ]] || fail "$f: no front matter"
  sed -n '2,/^---$/p' "$f" | grep -Eq '^published: [0-9]{4}-[0-9]{2}-[0-9]{2}$' || fail "$f: no published date"
done

"$QUARRY" "${G[@]}" -q extract --db "$T/x.db" "$SRC/corpus/articles" 2>"$T/err" || fail "extract: $(tail -3 "$T/err")"
undated=$(sqlite3 "$T/x.db" "select count(*) from documents where coalesce(published, '') = ''")
[[ $undated == 0 ]] || fail "$undated documents without a date"
[[ $(sqlite3 "$T/x.db" "select count(*) from documents where coalesce(title, '') = ''") == 0 ]] || fail "documents without a title"
n=$(sqlite3 "$T/x.db" "select count(*) from facts_v where period <> ''")
[[ $n -gt 200 ]] || fail "only $n facts with a period"
bad=$(sqlite3 "$T/x.db" "select f.doc_id || ': ' || f.type || ' ' || f.subject || ' ' || f.value || ' ' || f.period
                         from facts_v f join documents d on d.doc_id = f.doc_id
                         where coalesce(d.published, '') <> '' and f.period like '%XXXX%'")
[[ -z $bad ]] || fail "unresolved years in dated documents:"$'\n'"$bad"
# Nothing from the front matter: every figure lies after the block (the first "---" line pair).
sqlite3 -separator ' ' "$T/x.db" "select doc_id, span_begin from facts_v" > "$T/spans"
while read -r doc begin; do
  off=$(LC_ALL=C awk 'NR==1 && $0!="---"{exit} NR>1 && $0=="---"{print n+4; exit} {n+=length($0)+1}' "$doc")
  [[ -n $off && $begin -ge $off ]] || fail "$doc: a fact at byte $begin, inside the front matter (body at ${off:-?})"
done < <(awk '{print $1, $2}' "$T/spans" | sort -u -k1,1 -k2,2n | awk '!seen[$1]++')

# The README's listing shows resolved periods.
"$QUARRY" "${G[@]}" facts --db "$T/x.db" --sample --limit 12 > "$T/facts.txt" || fail "facts"
grep -q '2025-11' "$T/facts.txt" || fail "facts --limit 12 shows no 2025-11:"$'\n'"$(cat "$T/facts.txt")"
! grep -q 'XXXX' "$T/facts.txt" || fail "facts --limit 12 shows unresolved years:"$'\n'"$(cat "$T/facts.txt")"
# ... and a varied set: one fact per type and subject first, the types in turn.
"$QUARRY" "${G[@]}" facts --db "$T/x.db" --sample --limit 12 --format csv | tail -n +2 | cut -d, -f3 > "$T/types.txt"
[[ $(sort -u "$T/types.txt" | wc -l) -ge 10 ]] || fail "facts --sample --limit 12 is not varied: $(tr '\n' ' ' < "$T/types.txt")"

# tokenize: the headline (first body line) is the first token, at the raw body offset.
a="$SRC/corpus/articles/02-nio-november-deliveries.txt"
off=$(LC_ALL=C awk 'NR>1 && $0=="---"{print n+4; exit} {n+=length($0)+1}' "$a")
"$QUARRY" tokenize --format jsonl "$a" | head -1 > "$T/tok"
python3 - "$T/tok" "$a" "$off" <<'PY' || fail "tokenize does not start at the headline"
import json, sys
t = json.loads(open(sys.argv[1]).readline())
raw = open(sys.argv[2], "rb").read()
off = int(sys.argv[3])
b, e = t["span"]
assert b == off, (t, off)
assert raw[b:e].decode() == t["text"] == "NIO", t
PY

# eval: no index.tsv needed (the corpus has none); an index.tsv beside gold/ still dates plain
# articles (the format other corpora use), and --published stays the last resort.
[[ ! -e "$SRC/corpus/index.tsv" ]] || fail "corpus/index.tsv is back: the dates live in the articles"
"$QUARRY" "${G[@]}" eval "$SRC/corpus/articles/01-hima-leapmotor-november.txt" --gold "$SRC/corpus/gold" \
  --min-f1 0.9 --summary > "$T/eval.txt" || fail "eval without index: $(tail -3 "$T/eval.txt")"
mkdir -p "$T/c/articles" "$T/c/gold"
printf 'NIO monthly update\nNIO delivered 36,275 vehicles in November.\n' > "$T/c/articles/a.txt"
printf '{"type":"deliveries","subject":"NIO","value":36275,"period":"2025-11"}\n' > "$T/c/gold/a.jsonl"
"$QUARRY" "${G[@]}" eval "$T/c/articles" --min-f1 0.99 --summary > /dev/null && fail "undated article scored a dated gold"
printf '# file\tpublished\turl\ttitle\na.txt\t2025-12-01\t\tNIO monthly update\n' > "$T/c/index.tsv"
"$QUARRY" "${G[@]}" eval "$T/c/articles" --min-f1 0.99 --summary > /dev/null || fail "index.tsv beside gold/ not honoured"
rm "$T/c/index.tsv"
"$QUARRY" "${G[@]}" eval "$T/c/articles" --published 2025-12-01 --min-f1 0.99 --summary > /dev/null || fail "--published"
echo ok
