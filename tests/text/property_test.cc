// Property test over generated nasty text: random mixes of ASCII words and numbers, typographic
// spaces and digit groups, full-width forms, curly quotes, dashes, CJK, emoji, combining marks,
// halfwidth kana, Hangul jamo, ligatures, soft hyphens, zero-width characters, CRLF and invalid
// bytes, as UTF-8 and re-encoded as GB18030. For every token: spans are ordered and inside the
// document, and the raw bytes at its span, decoded and normalized on their own, give exactly the
// normalized text the span covers (the token itself unless the token splits one NFKC unit, like
// "1" of "½" -> "1⁄2"). No letter or digit of the normalized text is outside every token.
#include <catch2/catch.hpp>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <random>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/utf8.h"

using namespace quarry;

namespace {

const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> p = {
      "AITO", "delivered", "Leapmotor", "NEVs", "Q3", "SU7", "the", "U.S.", "e.g.", "don't", "cnevpost.com",
      "81,864", "1,234.5", "127.93%", "1.2m", "70K", "3.4bn", "51/49", "51:49", "2025", "1st", "5G",
      "10,000-plus", "2012-13", "81\xC2\xA0" "864", "1\xE2\x80\x89" "234\xE2\x80\x89" "567", "81\xE2\x80\xAF" "864",
      "\xEF\xBC\x98\xEF\xBC\x91\xEF\xBC\x8C\xEF\xBC\x98\xEF\xBC\x96\xEF\xBC\x94",  // ８１，８６４
      "AITO\xE2\x80\x99s", "\xE2\x80\x9Cquoted\xE2\x80\x9D", "\xE2\x80\x98single\xE2\x80\x99", "up\xE2\x80\x93" "down",
      "\xE2\x88\x92" "5.2%", "\xE2\x80\x94", "Soft\xC2\xADhyphen", "zero\xE2\x80\x8Bwidth", "join\xE2\x80\x8Dme",
      "\xEF\xBB\xBF", "\xE9\x9B\xB6\xE8\xB7\x91\xE6\xB1\xBD\xE8\xBD\xA6",  // 零跑汽车
      "8.19\xE4\xB8\x87", "1,100\xE4\xB8\x87\xE8\xBE\x86", "3\xE4\xB8\x87" "4000", "\xE3\x80\x82", "\xEF\xBC\x81",
      "\xE4\xBA\xA4\xE4\xBB\x98", "\xF0\x9F\x9A\x97", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "\xE2\x9D\xA4\xEF\xB8\x8F",
      "cafe\xCC\x81", "\xCC\x81", "e\xCC\xA3\xCC\x87", "\xEF\xBD\xB6\xEF\xBE\x9E",  // ｶﾞ
      "\xE1\x84\x80\xE1\x85\xA1",  // Hangul L V
      "\xEA\xB0\x80", "\xEF\xAC\x81nal", "\xC2\xBD", "\xE2\x91\xA0", "\xE2\x84\xAB", "\xC3\x85ngstr\xC3\xB6m",
      "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9",
      "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5", "**", "- ", "* ", "(", ")", ".", ",",
      "?", "!", ":", "'", "\"", "&", "$", "\xE2\x82\xAC", "\xC2\xA5", "|", "\t", "\r\n", "\n", "\n\n", "\r", " ",
      "  ", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\xA8", "\x01", "\x7F",
  };
  return p;
}

const std::vector<std::string>& BadBytes() {
  static const std::vector<std::string> b = {"\x80", "\xFF", "\xC2", "\xE2\x82", "\xF0\x9F\x98", "\xED\xA0\x80",
                                            "\xC0\xAF", "\xF4\x90\x80\x80", "\xFE"};
  return b;
}

std::string Generate(std::mt19937& rng, bool bad) {
  std::string s;
  const auto& p = Pieces();
  int n = std::uniform_int_distribution<int>(1, 120)(rng);
  for (int i = 0; i < n; ++i) {
    int r = std::uniform_int_distribution<int>(0, 99)(rng);
    if (bad && r < 6) {
      s += BadBytes()[std::uniform_int_distribution<size_t>(0, BadBytes().size() - 1)(rng)];
      continue;
    }
    s += p[std::uniform_int_distribution<size_t>(0, p.size() - 1)(rng)];
    if (r < 60) s += ' ';
  }
  return s;
}

std::string ToGb18030(const std::string& utf8) {
  UErrorCode st = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert("gb18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &st);
  out.resize(U_SUCCESS(st) ? static_cast<size_t>(n) : 0);
  return out;
}

bool IsLetterOrDigit(UChar32 c) { return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) != 0; }

void CheckProperties(text::Analyzer& analyzer, const std::string& raw, const std::string& hint) {
  Document d;
  d.raw = raw;
  d.charset_hint = hint;
  text::TextDoc t;
  analyzer.Analyze(d, &t);
  REQUIRE(text::ValidUtf8Prefix(t.text) == t.text.size());
  text::TextDoc piece;
  uint64_t prev_end = 0, prev_raw = 0;
  std::vector<bool> covered(t.text.size(), false);
  for (const text::Token& k : t.tokens) {
    REQUIRE(k.span.begin >= prev_end);
    REQUIRE(k.span.end > k.span.begin);
    REQUIRE(k.span.end <= t.text.size());
    prev_end = k.span.end;
    RawSpan r = t.ToRaw(k.span);
    REQUIRE(r.end <= raw.size());
    REQUIRE(r.begin >= prev_raw);
    REQUIRE(r.end > r.begin);
    prev_raw = r.begin;
    for (uint64_t i = k.span.begin; i < k.span.end; ++i) covered[i] = true;
    // Re-decode and re-normalize the raw bytes alone.
    Document sub;
    sub.raw = std::string(r.Of(raw));
    sub.charset_hint = hint;
    analyzer.Analyze(sub, &piece);
    NormSpan whole = t.map.ToNorm(r);
    INFO("token '" << t.TokenText(k) << "' raw '" << sub.raw << "' doc: " << raw);
    CHECK(whole.Contains(k.span));
    CHECK(piece.text == whole.Of(t.text));
    if (whole == k.span) CHECK(piece.text == t.TokenText(k));
  }
  // No letter or digit outside the tokens.
  for (int32_t i = 0; i < static_cast<int32_t>(t.text.size());) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(t.text.data()), i, static_cast<int32_t>(t.text.size()), c);
    if (c >= 0 && IsLetterOrDigit(c)) {
      INFO("uncovered U+" << std::hex << c << " at " << std::dec << start << " in: " << t.text);
      CHECK(covered[static_cast<size_t>(start)]);
    }
  }
}

}  // namespace

TEST_CASE("property: nasty UTF-8 text keeps exact provenance", "[text][property]") {
  std::mt19937 rng(20261128);
  text::Analyzer analyzer;
  for (int doc = 0; doc < 400; ++doc) CheckProperties(analyzer, Generate(rng, /*bad=*/true), "UTF-8");
}

TEST_CASE("property: the same through GB18030 encoding", "[text][property]") {
  std::mt19937 rng(7);
  text::Analyzer analyzer;
  for (int doc = 0; doc < 150; ++doc) {
    std::string utf8 = Generate(rng, /*bad=*/false);
    std::string gb = ToGb18030(utf8);
    REQUIRE(!gb.empty());
    CheckProperties(analyzer, gb, "gb2312");  // labelled as GBK sites often are
  }
}
