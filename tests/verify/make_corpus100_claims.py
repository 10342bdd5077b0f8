# Regenerates tests/verify/corpus100_claims.csv (issue 16 acceptance: 100 claims, a third true, a third
# wrong, a third absent) from corpus/gold and a database extracted from corpus/articles:
#   quarry extract --db /tmp/c.db corpus/articles && python3 tests/verify/make_corpus100_claims.py . /tmp/c.db tests/verify/corpus100_claims.csv
# Review the result by hand: the expected verdicts must follow from the articles, not from the extractor.
# Generates tests/verify/corpus100_claims.csv from corpus/gold and a database extracted from
# corpus/articles: 34 true claims (gold figures the database states), 33 wrong (the same keys,
# figures off by 7-37%), 33 absent (subjects, types or periods no article states).
import json, glob, sqlite3, sys, os, random
src, dbp, out = sys.argv[1], sys.argv[2], sys.argv[3]
db = sqlite3.connect(dbp)
stored = {}
for subj, typ, per, val, approx, mod, scope in db.execute(
        "select subject,type,coalesce(period,''),value,approx,modality,coalesce(scope,'') from facts where object is null and location is null"):
    stored.setdefault((subj, typ, per, scope), []).append((val, approx, mod))
stored_any = {(k[0], k[1], k[2]) for k in stored}
gold = []
for p in sorted(glob.glob(src + "/corpus/gold/*.jsonl")):
    for line in open(p):
        if line.strip():
            g = json.loads(line)
            if g.get("object") or g.get("modality", "actual") != "actual" or not g.get("period"): continue
            if g.get("approx", "=") != "=": continue
            gold.append(g)
keys = []
seen = set()
for g in gold:
    k = (g["subject"], g["type"], g["period"], g.get("scope", ""))
    if k in seen or "XXXX" in k[2]: continue
    vals = stored.get(k, [])
    actual = [v for v in vals if v[2] == "actual"]
    # Every stored actual figure for the key is exact and equal to gold: an unambiguous key.
    if actual and all(a == "=" and float(v) == float(g["value"]) for v, a, m in actual):
        v = str(g["value"])
        if v.endswith("0") and "." not in v: continue  # rounded figures make weaker claims
        seen.add(k)
        keys.append((k, g["value"]))
random.seed(16)
random.shuffle(keys)
assert len(keys) >= 67, len(keys)
true, wrong = keys[:30], keys[30:60]
# Scoped claims: figures of a part of the subject (the articles' NEV, registrations), confirmed
# and contradicted within their scope; total claims where only a scoped figure is stored, and a
# scoped claim where only the total is, are not_found (never contradicted).
scoped_rows = [
    ("Seres", "sales", "2025-11", "NEV", "55263", "confirmed"),
    ("Tesla China", "sales", "2025-11", "registrations", "73145", "confirmed"),
    ("Changan", "sales", "2025-10", "NEV", "102343", "confirmed"),
    ("Geely", "sales", "2025-11", "NEV", "182410", "confirmed"),
    ("Seres", "yoy_pct", "2025-11", "NEV", "63.11", "contradicted"),
    ("Geely", "yoy_pct", "2025-11", "NEV", "47", "contradicted"),
    ("Great Wall", "sales", "2025-11", "NEV", "43123", "contradicted"),
    ("Seres", "sales", "2025-11", "", "55263", "not_found"),
    ("Tesla China", "sales", "2025-11", "", "73145", "not_found"),
    ("Changan", "sales", "2025-10", "", "102343", "not_found"),
    ("Leapmotor", "deliveries", "2025-11", "BEV", "70327", "not_found"),
]
rows = []
def fmt(v):
    return str(v)
for (s, t, p, sc), v in true:
    rows.append((s, t, p, sc, fmt(v), "confirmed"))
for i, ((s, t, p, sc), v) in enumerate(wrong):
    f = 1 + (7 + i) / 100.0
    nv = round(float(v) * f, 2 if isinstance(v, float) else 0)
    if isinstance(v, int) or float(v).is_integer():
        nv = int(nv)
        if nv % 10 == 0: nv += 3
    rows.append((s, t, p, sc, fmt(nv), "contradicted"))
subjects = sorted({k[0] for k, _ in keys})
absent = []
for i in range(len(keys)):
    (s, t, p, sc), v = keys[i]
    kind = i % 3
    if kind == 0: absent.append(("Rivian" if i % 2 else "Lucid", t, p, sc, fmt(v)))
    elif kind == 1: absent.append((s, t, "2019-" + p[5:] if len(p) == 7 else "2019", sc, fmt(v)))
    else: absent.append((s, "exports" if t != "exports" else "production", p, sc, fmt(v)))
n_absent = 0
for a in absent:
    if (a[0], a[1], a[2]) in stored_any or n_absent == 29: continue
    rows.append(a + ("not_found",))
    n_absent += 1
rows += scoped_rows
random.shuffle(rows)
with open(out, "w") as f:
    f.write("# 100 claims about corpus/articles (issue 16 acceptance): 34 true (gold figures the articles state),\n"
            "# 33 wrong (the same subject, type, period and scope, figures 7-39% off), 33 absent (subjects,\n"
            "# periods or types no article states); 11 are about scoped figures (a BEV or NEV figure never answers a\n"
            "# claim about the total). Generated from the gold facts and the facts extracted at the time;\n"
            "# the note column is the expected verdict.\n")
    f.write("subject,type,period,scope,value,note\n")
    for r in rows:
        f.write(",".join('"%s"' % x if "," in x else x for x in r) + "\n")
print(len(rows), sum(r[5] == "confirmed" for r in rows), sum(r[5] == "contradicted" for r in rows), sum(r[5] == "not_found" for r in rows), sum(bool(r[3]) for r in rows), "scoped")
