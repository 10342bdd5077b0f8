// `quarry report --html`: one self-contained HTML page (inline CSS, inline SVG charts, a few
// lines of inline JS for sorting; no network resource of any kind) with a chart per fact type of
// values over time per subject, a sortable table of facts with the figure highlighted in its
// evidence sentence and a link to its source, and the findings of `quarry check`.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "verify/check.h"
#include "verify/db.h"
#include "verify/series.h"

namespace quarry::verify {

struct ReportOptions {
  std::string title = "quarry report";
  std::string source;          // database path shown in the header
  size_t max_table_rows = 20000;  // cap on fact rows in the table (the page stays loadable)
  size_t max_chart_subjects = 12;
  size_t findings_total = 0;  // when findings were cut to a cap: how many there were in all
};

// HTML-escapes text for element content and attribute values.
std::string HtmlEscape(std::string_view s);

// Where the figure sits in the fact's evidence sentence, as [begin, end) bytes of `evidence`,
// or {npos, npos} when it cannot be located. See Note [Highlighting the figure] in report.cc.
std::pair<size_t, size_t> FigureInEvidence(const StoredFact& f);

// What the page shows, from facts in memory or streamed from the database.
struct ReportSource {
  size_t facts = 0, documents = 0;
  std::vector<std::string> types;  // sorted
  // A type's series by month, quarter and year.
  std::function<std::vector<Series>(const std::string& type)> series;
  // Calls fn with the facts of the table, in LoadFacts' order and with their text, until it
  // returns false.
  std::function<void(const std::function<bool(const StoredFact&)>&)> table_facts;
};

// `facts` must outlive the source.
ReportSource ReportSourceOf(const std::vector<StoredFact>& facts);
// Streamed: one pass counts the facts, each chart's series is built from the database
// (BuildSeries over `db`), and the table reads its first `max_table_rows` facts with their
// text. Memory holds one chart's cells at a time, never all the facts. `db` must outlive it.
ReportSource ReportSourceOf(SQLite::Database& db, size_t max_table_rows);

void WriteHtmlReport(std::ostream& out, const std::vector<StoredFact>& facts,
                     const std::vector<Finding>& findings, const ReportOptions& opts);
void WriteHtmlReport(std::ostream& out, const ReportSource& src, const std::vector<Finding>& findings,
                     const ReportOptions& opts);

}  // namespace quarry::verify
