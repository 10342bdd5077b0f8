// HtmlExtractor implementation (gumbo).
//
// Note [HTML text]
// ~~~~~~~~~~~~~~~~
// gumbo gives every text node its decoded text and the source bytes it came from
// (original_text, a slice of the input). We walk both in step: equal bytes are copies; an entity
// (&amp; &#8217; &nbsp, also legacy forms without ';') is one replacement from its source bytes
// to its decoded bytes, found by re-synchronising the two strings after the entity; CR LF and CR
// (which the HTML tokenizer turns into LF) are replacements. Whitespace inside text (LF, tab, FF)
// becomes a space, except inside <pre>, because in HTML a source line break is not a paragraph
// break; block elements insert a line break instead (an insertion: empty raw span at the element's
// start). A list item (<li> of a <ul> or <ol>, at any depth) is written as the plain-text list item
// it is: "- " before its first text node that is not blank, an insertion at that node's first
// source byte. Without the marker a short item with no final stop ("Firefly: 3,210 units") reads as
// a heading (Note [Paragraphs and headings] in segment.cc), and a heading's subject replaces the
// headline's for every paragraph below it, so the figures after an HTML list lost their subject
// where the same article as text kept it. The marker is always "-" (never an <ol> number): an
// inserted number could become a figure with no source bytes. If the two strings ever disagree in a
// way we do not model, the rest of the node becomes one replacement: coarser provenance, never a
// wrong one.
// A table row (<tr>) is a line and every cell but the row's first begins with a tab, an insertion
// at the first source byte of the next text: an empty cell still writes its tab, so every figure
// stays under its column header, and the table is the tab-separated text table the table reader
// reads (Note [Tables] in facts/tables.cc) as it reads a pipe or aligned one.
// The walk is iterative (no recursion on nesting depth).
#include "text/html_text.h"

#include <gumbo.h>

#include <cstdlib>
#include <cstring>
#include <unordered_set>
#include <vector>

#include "text/utf8.h"

namespace quarry::text {

namespace {

bool IsDropped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_HEAD: case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_PRE:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_CAPTION: case GUMBO_TAG_BODY: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
      return true;
    default:
      return false;
  }
}

// Class or id words that mark page furniture rather than article text.
bool BoilerplateWord(std::string_view w) {
  static constexpr const char* kWords[] = {
      "nav", "navbar", "navigation", "menu", "footer", "share", "sharing", "social", "comment", "comments",
      "related", "breadcrumb", "breadcrumbs", "sidebar", "advert", "advertisement", "ad", "ads", "cookie",
      "cookies", "newsletter", "subscribe", "promo", "sponsored", "popup", "modal", "disqus", "recommended"};
  for (const char* k : kWords)
    if (w == k) return true;
  return false;
}

bool BoilerplateAttr(const GumboElement& el) {
  for (const char* name : {"class", "id"}) {
    const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
    if (!a || !a->value) continue;
    std::string v(a->value);
    for (char& c : v) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    size_t i = 0;
    while (i < v.size()) {
      while (i < v.size() && !std::isalnum(static_cast<unsigned char>(v[i]))) ++i;
      size_t j = i;
      while (j < v.size() && std::isalnum(static_cast<unsigned char>(v[j]))) ++j;
      if (j > i && BoilerplateWord(std::string_view(v).substr(i, j - i))) return true;
      i = j;
    }
  }
  if (gumbo_get_attribute(&el.attributes, "hidden")) return true;
  const GumboAttribute* aria = gumbo_get_attribute(&el.attributes, "aria-hidden");
  return aria && aria->value && std::strcmp(aria->value, "true") == 0;
}

struct Writer {
  std::string_view html;
  std::string* out;
  OffsetMap* map;
  bool need_break = false;
  int need_tabs = 0;         // table cells begun since the last text of the row (empty ones included)
  bool need_marker = false;  // inside a list item whose text has not begun: "- " goes first
  int cells = 0;             // table cells begun in the current row

  void Insert(uint64_t pos, char c) {
    out->push_back(c);
    map->AddReplace(RawSpan(pos, pos), 1);
  }
  // Line break before the next text, if any text precedes; then a tab per table cell begun since
  // the row's last text, so a cell keeps its column when cells before it are empty.
  void FlushBreak(uint64_t pos) {
    if (need_break && !out->empty() && out->back() != '\n') Insert(pos, '\n');
    if (!out->empty())
      for (; need_tabs > 0; --need_tabs) Insert(pos, '\t');
    need_break = false;
    need_tabs = 0;
  }
  // The list item marker, before the item's first text that is not blank (see the Note).
  void FlushMarker(uint64_t pos, std::string_view dec) {
    if (!need_marker || dec.find_first_not_of(" \t\n\r\f") == std::string_view::npos) return;
    out->append("- ");
    map->AddReplace(RawSpan(pos, pos), 2);
    need_marker = false;
  }
  // Copies orig[a, b) (equal to the decoded bytes), folding whitespace unless `pre`.
  void CopyRun(uint64_t base, std::string_view orig, size_t a, size_t b, bool pre) {
    size_t s = a;
    for (size_t k = a; k < b; ++k) {
      char c = orig[k];
      bool ws = c == '\n' || c == '\t' || c == '\f';
      if (!ws || (pre && c == '\n')) continue;
      if (k > s) {
        out->append(orig.data() + s, k - s);
        map->AddCopy(base + s, k - s);
      }
      out->push_back(' ');
      map->AddReplace(RawSpan(base + k, base + k + 1), 1);
      s = k + 1;
    }
    if (b > s) {
      out->append(orig.data() + s, b - s);
      map->AddCopy(base + s, b - s);
    }
  }

  void Text(const GumboText& t, bool pre) {
    std::string_view dec(t.text ? t.text : "");
    if (dec.empty()) return;
    // gumbo's decoded text is not always valid UTF-8 (a numeric character reference that
    // overflows, "&#8255555555555555555555", comes out as a stray lead byte): repair it first
    // (U+FFFD per invalid subpart); the walk below then models the difference like any other.
    std::string repaired;
    if (ValidUtf8Prefix(dec) != dec.size()) {
      OffsetMap unused;
      RepairUtf8(dec, 0, &repaired, &unused);
      dec = repaired;
    }
    if (!t.original_text.data || t.original_text.data < html.data() ||
        t.original_text.data + t.original_text.length > html.data() + html.size()) {
      uint64_t pos = t.start_pos.offset;
      FlushBreak(pos);
      FlushMarker(pos, dec);
      out->append(dec);
      map->AddReplace(RawSpan(pos, pos), dec.size());
      return;
    }
    std::string_view orig(t.original_text.data, t.original_text.length);
    const uint64_t base = static_cast<uint64_t>(t.original_text.data - html.data());
    FlushBreak(base);
    FlushMarker(base, dec);
    size_t i = 0, j = 0;
    while (j < dec.size()) {
      // Longest run of equal bytes without '&' or CR.
      size_t k = 0;
      while (i + k < orig.size() && j + k < dec.size() && orig[i + k] == dec[j + k] && orig[i + k] != '&' &&
             orig[i + k] != '\r')
        ++k;
      if (k > 0) {
        CopyRun(base, orig, i, i + k, pre);
        i += k;
        j += k;
        continue;
      }
      if (i < orig.size() && orig[i] == '\r' && dec[j] == '\n') {
        size_t len = (i + 1 < orig.size() && orig[i + 1] == '\n') ? 2 : 1;
        out->push_back(pre ? '\n' : ' ');
        map->AddReplace(RawSpan(base + i, base + i + len), 1);
        i += len;
        j += 1;
        continue;
      }
      if (i < orig.size() && orig[i] == '&') {
        size_t e = i + 1;
        if (e < orig.size() && orig[e] == '#') {
          ++e;
          if (e < orig.size() && (orig[e] == 'x' || orig[e] == 'X')) ++e;
        }
        while (e < orig.size() && std::isalnum(static_cast<unsigned char>(orig[e]))) ++e;
        if (e < orig.size() && orig[e] == ';') ++e;
        // Re-synchronise: the decoded entity is dec[j, j+L) with the text after it equal again.
        size_t stop = e;
        while (stop < orig.size() && stop < e + 16 && orig[stop] != '&' && orig[stop] != '\r') ++stop;
        size_t want = stop - e;
        size_t found = std::string_view::npos;
        for (size_t L = 1; L <= 16 && j + L <= dec.size(); ++L) {
          if (want == 0) {
            if (e == orig.size()) {
              if (j + L == dec.size()) found = L;
            } else if (j + L < dec.size() && dec[j + L] == orig[e]) {
              found = L;
            }
          } else if (j + L + want <= dec.size() && dec.compare(j + L, want, orig.substr(e, want)) == 0) {
            found = L;
          }
          if (found != std::string_view::npos) break;
        }
        if (found != std::string_view::npos && !(found == 1 && dec[j] == '&' && e == i + 1)) {
          out->append(dec.data() + j, found);
          if (found == e - i && dec.compare(j, found, orig.substr(i, found)) == 0)
            map->AddCopy(base + i, found);  // an unknown "&name" kept literally
          else
            map->AddReplace(RawSpan(base + i, base + e), found);
          i = e;
          j += found;
          continue;
        }
        if (dec[j] == '&') {  // a literal ampersand
          out->push_back('&');
          map->AddCopy(base + i, 1);
          ++i;
          ++j;
          continue;
        }
      }
      // Unmodelled difference: the rest of the node as one replacement.
      std::string_view rest = dec.substr(j);
      size_t start = out->size();
      out->append(rest);
      if (!pre)
        for (size_t q = start; q < out->size(); ++q)
          if ((*out)[q] == '\n' || (*out)[q] == '\t' || (*out)[q] == '\f') (*out)[q] = ' ';
      map->AddReplace(RawSpan(base + i, base + orig.size()), rest.size());
      return;
    }
  }
};

inline char Lc(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline bool IsAlpha(char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

// Elements that never nest (void) or close their open siblings implicitly: they add no depth.
bool NoDepth(std::string_view n) {
  static constexpr std::string_view kNames[] = {"br", "img", "meta", "link", "input", "hr", "area", "base", "col",
                                                "embed", "param", "source", "track", "wbr", "p", "li", "dt", "dd",
                                                "tr", "td", "th", "option", "!doctype"};
  for (auto k : kNames)
    if (n == k) return true;
  return false;
}

bool RawText(std::string_view n) {
  return n == "script" || n == "style" || n == "textarea" || n == "title" || n == "xmp" || n == "plaintext";
}

// Blanks (to spaces) start and end tags nested deeper than max_nesting, and every tag after the
// first max_elements start tags; a linear scan that skips comments and raw-text elements.
// Returns false when nothing needed blanking.
bool LimitNesting(std::string_view html, size_t max_nesting, size_t max_elements, std::string* patched) {
  size_t depth = 0, i = 0, elements = 0;
  const size_t n = html.size();
  bool changed = false;
  auto blank = [&](size_t b, size_t e) {
    if (!changed) {
      patched->assign(html.data(), html.size());
      changed = true;
    }
    for (size_t k = b; k < e; ++k) (*patched)[k] = ' ';
  };
  while ((i = html.find('<', i)) != std::string_view::npos && i + 1 < n) {
    if (html.substr(i, 4) == "<!--") {
      size_t j = html.find("-->", i + 4);
      i = j == std::string_view::npos ? n : j + 3;
      continue;
    }
    bool end = html[i + 1] == '/';
    size_t k = i + 1 + (end ? 1 : 0);
    if (k >= n || !IsAlpha(html[k])) {
      ++i;
      continue;
    }
    std::string name;
    while (k < n && name.size() < 16 && (IsAlpha(html[k]) || (html[k] >= '0' && html[k] <= '9'))) name += Lc(html[k++]);
    size_t close = html.find('>', k);
    if (close == std::string_view::npos) break;
    if (end) {
      if (elements > max_elements) blank(i, close + 1);
      if (!NoDepth(name)) {
        if (depth > max_nesting) blank(i, close + 1);
        if (depth > 0) --depth;
      }
      i = close + 1;
      continue;
    }
    if (++elements > max_elements) {
      blank(i, close + 1);
      i = close + 1;
      continue;
    }
    bool self_closing = html[close - 1] == '/';
    if (RawText(name)) {
      // Skip to the matching end tag (case-insensitive).
      size_t j = close + 1;
      for (;;) {
        j = html.find("</", j);
        if (j == std::string_view::npos) break;
        size_t q = 0;
        while (q < name.size() && j + 2 + q < n && Lc(html[j + 2 + q]) == name[q]) ++q;
        if (q == name.size()) break;
        j += 2;
      }
      i = j == std::string_view::npos ? n : j;
      continue;
    }
    if (!self_closing && !NoDepth(name)) {
      ++depth;
      if (depth > max_nesting) blank(i, close + 1);
    }
    i = close + 1;
  }
  return changed;
}

// Damage that would hide the rest of a page: a comment, script or style that never closes, or
// an attribute quote that never closes, swallows every later byte (as the HTML standard says).
// quarry recovers the text after the damage instead, patching bytes in place (same length, so
// offsets stay exact): "<!--" -> "<!->" (an empty bogus comment), "<script" -> "<xcript" (an
// unknown element whose content is text), an unmatched quote -> a space. Linear: each search
// runs once per kind, since "no closing X after here" stays true for later positions.
bool RepairUnclosed(std::string_view html, std::string* patched) {
  bool changed = false;
  auto ensure = [&] {
    if (!changed) patched->assign(html);
    changed = true;
  };
  auto matches_at = [&](std::string_view needle, size_t i) {
    if (i + needle.size() > html.size()) return false;
    for (size_t k = 0; k < needle.size(); ++k)
      if (std::tolower(static_cast<unsigned char>(html[i + k])) != needle[k]) return false;
    return true;
  };
  auto lower_find = [&](std::string_view needle, size_t from) {
    for (size_t i = html.find('<', from); i != std::string_view::npos; i = html.find('<', i + 1))
      if (matches_at(needle, i)) return i;
    return std::string_view::npos;
  };
  size_t c = html.find("<!--");
  if (c != std::string_view::npos && html.find("-->", c + 4) == std::string_view::npos) {
    ensure();
    (*patched)[c + 3] = '>';
  }
  for (std::string_view el : {std::string_view("script"), std::string_view("style")}) {
    std::string open = "<" + std::string(el), close = "</" + std::string(el);
    size_t last_close = std::string_view::npos;
    for (size_t i = html.find("</"); i != std::string_view::npos; i = html.find("</", i + 2))
      if (matches_at(close, i)) last_close = i;  // the last closing tag, if any
    size_t o = lower_find(open, 0);
    while (o != std::string_view::npos) {
      if (last_close == std::string_view::npos || o > last_close) {
        ensure();
        (*patched)[o + 1] = 'x';
      }
      o = lower_find(open, o + open.size());
    }
  }
  // Attribute quotes: inside a start tag, a quote with no partner anywhere after it.
  size_t last_dq = html.rfind('"'), last_sq = html.rfind('\'');
  bool in_tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    char ch = html[i];
    if (!in_tag) {
      if (ch == '<' && i + 1 < html.size() && std::isalpha(static_cast<unsigned char>(html[i + 1]))) in_tag = true;
      continue;
    }
    if (ch == '>') {
      in_tag = false;
    } else if ((ch == '"' || ch == '\'') && i > 0 && html[i - 1] == '=') {
      size_t last = ch == '"' ? last_dq : last_sq;
      if (last == i) {  // no partner: the value would swallow the rest of the page
        ensure();
        (*patched)[i] = ' ';
      } else {
        size_t e = html.find(ch, i + 1);
        i = e;  // skip the quoted value
      }
    }
  }
  return changed;
}

// gumbo's memory, tracked so that what gumbo forgets to free is freed after the parse: gumbo
// 0.10.1 leaks a few bytes on some broken markup (a DOCTYPE inside <noscript>, found by
// fuzz_html), and a long extract over hostile pages must not grow.
struct GumboHeap {
  std::unordered_set<void*> live;
  static void* Allocate(void* self, size_t n) {
    void* p = std::malloc(n);
    if (p) static_cast<GumboHeap*>(self)->live.insert(p);
    return p;
  }
  static void Free(void* self, void* p) {
    if (!p) return;
    static_cast<GumboHeap*>(self)->live.erase(p);
    std::free(p);
  }
  ~GumboHeap() {
    for (void* p : live) std::free(p);
  }
};

}  // namespace

void HtmlExtractor::Extract(std::string_view html, std::string* out, OffsetMap* map) {
  if (LimitNesting(html, opts_.max_nesting, opts_.max_elements, &patched_)) html = patched_;
  if (RepairUnclosed(html, &repaired_)) html = repaired_;
  GumboHeap heap;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 64;
  options.allocator = &GumboHeap::Allocate;
  options.deallocator = &GumboHeap::Free;
  options.userdata = &heap;
  GumboOutput* g = gumbo_parse_with_options(&options, html.data(), html.size());
  if (!g) return;
  Writer w{html, out, map};
  struct Frame {
    const GumboNode* node;
    unsigned child;
    bool block;
  };
  std::vector<Frame> stack;
  int pre = 0, article = 0;
  stack.push_back({g->root, 0, false});
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboNode* n = f.node;
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) {
      if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
        w.Text(n->v.text, pre > 0);
      } else if (n->type == GUMBO_NODE_WHITESPACE && !out->empty() && out->back() != ' ' && out->back() != '\n') {
        w.Text(n->v.text, pre > 0);
      }
      stack.pop_back();
      continue;
    }
    const GumboVector& children = n->type == GUMBO_NODE_ELEMENT ? n->v.element.children : n->v.document.children;
    if (f.child == 0 && n->type == GUMBO_NODE_ELEMENT) {
      // Entering an element.
      const GumboElement& el = n->v.element;
      bool structural = el.tag == GUMBO_TAG_HTML || el.tag == GUMBO_TAG_BODY || el.tag == GUMBO_TAG_ARTICLE ||
                        el.tag == GUMBO_TAG_MAIN;
      bool drop = IsDropped(el.tag) || (el.tag == GUMBO_TAG_HEADER && article == 0) ||
                  (!structural && BoilerplateAttr(el));
      if (drop) {
        stack.pop_back();
        continue;
      }
      uint64_t pos = el.start_pos.offset;
      if (el.tag == GUMBO_TAG_BR) {
        if (!out->empty() && out->back() != '\n') w.Insert(pos, '\n');
        w.need_break = false;
      }
      if (IsBlock(el.tag)) w.need_break = true;
      if (el.tag == GUMBO_TAG_TR) w.cells = 0;
      if ((el.tag == GUMBO_TAG_TD || el.tag == GUMBO_TAG_TH) && w.cells++ > 0) ++w.need_tabs;
      if (el.tag == GUMBO_TAG_LI) w.need_marker = true;
      if (el.tag == GUMBO_TAG_PRE) ++pre;
      if (el.tag == GUMBO_TAG_ARTICLE || el.tag == GUMBO_TAG_MAIN) ++article;
      f.block = IsBlock(el.tag);
    }
    if (f.child < children.length && stack.size() < opts_.max_depth) {
      const GumboNode* c = static_cast<const GumboNode*>(children.data[f.child++]);
      stack.push_back({c, 0, false});
      continue;
    }
    // Leaving.
    if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboElement& el = n->v.element;
      if (f.block) w.need_break = true;
      if (el.tag == GUMBO_TAG_LI) w.need_marker = false;  // an item with no text: no marker
      if (el.tag == GUMBO_TAG_PRE) --pre;
      if (el.tag == GUMBO_TAG_ARTICLE || el.tag == GUMBO_TAG_MAIN) --article;
    }
    stack.pop_back();
  }
  gumbo_destroy_output(&options, g);
}

}  // namespace quarry::text
