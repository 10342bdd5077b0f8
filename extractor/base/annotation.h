// Annotations: typed readings of token ranges (quantities, periods, changes, entities, and the
// named outputs of earlier grammar stages). Produced by numbers/, periods/, gazetteer/ and
// grammar/ stages; consumed by the grammar matcher and by facts/. An annotation covers the
// tokens [tok_begin, tok_end) of one document; `span` is its range in the normalized text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/decimal.h"
#include "base/span.h"

namespace quarry {

// How a figure is qualified: "over 100,000" is kGreater, "about 15,100" kAbout.
enum class Approx : uint8_t { kExact, kGreater, kGreaterEq, kLess, kLessEq, kAbout };

// "=", ">", ">=", "<", "<=", "~"
const char* ApproxSymbol(Approx a);
std::optional<Approx> ParseApprox(std::string_view symbol);

enum class AnnKind : uint8_t {
  kQuantity,  // a number, with unit ("vehicle", "pct", "pp", "cny", "ratio", ...) when known
  kPeriod,    // a month, quarter, half, year, or range, resolved to DESIGN.md period syntax
  kChange,    // a year-on-year or month-on-month change: signed value in pct, basis yoy|mom|qoq
  kEntity,    // a gazetteer entity: canonical name and kind
  kCustom,    // output of a grammar stage (name in `label`)
};

const char* AnnKindName(AnnKind k);

struct Annotation {
  AnnKind kind = AnnKind::kQuantity;
  uint32_t tok_begin = 0;  // first token
  uint32_t tok_end = 0;    // one past the last token
  NormSpan span;           // normalized-text range covered
  // The figure itself as written (the number and its attached suffix/percent sign, without
  // "over", "up", unit nouns or basis words): what a fact's `span` points at. Empty = span.
  NormSpan figure;

  // kQuantity / kChange: value (signed for changes), and for ranges the upper bound.
  Decimal value;
  std::optional<Decimal> value_hi;  // set for ranges ("70,000-80,000"): value is the low end
  std::string unit;                 // canonical unit: vehicle, pct, pp, outlet, order, cny, usd, eur,
                                    // ratio, times, "" when unknown
  Approx approx = Approx::kExact;
  // Precision as written, for verification intervals: the power of ten of the last significant
  // written digit (70K -> 3, 127.93 -> -2, 81,864 -> 0). 0 when not meaningful.
  int32_t precision_exp = 0;
  // kQuantity with unit "ratio": the parts, e.g. 51/49 -> {51, 49}.
  std::vector<Decimal> parts;

  // kPeriod: "2025-11", "2025-Q3", "2025-H1", "2025", "2025-01..2025-11", "XXXX-11".
  // kChange: the basis ("yoy", "mom", "qoq").
  std::string period;
  // kPeriod: what the text said, relative to what: "month", "quarter", "half", "year", "ytd",
  // "range". kEntity: the entity kind (brand, group, alliance, model, country, ...).
  std::string subkind;

  // kEntity: canonical name. kCustom: the stage output name.
  std::string label;
};

}  // namespace quarry
