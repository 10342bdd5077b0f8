// Analyzer: decode -> (HTML to text) -> normalize -> segment, for one document at a time.
// Holds ICU break iterators and buffers, so create one per thread and reuse it: construction is
// costly, Analyze() is not. Not thread-safe; Analyze() never throws for any input bytes.
#pragma once

#include <memory>

#include "base/document.h"
#include "text/text_doc.h"

namespace quarry::text {

struct AnalyzerOptions {
  uint64_t max_document_bytes = 64ull << 20;  // larger documents are truncated at a char boundary
};

class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions opts = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Fills *out (cleared first, capacity kept).
  void Analyze(const Document& doc, TextDoc* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry::text
