// bench_annotate: annotation time (quantities, periods, changes) on generated English and Chinese
// news-like text at 1x and 10x size, as many ~4 KB articles and as one long document, to show
// the annotators are linear in input size. Text is generated here (deterministic), never read.
// Times are CPU seconds of the measuring thread (the machine is shared), the median of REPS
// passes over the same documents at 10x and of 10 x REPS passes at 1x (the same amount of text
// at both sizes), the two sizes interleaved pass by pass; analysis is timed apart, only
// annotation is judged. Each size keeps its analyzer, annotators and buffers across passes, as
// the Extractor keeps them across documents (Note [Warm buffers]).
//
//   bench_annotate [BASE_KB] [REPS]   (default 512 KB: 1x = 512 KB, 10x = 5 MB per language; 7 reps)
//
// The annotators' words come from the default grammar pack's lexicon ($QUARRY_GRAMMARS, else
// grammars/ next to the executable's parent folder).
//
// Exit 1 if annotation seconds per MB at 10x exceed 1.5x those at 1x (the linearity limit
// bench_match uses too), for either language or layout.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "base/document.h"
#include "facts/extractor.h"
#include "numbers/quantities.h"
#include "periods/periods.h"
#include "text/analyzer.h"
#include "text/word_ids.h"

namespace {

using quarry::Annotation;
using quarry::Document;

const char* kBrands[] = {"Rigel", "Vega", "Lyra", "Nova", "Orion", "Altair", "Deneb", "Sirius"};
const char* kMonths[] = {"January", "February", "March", "April", "May", "June", "July",
                         "August", "September", "October", "November", "December"};
const char* kCnBrands[] = {"天狼", "织女", "天琴", "新星", "猎户", "牛郎"};

// Sentences without figures: most of a news article is prose around its figures.
const char* kFiller[] = {
    "The company said demand for its new models remained strong across its domestic network. ",
    "Analysts expect competition in the segment to intensify as more entrants cut prices. ",
    "The brand is counting on its driver-assistance software to stand out from rivals. ",
    "Executives told investors that the overseas push would continue despite tariffs. ",
    "Its partner supplies the cockpit system, while the maker handles production. ",
    "The refreshed crossover went on sale with a longer range and a larger screen. ",
    "Dealers reported busy showrooms over the weekend as promotions took effect. ",
    "The group did not comment on its plans for the European market. ",
};
const char* kCnFiller[] = {
    "公司表示，新车型在国内市场的需求依然旺盛。", "分析人士认为，随着更多品牌降价，细分市场竞争将进一步加剧。",
    "该品牌希望凭借智能驾驶软件在竞争中脱颖而出。", "管理层表示，尽管面临关税压力，海外扩张仍将继续。",
    "合作伙伴提供座舱系统，车企负责生产制造。", "改款车型上市后续航更长、屏幕更大。",
};

std::string Figure(std::mt19937& rng) {
  int v = static_cast<int>(rng() % 990000) + 1000;
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

std::string Pct(std::mt19937& rng) {
  return std::to_string(rng() % 200) + "." + std::to_string(rng() % 100);
}

std::string EnglishSentence(std::mt19937& rng) {
  const char* b = kBrands[rng() % 8];
  const char* m = kMonths[rng() % 12];
  switch (rng() % 8) {
    case 0: return std::string(b) + " delivered " + Figure(rng) + " vehicles in " + m + ", up " + Pct(rng) + "% year-on-year. ";
    case 1: return std::string("The ") + b + " M" + std::to_string(rng() % 9 + 1) + " secured over " + Figure(rng) + " firm orders in less than three months. ";
    case 2: return std::string(b) + " plans " + std::to_string(rng() % 90 + 10) + " sales outlets in Brazil by " + std::to_string(2024 + rng() % 3) + ". ";
    case 3: return std::string("From January-") + m + ", deliveries reached " + std::to_string(rng() % 9 + 1) + "." + std::to_string(rng() % 10) + " million, down " + Pct(rng) + "%. ";
    case 4: return std::string("In October ") + std::to_string(2020 + rng() % 5) + ", a partner acquired a " + std::to_string(rng() % 50 + 1) + "% stake and formed a 51/49 venture. ";
    case 5: return std::string(b) + "'s " + std::to_string(rng() % 90 + 10) + "K surge came as revenue hit US$" + std::to_string(rng() % 9 + 1) + ".2 billion in Q" + std::to_string(rng() % 4 + 1) + ". ";
    case 6: return std::string("The ADS 4 update on HarmonyOS 5 reached about ") + Figure(rng) + " cars so far this year. ";
    default: return std::string("Sales were ") + std::to_string(rng() % 9 + 2) + " times higher than the same period last year, with " + Pct(rng) + "% of output exported. ";
  }
}

std::string ChineseSentence(std::mt19937& rng) {
  const char* b = kCnBrands[rng() % 6];
  int m = static_cast<int>(rng() % 12) + 1;
  switch (rng() % 5) {
    case 0: return std::string(b) + std::to_string(m) + "月交付" + std::to_string(rng() % 20 + 1) + "." + std::to_string(rng() % 100) + "万辆，同比增长" + Pct(rng) + "%。";
    case 1: return std::string("1-") + std::to_string(m) + "月累计交付" + Figure(rng) + "辆，环比下降" + Pct(rng) + "%。";
    case 2: return std::string(b) + "今年以来新增" + std::to_string(rng() % 90 + 10) + "家门店，投资约" + std::to_string(rng() % 90 + 1) + "亿元。";
    case 3: return std::string("前三季度销量超过两万辆，") + std::to_string(2020 + rng() % 6) + "年目标已完成。";
    default: return std::string(b) + "上半年营收" + std::to_string(rng() % 900 + 100) + "亿元，份额提升" + std::to_string(rng() % 5) + ".5个百分点。";
  }
}

std::string Generate(bool chinese, size_t bytes, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s;
  s.reserve(bytes + 256);
  size_t para = 0;
  while (s.size() < bytes) {
    // About one sentence in three carries figures, as in delivery reports.
    if (rng() % 3 == 0)
      s += chinese ? ChineseSentence(rng) : EnglishSentence(rng);
    else
      s += chinese ? kCnFiller[rng() % 6] : kFiller[rng() % 8];
    if (++para % 4 == 0) s += "\n";
  }
  return s;
}

// CPU time of this thread: the machine is shared, so wall time would measure the neighbours.
double ThreadSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Timing {
  double analyze_s = 0, annotate_s = 0;
  size_t bytes = 0, tokens = 0, annotations = 0;
};

// Note [Warm buffers]
// ~~~~~~~~~~~~~~~~~~~
// quarry's Extractor keeps its analyzer, its annotators and its Trace (the TextDoc, the
// annotations) across documents: a document's buffers are the previous one's, with their
// capacity. The benches do the same, one set per size kept across passes (here) or runs
// (bench_match). With fresh buffers per pass they timed glibc's allocator as much as quarry: a
// 1x pass got back the heap the previous pass had freed, while a 10x pass, whose buffers of
// several MB are mapped apart and unmapped when freed, faulted all their pages in again each
// time (one 5 MB English document: 28,400 page faults per pass, 1,650 at 1x; the same number of
// instructions per MB at both sizes). That first touch of a long document's memory is real but
// paid once per document; bench/run's extreme documents measure it, these benches measure the
// engine. The annotators also share one word table and the document is indexed once, as in
// facts::Resources and Extractor::Annotate (both annotators otherwise look every token up again).
struct Pipeline {
  Pipeline(const quarry::Lexicon& words, const std::vector<quarry::UnitDecl>& units)
      : ids(std::make_shared<quarry::text::WordIds>()), quantities(words, units, ids), periods(words, ids) {}
  std::shared_ptr<quarry::text::WordIds> ids;
  quarry::text::Analyzer analyzer;
  quarry::numbers::QuantityAnnotator quantities;
  quarry::periods::PeriodAnnotator periods;
  quarry::text::TextDoc td;
  std::vector<Annotation> out, qs;
};

Timing Measure(const std::vector<Document>& docs, Pipeline* p) {
  Timing t;
  for (const auto& d : docs) {
    double a0 = ThreadSeconds();
    p->analyzer.Analyze(d, &p->td);
    double a1 = ThreadSeconds();
    p->ids->Index(&p->td);
    p->out.clear();
    p->quantities.Annotate(p->td, &p->out);
    p->qs.assign(p->out.begin(), p->out.end());
    p->periods.Annotate(p->td, quarry::periods::Date::Parse(d.published), p->qs, &p->out);
    double a2 = ThreadSeconds();
    t.analyze_s += a1 - a0;
    t.annotate_s += a2 - a1;
    t.bytes += d.raw.size();
    t.tokens += p->td.tokens.size();
    t.annotations += p->out.size();
  }
  return t;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::vector<Document> Articles(const std::string& text) {
  std::vector<Document> docs;
  size_t p = 0;
  while (p < text.size()) {
    size_t e = text.find('\n', std::min(text.size(), p + 4096));
    if (e == std::string::npos) e = text.size();
    Document d;
    d.id = "gen#" + std::to_string(docs.size());
    d.published = "2025-12-02";
    d.raw = text.substr(p, e - p);
    docs.push_back(std::move(d));
    p = e + 1;
  }
  return docs;
}

Document OneDocument(const std::string& text) {
  Document d;
  d.id = "gen";
  d.published = "2025-12-02";
  d.raw = text;
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  size_t base_kb = argc > 1 ? static_cast<size_t>(std::strtoul(argv[1], nullptr, 10)) : 512;
  if (base_kb == 0) base_kb = 512;
  int reps = argc > 2 ? std::atoi(argv[2]) : 7;
  if (reps < 1) reps = 7;
  const double kLimit = 1.5;
  // The annotators' words: the default grammar pack's lexicon ($QUARRY_GRAMMARS or grammars/).
  std::vector<std::string> errors;
  auto lexicon = quarry::facts::LoadLexicon(quarry::facts::DefaultGrammarDir() + "/lexicon", &errors);
  const auto units = quarry::facts::LoadSchemaUnits(quarry::facts::DefaultGrammarDir());
  if (!lexicon) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 2;
  }
  std::printf("median of %d passes at 10x and %d at 1x (interleaved), CPU time of the measuring thread\n", reps,
              reps * 10);
  std::printf("%-8s %-9s %-5s %7s %9s %11s %13s %11s %12s %9s\n", "lang", "layout", "size", "MB", "tokens",
              "annotate_s", "annotate_MB/s", "ns/token", "analyze_MB/s", "annots");
  bool ok = true;
  std::vector<std::string> verdicts;
  for (bool chinese : {false, true}) {
    std::string text[2] = {Generate(chinese, base_kb * 1024, 42), Generate(chinese, base_kb * 1024 * 10, 42)};
    for (bool single : {false, true}) {
      std::vector<Document> docs[2];
      for (int s = 0; s < 2; ++s) {
        if (single)
          docs[s].push_back(OneDocument(text[s]));
        else
          docs[s] = Articles(text[s]);
      }
      // 1x and 10x interleaved pass by pass, so that both sizes see the same load on the shared
      // machine; 1x runs 10 passes per 10x pass: both are timed over the same amount of text.
      std::vector<double> analyze[2], annotate[2];
      Timing t[2];
      Pipeline pipes[2] = {Pipeline(*lexicon, units), Pipeline(*lexicon, units)};
      for (int r = 0; r < reps; ++r) {
        for (int s : {1, 0}) {
          for (int k = 0; k < (s == 0 ? 10 : 1); ++k) {
            t[s] = Measure(docs[s], &pipes[s]);
            analyze[s].push_back(t[s].analyze_s);
            annotate[s].push_back(t[s].annotate_s);
          }
        }
      }
      double per_mb[2];
      for (int s = 0; s < 2; ++s) {
        t[s].analyze_s = Median(analyze[s]);
        t[s].annotate_s = Median(annotate[s]);
        double mb = static_cast<double>(t[s].bytes) / (1 << 20);
        per_mb[s] = t[s].annotate_s / mb;
        std::printf("%-8s %-9s %-5s %7.2f %9zu %11.4f %13.1f %11.1f %12.1f %9zu\n", chinese ? "chinese" : "english",
                    single ? "one-doc" : "articles", s == 0 ? "1x" : "10x", mb, t[s].tokens, t[s].annotate_s,
                    mb / t[s].annotate_s, t[s].annotate_s * 1e9 / static_cast<double>(t[s].tokens),
                    mb / t[s].analyze_s, t[s].annotations);
      }
      double ratio = per_mb[1] / per_mb[0];
      bool linear = ratio <= kLimit;
      ok = ok && linear;
      char line[200];
      std::snprintf(line, sizeof line, "%-8s %-9s annotate seconds per MB, 10x / 1x = %.2f (1.00 = linear; %s, limit %.1fx)",
                    chinese ? "chinese" : "english", single ? "one-doc" : "articles", ratio, linear ? "ok" : "FAIL",
                    kLimit);
      verdicts.push_back(line);
    }
  }
  for (const auto& v : verdicts) std::printf("%s\n", v.c_str());
  return ok ? 0 : 1;
}
