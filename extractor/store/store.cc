// Store implementation over SQLiteCpp: schema set-up and migrations (PRAGMA user_version),
// prepared statements for the batch writer, runs bookkeeping. SQLiteCpp throws on errors; every
// public method catches and reports, so callers see plain bool + message.
#include "store/store.h"
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "store/embedded_sql.h"

namespace quarry::store {
namespace {

std::string JoinQualifiers(const std::vector<std::string>& q) {
  std::string out;
  for (const auto& s : q) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

std::string AlsoAtJson(const std::vector<RawSpan>& spans) {
  if (spans.empty()) return {};
  std::string out = "[";
  for (size_t i = 0; i < spans.size(); ++i) {
    if (i) out += ',';
    out += '[' + std::to_string(spans[i].begin) + ',' + std::to_string(spans[i].end) + ']';
  }
  return out + ']';
}

std::string HostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

// Binds a runs.id, or NULL when there is no run (0).
void BindRun(SQLite::Statement& st, int i, int64_t run_id) {
  if (run_id > 0) st.bind(i, run_id); else st.bind(i);
}

// Refuses, before anything writes to it, a file that is not a new or a quarry database: another
// program's SQLite database (any tables, but not quarry's documents and facts) or a file that is
// not SQLite at all. Missing and empty files are new databases. It reads through a read-only
// connection, so a refused file keeps every byte (no WAL switch, no schema, no views).
bool CheckOwnDatabase(const std::string& path, int busy_timeout_ms, std::string* error) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return true;  // a new database (or an error Open reports)
  if (S_ISDIR(st.st_mode)) {
    *error = path + ": is a directory, not a database file";
    return false;
  }
  if (!S_ISREG(st.st_mode) || st.st_size == 0) return true;
  {
    char magic[16] = {};
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return true;  // unreadable: Open reports it
    ssize_t n = ::read(fd, magic, sizeof magic);
    ::close(fd);
    if (n != 16 || std::memcmp(magic, "SQLite format 3", 16) != 0) {
      *error = path + ": not a SQLite database (quarry writes only to its own databases)";
      return false;
    }
  }
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY, busy_timeout_ms);
    std::vector<std::string> tables;
    bool documents = false, facts = false;
    SQLite::Statement st(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name");
    while (st.executeStep()) {
      std::string name = st.getColumn(0).getString();
      documents = documents || name == "documents";
      facts = facts || name == "facts";
      if (name.rfind("sqlite_", 0) != 0) tables.push_back(name);
    }
    if (tables.empty() || (documents && facts)) return true;
    std::string list;
    for (size_t i = 0; i < tables.size() && i < 5; ++i) list += (i ? ", " : "") + tables[i];
    if (tables.size() > 5) list += ", ...";
    *error = path + ": not a quarry database (it holds " + list +
             "); quarry writes only to its own databases: give a new file with --db";
    return false;
  } catch (const SQLite::Exception& e) {
    // A WAL database on read-only media cannot even be read here: nothing can be written to it
    // either, and Open names the cause (read-only) better.
    int code = e.getErrorCode() & 0xff;
    if (code == SQLITE_CANTOPEN || code == SQLITE_READONLY) return true;
    *error = path + ": " + e.what();
    return false;
  } catch (const std::exception& e) {
    *error = path + ": " + e.what();
    return false;
  }
}

// Binds a count, or NULL when negative (not counted).
void BindCount(SQLite::Statement& st, int i, int64_t n) {
  if (n < 0) st.bind(i); else st.bind(i, n);
}

// Binds s as text, or NULL when empty (optional columns).
void BindOpt(SQLite::Statement& st, int i, const std::string& s) {
  if (s.empty()) st.bind(i); else st.bindNoCopy(i, s);
}

}  // namespace

// Note [Indexing sentences]
// A fact's evidence is a row of `sentences` (one per document, sentence span and text), and
// sentences_fts indexes that table as external content: FTS5 keeps its index only and reads the
// text from `sentences`. Writing the index row by row cost more than the facts themselves (each
// insert updates FTS5's segments), so PutDocument writes none: FinishRun indexes every sentence
// above fts_indexed.up_to with one INSERT ... SELECT and moves up_to, in one transaction. A
// document's facts, sentences and done mark still commit together, so a kill at any moment
// loses nothing; it only leaves sentences unindexed, which the next run's FinishRun indexes (and
// `query`, the one command whose SQL may read sentences_fts, first, through IndexSentences).
// Two things keep the index exact, which FTS5 cannot check for external content:
// - sentence ids are never reused: the writer assigns them above both max(id) and up_to, since
//   SQLite's own choice (max(id) + 1) would hand an indexed id to a new sentence after the top
//   rows were deleted, and the new sentence would never be indexed;
// - a replaced document's sentences at or below up_to are removed from the index (FTS5's
//   'delete' with their old values) before their rows are deleted.

// Text values stored once in a small table (rules, grammar_versions) and referenced by id. The
// writer keeps the ids in memory, so a fact's insert costs a hash lookup, not a query; the
// ids a transaction creates are pending until it commits (a rollback forgets them).
struct Interned {
  Interned(const char* select, const char* insert) : select_sql(select), insert_sql(insert) {}
  const char* select_sql;
  const char* insert_sql;
  std::unordered_map<std::string, int64_t> known, pending;
  std::unique_ptr<SQLite::Statement> select, insert;

  int64_t Id(SQLite::Database& db, const std::string& text) {
    if (auto it = known.find(text); it != known.end()) return it->second;
    if (auto it = pending.find(text); it != pending.end()) return it->second;
    if (!select) select = std::make_unique<SQLite::Statement>(db, select_sql);
    select->reset();
    select->bindNoCopy(1, text);
    int64_t id;
    if (select->executeStep()) {
      id = select->getColumn(0).getInt64();
      select->reset();
      known.emplace(text, id);  // committed before this transaction
      return id;
    }
    select->reset();
    if (!insert) insert = std::make_unique<SQLite::Statement>(db, insert_sql);
    insert->reset();
    insert->bindNoCopy(1, text);
    insert->exec();
    id = db.getLastInsertRowid();
    pending.emplace(text, id);
    return id;
  }
  void Commit() {
    known.merge(pending);
    pending.clear();
  }
  void Rollback() { pending.clear(); }
  void Close() {
    select.reset();
    insert.reset();
  }
};

struct Store::Impl {
  std::unique_ptr<SQLite::Database> db;
  bool read_only = false;
  bool in_tx = false;
  int schema_version = 0;
  // Entity names this connection has written: a fact names one of a few hundred entities, so
  // the INSERT OR IGNORE runs once per name and run, not once per fact. Names written in the open
  // transaction are pending until it commits (a rollback forgets them).
  std::unordered_set<std::string> entities_known, entities_pending;
  Interned rules{"SELECT id FROM rules WHERE rule = ?", "INSERT INTO rules (rule) VALUES (?)"};
  Interned grammar_versions{"SELECT id FROM grammar_versions WHERE version = ?",
                            "INSERT INTO grammar_versions (version) VALUES (?)"};
  // The id the next sentence gets (Note [Indexing sentences]); 0 = read it from the database
  // first, as every transaction does (another writer may have added sentences meanwhile).
  int64_t next_sentence = 0;
  // A document's sentences by span and text, while PutDocument writes its facts.
  std::map<std::tuple<uint64_t, uint64_t, std::string_view>, int64_t> doc_sentences;
  // Prepared lazily (a read-only store never prepares the writers).
  std::unique_ptr<SQLite::Statement> lookup_hash, lookup_doc_id, insert_doc, update_doc, delete_facts,
      unindex_sentences, delete_sentences, insert_fact, insert_entity, insert_sentence, mark_loaded;

  int64_t NextSentenceId() {
    if (next_sentence == 0)
      next_sentence = db->execAndGet("SELECT max(coalesce((SELECT max(id) FROM sentences), 0), "
                                     "coalesce((SELECT max(up_to) FROM fts_indexed), 0)) + 1")
                          .getInt64();
    return next_sentence++;
  }

  // Indexes the sentences above fts_indexed.up_to (Note [Indexing sentences]), in the caller's
  // transaction.
  void IndexSentences() {
    db->exec("INSERT INTO sentences_fts (rowid, evidence, document_id, sentence_begin, sentence_end) "
             "SELECT id, evidence, document_id, sentence_begin, sentence_end FROM sentences "
             "WHERE id > (SELECT up_to FROM fts_indexed)");
    db->exec("UPDATE fts_indexed SET up_to = max(up_to, coalesce((SELECT max(id) FROM sentences), 0))");
  }

  SQLite::Statement& Prep(std::unique_ptr<SQLite::Statement>& st, const char* sql) {
    if (!st) st = std::make_unique<SQLite::Statement>(*db, sql);
    st->reset();
    return *st;
  }

  int UserVersion() { return db->execAndGet("PRAGMA user_version").getInt(); }

  // Applies db/schema.sql on a new database (version 0 -> 1), then every migration above the
  // current version, each in its own transaction together with its user_version bump.
  void Migrate() {
    int v = UserVersion();
    if (v == 0) {
      SQLite::Transaction tx(*db);
      db->exec(std::string(embedded::kSchemaSql));
      db->exec("PRAGMA user_version = 1");
      tx.commit();
      v = 1;
    }
    for (const auto& m : embedded::kMigrations) {
      if (m.version <= v || m.sql.empty()) continue;
      SQLite::Transaction tx(*db);
      db->exec(std::string(m.sql));
      db->exec("PRAGMA user_version = " + std::to_string(m.version));
      tx.commit();
      v = m.version;
    }
    if (!embedded::kViewsSql.empty()) db->exec(std::string(embedded::kViewsSql));
    schema_version = v;
  }
};

Store::Store() : impl_(std::make_unique<Impl>()) {}
Store::~Store() {
  if (impl_ && impl_->db && impl_->in_tx) Rollback();
}

int Store::LatestSchemaVersion() {
  int v = 1;
  for (const auto& m : embedded::kMigrations) v = std::max(v, m.version);
  return v;
}

std::unique_ptr<Store> Store::Open(const std::string& path, std::string* error, int busy_timeout_ms) {
  std::unique_ptr<Store> s(new Store());
  if (!CheckOwnDatabase(path, busy_timeout_ms, error)) return nullptr;
  try {
    s->impl_->db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                                                      busy_timeout_ms);
    // WAL: readers never block the writer; synchronous=NORMAL is durable at each checkpoint and
    // never corrupts on a crash (a kill loses at most the last uncommitted batch).
    s->impl_->db->exec("PRAGMA journal_mode = WAL");
    s->impl_->db->exec("PRAGMA synchronous = NORMAL");
    // Foreign keys are not enforced on this connection: it writes a document's facts and FTS
    // rows right after the document row, in the same transaction, and replaces them as a unit
    // (PutDocument), so the references hold by construction, and extract_resume.sh checks
    // PRAGMA foreign_key_check after every kill. Enforcing them looked up the parent row for
    // every fact: SQLite alone copying 100 MB of English's rows took 8.2 CPU s with them, 3.8 s
    // without. The schema still declares them, for readers and for sqlite3 users who turn
    // them on.
    s->impl_->db->exec("PRAGMA foreign_keys = OFF");
    // A 16 MB page cache (SQLite's default is 2 MB). The writer's inserts land all over the
    // indexes (facts_lookup, content_hash, the FTS segments); with 2 MB, nearly every one read
    // its page back from the OS, and system time grew 23x from 10 MB to 100 MB of English
    // (0.25 -> 5.65 s). With 16 MB: 2.73 s at 100 MB, and peak RSS 36 -> 39 MB from 10 MB to
    // 100 MB (flat: the cache is full at either size), against 21 -> 23 MB with 2 MB.
    s->impl_->db->exec("PRAGMA cache_size = -16384");
    s->impl_->Migrate();
  } catch (const std::exception& e) {
    // SQLite says "unable to open database file" or "attempt to write a readonly database" for a
    // read-only file or file system: name the cause the user can act on.
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path dir = fs::path(path).parent_path();
    if (dir.empty()) dir = ".";
    bool exists = fs::exists(path, ec);
    if ((exists && access(path.c_str(), W_OK) != 0) || access(dir.c_str(), W_OK) != 0) {
      *error = path + ": database is read-only (cannot write to it or its folder: " +
               std::strerror(errno) + ")";
    } else {
      *error = path + ": " + e.what();
    }
    return nullptr;
  }
  return s;
}

std::unique_ptr<Store> Store::OpenReadOnly(const std::string& path, std::string* error, int busy_timeout_ms) {
  std::unique_ptr<Store> s(new Store());
  try {
    s->impl_->db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY, busy_timeout_ms);
    s->impl_->read_only = true;
    s->impl_->schema_version = s->impl_->UserVersion();
  } catch (const std::exception& e) {
    *error = path + ": " + e.what();
    return nullptr;
  }
  return s;
}

namespace {
void ReadExisting(SQLite::Statement& st, Existing* out) {
  auto text = [&](int i) { return st.getColumn(i).isNull() ? std::string() : st.getColumn(i).getString(); };
  out->id = st.getColumn(0).getInt64();
  out->grammar_version = text(1);
  out->doc_id = text(2);
  out->url = text(3);
  out->title = text(4);
  out->published = text(5);
  out->source_file = text(6);
  out->source_offset = st.getColumn(7).isNull() ? 0 : static_cast<uint64_t>(st.getColumn(7).getInt64());
}
}  // namespace

int Store::SchemaVersion() const { return impl_->schema_version; }

bool Store::Lookup(const std::string& content_hash, Existing* out, std::string* error) {
  *out = Existing{};
  try {
    auto& st = impl_->Prep(impl_->lookup_hash,
                           "SELECT id, grammar_version, doc_id, url, title, published, source_file, source_offset "
                           "FROM documents WHERE content_hash = ?");
    st.bindNoCopy(1, content_hash);
    if (st.executeStep()) ReadExisting(st, out);
    st.reset();
    return true;
  } catch (const std::exception& e) {
    *error = std::string("lookup: ") + e.what();
    return false;
  }
}

bool Store::LookupDocId(const std::string& doc_id, Existing* out, std::string* error) {
  *out = Existing{};
  try {
    auto& st = impl_->Prep(impl_->lookup_doc_id,
                           "SELECT id, grammar_version, doc_id, url, title, published, source_file, source_offset "
                           "FROM documents WHERE doc_id = ? ORDER BY id DESC LIMIT 1");
    st.bindNoCopy(1, doc_id);
    if (st.executeStep()) ReadExisting(st, out);
    st.reset();
    return true;
  } catch (const std::exception& e) {
    *error = std::string("lookup: ") + e.what();
    return false;
  }
}

bool Store::MarkLoaded(const std::string& doc_id, bool* first, std::string* error) {
  try {
    if (!impl_->mark_loaded)
      impl_->db->exec("CREATE TEMP TABLE IF NOT EXISTS loaded_doc_ids (doc_id TEXT PRIMARY KEY) WITHOUT ROWID");
    auto& st = impl_->Prep(impl_->mark_loaded, "INSERT OR IGNORE INTO temp.loaded_doc_ids (doc_id) VALUES (?)");
    st.bindNoCopy(1, doc_id);
    st.exec();
    *first = impl_->db->getChanges() == 1;
    st.reset();
    return true;
  } catch (const std::exception& e) {
    *error = std::string("load: ") + e.what();
    return false;
  }
}

bool Store::Begin(std::string* error) {
  try {
    impl_->db->exec("BEGIN IMMEDIATE");
    impl_->in_tx = true;
    impl_->next_sentence = 0;
    return true;
  } catch (const std::exception& e) {
    *error = std::string("begin: ") + e.what();
    return false;
  }
}

bool Store::Commit(std::string* error) {
  try {
    impl_->db->exec("COMMIT");
    impl_->in_tx = false;
    impl_->entities_known.merge(impl_->entities_pending);
    impl_->entities_pending.clear();
    impl_->rules.Commit();
    impl_->grammar_versions.Commit();
    impl_->next_sentence = 0;
    return true;
  } catch (const std::exception& e) {
    *error = std::string("commit: ") + e.what();
    Rollback();
    return false;
  }
}

void Store::Rollback() {
  impl_->db->tryExec("ROLLBACK");
  impl_->in_tx = false;
  impl_->entities_pending.clear();
  impl_->rules.Rollback();
  impl_->grammar_versions.Rollback();
  impl_->next_sentence = 0;
}

bool Store::InTransaction() const { return impl_->in_tx; }

bool Store::PutDocument(const DocumentRecord& doc, const std::vector<Fact>& facts, int64_t run_id,
                        bool replace_by_doc_id, PutResult* result, std::string* error) {
  auto& m = *impl_;
  try {
    Existing ex;
    if (!Lookup(doc.content_hash, &ex, error)) return false;
    if (ex.id != 0 && ex.grammar_version == doc.grammar_version && !ex.MetadataDiffers(doc) && !doc.force) {
      *result = PutResult::kSkipped;
      return true;
    }
    if (ex.id == 0) {
      if (!LookupDocId(doc.doc_id, &ex, error)) return false;
      // extract: only the same document read again from the same file replaces its row.
      if (!replace_by_doc_id &&
          (doc.source_file.empty() || ex.source_file != doc.source_file || ex.source_offset != doc.source_offset))
        ex = Existing{};
    }

    int64_t id = ex.id;
    if (id != 0) {
      // Replace as a unit: drop the old sentences (from the index first, where indexed), the
      // old facts, then rewrite the row. A document's sentences are found through its facts
      // (facts_document), which spares `sentences` an index of its own.
      auto& ux = m.Prep(m.unindex_sentences,
                        "INSERT INTO sentences_fts (sentences_fts, rowid, evidence, document_id, sentence_begin, "
                        "sentence_end) SELECT 'delete', id, evidence, document_id, sentence_begin, sentence_end "
                        "FROM sentences WHERE id IN (SELECT sentence_id FROM facts WHERE document_id = ?) "
                        "AND id <= (SELECT up_to FROM fts_indexed)");
      ux.bind(1, id);
      ux.exec();
      auto& ds = m.Prep(m.delete_sentences,
                        "DELETE FROM sentences WHERE id IN (SELECT sentence_id FROM facts WHERE document_id = ?)");
      ds.bind(1, id);
      ds.exec();
      auto& df = m.Prep(m.delete_facts, "DELETE FROM facts WHERE document_id = ?");
      df.bind(1, id);
      df.exec();
      auto& up = m.Prep(m.update_doc,
                        "UPDATE documents SET doc_id = ?, url = ?, title = ?, published = ?, content_hash = ?, "
                        "source_file = ?, source_offset = ?, bytes = ?, charset = ?, status = 'done', "
                        "error = NULL, grammar_version = ?, run_id = ?, unread_figures = ? WHERE id = ?");
      up.bindNoCopy(1, doc.doc_id);
      BindOpt(up, 2, doc.url);
      BindOpt(up, 3, doc.title);
      BindOpt(up, 4, doc.published);
      up.bindNoCopy(5, doc.content_hash);
      BindOpt(up, 6, doc.source_file);
      up.bind(7, static_cast<int64_t>(doc.source_offset));
      up.bind(8, static_cast<int64_t>(doc.bytes));
      BindOpt(up, 9, doc.charset);
      up.bindNoCopy(10, doc.grammar_version);
      BindRun(up, 11, run_id);
      BindCount(up, 12, doc.unread_figures);
      up.bind(13, id);
      up.exec();
      *result = PutResult::kReplaced;
    } else {
      auto& ins = m.Prep(m.insert_doc,
                         "INSERT INTO documents (doc_id, url, title, published, content_hash, source_file, "
                         "source_offset, bytes, charset, status, grammar_version, run_id, unread_figures) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'done', ?, ?, ?)");
      ins.bindNoCopy(1, doc.doc_id);
      BindOpt(ins, 2, doc.url);
      BindOpt(ins, 3, doc.title);
      BindOpt(ins, 4, doc.published);
      ins.bindNoCopy(5, doc.content_hash);
      BindOpt(ins, 6, doc.source_file);
      ins.bind(7, static_cast<int64_t>(doc.source_offset));
      ins.bind(8, static_cast<int64_t>(doc.bytes));
      BindOpt(ins, 9, doc.charset);
      ins.bindNoCopy(10, doc.grammar_version);
      BindRun(ins, 11, run_id);
      BindCount(ins, 12, doc.unread_figures);
      ins.exec();
      id = m.db->getLastInsertRowid();
      *result = PutResult::kInserted;
    }

    m.doc_sentences.clear();
    std::tuple<uint64_t, uint64_t, std::string_view> last_key{UINT64_MAX, UINT64_MAX, {}};
    int64_t last_sentence = 0;
    for (const auto& f : facts) {
      std::string value = f.value.ToString();
      std::string qualifiers = JoinQualifiers(f.qualifiers);
      std::string also_at = AlsoAtJson(f.also_at);
      const std::string& gv = f.grammar_version.empty() ? doc.grammar_version : f.grammar_version;
      // The facts of one sentence are adjacent (document order): the last sentence is the usual hit.
      int64_t sentence_id = 0;
      if (!f.evidence.empty()) {
        std::tuple<uint64_t, uint64_t, std::string_view> key{f.sentence.begin, f.sentence.end, f.evidence};
        if (key == last_key) {
          sentence_id = last_sentence;
        } else if (auto it = m.doc_sentences.find(key); it != m.doc_sentences.end()) {
          sentence_id = it->second;
        } else {
          sentence_id = m.NextSentenceId();
          auto& si = m.Prep(m.insert_sentence,
                            "INSERT INTO sentences (id, document_id, sentence_begin, sentence_end, evidence) "
                            "VALUES (?, ?, ?, ?, ?)");
          si.bind(1, sentence_id);
          si.bind(2, id);
          si.bind(3, static_cast<int64_t>(f.sentence.begin));
          si.bind(4, static_cast<int64_t>(f.sentence.end));
          si.bindNoCopy(5, f.evidence);
          si.exec();
          m.doc_sentences.emplace(key, sentence_id);
        }
        last_key = key;
        last_sentence = sentence_id;
      }
      int64_t rule_id = m.rules.Id(*m.db, f.rule);
      int64_t gv_id = m.grammar_versions.Id(*m.db, gv);
      auto& fi = m.Prep(m.insert_fact,
                        "INSERT INTO facts (document_id, type, subject, object, location, value, unit, period, "
                        "approx, precision_exp, modality, qualifiers, span_begin, span_end, sentence_begin, "
                        "sentence_end, sentence_id, rule_id, grammar_version_id, also_at, scope) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      fi.bind(1, id);
      fi.bindNoCopy(2, f.type);
      fi.bindNoCopy(3, f.subject);
      BindOpt(fi, 4, f.object);
      BindOpt(fi, 5, f.location);
      fi.bindNoCopy(6, value);
      BindOpt(fi, 7, f.unit);
      BindOpt(fi, 8, f.period);
      fi.bind(9, ApproxSymbol(f.approx));
      fi.bind(10, f.precision_exp);
      fi.bindNoCopy(11, f.modality);
      BindOpt(fi, 12, qualifiers);
      fi.bind(13, static_cast<int64_t>(f.span.begin));
      fi.bind(14, static_cast<int64_t>(f.span.end));
      fi.bind(15, static_cast<int64_t>(f.sentence.begin));
      fi.bind(16, static_cast<int64_t>(f.sentence.end));
      if (sentence_id) fi.bind(17, sentence_id); else fi.bind(17);
      fi.bind(18, rule_id);
      fi.bind(19, gv_id);
      BindOpt(fi, 20, also_at);
      fi.bindNoCopy(21, f.scope);
      fi.exec();

      for (const std::string* name : {&f.subject, &f.object}) {
        if (name->empty() || m.entities_known.count(*name) || !m.entities_pending.insert(*name).second) continue;
        auto& en = m.Prep(m.insert_entity, "INSERT OR IGNORE INTO entities (name, first_run) VALUES (?, ?)");
        en.bindNoCopy(1, *name);
        BindRun(en, 2, run_id);
        en.exec();
      }
    }
    m.doc_sentences.clear();
    return true;
  } catch (const std::exception& e) {
    *error = doc.doc_id + ": " + e.what();
    return false;
  }
}

bool Store::StartRun(const RunInfo& info, int64_t* run_id, std::string* error) {
  try {
    std::string host = HostName();
    // Runs of this host still marked running whose process is gone were killed (-9, power
    // loss): they will never finish, so they become interrupted. Runs of other hosts (a
    // database on a shared disk) and of live processes are left alone.
    {
      SQLite::Statement find(*impl_->db, "SELECT id, pid FROM runs WHERE status = 'running' AND pid IS NOT NULL AND host = ?");
      find.bind(1, host);
      std::vector<int64_t> dead;
      while (find.executeStep()) {
        pid_t pid = static_cast<pid_t>(find.getColumn(1).getInt64());
        if (pid != getpid() && ::kill(pid, 0) != 0 && errno == ESRCH) dead.push_back(find.getColumn(0).getInt64());
      }
      for (int64_t id : dead) {
        SQLite::Statement up(*impl_->db,
                             "UPDATE runs SET status = 'interrupted', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', "
                             "'now') WHERE id = ? AND status = 'running'");
        up.bind(1, id);
        up.exec();
      }
    }
    SQLite::Statement st(*impl_->db,
                         "INSERT INTO runs (started_at, quarry_version, grammar_version, options, command, status, "
                         "pid, host) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, ?, ?, 'running', ?, ?)");
    st.bind(1, info.quarry_version);
    st.bind(2, info.grammar_version);
    st.bind(3, info.options_json);
    st.bind(4, info.command);
    st.bind(5, static_cast<int64_t>(getpid()));
    st.bind(6, host);
    st.exec();
    *run_id = impl_->db->getLastInsertRowid();
    return true;
  } catch (const std::exception& e) {
    *error = std::string("runs: ") + e.what();
    return false;
  }
}

bool Store::FinishRun(int64_t run_id, const RunCounts& c, std::string* error) {
  try {
    // The run's sentences are indexed with its record, in one transaction (Note [Indexing
    // sentences]); the time goes to the run's SQLite seconds.
    std::optional<SQLite::Transaction> tx;
    if (!impl_->in_tx) tx.emplace(*impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    auto t0 = std::chrono::steady_clock::now();
    impl_->IndexSentences();
    double index_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    SQLite::Statement st(*impl_->db,
                         "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), documents = ?, "
                         "skipped = ?, errors = ?, facts = ?, seconds = ?, replaced = ?, bytes = ?, "
                         "sqlite_seconds = ?, status = ?, unread_figures = ? WHERE id = ?");
    st.bind(1, static_cast<int64_t>(c.documents));
    st.bind(2, static_cast<int64_t>(c.skipped));
    st.bind(3, static_cast<int64_t>(c.errors));
    st.bind(4, static_cast<int64_t>(c.facts));
    st.bind(5, c.seconds);
    st.bind(6, static_cast<int64_t>(c.replaced));
    st.bind(7, static_cast<int64_t>(c.bytes));
    st.bind(8, c.sqlite_seconds + index_seconds);
    st.bind(9, c.status);
    st.bind(10, static_cast<int64_t>(c.unread_figures));
    st.bind(11, run_id);
    st.exec();
    if (tx) tx->commit();
    return true;
  } catch (const std::exception& e) {
    *error = std::string("runs: ") + e.what();
    return false;
  }
}

bool Store::UnindexedSentences(int64_t* count, std::string* error) {
  try {
    *count = impl_->db->execAndGet("SELECT count(*) FROM sentences WHERE id > (SELECT up_to FROM fts_indexed)")
                 .getInt64();
    return true;
  } catch (const std::exception& e) {
    *error = std::string("sentences: ") + e.what();
    return false;
  }
}

bool Store::IndexSentences(std::string* error) {
  try {
    SQLite::Transaction tx(*impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    impl_->IndexSentences();
    tx.commit();
    return true;
  } catch (const std::exception& e) {
    *error = std::string("sentences_fts: ") + e.what();
    return false;
  }
}

// Note [Closing a WAL database]
// With journal_mode=WAL and synchronous=NORMAL, a COMMIT appends to the -wal file without an
// fsync: a batch is durable once a checkpoint has synced the WAL and copied it into the database.
// The last connection to close runs that checkpoint inside sqlite3_close, which reports no I/O
// error (the fault-injection loop, tests/scripts/fault_injection.sh, showed it: an fsync or a
// write failing there ended extract with exit 0 and no word). So a writer checkpoints itself
// before closing, where an error has a return code: PASSIVE, which copies what no reader still
// needs and never waits for readers (a long `query` beside `extract` must not hold up its exit).
// An I/O error there loses nothing committed (the WAL keeps every frame, and the next open
// replays it), but the user is told the data may not be on disk yet, and the run exits 2.
bool Store::Close(std::string* error) {
  if (!impl_->db) return true;
  if (impl_->in_tx) Rollback();
  bool ok = true;
  if (!impl_->read_only) {
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(impl_->db->getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      *error = std::string("checkpoint: ") + sqlite3_errmsg(impl_->db->getHandle()) +
               " (the committed batches are in the -wal file; the next run replays it)";
      ok = false;
    }
  }
  impl_->lookup_hash.reset();
  impl_->lookup_doc_id.reset();
  impl_->insert_doc.reset();
  impl_->update_doc.reset();
  impl_->delete_facts.reset();
  impl_->unindex_sentences.reset();
  impl_->delete_sentences.reset();
  impl_->insert_fact.reset();
  impl_->insert_entity.reset();
  impl_->insert_sentence.reset();
  impl_->rules.Close();
  impl_->grammar_versions.Close();
  impl_->mark_loaded.reset();
  impl_->db.reset();
  return ok;
}

bool Store::IntegrityOk(std::string* error) {
  try {
    std::string r = impl_->db->execAndGet("PRAGMA integrity_check").getString();
    if (r != "ok") {
      *error = "integrity_check: " + r;
      return false;
    }
    return true;
  } catch (const std::exception& e) {
    *error = std::string("integrity_check: ") + e.what();
    return false;
  }
}

bool Store::QueryColumn(const std::string& sql, const std::vector<std::string>& params,
                        std::vector<std::string>* out, std::string* error) {
  try {
    SQLite::Statement st(*impl_->db, sql);
    for (size_t i = 0; i < params.size(); ++i) st.bind(static_cast<int>(i + 1), params[i]);
    while (st.executeStep()) out->push_back(st.getColumn(0).getString());
    return true;
  } catch (const std::exception& e) {
    *error = e.what();
    return false;
  }
}

}  // namespace quarry::store
