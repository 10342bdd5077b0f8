#!/usr/bin/env bash
# Input test: unreadable inputs are treated alike. An unreadable file and an unreadable
# subdirectory, inside a folder or named on the command line, are each reported with one line
# naming them, counted as errors and skipped; every readable document is still extracted, and
# the run exits 2 at the end. (Runs as an unprivileged user: root reads everything.)
#   bash tests/scripts/input_unreadable.sh QUARRY_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
export QUARRY_GRAMMARS=$src/grammars
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

as_user=()
if ((EUID == 0)); then
  command -v setpriv >/dev/null || { echo "SKIP: root without setpriv"; exit 0; }
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
chmod 755 "$work"
# The unprivileged user may not reach the checkout (a clone under /root): give it its own copies
# of the binary and the grammar folder.
cp "$bin" "$work/quarry" && cp -r "$src/grammars" "$work/grammars" && chmod -R a+rX "$work/quarry" "$work/grammars"
bin=$work/quarry
export QUARRY_GRAMMARS=$work/grammars
in=$work/in
mkdir -p "$in/ok" "$in/locked" "$in/ok/deeper"
echo "Leapmotor delivered 70,327 vehicles in November 2025." >"$in/ok/a.txt"
echo "AITO delivered 81,864 vehicles in November 2025." >"$in/ok/deeper/b.txt"
echo "NIO delivered 36,275 vehicles in November 2025." >"$in/locked/c.txt"
echo "XPeng delivered 36,728 vehicles in November 2025." >"$in/secret.txt"
echo "BYD sold 480,186 vehicles in November 2025." >"$in/z.txt"
chmod 000 "$in/locked" "$in/secret.txt"
chmod -R a+rX "$in/ok" "$in/z.txt"; chmod a+rx "$in"
out=$work/out; mkdir "$out"; chmod 777 "$out"

for form in folder names; do
  if [[ $form == folder ]]; then args=("$in"); else args=("$in/ok" "$in/locked" "$in/secret.txt" "$in/z.txt"); fi
  rm -f "$out/q.db"*
  timeout 120 "${as_user[@]}" "$bin" -q extract --published 2025-12-02 --db "$out/q.db" "${args[@]}" >/dev/null 2>"$work/err"
  rc=$?
  echo "extract ($form): exit $rc; stderr:"; cat "$work/err"
  ((rc == 2)) || fail "$form: exit $rc (want 2: errors were skipped)"
  grep -q 'locked' "$work/err" || fail "$form: the unreadable directory is not reported"
  grep -q 'secret.txt' "$work/err" || fail "$form: the unreadable file is not reported"
  grep -qE ' 2 errors' "$work/err" || fail "$form: the summary does not count 2 errors"
  n=$(sqlite3 "$out/q.db" 'SELECT count(*) FROM documents')
  ((n == 3)) || fail "$form: $n documents stored (want the 3 readable ones)"
done
exit $status
