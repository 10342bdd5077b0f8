// `quarry series`: one fact type pivoted into a subject x period table, one value per cell.
//
// Note [Choosing a cell's value]: among the facts for one subject and period, the value shown is
// chosen by these rules in order: (1) actual over forecast over plan over target (a cell shows
// a non-actual figure only when no actual one exists, and says so); (2) an exact figure over an
// approximate one, and over a bound ("over 100,000"); (3) the finer precision as written
// (70,327 over 70K); (4) the most specific source: the article stating this type for the fewest
// subjects (a brand's own delivery report over a round-up of twenty brands); (5) the latest
// published article (revisions come later); (6) the lowest fact id. A cell is flagged
// `disagree` when two of its actual figures cannot both be true (disjoint intervals).
// With --by quarter or year, a cell with no stated figure is derived as the sum of its months
// when the type adds up (counts, not percentages) and every month is present; it is flagged
// `derived`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "verify/db.h"

namespace quarry::verify {

enum class SeriesBy { kMonth, kQuarter, kYear };

struct SeriesCell {
  std::string subject, period;
  StoredFact chosen;       // the chosen fact (for derived cells: the first month's, value replaced)
  std::string value;       // as displayed: "81864", "> 100000", "~ 15100"
  size_t sources = 0;      // facts considered
  bool disagree = false;
  bool derived = false;
  bool non_actual = false;  // the chosen figure is a target/plan/forecast
};

struct Series {
  std::string type;
  std::vector<std::string> subjects;  // rows, sorted
  std::vector<std::string> periods;   // columns, sorted
  std::map<std::pair<std::string, std::string>, SeriesCell> cells;  // (subject, period)
};

// True when `period` is of the granularity `by` (2025-11 month, 2025-Q3 quarter, 2025 year).
bool PeriodIs(const std::string& period, SeriesBy by);
// Builds the series from facts of one type (already filtered by subject by the caller).
Series BuildSeries(const std::string& type, const std::vector<StoredFact>& facts, SeriesBy by);

}  // namespace quarry::verify
