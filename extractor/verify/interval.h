// Figures as intervals: every figure, a claim's or a stored fact's, stands for the range of true
// values its writing allows. 70,327 is exact; 70K and 70,000 are [69500, 70500); 127.9 is
// [127.85, 127.95); "over 100,000" is (100000, +inf); "about 15,100" is [15050, 15150).
// See Note [Intervals].
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/annotation.h"
#include "base/decimal.h"

namespace quarry::verify {

// A possibly unbounded interval of exact decimals. An absent bound is infinite.
struct Interval {
  std::optional<Decimal> lo, hi;
  bool lo_open = false, hi_open = false;

  static Interval Point(Decimal v) { return Interval{v, v, false, false}; }
  bool IsPoint() const { return lo && hi && !lo_open && !hi_open && *lo == *hi; }
  bool Bounded() const { return lo.has_value() && hi.has_value(); }
  bool Empty() const;
  // "[69500, 70500]", "(100000, +inf)", "70327".
  std::string ToString() const;
};

// The intersection (possibly empty).
Interval Intersect(const Interval& a, const Interval& b);
bool Overlaps(const Interval& a, const Interval& b);
// a + b (bounds add; an infinite bound stays infinite). nullopt on overflow.
std::optional<Interval> Sum(const Interval& a, const Interval& b);

// The interval a figure stands for, from how it was written: its value, the approx qualifier and
// the power of ten of its last significant written digit (Annotation::precision_exp).
//   precision_exp == 0 and approx '=': exact for an integer whose last digit is not a zero
//     (70,327); else rounded to its last significant place (48,700 is [48650, 48750), 127.93
//     is [127.925, 127.935));
//   precision_exp != 0 and approx '=': [value - half a unit of that digit, value + half) (70K,
//     127.9): rounding half up, so the upper end is open;
//   '~': the same around the last non-zero digit, or precision_exp when coarser;
//   '>', '>=', '<', '<=': a half-line from the value.
Interval FigureInterval(Decimal value, Approx approx, int32_t precision_exp);

// What kind of figure an interval is, for verdicts (docs/verify.md): an exact point, a rounded
// figure (a bounded interval from its written precision), an approximation ("about") or a bound
// ("over", "under").
enum class FigureKind { kExact, kRounded, kApprox, kBound };
FigureKind KindOf(Approx approx, const Interval& interval);
const char* FigureKindName(FigureKind k);

// Same, but a figure written as a plain integer (precision_exp 0) is taken as rounded to its
// last digit: used by `check` for percentages, which are always rounded by the writer.
Interval RoundedInterval(Decimal value, Approx approx, int32_t precision_exp);

// A figure as a person writes it in a claim: "70,327", "70K", "70.3k", "1.2 million", "127.9",
// "127.93%", "over 100,000", "more than 20000", ">100000", ">= 5", "about 15,100", "~15100",
// "nearly 50,000", "under 5%", "-34.07". Returns nullopt with *error set on anything else.
struct WrittenFigure {
  Decimal value;
  Approx approx = Approx::kExact;
  int32_t precision_exp = 0;
  Interval interval;
};
std::optional<WrittenFigure> ParseWrittenFigure(std::string_view text, std::string* error);

// The power of ten of the last non-zero digit of v (15100 -> 2, 127.93 -> -2, 0 -> 0).
int32_t LastNonZeroExp(Decimal v);

}  // namespace quarry::verify
