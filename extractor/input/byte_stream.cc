// ByteStream implementation: read(2) in 256 KiB chunks, zlib inflate with gzip headers, member
// bookkeeping and caps.
#include "input/byte_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace quarry::input {
namespace {

bool NamedGzip(const std::string& path) {
  auto ends = [&](const char* suffix) {
    size_t n = std::strlen(suffix);
    if (path.size() < n) return false;
    for (size_t i = 0; i < n; ++i)
      if (std::tolower(static_cast<unsigned char>(path[path.size() - n + i])) != suffix[i]) return false;
    return true;
  };
  return ends(".gz") || ends(".tgz");
}

// What the first bytes of a file say it is, for the "not gzip" message.
std::string SniffFormat(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts(std::string_view("\x28\xb5\x2f\xfd", 4))) return "the data is zstd-compressed";
  if (starts(std::string_view("\xfd" "7zXZ\x00", 6))) return "the data is xz-compressed";
  if (starts("BZh")) return "the data is bzip2-compressed";
  if (starts("PK\x03\x04")) return "the data is a zip archive";
  return "the data does not start with the gzip magic bytes 1f 8b";
}

}  // namespace

namespace {
constexpr size_t kChunk = 256 << 10;
}

ByteStream::~ByteStream() { Close(); }

void ByteStream::Close() {
  if (own_fd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  own_fd_ = false;
  if (z_init_) inflateEnd(&zs_);
  z_init_ = false;
  buf_.clear();
  in_.clear();
  pos_ = in_pos_ = 0;
  base_ = raw_read_ = out_total_ = 0;
  eof_ = raw_eof_ = gzip_ = member_started_ = false;
  members_.clear();
}

bool ByteStream::Open(const std::string& path, StreamLimits limits, ErrorFn on_error, std::string* error) {
  Close();
  limits_ = limits;
  on_error_ = std::move(on_error);
  if (path == "-") {
    fd_ = STDIN_FILENO;
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      *error = path + ": cannot open: " + std::strerror(errno);
      return false;
    }
    own_fd_ = true;
  }
  // Sniff the gzip magic (1f 8b 08) from the first bytes (six: enough to name other formats).
  while (in_.size() < 6 && ReadRaw()) {
  }
  if (in_.size() >= 3 && static_cast<unsigned char>(in_[0]) == 0x1f && static_cast<unsigned char>(in_[1]) == 0x8b &&
      in_[2] == 8) {
    gzip_ = true;
    if (inflateInit2(&zs_, 15 + 16) != Z_OK) {
      *error = path + ": cannot initialize zlib";
      return false;
    }
    z_init_ = true;
  } else if (NamedGzip(path) && !in_.empty()) {
    // Read as text, another compressor's output gives thousands of "invalid JSON" lines.
    *error = path + ": not gzip data, though named .gz (" + SniffFormat(in_) + "); decompress it first";
    return false;
  }
  return true;
}

bool ByteStream::ReadRaw() {
  if (raw_eof_ || fd_ < 0) return false;
  if (in_pos_ > 0 && in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  } else if (in_pos_ > kChunk) {
    in_.erase(0, in_pos_);
    in_pos_ = 0;
  }
  size_t old = in_.size();
  in_.resize(old + kChunk);
  ssize_t n;
  do {
    n = ::read(fd_, in_.data() + old, kChunk);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    in_.resize(old);
    if (n < 0 && on_error_) on_error_(raw_read_, std::string("read error: ") + std::strerror(errno));
    raw_eof_ = true;
    return false;
  }
  in_.resize(old + static_cast<size_t>(n));
  raw_read_ += static_cast<uint64_t>(n);
  return true;
}

void ByteStream::ResyncMember() {
  // Look for the next gzip member header (1f 8b 08) after the current input position.
  member_started_ = false;
  inflateReset(&zs_);
  for (;;) {
    size_t from = in_pos_ + 1;
    while (from + 2 < in_.size()) {
      const void* hit = std::memchr(in_.data() + from, 0x1f, in_.size() - from - 2);
      if (!hit) break;
      size_t i = static_cast<const char*>(hit) - in_.data();
      if (static_cast<unsigned char>(in_[i + 1]) == 0x8b && in_[i + 2] == 8) {
        in_pos_ = i;
        return;
      }
      from = i + 1;
    }
    // Keep the last two bytes (a header may straddle the chunk edge) and read more.
    if (in_.size() >= 2) in_pos_ = in_.size() - 2;
    if (!ReadRaw()) {
      in_pos_ = in_.size();
      return;
    }
  }
}

bool ByteStream::Produce() {
  if (eof_) return false;
  if (!gzip_) {
    if (in_pos_ < in_.size() || ReadRaw()) {
      buf_.append(in_, in_pos_, std::string::npos);
      out_total_ += in_.size() - in_pos_;
      in_pos_ = in_.size();
      return true;
    }
    eof_ = true;
    return false;
  }
  for (;;) {
    if (in_pos_ >= in_.size() && !ReadRaw()) {
      if (member_started_) {
        uint64_t start = members_.empty() ? 0 : members_.back().in_start;
        if (on_error_) on_error_(start, "truncated gzip member (input ends inside it)");
        if (!members_.empty()) members_.back().out_end = out_total_;
      }
      eof_ = true;
      return false;
    }
    uint64_t in_offset = raw_read_ - (in_.size() - in_pos_);  // file offset of in_[in_pos_]
    if (!member_started_) {
      members_.push_back(Member{out_total_, in_offset, UINT64_MAX});
      member_started_ = true;
    }
    size_t old = buf_.size();
    buf_.resize(old + kChunk);
    zs_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
    zs_.avail_in = static_cast<uInt>(in_.size() - in_pos_);
    zs_.next_out = reinterpret_cast<Bytef*>(buf_.data() + old);
    zs_.avail_out = static_cast<uInt>(kChunk);
    int rc = inflate(&zs_, Z_NO_FLUSH);
    size_t produced = kChunk - zs_.avail_out;
    in_pos_ = in_.size() - zs_.avail_in;
    buf_.resize(old + produced);
    out_total_ += produced;
    if (rc == Z_STREAM_END) {
      members_.back().out_end = out_total_;
      inflateReset(&zs_);
      member_started_ = false;
    } else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR) {
      if (on_error_)
        on_error_(members_.back().in_start,
                  std::string("corrupt gzip member (") + (zs_.msg ? zs_.msg : "inflate error") + "), skipped to the next one");
      members_.back().out_end = out_total_;
      ResyncMember();
    }
    if (out_total_ > limits_.max_decompressed_bytes) {
      if (on_error_)
        on_error_(members_.back().in_start, "decompressed size passes the cap of " +
                                                std::to_string(limits_.max_decompressed_bytes) +
                                                " bytes; rest of the input skipped");
      buf_.resize(buf_.size() - (out_total_ - limits_.max_decompressed_bytes));
      eof_ = true;
      return buf_.size() > pos_;
    }
    if (limits_.max_ratio > 0 && out_total_ > limits_.ratio_grace_bytes &&
        out_total_ / limits_.max_ratio > raw_read_ - (in_.size() - in_pos_)) {  // vs bytes inflated
      if (on_error_)
        on_error_(members_.back().in_start, "decompression ratio passes the cap of " +
                                                std::to_string(limits_.max_ratio) +
                                                " (gzip bomb?); rest of the input skipped");
      eof_ = true;
      return buf_.size() > pos_;
    }
    if (produced > 0) return true;
  }
}

size_t ByteStream::Fill(size_t n) {
  while (buf_.size() - pos_ < n) {
    // Drop consumed bytes before growing, so the buffer stays near the largest record.
    if (pos_ > 0 && pos_ >= buf_.size() / 2) {
      buf_.erase(0, pos_);
      base_ += pos_;
      pos_ = 0;
    }
    if (!Produce()) break;
  }
  return buf_.size() - pos_;
}

void ByteStream::Consume(size_t n) {
  pos_ += std::min(n, buf_.size() - pos_);
  uint64_t off = offset();
  while (members_.size() > 1 && members_[1].out_start <= off && members_.front().out_end <= off) members_.pop_front();
}

uint64_t ByteStream::MemberStart(uint64_t off) const {
  for (auto it = members_.rbegin(); it != members_.rend(); ++it)
    if (it->out_start <= off) return it->in_start;
  return 0;
}

uint64_t ByteStream::MemberEndWithin(uint64_t from, uint64_t to) const {
  for (const auto& m : members_)
    if (m.out_end != UINT64_MAX && m.out_end > from && m.out_end < to) return m.out_end;
  return 0;
}

}  // namespace quarry::input
