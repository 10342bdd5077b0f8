// Analyzer contract tests: paragraphs, headings, sentences, flags, lower/shape, raw spans, HTML.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/decode.h"
#include "text/html_text.h"
#include "text/normalize.h"
#include "text/utf8.h"

using namespace quarry;
using text::TextDoc;
using text::Token;

namespace {

TextDoc Run(const std::string& raw, bool html = false, const std::string& hint = "UTF-8") {
  static text::Analyzer analyzer;
  Document d;
  d.raw = raw;
  d.charset_hint = hint;
  d.content_type = html ? ContentType::kHtml : ContentType::kText;
  TextDoc t;
  analyzer.Analyze(d, &t);
  return t;
}

std::vector<std::string> Sentences(const TextDoc& t) {
  std::vector<std::string> out;
  for (const auto& s : t.sentences) out.emplace_back(s.span.Of(t.text));
  return out;
}

const Token* Find(const TextDoc& t, std::string_view text) {
  for (const auto& k : t.tokens)
    if (t.TokenText(k) == text) return &k;
  return nullptr;
}

}  // namespace

TEST_CASE("paragraphs split at every line break and sentences never cross them", "[text]") {
  TextDoc t = Run("AITO's Performance\nAITO delivered 81,864 units in November\nLeapmotor\n\nIt rose. It fell.\n");
  REQUIRE(t.paragraphs.size() == 4);
  CHECK(t.paragraphs[0].heading);
  CHECK(t.paragraphs[1].heading);  // short, no final stop: a heading by the rule
  CHECK(t.paragraphs[2].heading);
  CHECK_FALSE(t.paragraphs[3].heading);
  CHECK(Sentences(t) == std::vector<std::string>{"AITO's Performance", "AITO delivered 81,864 units in November",
                                                 "Leapmotor", "It rose.", "It fell."});
  for (const auto& p : t.paragraphs)
    for (uint32_t s = p.sent_begin; s < p.sent_end; ++s) CHECK(p.span.Contains(t.sentences[s].span));
  CHECK(t.sentences[4].paragraph == 3);
}

TEST_CASE("heading rule: stops, list items, table rows, captions", "[text]") {
  auto heading = [](const std::string& line) {
    TextDoc t = Run(line);
    REQUIRE(t.paragraphs.size() == 1);
    return t.paragraphs[0].heading;
  };
  CHECK(heading("Leapmotor"));
  CHECK(heading("**AITO's Performance**"));
  CHECK(heading("## Xpeng"));
  CHECK(heading("NIO delivers 36,275 vehicles in Nov, up 76% year-on-year"));
  CHECK_FALSE(heading("AITO delivered 81,864 vehicles."));
  CHECK_FALSE(heading("Deliveries by brand:"));
  CHECK_FALSE(heading("- Leapmotor 70,327"));
  CHECK_FALSE(heading("* Leapmotor 70,327"));
  CHECK_FALSE(heading("1. Leapmotor 70,327"));
  CHECK_FALSE(heading("AITO | 12,345 | 15.2%"));
  CHECK_FALSE(heading("AITO\t12,345"));
  CHECK_FALSE(heading("(Image credit: AITO)"));
  CHECK_FALSE(heading("12,345"));
  CHECK(heading("\xE9\x9B\xB6\xE8\xB7\x91\xE6\xB1\xBD\xE8\xBD\xA6"));  // 零跑汽车
  CHECK_FALSE(heading("\xE9\x9B\xB6\xE8\xB7\x91\xE4\xBA\xA4\xE4\xBB\x98\xE3\x80\x82"));  // 零跑交付。
  CHECK_FALSE(heading("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"));
}

TEST_CASE("sentence break: abbreviations, Chinese stops, decimals", "[text]") {
  CHECK(Sentences(Run("Mr. Smith sold 1.2m cars in the U.S. market. Then it rose 3.5%.")) ==
        std::vector<std::string>{"Mr. Smith sold 1.2m cars in the U.S. market.", "Then it rose 3.5%."});
  // 问界交付8.19万辆。同比增长！
  CHECK(Sentences(Run("\xE9\x97\xAE\xE7\x95\x8C\xE4\xBA\xA4\xE4\xBB\x98" "8.19\xE4\xB8\x87\xE8\xBE\x86\xE3\x80\x82"
                      "\xE5\x90\x8C\xE6\xAF\x94\xE5\xA2\x9E\xE9\x95\xBF\xEF\xBC\x81"))
            .size() == 2);
  // Note [Breaks in brackets]: an abbreviation inside brackets that close on the same line ends
  // no sentence; one outside them, or brackets left open, still may.
  CHECK(Sentences(Run("- Audi e-tron (incl. Sportback) 25,794 vehicles. Next it rose.")) ==
        std::vector<std::string>{"- Audi e-tron (incl. Sportback) 25,794 vehicles.", "Next it rose."});
  CHECK(Sentences(Run("Sales rose (see the table. It is below")).size() == 2);
}

TEST_CASE("flags, lower and shape", "[text]") {
  TextDoc t = Run("Leapmotor\nAITO's NEVs rose 127.93% to 81,864 units.");
  const Token* lp = Find(t, "Leapmotor");
  REQUIRE(lp);
  CHECK((lp->flags & text::kParagraphStart));
  CHECK((lp->flags & text::kSentenceStart));
  CHECK((lp->flags & text::kHeading));
  CHECK(t.Shape(*lp) == "Xxxxx");
  CHECK(t.Lower(*lp) == "leapmotor");
  const Token* s = Find(t, "'s");
  REQUIRE(s);
  CHECK_FALSE((s->flags & text::kSpaceBefore));
  CHECK(t.Lower(*s) == "'s");
  const Token* nevs = Find(t, "NEVs");
  REQUIRE(nevs);
  CHECK((nevs->flags & text::kSpaceBefore));
  CHECK_FALSE((nevs->flags & text::kHeading));
  CHECK(t.Shape(*nevs) == "XXXx");
  CHECK(t.Shape(*Find(t, "127.93%")) == "ddd.dd%");
  CHECK(t.Shape(*Find(t, "81,864")) == "dd,ddd");
  TextDoc u = Run("\xC3\x84RA Stra\xC3\x9F" "e");  // ÄRA Straße: Unicode case fold
  CHECK(u.Lower(u.tokens[0]) == "\xC3\xA4ra");
  CHECK(u.Lower(u.tokens[1]) == "strasse");
  CHECK(u.Shape(u.tokens[0]) == "XXX");
}

TEST_CASE("raw spans are exact through folds", "[text]") {
  // NBSP digit group, curly apostrophe, full-width digits, CRLF, soft hyphen.
  std::string raw = "AITO\xE2\x80\x99s 81\xC2\xA0" "864 cars\r\n\xEF\xBC\x98\xEF\xBC\x91 Soft\xC2\xADhyphen";
  TextDoc t = Run(raw);
  auto raw_of = [&](std::string_view tok) {
    const Token* k = Find(t, tok);
    REQUIRE(k);
    return t.ToRaw(k->span).Of(raw);
  };
  CHECK(raw_of("AITO") == "AITO");
  CHECK(raw_of("'s") == "\xE2\x80\x99s");
  CHECK(raw_of("81,864") == "81\xC2\xA0" "864");
  CHECK(raw_of("81") == "\xEF\xBC\x98\xEF\xBC\x91");
  CHECK(raw_of("Softhyphen") == "Soft\xC2\xADhyphen");
  CHECK(t.paragraphs.size() == 2);
}

TEST_CASE("invalid UTF-8: U+FFFD per maximal subpart, neighbours kept", "[text]") {
  struct Case {
    std::string in;
    int replacements;
  };
  // Examples from the Unicode standard's discussion of maximal subparts (Table 3-8 style).
  std::vector<Case> cases = {
      {"a\x80" "b", 1},          {"a\xC2" "b", 1},         {"a\xE2\x82" "b", 1},     {"a\xF0\x9F\x98" "b", 1},
      {"a\xE0\x80\x80" "b", 3},  {"a\xED\xA0\x80" "b", 3}, {"a\xF4\x90\x80\x80" "b", 4}, {"a\xC0\xAF" "b", 2},
      {"a\xFF\xFE" "b", 2},      {"a\xE2\x82\xAC" "b", 0}, {"\xE2\x82", 1},          {"a\xF1\x80\x80\xE1\x80\xC2" "b", 3},
  };
  for (const auto& c : cases) {
    std::string out;
    text::OffsetMap map;
    uint64_t n = text::RepairUtf8(c.in, 0, &out, &map);
    INFO(c.in);
    CHECK(n == static_cast<uint64_t>(c.replacements));
    if (c.in.front() == 'a') CHECK(out.front() == 'a');
    if (c.in.back() == 'b') CHECK(out.back() == 'b');
    CHECK(text::ValidUtf8Prefix(out) == out.size());
  }
}

TEST_CASE("HTML: boilerplate dropped, blocks become paragraphs, entities mapped", "[text]") {
  std::string html =
      "<html><head><title>T</title><style>p{}</style></head><body>"
      "<header><a href=/>Home</a></header><nav>Menu items</nav>"
      "<article><h1>AITO&#8217;s Performance</h1>"
      "<p>AITO delivered <b>81,864</b>&nbsp;NEVs in Nov&shy;ember, up 127.93%&nbsp;year&#x2D;on&#45;year &amp; more.</p>"
      "<div class=\"share-buttons\">Share on X</div>"
      "<p>Line<br>break</p><script>var x = 'Hidden 999';</script>"
      "<ul><li>Leapmotor: 70,327</li></ul></article>"
      "<footer>Copyright</footer><div id=comments>Comment 1</div></body></html>";
  TextDoc t = Run(html, true);
  CHECK(t.decode.html);
  CHECK(t.text.find("Home") == std::string::npos);
  CHECK(t.text.find("Menu") == std::string::npos);
  CHECK(t.text.find("Hidden") == std::string::npos);
  CHECK(t.text.find("Share") == std::string::npos);
  CHECK(t.text.find("Copyright") == std::string::npos);
  CHECK(t.text.find("Comment") == std::string::npos);
  CHECK(t.text.find("p{}") == std::string::npos);
  REQUIRE(t.paragraphs.size() >= 5);
  CHECK(t.paragraphs[0].heading);
  CHECK(t.paragraphs[0].span.Of(t.text) == "AITO's Performance");
  const Token* s = Find(t, "'s");
  REQUIRE(s);
  CHECK(t.ToRaw(s->span).Of(html) == "&#8217;s");
  const Token* num = Find(t, "81,864");
  REQUIRE(num);
  CHECK(t.ToRaw(num->span).Of(html) == "81,864");
  const Token* nov = Find(t, "November");
  REQUIRE(nov);
  CHECK(t.ToRaw(nov->span).Of(html) == "Nov&shy;ember");
  const Token* amp = Find(t, "&");
  REQUIRE(amp);
  CHECK(t.ToRaw(amp->span).Of(html) == "&amp;");
  const Token* pct = Find(t, "127.93%");
  REQUIRE(pct);
  CHECK(t.ToRaw(pct->span).Of(html) == "127.93%");
  // <br> breaks the paragraph: "Line" and "break" are in different paragraphs.
  const Token* line = Find(t, "Line");
  const Token* brk = Find(t, "break");
  REQUIRE(line);
  REQUIRE(brk);
  CHECK(t.sentences[line->sentence].paragraph != t.sentences[brk->sentence].paragraph);
  // The sentence with the figure does not run into the next block.
  CHECK(t.sentences[num->sentence].span.Of(t.text) ==
        "AITO delivered 81,864 NEVs in November, up 127.93% year-on-year & more.");
}

TEST_CASE("HTML: CRLF and whitespace inside text, pre keeps lines", "[text]") {
  std::string html = "<p>one\r\ntwo\tthree</p><pre>a\nb</pre>";
  TextDoc t = Run(html, true);
  REQUIRE(t.paragraphs.size() == 3);
  CHECK(t.paragraphs[0].span.Of(t.text) == "one two three");
  for (const auto& k : t.tokens) CHECK(t.ToRaw(k.span).Of(html) == t.TokenText(k));
}

TEST_CASE("HTML: a list item is a '- ' line, never a heading, offsets exact", "[text]") {
  // Short items without a final stop: as bare lines they would be headings, and a heading's
  // subject would head the paragraphs below the list.
  std::string html =
      "<h2>Sister brands</h2><ul>\n  <li>Firefly: 3,210 units</li>\n"
      "  <li>\n    <p>NIO brand: 20,480 units</p>\n    <ol><li>ES8 &amp; ET9: 4,100 units</li><li></li></ol></li>\n"
      "</ul><p>The group aims higher.</p>";
  TextDoc t = Run(html, true);
  std::vector<std::string> paras;
  for (const auto& p : t.paragraphs) paras.emplace_back(p.span.Of(t.text));
  REQUIRE(paras == std::vector<std::string>{"Sister brands", "- Firefly: 3,210 units", "- NIO brand: 20,480 units",
                                            "- ES8 & ET9: 4,100 units", "The group aims higher."});
  CHECK(t.paragraphs[0].heading);  // a real heading stays one
  for (size_t p = 1; p < t.paragraphs.size(); ++p) CHECK_FALSE(t.paragraphs[p].heading);
  for (const auto& k : t.tokens) {
    RawSpan r = t.ToRaw(k.span);
    if (t.TokenText(k) == "-") {
      // The marker has no source bytes: an empty span where the item's text begins.
      CHECK(r.begin == r.end);
      std::string after = html.substr(r.begin, 3);
      CHECK((after == "Fir" || after == "NIO" || after == "ES8"));
    } else if (t.TokenText(k) == "&") {
      CHECK(r.Of(html) == "&amp;");
    } else {
      CHECK(r.Of(html) == t.TokenText(k));
    }
  }
  // A list item's sentence starts at its text, not at the marker's position in the markup.
  CHECK(t.ToRaw(t.sentences[1].span).Of(html) == "Firefly: 3,210 units");
}

TEST_CASE("charset labels map as WHATWG says", "[text]") {
  CHECK(text::CharsetForLabel("ISO-8859-1") == "windows-1252");
  CHECK(text::CharsetForLabel(" latin1 ") == "windows-1252");
  CHECK(text::CharsetForLabel("US-ASCII") == "windows-1252");
  CHECK(text::CharsetForLabel("gb2312") == "gb18030");
  CHECK(text::CharsetForLabel("GBK") == "gb18030");
  CHECK(text::CharsetForLabel("\"utf8\"") == "UTF-8");
  CHECK(text::CharsetForLabel("shift_jis") == "windows-31j");
  CHECK(text::CharsetForLabel("x-no-such") == "");
  std::string late_meta = "<html><head>" + std::string(2000, ' ') + "<meta charset=\"gbk\"></head><body></body>";
  CHECK(text::SniffMetaCharset(late_meta) == "gbk");
  CHECK(text::SniffMetaCharset("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">") ==
        "iso-8859-1");
  CHECK(text::SniffMetaCharset("<body><meta charset=gbk>") == "");
}

TEST_CASE("a document is never rejected for its bytes", "[text]") {
  std::string bytes;
  uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245u + 12345u;
    bytes.push_back(static_cast<char>(x >> 16));
  }
  for (bool html : {false, true})
    for (const char* hint : {"", "UTF-8", "gb2312", "shift_jis", "utf-16", "bogus"}) {
      TextDoc t = Run(bytes, html, hint);
      CHECK(text::ValidUtf8Prefix(t.text) == t.text.size());
      for (const auto& k : t.tokens) CHECK(t.ToRaw(k.span).end <= bytes.size());
    }
}

TEST_CASE("HTML: 100,000 nested divs parse in linear time, text and offsets kept", "[text]") {
  std::string html = "<p>AITO delivered 81,864 units.</p>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep &amp; text";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  auto t0 = std::chrono::steady_clock::now();
  TextDoc t = Run(html, true);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(s < 30);  // quadratic gumbo took minutes here
  const Token* deep = Find(t, "deep");
  REQUIRE(deep);
  CHECK(t.ToRaw(deep->span).Of(html) == "deep");
  const Token* amp = Find(t, "&");
  REQUIRE(amp);
  CHECK(t.ToRaw(amp->span).Of(html) == "&amp;");
  CHECK(Find(t, "81,864"));
}

TEST_CASE("undeclared random bytes are not taken for UTF-16", "[text]") {
  std::string raw = "Leapmotor delivered 70,327 vehicles.\n\n";
  uint32_t x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1103515245u + 12345u;
    raw += static_cast<char>(x >> 24);
  }
  TextDoc t = Run(raw, false, "");
  CHECK(t.decode.charset != "UTF-16BE");
  CHECK(t.decode.charset != "UTF-16LE");
  CHECK(Find(t, "70,327"));
}

TEST_CASE("HTML with no text keeps an empty map, even when the bytes needed repair", "[text]") {
  // Found by fuzz_analyze: an unclosed <title> swallows the page, so the text is empty, and the
  // invalid byte made the decoder's map non-trivial; the map must still describe the empty text.
  TextDoc t = Run("<html><head><title>NEV</titIle><p>Sales \xbb rose 5%.</p></html>", true, "");
  CHECK(t.text.empty());
  CHECK(t.map.derived_size() == t.text.size());
  CHECK(t.tokens.empty());
}

TEST_CASE("HTML: an overflowing numeric character reference gives valid UTF-8", "[text]") {
  // Found by fuzz_analyze: gumbo decodes "&#8255555555555555555555555555" to a stray byte.
  TextDoc t = Run("<p>NIO 36,728 &#8255555555555555555555555555es outside China rose 51%.</p>", true);
  CHECK(text::ValidUtf8Prefix(t.text) == t.text.size());
  CHECK(t.map.derived_size() == t.text.size());
  const Token* nio = Find(t, "NIO");
  REQUIRE(nio != nullptr);
  RawSpan r = t.ToRaw(nio->span);
  CHECK(r.begin == 3);
  CHECK(r.end == 6);
}
