// Figure intervals and the parser for figures as written in claims.
//
// Note [Intervals]: a figure is compared with another only through the intervals both stand for,
// never by rounding one to the other's precision. Two figures agree when their intervals meet.
// Bounds are exact Decimals, so 127.85 is 127.85, not the nearest double.
#include "verify/interval.h"

#include <array>
#include <cctype>
#include <utility>

#include "base/terminal.h"

namespace quarry::verify {
namespace {

// Compares two lower bounds (nullopt = -inf); open bounds sort after closed at the same value.
int CompareLo(const Interval& a, const Interval& b) {
  if (!a.lo && !b.lo) return 0;
  if (!a.lo) return -1;
  if (!b.lo) return 1;
  int c = Compare(*a.lo, *b.lo);
  if (c != 0) return c;
  return static_cast<int>(a.lo_open) - static_cast<int>(b.lo_open);
}

// Compares two upper bounds (nullopt = +inf); open bounds sort before closed at the same value.
int CompareHi(const Interval& a, const Interval& b) {
  if (!a.hi && !b.hi) return 0;
  if (!a.hi) return 1;
  if (!b.hi) return -1;
  int c = Compare(*a.hi, *b.hi);
  if (c != 0) return c;
  return static_cast<int>(b.hi_open) - static_cast<int>(a.hi_open);
}

// Half a unit of the digit 10^exp: 5 * 10^(exp-1).
Decimal HalfUnit(int32_t exp) { return Decimal(5, exp - 1); }

Interval Around(Decimal v, int32_t exp) {
  Decimal h = HalfUnit(exp);
  auto lo = v.Add(h.Negated()), hi = v.Add(h);
  if (!lo || !hi) return Interval::Point(v);
  return Interval{*lo, *hi, false, true};
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimWs(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool ConsumePrefix(std::string_view* s, std::string_view p) {
  if (s->substr(0, p.size()) != p) return false;
  // A word prefix must end at a word boundary ("over" but not "overall").
  if (std::isalpha(static_cast<unsigned char>(p.back())) && s->size() > p.size() &&
      std::isalpha(static_cast<unsigned char>((*s)[p.size()])))
    return false;
  s->remove_prefix(p.size());
  *s = TrimWs(*s);
  return true;
}

}  // namespace

bool Interval::Empty() const {
  if (!lo || !hi) return false;
  int c = Compare(*lo, *hi);
  if (c > 0) return true;
  if (c == 0) return lo_open || hi_open;
  return false;
}

std::string Interval::ToString() const {
  if (IsPoint()) return lo->ToString();
  std::string out = lo ? (lo_open ? "(" : "[") + lo->ToString() : "(-inf";
  out += ", ";
  out += hi ? hi->ToString() + (hi_open ? ")" : "]") : "+inf)";
  return out;
}

Interval Intersect(const Interval& a, const Interval& b) {
  Interval r;
  const Interval& l = CompareLo(a, b) >= 0 ? a : b;
  const Interval& h = CompareHi(a, b) <= 0 ? a : b;
  r.lo = l.lo;
  r.lo_open = l.lo_open;
  r.hi = h.hi;
  r.hi_open = h.hi_open;
  return r;
}

bool Overlaps(const Interval& a, const Interval& b) { return !Intersect(a, b).Empty(); }

std::optional<Interval> Sum(const Interval& a, const Interval& b) {
  Interval r;
  if (a.lo && b.lo) {
    auto s = a.lo->Add(*b.lo);
    if (!s) return std::nullopt;
    r.lo = *s;
    r.lo_open = a.lo_open || b.lo_open;
  }
  if (a.hi && b.hi) {
    auto s = a.hi->Add(*b.hi);
    if (!s) return std::nullopt;
    r.hi = *s;
    r.hi_open = a.hi_open || b.hi_open;
  }
  return r;
}

int32_t LastNonZeroExp(Decimal v) {
  if (v.IsZero()) return 0;
  return v.Normalized().exponent();
}

Interval FigureInterval(Decimal value, Approx approx, int32_t precision_exp) {
  switch (approx) {
    case Approx::kGreater: return Interval{value, std::nullopt, true, false};
    case Approx::kGreaterEq: return Interval{value, std::nullopt, false, false};
    case Approx::kLess: return Interval{std::nullopt, value, false, true};
    case Approx::kLessEq: return Interval{std::nullopt, value, false, false};
    case Approx::kAbout: {
      int32_t e = LastNonZeroExp(value);
      if (precision_exp > e) e = precision_exp;
      return Around(value, e);
    }
    case Approx::kExact: break;
  }
  if (precision_exp == 0) {
    // Precision unknown or "as written": an integer is exact unless it ends in zeros (48,700 is
    // rounded to hundreds); a decimal is rounded to its last digit (127.93, as facts loaded
    // from JSONL carry no precision).
    int32_t e = LastNonZeroExp(value);
    return e != 0 ? Around(value, e) : Interval::Point(value);
  }
  return Around(value, precision_exp);
}

FigureKind KindOf(Approx approx, const Interval& interval) {
  switch (approx) {
    case Approx::kAbout: return FigureKind::kApprox;
    case Approx::kExact: return interval.IsPoint() ? FigureKind::kExact : FigureKind::kRounded;
    default: return FigureKind::kBound;
  }
}

const char* FigureKindName(FigureKind k) {
  switch (k) {
    case FigureKind::kExact: return "exact";
    case FigureKind::kRounded: return "rounded";
    case FigureKind::kApprox: return "approximate";
    case FigureKind::kBound: return "bound";
  }
  return "";
}

Interval RoundedInterval(Decimal value, Approx approx, int32_t precision_exp) {
  if (approx == Approx::kExact && precision_exp == 0) return Around(value, 0);
  return FigureInterval(value, approx, precision_exp);
}

std::optional<WrittenFigure> ParseWrittenFigure(std::string_view text, std::string* error) {
  std::string lower = Lower(TrimWs(text));
  std::string_view s = lower;
  if (s.empty()) {
    *error = "empty value";
    return std::nullopt;
  }
  WrittenFigure f;
  // Qualifiers: longest first so ">=" wins over ">".
  static const std::array<std::pair<std::string_view, Approx>, 27> kPrefixes = {{
      {">=", Approx::kGreaterEq}, {"<=", Approx::kLessEq}, {"\xE2\x89\xA5", Approx::kGreaterEq},
      {"\xE2\x89\xA4", Approx::kLessEq}, {">", Approx::kGreater}, {"<", Approx::kLess},
      {"~", Approx::kAbout}, {"\xE2\x89\x88", Approx::kAbout},
      {"more than", Approx::kGreater}, {"over", Approx::kGreater}, {"above", Approx::kGreater},
      {"exceeding", Approx::kGreater}, {"at least", Approx::kGreaterEq},
      {"no less than", Approx::kGreaterEq}, {"less than", Approx::kLess},
      {"fewer than", Approx::kLess}, {"under", Approx::kLess}, {"below", Approx::kLess},
      {"at most", Approx::kLessEq}, {"up to", Approx::kLessEq}, {"about", Approx::kAbout},
      {"around", Approx::kAbout}, {"approximately", Approx::kAbout}, {"roughly", Approx::kAbout},
      {"nearly", Approx::kAbout}, {"almost", Approx::kAbout}, {"some", Approx::kAbout},
  }};
  for (const auto& [p, a] : kPrefixes) {
    if (ConsumePrefix(&s, p)) {
      f.approx = a;
      break;
    }
  }
  // Digits with optional group commas, optional sign, optional fraction.
  std::string digits;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) digits.push_back(s[i++]);
  bool seen_digit = false, seen_dot = false;
  int frac_digits = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
      seen_digit = true;
      if (seen_dot) ++frac_digits;
    } else if (c == ',' && seen_digit && !seen_dot && i + 1 < s.size() &&
               std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      continue;  // group separator
    } else if (c == '.' && !seen_dot) {
      digits.push_back(c);
      seen_dot = true;
    } else {
      break;
    }
  }
  if (!seen_digit) {
    *error = "no number in value \"" + Excerpt(TrimWs(text)) + "\"";
    return std::nullopt;
  }
  auto v = Decimal::Parse(digits);
  if (!v) {
    *error = "number out of range in value \"" + Excerpt(TrimWs(text)) + "\"";
    return std::nullopt;
  }
  std::string_view rest = TrimWs(s.substr(i));
  int32_t scale = 0;
  static const std::array<std::pair<std::string_view, int32_t>, 12> kSuffixes = {{
      {"thousand", 3}, {"million", 6}, {"billion", 9}, {"mn", 6}, {"bn", 9}, {"k", 3},
      {"m", 6}, {"b", 9}, {"%", 0}, {"pct", 0}, {"percent", 0}, {"", 0},
  }};
  bool matched = false;
  for (const auto& [suf, sc] : kSuffixes) {
    if (rest == suf) {
      scale = sc;
      matched = true;
      break;
    }
  }
  if (!matched) {
    *error = "cannot read \"" + Excerpt(rest) + "\" in value \"" + Excerpt(TrimWs(text)) +
             "\" (expected a number with optional K/M/B/thousand/million/billion or %)";
    return std::nullopt;
  }
  auto scaled = v->MulPow10(scale);
  if (!scaled) {
    *error = "number out of range in value \"" + Excerpt(TrimWs(text)) + "\"";
    return std::nullopt;
  }
  f.value = *scaled;
  // The last written digit: 70K -> 3, 70.3K -> 2, 127.9 -> -1, 70,327 -> 0 (exact).
  f.precision_exp = scale - frac_digits;
  f.interval = FigureInterval(f.value, f.approx, f.precision_exp);
  return f;
}

}  // namespace quarry::verify
