// Decoder: raw document bytes in any charset -> valid UTF-8 with an OffsetMap back to the raw
// bytes. Charset from, in order: a BOM, the declared charset (HTTP header / container hint), an
// HTML <meta> declaration, else UTF-8 when the bytes are (nearly) valid UTF-8, else ICU's
// detector. Labels are mapped as browsers do (WHATWG Encoding Standard) before an ICU converter
// is opened. Never fails: undecodable bytes become U+FFFD and are counted. Not thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "text/offset_map.h"
#include "text/text_doc.h"

struct UConverter;
struct UCharsetDetector;

namespace quarry::text {

// The ICU converter name for a WHATWG label ("latin1" -> "windows-1252", "gb2312" -> "gb18030",
// "utf8" -> "UTF-8"); empty for an unknown label. Case and surrounding spaces/quotes ignored.
std::string CharsetForLabel(std::string_view label);

// The charset label declared by <meta charset> or <meta http-equiv content="...charset=..."> in
// the head of an HTML document (the first 64 KiB, up to <body>); empty if none.
std::string SniffMetaCharset(std::string_view raw);

class Decoder {
 public:
  Decoder();
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Decodes `raw`. Returns true when `raw` itself is the valid UTF-8 result (nothing written, the
  // map is the identity); otherwise appends the UTF-8 text to *out and its pieces to *map.
  // Fills info->charset, charset_source, invalid_sequences, html.
  bool Decode(std::string_view raw, std::string_view charset_hint, bool html, std::string* out,
              OffsetMap* map, DecodeInfo* info);

 private:
  UConverter* Converter(const std::string& name);
  uint64_t Convert(UConverter* cnv, std::string_view raw, size_t skip, std::string* out, OffsetMap* map);

  std::map<std::string, UConverter*> converters_;
  UCharsetDetector* detector_ = nullptr;
  std::u16string ubuf_;
  std::vector<int32_t> offsets_;
};

}  // namespace quarry::text
