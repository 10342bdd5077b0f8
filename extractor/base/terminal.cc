#include "base/terminal.h"

#include <cstdio>

namespace quarry {
namespace {

void AppendEscaped(std::string_view s, bool one_line, size_t max_bytes, std::string* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (out->size() >= max_bytes) {
      *out += "...";
      return;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    char buf[8];
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(s[i + 1]));
      *out += buf;
      ++i;
    } else if ((c < 0x20 && ((c != '\t' && c != '\n') || one_line)) || c == 0x7f) {
      if (one_line && c == '\n') *out += "\\n";
      else if (one_line && c == '\t') *out += "\\t";
      else {
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        *out += buf;
      }
    } else if (c >= 0x80 && max_bytes != std::string::npos) {
      // Copy a whole UTF-8 sequence so a cut never splits a character.
      size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      if (i + len > s.size()) len = 1;
      out->append(s.substr(i, len));
      i += len - 1;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
}

}  // namespace

std::string TerminalSafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendEscaped(s, false, std::string::npos, &out);
  return out;
}

std::string Excerpt(std::string_view s, size_t max_bytes) {
  std::string out;
  AppendEscaped(s, true, max_bytes, &out);
  return out;
}

}  // namespace quarry
