// The options layer: every flag that more than one command takes is defined here once, with its
// name, default, value name and help text, so `quarry X --help` says the same thing for the same
// flag everywhere and a command cannot drift from the others. A command adds the flags it takes
// (AddReadDb, AddFormat, ...) and checks their values with the matching function before it does
// any work. --grammars and --quiet are the app's own (quarry_main.cc), read through Context.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/pack_schema.h"
#include "cli/commands.h"

namespace SQLite {
class Database;
}

namespace quarry::cli {

// The grammar folder: --grammars, else facts::DefaultGrammarDir().
std::string GrammarDir(const Context& ctx);

// The pack's schema (GrammarDir/pack.schema), or nullopt with *warning saying why (missing or
// with errors; callers then check names against the database only).
std::optional<PackSchema> LoadSchema(const Context& ctx, std::string* warning);

// --db FILE and --immutable of the commands that read a database (facts, series, verify, check,
// query, report).
struct ReadDbOption {
  std::string path = "quarry.db";
  bool immutable = false;
};
void AddReadDb(CLI::App* cmd, ReadDbOption* db);
// Opens the database read-only (verify::OpenReadOnly); on failure prints its one-line error and
// returns nullptr.
std::unique_ptr<SQLite::Database> OpenReadDb(const ReadDbOption& db);

// --db FILE of the commands that write one (extract, load); created if missing.
void AddWriteDb(CLI::App* cmd, std::string* db);

// --format: `allowed` lists the command's formats, its default first; `help`, when given, replaces
// the generated "table (default), csv or jsonl".
struct FormatOption {
  std::string value;
  std::vector<std::string> allowed;
};
void AddFormat(CLI::App* cmd, FormatOption* format, std::vector<std::string> allowed, const std::string& help = "");
// True when the value is one of the allowed; else prints
// `COMMAND: --format must be a, b or c, not "x"` and returns false.
bool CheckFormat(const std::string& command, const FormatOption& format);

// --published DATE (the date of documents that carry none) and, when `force` is given,
// --force-published. `extra` is appended to the shared help text.
void AddPublished(CLI::App* cmd, std::string* published, bool* force = nullptr, const std::string& extra = "");
// True when empty or a date; else prints `COMMAND: --published X: not a date (YYYY-MM-DD)`.
bool CheckPublished(const std::string& command, const std::string& published);

// --exact-type of facts, series and verify (Note [Measure families] in options.cc).
void AddExactType(CLI::App* cmd, bool* exact);

// The types a query for a type matches (Note [Measure families] in options.cc): the schema and
// the types stored in the database, read once per command.
class TypeMatcher {
 public:
  // Throws SQLite::Exception on database errors.
  TypeMatcher(const Context& ctx, SQLite::Database& db);
  // The schema, or nullptr when the grammar folder has none (or a broken one).
  const PackSchema* schema() const { return schema_ ? &*schema_ : nullptr; }
  // True when the schema declares `type` or the database stores it.
  bool Known(const std::string& type) const;
  // "cumulative, deliveries, ...": the known types, sorted, for error messages.
  std::string KnownList() const;
  // `type` and, unless `exact`, the other types of its family.
  std::vector<std::string> Match(const std::string& type, bool exact) const;

 private:
  std::optional<PackSchema> schema_;
  std::vector<std::string> known_;
};

// TypeMatcher for one --type: the types to match, or nullopt after printing
// `COMMAND: unknown type "T" (known types: ...)` (an unknown type would list nothing and look
// like an empty result) or the database error.
std::optional<std::vector<std::string>> TypesToMatch(const Context& ctx, SQLite::Database& db,
                                                     const std::string& db_path, const std::string& command,
                                                     const std::string& type, bool exact);

}  // namespace quarry::cli
