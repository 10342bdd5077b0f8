// quarry query: run one read-only SQL statement against a quarry database and print the rows.
// The database is opened read-only (verify/db.h) and a statement that would write is refused
// before it runs (sqlite3_stmt_readonly); --param values are bound, never spliced into SQL.
#include <sqlite3.h>

#include <cctype>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/options.h"
#include "store/store.h"
#include "verify/db.h"
#include "verify/table.h"

namespace quarry::cli {
namespace {

struct QueryOptions {
  ReadDbOption db;
  std::vector<std::string> params;
  FormatOption format;
  std::string sql;
};

// Finalizes a statement on every path.
struct StmtGuard {
  sqlite3_stmt* stmt = nullptr;
  ~StmtGuard() { sqlite3_finalize(stmt); }
};

// Note [Indexing sentences] in store/store.cc: a run killed before its end leaves its sentences
// out of sentences_fts, and the next run indexes them. A statement that reads the index must not
// wait for that run: when it names sentences_fts and the index lags, query indexes the missing
// sentences first, through the writer (its one write, and only then). A database that cannot be
// written (--immutable, read-only media) is read as it is, with a note saying what is missing.
// False only when indexing was needed, possible, and failed.
bool IndexSentencesFirst(const QueryOptions& o, SQLite::Database& db) {
  std::string lower = o.sql;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("sentences_fts") == std::string::npos) return true;
  int64_t lag = 0;
  try {
    lag = db.execAndGet("SELECT count(*) FROM sentences WHERE id > (SELECT up_to FROM fts_indexed)").getInt64();
  } catch (const std::exception&) {
    return true;  // a database before the slim store (migration 6): its index was written row by row
  }
  if (lag == 0) return true;
  std::string err;
  std::unique_ptr<store::Store> writer;
  if (!o.db.immutable) writer = store::Store::Open(o.db.path, &err);
  if (!writer || !writer->IndexSentences(&err) || !writer->Close(&err)) {
    if (writer) {
      PrintError("query: " + o.db.path + ": " + err);
      return false;
    }
    PrintError("query: note: " + std::to_string(lag) +
               " sentences of a run that did not finish are not in sentences_fts yet (the next extract or "
               "load on the database indexes them)");
  }
  return true;
}

int RunQuery(const QueryOptions& o) {
  if (!CheckFormat("query", o.format)) return kExitUsage;
  auto format = verify::ParseFormat(o.format.value);
  std::map<std::string, std::string> params;
  for (const auto& p : o.params) {
    size_t eq = p.find('=');
    std::string name = eq == std::string::npos ? "" : p.substr(0, eq);
    if (!name.empty() && (name[0] == ':' || name[0] == '@' || name[0] == '$')) name.erase(0, 1);
    if (name.empty()) {
      PrintError("query: --param expects name=value, got \"" + p + "\"");
      return kExitUsage;
    }
    params[name] = p.substr(eq + 1);
  }
  auto db = OpenReadDb(o.db);
  if (!db) return kExitUsage;
  if (!IndexSentencesFirst(o, *db)) return kExitUsage;
  sqlite3* h = db->getHandle();
  StmtGuard st;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(h, o.sql.c_str(), static_cast<int>(o.sql.size()), &st.stmt, &tail) != SQLITE_OK) {
    PrintError("query: " + std::string(sqlite3_errmsg(h)));
    return kExitUsage;
  }
  if (!st.stmt) {
    PrintError("query: no SQL statement given");
    return kExitUsage;
  }
  {
    // Exactly one statement: whatever follows may only be whitespace, ';' or comments.
    StmtGuard next;
    const char* rest = nullptr;
    int rc = sqlite3_prepare_v2(h, tail, -1, &next.stmt, &rest);
    if (rc != SQLITE_OK || next.stmt) {
      PrintError("query: only one SQL statement is allowed");
      return kExitUsage;
    }
  }
  if (!sqlite3_stmt_readonly(st.stmt)) {
    PrintError("query: refused: the statement would modify the database, and quarry query is read-only");
    return kExitUsage;
  }
  int n = sqlite3_bind_parameter_count(st.stmt);
  std::map<std::string, bool> used;
  for (int i = 1; i <= n; ++i) {
    const char* pname = sqlite3_bind_parameter_name(st.stmt, i);
    if (!pname) {
      PrintError("query: positional parameter ?" + std::to_string(i) + " is not supported; name it (:name) and pass --param name=value");
      return kExitUsage;
    }
    std::string name = pname + 1;  // drop the ':', '@' or '$'
    auto it = params.find(name);
    if (it == params.end()) {
      PrintError("query: the statement uses " + std::string(pname) + " but no --param " + name + "=VALUE was given");
      return kExitUsage;
    }
    // Always bound as text: the value is data, whatever it contains.
    sqlite3_bind_text(st.stmt, i, it->second.data(), static_cast<int>(it->second.size()), SQLITE_TRANSIENT);
    used[name] = true;
  }
  for (const auto& [name, value] : params) {
    if (!used.count(name)) {
      PrintError("query: --param " + name + " is not used by the statement");
      return kExitUsage;
    }
  }
  int cols = sqlite3_column_count(st.stmt);
  std::vector<std::string> names;
  for (int c = 0; c < cols; ++c) names.push_back(sqlite3_column_name(st.stmt, c));
  verify::TableWriter out(std::cout, *format, names);
  for (;;) {
    int rc = sqlite3_step(st.stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      out.Finish();
      PrintError("query: " + o.db.path + ": " + sqlite3_errmsg(h));
      return kExitUsage;
    }
    std::vector<verify::Cell> row;
    row.reserve(cols);
    for (int c = 0; c < cols; ++c) {
      switch (sqlite3_column_type(st.stmt, c)) {
        case SQLITE_NULL: row.push_back(verify::Cell::Null()); break;
        case SQLITE_INTEGER: row.push_back(verify::Cell::Int(sqlite3_column_int64(st.stmt, c))); break;
        case SQLITE_FLOAT: {
          std::string t = reinterpret_cast<const char*>(sqlite3_column_text(st.stmt, c));
          bool finite = t.find_first_of("IiNn") == std::string::npos;
          row.push_back(finite ? verify::Cell::Number(t) : verify::Cell::Text(t));
          break;
        }
        case SQLITE_BLOB: {
          row.push_back(verify::Cell::Text("<blob " + std::to_string(sqlite3_column_bytes(st.stmt, c)) + " bytes>"));
          break;
        }
        default: {
          const unsigned char* t = sqlite3_column_text(st.stmt, c);
          row.push_back(verify::Cell::Text(t ? std::string(reinterpret_cast<const char*>(t),
                                                            static_cast<size_t>(sqlite3_column_bytes(st.stmt, c)))
                                             : std::string()));
        }
      }
    }
    out.Add(std::move(row));
    if (out.failed()) break;  // stdout failed (disk full): main reports it; an endless result stops
  }
  out.Finish();
  return kExitOk;
}

}  // namespace

void RegisterQuery(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "query",
      "Run one read-only SQL statement and print the rows. The database is opened read-only: a\n"
      "statement that would write (INSERT, UPDATE, DELETE, CREATE, DROP, ATTACH, ...) is refused\n"
      "before it runs, with exit code 2. :name parameters are bound from --param name=value (as\n"
      "text, never spliced into the SQL). Views with readable columns: facts_v and the others in\n"
      "db/views.sql. A statement over sentences_fts (full-text search of the evidence sentences)\n"
      "first indexes the sentences a killed run left out, if any (the one write query makes).");
  auto o = std::make_shared<QueryOptions>();
  AddReadDb(cmd, &o->db);
  cmd->add_option("--param", o->params, "Bind :name to VALUE (repeatable)")->type_name("NAME=VALUE");
  AddFormat(cmd, &o->format, {"table", "csv", "json", "jsonl", "md"});
  cmd->add_option("sql", o->sql, "The SQL statement, e.g. \"SELECT * FROM facts_v WHERE subject = :s\"")
      ->required();
  cmd->callback([&ctx, o] { ctx.exit_code = RunQuery(*o); });
}

}  // namespace quarry::cli
