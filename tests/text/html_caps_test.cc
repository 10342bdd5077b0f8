// HtmlExtractor's element cap (HtmlOptions::max_elements): tags after the cap are blanked, their
// text kept, so gumbo's tree stays bounded for any caller (extract refuses such pages earlier).
#include <catch2/catch.hpp>

#include "text/html_text.h"

using namespace quarry::text;

TEST_CASE("HTML: tags past the element cap are blanked, their text kept, offsets exact", "[html]") {
  HtmlOptions opts;
  opts.max_elements = 3;
  HtmlExtractor html(opts);
  std::string page = "<p>one</p><p>two</p><p>three</p><p>four</p><p>five</p>";
  std::string out;
  OffsetMap map;
  html.Extract(page, &out, &map);
  INFO(out);
  for (const char* w : {"one", "two", "three", "four", "five"}) CHECK(out.find(w) != std::string::npos);
  // Under the cap, each <p> is a paragraph; past it, the words run on in one line.
  CHECK(out.find("one\ntwo\nthree") != std::string::npos);
  CHECK(out.find("four") + 5 < out.size());
  CHECK(out.find('\n', out.find("four")) == std::string::npos);
  size_t four = out.find("four");
  auto raw = map.ToRaw(quarry::NormSpan(four, four + 4));
  CHECK(page.substr(raw.begin, raw.size()) == "four");
}
