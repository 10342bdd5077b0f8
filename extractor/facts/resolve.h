// Resolve: rule matches -> Facts, as a reader resolves them. Captured slots give values;
// missing subjects and periods are carried from context (earlier in the sentence, the
// paragraph, the heading, the headline); the same figure stated twice in one document is stored
// once with both spans. See Note [Context] in resolve.cc.
#pragma once

#include <vector>

#include "base/document.h"
#include "base/fact.h"
#include "facts/extractor.h"

namespace quarry::facts {

// Appends the document's facts to *out; when `dropped` is non-null, every fact-producing match
// (and table cell) that gave no fact, with the decision that dropped it.
void Resolve(const Document& doc, const Trace& trace, const Resources& res, std::vector<Fact>* out,
             std::vector<Dropped>* dropped = nullptr);

}  // namespace quarry::facts
