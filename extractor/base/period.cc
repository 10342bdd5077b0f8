// Period: parsing, canonical text and month arithmetic (contract in period.h).
#include "base/period.h"

#include <cstdio>

namespace quarry {
namespace {

constexpr std::string_view kUnknownYear = "XXXX";
constexpr std::string_view kRangeSep = "..";

// The number written by exactly `s.size()` digits, or -1.
int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return s.empty() ? -1 : v;
}

// Months per unit of a kind, for the units a year divides into.
int MonthsPer(Period::Kind kind) {
  switch (kind) {
    case Period::Kind::kQuarter:
      return 3;
    case Period::Kind::kHalf:
      return 6;
    case Period::Kind::kYear:
      return 12;
    default:
      return 1;
  }
}

}  // namespace

std::optional<Period::Point> Period::ParsePoint(std::string_view s) {
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return std::nullopt;
  Point p;
  std::string_view year = s.substr(0, 4);
  p.year = year == kUnknownYear ? 0 : Digits(year);
  if (p.year < 0 || (p.year == 0 && year != kUnknownYear)) return std::nullopt;
  if (s.size() == 4) {
    p.kind = Kind::kYear;
    return p;
  }
  if (s[4] != '-') return std::nullopt;
  char unit = s[5];
  if (s.size() == 7 && (unit == 'Q' || unit == 'H')) {
    p.kind = unit == 'Q' ? Kind::kQuarter : Kind::kHalf;
    p.index = Digits(s.substr(6, 1));
    if (p.index < 1 || p.index > 12 / MonthsPer(p.kind)) return std::nullopt;
    return p;
  }
  p.index = Digits(s.substr(5, 2));
  if (p.index < 1 || p.index > 12) return std::nullopt;
  if (s.size() == 7) return p;
  p.kind = Kind::kDay;
  p.day = s[7] == '-' ? Digits(s.substr(8, 2)) : -1;
  if (p.day < 1 || p.day > 31) return std::nullopt;
  return p;
}

std::optional<Period> Period::Parse(std::string_view text) {
  size_t sep = text.find(kRangeSep);
  if (sep == std::string_view::npos) {
    auto p = ParsePoint(text);
    return p ? std::optional<Period>(Period(*p)) : std::nullopt;
  }
  auto begin = ParsePoint(text.substr(0, sep)),
       end = ParsePoint(text.substr(sep + kRangeSep.size()));
  if (!begin || !end || (begin->year == 0) != (end->year == 0)) return std::nullopt;
  if (begin->year != 0 && LastMonthOf(*end) < FirstMonthOf(*begin)) return std::nullopt;
  return Period(*begin, *end);
}

Period Period::Month(int year, int month) { return Period(Point{Kind::kMonth, year, month, 0}); }

std::string Period::PointText(const Point& p) {
  char year[8] = "XXXX";
  if (p.year != 0) std::snprintf(year, sizeof year, "%04d", p.year);
  char buf[32];
  switch (p.kind) {
    case Kind::kQuarter:
      std::snprintf(buf, sizeof buf, "%s-Q%d", year, p.index);
      break;
    case Kind::kHalf:
      std::snprintf(buf, sizeof buf, "%s-H%d", year, p.index);
      break;
    case Kind::kYear:
      std::snprintf(buf, sizeof buf, "%s", year);
      break;
    case Kind::kDay:
      std::snprintf(buf, sizeof buf, "%s-%02d-%02d", year, p.index, p.day);
      break;
    default:
      std::snprintf(buf, sizeof buf, "%s-%02d", year, p.index);
      break;
  }
  return buf;
}

std::string Period::ToString() const {
  return range_ ? PointText(begin_) + std::string(kRangeSep) + PointText(end_) : PointText(begin_);
}

int Period::FirstMonthOf(const Point& p) {
  int per = MonthsPer(p.kind);
  return p.year * 12 + (p.kind == Kind::kYear ? 0 : (p.index - 1) * per);
}

int Period::LastMonthOf(const Point& p) { return FirstMonthOf(p) + MonthsPer(p.kind) - 1; }

int Period::FirstMonth() const { return FirstMonthOf(begin_); }

std::optional<Period> Period::Named() const {
  if (!range_ || begin_.kind != Kind::kMonth || end_.kind != Kind::kMonth || begin_.year != end_.year ||
      end_.index < begin_.index)
    return std::nullopt;
  const int a = begin_.index, b = end_.index, y = begin_.year;
  if (a == 1 && b == 12) return Period(Point{Kind::kYear, y, 0, 0});
  if ((a == 1 && b == 6) || (a == 7 && b == 12)) return Period(Point{Kind::kHalf, y, a == 1 ? 1 : 2, 0});
  if (b == a + 2 && a % 3 == 1) return Period(Point{Kind::kQuarter, y, (a + 2) / 3, 0});
  return std::nullopt;
}

int Period::LastMonth() const {
  int last = LastMonthOf(end_);
  return last < FirstMonth() ? last + 12 : last;  // only an unknown-year range can wrap
}

bool Period::Contains(const Period& inner) const {
  return !IsUnknownYear() && !inner.IsUnknownYear() && FirstMonth() <= inner.FirstMonth() &&
         inner.LastMonth() <= LastMonth();
}

std::vector<Period> Period::Months() const {
  std::vector<Period> out;
  if (IsUnknownYear()) return out;
  for (int k = FirstMonth(); k <= LastMonth(); ++k) out.push_back(Month(k / 12, k % 12 + 1));
  return out;
}

std::optional<Period> Period::YearAgo() const {
  if (IsUnknownYear()) return *this;
  if (begin_.year <= 1) return std::nullopt;
  Period p = *this;
  --p.begin_.year;
  --p.end_.year;
  return p;
}

Period Period::Enclosing(Kind unit) const {
  int per = MonthsPer(unit);
  int month = FirstMonth() % 12;
  return Period(Point{unit, begin_.year, unit == Kind::kYear ? 0 : month / per + 1, 0});
}

Period Period::SinceYearStart() const { return Period(Month(begin_.year, 1).begin_, end_); }

}  // namespace quarry
