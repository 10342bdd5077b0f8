// UTF-8 validation and repair: invalid sequences become U+FFFD, one per maximal subpart (the
// Unicode / WHATWG / ICU practice), never swallowing a neighbouring valid byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "text/offset_map.h"

namespace quarry::text {

// Length of the longest valid UTF-8 prefix of s.
size_t ValidUtf8Prefix(std::string_view s);

// Appends the repaired form of s to *out, with pieces in *map (raw offsets = offsets into s plus
// `base`). Returns the number of invalid subparts replaced.
uint64_t RepairUtf8(std::string_view s, uint64_t base, std::string* out, OffsetMap* map);

// Length of the valid or invalid unit at s[i]: a whole valid code point, or one maximal subpart.
// *valid says which.
size_t Utf8Unit(std::string_view s, size_t i, bool* valid);

}  // namespace quarry::text
