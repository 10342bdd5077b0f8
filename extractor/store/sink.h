// Sinks receive each document's facts in input order (ripgrep's Sink seam): the batch driver
// never branches on the output format. SqliteSink writes through a Store in batch transactions;
// JsonlSink prints the facts JSONL contract to a stream.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/fact.h"
#include "store/store.h"

namespace quarry::store {

class Sink {
 public:
  virtual ~Sink() = default;
  // One document and its facts. Documents arrive in input order; Put() may buffer until Flush().
  virtual bool Put(const DocumentRecord& doc, const std::vector<Fact>& facts, PutResult* result,
                   std::string* error) = 0;
  // End of a batch: everything Put so far becomes durable/visible together (commit, flush).
  virtual bool Flush(std::string* error) = 0;
  // Seconds spent inside the sink's output calls (SQLite time for the store).
  virtual double seconds() const = 0;
};

// Writes documents, facts and done marks; one transaction (BEGIN IMMEDIATE) per batch.
class SqliteSink : public Sink {
 public:
  // `replace_by_doc_id`: quarry load semantics (see Store::PutDocument).
  SqliteSink(Store* store, int64_t run_id, bool replace_by_doc_id = false)
      : store_(store), run_id_(run_id), replace_by_doc_id_(replace_by_doc_id) {}
  ~SqliteSink() override;
  bool Put(const DocumentRecord& doc, const std::vector<Fact>& facts, PutResult* result,
           std::string* error) override;
  bool Flush(std::string* error) override;
  double seconds() const override { return seconds_; }

 private:
  Store* store_;
  int64_t run_id_;
  bool replace_by_doc_id_;
  double seconds_ = 0;
};

// Prints one JSON line per fact (fact_json.h). Documents whose content hash was already seen in
// this run are skipped, like the store does.
class JsonlSink : public Sink {
 public:
  explicit JsonlSink(std::FILE* out) : out_(out) {}
  bool Put(const DocumentRecord& doc, const std::vector<Fact>& facts, PutResult* result,
           std::string* error) override;
  bool Flush(std::string* error) override;
  double seconds() const override { return seconds_; }
  static constexpr size_t kJsonlChunk = 256 << 10;

 private:
  bool WriteOut(std::string* error);  // buf_ to out_ (fwrite; Flush also fflushes)
  std::FILE* out_;
  std::string buf_;
  std::unordered_set<uint64_t> seen_;  // the last 64 bits of content hashes
  double seconds_ = 0;
};

}  // namespace quarry::store
