// ContentHash: SHA-256 (FIPS 180-4) of a document's raw bytes, as 64 hex digits. The round
// constants are derived exactly at start-up (integer square and cube roots of the first primes,
// as the standard defines them) rather than typed in, so a typo cannot silently change hashes.
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "store/store.h"

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

}  // namespace quarry::store
