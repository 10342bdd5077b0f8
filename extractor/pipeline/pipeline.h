// The batch pipeline of `quarry extract`, as a library: documents (files, directories, JSONL,
// WARC, gzip, stdin) -> facts -> a sink (SQLite or JSONL), with worker threads, resume (documents
// already stored with this content, grammar version and metadata are skipped), batched
// transactions, a progress line and summary counts. The CLI (cli/cmd_extract.cc) only parses
// options and prints the summary; a program or a test calls Run() the same way.
// See Note [Batch pipeline] in pipeline.cc.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "facts/extractor.h"
#include "input/reader.h"

namespace quarry::pipeline {

// Note [Batch size]: a batch (one SQLite transaction) ends after `docs` documents or
// kBatchSeconds after its first document, whichever comes first; extract and load share the
// rule. Longer transactions rewrite the hot index pages (facts_lookup, content_hash, FTS
// segments) fewer times: on 100 MB of English, 5 s instead of 1 s cut SQLite's time by about
// 14%. A kill -9 costs at most this much work, redone by the next run; Ctrl-C commits once the
// documents in flight are done.
inline constexpr int kDefaultBatchDocs = 10000;
inline constexpr auto kBatchSeconds = std::chrono::seconds(5);

class BatchRule {
 public:
  explicit BatchRule(int docs) : docs_(docs > 0 ? docs : 1) {}
  // Call for every document put into the batch.
  void Added(std::chrono::steady_clock::time_point now) {
    if (in_batch_++ == 0) start_ = now;  // a batch's time counts from its first document
  }
  // True when the open batch should be committed now.
  bool Due(std::chrono::steady_clock::time_point now) const {
    return in_batch_ > 0 && (in_batch_ >= docs_ || now - start_ > kBatchSeconds);
  }
  // After a commit.
  void Reset() { in_batch_ = 0; }
  int docs() const { return docs_; }

 private:
  int docs_;
  int in_batch_ = 0;
  std::chrono::steady_clock::time_point start_;
};

enum class SinkKind { kSqlite, kJsonl };

struct Options {
  std::vector<std::string> inputs;   // files, directories, or "-" (JSONL on stdin)
  SinkKind sink = SinkKind::kSqlite;
  std::string db = "quarry.db";      // kSqlite: the database written (created if missing)
  FILE* jsonl_out = stdout;          // kJsonl: where the fact lines go
  std::string published;             // date of documents that carry none (YYYY-MM-DD, checked by the caller)
  bool force_published = false;      // `published` even for documents with a date
  bool force = false;                // re-extract documents already stored
  int jobs = 1;                      // worker threads (>= 1)
  int batch = kDefaultBatchDocs;     // documents per transaction (Note [Batch size])
  input::ReadOptions read;           // reader options (its `published` is set from ours)
  bool progress = false;             // a progress line on stderr, redrawn in place
  bool handle_sigint = true;         // Ctrl-C stops reading and commits the documents in flight
  // Recorded with the run in the database (runs.command, runs.options).
  std::string command = "extract";
  std::string options_json = "{}";
};

// What a run did. Documents count as stored only once their batch committed.
struct Summary {
  bool started = false;        // false: nothing ran; `error` says why (usage: bad input, database)
  std::string error;
  uint64_t documents = 0, inserted = 0, replaced = 0, skipped = 0, errors = 0, facts = 0, bytes = 0;
  uint64_t metadata_changed = 0;  // of the re-extracted: because date, URL or title changed
  uint64_t undated_docs = 0, unknown_year_facts = 0;  // documents with no date, their XXXX periods
  // Figures that look like facts but gave none, and the documents holding them (Note [Unread
  // figures] in facts/extractor.cc), over the documents stored.
  uint64_t unread_figures = 0, unread_docs = 0;
  std::map<std::string, uint64_t> by_type;
  double seconds = 0, sink_seconds = 0;
  bool sink_failed = false;  // a write failed (reported on stderr); the run stopped there
  bool interrupted = false;  // Ctrl-C
};

// Checks the inputs (they exist, are readable, patterns are valid) without reading them; false
// with *error (one line naming the input).
bool ValidateInputs(const Options& options, std::string* error);

// Runs the pipeline with loaded resources. Read errors, bad documents and write errors are
// printed on stderr as "quarry: ..." lines (coordinated with the progress line) and counted.
Summary Run(const Options& options, std::shared_ptr<const facts::Resources> resources);

}  // namespace quarry::pipeline
