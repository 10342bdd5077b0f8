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

void Resolve(const Document& doc, const Trace& trace, const Resources& res, std::vector<Fact>* out);

}  // namespace quarry::facts
