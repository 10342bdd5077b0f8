// `quarry check`: audits the stored facts for internal inconsistencies, the way statcheck audits
// papers: recomputes what the figures imply and reports where they cannot all be true. Every
// comparison is on intervals (verify/interval.h), so rounding as written is never a finding.
//
// Checks (severity):
//   parts_exceed_whole   error    in one article, the figures of an entity's gazetteer children
//                                 (brands of an alliance, models of a brand) sum above its total
//   yoy_mismatch         error    a stated YoY % disagrees with the figure and the prior-year
//                                 figure (same article: error; prior year from another: warning)
//   month_exceeds_ytd    error    in one article, a monthly figure, or the months together,
//                                 exceed a year-to-date / cumulative total that covers them
//   stakes_over_100      error    in one article, stakes held in one company sum above 100%
//   sources_disagree     warning  across articles, the same subject, type, period, modality,
//                                 object and scope stated with disagreeing values
// Every check compares figures of one scope only (StoredFact::ScopeKey: a BEV figure and a
// total are different figures, never a mismatch).
// Percentages (unit pct/pp) written as integers are taken as rounded to the unit (75% is
// [74.5, 75.5]): writers round derived percentages, and a check must not flag that.
#pragma once

#include <string>
#include <vector>

#include "gazetteer/gazetteer.h"
#include "verify/db.h"

namespace quarry::verify {

enum class Severity { kWarning, kError };
const char* SeverityName(Severity s);

struct Finding {
  std::string check;  // parts_exceed_whole, yoy_mismatch, ...
  Severity severity = Severity::kWarning;
  std::string message;
  // The facts involved, the two whose sentences best show the problem first.
  std::vector<StoredFact> facts;
};

struct CheckOptions {
  size_t max_per_group = 6;  // cap on the facts listed in one sources_disagree finding
};

// Runs every check over `facts` (all facts of the database, any order). `gaz` may be null: the
// parts/whole check then has no hierarchy and is skipped. Findings are ordered by severity
// (errors first), then check, then first fact id. The same inconsistency found again (the same
// figures stated in another article, or twice in one) is merged into one finding that lists
// every statement's facts (Note [One finding per inconsistency] in check.cc).
std::vector<Finding> RunChecks(const std::vector<StoredFact>& facts,
                               const gazetteer::Gazetteer* gaz, const CheckOptions& opts = {});

// The same checks over every fact of `db`, streamed (Note [Streaming check] in check.cc): memory
// grows with the findings, not with the facts. Findings' facts carry no text (FillText adds it).
// Throws SQLite::Exception on database errors.
std::vector<Finding> RunChecks(SQLite::Database& db, const gazetteer::Gazetteer* gaz, const CheckOptions& opts = {});

}  // namespace quarry::verify
