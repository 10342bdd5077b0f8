// OffsetMap implementation: building, lookups in both directions, composition of stage maps.
// Note [OffsetMap]
// ~~~~~~~~~~~~~~~~
// Every stage that rewrites text (charset decoding, HTML extraction, normalization) appends
// pieces to an OffsetMap in output order. A piece is either a *copy* (n output bytes equal n
// input bytes, mapped byte for byte; the one exception to equal is a Traditional ideograph the
// normalizer folds to its Simplified form of the same length, Note [Hans fold]) or a *replacement* (m output bytes made from n input bytes
// as one unit: a decoded windows-1252 byte or GB18030 character, an HTML entity, a folded quote,
// an NFKC group, a U+FFFD for one maximal invalid UTF-8 subpart). A replacement never maps part
// of itself: any output byte inside it maps to the whole input range, so a span that touches a
// replacement reaches back to every raw byte that made it. Two special replacements: n = 0 is an
// *insertion* (a paragraph break for an HTML block element, at the element's position) and m = 0
// a *deletion* (a soft hyphen, a zero-width space, a UTF-16 BOM).
// This gives the property the text tests check (tests/text/property_test.cc): the raw bytes of a
// token's raw span, decoded and normalized on their own, reproduce exactly the normalized text
// of the pieces the token touches, which is the token itself unless the token splits one unit
// (NFKC "½" -> "1⁄2" is one unit but three tokens).
// Runs of copies are merged, so a pure ASCII or valid UTF-8 text costs one piece per run
// between changes (one per document when nothing changes). An empty map is the identity.
// The Analyzer chains stages with Compose(): raw -> decoded UTF-8 (decode.h) -> article text
// (html_text.h) -> normalized text (normalize.h); valid UTF-8 plain text skips the first two,
// so its map is the normalizer's own. Lookups are binary searches over pieces (ToRaw); ToNorm
// scans, as raw order may differ from output order in HTML (foster-parented table text).
#include "text/offset_map.h"

#include <algorithm>

namespace quarry::text {

void OffsetMap::Clear() {
  pieces_.clear();
  out_size_ = 0;
}

uint64_t OffsetMap::derived_size() const { return out_size_; }

void OffsetMap::AddCopy(uint64_t raw_begin, uint64_t len) {
  if (len == 0) return;
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    if (last.copy && last.raw_begin + last.raw_len == raw_begin) {
      last.out_len += len;
      last.raw_len += len;
      out_size_ += len;
      return;
    }
  }
  pieces_.push_back(Piece{out_size_, raw_begin, len, len, true});
  out_size_ += len;
}

void OffsetMap::AddReplace(RawSpan raw, uint64_t out_len) {
  pieces_.push_back(Piece{out_size_, raw.begin, out_len, raw.size(), false});
  out_size_ += out_len;
}

size_t OffsetMap::FindPiece(uint64_t off) const {
  // Last piece with out_begin <= off and non-empty output containing off; pieces with empty
  // output are skipped.
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), off,
                             [](uint64_t v, const Piece& p) { return v < p.out_begin; });
  size_t i = static_cast<size_t>(it - pieces_.begin());
  while (i > 0) {
    --i;
    if (pieces_[i].out_len > 0) return i;
  }
  return 0;
}

RawSpan OffsetMap::ToRaw(NormSpan s) const {
  if (pieces_.empty()) return RawSpan(s.begin, s.end);  // identity
  if (s.end > out_size_) s.end = out_size_;
  if (s.begin >= s.end) {
    // Empty span: map its position.
    if (s.begin >= out_size_) {
      const Piece& p = pieces_.back();
      return RawSpan(p.raw_begin + p.raw_len, p.raw_begin + p.raw_len);
    }
    const Piece& p = pieces_[FindPiece(s.begin)];
    uint64_t r = p.copy ? p.raw_begin + (s.begin - p.out_begin) : p.raw_begin;
    return RawSpan(r, r);
  }
  const Piece& b = pieces_[FindPiece(s.begin)];
  const Piece& e = pieces_[FindPiece(s.end - 1)];
  uint64_t rb = b.copy ? b.raw_begin + (s.begin - b.out_begin) : b.raw_begin;
  uint64_t re = e.copy ? e.raw_begin + (s.end - e.out_begin) : e.raw_begin + e.raw_len;
  if (re < rb) re = rb;
  return RawSpan(rb, re);
}

NormSpan OffsetMap::ToNorm(RawSpan s) const {
  if (pieces_.empty()) return NormSpan(s.begin, s.end);
  uint64_t nb = UINT64_MAX, ne = 0;
  for (const Piece& p : pieces_) {  // raw order may differ from output order; scan
    uint64_t pe = p.raw_begin + p.raw_len;
    bool overlap = p.raw_len == 0 ? (p.raw_begin > s.begin && p.raw_begin < s.end)
                                  : (p.raw_begin < s.end && s.begin < pe);
    if (!overlap) continue;
    uint64_t b = p.out_begin, e = p.out_begin + p.out_len;
    if (p.copy) {
      b = p.out_begin + (std::max(s.begin, p.raw_begin) - p.raw_begin);
      e = p.out_begin + (std::min(s.end, pe) - p.raw_begin);
    }
    nb = std::min(nb, b);
    ne = std::max(ne, e);
  }
  if (nb == UINT64_MAX) return NormSpan(0, 0);
  return NormSpan(nb, ne);
}

void OffsetMap::ShiftRaw(uint64_t delta, uint64_t derived_size) {
  if (delta == 0) return;
  if (pieces_.empty()) {
    AddCopy(delta, derived_size);
    return;
  }
  for (Piece& p : pieces_) p.raw_begin += delta;
}

OffsetMap OffsetMap::Compose(const OffsetMap& inner) const {
  OffsetMap out;
  if (inner.pieces_.empty()) return *this;
  for (const Piece& p : inner.pieces_) {
    if (!p.copy) {
      out.AddReplace(ToRaw(NormSpan(p.raw_begin, p.raw_begin + p.raw_len)), p.out_len);
      continue;
    }
    // A copy in the inner map spans mid bytes [raw_begin, raw_begin+len): split it at this
    // map's piece boundaries.
    uint64_t mid = p.raw_begin, end = p.raw_begin + p.raw_len;
    while (mid < end) {
      if (pieces_.empty()) {
        out.AddCopy(mid, end - mid);
        break;
      }
      const Piece& q = pieces_[FindPiece(mid)];
      uint64_t q_end = q.out_begin + q.out_len;
      uint64_t chunk_end = std::min(end, q_end > mid ? q_end : end);
      if (q.copy) {
        out.AddCopy(q.raw_begin + (mid - q.out_begin), chunk_end - mid);
      } else {
        // Part of a replacement: the whole raw range, for the bytes of it we cover.
        out.AddReplace(RawSpan(q.raw_begin, q.raw_begin + q.raw_len), chunk_end - mid);
      }
      mid = chunk_end;
    }
  }
  return out;
}

}  // namespace quarry::text
