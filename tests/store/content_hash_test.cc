// Content hashes (store/content_hash.h): XXH3-128 with its prefix for new databases, bare SHA-256
// for databases an earlier version wrote, and the rule that picks between them.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "store/content_hash.h"
#include "store/store.h"

namespace {
using namespace quarry::store;
namespace fs = std::filesystem;

struct TempPath {
  std::string path = (fs::temp_directory_path() / ("quarry_content_hash_test_" + std::to_string(::getpid()) + "_" +
                                                   std::to_string(counter++) + ".db")).string();
  TempPath() { Remove(); }
  ~TempPath() { Remove(); }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  }
  static inline int counter = 0;
};

HashKind KindOf(Store& s) {
  HashKind kind;
  std::string err;
  REQUIRE(ContentHashKindOf(s, &kind, &err));
  return kind;
}

void PutHash(Store& s, const std::string& doc_id, const std::string& hash) {
  std::vector<std::string> out;
  std::string err;
  REQUIRE(s.QueryColumn("INSERT INTO documents (doc_id, content_hash, status) VALUES (?, ?, 'done')",
                        {doc_id, hash}, &out, &err));
}

}  // namespace

TEST_CASE("ContentHash: XXH3-128 with its prefix, SHA-256 bare") {
  // Reference values: xxhsum -H2 (the canonical, big-endian form) and sha256sum.
  CHECK(ContentHash("", HashKind::kXxh128) == "xxh128:99aa06d3014798d86001c324468d497f");
  CHECK(ContentHash("abc", HashKind::kXxh128) == "xxh128:06b05ab6733a618578af5f94892f3950");
  CHECK(ContentHash("abc", HashKind::kSha256) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(ContentHash("abc", HashKind::kSha256) == ContentHash("abc"));
  CHECK(ContentHash("abd", HashKind::kXxh128) != ContentHash("abc", HashKind::kXxh128));
}

TEST_CASE("ContentHashKindOf: new databases XXH3-128, any unprefixed hash keeps SHA-256") {
  TempPath t;
  std::string err;
  auto s = Store::Open(t.path, &err);
  REQUIRE(s);
  CHECK(KindOf(*s) == HashKind::kXxh128);  // empty
  PutHash(*s, "a", ContentHash("a", HashKind::kXxh128));
  PutHash(*s, "b", ContentHash("b", HashKind::kXxh128));
  CHECK(KindOf(*s) == HashKind::kXxh128);
  SECTION("a SHA-256 hash (sorts before the prefix)") {
    PutHash(*s, "c", ContentHash("c"));
    CHECK(KindOf(*s) == HashKind::kSha256);
  }
  SECTION("any other value without the prefix, sorting after it") {
    PutHash(*s, "d", "zzz");
    CHECK(KindOf(*s) == HashKind::kSha256);
  }
  SECTION("a value that only starts like the prefix") {
    PutHash(*s, "e", "xxh128");
    CHECK(KindOf(*s) == HashKind::kSha256);
  }
}
