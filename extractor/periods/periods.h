// Period and change annotator: months, quarters, halves, years, year-to-date and ranges,
// relative periods, resolved against the publication date; year-on-year / month-on-month
// changes with sign and basis. Its words (month names, relative periods, direction and basis
// words...) are the grammar pack's lexicon: Lists() declares which lists it reads. Thread-safe
// after construction; never throws.
//
// Period syntax (DESIGN.md): "2025-11", "2025-Q3", "2025-H1", "2025", "2025-01..2025-11",
// "2025-12-02" (a date), "XXXX-11" when the year cannot be resolved. `subkind` says what the
// text wrote: month, quarter, half, year, ytd, range, date. See Note [Period resolution] in
// periods.cc for how year-less and relative periods are resolved.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/annotation.h"
#include "base/lexicon.h"
#include "text/text_doc.h"
#include "text/word_ids.h"

namespace quarry::periods {

// A publication date: year, month, day (day 0 when unknown). Parses "2025-12-02",
// "2025-12-02T08:00:00Z", "2025-12". nullopt for empty or unparsable input.
struct Date {
  int year = 0, month = 0, day = 0;
  static std::optional<Date> Parse(std::string_view iso);
};

struct PeriodTables;  // word tables, built once (periods.cc)

class PeriodAnnotator {
 public:
  // `words` must have been loaded against Lists() (every list present, values valid).
  // `ids`: the word ids shared with the other annotators and the matcher, this annotator's words
  // are added to it (Note [Word ids] in text/word_ids.cc); null: a table of its own.
  explicit PeriodAnnotator(const Lexicon& words, std::shared_ptr<text::WordIds> ids = nullptr);
  // The lexicon lists this annotator reads, with their value kinds.
  static const std::vector<LexListSpec>& Lists();
  // Appends kPeriod and kChange annotations. `published` resolves relative and year-less
  // periods ("<month 11>" published 2025-12-02 -> 2025-11); without it the year stays XXXX.
  // `quantities` are the annotations already found (a change's value may reuse one).
  void Annotate(const text::TextDoc& doc, const std::optional<Date>& published,
                const std::vector<Annotation>& quantities, std::vector<Annotation>* out) const;

 private:
  std::shared_ptr<const PeriodTables> lex_;
  std::shared_ptr<const text::WordIds> ids_;
};

}  // namespace quarry::periods
