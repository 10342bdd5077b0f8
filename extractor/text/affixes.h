// Phrase affix sets for the annotators' cheap pre-checks (numbers/, periods/): before a table
// lookup of a multi-word phrase, an annotator asks whether the text it has is some phrase's
// prefix (reading forward) or suffix (reading backward).
#pragma once

#include <string>
#include <unordered_set>

namespace quarry::text {

// Adds every byte prefix of `key` to *prefixes and every byte suffix to *suffixes.
// (Any set of std::string: the periods annotator's look views up without a copy.)
template <class Set = std::unordered_set<std::string>>
inline void AddAffixes(const std::string& key, Set* prefixes, Set* suffixes) {
  for (size_t n = 1; n <= key.size(); ++n) {
    prefixes->insert(key.substr(0, n));
    suffixes->insert(key.substr(key.size() - n));
  }
}

}  // namespace quarry::text
