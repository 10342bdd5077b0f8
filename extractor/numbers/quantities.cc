// Placeholder until the quantity annotator (issue 4) lands: annotates nothing.
#include "numbers/quantities.h"

namespace quarry::numbers {
QuantityAnnotator::QuantityAnnotator() = default;
void QuantityAnnotator::Annotate(const text::TextDoc&, std::vector<Annotation>*) const {}
}  // namespace quarry::numbers
