// Quantity annotator: numbers, scale words, percents, ratios, money, CJK numerals, approximations
// and units of count, as business news writes them (issue 4). Exact Decimal values.
// Thread-safe after construction (immutable tables); Annotate() never throws.
#pragma once

#include <vector>

#include "base/annotation.h"
#include "text/text_doc.h"

namespace quarry::numbers {

class QuantityAnnotator {
 public:
  QuantityAnnotator();
  // Appends kQuantity annotations for doc's tokens, in token order, non-overlapping.
  void Annotate(const text::TextDoc& doc, std::vector<Annotation>* out) const;
};

}  // namespace quarry::numbers
