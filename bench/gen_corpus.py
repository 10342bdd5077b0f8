#!/usr/bin/env python3
"""bench/gen_corpus.py: deterministic generator of a realistic industry-news corpus for the
benchmarks: English or Chinese articles about monthly deliveries, year-on-year changes, stakes,
targets and outlets, with headlines, paragraphs, bullet lists and filler commentary, in the
proportions of real auto/NEV news. Same seed, same bytes: a larger corpus starts with exactly the
articles of a smaller one, so 10 MB -> 100 MB -> 1 GB measures linearity on the same material.

  bench/gen_corpus.py --lang en --size 10M --jsonl bench/data/en-10M.jsonl [--files DIR]
  bench/gen_corpus.py --lang zh --size 100M --jsonl bench/data/zh-100M.jsonl

--files DIR also writes every article as DIR/NNNNNN/ID.txt (1,000 per folder).
Data goes to bench/data/ (ignored by git), never into the repository.

  bench/gen_corpus.py --articles corpus/articles --size 10M --jsonl bench/data/articles-10M.jsonl

--articles DIR instead replicates the team's own articles (DIR/*.txt and *.md, front matter as
quarry reads it) round by round, in name order, until the size is reached: copy k of an article
has the id NAME#k, the article's date and title, and its text with one line added at the end,
"Archive copy ref<letters>." (k in consonants, so no copy is a duplicate of another, the line
has no figure, and the word cannot be an entity of the gazetteer). Each copy gives the facts of
its original.
"""
import argparse
import json
import os
import random
import sys

BRANDS = ["Leapmotor", "AITO", "NIO", "XPeng", "Li Auto", "BYD", "Zeekr", "Xiaomi", "Luxeed", "Stelato",
          "Onvo", "Denza", "Lynk & Co", "Deepal", "Avatr", "Voyah", "Neta", "Aion", "Geely Galaxy", "Tesla"]
GROUPS = ["Stellantis", "Geely", "Changan", "SAIC", "GAC", "Great Wall", "Chery", "BAIC", "Dongfeng", "Volkswagen"]
ALLIANCES = ["HIMA"]
COUNTRIES = ["Brazil", "Mexico", "Thailand", "Germany", "Spain", "Israel", "Australia", "Indonesia", "Turkey", "Chile"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
# Commentary vocabulary: enough variety that text is not a loop of a few cache-resident strings.
ADJ = ["new", "strong", "weak", "steady", "record", "modest", "sharp", "gradual", "fierce", "crowded", "premium",
       "affordable", "electric", "hybrid", "domestic", "overseas", "competitive", "seasonal", "subsidised", "aggressive"]
NOUN = ["demand", "pricing", "competition", "supply chain", "battery costs", "software", "driver assistance",
        "dealer network", "export market", "order book", "production line", "factory", "lineup", "platform",
        "charging network", "subsidy", "price war", "margin", "quarter", "launch", "model year", "range",
        "cockpit", "chip supply", "capacity", "inventory", "retail sales", "wholesale volume", "fleet orders"]
VERB = ["pushed", "lifted", "weighed on", "supported", "reshaped", "slowed", "accelerated", "squeezed", "boosted",
        "held back", "drove", "tested", "strained", "widened", "narrowed", "redefined"]
WHO = ["Analysts", "Dealers", "Executives", "Investors", "Industry observers", "Suppliers", "Rivals", "Buyers",
       "Brokers", "Local media", "The company", "A spokesperson"]
SAY = ["said", "noted", "argued", "expect", "warned", "pointed out", "believe", "told reporters"]
EN_FILLER_TAIL = ["in the coming months", "ahead of the new year", "across tier-two cities", "in overseas markets",
                  "as the price war drags on", "despite softer demand", "after a slow start to the year",
                  "while margins remain thin", "compared with last year", "as new models arrive"]


def num(r, lo, hi):
    return r.randint(lo, hi)


def en_figure(n):
    return f"{n:,}"


def en_article(r, i):
    brand = r.choice(BRANDS)
    month = r.randrange(12)
    year = r.choice([2024, 2025])
    delivered = num(r, 3000, 120000)
    yoy = round(r.uniform(-40, 180), r.choice([0, 1, 2]))
    mom = round(r.uniform(-15, 30), 1)
    ytd = delivered * (month + 1) + num(r, 0, 50000)
    up = "up" if yoy >= 0 else "down"
    paras = []
    head = r.choice([f"{brand} delivers {en_figure(delivered)} vehicles in {MONTHS[month]}",
                     f"{brand} {MONTHS[month]} deliveries {up} {abs(yoy)}% year-on-year",
                     f"{brand} hits {en_figure(delivered)} units as {r.choice(ADJ)} {r.choice(NOUN)} continues"])
    paras.append(head)
    paras.append(f"{brand} delivered {en_figure(delivered)} vehicles in {MONTHS[month]} {year}, {up} {abs(yoy)}% "
                 f"year-on-year and {'up' if mom >= 0 else 'down'} {abs(mom)}% from the previous month, "
                 f"according to data released on {MONTHS[(month + 1) % 12]} {num(r, 1, 3)}.")
    body = []
    for _ in range(num(r, 4, 9)):
        kind = r.random()
        b2 = r.choice(BRANDS)
        if kind < 0.22:
            body.append(f"From January to {MONTHS[month]}, {brand} delivered a total of {en_figure(ytd)} vehicles, "
                        f"{up} {abs(round(yoy * r.uniform(0.5, 1.2), 1))}% from a year earlier.")
        elif kind < 0.35:
            body.append(f"{b2} handed over {en_figure(num(r, 1000, 90000))} units in the same month, "
                        f"while {r.choice(BRANDS)} reported about {en_figure(num(r, 1, 99) * 100)} deliveries.")
        elif kind < 0.45:
            body.append(f"{r.choice(GROUPS)} holds a {num(r, 5, 51)}% stake in {brand}, and the two companies "
                        f"plan to open {num(r, 10, 300)} outlets in {r.choice(COUNTRIES)} by the end of {year + 1}.")
        elif kind < 0.55:
            body.append(f"The company aims to deliver more than {en_figure(num(r, 1, 20) * 50000)} vehicles in "
                        f"{year + 1}, a target it called {r.choice(ADJ)}.")
        elif kind < 0.62:
            body.append(f"Exports rose to {en_figure(num(r, 500, 30000))} units, {r.choice(['roughly', 'nearly', 'over'])} "
                        f"{num(r, 5, 40)}% of the total, with revenue of {num(r, 1, 90)}.{num(r, 0, 9)} billion yuan "
                        f"in the {r.choice(['first', 'second', 'third', 'fourth'])} quarter.")
        else:
            body.append(" ".join(
                f"{r.choice(WHO)} {r.choice(SAY)} that {r.choice(ADJ)} {r.choice(NOUN)} {r.choice(VERB)} "
                f"{r.choice(ADJ)} {r.choice(NOUN)} {r.choice(EN_FILLER_TAIL)}." for _ in range(num(r, 2, 5))))
    # Group body sentences into paragraphs; sometimes a bullet list of model figures.
    while body:
        k = num(r, 1, 3)
        paras.append(" ".join(body[:k]))
        body = body[k:]
        if r.random() < 0.15:
            paras.append("\n".join(f"- {brand} {r.choice(['S', 'X', 'L', 'M'])}{num(r, 3, 9)}: "
                                   f"{en_figure(num(r, 500, 20000))} units" for _ in range(num(r, 2, 5))))
    date = f"{year}-{(month + 1) % 12 + 1:02d}-{num(r, 1, 28):02d}"
    return head, date, "\n\n".join(paras) + "\n"


ZH_BRANDS = ["零跑汽车", "问界", "蔚来", "小鹏汽车", "理想汽车", "比亚迪", "极氪", "小米汽车", "智界", "享界",
             "乐道", "腾势", "领克", "深蓝", "阿维塔", "岚图", "哪吒汽车", "埃安", "银河", "特斯拉"]
ZH_GROUPS = ["Stellantis集团", "吉利控股", "长安汽车", "上汽集团", "广汽集团", "长城汽车", "奇瑞控股", "北汽集团"]
ZH_COUNTRIES = ["巴西", "墨西哥", "泰国", "德国", "西班牙", "以色列", "澳大利亚", "印度尼西亚"]
ZH_FILLER = ["业内人士认为", "分析师指出", "经销商表示", "市场观察人士称", "公司相关负责人介绍"]
ZH_CLAUSE = ["价格战仍在持续", "新车型陆续上市", "海外市场增长明显", "电池成本继续下降", "终端需求有所回暖",
             "智能驾驶成为竞争焦点", "渠道建设加速推进", "产能爬坡顺利", "出口业务贡献增量", "库存压力有所缓解",
             "补贴政策带动消费", "竞争格局加速分化"]


def zh_article(r, i):
    brand = r.choice(ZH_BRANDS)
    month = r.randrange(12) + 1
    year = r.choice([2024, 2025])
    delivered = num(r, 3000, 120000)
    yoy = round(r.uniform(-40, 180), r.choice([0, 1, 2]))
    mom = round(r.uniform(-15, 30), 1)
    updown = "增长" if yoy >= 0 else "下降"
    paras = [f"{brand}{month}月交付{delivered}辆 同比{updown}{abs(yoy)}%"]
    paras.append(f"{month % 12 + 1}月1日，{brand}公布最新交付数据。{month}月，{brand}交付新车{delivered:,}辆，"
                 f"同比{updown}{abs(yoy)}%，环比{'增长' if mom >= 0 else '下降'}{abs(mom)}%。")
    for _ in range(num(r, 3, 8)):
        k = r.random()
        if k < 0.25:
            paras.append(f"1-{month}月，{brand}累计交付新车{delivered * month + num(r, 0, 50000):,}辆，"
                         f"已完成{num(r, 20, 100)}万辆年度目标的{num(r, 40, 99)}%。")
        elif k < 0.4:
            paras.append(f"海外市场方面，{brand}{month}月出口新车{num(r, 300, 30000):,}辆。公司计划到{year}年底在"
                         f"{r.choice(ZH_COUNTRIES)}开设{num(r, 10, 200)}家销售网点。")
        elif k < 0.5:
            paras.append(f"{r.choice(ZH_GROUPS)}持有{brand}约{num(r, 5, 51)}%的股份。")
        elif k < 0.6:
            paras.append(f"据悉，{brand}{year + 1}年的销量目标为{num(r, 10, 200)}万辆，"
                         f"第{r.choice('一二三四')}季度营收约{num(r, 10, 900)}.{num(r, 0, 9)}亿元。")
        else:
            paras.append("，".join(f"{r.choice(ZH_FILLER)}{r.choice(ZH_CLAUSE)}" for _ in range(num(r, 2, 5))) + "。")
    date = f"{year}-{month % 12 + 1:02d}-{num(r, 1, 28):02d}"
    return paras[0], date, "\n\n".join(paras) + "\n"


def front_matter(raw):
    """(fields, body) of an article file: a leading '---' block of `key: value` lines, as quarry's
    front matter reader takes it; no block, no fields."""
    if not raw.startswith("---\n"):
        return {}, raw
    end = raw.find("\n---\n", 4)
    if end < 0:
        return {}, raw
    fields = {}
    for line in raw[4:end].splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            fields[k.strip()] = v.strip()
    return fields, raw[end + 5:]


def copy_tag(k):
    """k written in consonants: a word no gazetteer entry can be, different for every copy."""
    letters = "bcdfghjklmnpqrstvwxz"
    tag = ""
    while True:
        tag = letters[k % len(letters)] + tag
        k //= len(letters)
        if k == 0:
            return "ref" + tag


def replicate_articles(folder, limit, out_path):
    names = sorted(n for n in os.listdir(folder) if n.endswith((".txt", ".md")))
    articles = []
    for name in names:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            fields, body = front_matter(f.read())
        articles.append((name, fields, body if body.endswith("\n") else body + "\n"))
    written = n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        k = 0
        while written < limit:
            for name, fields, body in articles:
                if written >= limit:
                    break
                doc = {"id": f"{name}#{k}", "url": fields.get("url", f"https://news.example.com/articles/{name}"),
                       "title": fields.get("title", ""), "published": fields.get("published"),
                       "text": body + f"\nArchive copy {copy_tag(k)}.\n"}
                line = json.dumps(doc, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                n += 1
            k += 1
    print(f"{out_path}: {n} articles ({len(articles)} originals, {k} rounds), {written} bytes", file=sys.stderr)


def parse_size(s):
    s = s.strip().upper()
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(s[-1:], 1)
    return int(float(s[:-1] if s[-1:] in "KMG" else s) * mult)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=["en", "zh"], default="en")
    ap.add_argument("--size", default="10M", help="bytes of JSONL to write: 10M, 100M, 1G")
    ap.add_argument("--jsonl", required=True, help="output JSONL file")
    ap.add_argument("--files", help="also write each article as a .txt file under this folder")
    ap.add_argument("--seed", type=int, default=20251202)
    ap.add_argument("--articles", metavar="DIR", help="replicate the articles in DIR instead of generating")
    a = ap.parse_args()
    limit = parse_size(a.size)
    if a.articles:
        os.makedirs(os.path.dirname(os.path.abspath(a.jsonl)), exist_ok=True)
        replicate_articles(a.articles, limit, a.jsonl)
        return
    r = random.Random(f"{a.seed}-{a.lang}")
    gen = en_article if a.lang == "en" else zh_article
    os.makedirs(os.path.dirname(os.path.abspath(a.jsonl)), exist_ok=True)
    written = 0
    n = 0
    with open(a.jsonl, "w", encoding="utf-8") as out:
        while written < limit:
            title, date, text = gen(r, n)
            doc_id = f"{a.lang}-{n:07d}"
            line = json.dumps({"id": doc_id, "url": f"https://news.example.com/{a.lang}/{n}", "title": title,
                               "published": date, "text": text}, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            if a.files:
                d = os.path.join(a.files, f"{n // 1000:06d}")
                if n % 1000 == 0:
                    os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, doc_id + ".txt"), "w", encoding="utf-8") as f:
                    f.write(text)
            n += 1
    print(f"{a.jsonl}: {n} articles, {written} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
