// WarcReader: WARC/1.0 and 1.1 records from a ByteStream (plain or one gzip member per record),
// yielding a Document for every response (HTTP 2xx, HTML or text) and resource record (HTML or
// text). HTTP headers give the charset hint and the Content-Encoding (gzip/deflate decoded, with
// caps); chunked transfer encoding is undone. Malformed, truncated and oversized records are
// reported with their offset (compressed offset of the member for .warc.gz) and skipped; the
// reader resynchronizes on the next "WARC/1." line. See Note [WARC resynchronization].
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/document.h"
#include "input/byte_stream.h"

namespace quarry::input {

struct WarcLimits {
  uint64_t max_record_bytes = 64ull << 20;  // Content-Length above this: record skipped
  uint64_t max_header_line = 64 << 10;
  uint64_t max_header_bytes = 1 << 20;      // whole WARC or HTTP header block
  uint64_t max_decompressed_bytes = 64ull << 20;  // HTTP Content-Encoding output per record
};

class WarcReader {
 public:
  using ErrorFn = std::function<void(uint64_t offset, const std::string& message)>;
  WarcReader(ByteStream* in, std::string source, WarcLimits limits, ErrorFn on_error)
      : in_(in), source_(std::move(source)), limits_(limits), on_error_(std::move(on_error)) {}

  // Next document-bearing record; false at the end of the stream. `doc->published` is the
  // WARC-Date (the caller prefers dates found in the page); doc->url is WARC-Target-URI.
  bool Next(Document* doc);

  uint64_t records() const { return records_; }

 private:
  bool Resync(bool report);
  std::string_view ReadHeaderBlock(size_t* consumed, bool* ok);  // from the current position

  ByteStream* in_;
  std::string source_;
  WarcLimits limits_;
  ErrorFn on_error_;
  uint64_t records_ = 0;
  std::string body_;  // reused buffers
  std::string decoded_;
};

}  // namespace quarry::input
