#!/usr/bin/env bash
# Terminal safety: text that came from articles (document ids, URLs, evidence sentences) may hold
# terminal escape sequences (an OSC that retitles the terminal or writes the clipboard, a CSI that
# moves the cursor). facts, query, verify, check and series never print them raw in any format:
# table, md and csv show C0 controls, ESC, DEL and C1 controls as visible escapes (\x1b), and
# json/jsonl escape them (\u001b), so the output is still valid JSON holding the same text.
#   bash tests/scripts/terminal_escapes.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

# Two documents whose figures disagree (so `check` has a finding to print), each carrying escapes
# in its id, URL and text: ESC ] 0;x BEL (OSC), CSI as the C1 control U+009B, DEL, a backspace.
python3 - "$work/docs.jsonl" <<'PY'
import json, sys
esc = "\x1b]0;pwned\x07\u009b2J\x7f\x08"
docs = [
    {"id": "a" + esc, "url": "https://example.com/a" + esc, "published": "2025-12-02",
     "html": "<p>Leapmotor delivered 70,327 vehicles in November 2025 &#27;]0;x&#7; \x1b[31m\u009b1m.</p>"},
    {"id": "b" + esc, "url": "https://example.com/b" + esc, "published": "2025-12-02",
     "text": "Leapmotor delivered 60,327 vehicles in November 2025 \x1b]52;c;aGk=\x07 ok."},
]
with open(sys.argv[1], "w") as f:
    for d in docs:
        f.write(json.dumps(d) + "\n")
PY
printf 'subject,type,period,value\nLeapmotor,deliveries,2025-11,70327\n' >"$work/claims.csv"
db=$work/quarry.db
"$bin" -q extract --db "$db" "$work/docs.jsonl" >/dev/null 2>"$work/err0" || { cat "$work/err0" >&2; echo "FAIL: setup extract failed"; exit 1; }
# extract's error lines name the input file: a bad line in a file whose name holds an OSC.
mkdir "$work/in"
printf 'not json\n' >"$work/in/a"$'\x1b]0;pwned\x07'".jsonl"
"$bin" -q extract --db "$work/other.db" "$work/in" >/dev/null 2>"$work/err1"
grep -q . "$work/err1" || fail "extract reported nothing for bad lines"
LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$work/err1" && fail "extract printed raw control characters on stderr: $(od -c "$work/err1" | head -3)"
n=$(sqlite3 "$db" "SELECT count(*) FROM facts f JOIN documents d ON d.id = f.document_id WHERE instr(d.doc_id, char(27)) > 0")
((n >= 2)) || { echo "FAIL: setup: expected facts from documents with escapes in their ids, got $n"; exit 1; }

# Exit code of `grep -P` for the bytes no terminal output may carry raw: C0 but tab and newline,
# DEL, and C1 (U+0080-U+009F in UTF-8).
raw_controls() { LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"; }
run() {  # name, format, command...
  local name=$1 format=$2; shift 2
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  ((rc <= 1)) || { fail "$name exited $rc: $(head -c 300 "$work/err")"; return; }
  [[ -s $work/out ]] || { fail "$name printed nothing"; return; }
  raw_controls "$work/out" && fail "$name printed raw control characters: $(LC_ALL=C grep -aoP '.{0,20}[\x00-\x08\x0b-\x1f\x7f].{0,10}' "$work/out" | head -2 | od -c | head -3)"
  raw_controls "$work/err" && fail "$name printed raw control characters on stderr"
  case $format in
    json|jsonl)
      python3 - "$work/out" "$format" <<'PY' || { fail "$name: not valid JSON or the text was lost"; return; }
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
rows = json.loads(text) if sys.argv[2] == "json" else [json.loads(l) for l in text.splitlines() if l]
def strings(x):
    if isinstance(x, str): yield x
    elif isinstance(x, dict):
        for v in x.values(): yield from strings(v)
    elif isinstance(x, list):
        for v in x: yield from strings(v)
assert any("\x1b" in s for s in strings(rows)), "escape lost from the JSON values"
PY
      ;;
    *)
      grep -qF '\x1b' "$work/out" || { fail "$name: ESC is not shown as \\x1b"; return; };;
  esac
  echo "ok: $name"
}
for format in table md csv json jsonl; do
  run "facts --format $format" $format "$bin" facts --db "$db" --format $format
  run "query --format $format" $format "$bin" query --db "$db" --format $format "SELECT doc_id, url, evidence FROM facts_v"
done
for format in table csv jsonl; do
  run "verify --format $format" $format "$bin" verify --db "$db" --format $format "$work/claims.csv"
  run "check --format $format" $format "$bin" check --db "$db" --format $format
done
exit $status
