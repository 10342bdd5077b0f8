// The options shared by the commands (options.h) and the type matching of facts, series and
// verify.
#include "cli/options.h"

#include <SQLiteCpp/Database.h>

#include <algorithm>

#include "facts/extractor.h"
#include "periods/periods.h"
#include "verify/db.h"

// Note [Measure families]
// pack.schema gives every fact type a family: the measurement it is. Types of one family are the
// same measurement under different words: a maker "delivered" or "sold" 70,327 cars is one
// figure, and the rules keep the word the article used (deliveries, sales). So `facts --type
// deliveries`, `series deliveries` and a `verify` claim of type sales match every type of the
// family by default, and --exact-type restores matching the one type. A type that is a measure
// of its own (price, revenue and investment are all money, but no price is a revenue) has a
// family of its own. What each command shows of the type a figure was stated as:
//   facts   every matched fact, with its own type in the type column;
//   series  one row per subject and scope: a cell holds figures of every type of the family,
//           the shown one chosen by the usual provenance order with the asked type winning a tie
//           (Note [Choosing a cell's value] in verify/series.h); a cell showing another type says
//           so ("70327 (sales)", and the `type` field in json), and its other figures still count
//           in `sources` and `disagree`: none is dropped;
//   verify  a claim is judged against the figures of every type of its family; the note names
//           the stored type when it is not the claim's, and each evidence object carries its type.
// Types the schema does not declare (a database written with another pack) match only
// themselves.

namespace quarry::cli {

std::string GrammarDir(const Context& ctx) {
  return ctx.global.grammars.empty() ? facts::DefaultGrammarDir() : ctx.global.grammars;
}

std::optional<PackSchema> LoadSchema(const Context& ctx, std::string* warning) {
  bool missing = false;
  std::string error;
  auto schema = PackSchema::Load(GrammarDir(ctx), &error, &missing);
  if (!schema)
    *warning = missing ? GrammarDir(ctx) + "/pack.schema: no pack schema; names are checked against the database only"
                       : error;
  return schema;
}

void AddReadDb(CLI::App* cmd, ReadDbOption* db) {
  cmd->add_option("--db", db->path, "Database file (default quarry.db)")->type_name("FILE");
  cmd->add_flag("--immutable", db->immutable, kImmutableHelp);
}

std::unique_ptr<SQLite::Database> OpenReadDb(const ReadDbOption& db) {
  std::string err;
  auto out = verify::OpenReadOnly(db.path, &err, db.immutable);
  if (!out) PrintError(err);
  return out;
}

void AddWriteDb(CLI::App* cmd, std::string* db) {
  cmd->add_option("--db", *db, "SQLite database to write (created if missing)")
      ->type_name("FILE")
      ->capture_default_str();
}

namespace {

// "a, b or c".
std::string OrList(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : i + 1 == v.size() ? " or " : ", ") + v[i];
  return out;
}

}  // namespace

void AddFormat(CLI::App* cmd, FormatOption* format, std::vector<std::string> allowed, const std::string& help) {
  format->allowed = std::move(allowed);
  format->value = format->allowed.front();
  std::vector<std::string> named = format->allowed;
  named.front() += " (default)";
  cmd->add_option("--format", format->value, help.empty() ? OrList(named) : help)->type_name("FORMAT");
}

bool CheckFormat(const std::string& command, const FormatOption& format) {
  if (std::find(format.allowed.begin(), format.allowed.end(), format.value) != format.allowed.end()) return true;
  PrintError(command + ": --format must be " + OrList(format.allowed) + ", not \"" + format.value + "\"");
  return false;
}

void AddPublished(CLI::App* cmd, std::string* published, bool* force, const std::string& extra) {
  cmd->add_option("--published", *published,
                  "Publication date (YYYY-MM-DD) for documents that carry none" + extra +
                      "; resolves year-less periods (a month name alone, \"last month\")")
      ->type_name("DATE");
  if (force) cmd->add_flag("--force-published", *force, "Use --published even for documents with a date");
}

bool CheckPublished(const std::string& command, const std::string& published) {
  if (published.empty() || periods::Date::Parse(published)) return true;
  PrintError(command + ": --published " + published + ": not a date (YYYY-MM-DD)");
  return false;
}

void AddExactType(CLI::App* cmd, bool* exact) {
  cmd->add_flag("--exact-type", *exact,
                "Match the type alone; by default a type matches every type of its family in pack.schema "
                "(deliveries and sales are one measure; `quarry types` lists them)");
}

TypeMatcher::TypeMatcher(const Context& ctx, SQLite::Database& db) {
  std::string warning;
  schema_ = LoadSchema(ctx, &warning);
  known_ = verify::KnownTypes(db, schema());
}

bool TypeMatcher::Known(const std::string& type) const {
  return std::find(known_.begin(), known_.end(), type) != known_.end();
}

std::string TypeMatcher::KnownList() const {
  std::string list;
  for (const auto& t : known_) list += (list.empty() ? "" : ", ") + t;
  return list;
}

std::vector<std::string> TypeMatcher::Match(const std::string& type, bool exact) const {
  if (exact || !schema_) return {type};
  return schema_->SameMeasure(type);
}

std::optional<std::vector<std::string>> TypesToMatch(const Context& ctx, SQLite::Database& db,
                                                     const std::string& db_path, const std::string& command,
                                                     const std::string& type, bool exact) {
  try {
    TypeMatcher m(ctx, db);
    if (m.Known(type)) return m.Match(type, exact);
    PrintError(command + ": unknown type \"" + type + "\" (known types: " + m.KnownList() + ")");
  } catch (const std::exception& e) {
    PrintError(db_path + ": " + e.what());
  }
  return std::nullopt;
}

}  // namespace quarry::cli
