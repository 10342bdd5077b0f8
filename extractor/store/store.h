// Store: the quarry SQLite database (db/schema.sql + db/migrations, embedded). One Store is one
// connection; a process writes through exactly one Store (the writer thread), readers may open
// their own. Every SQL value is a bound parameter; every SQLite error is caught here and comes
// back as `false` plus a message (nothing throws out of this class).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/fact.h"

namespace quarry::store {

// What the documents table records about one document.
struct DocumentRecord {
  std::string doc_id;
  std::string url, title, published;
  std::string content_hash;  // ContentHash() of the raw bytes (or of a facts group for `load`)
  std::string source_file;
  uint64_t source_offset = 0;
  uint64_t bytes = 0;
  std::string charset;
  std::string grammar_version;
  // Figures that look like facts but gave none (Note [Unread figures] in facts/extractor.cc);
  // -1 = not counted (stored as NULL: `load` has no text to count in).
  int64_t unread_figures = -1;
  // Re-extract even when content, grammar and metadata are unchanged (extract --force).
  bool force = false;
};

// What the store already holds for a content hash.
struct Existing {
  int64_t id = 0;  // documents.id, 0 = not stored
  std::string grammar_version;
  std::string doc_id;
  std::string url, title, published, source_file;
  uint64_t source_offset = 0;

  // True when the stored row says something else about the document than `doc` does (its
  // date, URL or title changed: a new --published, edited front matter, other JSONL fields):
  // its facts, whose periods depend on the date, must be extracted again.
  bool MetadataDiffers(const DocumentRecord& doc) const {
    return url != doc.url || title != doc.title || published != doc.published;
  }
};

struct RunInfo {
  std::string quarry_version, grammar_version;
  std::string command;  // "extract", "load"
  std::string options_json;
};

struct RunCounts {
  uint64_t documents = 0;  // documents stored or re-extracted in this run
  uint64_t skipped = 0;    // already present (same content, same grammar) or duplicates
  uint64_t replaced = 0;   // re-extracted with a new grammar version (facts replaced)
  uint64_t errors = 0;     // unreadable / malformed documents
  uint64_t facts = 0;
  uint64_t unread_figures = 0;  // over the documents stored (Note [Unread figures])
  uint64_t bytes = 0;
  double seconds = 0, sqlite_seconds = 0;
  std::string status;  // "done", "interrupted"
};

// Outcome of PutDocument.
enum class PutResult { kInserted, kReplaced, kSkipped };

class Store {
 public:
  // Opens (creating if needed) the database at `path`, sets WAL mode and a busy timeout, and
  // brings the schema to the latest version. nullptr + *error on failure. A file that is not
  // empty and not a quarry database (another program's SQLite database, or not SQLite) is
  // refused before anything is written to it.
  static std::unique_ptr<Store> Open(const std::string& path, std::string* error,
                                     int busy_timeout_ms = 30000);
  // Opens an existing database read-only (no schema changes). For worker-side lookups.
  static std::unique_ptr<Store> OpenReadOnly(const std::string& path, std::string* error,
                                             int busy_timeout_ms = 30000);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // PRAGMA user_version after Open.
  int SchemaVersion() const;
  static int LatestSchemaVersion();

  // The stored document with this content hash, if any (id == 0 when none).
  bool Lookup(const std::string& content_hash, Existing* out, std::string* error);
  // The stored document with this doc id (the most recent one), if any.
  bool LookupDocId(const std::string& doc_id, Existing* out, std::string* error);

  // `load`'s contiguity check: records `doc_id` as loaded by this connection and sets *first to
  // whether it was the first time. The ids go to a TEMP table (SQLite's temporary database, whose
  // small page cache spills to an unnamed temporary file), so remembering every document of a
  // long load costs no memory per document. Inside a batch, a rollback forgets the batch's ids.
  bool MarkLoaded(const std::string& doc_id, bool* first, std::string* error);
  // Batch transactions: Begin() is BEGIN IMMEDIATE (the write lock is taken up front, so a
  // second writer waits for the busy timeout instead of failing mid-batch).
  bool Begin(std::string* error);
  bool Commit(std::string* error);
  void Rollback();
  bool InTransaction() const;

  // Writes one document with its facts and its done mark (status='done'), inside the current
  // transaction. Dedup rule: a row with the same content hash, the same grammar version and the
  // same metadata (url, title, published) is left alone (kSkipped) unless doc.force; otherwise
  // its row and facts are replaced as a unit (kReplaced). A row with the same doc id read from
  // the same source file, at the same offset, but with another content hash (an edited file,
  // new front matter) is replaced too. When `replace_by_doc_id` is set (quarry load), any row with the same doc id
  // is replaced.
  bool PutDocument(const DocumentRecord& doc, const std::vector<Fact>& facts, int64_t run_id,
                   bool replace_by_doc_id, PutResult* result, std::string* error);

  // The full-text index over the stored sentences (Note [Indexing sentences] in store.cc):
  // UnindexedSentences counts those not in it yet (a run killed before FinishRun leaves some);
  // IndexSentences adds them, in a transaction of its own. FinishRun indexes the run's too.
  bool UnindexedSentences(int64_t* count, std::string* error);
  bool IndexSentences(std::string* error);

  // runs table: StartRun inserts a row (committed on its own) with this process's pid and host,
  // after marking `interrupted` the runs of this host still `running` whose process is gone
  // (killed with -9); FinishRun indexes the sentences not yet in sentences_fts and updates it,
  // in one transaction.
  bool StartRun(const RunInfo& info, int64_t* run_id, std::string* error);
  bool FinishRun(int64_t run_id, const RunCounts& counts, std::string* error);

  // Ends a writing session (extract, load) so that a failure to make its data durable is seen:
  // see Note [Closing a WAL database]. False with the cause when the checkpoint or the close
  // failed; the store is closed either way (no method may be called after it).
  bool Close(std::string* error);

  // PRAGMA integrity_check == "ok".
  bool IntegrityOk(std::string* error);

  // Runs one statement with bound text parameters and returns the first column of every row
  // (tests and tools).
  bool QueryColumn(const std::string& sql, const std::vector<std::string>& params,
                   std::vector<std::string>* out, std::string* error);

 private:
  Store();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Hex SHA-256 of `bytes` (64 characters), the content hash of databases written by earlier
// versions; a run hashes through store/content_hash.h, which picks the kind per database.
std::string ContentHash(std::string_view bytes);

}  // namespace quarry::store
