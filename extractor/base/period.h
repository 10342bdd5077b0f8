// A period of time in the syntax of DESIGN.md: a month ("2025-11"), quarter ("2025-Q3"), half
// ("2025-H1"), year ("2025"), day ("2025-12-02"), or a range between two of these
// ("2025-01..2025-11", "2024..2025"). The year may be unknown ("XXXX-11", "XXXX-Q3", "XXXX"):
// such a period names months of a year but has no place on the time line.
// Parse() accepts only the canonical text, so ToString() gives back exactly what was parsed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quarry {

class Period {
 public:
  enum class Kind { kDay, kMonth, kQuarter, kHalf, kYear, kRange };

  // nullopt for anything but the canonical forms above; years are 0001-9999 or XXXX; a day is
  // 01-31 in any month. A range's ends are single periods with the same known or unknown year;
  // with known years it may not end before it starts. With unknown years it may ("XXXX-11..XXXX-02"
  // is Nov to Feb of the next year, as "Nov to Feb" reads).
  static std::optional<Period> Parse(std::string_view text);
  // Month `month` (1-12) of `year` (0: unknown).
  static Period Month(int year, int month);

  std::string ToString() const;

  Kind kind() const { return range_ ? Kind::kRange : begin_.kind; }
  bool IsUnknownYear() const { return begin_.year == 0; }
  // The year of the first month covered; 0 when unknown.
  int Year() const { return begin_.year; }
  // The two ends of a range; a single period is both of its ends.
  Period Begin() const { return Period(begin_); }
  Period End() const { return Period(end_); }

  // The first and last month covered, each counted as year * 12 + (month - 1). With an unknown
  // year, months count from year 0 (and a range that wraps ends in year 1).
  int FirstMonth() const;
  int LastMonth() const;
  // True when every month of `inner` is a month of this period; never with an unknown year.
  bool Contains(const Period& inner) const;
  // Each month covered, in order; empty with an unknown year.
  std::vector<Period> Months() const;

  // The same period a year earlier ("2025-01..2025-11" -> "2024-01..2024-11"); an unknown year
  // stays unknown. nullopt when the year would fall before 0001.
  std::optional<Period> YearAgo() const;
  // The month, quarter, half or year (by `unit`) holding the first month: "2025-11" -> "2025-Q4"
  // or "2025"; "XXXX-11" -> "XXXX". `unit` must not be kDay or kRange.
  Period Enclosing(Kind unit) const;
  // From Jan of the first month's year through the end of this period: "2025-Q3" ->
  // "2025-01..2025-Q3".
  Period SinceYearStart() const;
  // A range of whole months within one year that is one quarter, half or year, as that period
  // ("2023-01..2023-06" -> "2023-H1", "XXXX-01..XXXX-12" -> "XXXX"); nullopt for anything else.
  std::optional<Period> Named() const;

  friend bool operator==(const Period&, const Period&) = default;

 private:
  // One end: a day, month, quarter, half or year. `index` is the month, quarter or half number.
  struct Point {
    Kind kind = Kind::kMonth;
    int year = 0;  // 0: unknown
    int index = 0;
    int day = 0;
    friend bool operator==(const Point&, const Point&) = default;
  };

  explicit Period(Point p) : begin_(p), end_(p) {}
  Period(Point begin, Point end) : begin_(begin), end_(end), range_(true) {}

  static std::optional<Point> ParsePoint(std::string_view text);
  static std::string PointText(const Point& p);
  static int FirstMonthOf(const Point& p);
  static int LastMonthOf(const Point& p);

  Point begin_, end_;
  bool range_ = false;
};

}  // namespace quarry
