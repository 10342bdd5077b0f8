// A deliberately simple reference matcher for the differential test (tests/grammar): evaluates
// a pattern's syntax tree directly by exhaustive search over end positions, with its own
// evaluation of each element, sharing nothing with compile.cc or match.cc but the tree and the
// candidate definition (Note [Candidates] in match.cc). Slow; never used in production.
#pragma once

#include <optional>
#include <set>
#include <vector>

#include "grammar/ast.h"
#include "grammar/match.h"

namespace quarry::grammar {

// Every end position reachable by matching `pattern` from token `start` of sentence `s`.
// Returns nullopt for constructs the reference does not implement (macros, custom labels).
std::optional<std::set<uint32_t>> ReferenceEnds(const Node& pattern, const SentenceView& s, uint32_t start);

// The candidates of one rule in `s` per Note [Candidates]: for each end the leftmost start that
// reaches it, then per start the longest end. Captures are left empty.
std::optional<std::vector<Candidate>> ReferenceCandidates(const Node& pattern, int rule, const SentenceView& s);

}  // namespace quarry::grammar
