// Content hashes as documents.content_hash stores them (Note [Content hash] in content_hash.cc):
// XXH3-128 with an "xxh128:" prefix, or bare SHA-256 hex in databases an earlier version made.
#pragma once

#include <string>
#include <string_view>

namespace quarry::store {

class Store;

enum class HashKind { kSha256, kXxh128 };

inline constexpr std::string_view kXxh128Prefix = "xxh128:";

// `bytes` hashed as `kind` says: "xxh128:" and 32 hex digits, or 64 hex digits of SHA-256 with no
// prefix (ContentHash(bytes) in store.h, what every earlier version stored).
std::string ContentHash(std::string_view bytes, HashKind kind);

// The kind a run must hash with to recognise what `db` holds: kSha256 when any stored hash lacks
// the xxh128 prefix (the database was written by an earlier version), else kXxh128 (also for a
// new, empty database). Two index probes, whatever the number of documents.
bool ContentHashKindOf(Store& db, HashKind* kind, std::string* error);

}  // namespace quarry::store
