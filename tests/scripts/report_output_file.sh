#!/usr/bin/env bash
# Files test: `quarry report --html PATH` writes through a temporary that mkstemp creates beside
# PATH and renames it over PATH. A symlink planted at the old predictable name PATH.tmp is never
# followed; a PATH that exists and is not a regular file (symlink, FIFO, device node, directory)
# is refused with exit 2 and one line naming it, and left as it was; a failed write (full disk)
# leaves no temporary behind.
#   bash tests/scripts/report_output_file.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
mounted=0
cleanup() { ((mounted)) && umount "$work/small" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

printf '%s\n' '{"id":"a","published":"2025-12-02","text":"Leapmotor delivered 70,327 vehicles in November 2025."}' >"$work/a.jsonl"
db=$work/quarry.db
"$bin" extract --db "$db" "$work/a.jsonl" >/dev/null 2>"$work/err0" || { cat "$work/err0" >&2; echo "FAIL: setup extract failed"; exit 1; }
out=$work/out; mkdir "$out"
leftovers() { find "$out" -mindepth 1 -maxdepth 1 ! -name r.html ! -name victim ! -name r.html.tmp ! -name 'target*'; }

# A symlink planted at the old temporary name: not followed, the victim untouched.
echo "victim" >"$out/victim"
ln -s "$out/victim" "$out/r.html.tmp"
"$bin" -q report --db "$db" --html "$out/r.html" 2>"$work/err" || fail "report exited $?: $(cat "$work/err")"
[[ $(cat "$out/victim") == victim ]] || fail "the report followed the planted symlink r.html.tmp"
[[ -f $out/r.html && ! -L $out/r.html ]] || fail "r.html is not a regular file"
grep -q '<html' "$out/r.html" || fail "r.html is not the report"
mode=$(stat -c %a "$out/r.html")
[[ $mode == 644 || $mode == 664 ]] || fail "r.html has mode $mode (want 0666 less the umask)"
[[ -z $(leftovers) ]] || fail "temporaries left behind: $(leftovers)"
# Writing again replaces the regular file.
"$bin" -q report --db "$db" --html "$out/r.html" --title again 2>"$work/err" || fail "rewrite exited $?: $(cat "$work/err")"
grep -q again "$out/r.html" || fail "the second report did not replace the first"

refused() {  # name, path, check command...
  local name=$1 path=$2; shift 2
  timeout 30 "$bin" -q report --db "$db" --html "$path" 2>"$work/err"
  local rc=$?
  echo "report --html <$name>: exit $rc: $(cat "$work/err")"
  ((rc == 124)) && fail "report --html <$name> hung"
  ((rc == 2)) || fail "report --html <$name> exited $rc (want 2)"
  (($(grep -c . "$work/err") == 1)) || fail "report --html <$name>: want one line of error"
  grep -qF "$path" "$work/err" || fail "report --html <$name>: the message does not name the file"
  grep -qiE 'not a regular file' "$work/err" || fail "report --html <$name>: the message does not say why"
  "$@" || fail "report --html <$name> changed the target"
  [[ -z $(leftovers) ]] || fail "report --html <$name> left temporaries: $(leftovers)"
}
echo "target" >"$out/target.txt"
ln -s "$out/target.txt" "$out/target-link.html"
refused symlink "$out/target-link.html" bash -c "[[ -L '$out/target-link.html' && \$(cat '$out/target.txt') == target ]]"
mkfifo "$out/target-fifo.html"
refused FIFO "$out/target-fifo.html" test -p "$out/target-fifo.html"
mkdir "$out/target-dir.html"
refused directory "$out/target-dir.html" test -d "$out/target-dir.html"
if mknod "$out/target-dev.html" c 1 3 2>/dev/null; then  # a /dev/null node (root only)
  refused "device node" "$out/target-dev.html" test -c "$out/target-dev.html"
else
  echo "skip: cannot create a device node here"
fi

# A full disk: exit 2, no temporary left, an existing report kept as it was.
mkdir "$work/small"
if mount -t tmpfs -o size=64k tmpfs "$work/small" 2>/dev/null; then
  mounted=1
  echo old >"$work/small/r.html"
  head -c 1M /dev/zero >"$work/small/fill" 2>/dev/null
  "$bin" -q report --db "$db" --html "$work/small/r.html" 2>"$work/err"
  rc=$?
  echo "report on a full disk: exit $rc: $(cat "$work/err")"
  ((rc == 2)) || fail "report on a full disk exited $rc (want 2)"
  [[ $(cat "$work/small/r.html") == old ]] || fail "the old report was damaged"
  n=$(find "$work/small" -mindepth 1 | wc -l)
  ((n == 2)) || fail "temporaries left on the full disk: $(ls -a "$work/small")"
else
  echo "skip: cannot mount a small tmpfs"
fi
exit $status
