#!/usr/bin/env bash
# Grammar loader under hostile rule files: never a crash, a hang or a memory blow-up, always
# errors at file:line:col and exit 2. 10,000 nested '(' in an attribute test, in a pattern, and
# 10,000 '!' in a row are rejected at the nesting cap (64); a 30 KB one-word literal at the word
# length cap (256 bytes; literals are indexed by every prefix, so their cost is quadratic);
# alternations stacked through macros to a million alternatives at the rule size cap (20,000).
# Gazetteers: a 30,000-word alias and a 30 KB one-word alias are errors at file:line:col (caps: 8
# words, 256 bytes), and 200,000 entries load in seconds (the duplicate check was quadratic).
# Each case runs under a time and memory limit.
#   bash tests/scripts/grammar_hostile.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

# A 2 GB address-space cap, except for a sanitizer build: AddressSanitizer reserves terabytes of
# shadow address space at start-up and cannot run under any such cap (time limits still hold).
vmem=2000000
case "$(ldd "$bin" 2>/dev/null)" in *libasan*) vmem=unlimited ;; esac

case_dir() {  # name, match line (python expression), [defines (python expression)] -> folder
  local d=$work/$1; mkdir -p "$d/gazetteer"
  cp -r "$src/grammars/gazetteer/." "$d/gazetteer/" 2>/dev/null
  python3 - "$d/x.rules" "$2" "${3:-''}" <<'PY'
import sys
match, defines = eval(sys.argv[2]), eval(sys.argv[3])
with open(sys.argv[1], "w") as f:
    f.write("rule x.one\n  set type=deliveries\n  match " + match + "\nend\n" + defines)
PY
  echo "$d"
}
expect_error() {  # name, pattern (python), message part, max seconds, [defines (python)]
  local name=$1 d; d=$(case_dir "$1" "$2" "${5:-''}")
  local start=$SECONDS
  (ulimit -v "$vmem"; timeout "$4" "$bin" grammar check "$d") >"$work/out" 2>&1
  local rc=$? took=$((SECONDS - start))
  echo "$name: exit $rc in ${took}s: $(head -c 200 "$work/out")"
  ((rc == 124)) && { fail "$name: took over $4 s"; return; }
  ((rc < 128)) || { fail "$name: killed by signal $((rc - 128))"; return; }
  ((rc == 2)) || fail "$name: exit $rc (want 2)"
  grep -qE "x\.rules:[0-9]+:[0-9]+: .*$3" "$work/out" || fail "$name: no error at x.rules:line:col saying \"$3\""
  (($(wc -c <"$work/out") < 2000)) || fail "$name: $(wc -c <"$work/out") bytes of messages"
}
expect_error attr-parens '"[" + "(" * 10000 + "kind=number" + ")" * 10000 + "]"' "nesting deeper than" 20
expect_error pattern-parens '"(" * 10000 + "\"delivered\"" + ")" * 10000' "nesting deeper than" 20
expect_error attr-nots '"[" + "!" * 10000 + "kind=number]"' "nesting deeper than" 20
expect_error pattern-nots '"!" * 10000 + "\"delivered\""' "nesting deeper than" 20
expect_error long-literal '"\"" + "a" * 30000 + "\" <quantity>"' "literal word longer than 256 bytes" 10
# A = 100 words, B = 100 x A, C = 100 x B: a million alternatives in one rule.
expect_error stacked-macros '"$C <quantity>"' "more than 20000 instructions or alternatives" 30 \
  '"define A = (" + " | ".join(f"\"w{i}\"" for i in range(100)) + ")\n" + "define B = (" + " | ".join(["$A"] * 100) + ")\n" + "define C = (" + " | ".join(["$B"] * 100) + ")\n"'

# Gazetteer cases: the ordinary x.rules, plus gazetteer/zz.tsv written by a python expression.
# The limit is CPU seconds (ulimit -t), not wall time, so a loaded machine does not fail it: 200,000
# entries take about 7 CPU s (several times that under AddressSanitizer), against 70 s before.
expect_gazetteer() {  # name, tsv (python expression), message part (empty: must load), max CPU seconds
  local name=$1 d; d=$(case_dir "$1" '"\"delivered\" <quantity>"')
  cp -r "$src/grammars/lexicon" "$d/"
  python3 -c 'import sys; open(sys.argv[1], "w").write(eval(sys.argv[2]))' "$d/gazetteer/zz.tsv" "$2"
  local start=$SECONDS
  (ulimit -v "$vmem"; ulimit -t "$4"; timeout 600 "$bin" grammar check "$d") >"$work/out" 2>&1
  local rc=$? took=$((SECONDS - start))
  echo "$name: exit $rc in ${took}s: $(head -c 200 "$work/out")"
  ((rc == 124 || rc == 128 + 24)) && { fail "$name: took over $4 CPU seconds"; return; }
  ((rc < 128)) || { fail "$name: killed by signal $((rc - 128))"; return; }
  if [[ -z $3 ]]; then
    grep -q 'zz.tsv' "$work/out" && fail "$name: errors in zz.tsv"
    return
  fi
  ((rc == 2)) || fail "$name: exit $rc (want 2)"
  grep -qE "zz\.tsv:2:[0-9]+: .*$3" "$work/out" || fail "$name: no error at zz.tsv:2:col saying \"$3\""
  (($(wc -c <"$work/out") < 2000)) || fail "$name: $(wc -c <"$work/out") bytes of messages"
}
expect_gazetteer alias-words '"Acme Motors\tbrand\n" + "Zeta Auto\tbrand\tZA|" + " ".join(["word"] * 30000) + "\n"' \
  "words is over the cap of 8" 20
expect_gazetteer alias-bytes '"Acme Motors\tbrand\n" + "Zeta Auto\tbrand\tZA|" + "z" * 30000 + "\n"' \
  "bytes is over the cap of 256" 20
expect_gazetteer name-words '"Acme Motors\tbrand\n" + " ".join(["name"] * 30000) + "\tbrand\n"' \
  "words is over the cap of 8" 20
expect_gazetteer many-entries '"".join(f"Brand{i} Motors\tbrand\tB{i}|Brand {i}\n" for i in range(200000))' "" 45
exit $status
