// Content hashes of documents: SHA-256 (FIPS 180-4) as 64 hex digits, and XXH3-128 (libxxhash)
// as "xxh128:" and 32 hex digits. The SHA-256 round constants are derived exactly at start-up
// (integer square and cube roots of the first primes, as the standard defines them) rather than
// typed in, so a typo cannot silently change hashes.
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <xxhash.h>

#include "store/content_hash.h"
#include "store/store.h"

// Note [Content hash]
// ~~~~~~~~~~~~~~~~~~~
// documents.content_hash is UNIQUE: it is how a document is stored once and how a second run
// over the same input skips what is done. It never leaves the database and nothing signs or
// trusts it, so it needs to be a collision-free key for the documents of one database, not a
// cryptographic digest. XXH3-128 does that for about 1.2 instructions per byte, against about 65
// for SHA-256 here (callgrind, docs/performance.md); by chance, two of a billion documents
// collide with probability about 1.5e-21 (n^2 / 2^129).
//
// What it gives up is resistance to a deliberate collision: XXH3 is not built to stop someone
// from crafting two different documents with the same hash. Whoever can put such a pair into an
// archive quarry reads can make the second document count as already stored (its facts are not
// extracted) or, with different metadata, replace the first one's facts. Nothing is corrupted
// beyond that pair, a database is built from archives its owner chose, and every fact keeps its
// evidence sentence and source file, so we accept that risk; SHA-256 stays for the databases
// below.
//
// Earlier versions stored SHA-256 hex with no prefix, and a run that hashed differently would
// store every old document a second time. The algorithm is therefore written into the value
// ("xxh128:..."), and a run hashes the way its database already does (ContentHashKindOf): a
// database holding any unprefixed hash keeps SHA-256 for good (its raw texts are not stored, so it
// cannot be re-hashed), a new one gets XXH3-128. No schema change and no migration. Hex digits
// sort before "x", so the question is two probes of content_hash's unique index.
// tests/scripts/content_hash_compat.sh runs it on a database in the old format.

namespace quarry::store {
namespace {

using u128 = unsigned __int128;

// floor(x^(1/k)) for k = 2 or 3, by binary search on 128-bit integers.
uint64_t IntRoot(u128 x, int k) {
  uint64_t lo = 0, hi = k == 2 ? (1ull << 63) : (1ull << 43);
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo + 1) / 2;
    u128 p = static_cast<u128>(mid) * mid;
    if (k == 3) p *= mid;
    if (p <= x) lo = mid; else hi = mid - 1;
  }
  return lo;
}

struct Constants {
  std::array<uint32_t, 64> k;
  std::array<uint32_t, 8> h;
  Constants() {
    int found = 0;
    for (uint32_t n = 2; found < 64; ++n) {
      bool prime = true;
      for (uint32_t d = 2; d * d <= n; ++d)
        if (n % d == 0) prime = false;
      if (!prime) continue;
      // First 32 fractional bits of cbrt(n): floor(cbrt(n * 2^96)) mod 2^32.
      k[found] = static_cast<uint32_t>(IntRoot(static_cast<u128>(n) << 96, 3));
      if (found < 8) h[found] = static_cast<uint32_t>(IntRoot(static_cast<u128>(n) << 64, 2));
      ++found;
    }
  }
};

const Constants& Consts() {
  static const Constants c;
  return c;
}

inline uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void Block(const uint8_t* p, uint32_t* st, const uint32_t* k) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i)
    w[i] = (uint32_t{p[4 * i]} << 24) | (uint32_t{p[4 * i + 1]} << 16) | (uint32_t{p[4 * i + 2]} << 8) |
           uint32_t{p[4 * i + 3]};
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
    uint32_t t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  st[0] += a; st[1] += b; st[2] += c; st[3] += d; st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}

}  // namespace

std::string ContentHash(std::string_view bytes) {
  const Constants& c = Consts();
  uint32_t st[8];
  std::memcpy(st, c.h.data(), sizeof st);
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size();
  size_t full = n / 64;
  for (size_t i = 0; i < full; ++i) Block(p + 64 * i, st, c.k.data());
  uint8_t tail[128] = {};
  size_t rem = n - full * 64;
  if (rem) std::memcpy(tail, p + full * 64, rem);
  tail[rem] = 0x80;
  size_t tail_len = rem + 1 + 8 <= 64 ? 64 : 128;
  uint64_t bits = static_cast<uint64_t>(n) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_len - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  for (size_t off = 0; off < tail_len; off += 64) Block(tail + off, st, c.k.data());
  static const char kHex[] = "0123456789abcdef";
  std::string out(64, '0');
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) out[8 * i + j] = kHex[(st[i] >> (28 - 4 * j)) & 0xf];
  return out;
}

std::string ContentHash(std::string_view bytes, HashKind kind) {
  if (kind == HashKind::kSha256) return ContentHash(bytes);
  XXH128_canonical_t canon;
  XXH128_canonicalFromHash(&canon, XXH3_128bits(bytes.data(), bytes.size()));
  static const char kHex[] = "0123456789abcdef";
  std::string out(kXxh128Prefix);
  out.reserve(kXxh128Prefix.size() + 2 * sizeof canon.digest);
  for (unsigned char b : canon.digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

bool ContentHashKindOf(Store& db, HashKind* kind, std::string* error) {
  // Anything below "xxh128:" or from "xxh128;" on (the character after ':') lacks the prefix.
  std::vector<std::string> rows;
  std::string lo(kXxh128Prefix), hi = lo;
  hi.back() = ':' + 1;
  if (!db.QueryColumn("SELECT EXISTS (SELECT 1 FROM documents WHERE content_hash < ?) OR "
                      "EXISTS (SELECT 1 FROM documents WHERE content_hash >= ?)",
                      {lo, hi}, &rows, error))
    return false;
  *kind = !rows.empty() && rows[0] == "1" ? HashKind::kSha256 : HashKind::kXxh128;
  return true;
}

}  // namespace quarry::store
