// Quantity annotator: numbers, scale words, percents, ratios, money, CJK numerals, approximations
// and units of count, as business news writes them. Exact Decimal values. Its words (scale and
// approximation words, currencies, blocking words...) are the grammar pack's lexicon: Lists()
// declares which lists it reads. Thread-safe after construction (immutable tables); Annotate()
// never throws.
//
// Contract of an emitted kQuantity (see Note [Quantity spans] in quantities.cc):
//   tokens [tok_begin, tok_end) cover approximation words ("over", "约"), a currency prefix
//   ("US$", "RMB"), the number, its scale ("million", "万"), percent sign or word, and a unit
//   noun of count with up to three modifier words ("81,864 new energy vehicles").
//   `figure` is the number as written with its scale and percent ("70K", "8.19万", "127.93%").
//   Ratios ("51/49") have unit "ratio", value = first part, parts = {51, 49}. Fractions ("a
//   third", "two-thirds", "half of") have unit "pct" and parts = {numerator, denominator}; their
//   value is exact when finite (50, 75), else rounded to 0.01 with approx "~" (33.33).
// Not quantities (nothing is emitted): years used as dates, model names and versions (M7,
// "<name> 001", ADS 4), Q3/H1 labels, times (9:30), phone numbers, ordinals, list markers, dates.
#pragma once

#include <memory>
#include <vector>

#include "base/annotation.h"
#include "base/lexicon.h"
#include "base/pack_schema.h"
#include "text/text_doc.h"
#include "text/word_ids.h"

namespace quarry::numbers {

struct Tables;  // the word tables, built once (quantities.cc)

class QuantityAnnotator {
 public:
  // `words` must have been loaded against Lists() (every list present, values valid).
  // `words`: the pack's lexicon; `units`: its schema's units, whose surface words after a figure
  // give the figure its unit ("70,327 vehicles" -> vehicle).
  // `ids`: the word ids shared with the other annotators and the matcher, this annotator's words
  // are added to it (Note [Word ids] in text/word_ids.cc); null: a table of its own.
  QuantityAnnotator(const Lexicon& words, const std::vector<UnitDecl>& units,
                    std::shared_ptr<text::WordIds> ids = nullptr);
  // The lexicon lists this annotator reads, with their value kinds.
  static const std::vector<LexListSpec>& Lists();
  // Appends kQuantity annotations for doc's tokens, in token order, non-overlapping.
  void Annotate(const text::TextDoc& doc, std::vector<Annotation>* out) const;

 private:
  std::shared_ptr<const Tables> lex_;
  std::shared_ptr<const text::WordIds> ids_;
};

}  // namespace quarry::numbers
