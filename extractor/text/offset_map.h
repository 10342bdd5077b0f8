// OffsetMap: maps byte offsets of a derived text (decoded, HTML-stripped, normalized UTF-8) back
// to the raw document bytes it came from, and raw offsets forward. See Note [OffsetMap] in
// offset_map.cc for the representation and its guarantees.
#pragma once

#include <cstdint>
#include <vector>

#include "base/span.h"

namespace quarry::text {

class OffsetMap {
 public:
  // Building, in output order. Each call describes the next piece of derived text:
  //   AddCopy(raw_begin, len): `len` derived bytes equal to raw[raw_begin, raw_begin+len) (or
  //     the same length with Traditional ideographs folded, Note [Hans fold] in normalize.cc).
  //   AddReplace(raw_span, out_len): `out_len` derived bytes produced from raw_span as a unit
  //     (an entity, a decoded multi-byte char, a folded quote, NFKC output). out_len may be 0
  //     (dropped bytes) and raw_span may be empty (inserted bytes such as a paragraph break).
  void AddCopy(uint64_t raw_begin, uint64_t len);
  void AddReplace(RawSpan raw, uint64_t out_len);
  void Clear();

  uint64_t derived_size() const;

  // The raw bytes a derived span came from: the smallest raw range covering every piece the
  // span touches (a partially covered replacement counts whole).
  RawSpan ToRaw(NormSpan s) const;
  // The derived range covering the raw span (pieces that overlap it).
  NormSpan ToNorm(RawSpan s) const;

  // this: mid -> raw, inner: derived -> mid  ==>  derived -> raw.
  OffsetMap Compose(const OffsetMap& inner) const;

  // The derived text was made from raw[delta, ...) rather than from raw[0, ...) (a document body
  // after its front matter): every raw offset moves up by `delta`. An empty (identity) map
  // becomes one copy of `derived_size` bytes from raw offset `delta`.
  void ShiftRaw(uint64_t delta, uint64_t derived_size);

 private:
  struct Piece {
    uint64_t out_begin;
    uint64_t raw_begin;
    uint64_t out_len;
    uint64_t raw_len;
    bool copy;  // out_len == raw_len and byte-for-byte
  };
  size_t FindPiece(uint64_t out_offset) const;  // index of the piece containing out_offset
  std::vector<Piece> pieces_;
  uint64_t out_size_ = 0;
};

}  // namespace quarry::text
