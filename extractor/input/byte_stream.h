// ByteStream: a buffered, forward-only view of one input (file or stdin), transparently gunzipped
// when it starts with the gzip magic. Multi-member gzip (one member per WARC record) is decoded
// member after member; the stream remembers where each member began in the compressed file and
// where it ended in the decompressed bytes, so a record cut short by its member is detectable.
// Corrupt members are reported and skipped (the decoder resynchronizes on the next gzip header);
// decompressed size and ratio caps stop a gzip bomb.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>

namespace quarry::input {

struct StreamLimits {
  uint64_t max_decompressed_bytes = 64ull << 30;
  uint64_t max_ratio = 200;           // 0 = no ratio cap
  uint64_t ratio_grace_bytes = 16ull << 20;
};

class ByteStream {
 public:
  // `on_error(offset, message)`: offset is in the compressed file for gzip problems.
  using ErrorFn = std::function<void(uint64_t, const std::string&)>;
  ByteStream() = default;
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Opens `path` ("-" = stdin). False + *error if it cannot be opened.
  bool Open(const std::string& path, StreamLimits limits, ErrorFn on_error, std::string* error);
  void Close();

  // Makes at least `n` bytes available from the current position unless the input ends first;
  // returns how many are available.
  size_t Fill(size_t n);
  std::string_view View() const { return std::string_view(buf_).substr(pos_); }
  void Consume(size_t n);
  bool AtEnd() { return Fill(1) == 0; }

  uint64_t offset() const { return base_ + pos_; }  // decompressed offset of the position
  bool gzip() const { return gzip_; }
  uint64_t raw_bytes_read() const { return raw_read_; }  // bytes read from the file so far
  // Input bytes behind the position (exact for plain input; for gzip, the compressed bytes
  // inflated so far, which runs ahead of the position by at most the buffered output).
  uint64_t raw_position() const { return gzip_ ? raw_read_ - (in_.size() - in_pos_) : offset(); }

  // gzip only: the compressed offset of the member holding decompressed offset `off`.
  uint64_t MemberStart(uint64_t off) const;
  // gzip only: the first member end (decompressed offset) e with from < e < to, or 0 if none.
  uint64_t MemberEndWithin(uint64_t from, uint64_t to) const;

 private:
  bool ReadRaw();        // refills in_; false at EOF or error
  bool Produce();        // appends decompressed (or raw) bytes to buf_; false at end
  void ResyncMember();   // after corrupt data: skip to the next gzip header in the input

  int fd_ = -1;
  bool own_fd_ = false;
  bool eof_ = false;     // no more output will come
  bool raw_eof_ = false;
  bool gzip_ = false;
  StreamLimits limits_;
  ErrorFn on_error_;
  std::string buf_;      // decompressed bytes; buf_[pos_] is at decompressed offset base_ + pos_
  size_t pos_ = 0;
  uint64_t base_ = 0;
  std::string in_;       // raw bytes read, not yet consumed by the decoder
  size_t in_pos_ = 0;
  uint64_t raw_read_ = 0;
  uint64_t out_total_ = 0;
  z_stream zs_{};
  bool z_init_ = false;
  bool member_started_ = false;
  // Members: (decompressed start, compressed start), pruned as the position moves on.
  struct Member {
    uint64_t out_start, in_start, out_end;  // out_end = UINT64_MAX while open
  };
  std::deque<Member> members_;
};

}  // namespace quarry::input
