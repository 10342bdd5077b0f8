// Size and garbage robustness: a 5 MB single-line document and 5 MB of random bytes (as text and
// as HTML) go through Analyze without a crash, with valid output and in-range spans. (bench_text
// measures the 50 MB case by hand; ctest keeps to 5 MB on this 2-core machine.)
#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>

#include "text/analyzer.h"
#include "text/utf8.h"

using namespace quarry;

namespace {

void CheckDoc(const Document& d, const text::TextDoc& t) {
  REQUIRE(text::ValidUtf8Prefix(t.text) == t.text.size());
  uint64_t prev = 0;
  bool ordered = true;
  for (const auto& k : t.tokens) {
    ordered = ordered && k.span.begin >= prev && k.span.end > k.span.begin;
    prev = k.span.end;
  }
  CHECK(ordered);
  if (!t.tokens.empty()) {
    RawSpan last = t.ToRaw(t.tokens.back().span);
    CHECK(last.end <= d.raw.size());
  }
  bool nonempty = true;
  for (const auto& s : t.sentences) nonempty = nonempty && s.tok_begin < s.tok_end;
  CHECK(nonempty);
}

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

}  // namespace

TEST_CASE("5 MB single-line document", "[text][big]") {
  Document d;
  const std::string sentence =
      "AITO delivered 81,864 vehicles in November, up 127.93% year-on-year, and Leapmotor 70,327 (3.4bn yuan). ";
  while (d.raw.size() < (5u << 20)) d.raw += sentence;
  text::Analyzer a;
  text::TextDoc t;
  auto t0 = std::chrono::steady_clock::now();
  a.Analyze(d, &t);
  double s = Seconds(t0);
  WARN("5 MB single line: " << t.tokens.size() << " tokens, " << t.sentences.size() << " sentences in " << s << " s");
  CheckDoc(d, t);
  CHECK(t.paragraphs.size() == 1);
  CHECK(t.tokens.size() > 800000);
  CHECK(t.sentences.size() > 40000);
}

TEST_CASE("5 MB of random bytes, as text and as HTML", "[text][big]") {
  std::mt19937_64 rng(42);
  Document d;
  d.raw.resize(5u << 20);
  for (size_t i = 0; i < d.raw.size(); i += 8) {
    uint64_t v = rng();
    for (size_t k = 0; k < 8 && i + k < d.raw.size(); ++k) d.raw[i + k] = static_cast<char>(v >> (8 * k));
  }
  text::Analyzer a;
  text::TextDoc t;
  // Two of the four combinations, to stay within ctest's time on a loaded 2-core machine in Debug
  // (bench_text runs all of them in Release).
  for (bool html : {false, true})
    for (const char* hint : {html ? "UTF-8" : ""}) {
      d.content_type = html ? ContentType::kHtml : ContentType::kText;
      d.charset_hint = hint;
      auto t0 = std::chrono::steady_clock::now();
      a.Analyze(d, &t);
      WARN("5 MB random (" << (html ? "html" : "text") << ", hint '" << hint << "', decoded as " << t.decode.charset
                           << "): " << t.tokens.size() << " tokens, " << t.decode.invalid_sequences << " invalid, "
                           << Seconds(t0) << " s");
      CheckDoc(d, t);
    }
}
