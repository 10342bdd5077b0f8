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

// The code point at t[p] of text already valid UTF-8 (normalized text), and its length in *len.
// Defensive all the same: a stray lead or continuation byte, or a sequence cut by the end of t,
// yields U+FFFD with *len = 1, never a read past t.
char32_t DecodeUtf8At(std::string_view t, size_t p, size_t* len);

}  // namespace quarry::text
