#!/usr/bin/env bash
# text_hant: a Traditional Chinese article (Hong Kong / Taiwan wording, a date written with
# spaces) and its Simplified twin give the same facts (type, subject, object, value, unit,
# scope, period, approx, modality); spans of the Traditional facts point at Traditional bytes.
set -euo pipefail
QUARRY=$1; SRC=$2
G=(--grammars "$SRC/grammars")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*"; exit 1; }

python3 - <<'PY'
import json
hant = ("比亞迪公佈，11月新能源汽車銷量為48.1萬輛，按年下降5.3%，按月增長2.1%。"
        "其中海外銷量為13.2萬輛，創歷史新高。"
        "2025 年 1-11 月，比亞迪累計銷量達到418.2萬輛。"
        "零跑汽車11月交車70,327輛，按年增長84%。"
        "小鵬汽車同月交付36,728輛，年增19%，月減2%。")
hans = ("比亚迪公布，11月新能源汽车销量为48.1万辆，同比下降5.3%，环比增长2.1%。"
        "其中海外销量为13.2万辆，创历史新高。"
        "2025年1-11月，比亚迪累计销量达到418.2万辆。"
        "零跑汽车11月交车70,327辆，同比增长84%。"
        "小鹏汽车同月交付36,728辆，同比增长19%，环比减少2%。")
for name, text in (("hant", hant), ("hans", hans)):
    with open(name + ".jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "d", "published": "2025-12-01", "text": text}, ensure_ascii=False) + "\n")
PY

"$QUARRY" "${G[@]}" extract --format jsonl - < hant.jsonl > hant.out 2> hant.err || fail "hant: $(cat hant.err)"
"$QUARRY" "${G[@]}" extract --format jsonl - < hans.jsonl > hans.out 2> hans.err || fail "hans: $(cat hans.err)"

python3 - <<'PY' || exit 1
import json, sys
keys = ("type", "subject", "object", "value", "unit", "scope", "period", "approx", "modality")
def facts(path):
    return sorted(tuple(json.dumps(f.get(k), ensure_ascii=False) for k in keys)
                  for f in map(json.loads, open(path, encoding="utf-8")))
a, b = facts("hant.out"), facts("hans.out")
if a != b:
    print("Traditional only:", sorted(set(a) - set(b)))
    print("Simplified only:", sorted(set(b) - set(a)))
    sys.exit(1)
got = {(json.loads(t), json.loads(s), json.loads(v), json.loads(p)) for t, s, _, v, _, _, p, _, _ in a}
want = {("sales", "BYD", 481000, "2025-11"), ("yoy_pct", "BYD", -5.3, "2025-11"),
        ("mom_pct", "BYD", 2.1, "2025-11"), ("cumulative", "BYD", 4182000, "2025-01..2025-11"),
        ("deliveries", "Leapmotor", 70327, "2025-11"), ("yoy_pct", "Leapmotor", 84, "2025-11"),
        ("deliveries", "XPeng", 36728, "2025-11"), ("yoy_pct", "XPeng", 19, "2025-11"),
        ("mom_pct", "XPeng", -2, "2025-11")}
missing = want - got
if missing:
    print("missing facts:", sorted(missing), "got:", sorted(got))
    sys.exit(1)
# Spans index the raw Traditional text (the evidence is the normalized sentence, so Simplified).
raw = json.loads(open("hant.jsonl", encoding="utf-8").readline())["text"].encode("utf-8")
figures = {}
for line in open("hant.out", encoding="utf-8"):
    f = json.loads(line)
    b, e = f["span"]
    sb, se = f["sentence"]
    assert sb <= b <= e <= se, f
    figures[(f["type"], f["subject"])] = (raw[b:e].decode("utf-8"), raw[sb:se].decode("utf-8"))
fig, sent = figures[("sales", "BYD")]
assert fig.startswith("48.1萬"), fig
assert "銷量為48.1萬輛" in sent, sent
fig, sent = figures[("cumulative", "BYD")]
assert sent.startswith("2025 年 1-11 月"), sent
PY
echo ok
