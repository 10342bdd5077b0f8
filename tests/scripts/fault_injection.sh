#!/usr/bin/env bash
# Fault injection over every I/O point of a small extract, the way SQLite tests itself: the
# LD_PRELOAD shim tests/fault/fault_shim.c (Note [Fault injection points]) fails the Nth write,
# pwrite, writev, fsync, fdatasync or ftruncate on the database files. An uninterrupted run counts
# the points; then for every N, with the two kinds of fault taking turns (N = 1, 3, ...: a full disk that
# stays full, ENOSPC from the Nth point on; N = 2, 4, ...: a transient I/O error, EIO at the Nth point
# only), extract must
#   - stop with exit 2 and a one-line error naming the database (never a signal, never exit 0),
#   - leave a database that passes PRAGMA integrity_check,
#   - and a rerun without faults must complete (exit 0) with facts identical to the
#     uninterrupted run's (each document once, no fact lost or doubled).
# The input is tiny (3 documents in 2 batches) so that the loop over every point stays short; most
# of the points (about 120 of 160) are the creation of the schema. A sanitizer build, several times
# slower, steps through every 8th point: about 20 runs, still spread over the schema, the
# batches, the run record and the close.
#   bash tests/scripts/fault_injection.sh QUARRY_BIN SOURCE_DIR   (QUARRY_FAULT_SHIM: the shim)
set -uo pipefail
source "$(dirname "$0")/lib/fault.sh"
fault_init "$1" "$2"
fault_extract_fixture

QUARRY_FAULT_COUNT=$work/points LD_PRELOAD=$preload extract ref.db >/dev/null 2>ref.err ||
  { cat ref.err >&2; fail "the run without faults failed"; }
points=$(cat points)
fault_dump ref.db >ref.txt
((points > 0)) || fail "the shim counted no I/O point (is it preloaded?)"
grep -q '^a|deliveries|Leapmotor|70327|' ref.txt || fail "the reference run found no facts: $(head -3 ref.txt)"
echo "$points I/O points on the database files in an uninterrupted run; $(grep -c . ref.txt) rows of reference"

fault_every_point extract extract
echo "ok: $checked faulted runs, each exit 2 with one clear line, integrity ok, and a rerun with identical facts"
