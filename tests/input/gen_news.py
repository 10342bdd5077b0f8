#!/usr/bin/env python3
"""tests/input/gen_news.py: deterministic synthetic monthly-delivery news for the batch tests and
the extract benchmark. Every document is unique (its own figures), so content-hash dedup never
merges two of them.

  gen_news.py --docs N [--seed S] [--bytes B] --jsonl OUT.jsonl [--warc OUT.warc.gz] [--shards K]

--bytes: stop when this many bytes of text were written (overrides --docs).
--shards K: also write OUT.jsonl split into K files OUT.jsonl.0 .. OUT.jsonl.K-1.
"""
import argparse, gzip, json, random

BRANDS = ["HIMA", "AITO", "Leapmotor", "NIO", "XPeng", "Li Auto", "BYD", "Zeekr", "Xiaomi", "Onvo"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
FILLER = ["Analysts said competition in the domestic market remains fierce as price cuts spread.",
          "The company did not comment on its export plans for the coming quarter.",
          "Battery costs have eased this year, helping margins across the sector.",
          "Dealers reported steady foot traffic in tier-two cities during the period.",
          "The new model line-up is expected to reach showrooms before the holiday season.",
          "Software updates added driver assistance features to older vehicles."]

def article(rng, i):
    brand = rng.choice(BRANDS)
    m = rng.randrange(12)
    n = rng.randrange(1000, 120000)
    pct = rng.randrange(1, 20000) / 100
    parts = [f"{brand} delivered {n:,} vehicles in {MONTHS[m]}, up {pct}% year-on-year."]
    for _ in range(rng.randrange(3, 9)):
        parts.append(rng.choice(FILLER))
    if rng.random() < 0.5:
        b2 = rng.choice(BRANDS)
        parts.append(f"{b2} delivered {rng.randrange(1000, 90000):,} vehicles in {MONTHS[(m + 11) % 12]}.")
    parts.append(f"Report number {i}.")
    return " ".join(parts)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--bytes", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jsonl", required=True)
    ap.add_argument("--warc")
    ap.add_argument("--shards", type=int, default=0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    lines, total, i = [], 0, 0
    while (a.bytes and total < a.bytes) or (not a.bytes and i < a.docs):
        text = article(rng, i)
        doc = {"id": f"n{i:07d}", "url": f"https://news.example/{i}", "title": f"Deliveries {i}",
               "published": f"2025-{rng.randrange(1, 13):02d}-01", "text": text}
        lines.append(json.dumps(doc, ensure_ascii=False) + "\n")
        total += len(text)
        i += 1
    with open(a.jsonl, "w") as f:
        f.writelines(lines)
    if a.shards:
        per = (len(lines) + a.shards - 1) // a.shards
        for k in range(a.shards):
            with open(f"{a.jsonl}.{k}", "w") as f:
                f.writelines(lines[k * per:(k + 1) * per])
    if a.warc:
        with open(a.warc, "wb") as out:
            for line in lines:
                d = json.loads(line)
                html = (f"<html><head><title>{d['title']}</title><meta property=\"article:published_time\" "
                        f"content=\"{d['published']}\"></head><body><p>{d['text']}</p></body></html>").encode()
                http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
                rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + d["url"].encode() +
                       b"\r\nWARC-Date: 2025-12-31T00:00:00Z\r\nContent-Type: application/http; msgtype=response"
                       b"\r\nContent-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
                out.write(gzip.compress(rec, compresslevel=1))

if __name__ == "__main__":
    main()
