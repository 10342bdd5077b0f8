// Typed half-open byte ranges. A span always says which text it indexes: the raw document bytes
// (RawSpan) or the normalized UTF-8 text (NormSpan). The two never mix without an OffsetMap
// (text/offset_map.h), so a figure's provenance cannot silently point into the wrong text.
#pragma once

#include <cstdint>
#include <string_view>

namespace quarry {

struct RawTag {};
struct NormTag {};

template <class Tag>
struct ByteSpan {
  uint64_t begin = 0;
  uint64_t end = 0;  // exclusive

  constexpr ByteSpan() = default;
  constexpr ByteSpan(uint64_t b, uint64_t e) : begin(b), end(e) {}
  constexpr uint64_t size() const { return end - begin; }
  constexpr bool empty() const { return end <= begin; }
  constexpr bool Contains(ByteSpan o) const { return begin <= o.begin && o.end <= end; }
  constexpr bool Overlaps(ByteSpan o) const { return begin < o.end && o.begin < end; }
  // The bytes of `text` this span covers (clamped to text's size).
  std::string_view Of(std::string_view text) const {
    if (begin >= text.size()) return {};
    uint64_t e = end < text.size() ? end : text.size();
    return text.substr(begin, e - begin);
  }
  friend constexpr bool operator==(ByteSpan a, ByteSpan b) = default;
};

using RawSpan = ByteSpan<RawTag>;
using NormSpan = ByteSpan<NormTag>;

}  // namespace quarry
