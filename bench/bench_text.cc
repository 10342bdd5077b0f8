// bench_text: throughput of each text-layer stage in MB/s beside ICU's word break alone on the
// same generated text, plus the 50 MB single-line document and 5 MB of random bytes (time and
// peak RSS). Generates its own text (news-like English, Chinese, HTML); nothing is read.
// Usage: bench_text [--mb N (English corpus size, default 20)] [--big N (single-line MB, default
// 50; 0 skips)] [--random N (random-bytes MB, default 5)]
#include <sys/resource.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ucnv.h>
#include <unicode/utext.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/decode.h"
#include "text/html_text.h"
#include "text/normalize.h"
#include "text/segment.h"
#include "text/utf8.h"

using namespace quarry;
using Clock = std::chrono::steady_clock;

namespace {

double Since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

long PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

// News-like English: brands, figures, percents, periods; one paragraph per 3-6 sentences.
std::vector<std::string> EnglishDocs(size_t total_bytes, std::mt19937& rng) {
  const char* brands[] = {"AITO", "Leapmotor", "Xpeng", "NIO", "BYD", "Li Auto", "Zeekr", "Xiaomi", "Stellantis"};
  const char* verbs[] = {"delivered", "sold", "produced", "exported", "shipped"};
  const char* months[] = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
                          "October", "November", "December"};
  std::vector<std::string> docs;
  size_t total = 0;
  std::uniform_int_distribution<int> n(1, 99999), pct(0, 20000), pick(0, 1000);
  while (total < total_bytes) {
    std::string d = std::string(brands[pick(rng) % 9]) + " deliveries in " + months[pick(rng) % 12] + "\n\n";
    int paras = 4 + pick(rng) % 6;
    for (int p = 0; p < paras; ++p) {
      int sents = 3 + pick(rng) % 4;
      for (int s = 0; s < sents; ++s) {
        char buf[400];
        int v = n(rng);
        std::snprintf(buf, sizeof buf,
                      "%s %s %d,%03d new energy vehicles (NEVs) in %s, up %d.%02d%% year-on-year and %s %d.%d%% "
                      "from the previous month, the company's data showed. ",
                      brands[pick(rng) % 9], verbs[pick(rng) % 5], v / 1000 + 1, v % 1000, months[pick(rng) % 12],
                      pct(rng) / 100, pct(rng) % 100, pick(rng) % 2 ? "down" : "up", pick(rng) % 50, pick(rng) % 10);
        d += buf;
      }
      d += "\n\n";
    }
    total += d.size();
    docs.push_back(std::move(d));
  }
  return docs;
}

std::vector<std::string> ChineseDocs(size_t total_bytes) {
  const std::string para =
      "\xE9\x9B\xB6\xE8\xB7\x91\xE6\xB1\xBD\xE8\xBD\xA6" "11\xE6\x9C\x88\xE4\xBA\xA4\xE4\xBB\x98" "70,327"
      "\xE8\xBE\x86\xEF\xBC\x8C\xE5\x90\x8C\xE6\xAF\x94\xE5\xA2\x9E\xE9\x95\xBF" "75%\xE3\x80\x82"
      "\xE9\x97\xAE\xE7\x95\x8C\xE4\xBB\x8A\xE5\xB9\xB4\xE7\xB4\xAF\xE8\xAE\xA1\xE4\xBA\xA4\xE4\xBB\x98"
      "8.19\xE4\xB8\x87\xE8\xBE\x86\xEF\xBC\x8C\xE5\x88\x9B\xE5\x8E\x86\xE5\x8F\xB2\xE6\x96\xB0\xE9\xAB\x98\xE3\x80\x82\n";
  std::vector<std::string> docs;
  size_t total = 0;
  while (total < total_bytes) {
    std::string d;
    for (int i = 0; i < 30; ++i) d += para;
    total += d.size();
    docs.push_back(std::move(d));
  }
  return docs;
}

size_t Bytes(const std::vector<std::string>& docs) {
  size_t n = 0;
  for (const auto& d : docs) n += d.size();
  return n;
}

void Row(const char* name, size_t bytes, double secs) {
  std::printf("  %-44s %8.1f MB/s   (%.3f s)\n", name, bytes / 1e6 / secs, secs);
}

double IcuWordBreak(const std::vector<std::string>& docs, size_t* count) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), st));
  UText ut = UTEXT_INITIALIZER;
  auto t0 = Clock::now();
  for (const auto& d : docs) {
    utext_openUTF8(&ut, d.data(), static_cast<int64_t>(d.size()), &st);
    it->setText(&ut, st);
    for (int32_t p = it->first(); p != icu::BreakIterator::DONE; p = it->next()) ++*count;
  }
  double s = Since(t0);
  utext_close(&ut);
  return s;
}

double IcuSentenceBreak(const std::vector<std::string>& docs) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), st));
  UText ut = UTEXT_INITIALIZER;
  size_t n = 0;
  auto t0 = Clock::now();
  for (const auto& d : docs) {
    utext_openUTF8(&ut, d.data(), static_cast<int64_t>(d.size()), &st);
    it->setText(&ut, st);
    for (int32_t p = it->first(); p != icu::BreakIterator::DONE; p = it->next()) ++n;
  }
  double s = Since(t0);
  utext_close(&ut);
  return n ? s : s;
}

void Stages(const char* title, const std::vector<std::string>& docs, bool html, const char* hint) {
  size_t bytes = Bytes(docs);
  std::printf("\n%s: %zu documents, %.1f MB\n", title, docs.size(), bytes / 1e6);
  size_t words = 0;
  Row("ICU word break alone (root, UText UTF-8)", bytes, IcuWordBreak(docs, &words));
  Row("ICU sentence break alone (en@ss=standard)", bytes, IcuSentenceBreak(docs));
  // Decode.
  text::Decoder dec;
  std::string out;
  text::OffsetMap map;
  text::DecodeInfo info;
  auto t0 = Clock::now();
  for (const auto& d : docs) {
    out.clear();
    map.Clear();
    dec.Decode(d, hint, html, &out, &map, &info);
  }
  Row((std::string("decode (") + hint + ")").c_str(), bytes, Since(t0));
  // HTML.
  std::vector<std::string> texts;
  if (html) {
    text::HtmlExtractor hx;
    t0 = Clock::now();
    for (const auto& d : docs) {
      out.clear();
      map.Clear();
      hx.Extract(d, &out, &map);
      texts.push_back(out);
    }
    Row("HTML to text (gumbo + offsets)", bytes, Since(t0));
  } else {
    texts = docs;
  }
  size_t tbytes = Bytes(texts);
  for (bool fast : {false, true}) {
    text::Normalizer norm({true, fast});
    t0 = Clock::now();
    for (const auto& d : texts) {
      out.clear();
      map.Clear();
      norm.Run(d, &out, &map);
    }
    Row(fast ? "normalize, ASCII fast path" : "normalize, every char through utf8proc", tbytes, Since(t0));
  }
  text::Segmenter seg;
  text::TextDoc td;
  text::Normalizer norm;
  std::vector<text::TextDoc> normalized(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) norm.Run(texts[i], &normalized[i].text, &normalized[i].map);
  size_t tokens = 0;
  t0 = Clock::now();
  for (auto& n : normalized) {
    n.tokens.clear();
    n.sentences.clear();
    n.paragraphs.clear();
    n.pool.clear();
    seg.Run(&n);
    tokens += n.tokens.size();
  }
  Row("segment (tokens, sentences, headings, lower/shape)", tbytes, Since(t0));
  text::Analyzer an;
  Document doc;
  doc.content_type = html ? ContentType::kHtml : ContentType::kText;
  doc.charset_hint = hint;
  t0 = Clock::now();
  for (const auto& d : docs) {
    doc.raw = d;
    an.Analyze(doc, &td);
  }
  Row("Analyze, all stages", bytes, Since(t0));
  std::printf("  (%zu tokens; ICU word break found %zu boundaries)\n", tokens, words);
}

}  // namespace

int main(int argc, char** argv) {
  size_t mb = 20, big = 50, random_mb = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--mb")) mb = std::strtoul(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--big")) big = std::strtoul(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--random")) random_mb = std::strtoul(argv[i + 1], nullptr, 10);
  }
  std::mt19937 rng(1);
  auto en = EnglishDocs(mb << 20, rng);
  Stages("English news text (UTF-8)", en, false, "UTF-8");
  std::vector<std::string> html;
  for (const auto& d : en) {
    std::string h = "<html><head><meta charset=utf-8><script>var a=1;</script></head><body><nav>Home | News</nav><article>";
    size_t i = 0;
    while (i < d.size()) {
      size_t j = d.find("\n\n", i);
      if (j == std::string::npos) j = d.size();
      h += "<p>" + d.substr(i, j - i) + "</p>\n";
      i = j + 2;
    }
    html.push_back(h + "</article><footer>&copy; 2025</footer></body></html>");
    if (Bytes(html) > (mb << 20) / 2) break;
  }
  Stages("The same as HTML", html, true, "");
  auto zh = ChineseDocs((mb << 20) / 4);
  Stages("Chinese text (UTF-8)", zh, false, "UTF-8");
  std::vector<std::string> gb;
  for (const auto& d : zh) {
    std::string out(d.size() * 2, '\0');
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = ucnv_convert("gb18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()), d.data(),
                             static_cast<int32_t>(d.size()), &st);
    out.resize(static_cast<size_t>(n));
    gb.push_back(out);
  }
  Stages("Chinese text (GB18030, labelled gb2312)", gb, false, "gb2312");

  text::Analyzer an;
  text::TextDoc td;
  if (big > 0) {
    Document d;
    std::string all;
    for (const auto& s : en) {
      for (char c : s) all.push_back(c == '\n' ? ' ' : c);
      if (all.size() >= (big << 20)) break;
    }
    while (all.size() < (big << 20)) all += all.substr(0, std::min(all.size(), (big << 20) - all.size()));
    d.raw = std::move(all);
    auto t0 = Clock::now();
    an.Analyze(d, &td);
    double s = Since(t0);
    std::printf("\n%zu MB single-line document: %.2f s (%.1f MB/s), %zu tokens, %zu sentences, peak RSS %ld MB\n", big,
                s, d.raw.size() / 1e6 / s, td.tokens.size(), td.sentences.size(), PeakRssMb());
  }
  if (random_mb > 0) {
    Document d;
    std::mt19937_64 r(42);
    d.raw.resize(random_mb << 20);
    for (auto& c : d.raw) c = static_cast<char>(r());
    for (const char* hint : {"", "UTF-8"}) {
      d.charset_hint = hint;
      auto t0 = Clock::now();
      an.Analyze(d, &td);
      double s = Since(t0);
      std::printf("%zu MB random bytes (hint '%s', decoded as %s): %.2f s, %zu tokens, %llu invalid, peak RSS %ld MB\n",
                  random_mb, hint, td.decode.charset.c_str(), s, td.tokens.size(),
                  static_cast<unsigned long long>(td.decode.invalid_sequences), PeakRssMb());
    }
  }
  return 0;
}
