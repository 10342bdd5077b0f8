// Read-only access to a quarry database for query, facts, series, verify, check and report:
// opened with SQLITE_OPEN_READONLY, PRAGMA query_only=1, SQLITE_DBCONFIG_DEFENSIVE,
// trusted_schema off and an authorizer that refuses ATTACH, so no statement run through it can
// change any file. Refuses files that are not SQLite or not
// quarry databases with one clear message.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/annotation.h"
#include "base/decimal.h"
#include "base/pack_schema.h"
#include "verify/interval.h"

namespace quarry::verify {

// Opens `path` read-only and checks it holds quarry's `documents` and `facts` tables. On failure
// returns nullptr with a one-line *error naming the file. Readers wait for writers (busy
// timeout) and see only committed data. `immutable` (the --immutable flag, for read-only media)
// reads the file as one that nothing writes to: locks and the WAL are ignored, so it is never
// chosen on the caller's behalf.
std::unique_ptr<SQLite::Database> OpenReadOnly(const std::string& path, std::string* error,
                                               bool immutable = false);

// One stored fact with its document, as the verify/check/report code needs it.
struct StoredFact {
  int64_t id = 0;
  int64_t document = 0;  // documents.id
  std::string doc_id, url, title, published, source_file;
  std::string type, subject, object, location, unit, period, modality, qualifiers;
  std::string scope;  // the part of the subject a figure covers (BEV, passenger/NEV); "" = whole
  std::string value_text;  // as stored
  Decimal value;
  Approx approx = Approx::kExact;
  int32_t precision_exp = 0;
  int64_t span_begin = 0, span_end = 0, sentence_begin = 0, sentence_end = 0;
  std::string evidence, rule;
  // How many subjects the fact's document states the filter's types for (the filter's subjects
  // only, when it names some): set only when FactFilter::with_doc_subjects, else 0.
  size_t doc_subjects = 0;

  Interval interval() const { return FigureInterval(value, approx, precision_exp); }
  FigureKind kind() const { return KindOf(approx, interval()); }
  // What the figure covers beyond its subject, as one comparable key: its scope and, for a
  // figure about a place (outlets in Brazil), "@place". Verify, series and check compare
  // figures only within one ScopeKey. "" = the subject as a whole.
  std::string ScopeKey() const { return location.empty() ? scope : scope + "@" + location; }
  // "81864", "> 100000", "~ 15100".
  std::string Written() const;
};

struct FactFilter {
  std::string type, subject, modality, url;
  // Any of these types (a measure family, Note [Measure families] in cli/options.cc); when not
  // empty it replaces `type`.
  std::vector<std::string> types;
  std::vector<std::string> subjects;  // any of (after alias resolution by the caller)
  std::vector<std::string> objects;   // any of (same)
  std::string period;                 // exact period
  // Periods within [from, to] as time intervals: a fact is kept when the months its period covers
  // (Period in base/period.h) all lie between the first month of `from` and the last month of
  // `to` (either may be empty: unbounded). 2025-Q1 is within 2025-01..2025-06; 2025-01..2025-11
  // and 2025 are not; facts with no period or an unknown year (XXXX-11) never are. Any period
  // form bounds the range (2025-Q1 to 2025); an unparsable or unknown-year bound throws
  // std::invalid_argument (callers validate first).
  std::string from, to;
  size_t limit = 0;                   // 0 = no limit
  int64_t id = 0;                     // only the fact with this id (0 = any)
  // false: leave evidence, title, qualifiers and rule empty (whole-database audits keep memory
  // proportional to the figures, not the sentences; FillText() adds them where needed).
  bool with_text = true;
  // Fill StoredFact::doc_subjects (a subquery per fact over its document's facts).
  bool with_doc_subjects = false;
  // An exact group (yoy's prior-year lookup): subject (case-sensitive), type, modality, scope and
  // location as stored (empty matches empty), with `period` above. Used when `exact_group` is set.
  bool exact_group = false;
  std::string exact_subject, exact_type, exact_modality, scope, location;
  // The order facts come in. kSubject: subject, type, period, id (LoadFacts' order). kDocument:
  // document, then kSubject's order (a document's facts are contiguous). kGroup: subject, type,
  // period, modality, object, scope, location, id (figures that compare are contiguous). kRow:
  // subject, scope, location, period, type, id (a series cell's figures are contiguous).
  enum class Order { kSubject, kDocument, kGroup, kRow } order = Order::kSubject;
};

// Loads facts matching `filter`, ordered by subject, type, period, fact id. Facts whose stored
// value is not a decimal are skipped and counted in *bad_values (never silently compared).
// Throws SQLite::Exception on database errors (callers report them as one line).
std::vector<StoredFact> LoadFacts(SQLite::Database& db, const FactFilter& filter,
                                  size_t* bad_values = nullptr);

// Streams the facts LoadFacts would return (in filter.order) to `fn`, one at a time, so memory
// does not grow with the database: the fact passed is reused for the next row. `fn` returns
// false to stop early. Returns the number of facts passed. Throws as LoadFacts.
size_t ForEachFact(SQLite::Database& db, const FactFilter& filter, const std::function<bool(StoredFact&)>& fn,
                   size_t* bad_values = nullptr);

// ForEachFact with the statement prepared once, for many runs of filters of one shape (the same
// fields set, the same number of types and subjects; only the values differ): yoy's lookups.
class FactQuery {
 public:
  FactQuery(SQLite::Database& db, const FactFilter& filter);
  size_t Run(const FactFilter& filter, const std::function<bool(StoredFact&)>& fn, size_t* bad_values = nullptr);

 private:
  bool has_scope_;
  SQLite::Statement st_;
};

// Number of facts and of documents with facts (for headers printed before the facts stream).
std::pair<size_t, size_t> CountFacts(SQLite::Database& db);

// Provenance order (Note [Most specific figure] in db.cc): true when `a` is the better figure to
// show for its subject, scope and period. `doc_subjects(document)` is how many subjects that
// document states the same type for. `preferred_type`, when given, wins over another type of its
// family between figures equal on (1)-(3) (series of a family, Note [Measure families] in
// cli/options.cc).
bool MoreSpecific(const StoredFact& a, const StoredFact& b, size_t a_doc_subjects, size_t b_doc_subjects,
                  const std::string* preferred_type = nullptr);

// The fact types a user may ask for: those the pack's schema declares (when `schema` is given)
// and those stored in the database. Sorted.
std::vector<std::string> KnownTypes(SQLite::Database& db, const PackSchema* schema);

// Fills evidence, title, qualifiers and rule of facts loaded without text (by fact id).
void FillText(SQLite::Database& db, std::vector<StoredFact*> facts);

}  // namespace quarry::verify
