// Exact decimal arithmetic on a 64-bit mantissa with 128-bit intermediates.
#include "base/decimal.h"

#include <cstdlib>

namespace quarry {
namespace {

constexpr __int128 kMax = INT64_MAX;
constexpr __int128 kMin = INT64_MIN;

std::optional<__int128> Pow10(int32_t k) {
  if (k < 0 || k > 36) return std::nullopt;
  __int128 p = 1;
  for (int32_t i = 0; i < k; ++i) p *= 10;
  return p;
}

std::optional<Decimal> Make(__int128 m, int32_t e) {
  // Drop trailing zeros while the mantissa does not fit.
  while ((m > kMax || m < kMin) && m % 10 == 0) {
    m /= 10;
    ++e;
  }
  if (m > kMax || m < kMin) return std::nullopt;
  return Decimal(static_cast<int64_t>(m), e);
}

}  // namespace

std::optional<Decimal> Decimal::Parse(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool neg = false;
  size_t i = 0;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    i = 1;
  }
  __int128 m = 0;
  int32_t exp = 0;
  bool seen_digit = false, seen_dot = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      if (seen_dot) return std::nullopt;
      seen_dot = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    seen_digit = true;
    if (m > (kMax / 10)) {
      // Too many significant digits: only acceptable if the rest are fractional zeros.
      if (c != '0' || !seen_dot) return std::nullopt;
      continue;
    }
    m = m * 10 + (c - '0');
    if (seen_dot) --exp;
  }
  if (!seen_digit) return std::nullopt;
  if (neg) m = -m;
  auto d = Make(m, exp);
  if (!d) return std::nullopt;
  return *d;
}

bool Decimal::IsInteger() const {
  if (exponent_ >= 0) return true;
  return Normalized().exponent_ >= 0;
}

Decimal Decimal::Normalized() const {
  int64_t m = mantissa_;
  int32_t e = exponent_;
  if (m == 0) return Decimal(0, 0);
  while (m % 10 == 0) {
    m /= 10;
    ++e;
  }
  return Decimal(m, e);
}

std::string Decimal::ToString() const {
  Decimal n = Normalized();
  bool neg = n.mantissa_ < 0;
  // Work on the magnitude as unsigned to handle INT64_MIN.
  unsigned __int128 mag = neg ? -static_cast<__int128>(n.mantissa_) : n.mantissa_;
  std::string digits;
  if (mag == 0) digits = "0";
  while (mag > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(mag % 10)));
    mag /= 10;
  }
  std::string out;
  if (n.exponent_ >= 0) {
    out = digits;
    if (digits != "0") out.append(static_cast<size_t>(n.exponent_), '0');
  } else {
    size_t frac = static_cast<size_t>(-n.exponent_);
    if (digits.size() <= frac) digits.insert(0, frac - digits.size() + 1, '0');
    out.reserve(digits.size() + 2);
    out.append(digits, 0, digits.size() - frac);
    out.push_back('.');
    out.append(digits, digits.size() - frac, frac);
  }
  if (neg) out.insert(out.begin(), '-');
  return out;
}

double Decimal::ToDouble() const { return std::strtod(ToString().c_str(), nullptr); }

std::optional<Decimal> Decimal::Mul(Decimal o) const {
  __int128 m = static_cast<__int128>(mantissa_) * o.mantissa_;
  return Make(m, exponent_ + o.exponent_);
}

std::optional<Decimal> Decimal::MulPow10(int32_t k) const { return Decimal(mantissa_, exponent_ + k).Normalized(); }

std::optional<Decimal> Decimal::Add(Decimal o) const {
  int32_t e = exponent_ < o.exponent_ ? exponent_ : o.exponent_;
  auto pa = Pow10(exponent_ - e), pb = Pow10(o.exponent_ - e);
  if (!pa || !pb) return std::nullopt;
  // A mantissa times 10^36 can exceed even 128 bits (found by fuzz_claims: 26.5008 +/- a
  // half-unit at the 40th decimal): overflow is a result out of range, never undefined.
  __int128 a, b, sum;
  if (__builtin_mul_overflow(static_cast<__int128>(mantissa_), *pa, &a) ||
      __builtin_mul_overflow(static_cast<__int128>(o.mantissa_), *pb, &b) || __builtin_add_overflow(a, b, &sum))
    return std::nullopt;
  return Make(sum, e);
}

int Compare(Decimal a, Decimal b) {
  if ((a.mantissa_ < 0) != (b.mantissa_ < 0) || a.mantissa_ == 0 || b.mantissa_ == 0) {
    auto sa = (a.mantissa_ > 0) - (a.mantissa_ < 0), sb = (b.mantissa_ > 0) - (b.mantissa_ < 0);
    return sa < sb ? -1 : (sa > sb ? 1 : 0);
  }
  Decimal na = a.Normalized(), nb = b.Normalized();
  int32_t e = na.exponent_ < nb.exponent_ ? na.exponent_ : nb.exponent_;
  auto pa = Pow10(na.exponent_ - e), pb = Pow10(nb.exponent_ - e);
  if (!pa || !pb) {
    // Exponent gap beyond 36 digits: the one with the larger exponent has the larger magnitude.
    bool a_bigger_mag = na.exponent_ > nb.exponent_;
    bool pos = na.mantissa_ > 0;
    return (a_bigger_mag == pos) ? 1 : -1;
  }
  __int128 x, y;
  if (__builtin_mul_overflow(static_cast<__int128>(na.mantissa_), *pa, &x) ||
      __builtin_mul_overflow(static_cast<__int128>(nb.mantissa_), *pb, &y)) {
    // Beyond 128 bits: only the scaled side can overflow, and it then has the larger magnitude.
    bool a_bigger_mag = na.exponent_ > nb.exponent_;
    bool pos = na.mantissa_ > 0;
    return (a_bigger_mag == pos) ? 1 : -1;
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace quarry
