// `quarry report --html`: one self-contained HTML page (inline CSS, inline SVG charts, a few
// lines of inline JS for sorting; no network resource of any kind) with a chart per fact type of
// values over time per subject, a sortable table of facts with the figure highlighted in its
// evidence sentence and a link to its source, and the findings of `quarry check`.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "verify/check.h"
#include "verify/db.h"

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

void WriteHtmlReport(std::ostream& out, const std::vector<StoredFact>& facts,
                     const std::vector<Finding>& findings, const ReportOptions& opts);

}  // namespace quarry::verify
