// The bad-input catalogue (issue 9): a deterministic generator of hostile documents, each with a
// name, its bytes and how it enters the pipeline. Broken UTF-8 of every kind, Unicode floods,
// scripts without spaces, tokenizer killers and hostile HTML; the reader formats (JSONL, WARC,
// gzip) are generated in readers_test.cc because they go through `quarry extract` as files.
// Most entries are "local damage": good sentences with known facts sit before and after the
// damage, so the tests can demand that the good text still yields its facts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quarry::badinput {

enum class Kind { kText, kHtml };

struct BadInput {
  std::string category;  // utf8, flood, script, tokenizer, html
  std::string name;
  std::string bytes;
  Kind kind = Kind::kText;
  bool local = true;  // the good sentences around the damage must still give their facts
};

// Two sentences whose facts every test looks for (figures as the seed article gives them).
inline const char kGoodBefore[] = "Leapmotor delivered 70,327 vehicles in November 2025, up 31.8% year-on-year.";
inline const char kGoodAfter[] = "AITO delivered 81,864 vehicles in November 2025.";

inline std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// UTF-8 of one code point (no validation: used to build surrogates on purpose).
inline std::string Cp(uint32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

// Good text, paragraph break, damage, paragraph break, good text.
inline std::string Around(const std::string& damage) {
  return std::string(kGoodBefore) + "\n\n" + damage + "\n\n" + kGoodAfter + "\n";
}
inline std::string HtmlAround(const std::string& damage) {
  return std::string("<html><body><p>") + kGoodBefore + "</p>\n" + damage + "\n<p>" + kGoodAfter +
         "</p></body></html>\n";
}

inline std::vector<BadInput> Catalogue() {
  std::vector<BadInput> c;
  auto text = [&](const char* cat, const char* name, std::string damage) {
    c.push_back({cat, name, Around(damage), Kind::kText, true});
  };
  auto html = [&](const char* name, std::string damage) {
    c.push_back({"html", name, HtmlAround(damage), Kind::kHtml, true});
  };

  // Broken UTF-8.
  text("utf8", "lone continuation bytes", "Sales \x80\x81\xBF rose \xBF\xBF\xBF" + Repeat("\x80", 1000) + " here.");
  text("utf8", "overlong encodings", "Slash \xC0\xAF, \xE0\x80\xAF, \xF0\x80\x80\xAF and NUL \xC0\x80 overlong.");
  text("utf8", "surrogates", "High \xED\xA0\x80 low \xED\xBF\xBF pair \xED\xA0\xBD\xED\xB8\x80 encoded.");
  text("utf8", "above U+10FFFF and F5-FF", "Big \xF4\x90\x80\x80 bytes \xF5\xF6\xF7\xF8\xF9\xFA\xFB\xFC\xFD\xFE\xFF end.");
  text("utf8", "truncated before delimiter", "Cut \xE4\xB8, cut \xE2\x80. cut \xF0\x9F\x98\n cut \xC3");
  text("utf8", "truncation inside a figure", "BYD sold 480\xE2\x80,186 units and 12\xC3.5% more.");
  text("utf8", "NUL bytes", std::string("Nul\0bytes\0\0 inside\0 text", 25));
  text("utf8", "BOMs mid-text", "\xEF\xBB\xBFStart \xEF\xBB\xBF middle \xFF\xFE utf16 bom \xFE\xFF.");
  c.push_back({"utf8", "truncated at end of document", Around("x") + "\xE4\xB8", Kind::kText, true});
  c.push_back({"utf8", "only invalid bytes", Repeat("\xFF\xFE\x80\xC0", 50000), Kind::kText, false});
  text("utf8", "random bytes 4 KB", [] {
    std::string s;
    uint32_t x = 12345;
    for (int i = 0; i < 4096; ++i) {
      x = x * 1103515245u + 12345u;
      s += static_cast<char>(x >> 24);
    }
    return s;
  }());

  // Unicode floods.
  text("flood", "100,000 combining marks on one letter", "a" + Repeat(Cp(0x0301), 100000));
  text("flood", "combining marks on digits", Repeat("7" + Repeat(Cp(0x0308), 50), 1000));
  text("flood", "NFKC expanders (U+FDFA)", Repeat(Cp(0xFDFA), 20000));
  text("flood", "NFKC expanders (squared words, ligatures)", Repeat(Cp(0x3316) + Cp(0xFB03) + Cp(0x2475), 10000));
  text("flood", "full-width digits flood", Repeat(Cp(0xFF11) + Cp(0xFF10) + Cp(0xFF0C), 20000));
  text("flood", "ZWJ chain", Repeat(Cp(0x1F469) + Cp(0x200D), 20000));
  text("flood", "family emoji sequences", Repeat(Cp(0x1F468) + Cp(0x200D) + Cp(0x1F469) + Cp(0x200D) + Cp(0x1F467) + " ", 10000));
  text("flood", "bidi controls", Repeat(Cp(0x202E) + "12" + Cp(0x2066) + "," + Cp(0x2069) + "345" + Cp(0x202C), 10000));
  text("flood", "bidi inside the figure", "Sales of 70" + Cp(0x202E) + ",327" + Cp(0x202C) + " cars.");
  text("flood", "variation selectors", Repeat("x" + Cp(0xFE0F) + Cp(0xE0100), 20000));
  text("flood", "odd spaces", Repeat(Cp(0x3000) + Cp(0x00A0) + Cp(0x2009) + Cp(0x200B) + Cp(0x2028), 20000));

  // Scripts without spaces.
  text("script", "Thai without spaces 180 KB", Repeat(Cp(0x0E1B) + Cp(0x0E23) + Cp(0x0E30) + Cp(0x0E40) + Cp(0x0E17) + Cp(0x0E28), 10000));
  text("script", "1 MB CJK run without punctuation", Repeat(Cp(0x6C7D) + Cp(0x8F66) + Cp(0x4EA4) + Cp(0x4ED8), 90000));
  text("script", "CJK with figures", Repeat("问界11月交付8.2万辆同比增长20%", 5000));
  text("script", "Khmer and Lao", Repeat(Cp(0x1780) + Cp(0x17B6) + Cp(0x0E81) + Cp(0x0EB2), 20000));

  // Tokenizer killers.
  text("tokenizer", "100,000 exclamation marks", std::string(100000, '!'));
  text("tokenizer", "long digit-dot string", Repeat("1.", 100000) + "1");
  text("tokenizer", "long digit-comma string", Repeat("1,", 100000) + "1");
  text("tokenizer", "1 MB word", std::string(1 << 20, 'a'));
  text("tokenizer", "1 MB number", std::string(1 << 20, '9'));
  text("tokenizer", "huge decimal fraction", "0." + std::string(100000, '0') + "1%");
  text("tokenizer", "100,000 percent signs", Repeat("%", 100000));
  text("tokenizer", "dots and newlines", Repeat(".\n", 100000));
  text("tokenizer", "carriage returns only", std::string(200000, '\r'));
  {
    // One sentence that is a table of 150,000 figures: no stop, just brand names and numbers.
    std::string t = "Deliveries by brand:";
    for (int i = 0; i < 150000; ++i) {
      t += (i % 3 == 0) ? " NIO " : (i % 3 == 1) ? " Leapmotor " : " XPeng ";
      t += std::to_string(10000 + (i * 7919) % 90000);
      t.insert(t.size() - 3, ",");
    }
    text("tokenizer", "150,000-figure table sentence", t);
  }
  text("tokenizer", "nested brackets", Repeat("(", 50000) + "70,327" + Repeat(")", 50000));
  text("tokenizer", "number with 10,000 scale words", "70 " + Repeat("million ", 10000) + "units");

  // Hostile HTML.
  html("deep nesting 100,000 divs", Repeat("<div>", 100000) + "deep" + Repeat("</div>", 100000));
  html("unclosed nesting", Repeat("<span><b><i>", 30000) + "open");
  html("broken entities", "&#99999999999; &#x110000; &#xD800; &#0; &amp &lt &#; &#x; &unknown; &" +
                             Repeat("&#", 10000) + " &nbsp");
  html("huge attribute 1 MB", "<p title=\"" + std::string(1 << 20, 'x') + "\">attr</p>");
  html("unterminated attribute", "<p title=\"" + std::string(100000, 'y'));
  html("unclosed comment", "<!-- " + Repeat("comment ", 10000));
  html("unclosed script", "<script>var s = \"" + Repeat("</scr", 10000));
  html("100,000 empty paragraphs", Repeat("<p></p>", 100000));
  html("table of 50,000 cells", "<table>" + Repeat("<tr><td>BYD</td><td>480,186</td></tr>", 25000) + "</table>");
  c.push_back({"html", "late meta charset",
               "<html><body><p>" + std::string(kGoodBefore) + "</p>" + std::string(1 << 20, ' ') +
                   "<meta charset=\"gbk\"><p>" + kGoodAfter + "</p></body></html>",
               Kind::kHtml, true});
  c.push_back({"html", "meta charset gbk with gbk bytes",
               std::string("<html><head><meta charset=\"gbk\"></head><body><p>") + kGoodBefore +
                   "</p><p>\xCE\xCA\xBD\xE7 11\xD4\xC2</p><p>" + kGoodAfter + "</p></body></html>",
               Kind::kHtml, true});
  c.push_back({"html", "bogus meta charset",
               std::string("<meta charset=\"x-no-such-charset\"><p>") + kGoodBefore + "</p><p>" + kGoodAfter + "</p>",
               Kind::kHtml, true});
  static const char kNulTags[] = "<p\0 a=\xFF>\x80\x80</p\0>";
  html("NUL and invalid bytes in tags", std::string(kNulTags, sizeof kNulTags - 1));
  return c;
}

}  // namespace quarry::badinput
