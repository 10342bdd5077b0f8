// `quarry series`: one fact type pivoted into a subject x period table, one value per cell.
//
// Note [Choosing a cell's value]: rows are a subject and scope ("Voltra", "Voltra (BEV)"): figures of
// different scopes never share a cell. Among the facts for one row and period, the value shown
// is the most specific figure by provenance (Note [Most specific figure] in verify/db.cc):
// actual over forecast/plan/target (a cell shows a non-actual figure only when no actual one
// exists, and says so), exact over rounded over approximate over a bound, the narrower
// interval, the article naming the fewest subjects for this type, the latest article. A cell is
// flagged `disagree` when two actual figures from two different documents cannot both be true
// (disjoint intervals: they differ beyond both roundings).
// With --by quarter or year, a cell with no stated figure is derived as the sum of its months
// when the type adds up (counts, not percentages) and every month is present; it is flagged
// `derived`.
// A series of a measure family (Note [Measure families] in cli/options.cc; `quarry series
// deliveries` without --exact-type) puts figures of every type of the family in one cell: a
// "deliveries" and a "sales" figure of one subject, scope and period compete by the same order,
// the asked type winning only between figures equal on modality, kind and width. The cell says
// when the shown figure is of another type (`other_type`; table "70327 (sales)"), and every
// figure of the cell counts in `sources` and `disagree` whatever its type: none is dropped.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "verify/db.h"

namespace quarry::verify {

enum class SeriesBy { kMonth, kQuarter, kYear };

struct SeriesCell {
  std::string subject, period;  // subject: the row name (RowName)
  StoredFact chosen;       // the chosen fact (for derived cells: the first month's, value replaced)
  std::string value;       // as displayed: "81864", "> 100000", "~ 15100"
  size_t sources = 0;      // facts considered
  bool disagree = false;
  bool derived = false;
  bool non_actual = false;  // the chosen figure is a target/plan/forecast
  bool other_type = false;  // the chosen figure (a derived cell: any month's) is of another type of the family
};

struct Series {
  std::string type;
  std::vector<std::string> subjects;  // rows (RowName), sorted
  std::vector<std::string> periods;   // columns, sorted
  std::map<std::pair<std::string, std::string>, SeriesCell> cells;  // (subject, period)
};

// A series row: the subject, and its scope in parentheses when it has one ("Voltra (BEV)").
std::string RowName(const StoredFact& f);

// True when `period` is of the granularity `by` (2025-11 month, 2025-Q3 quarter, 2025 year).
bool PeriodIs(const std::string& period, SeriesBy by);
// Builds the series of `type` from facts (already filtered by subject by the caller). `family`:
// the types that count as `type` (its family, `type` among them); empty = `type` alone.
Series BuildSeries(const std::string& type, const std::vector<StoredFact>& facts, SeriesBy by,
                   const std::vector<std::string>& family = {});

// The same series from the database, streamed: `filter` selects the facts (its types or type,
// subjects; order and text are set here). Memory holds the cells (rows x periods; with --by
// quarter or year also the rows' month cells, which derived cells sum), never all the facts.
// Cells carry no text (evidence, title, rule): FillText adds it where it is shown.
Series BuildSeries(SQLite::Database& db, const std::string& type, FactFilter filter, SeriesBy by,
                   const std::vector<std::string>& family = {});
// Several granularities from one pass over the facts, in the order of `bys`.
std::vector<Series> BuildSeries(SQLite::Database& db, const std::string& type, FactFilter filter,
                                const std::vector<SeriesBy>& bys, const std::vector<std::string>& family = {});

// Builds a series from facts that arrive cell by cell: every figure of one row and period
// consecutive (FactFilter::Order::kRow), each carrying StoredFact::doc_subjects. Keeps only the
// figures of the current cell and the chosen cells.
class SeriesBuilder {
 public:
  SeriesBuilder(std::string type, SeriesBy by, std::vector<std::string> family);
  void Add(const StoredFact& f);
  Series Finish();

 private:
  void FlushGroup();
  SeriesCell Choose(std::vector<const StoredFact*> fs) const;
  std::string type_;
  SeriesBy by_;
  std::vector<std::string> family_;
  std::pair<std::string, std::string> key_;  // the current cell (row, period)
  std::vector<StoredFact> group_;            // its figures
  Series s_;
  std::map<std::pair<std::string, std::string>, SeriesCell> month_cells_;  // --by quarter/year
};

}  // namespace quarry::verify
