#!/usr/bin/env bash
# extract_basic: the walking-skeleton contract of `quarry extract`: files, directories, JSONL and
# stdin; running twice stores nothing twice; --format jsonl prints exactly the DESIGN.md fields
# with exact decimal values; bad flags / missing or unreadable files exit 2 with one line;
# --help documents every flag; `quarry load` of the JSONL output equals the direct store.
set -euo pipefail
QUARRY=$1; SRC=$2
G=(--grammars "$SRC/grammars")
T=$(mktemp -d); trap 'chmod -R u+rw "$T"; rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p in/sub
cat > in/a.txt <<'TXT'
HIMA delivered 81,864 vehicles in November, up 127.93% year-on-year.
TXT
cat > in/sub/b.html <<'HTML'
<html><head><meta property="article:published_time" content="2025-12-01"></head>
<body><p>Leapmotor delivered 70,327 vehicles in November.</p></body></html>
HTML
printf '%s\n' '{"id":"j1","text":"AITO delivered 18,827 vehicles in November.","published":"2025-12-01"}' \
  '{"id":"j2","text":"NIO delivered 36,275 vehicles in November."}' > docs.jsonl

"$QUARRY" "${G[@]}" --quiet extract --db q.db in docs.jsonl 2> err1.txt || fail "first run: $(cat err1.txt)"
grep -q '^quarry extract: 4 documents' err1.txt || fail "summary: $(cat err1.txt)"
docs1=$(sqlite3 q.db "select count(*) from documents"); facts1=$(sqlite3 q.db "select count(*) from facts")
[[ $docs1 == 4 ]] || fail "expected 4 documents, got $docs1"
[[ $facts1 -ge 3 ]] || fail "expected facts, got $facts1"
"$QUARRY" "${G[@]}" --quiet extract --db q.db in docs.jsonl 2> err2.txt || fail "second run"
grep -q ' 4 skipped' err2.txt || fail "second run should skip 4: $(cat err2.txt)"
[[ $(sqlite3 q.db "select count(*) from documents") == "$docs1" ]] || fail "documents stored twice"
[[ $(sqlite3 q.db "select count(*) from facts") == "$facts1" ]] || fail "facts stored twice"
[[ $(sqlite3 q.db "select count(*) from runs") == 2 ]] || fail "runs not recorded"
[[ $(sqlite3 q.db "pragma integrity_check") == ok ]] || fail "integrity"
[[ -z $(sqlite3 q.db "pragma foreign_key_check") ]] || fail "foreign key violations"
# Raw spans point at the figure in the raw file.
span=$(sqlite3 q.db "select span_begin || ' ' || span_end from facts_v where doc_id = 'in/a.txt' and value = '81864'")
read -r b e <<< "$span"
[[ $(head -c "$e" in/a.txt | tail -c "$((e - b))") == "81,864" ]] || fail "span [$b,$e) is not the figure"

# stdin and --format jsonl: contract fields in order, exact values.
"$QUARRY" "${G[@]}" --quiet extract --format jsonl - < docs.jsonl > facts.jsonl 2> err3.txt || fail "jsonl: $(cat err3.txt)"
[[ -s facts.jsonl ]] || fail "no facts on stdout"
python3 - facts.jsonl <<'PY' || fail "jsonl contract"
import json, sys
want = "doc type subject object value unit scope period approx modality qualifiers span sentence evidence rule".split()
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert list(o) == want, list(o)
    assert isinstance(o["value"], (int, float)), o["value"]
    assert isinstance(o["span"], list) and len(o["span"]) == 2
    assert isinstance(o["sentence"], list) and len(o["sentence"]) == 2
    assert isinstance(o["qualifiers"], list)
    assert o["object"] is None or isinstance(o["object"], str)
PY
"$QUARRY" "${G[@]}" --quiet extract --format jsonl in/a.txt 2>/dev/null | grep '"value":127.93' >/dev/null || fail "value not exact"

# quarry load of the JSONL equals the direct store (facts of the JSONL documents).
"$QUARRY" "${G[@]}" --quiet extract --db direct.db docs.jsonl 2>/dev/null
"$QUARRY" --quiet load --db loaded.db facts.jsonl 2>/dev/null || fail "load"
"$QUARRY" --quiet load --db loaded.db facts.jsonl 2> err4.txt || fail "load again"
grep -q '0 documents' err4.txt || fail "second load stored something: $(cat err4.txt)"
q="select doc_id, type, subject, coalesce(object,''), value, coalesce(unit,''), coalesce(period,''), approx, modality, evidence, span_begin, span_end from facts_v order by 1, 11, 2"
[[ "$(sqlite3 direct.db "$q")" == "$(sqlite3 loaded.db "$q")" ]] || fail "load differs from direct extract"

# Errors: one line naming the problem, exit 2.
expect2() {
  local what=$1; shift
  set +e; "$@" > out.txt 2> err.txt; local rc=$?; set -e
  [[ $rc == 2 ]] || fail "$what: exit $rc, want 2"
  [[ $(wc -l < err.txt) -ge 1 ]] || fail "$what: no message"
  grep -q -- "$EXPECT" err.txt || fail "$what: message does not name it: $(cat err.txt)"
}
EXPECT='--bogus' expect2 "unknown flag" "$QUARRY" "${G[@]}" extract --bogus in
EXPECT='missing.txt: no such file' expect2 "missing file" "$QUARRY" "${G[@]}" extract --db x.db missing.txt
echo secret > unreadable.txt; chmod 000 unreadable.txt
if [[ $(id -u) != 0 ]]; then
  EXPECT='unreadable.txt: cannot open' expect2 "unreadable" "$QUARRY" "${G[@]}" extract --db x.db unreadable.txt
fi
printf 'not json\n' > bad.jsonl
EXPECT='bad.jsonl:1: invalid JSON' expect2 "bad JSONL line" "$QUARRY" "${G[@]}" --quiet extract --db x.db bad.jsonl
EXPECT='--format must be sqlite or jsonl' expect2 "bad format" "$QUARRY" "${G[@]}" extract --format csv in
EXPECT='missing.jsonl: cannot open' expect2 "load missing" "$QUARRY" load --db x.db missing.jsonl

# --help names every flag.
help=$("$QUARRY" extract --help)
for flag in --db --format --published --jobs --batch --include --exclude --id-field --text-field --html-field \
            --date-field --url-field --title-field --max-document-mb --max-decompressed-mb --max-ratio \
            --max-header-line --force-published; do
  grep -q -- "$flag" <<< "$help" || fail "--help does not describe $flag"
done
echo ok
