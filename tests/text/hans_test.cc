// Traditional Chinese read as Simplified (Note [Hans fold] in text/normalize.cc) and spaces inside
// Chinese dates: the normalized text, tokens and annotations of a Traditional sentence equal
// those of its Simplified twin, while raw spans point at the Traditional bytes; a spaced date
// annotates as the unspaced one.
#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <vector>

#include "facts/extractor.h"
#include "text/analyzer.h"
#include "text/normalize.h"

using namespace quarry;

namespace {

std::shared_ptr<const facts::Resources> Pack() {
  static std::shared_ptr<const facts::Resources> res = [] {
    std::vector<std::string> errors;
    auto r = facts::Resources::Load(QUARRY_SOURCE_DIR "/grammars", &errors);
    for (const auto& e : errors) UNSCOPED_INFO(e);
    return r;
  }();
  return res;
}

facts::Trace Annotate(const std::string& raw) {
  static facts::Extractor ex(Pack());
  Document d;
  d.id = "t";
  d.raw = raw;
  d.published = "2025-12-02";
  d.content_type = ContentType::kText;
  facts::Trace t;
  ex.Annotate(d, &t);
  return t;
}

std::vector<std::string> Lowers(const text::TextDoc& t) {
  std::vector<std::string> out;
  for (const auto& k : t.tokens) out.emplace_back(t.Lower(k));
  return out;
}

// kind, normalized text, value, unit, period, label of every annotation.
using AnnKey = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
std::vector<AnnKey> Annotations(const facts::Trace& t) {
  std::vector<AnnKey> out;
  for (const auto& a : t.annotations)
    out.emplace_back(AnnKindName(a.kind), std::string(a.span.Of(t.text.text)), a.value.ToString(), a.unit,
                     a.period, a.label);
  return out;
}

}  // namespace

TEST_CASE("Hans fold: Traditional ideographs become Simplified, same length", "[text][hans]") {
  text::Normalizer n;
  CHECK(n.Normalize("比亞迪11月銷量48萬輛，按年增長5.3%") == "比亚迪11月销量48万辆,按年增长5.3%");
  CHECK(n.Normalize("蔚來交車2.1萬台") == "蔚来交车2.1万台");
  // Characters that Simplified text uses as they are stay unchanged (GB 2312).
  CHECK(n.Normalize("哪吒汽车俱乐部,显著增长,大阪") == "哪吒汽车俱乐部,显著增长,大阪");
  // ... but 後 and 於 are read as 后 and 于.
  CHECK(n.Normalize("發佈於11月,其後") == "发布于11月,其后");
  // A compatibility ideograph goes through NFKC, then the fold: U+F9B2 -> U+96F6 零.
  CHECK(n.Normalize("\xEF\xA6\xB2") == "\xE9\x9B\xB6");
  // Off: plain NFKC.
  text::Normalizer plain(text::NormalizeOptions{.folds = true, .simplified = false});
  CHECK(plain.Normalize("比亞迪") == "比亞迪");
  text::Normalizer nfkc(text::NormalizeOptions{.folds = false});
  CHECK(nfkc.Normalize("比亞迪") == "比亞迪");
  // The fold keeps every offset: a copy, one piece for the whole string.
  std::string out;
  text::OffsetMap map;
  std::string raw = "比亞迪11月銷量";
  n.Run(raw, &out, &map);
  REQUIRE(out.size() == raw.size());
  for (uint64_t b = 0; b + 3 <= out.size(); b += 3) CHECK(map.ToRaw(NormSpan(b, b + 3)) == RawSpan(b, b + 3));
}

TEST_CASE("Hans fold: a Traditional sentence reads as its Simplified twin", "[text][hans]") {
  const std::string hant = "比亞迪11月銷量48萬輛，按年下降5.3%，其中海外銷量為13.1萬輛。";
  const std::string hans = "比亚迪11月销量48万辆，按年下降5.3%，其中海外销量为13.1万辆。";
  facts::Trace t = Annotate(hant), s = Annotate(hans);
  CHECK(t.text.text == s.text.text);
  CHECK(Lowers(t.text) == Lowers(s.text));
  auto at = Annotations(t), as = Annotations(s);
  CHECK(at == as);
  // The figures are read: 480,000 vehicles, -5.3% yoy, the period 2025-11.
  auto has = [&](const char* kind, const char* value, const char* period) {
    for (const auto& a : at)
      if (std::get<0>(a) == kind && (!*value || std::get<2>(a) == value) && (!*period || std::get<4>(a) == period))
        return true;
    return false;
  };
  CHECK(has("quantity", "480000", ""));
  CHECK(has("change", "-5.3", "yoy"));
  CHECK(has("period", "", "2025-11"));
  // Raw spans point at the Traditional bytes: normalized on their own, they give the token.
  for (const auto& k : t.text.tokens) {
    std::string_view raw = t.text.ToRaw(k.span).Of(hant);
    if (t.text.TokenText(k) != ",") CHECK(raw.size() == k.span.size());  // "，" -> "," is NFKC's
    text::Normalizer n;
    CHECK(n.Normalize(raw) == t.text.TokenText(k));
  }
  bool found = false;
  for (const auto& k : t.text.tokens)
    if (t.text.TokenText(k).find("销量") != std::string_view::npos) {
      CHECK(t.text.ToRaw(k.span).Of(hant).find("銷量") != std::string_view::npos);
      found = true;
    }
  CHECK(found);
}

TEST_CASE("spaces inside Chinese dates are dropped, spans keep them", "[text][hans]") {
  text::Normalizer n;
  struct Row {
    const char* in;
    const char* out;
  } rows[] = {
      {"2025 年 7 月", "2025年7月"},
      {"2025年 7月", "2025年7月"},
      {"2025  年  7  月份", "2025年7月份"},
      {"7 月份", "7月份"},
      {"2025 年 7 月 15 日", "2025年7月15日"},
      {"\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x95 年", "2025年"},  // full-width digits
      {"11 月销量 48 万辆", "11月销量 48 万辆"},  // only date spaces go
      {"7月 销量", "7月 销量"},
      {"7月 48万辆", "7月 48万辆"},  // no day after the month
      {"in 2025 and 7 cars", "in 2025 and 7 cars"},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(n.Normalize(r.in) == r.out);
  }
  // A spaced date annotates as the unspaced one, and its raw span keeps the spaces.
  const std::string spaced = "2025 年 7 月，零跑汽车交付新车50,129辆。";
  const std::string tight = "2025年7月，零跑汽车交付新车50,129辆。";
  facts::Trace a = Annotate(spaced), b = Annotate(tight);
  CHECK(a.text.text == b.text.text);
  CHECK(Annotations(a) == Annotations(b));
  bool period = false;
  for (const auto& x : a.annotations)
    if (x.kind == AnnKind::kPeriod && x.period == "2025-07") {
      period = true;
      CHECK(a.text.ToRaw(x.span).Of(spaced) == "2025 年 7 月");
    }
  CHECK(period);
}
