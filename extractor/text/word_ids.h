// Word ids shared by the annotators and the matcher: every single-token word any of them looks a
// token's lowercase form up for is interned once at load, and each document's tokens are looked
// up once (Note [Word ids] in word_ids.cc). Built while the resources load, read-only after.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/text_doc.h"

namespace quarry::text {

class WordIds {
 public:
  // At load: the id of `word` (a token's lowercase form), interned if new. Ids are dense: 0, 1, ...
  int32_t Add(std::string_view word);
  // The id of `word`, or -1 if no consumer interned it.
  int32_t Find(std::string_view word) const;
  size_t size() const { return ids_.size(); }

  // Per document: (*ids)[k] = Find(doc.Lower(token k)), one probe per token; marks `doc` as
  // indexed by this table (TextDoc::word_ids, word_ids_of).
  void Index(TextDoc* doc) const;
  // The ids of doc's tokens: the document's own when Index() ran with this table, else looked up
  // into *scratch (tests and tools that annotate a TextDoc directly).
  const int32_t* Of(const TextDoc& doc, std::vector<int32_t>* scratch) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  void Lookup(const TextDoc& doc, std::vector<int32_t>* ids) const;
  std::unordered_map<std::string, int32_t, Hash, std::equal_to<>> ids_;
};

// A set of word ids: a byte per id, those interned after the set was built count as absent.
class WordFlags {
 public:
  // Interns `word` into `ids` and sets `bits` on it.
  void Add(WordIds* ids, std::string_view word, uint8_t bits) {
    int32_t id = ids->Add(word);
    if (static_cast<size_t>(id) >= flags_.size()) flags_.resize(static_cast<size_t>(id) + 1, 0);
    flags_[static_cast<size_t>(id)] |= bits;
  }
  uint8_t Get(int32_t id) const {
    return id >= 0 && static_cast<size_t>(id) < flags_.size() ? flags_[static_cast<size_t>(id)] : 0;
  }

 private:
  std::vector<uint8_t> flags_;
};

}  // namespace quarry::text
