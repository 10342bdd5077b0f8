// Normalizer: valid UTF-8 -> NFKC (utf8proc) plus quarry's folds (quotes, dashes, spaces, digit
// group separators, invisible characters, CRLF, Traditional Chinese to Simplified, spaces inside
// Chinese dates), recording an OffsetMap piece for every change. See Note [Normalization] in
// normalize.cc for the folds and Note [OffsetMap] for the map.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/offset_map.h"

namespace quarry::text {

struct NormalizeOptions {
  bool folds = true;        // false: plain NFKC (conformance tests)
  bool simplified = true;   // with folds: Traditional Chinese read as Simplified (Note [Hans fold])
  bool ascii_fast = true;   // false: every byte through utf8proc (benchmarks, differential tests)
};

class Normalizer {
 public:
  explicit Normalizer(NormalizeOptions opts = {}) : opts_(opts) {}

  // Appends the normalized form of `src` (must be valid UTF-8: repair it first, see decode.h) to
  // *out and describes it in *map, whose "raw" offsets are offsets into `src`.
  void Run(std::string_view src, std::string* out, OffsetMap* map);

  // Convenience for tests: the normalized string alone.
  std::string Normalize(std::string_view src);

 private:
  void FlushGroup(std::string_view src, std::string* out, OffsetMap* map);
  uint16_t FoldHan(int32_t c);  // the Simplified form of a Traditional ideograph, or 0

  NormalizeOptions opts_;
  // The pending normalization group: src bytes [group_begin_, group_end_), see Note [Groups].
  size_t group_begin_ = 0, group_end_ = 0;
  uint32_t group_cps_ = 0;
  bool group_plain_ = true;  // one code point without a decomposition: output == input
  std::vector<int32_t> buf_;  // reused decomposition buffer
  const uint16_t* hans_ = nullptr;  // the Hans fold table, fetched at the first Han character
};

}  // namespace quarry::text
