// UTF-8 repair per maximal subpart (Unicode 15 section 3.9, Table 3-7 well-formed sequences).
#include "text/utf8.h"

#include <cstring>

namespace quarry::text {

namespace {

// Second-byte range allowed after a lead byte (Table 3-7); later bytes are always 80..BF.
inline bool SecondOk(uint8_t lead, uint8_t b) {
  switch (lead) {
    case 0xE0: return b >= 0xA0 && b <= 0xBF;
    case 0xED: return b >= 0x80 && b <= 0x9F;
    case 0xF0: return b >= 0x90 && b <= 0xBF;
    case 0xF4: return b >= 0x80 && b <= 0x8F;
    default: return b >= 0x80 && b <= 0xBF;
  }
}

inline int SeqLen(uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;  // 80..C1, F5..FF never start a sequence
}

}  // namespace

size_t Utf8Unit(std::string_view s, size_t i, bool* valid) {
  const uint8_t lead = static_cast<uint8_t>(s[i]);
  int need = SeqLen(lead);
  if (need == 1) {
    *valid = true;
    return 1;
  }
  if (need == 0) {
    *valid = false;
    return 1;
  }
  size_t k = 1;
  while (k < static_cast<size_t>(need) && i + k < s.size()) {
    uint8_t b = static_cast<uint8_t>(s[i + k]);
    bool ok = k == 1 ? SecondOk(lead, b) : (b >= 0x80 && b <= 0xBF);
    if (!ok) break;
    ++k;
  }
  *valid = k == static_cast<size_t>(need);
  return k;
}

size_t ValidUtf8Prefix(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Eight ASCII bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    if (static_cast<uint8_t>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    bool valid;
    size_t len = Utf8Unit(s, i, &valid);
    if (!valid) return i;
    i += len;
  }
  return n;
}

uint64_t RepairUtf8(std::string_view s, uint64_t base, std::string* out, OffsetMap* map) {
  uint64_t bad = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t ok = ValidUtf8Prefix(s.substr(i));
    if (ok > 0) {
      out->append(s.data() + i, ok);
      map->AddCopy(base + i, ok);
      i += ok;
      if (i >= s.size()) break;
    }
    bool valid;
    size_t len = Utf8Unit(s, i, &valid);
    out->append("\xEF\xBF\xBD");
    map->AddReplace(RawSpan(base + i, base + i + len), 3);
    ++bad;
    i += len;
  }
  return bad;
}

char32_t DecodeUtf8At(std::string_view t, size_t p, size_t* len) {
  unsigned char c = static_cast<unsigned char>(t[p]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (p + n > t.size() || n == 1) {
    *len = 1;
    return 0xFFFD;
  }
  char32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(t[p + k]) & 0x3F);
  *len = static_cast<size_t>(n);
  return cp;
}

}  // namespace quarry::text
