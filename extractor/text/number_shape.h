// Shapes of written numbers that both the segmenter (one token) and the quantity reader (its
// value) must agree on.
#pragma once

#include <cstddef>
#include <string_view>

namespace quarry::text {

// Indian digit grouping (lakh, crore): after one or two leading digits ending at byte p, ",dd"
// pairs and a last ",ddd" with no ASCII digit after it ("4,42,000", "1,23,45,678"). The byte
// after the shape, or 0 when text[p, lim) does not continue the number that way (a plain ",ddd"
// group is no Indian grouping: at least one pair is needed).
inline size_t IndianGroupingEnd(std::string_view t, size_t p, size_t lim) {
  auto digit = [&](size_t i) { return i < lim && t[i] >= '0' && t[i] <= '9'; };
  size_t k = p, pairs = 0;
  while (k + 3 < lim && t[k] == ',' && digit(k + 1) && digit(k + 2) && t[k + 3] == ',') {
    k += 3;
    ++pairs;
  }
  if (pairs == 0 || k >= lim || t[k] != ',' || !digit(k + 1) || !digit(k + 2) || !digit(k + 3) || digit(k + 4))
    return 0;
  return k + 4;
}

}  // namespace quarry::text
