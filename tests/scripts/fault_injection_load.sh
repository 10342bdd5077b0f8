#!/usr/bin/env bash
# Fault injection over every I/O point of a small `quarry load`, as fault_injection.sh does for
# extract: the LD_PRELOAD shim tests/fault/fault_shim.c (Note [Fault injection points]) fails the
# Nth write, pwrite, writev, fsync, fdatasync or ftruncate on the database files. An
# uninterrupted load counts the points; then for every N, the two kinds of fault taking turns
# (N = 1, 3, ...: a full disk that stays full, ENOSPC from the Nth point on; N = 2, 4, ...: a
# transient I/O error, EIO at the Nth point only), load must
#   - stop with exit 2 and a one-line error naming the database (never a signal, never exit 0),
#   - leave a database that passes PRAGMA integrity_check,
#   - and a rerun without faults must complete (exit 0) with facts identical to the
#     uninterrupted load's (each document once, no fact lost or doubled).
# The input is 3 documents' facts in 2 batches, loaded into a new database. A sanitizer build,
# several times slower, steps through every 8th point.
#   bash tests/scripts/fault_injection_load.sh QUARRY_BIN SOURCE_DIR   (QUARRY_FAULT_SHIM: the shim)
set -uo pipefail
source "$(dirname "$0")/lib/fault.sh"
fault_init "$1" "$2"

# Facts in the shape `extract --format jsonl` writes and `load` reads (DESIGN.md).
python3 - <<'PY'
import json
docs = [("a", [("deliveries", "Leapmotor", 70327, "2025-11"), ("yoy_pct", "Leapmotor", 75, "2025-11")]),
        ("b", [("deliveries", "NIO", 36275, "2025-11"), ("deliveries", "Leapmotor", 60000, "2025-10")]),
        ("c", [("sales", "BYD", 441706, "2025-10")])]
with open("facts.jsonl", "w") as out:
    for doc, facts in docs:
        for i, (t, s, v, p) in enumerate(facts):
            ev = f"{s} figure {v} for {p}."
            out.write(json.dumps({"doc": doc, "type": t, "subject": s, "object": None, "value": v,
                "unit": "pct" if t == "yoy_pct" else "vehicle", "scope": "", "period": p, "approx": "=",
                "modality": "actual", "qualifiers": [], "span": [len(s) + 8, len(s) + 8 + len(str(v))],
                "sentence": [0, len(ev)], "evidence": ev, "rule": f"load.rules:{i + 1} test"}) + "\n")
PY
load() { "$bin" load --db "$1" --batch 2 facts.jsonl; }

QUARRY_FAULT_COUNT=$work/points LD_PRELOAD=$preload load ref.db >/dev/null 2>ref.err ||
  { cat ref.err >&2; fail "the load without faults failed"; }
points=$(cat points)
fault_dump ref.db >ref.txt
((points > 0)) || fail "the shim counted no I/O point (is it preloaded?)"
grep -q '^a|deliveries|Leapmotor|70327|' ref.txt || fail "the reference load stored no facts: $(head -3 ref.txt)"
grep -q '^documents|3|3$' ref.txt || fail "the reference load did not store 3 documents: $(tail -1 ref.txt)"
echo "$points I/O points on the database files in an uninterrupted load; $(grep -c . ref.txt) rows of reference"

fault_every_point load load
echo "ok: $checked faulted loads, each exit 2 with one clear line, integrity ok, and a rerun with identical facts"
