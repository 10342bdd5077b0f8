#include "text/word_ids.h"

namespace quarry::text {

// Note [Word ids]
// ~~~~~~~~~~~~~~~
// Every annotator asked of each token "could something start here?" by hashing the token's
// lowercase form into a table of its own: the quantity annotator (number words, "a" + "dozen"),
// the period annotator (month names, first words of relative phrases), the gazetteer (the first
// token of a name) and the matcher's lexicon (DocIndex::Build), four hashes and probes of the
// same string per token and document. Instead the words each of them looks single tokens up for
// are interned into one WordIds table while the resources load; Extractor::Annotate looks each
// token's lowercase form up once (Index) and every consumer then reads its own answers from a
// vector indexed by the word id (WordFlags, Prog::lex_by_word). Exact: a form has an id iff some
// consumer interned that very string, and a consumer's entry for an id is set iff the consumer
// interned it, so "the id's entry is set" holds iff "the form is in the consumer's table" did.
// A TextDoc not indexed with the consumer's table (tests, tools) is looked up on the spot (Of).
int32_t WordIds::Add(std::string_view word) {
  auto it = ids_.find(word);
  if (it != ids_.end()) return it->second;
  int32_t id = static_cast<int32_t>(ids_.size());
  ids_.emplace(std::string(word), id);
  return id;
}

int32_t WordIds::Find(std::string_view word) const {
  auto it = ids_.find(word);
  return it == ids_.end() ? -1 : it->second;
}

void WordIds::Lookup(const TextDoc& doc, std::vector<int32_t>* ids) const {
  ids->resize(doc.tokens.size());
  for (size_t k = 0; k < doc.tokens.size(); ++k) (*ids)[k] = Find(doc.Lower(doc.tokens[k]));
}

void WordIds::Index(TextDoc* doc) const {
  Lookup(*doc, &doc->word_ids);
  doc->word_ids_of = this;
}

const int32_t* WordIds::Of(const TextDoc& doc, std::vector<int32_t>* scratch) const {
  if (doc.word_ids_of == this && doc.word_ids.size() == doc.tokens.size()) return doc.word_ids.data();
  Lookup(doc, scratch);
  return scratch->data();
}

}  // namespace quarry::text
