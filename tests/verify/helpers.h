// Shared helpers for the verify tests: build a quarry database from db/schema.sql, db/views.sql
// and tests/verify/fixture.sql (plus extra SQL), and run the quarry binary capturing its output.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "store/embedded_sql.h"
#include "store/store.h"

namespace quarry::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh temporary directory, removed at scope exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / ("quarry-verify-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// The schema version whose fact rows hold their evidence, rule and grammar version text (the
// layout fixture.sql and the tests' SQL write); migration 6 moves them out (sentences, rules).
constexpr int kTextFactsVersion = 5;

// Creates a quarry database at `path` (schema, migrations, views) with the fixture facts (unless `fixture` is false) and
// `extra_sql` applied. The facts are written at schema version kTextFactsVersion, and the later
// migrations carry them over, as they do a database of that version: every test over this
// database reads migrated facts.
inline void MakeDb(const std::string& path, const std::string& extra_sql = "", bool fixture = true) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  // As store::Store builds a database: the schema, every migration, then the views.
  db.exec(std::string(quarry::store::embedded::kSchemaSql));
  for (const auto& m : quarry::store::embedded::kMigrations)
    if (m.version <= kTextFactsVersion) db.exec(std::string(m.sql));
  if (fixture) db.exec(ReadFile(std::string(QUARRY_SOURCE_DIR) + "/tests/verify/fixture.sql"));
  if (!extra_sql.empty()) db.exec(extra_sql);
  for (const auto& m : quarry::store::embedded::kMigrations)
    if (m.version > kTextFactsVersion) db.exec(std::string(m.sql));
  db.exec("PRAGMA user_version = " + std::to_string(quarry::store::Store::LatestSchemaVersion()));
  db.exec(std::string(quarry::store::embedded::kViewsSql));
}

struct RunResult {
  int code = -1;
  std::string out, err;
};

inline std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

// Runs quarry with the test gazetteer and `args` (already shell-quoted), capturing output; in
// `dir` as working directory when `in_dir` (else in the test's, the source folder).
inline RunResult Quarry(const TempDir& dir, const std::string& args, bool in_dir = false) {
  std::string out = dir / "stdout.txt", err = dir / "stderr.txt";
  std::string cmd = (in_dir ? "cd " + Quote(dir.path.string()) + " && " : std::string()) + Quote(QUARRY_BIN) + " --grammars " + Quote(std::string(QUARRY_SOURCE_DIR) + "/tests/verify/grammars") +
                    " " + args + " >" + Quote(out) + " 2>" + Quote(err);
  int status = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

inline int Count(const std::string& db_path, const std::string& sql) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt();
}

}  // namespace quarry::testing
