// HtmlExtractor: HTML (valid UTF-8) -> the article's text, with an OffsetMap from every text byte
// to the HTML source bytes it came from (entities map as whole replacements). Parses with gumbo;
// drops boilerplate (script, style, nav, page header/footer, aside, forms, elements whose class or
// id marks navigation, sharing, comments, related links, ads); block elements become line
// breaks, table cells tabs, list items "- " lines. See Note [HTML text] in html_text.cc.
#pragma once

#include <string>
#include <string_view>

#include "text/offset_map.h"

namespace quarry::text {

struct HtmlOptions {
  // gumbo's tree construction is quadratic in the depth of open elements (scope checks walk the
  // stack), so 100,000 nested divs take minutes. Start and end tags nested deeper than this are
  // blanked to spaces before parsing (same length: offsets stay exact); their text is kept.
  size_t max_nesting = 256;
  size_t max_depth = 100000;  // walker cap: children below this tree depth are skipped
  // gumbo keeps a node of several hundred bytes per element (1M <p> took 770 MB): start and end
  // tags after the first max_elements start tags are blanked to spaces like over-deep ones, so
  // their text stays and the tree stays bounded. extract refuses such a document before it gets
  // here (input/reader.h, kMaxHtmlElements, the same number); this guards every other caller.
  size_t max_elements = 100000;
};

class HtmlExtractor {
 public:
  explicit HtmlExtractor(HtmlOptions opts = {}) : opts_(opts) {}
  // Appends the text of `html` to *out; *map's raw offsets are offsets into `html`.
  void Extract(std::string_view html, std::string* out, OffsetMap* map);

 private:
  HtmlOptions opts_;
  std::string patched_;  // the input with over-deep tags blanked, when needed
  std::string repaired_;  // the input with unclosed comments/scripts/quotes repaired, when needed
};

}  // namespace quarry::text
