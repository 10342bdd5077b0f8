// Segmenter: normalized text (TextDoc::text) -> paragraphs, sentences and tokens with kind,
// flags, lowercase form and shape. Token rules: Note [Token rules] in segment.cc. Holds ICU
// break iterators: create once, reuse for every document. Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/text_doc.h"

namespace quarry::text {

struct SegmentOptions {
  uint32_t heading_max_tokens = 15;  // a heading has at most this many non-punctuation tokens
  // A sentence longer than this many tokens is split after each max_sentence_tokens tokens
  // (Note [Sentence cap] in segment.cc).
  uint32_t max_sentence_tokens = 256;
};

class Segmenter {
 public:
  explicit Segmenter(SegmentOptions opts = {});
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  // Fills doc->tokens, sentences, paragraphs and pool from doc->text (which must be valid UTF-8).
  void Run(TextDoc* doc);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry::text
