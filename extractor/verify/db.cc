// Read-only database opening and fact loading. Queries go to the base tables, not facts_v, so
// databases whose views were never created still work.
#include "verify/db.h"

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <cstdio>
#include <filesystem>
#include <map>
#include <fstream>
#include <iterator>
#include <set>

#include "base/period.h"

namespace quarry::verify {
namespace {

// Denies ATTACH/DETACH: an attached file could be created or written through the connection.
int Authorize(void*, int action, const char*, const char*, const char*, const char*) {
  if (action == SQLITE_ATTACH || action == SQLITE_DETACH) return SQLITE_DENY;
  return SQLITE_OK;
}

// How long a reader waits for a writer's lock (a checkpoint, a rollback-journal commit).
constexpr int kBusyTimeoutMs = 5000;

// Connection hardening for databases that may come from anyone: no writes to the schema through
// pragmas (DEFENSIVE), no functions or virtual tables with side effects run from the schema's
// views and triggers (trusted_schema off), and no fts3_tokenizer() registration of native code.
void Harden(sqlite3* h) {
  sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, nullptr);
  sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_exec(h, "PRAGMA trusted_schema=OFF", nullptr, nullptr, nullptr);
}

bool HasColumns(SQLite::Database& db, const char* table, std::initializer_list<const char*> cols,
                std::string* missing) {
  SQLite::Statement st(db, std::string("SELECT name FROM pragma_table_info('") + table + "')");
  std::vector<std::string> have;
  while (st.executeStep()) have.push_back(st.getColumn(0).getString());
  for (const char* c : cols) {
    bool found = false;
    for (const auto& h : have) found = found || h == c;
    if (!found) {
      *missing = std::string(table) + "." + c;
      return false;
    }
  }
  return true;
}

}  // namespace

std::unique_ptr<SQLite::Database> OpenReadOnly(const std::string& path, std::string* error, bool immutable) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    *error = path + ": database not found (create one with `quarry extract --db " + path + " ...`)";
    return nullptr;
  }
  if (fs::is_directory(path, ec)) {
    *error = path + ": is a directory, not a database file";
    return nullptr;
  }
  {
    // The SQLite header is checked first so that a foreign file gets a plain message.
    std::ifstream in(path, std::ios::binary);
    char magic[16] = {};
    in.read(magic, sizeof magic);
    if (in.gcount() != 16 || std::string(magic, 15) != "SQLite format 3") {
      *error = path + ": not a SQLite database";
      return nullptr;
    }
  }
  try {
    // Note [Readers and writers]: the busy timeout is set by the constructor, before the first
    // read, so a reader that meets a writer (a WAL checkpoint, a rollback journal's commit) waits
    // for it instead of failing. A read that still fails is an error: the reader never retries
    // as `immutable`, which ignores locks and the WAL and so reads stale pages, a half-written
    // checkpoint or uncommitted rows. Only --immutable (read-only media, where nothing can be
    // writing) opens that way, because the user says so.
    std::unique_ptr<SQLite::Database> db;
    if (immutable) {
      std::string uri = "file:";
      for (char c : path) {
        if (c == '%' || c == '?' || c == '#') {
          char buf[4];
          std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
          uri += buf;
        } else {
          uri += c;
        }
      }
      uri += "?immutable=1";
      db = std::make_unique<SQLite::Database>(uri, SQLite::OPEN_READONLY | SQLITE_OPEN_URI, kBusyTimeoutMs);
    } else {
      db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY, kBusyTimeoutMs);
    }
    Harden(db->getHandle());
    try {
      db->exec("SELECT count(*) FROM sqlite_master");  // WAL needs its -shm file to read
    } catch (const SQLite::Exception& e) {
      int code = e.getErrorCode() & 0xff;
      if (!immutable && (code == SQLITE_CANTOPEN || code == SQLITE_READONLY)) {
        *error = path + ": cannot read database: " + e.what() +
                 " (a WAL database on read-only media opens with --immutable, if nothing writes to it)";
        return nullptr;
      }
      throw;
    }
    db->exec("PRAGMA query_only=1");
    sqlite3_set_authorizer(db->getHandle(), Authorize, nullptr);
    sqlite3_limit(db->getHandle(), SQLITE_LIMIT_ATTACHED, 0);
    std::string missing;
    // Before migration 6 a fact holds its evidence and rule text; from it, ids into sentences and
    // rules (HasSlimFacts).
    std::string slim_missing;
    bool slim = HasColumns(*db, "facts", {"sentence_id", "rule_id"}, &slim_missing);
    if (!HasColumns(*db, "documents", {"id", "doc_id", "url", "title", "published"}, &missing) ||
        !HasColumns(*db, "facts",
                    {"id", "document_id", "type", "subject", "object", "value", "unit", "period",
                     "approx", "precision_exp", "modality", "span_begin", "span_end",
                     "sentence_begin", "sentence_end"},
                    &missing) ||
        (slim ? !HasColumns(*db, "sentences", {"id", "evidence"}, &missing) ||
                    !HasColumns(*db, "rules", {"id", "rule"}, &missing)
              : !HasColumns(*db, "facts", {"evidence", "rule"}, &missing))) {
      *error = path + ": not a quarry database (missing " + missing + ")";
      return nullptr;
    }
    return db;
  } catch (const std::exception& e) {
    *error = path + ": cannot read database: " + e.what();
    return nullptr;
  }
}

std::string StoredFact::Written() const {
  if (approx == Approx::kExact) return value_text;
  return std::string(ApproxSymbol(approx)) + " " + value_text;
}

// Note [Most specific figure]: among figures of one subject, type, scope and period, the one
// shown (series' cell, check's representative of a document) is chosen by provenance, in order:
// (1) actual over forecast over plan over target; (2) exact over rounded over approximate over
// a bound; (3) the narrower interval (70,327 over 70K); (3b) in a series of a measure family,
// the asked type over another of its family (deliveries over sales); (4) the most specific source: the
// article stating this type for the fewest subjects (a brand's own report over a round-up);
// (5) the latest published article (revisions come later); (6) the lowest fact id, only so
// that the order is total.
namespace {
int ModalityRank(const std::string& m) {
  if (m == "actual") return 0;
  if (m == "forecast") return 1;
  if (m == "plan") return 2;
  if (m == "target") return 3;
  return 4;
}

// -1 when a is narrower than b, 1 when wider, 0 when equal or not comparable.
int CompareWidth(const Interval& a, const Interval& b) {
  if (a.Bounded() != b.Bounded()) return a.Bounded() ? -1 : 1;
  if (!a.Bounded()) return 0;
  auto wa = a.hi->Add(a.lo->Negated()), wb = b.hi->Add(b.lo->Negated());
  if (!wa || !wb) return 0;
  return Compare(*wa, *wb);
}
}  // namespace

bool MoreSpecific(const StoredFact& a, const StoredFact& b, size_t a_doc_subjects, size_t b_doc_subjects,
                  const std::string* preferred_type) {
  if (int x = ModalityRank(a.modality), y = ModalityRank(b.modality); x != y) return x < y;
  if (auto x = a.kind(), y = b.kind(); x != y) return static_cast<int>(x) < static_cast<int>(y);
  if (int w = CompareWidth(a.interval(), b.interval()); w != 0) return w < 0;
  if (preferred_type && (a.type == *preferred_type) != (b.type == *preferred_type)) return a.type == *preferred_type;
  if (a_doc_subjects != b_doc_subjects) return a_doc_subjects < b_doc_subjects;
  if (a.published != b.published) return a.published > b.published;
  return a.id < b.id;
}

namespace {

// A database written before migration 4 (or a hand-made one at schema 1) has no scope column:
// its facts are whole-subject facts.
bool HasScopeColumn(SQLite::Database& db) {
  SQLite::Statement st(db, "SELECT 1 FROM pragma_table_info('facts') WHERE name = 'scope'");
  return st.executeStep();
}

// A database of migration 6 or later: evidence and rule text are in `sentences` and `rules`,
// which TextJoins joins; before it, in the fact row. Readers read both, as they never migrate.
bool HasSlimFacts(SQLite::Database& db) {
  SQLite::Statement st(db, "SELECT 1 FROM pragma_table_info('facts') WHERE name = 'sentence_id'");
  return st.executeStep();
}
const char* EvidenceColumn(bool slim) { return slim ? "s.evidence" : "f.evidence"; }
const char* RuleColumn(bool slim) { return slim ? "r.rule" : "f.rule"; }
// Left joins: a fact with no evidence (sentence_id NULL) is still a row.
const char* TextJoins(bool slim) {
  return slim ? " LEFT JOIN sentences s ON s.id = f.sentence_id LEFT JOIN rules r ON r.id = f.rule_id" : "";
}

// Note [Streaming read commands]: facts, series, check and report never hold every fact of the
// database. They step one statement and consume each row as it comes (ForEachFact), in an order
// chosen so that what they aggregate is contiguous: a document's facts (check's per-article
// checks), a subject/type/period group (sources_disagree), a series cell (kRow). What they keep is
// what they print (a series' cells, check's findings) or one group at a time. Sorting is SQLite's:
// its sorter spills to temporary files past its cache, so an ORDER BY without an index is bounded
// too. Measured peaks: tests/scripts/memory_{facts,series,check,report,query}.sh.
// The statement of a filter: its shape (columns, conditions, order); values are bound by Run.
std::string FactSql(const FactFilter& filter, bool has_scope, bool slim) {
  std::string sql = std::string(
      "SELECT f.id, f.document_id, d.doc_id, d.url, ") + (filter.with_text ? "d.title" : "NULL") +
      ", d.published, f.type, f.subject, f.object, f.location, f.unit, f.period, f.modality, " +
      (filter.with_text ? "f.qualifiers" : "NULL") + ", f.value, f.approx, f.precision_exp, f.span_begin, " +
      "f.span_end, f.sentence_begin, f.sentence_end, " +
      (filter.with_text ? std::string(EvidenceColumn(slim)) + ", " + RuleColumn(slim) : std::string("NULL, NULL")) +
      (has_scope ? ", f.scope" : ", ''") + ", d.source_file";
  // The subquery repeats the type and subject filters: a document's specificity counts the
  // subjects it states the asked types for, as BuildSeries over LoadFacts' result does.
  if (filter.with_doc_subjects) {
    sql += ", (SELECT count(DISTINCT g.subject) FROM facts g WHERE g.document_id = f.document_id";
    if (!filter.types.empty()) {
      sql += " AND g.type IN (";
      for (size_t i = 0; i < filter.types.size(); ++i) sql += (i ? ",:t" : ":t") + std::to_string(i);
      sql += ")";
    } else if (!filter.type.empty()) {
      sql += " AND g.type = :type";
    }
    if (!filter.subjects.empty()) {
      sql += " AND g.subject IN (";
      for (size_t i = 0; i < filter.subjects.size(); ++i) sql += (i ? ",:s" : ":s") + std::to_string(i);
      sql += ")";
    }
    sql += ")";
  } else {
    sql += ", 0";
  }
  sql += " FROM facts f JOIN documents d ON d.id = f.document_id";
  if (filter.with_text) sql += TextJoins(slim);
  sql += " WHERE 1";
  if (!filter.types.empty()) {
    sql += " AND f.type IN (";
    for (size_t i = 0; i < filter.types.size(); ++i) sql += (i ? ",:t" : ":t") + std::to_string(i);
    sql += ")";
  } else if (!filter.type.empty()) {
    sql += " AND f.type = :type";
  }
  if (!filter.subject.empty()) sql += " AND f.subject = :subject COLLATE NOCASE";
  if (!filter.subjects.empty()) {
    // Exact (indexed by facts_lookup): stored subjects are canonical names and the caller passes
    // the canonical name and every alias.
    sql += " AND f.subject IN (";
    for (size_t i = 0; i < filter.subjects.size(); ++i) sql += (i ? ",:s" : ":s") + std::to_string(i);
    sql += ")";
  }
  if (!filter.objects.empty()) {
    sql += " AND f.object IN (";
    for (size_t i = 0; i < filter.objects.size(); ++i) sql += (i ? ",:o" : ":o") + std::to_string(i);
    sql += ")";
  }
  if (!filter.modality.empty()) sql += " AND f.modality = :modality";
  if (filter.id) sql += " AND f.id = :id";
  if (filter.exact_group) {
    sql += " AND f.subject = :xsubject AND f.type = :xtype AND f.modality = :xmodality"
           " AND coalesce(f.location, '') = :xlocation";
    if (has_scope) sql += " AND coalesce(f.scope, '') = :xscope";
  }
  if (!filter.url.empty()) sql += " AND d.url = :url";
  if (!filter.period.empty()) sql += " AND f.period = :period";
  // --from/--to: periods inside [start of from, end of to] as month intervals (Note in db.h).
  // SQL narrows by year text (a period inside the range starts with a year in it); the exact
  // test, and so the limit, run below.
  std::optional<Period> from, to;
  bool ranged = !filter.from.empty() || !filter.to.empty();
  if (ranged) {
    from = filter.from.empty() ? std::nullopt : Period::Parse(filter.from);
    to = filter.to.empty() ? std::nullopt : Period::Parse(filter.to);
    if ((!filter.from.empty() && (!from || from->IsUnknownYear())) ||
        (!filter.to.empty() && (!to || to->IsUnknownYear())))
      throw std::invalid_argument("bad period range " + filter.from + ".." + filter.to);
    if (from) sql += " AND f.period >= :from_year";
    if (to && to->LastMonth() / 12 < 9999) sql += " AND f.period < :to_next_year";
  }
  switch (filter.order) {
    case FactFilter::Order::kSubject: sql += " ORDER BY f.subject, f.type, f.period, f.id"; break;
    case FactFilter::Order::kDocument: sql += " ORDER BY f.document_id, f.subject, f.type, f.period, f.id"; break;
    case FactFilter::Order::kGroup:
      sql += " ORDER BY f.subject, f.type, f.period, f.modality, f.object, ";
      sql += has_scope ? "f.scope, f.location, f.id" : "f.location, f.id";
      break;
    case FactFilter::Order::kRow:
      sql += has_scope ? " ORDER BY f.subject, f.scope, f.location, f.period, f.type, f.id"
                       : " ORDER BY f.subject, f.location, f.period, f.type, f.id";
      break;
  }
  if (filter.limit && !ranged) sql += " LIMIT " + std::to_string(filter.limit);
  return sql;
}

}  // namespace

FactQuery::FactQuery(SQLite::Database& db, const FactFilter& filter)
    : has_scope_(HasScopeColumn(db)), st_(db, FactSql(filter, has_scope_, HasSlimFacts(db))) {}

size_t FactQuery::Run(const FactFilter& filter, const std::function<bool(StoredFact&)>& fn, size_t* bad_values) {
  SQLite::Statement& st = st_;
  bool has_scope = has_scope_;
  st.reset();
  st.clearBindings();
  bool ranged = !filter.from.empty() || !filter.to.empty();
  std::optional<Period> from = filter.from.empty() ? std::nullopt : Period::Parse(filter.from);
  std::optional<Period> to = filter.to.empty() ? std::nullopt : Period::Parse(filter.to);
  for (size_t i = 0; i < filter.types.size(); ++i) st.bind(":t" + std::to_string(i), filter.types[i]);
  if (filter.types.empty() && !filter.type.empty()) st.bind(":type", filter.type);
  if (!filter.subject.empty()) st.bind(":subject", filter.subject);
  for (size_t i = 0; i < filter.subjects.size(); ++i) st.bind(":s" + std::to_string(i), filter.subjects[i]);
  for (size_t i = 0; i < filter.objects.size(); ++i) st.bind(":o" + std::to_string(i), filter.objects[i]);
  if (!filter.modality.empty()) st.bind(":modality", filter.modality);
  if (filter.id) st.bind(":id", filter.id);
  if (!filter.url.empty()) st.bind(":url", filter.url);
  if (!filter.period.empty()) st.bind(":period", filter.period);
  if (filter.exact_group) {
    st.bind(":xsubject", filter.exact_subject);
    st.bind(":xtype", filter.exact_type);
    st.bind(":xmodality", filter.exact_modality);
    st.bind(":xlocation", filter.location);
    if (has_scope) st.bind(":xscope", filter.scope);
  }
  auto year_text = [](int y) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d", y);
    return std::string(buf);
  };
  if (from) st.bind(":from_year", year_text(from->Year()));
  if (to && to->LastMonth() / 12 < 9999)
    st.bind(":to_next_year", year_text(to->LastMonth() / 12 + 1));
  int first_month = from ? from->FirstMonth() : std::numeric_limits<int>::min();
  int last_month = to ? to->LastMonth() : std::numeric_limits<int>::max();
  size_t passed = 0;
  StoredFact f;
  auto text = [&](int i) { return st.getColumn(i).isNull() ? std::string() : st.getColumn(i).getString(); };
  while (st.executeStep()) {
    if (ranged) {
      if (filter.limit && passed >= filter.limit) break;
      auto p = Period::Parse(text(11));
      if (!p || p->IsUnknownYear() || p->FirstMonth() < first_month || p->LastMonth() > last_month)
        continue;
    }
    f.id = st.getColumn(0).getInt64();
    f.document = st.getColumn(1).getInt64();
    f.doc_id = text(2);
    f.url = text(3);
    f.title = text(4);
    f.published = text(5);
    f.type = text(6);
    f.subject = text(7);
    f.object = text(8);
    f.location = text(9);
    f.unit = text(10);
    f.period = text(11);
    f.modality = text(12);
    f.qualifiers = text(13);
    f.value_text = text(14);
    auto v = Decimal::Parse(f.value_text);
    auto a = ParseApprox(text(15));
    if (!v || !a) {
      if (bad_values) ++*bad_values;
      continue;
    }
    f.value = *v;
    f.approx = *a;
    f.precision_exp = st.getColumn(16).getInt();
    f.span_begin = st.getColumn(17).getInt64();
    f.span_end = st.getColumn(18).getInt64();
    f.sentence_begin = st.getColumn(19).getInt64();
    f.sentence_end = st.getColumn(20).getInt64();
    f.evidence = text(21);
    f.rule = text(22);
    f.scope = text(23);
    f.source_file = text(24);
    f.doc_subjects = static_cast<size_t>(st.getColumn(25).getInt64());
    ++passed;
    if (!fn(f)) break;
  }
  return passed;
}

size_t ForEachFact(SQLite::Database& db, const FactFilter& filter, const std::function<bool(StoredFact&)>& fn,
                   size_t* bad_values) {
  FactQuery query(db, filter);
  return query.Run(filter, fn, bad_values);
}

std::vector<StoredFact> LoadFacts(SQLite::Database& db, const FactFilter& filter, size_t* bad_values) {
  std::vector<StoredFact> out;
  ForEachFact(db, filter, [&](StoredFact& f) {
    out.push_back(std::move(f));
    return true;
  }, bad_values);
  return out;
}

std::pair<size_t, size_t> CountFacts(SQLite::Database& db) {
  FactFilter light;
  light.with_text = false;
  light.order = FactFilter::Order::kDocument;
  size_t facts = 0, documents = 0;
  int64_t last = -1;
  ForEachFact(db, light, [&](StoredFact& f) {
    ++facts;
    if (f.document != last) ++documents, last = f.document;
    return true;
  });
  return {facts, documents};
}

std::vector<std::string> KnownTypes(SQLite::Database& db, const PackSchema* schema) {
  std::set<std::string> types;
  SQLite::Statement st(db, "SELECT DISTINCT type FROM facts");
  while (st.executeStep()) types.insert(st.getColumn(0).getString());
  if (schema)
    for (const auto& t : schema->types()) types.insert(t.name);
  return {types.begin(), types.end()};
}

void FillText(SQLite::Database& db, std::vector<StoredFact*> facts) {
  constexpr size_t kBatch = 500;
  std::map<int64_t, std::vector<StoredFact*>> by_id;
  for (auto* f : facts) by_id[f->id].push_back(f);
  std::vector<int64_t> ids;
  for (const auto& [id, v] : by_id) ids.push_back(id);
  bool slim = HasSlimFacts(db);
  for (size_t start = 0; start < ids.size(); start += kBatch) {
    size_t end = std::min(ids.size(), start + kBatch);
    std::string sql = std::string("SELECT f.id, d.title, f.qualifiers, ") + EvidenceColumn(slim) + ", " +
                      RuleColumn(slim) + " FROM facts f JOIN documents d ON d.id = f.document_id" +
                      TextJoins(slim) + " WHERE f.id IN (";
    for (size_t i = start; i < end; ++i) sql += (i > start ? "," : "") + std::to_string(ids[i]);
    sql += ")";
    SQLite::Statement st(db, sql);
    while (st.executeStep()) {
      auto it = by_id.find(st.getColumn(0).getInt64());
      if (it == by_id.end()) continue;
      for (auto* f : it->second) {
        auto text = [&](int i) { return st.getColumn(i).isNull() ? std::string() : st.getColumn(i).getString(); };
        f->title = text(1);
        f->qualifiers = text(2);
        f->evidence = text(3);
        f->rule = text(4);
      }
    }
  }
}

}  // namespace quarry::verify
