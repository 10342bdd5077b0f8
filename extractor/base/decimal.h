// Exact decimal numbers for stored values: an integer mantissa and a power-of-ten exponent.
// No binary floating point ever touches a stored figure: "127.93" stays 12793e-2.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quarry {

class Decimal {
 public:
  constexpr Decimal() = default;
  constexpr Decimal(int64_t mantissa, int32_t exponent = 0)  // NOLINT: implicit from integers
      : mantissa_(mantissa), exponent_(exponent) {}

  // Parses "-1234.5", "81864", "0.07", "1e3" is NOT accepted (plain decimal notation only).
  // Group separators must be removed before. Returns nullopt on syntax error or overflow.
  static std::optional<Decimal> Parse(std::string_view s);

  int64_t mantissa() const { return mantissa_; }
  int32_t exponent() const { return exponent_; }
  bool IsZero() const { return mantissa_ == 0; }
  bool IsNegative() const { return mantissa_ < 0; }
  bool IsInteger() const;

  // Canonical text: no exponent, no trailing fractional zeros ("81864", "127.93", "-34.07", "0.5").
  std::string ToString() const;
  // Nearest double, for display and charts only. Never stored as the value.
  double ToDouble() const;

  // Arithmetic; nullopt on overflow of the 64-bit mantissa.
  std::optional<Decimal> Mul(Decimal o) const;
  std::optional<Decimal> Add(Decimal o) const;
  std::optional<Decimal> MulPow10(int32_t k) const;  // this * 10^k
  Decimal Negated() const { return Decimal(-mantissa_, exponent_); }
  // Removes trailing zeros of the mantissa (1500e-3 -> 15e-1): canonical form.
  Decimal Normalized() const;
  // Number of digits after the decimal point as written (may be negative for 70K -> -3).
  int32_t Scale() const { return -exponent_; }

  friend int Compare(Decimal a, Decimal b);  // -1, 0, 1 (exact)
  friend bool operator==(Decimal a, Decimal b) { return Compare(a, b) == 0; }
  friend bool operator<(Decimal a, Decimal b) { return Compare(a, b) < 0; }
  friend bool operator>(Decimal a, Decimal b) { return Compare(a, b) > 0; }
  friend bool operator<=(Decimal a, Decimal b) { return Compare(a, b) <= 0; }
  friend bool operator>=(Decimal a, Decimal b) { return Compare(a, b) >= 0; }

 private:
  int64_t mantissa_ = 0;
  int32_t exponent_ = 0;
};

}  // namespace quarry
