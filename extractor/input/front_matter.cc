#include "input/front_matter.h"

#include <algorithm>
#include <cctype>

namespace quarry::input {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string Unquote(std::string_view v) {
  v = Trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    v = v.substr(1, v.size() - 2);
  return std::string(v);
}

std::string LowerKey(std::string_view k) {
  std::string out(Trim(k));
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

bool ParseFrontMatter(std::string_view raw, FrontMatter* out) {
  constexpr size_t kMaxBlock = 64 * 1024;
  size_t pos = 0;
  if (raw.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // UTF-8 BOM
  auto line_end = [&](size_t from) {
    size_t e = raw.find('\n', from);
    return e == std::string_view::npos ? raw.size() : e;
  };
  size_t e = line_end(pos);
  if (Trim(raw.substr(pos, e - pos)) != "---") return false;
  FrontMatter fm;
  pos = e + 1;
  while (pos < raw.size() && pos < kMaxBlock) {
    e = line_end(pos);
    std::string_view line = Trim(raw.substr(pos, e - pos));
    size_t next = e < raw.size() ? e + 1 : raw.size();
    if (line == "---" || line == "...") {
      fm.body_offset = next;
      *out = std::move(fm);
      return true;
    }
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string key = LowerKey(line.substr(0, colon));
      std::string value = Unquote(line.substr(colon + 1));
      if (key == "id") fm.id = value;
      else if (key == "url" || key == "link") fm.url = value;
      else if (key == "title") fm.title = value;
      else if (key == "published" || key == "date" || key == "published_at" || key == "datepublished")
        fm.published = value;
    }
    pos = next;
  }
  return false;  // never closed: not front matter
}

}  // namespace quarry::input
