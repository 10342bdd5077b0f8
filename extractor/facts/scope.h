// Scope: which part of its subject's volume a figure covers (Voltra's BEV sales, China's NEV
// passenger retail), read from the words of the figure's clause. The words are the grammar's:
// matches of rules that emit `scope` with `set scope=VALUE` (grammars/auto/scope.rules); the
// values and their order are the pack schema's. See Note [Scope] in scope.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "facts/extractor.h"

namespace quarry::facts {

class ScopeReader {
 public:
  // Reads the `scope` matches and the figures of one document's trace.
  ScopeReader(const Trace& trace, const Resources& res);

  // The canonical scope of a figure over tokens [fig_begin, fig_end) of `sentence`: `base` (the
  // rule's `set scope=`) plus the values named around the figure, nearest first, at most one per
  // dimension, less the values the subject has as a whole. "" for a type the schema does not
  // declare `scoped`, or without a schema. `clause_begin` is where the rule's match that read the
  // figure begins: the words it matched are the figure's even across an earlier figure of the
  // match (Note [Scope]). No word before `min_left` is read (a change after its figure reads only
  // what follows that figure's match).
  std::string For(uint32_t sentence, uint32_t fig_begin, uint32_t fig_end, const std::string& type,
                  const std::string& subject, const std::string& base, uint32_t clause_begin = UINT32_MAX,
                  uint32_t min_left = 0) const;

  // `scope` with the values the scope words lying wholly inside tokens [b, e) name, in text order
  // (a later value of a dimension replaces an earlier one): what a table's caption or header cell
  // says. `scope` unchanged without a schema.
  std::string Named(uint32_t b, uint32_t e, std::string scope) const;

 private:
  struct Word {
    uint32_t sentence, tok_begin, tok_end;
    std::string value;
  };
  // True when the subject (or an entity above it) has the value as a whole: an attribute
  // `DIMENSION=VALUE` in the gazetteer ("powertrain=NEV").
  bool Implied(const std::string& subject, const std::string& dimension, const std::string& value) const;

  const Trace& tr_;
  const Resources& res_;
  std::vector<Word> words_;            // in (sentence, tok_begin) order
  std::vector<uint32_t> stops_;        // first token of each scope_stop match, sorted
  std::vector<uint32_t> figure_begin_;  // token of each figure (quantity, change), sorted
  std::vector<uint32_t> figure_end_;    // and its end, in the same order
};

}  // namespace quarry::facts
