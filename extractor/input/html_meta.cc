// ScanHtmlMeta: finds <meta> tags by name/property/itemprop, JSON-LD "datePublished", and
// <title>, case-insensitively, within a bounded prefix of the page.
#include "input/html_meta.h"

#include <algorithm>
#include <cctype>

namespace quarry::input {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Case-insensitive find of an ASCII-lowercase `needle` in `hay` from `from`.
size_t IFind(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (Lower(hay[i]) != needle[0]) continue;
    size_t k = 1;
    while (k < needle.size() && Lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

std::string LowerStr(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = Lower(c);
  return out;
}

// Value of attribute `name` in the tag text `tag` ("<meta a=b c='d'>"), "" if absent.
std::string Attr(std::string_view tag, std::string_view name) {
  size_t i = 0;
  while ((i = IFind(tag, name, i)) != std::string_view::npos) {
    bool word_start = i > 0 && (std::isspace(static_cast<unsigned char>(tag[i - 1])) || tag[i - 1] == '"' || tag[i - 1] == '\'');
    size_t j = i + name.size();
    while (j < tag.size() && std::isspace(static_cast<unsigned char>(tag[j]))) ++j;
    if (!word_start || j >= tag.size() || tag[j] != '=') {
      i += name.size();
      continue;
    }
    ++j;
    while (j < tag.size() && std::isspace(static_cast<unsigned char>(tag[j]))) ++j;
    if (j >= tag.size()) return "";
    char q = tag[j];
    if (q == '"' || q == '\'') {
      size_t e = tag.find(q, j + 1);
      if (e == std::string_view::npos) return "";
      return std::string(tag.substr(j + 1, e - j - 1));
    }
    size_t e = j;
    while (e < tag.size() && !std::isspace(static_cast<unsigned char>(tag[e])) && tag[e] != '>') ++e;
    return std::string(tag.substr(j, e - j));
  }
  return "";
}

// Date keys in order of preference (lower rank wins).
int DateRank(const std::string& key) {
  static const char* kKeys[] = {"article:published_time", "datepublished",  "og:published_time",
                                "og:article:published_time", "dc.date.issued", "dcterms.issued",
                                "dc.date",                "dcterms.date",   "dcterms.created",
                                "pubdate",                "publishdate",    "date"};
  for (size_t i = 0; i < sizeof kKeys / sizeof *kKeys; ++i)
    if (key == kKeys[i]) return static_cast<int>(i);
  return -1;
}

std::string DecodeTitle(std::string_view s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    if (c == '&') {
      static const std::pair<const char*, const char*> kEnt[] = {
          {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", " "}};
      bool done = false;
      for (const auto& [ent, rep] : kEnt) {
        std::string_view e(ent);
        if (s.substr(i, e.size()) == e) {
          out += rep;
          i += e.size() - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

bool LooksLikeIsoDate(std::string_view s) {
  if (s.size() < 10) return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return s[4] == '-' && s[7] == '-';
}

HtmlMeta ScanHtmlMeta(std::string_view html, size_t max_scan) {
  HtmlMeta out;
  std::string_view head = html.substr(0, std::min(html.size(), max_scan));
  size_t head_end = IFind(head, "</head");
  if (head_end != std::string_view::npos) head = head.substr(0, head_end);

  int best = 1000;
  size_t i = 0;
  while ((i = IFind(head, "<meta", i)) != std::string_view::npos) {
    size_t e = head.find('>', i);
    if (e == std::string_view::npos) break;
    std::string_view tag = head.substr(i, e - i + 1);
    i = e;
    std::string key = Attr(tag, "property");
    if (key.empty()) key = Attr(tag, "name");
    if (key.empty()) key = Attr(tag, "itemprop");
    int rank = DateRank(LowerStr(key));
    if (rank < 0 || rank >= best) continue;
    std::string content = Attr(tag, "content");
    if (!LooksLikeIsoDate(content)) continue;
    out.published = content;
    best = rank;
  }
  // JSON-LD: "datePublished": "2025-12-01T08:00:00+08:00" (anywhere in the head).
  if (best > 1) {
    size_t j = head.find("\"datePublished\"");
    if (j != std::string_view::npos) {
      size_t q = head.find('"', head.find(':', j + 15) + 1);
      if (q != std::string_view::npos) {
        size_t q2 = head.find('"', q + 1);
        std::string_view v = head.substr(q + 1, q2 == std::string_view::npos ? 0 : q2 - q - 1);
        if (LooksLikeIsoDate(v)) out.published = std::string(v);
      }
    }
  }
  size_t t = IFind(head, "<title");
  if (t != std::string_view::npos) {
    size_t s = head.find('>', t);
    size_t e = s == std::string_view::npos ? s : IFind(head, "</title", s);
    if (e != std::string_view::npos && e - s < 4096) out.title = DecodeTitle(head.substr(s + 1, e - s - 1));
  }
  return out;
}

}  // namespace quarry::input
