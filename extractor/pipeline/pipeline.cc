// The batch pipeline (pipeline.h): one reader thread, N worker threads each with its own
// facts::Extractor, and the calling thread as the single writer, which takes results strictly in
// input order so the output is the same for any number of jobs.
#include "pipeline/pipeline.h"

#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "base/terminal.h"
#include "base/version.h"
#include "store/content_hash.h"
#include "store/sink.h"
#include "store/store.h"

// Note [Batch pipeline]
// The reader numbers documents as it reads them (seq). Workers hash the raw bytes, ask the
// store (through their own read-only connection) whether that content was already extracted
// with this grammar version, and extract only if not. The writer waits for seq = next, hands
// the document to the sink, and every --batch documents or kBatchSeconds (Note [Batch size] in
// pipeline.h) ends the batch: one SQLite
// transaction holds each document row, its facts and its done mark, so a kill at any moment
// leaves whole documents or nothing, and the next run skips exactly the documents committed.
// The number of documents in flight is capped, which bounds memory whatever the archive size.

namespace quarry::pipeline {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnSigint(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C kills at once
}

struct Item {
  uint64_t seq = 0;
  Document doc;
  std::string hash;
  bool known = false;  // already stored with this grammar version and metadata: nothing to extract
  bool metadata_changed = false;  // stored with this grammar, but its date, URL or title differ
  bool failed = false;
  std::string error;
  std::vector<Fact> facts;
  uint64_t unread = 0;     // Note [Unread figures] in facts/extractor.cc
  uint64_t read_mark = 0;  // input bytes consumed when this document had been read
};

// Shared state of one run. The reader pushes to `work`; workers move items to `done`; the
// writer takes done[next] in order.
struct Pipeline {
  std::mutex mu;
  std::condition_variable work_cv, done_cv, space_cv;
  std::deque<std::unique_ptr<Item>> work;
  std::map<uint64_t, std::unique_ptr<Item>> done;
  std::vector<std::unique_ptr<Item>> free_items;  // recycled: keeps buffers' capacity
  uint64_t read_count = 0;   // documents read so far (next seq)
  uint64_t written = 0;      // documents the writer has taken
  bool reader_done = false;
  bool abort = false;        // writer failed: everyone stops
  uint64_t max_in_flight = 64;
  // How documents are hashed: as the database already does (Note [Content hash] in
  // store/content_hash.cc); XXH3-128 for JSONL output.
  store::HashKind hash_kind = store::HashKind::kXxh128;
  // Raw bytes of the documents in flight, and their cap (Note [Memory budget] in input/reader.cc):
  // the reader waits once they pass it, unless nothing is in flight.
  uint64_t bytes_in_flight = 0, max_bytes_in_flight = UINT64_MAX;

  // Note [Wake-ups]: each wake-up of a sleeping thread is a futex call and a context switch,
  // several microseconds. Waking the writer for every finished document and the reader for
  // every stored one cost about 5% of extract's CPU time, so both are woken in groups: the
  // writer once the next document and a few after it are done (or the input is drained), the
  // reader once the documents in flight have fallen to half the cap. The writer also wakes
  // every 200 ms on its own, so a group that never fills only delays, never stalls. Under p.mu.
  bool WriterHasWork() const {
    if (!done.count(written)) return false;
    return done.size() >= std::min<uint64_t>(8, max_in_flight / 2) || work.empty() || reader_done || abort;
  }
  bool ReaderMayRead() const { return read_count - written <= max_in_flight / 2; }

  std::atomic<uint64_t> bytes_read{0}, total_bytes{0};
};

std::string FormatBytes(double b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  return buf;
}

std::string FormatDuration(double s) {
  int t = static_cast<int>(s + 0.5);
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%d:%02d", t / 60, t % 60);
  return buf;
}

// Serializes stderr between the reader's error lines and the writer's progress line.
std::mutex g_err_mu;
bool g_progress_shown = false;

void ClearProgressLocked() {
  if (g_progress_shown) {
    std::fputs("\r\x1b[K", stderr);
    g_progress_shown = false;
  }
}

void ErrorLine(const std::string& msg) {
  std::lock_guard<std::mutex> l(g_err_mu);
  ClearProgressLocked();
  std::fprintf(stderr, "quarry: %s\n", TerminalSafe(msg).c_str());  // names and ids come from inputs
}

struct Totals {
  uint64_t documents = 0, inserted = 0, replaced = 0, skipped = 0, errors = 0, facts = 0, bytes = 0;
  uint64_t metadata_changed = 0;  // of `replaced`: re-extracted because date, URL or title changed
  uint64_t undated_docs = 0, unknown_year_facts = 0;  // documents with no date, their XXXX periods
  uint64_t unread_figures = 0, unread_docs = 0;       // Note [Unread figures] in facts/extractor.cc
  std::map<std::string, uint64_t> by_type;

  // Adds the stored documents of a committed batch.
  void AddStored(const Totals& batch) {
    documents += batch.documents;
    inserted += batch.inserted;
    replaced += batch.replaced;
    metadata_changed += batch.metadata_changed;
    undated_docs += batch.undated_docs;
    unknown_year_facts += batch.unknown_year_facts;
    unread_figures += batch.unread_figures;
    unread_docs += batch.unread_docs;
    facts += batch.facts;
    for (const auto& [type, n] : batch.by_type) by_type[type] += n;
  }
};

// The date a document's periods are resolved against, as stored in documents.published:
// --published when forced or when the document has none (the reader fills the latter in).
std::string EffectivePublished(const Document& doc, const Options& args) {
  if (args.force_published && !args.published.empty()) return args.published;
  return doc.published;
}

// What the documents row will say about `doc` (also what the worker compares the stored row with).
store::DocumentRecord RecordOf(const Document& doc, const std::string& hash, const Options& args,
                               const std::string& grammar_version) {
  store::DocumentRecord rec;
  rec.doc_id = doc.id;
  rec.url = doc.url;
  rec.title = doc.title;
  rec.published = EffectivePublished(doc, args);
  rec.content_hash = hash;
  rec.source_file = doc.source_file;
  rec.source_offset = doc.source_offset;
  rec.bytes = doc.raw.size();
  rec.charset = doc.charset_hint;
  rec.grammar_version = grammar_version;
  rec.force = args.force;
  return rec;
}

void Worker(Pipeline& p, std::shared_ptr<const facts::Resources> res, const Options& args) {
  facts::ExtractOptions eo;
  eo.published_override = args.published;
  eo.force_published = args.force_published;
  facts::Extractor extractor(res, eo);
  std::unique_ptr<store::Store> lookup;
  bool lookup_tried = false;
  for (;;) {
    std::unique_ptr<Item> it;
    {
      std::unique_lock<std::mutex> l(p.mu);
      p.work_cv.wait(l, [&] { return !p.work.empty() || p.reader_done || p.abort; });
      if (p.abort || p.work.empty()) return;
      it = std::move(p.work.front());
      p.work.pop_front();
    }
    it->hash = store::ContentHash(it->doc.raw, p.hash_kind);
    if (args.sink == SinkKind::kSqlite) {
      if (!lookup_tried) {
        lookup_tried = true;
        std::string err;
        lookup = store::Store::OpenReadOnly(args.db, &err);  // failure only costs the shortcut
      }
      store::Existing ex;
      std::string err;
      if (lookup && lookup->Lookup(it->hash, &ex, &err) && ex.id != 0 && ex.grammar_version == res->version) {
        it->metadata_changed = ex.MetadataDiffers(RecordOf(it->doc, it->hash, args, res->version));
        it->known = !it->metadata_changed && !args.force;
      }
    }
    if (!it->known) {
      try {
        extractor.Extract(it->doc, &it->facts);
        it->unread = extractor.unread_figures();
      } catch (const std::exception& e) {  // Extract promises not to throw; if it does, skip the doc
        it->failed = true;
        it->error = it->doc.source_file + ": " + it->doc.id + ": extraction failed: " + e.what();
        it->facts.clear();
        it->unread = 0;
      }
      for (auto& f : it->facts) {
        if (f.doc.empty()) f.doc = it->doc.id;
        if (f.grammar_version.empty()) f.grammar_version = res->version;
      }
    }
    bool wake;
    {
      std::lock_guard<std::mutex> l(p.mu);
      p.done.emplace(it->seq, std::move(it));
      wake = p.WriterHasWork();
    }
    if (wake) p.done_cv.notify_all();
  }
}

void Reader(Pipeline& p, input::DocumentReader& reader) {
  for (;;) {
    if (g_interrupted.load()) break;
    std::unique_ptr<Item> it;
    {
      std::unique_lock<std::mutex> l(p.mu);
      p.space_cv.wait(l, [&] {
        return (p.read_count - p.written < p.max_in_flight &&
                (p.bytes_in_flight < p.max_bytes_in_flight || p.read_count == p.written)) ||
               p.abort;
      });
      if (p.abort) break;
      if (!p.free_items.empty()) {
        it = std::move(p.free_items.back());
        p.free_items.pop_back();
      }
    }
    if (!it) it = std::make_unique<Item>();
    bool got = reader.Next(&it->doc);
    it->read_mark = reader.BytesRead();
    p.total_bytes.store(reader.TotalBytes());
    if (!got) break;
    it->known = it->failed = false;
    it->error.clear();
    it->facts.clear();
    {
      std::lock_guard<std::mutex> l(p.mu);
      it->seq = p.read_count++;
      p.bytes_in_flight += it->doc.raw.size();
      p.work.push_back(std::move(it));
    }
    p.work_cv.notify_one();
  }
  {
    std::lock_guard<std::mutex> l(p.mu);
    p.reader_done = true;
  }
  p.work_cv.notify_all();
  p.done_cv.notify_all();
}

void PrintProgress(const Totals& t, const Pipeline& p, double elapsed) {
  uint64_t bytes = p.bytes_read.load(), total = p.total_bytes.load();
  double mbs = elapsed > 0 ? bytes / 1e6 / elapsed : 0;
  std::string line = std::to_string(t.documents) + " docs  " + FormatBytes(bytes) + "  " + std::to_string(t.facts) +
                     " facts  " + (mbs >= 10 ? std::to_string(static_cast<int>(mbs)) : std::to_string(mbs).substr(0, 3)) +
                     " MB/s";
  if (total > 0 && bytes <= total) {
    double frac = static_cast<double>(bytes) / total;
    line += "  " + std::to_string(static_cast<int>(frac * 100)) + "%";
    if (frac > 0.001 && elapsed > 1) line += "  ETA " + FormatDuration(elapsed * (1 - frac) / frac);
  }
  std::lock_guard<std::mutex> l(g_err_mu);
  std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
  std::fflush(stderr);
  g_progress_shown = true;
}

}  // namespace

bool ValidateInputs(const Options& o, std::string* error) {
  input::ReadOptions read = o.read;
  read.published = o.published;
  input::DocumentReader reader(o.inputs, read, [](const input::ReadError&) {});
  return reader.Validate(error);
}

Summary Run(const Options& args, std::shared_ptr<const facts::Resources> res) {
  auto t0 = std::chrono::steady_clock::now();
  Summary out;
  const int jobs = std::max(1, args.jobs);
  input::ReadOptions read = args.read;
  read.published = args.published;
  Totals totals;
  // Documents of the open batch: counted as stored only once the batch commits (a batch rolled
  // back by a full disk stored nothing, and the summary must not say otherwise).
  Totals batch;
  std::atomic<uint64_t> read_errors{0};  // counted on the reader thread
  input::DocumentReader reader(args.inputs, read, [&](const input::ReadError& e) {
    ErrorLine(e.ToString());
    ++read_errors;
  });
  std::string err;
  if (!reader.Validate(&err)) {
    out.error = err;
    return out;
  }

  std::unique_ptr<store::Store> db;
  std::unique_ptr<store::Sink> sink;
  int64_t run_id = 0;
  store::HashKind hash_kind = store::HashKind::kXxh128;
  if (args.sink == SinkKind::kSqlite) {
    db = store::Store::Open(args.db, &err);
    if (!db) {
      out.error = err;
      return out;
    }
    if (!store::ContentHashKindOf(*db, &hash_kind, &err)) {
      out.error = args.db + ": " + err;
      return out;
    }
    store::RunInfo info{QUARRY_VERSION, res->version, args.command, args.options_json};
    if (!db->StartRun(info, &run_id, &err)) {
      out.error = args.db + ": " + err;
      return out;
    }
    sink = std::make_unique<store::SqliteSink>(db.get(), run_id);
  } else {
    sink = std::make_unique<store::JsonlSink>(args.jsonl_out);
  }
  out.started = true;

  bool progress = args.progress;
  g_interrupted.store(false);
  void (*old_handler)(int) = SIG_DFL;
  if (args.handle_sigint) old_handler = std::signal(SIGINT, OnSigint);

  Pipeline p;
  p.hash_kind = hash_kind;
  // Enough read-ahead to keep every worker busy; small, so Ctrl-C finishes quickly and memory
  // stays flat (a batch's documents are already in the sink's transaction, not in flight).
  p.max_in_flight = static_cast<uint64_t>(jobs) * 16;
  p.max_bytes_in_flight = static_cast<uint64_t>(jobs) * 2 * args.read.max_document_bytes;
  std::thread reader_thread(Reader, std::ref(p), std::ref(reader));
  std::vector<std::thread> workers;
  for (int i = 0; i < jobs; ++i) workers.emplace_back(Worker, std::ref(p), res, std::cref(args));

  bool sink_failed = false;
  BatchRule rule(args.batch);
  auto last_progress = std::chrono::steady_clock::now();
  for (;;) {
    std::unique_ptr<Item> it;
    {
      std::unique_lock<std::mutex> l(p.mu);
      // Wake up at least every 200 ms to end a slow batch and refresh the progress line.
      // Once woken, it takes every document that is ready before it sleeps again (Note [Wake-ups]).
      if (!p.done.count(p.written))
        p.done_cv.wait_for(l, std::chrono::milliseconds(200), [&] {
          return p.WriterHasWork() || (p.reader_done && p.written == p.read_count);
        });
      auto f = p.done.find(p.written);
      bool wake_reader = false;
      if (f != p.done.end()) {
        it = std::move(f->second);
        p.done.erase(f);
        ++p.written;
        p.bytes_in_flight -= it->doc.raw.size();
        wake_reader = p.ReaderMayRead();
      } else if (p.reader_done && p.written == p.read_count) {
        break;
      }
      if (wake_reader) {
        l.unlock();
        p.space_cv.notify_one();
      }
    }
    auto now = std::chrono::steady_clock::now();
    if (it) {
      p.bytes_read.store(it->read_mark);  // progress counts what the writer has finished
      totals.bytes += it->doc.raw.size();
      if (it->failed) {
        ErrorLine(it->error);
        ++totals.errors;
      } else if (it->known) {
        ++totals.skipped;
      } else {
        store::DocumentRecord rec = RecordOf(it->doc, it->hash, args, res->version);
        rec.unread_figures = static_cast<int64_t>(it->unread);
        store::PutResult r;
        rule.Added(now);
        if (!sink->Put(rec, it->facts, &r, &err)) {
          ErrorLine((args.sink == SinkKind::kSqlite ? args.db + ": " : std::string()) + err);
          sink_failed = true;
        } else if (r == store::PutResult::kSkipped) {
          ++totals.skipped;
        } else {
          ++batch.documents;
          if (r != store::PutResult::kReplaced) ++batch.inserted;
          else if (it->metadata_changed) ++batch.metadata_changed;
          else ++batch.replaced;
          batch.facts += it->facts.size();
          batch.unread_figures += it->unread;
          batch.unread_docs += it->unread > 0;
          for (const auto& f : it->facts) ++batch.by_type[f.type];
          if (rec.published.empty()) {
            ++batch.undated_docs;
            for (const auto& f : it->facts) batch.unknown_year_facts += f.period.find("XXXX") != std::string::npos;
          }
        }
      }
      {
        std::lock_guard<std::mutex> l(p.mu);
        if (p.free_items.size() < p.max_in_flight) p.free_items.push_back(std::move(it));
      }
    }
    if (!sink_failed && rule.Due(now)) {
      if (!sink->Flush(&err)) {
        ErrorLine((args.sink == SinkKind::kSqlite ? args.db + ": " : std::string()) + err);
        sink_failed = true;
      } else {
        totals.AddStored(batch);
      }
      batch = Totals{};
      rule.Reset();
    }
    if (sink_failed) {
      std::lock_guard<std::mutex> l(p.mu);
      p.abort = true;
    }
    if (sink_failed) {
      p.work_cv.notify_all();
      p.space_cv.notify_all();
      break;
    }
    if (progress && now - last_progress > std::chrono::milliseconds(250)) {
      Totals shown = totals;
      shown.AddStored(batch);
      PrintProgress(shown, p, std::chrono::duration<double>(now - t0).count());
      last_progress = now;
    }
  }
  if (!sink_failed && !sink->Flush(&err)) {
    ErrorLine((args.sink == SinkKind::kSqlite ? args.db + ": " : std::string()) + err);
    sink_failed = true;
  }
  if (!sink_failed) totals.AddStored(batch);
  reader_thread.join();
  for (auto& w : workers) w.join();
  if (args.handle_sigint) std::signal(SIGINT, old_handler);
  bool interrupted = g_interrupted.load();
  totals.errors += read_errors.load();

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (db) {
    store::RunCounts c;
    c.documents = totals.documents;
    c.skipped = totals.skipped;
    c.replaced = totals.replaced + totals.metadata_changed;
    c.errors = totals.errors;
    c.facts = totals.facts;
    c.unread_figures = totals.unread_figures;
    c.bytes = totals.bytes;
    c.seconds = seconds;
    c.sqlite_seconds = sink->seconds();
    c.status = sink_failed ? "failed" : interrupted ? "interrupted" : "done";
    // A run whose record or checkpoint failed did not end well, whatever it stored (the disk
    // filled or failed at the very end): exit 2 (Note [Closing a WAL database]).
    if (!db->FinishRun(run_id, c, &err)) {
      ErrorLine(args.db + ": " + err);
      sink_failed = true;
    }
    if (!db->Close(&err)) {
      ErrorLine(args.db + ": " + err);
      sink_failed = true;
    }
  }
  {
    std::lock_guard<std::mutex> l(g_err_mu);
    ClearProgressLocked();
  }
  out.documents = totals.documents;
  out.inserted = totals.inserted;
  out.replaced = totals.replaced;
  out.metadata_changed = totals.metadata_changed;
  out.skipped = totals.skipped;
  out.errors = totals.errors;
  out.facts = totals.facts;
  out.bytes = totals.bytes;
  out.undated_docs = totals.undated_docs;
  out.unknown_year_facts = totals.unknown_year_facts;
  out.unread_figures = totals.unread_figures;
  out.unread_docs = totals.unread_docs;
  out.by_type = std::move(totals.by_type);
  out.seconds = seconds;
  out.sink_seconds = sink->seconds();
  out.sink_failed = sink_failed;
  out.interrupted = interrupted;
  return out;
}

}  // namespace quarry::pipeline
