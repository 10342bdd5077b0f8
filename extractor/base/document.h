// A document as it enters the pipeline: identity, metadata and the raw bytes. Every span stored
// for a fact indexes `raw` (RawSpan). `raw` is never modified after reading.
#pragma once

#include <cstdint>
#include <string>

namespace quarry {

enum class ContentType { kText, kHtml };

struct Document {
  std::string id;         // stable id: from JSONL `id`, else the file path (plus #n for records)
  std::string url;
  std::string title;
  std::string published;  // ISO date or date-time as given; empty when unknown
  std::string raw;        // the raw bytes (any charset)
  ContentType content_type = ContentType::kText;
  std::string charset_hint;  // declared charset from an HTTP header or container; empty if none
  std::string source_file;   // where it was read from (for error messages and the store)
  uint64_t source_offset = 0;  // byte offset of the record in source_file (0 for whole files)
  uint64_t source_line = 0;    // 1-based line number for JSONL records, 0 otherwise
  // Bytes of `raw` before this offset are metadata, not article text (a YAML front matter block
  // of a .md/.txt file). Spans still index `raw` from its first byte.
  uint64_t body_offset = 0;
};

}  // namespace quarry
