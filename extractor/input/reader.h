// DocumentReader: turns command-line inputs (files, directories, `-` for JSONL on stdin) into a
// stream of Documents. Bad records are reported through the error callback with their source and
// position, and skipped; the stream goes on. Not thread-safe: one reader feeds the workers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/document.h"

namespace quarry::input {

// The default of ReadOptions::max_document_bytes and of extract --max-document-mb: a document at
// this size fits a worker's memory budget of about 1 GB (Note [Memory budget] in reader.cc).
inline constexpr uint64_t kDefaultMaxDocumentMb = 8;

struct ReadOptions {
  std::string published;  // --published: default date for documents without one
  std::vector<std::string> include, exclude;  // glob patterns on file names within directories
  std::string id_field = "id", text_field = "text", html_field = "html", date_field = "published",
              url_field = "url", title_field = "title";
  uint64_t max_document_bytes = kDefaultMaxDocumentMb << 20;  // larger documents are skipped with an error
  // HTML documents with more start tags than this (counted as '<' followed by a letter) are
  // skipped with an error: the HTML parser's tree costs several hundred bytes per element
  // (Note [Memory budget] in reader.cc). text::HtmlOptions::max_elements is the same number.
  uint64_t max_html_elements = 100000;
  // Gzip caps, per input file: decompressed bytes, and decompressed/compressed ratio once more
  // than kRatioGraceBytes came out (a gzip bomb stops at whichever cap it reaches first).
  uint64_t max_decompressed_bytes = 64ull << 30;
  uint64_t max_ratio = 200;
  // Longest WARC / HTTP header line; longer lines make the record malformed.
  uint64_t max_header_line = 64 << 10;
};

inline constexpr uint64_t kRatioGraceBytes = 16ull << 20;

struct ReadError {
  std::string source;   // file name (or "-")
  uint64_t line = 0;    // 1-based line, 0 when not line-based
  uint64_t offset = 0;  // byte offset in the source
  std::string message;
  std::string ToString() const;  // "source:line: message" or "source@offset: message"
};

class DocumentReader {
 public:
  using ErrorFn = std::function<void(const ReadError&)>;
  DocumentReader(std::vector<std::string> inputs, ReadOptions opts, ErrorFn on_error);
  ~DocumentReader();

  // Checks that every input exists; on failure fills *error with a one-line message naming the
  // input, and returns false. Call before Next(). Unreadable files and directories are reported
  // through the error callback by Next() when it reaches them, and skipped.
  bool Validate(std::string* error) const;

  // Next document; false at the end of all inputs.
  bool Next(Document* doc);

  // Total bytes of all input files when known in advance (for progress), else 0.
  uint64_t TotalBytes() const;
  // Input bytes consumed so far (up to the end of the last document returned).
  uint64_t BytesRead() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Expands inputs into the list of files a reader will visit (directories recursively, sorted,
// with include/exclude applied). "-" stays "-". A missing input is an *error; a directory that
// cannot be read is skipped and named in *unreadable ("dir: cannot read directory: reason").
std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs, const ReadOptions& opts,
                                      std::string* error, std::vector<std::string>* unreadable = nullptr);

}  // namespace quarry::input
