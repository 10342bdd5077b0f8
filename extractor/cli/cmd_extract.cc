// quarry extract: documents (files, directories, JSONL, WARC, gzip, stdin) -> facts -> a sink
// (SQLite or JSONL). One reader thread, N worker threads each with its own facts::Extractor,
// and the calling thread as the single writer, which takes results strictly in input order so
// the output is the same for any --jobs. See Note [Batch pipeline] below.
#include <csignal>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/terminal.h"
#include "base/version.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "input/reader.h"
#include "periods/periods.h"
#include "store/sink.h"
#include "store/store.h"

// Note [Batch pipeline]
// The reader numbers documents as it reads them (seq). Workers hash the raw bytes, ask the
// store (through their own read-only connection) whether that content was already extracted
// with this grammar version, and extract only if not. The writer waits for seq = next, hands
// the document to the sink, and every --batch documents (or kBatchSeconds) ends the batch: one SQLite
// transaction holds each document row, its facts and its done mark, so a kill at any moment
// leaves whole documents or nothing, and the next run skips exactly the documents committed.
// The number of documents in flight is capped, which bounds memory whatever the archive size.

namespace quarry::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnSigint(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C kills at once
}

struct ExtractArgs {
  std::vector<std::string> inputs;
  std::string db = "quarry.db";
  std::string format = "sqlite";
  std::string published;
  bool force_published = false;
  bool force = false;  // re-extract documents already stored
  int jobs = 0;
  int batch = 10000;
  input::ReadOptions read;
  uint64_t max_doc_mb = input::kDefaultMaxDocumentMb, max_decompressed_mb = 64 << 10;
};

// A batch (one SQLite transaction) also ends this long after its first document. Longer
// transactions rewrite the hot index pages (facts_lookup, content_hash, FTS segments) fewer
// times: on 100 MB of English, 5 s instead of 1 s cut SQLite's time by about 14%. A kill -9
// costs at most this much work, redone by the next run; Ctrl-C commits once the documents in
// flight are done.
constexpr auto kBatchSeconds = std::chrono::seconds(5);

struct Item {
  uint64_t seq = 0;
  Document doc;
  std::string hash;
  bool known = false;  // already stored with this grammar version and metadata: nothing to extract
  bool metadata_changed = false;  // stored with this grammar, but its date, URL or title differ
  bool failed = false;
  std::string error;
  std::vector<Fact> facts;
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
  std::map<std::string, uint64_t> by_type;

  // Adds the stored documents of a committed batch.
  void AddStored(const Totals& batch) {
    documents += batch.documents;
    inserted += batch.inserted;
    replaced += batch.replaced;
    metadata_changed += batch.metadata_changed;
    undated_docs += batch.undated_docs;
    unknown_year_facts += batch.unknown_year_facts;
    facts += batch.facts;
    for (const auto& [type, n] : batch.by_type) by_type[type] += n;
  }
};

std::string OptionsJson(const ExtractArgs& a) {
  nlohmann::json j;
  j["inputs"] = a.inputs;
  j["format"] = a.format;
  if (!a.published.empty()) j["published"] = a.published;
  j["force_published"] = a.force_published;
  j["force"] = a.force;
  j["jobs"] = a.jobs;
  j["batch"] = a.batch;
  j["include"] = a.read.include;
  j["exclude"] = a.read.exclude;
  j["fields"] = {{"id", a.read.id_field},     {"text", a.read.text_field}, {"html", a.read.html_field},
                 {"date", a.read.date_field}, {"url", a.read.url_field},   {"title", a.read.title_field}};
  j["max_document_bytes"] = a.read.max_document_bytes;
  j["max_decompressed_bytes"] = a.read.max_decompressed_bytes;
  j["max_ratio"] = a.read.max_ratio;
  j["max_header_line"] = a.read.max_header_line;
  return j.dump();
}

// The date a document's periods are resolved against, as stored in documents.published:
// --published when forced or when the document has none (the reader fills the latter in).
std::string EffectivePublished(const Document& doc, const ExtractArgs& args) {
  if (args.force_published && !args.published.empty()) return args.published;
  return doc.published;
}

// What the documents row will say about `doc` (also what the worker compares the stored row with).
store::DocumentRecord RecordOf(const Document& doc, const std::string& hash, const ExtractArgs& args,
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

void Worker(Pipeline& p, std::shared_ptr<const facts::Resources> res, const ExtractArgs& args) {
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
    it->hash = store::ContentHash(it->doc.raw);
    if (args.format == "sqlite") {
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
      } catch (const std::exception& e) {  // Extract promises not to throw; if it does, skip the doc
        it->failed = true;
        it->error = it->doc.source_file + ": " + it->doc.id + ": extraction failed: " + e.what();
        it->facts.clear();
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

int RunExtract(Context& ctx, ExtractArgs& args) {
  auto t0 = std::chrono::steady_clock::now();
  // A closed stdout or stderr must not kill the writer mid-batch: writes fail with EPIPE instead,
  // and the JSONL sink stops quietly on it (store/sink.cc).
  std::signal(SIGPIPE, SIG_IGN);
  if (args.format != "sqlite" && args.format != "jsonl") {
    PrintError("extract: --format must be sqlite or jsonl, not \"" + args.format + "\"");
    return kExitUsage;
  }
  if (!args.published.empty() && !periods::Date::Parse(args.published)) {
    PrintError("extract: --published " + args.published + ": not a date (YYYY-MM-DD)");
    return kExitUsage;
  }
  if (args.jobs <= 0) args.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (args.batch <= 0) args.batch = 1;
  args.read.published = args.published;
  args.read.max_document_bytes = args.max_doc_mb << 20;
  args.read.max_decompressed_bytes = args.max_decompressed_mb << 20;

  Totals totals;
  // Documents of the open batch: counted as stored only once the batch commits (a batch rolled
  // back by a full disk stored nothing, and the summary must not say otherwise).
  Totals batch;
  std::atomic<uint64_t> read_errors{0};  // counted on the reader thread
  input::DocumentReader reader(args.inputs, args.read, [&](const input::ReadError& e) {
    ErrorLine(e.ToString());
    ++read_errors;
  });
  std::string err;
  if (!reader.Validate(&err)) {
    PrintError(err);
    return kExitUsage;
  }
  auto res = LoadResources(ctx);
  if (!res) return ctx.exit_code;

  std::unique_ptr<store::Store> db;
  std::unique_ptr<store::Sink> sink;
  int64_t run_id = 0;
  if (args.format == "sqlite") {
    db = store::Store::Open(args.db, &err);
    if (!db) {
      PrintError(err);
      return kExitUsage;
    }
    store::RunInfo info{QUARRY_VERSION, res->version, "extract", OptionsJson(args)};
    if (!db->StartRun(info, &run_id, &err)) {
      PrintError(args.db + ": " + err);
      return kExitUsage;
    }
    sink = std::make_unique<store::SqliteSink>(db.get(), run_id);
  } else {
    sink = std::make_unique<store::JsonlSink>(stdout);
  }

  bool progress = !ctx.global.quiet && isatty(STDERR_FILENO);
  g_interrupted.store(false);
  auto old_handler = std::signal(SIGINT, OnSigint);

  Pipeline p;
  // Enough read-ahead to keep every worker busy; small, so Ctrl-C finishes quickly and memory
  // stays flat (a batch's documents are already in the sink's transaction, not in flight).
  p.max_in_flight = static_cast<uint64_t>(args.jobs) * 16;
  p.max_bytes_in_flight = static_cast<uint64_t>(args.jobs) * 2 * args.read.max_document_bytes;
  std::thread reader_thread(Reader, std::ref(p), std::ref(reader));
  std::vector<std::thread> workers;
  for (int i = 0; i < args.jobs; ++i) workers.emplace_back(Worker, std::ref(p), res, std::cref(args));

  bool sink_failed = false;
  int in_batch = 0;
  auto batch_start = std::chrono::steady_clock::now();
  auto last_progress = batch_start;
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
        store::PutResult r;
        if (in_batch == 0) batch_start = now;  // a batch's time counts from its first document
        if (!sink->Put(rec, it->facts, &r, &err)) {
          PrintError((args.format == "sqlite" ? args.db + ": " : std::string()) + err);
          sink_failed = true;
        } else if (r == store::PutResult::kSkipped) {
          ++totals.skipped;
        } else {
          ++batch.documents;
          if (r != store::PutResult::kReplaced) ++batch.inserted;
          else if (it->metadata_changed) ++batch.metadata_changed;
          else ++batch.replaced;
          batch.facts += it->facts.size();
          for (const auto& f : it->facts) ++batch.by_type[f.type];
          if (rec.published.empty()) {
            ++batch.undated_docs;
            for (const auto& f : it->facts) batch.unknown_year_facts += f.period.find("XXXX") != std::string::npos;
          }
        }
        ++in_batch;
      }
      {
        std::lock_guard<std::mutex> l(p.mu);
        if (p.free_items.size() < p.max_in_flight) p.free_items.push_back(std::move(it));
      }
    }
    if (!sink_failed && in_batch > 0 && (in_batch >= args.batch || now - batch_start > kBatchSeconds)) {
      if (!sink->Flush(&err)) {
        PrintError((args.format == "sqlite" ? args.db + ": " : std::string()) + err);
        sink_failed = true;
      } else {
        totals.AddStored(batch);
      }
      batch = Totals{};
      in_batch = 0;
      batch_start = now;
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
    PrintError((args.format == "sqlite" ? args.db + ": " : std::string()) + err);
    sink_failed = true;
  }
  if (!sink_failed) totals.AddStored(batch);
  reader_thread.join();
  for (auto& w : workers) w.join();
  std::signal(SIGINT, old_handler);
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
    c.bytes = totals.bytes;
    c.seconds = seconds;
    c.sqlite_seconds = sink->seconds();
    c.status = sink_failed ? "failed" : interrupted ? "interrupted" : "done";
    if (!db->FinishRun(run_id, c, &err)) PrintError(args.db + ": " + err);
  }

  // The summary: always, on stderr (stdout may carry the facts).
  {
    std::lock_guard<std::mutex> l(g_err_mu);
    ClearProgressLocked();
  }
  std::string by_type;
  for (const auto& [type, n] : totals.by_type) by_type += (by_type.empty() ? "" : ", ") + type + " " + std::to_string(n);
  char rate[160];
  std::snprintf(rate, sizeof rate, "%s in %.2f s (%.2f MB/s, %.0f docs/s), %s %.2f s (%.0f%%)",
                FormatBytes(static_cast<double>(totals.bytes)).c_str(), seconds,
                seconds > 0 ? totals.bytes / 1e6 / seconds : 0.0,
                seconds > 0 ? (totals.documents + totals.skipped) / seconds : 0.0,
                args.format == "sqlite" ? "sqlite" : "output", sink->seconds(),
                seconds > 0 ? 100 * sink->seconds() / seconds : 0.0);
  std::string metadata_note =
      totals.metadata_changed ? ", " + std::to_string(totals.metadata_changed) + " re-extracted (metadata changed)" : "";
  std::fprintf(stderr,
               "quarry extract: %s%llu documents (%llu new, %llu re-extracted%s), %llu skipped, %llu errors, "
               "%llu facts%s%s%s; %s\n",
               interrupted ? "interrupted after " : "", static_cast<unsigned long long>(totals.documents),
               static_cast<unsigned long long>(totals.inserted), static_cast<unsigned long long>(totals.replaced),
               metadata_note.c_str(),
               static_cast<unsigned long long>(totals.skipped), static_cast<unsigned long long>(totals.errors),
               static_cast<unsigned long long>(totals.facts), by_type.empty() ? "" : " (", by_type.c_str(),
               by_type.empty() ? "" : ")", rate);
  if (totals.undated_docs)
    std::fprintf(stderr,
                 "quarry extract: warning: %llu document(s) have no date, so %llu of their facts kept an unknown "
                 "year (XXXX-MM); give --published DATE, a `published:` front matter line or a JSONL date field\n",
                 static_cast<unsigned long long>(totals.undated_docs),
                 static_cast<unsigned long long>(totals.unknown_year_facts));
  if (sink_failed) return kExitUsage;
  if (interrupted) return 130;  // 128 + SIGINT, as shells report it
  return totals.errors > 0 ? kExitUsage : kExitOk;
}

}  // namespace

void RegisterExtract(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExtractArgs>();
  auto* cmd = app.add_subcommand(
      "extract",
      "Extract facts from documents into SQLite or JSONL.\n"
      "INPUT: .txt/.md/.html files, directories (recursive), .jsonl/.ndjson documents, .warc, any of\n"
      "them gzip-compressed (.gz), or - for JSONL documents on stdin. Documents already stored with\n"
      "the same content, grammar version and metadata are skipped, so re-running a killed command\n"
      "resumes it; a stored document whose date, URL or title changed (--published, front matter,\n"
      "JSONL fields) is re-extracted, its facts replaced as a unit (--force: every document).\n"
      "Exit codes: 0 ok, 2 usage or input errors (bad documents are reported, counted and skipped),\n"
      "130 interrupted by Ctrl-C (the current batch is committed first).");
  cmd->add_option("INPUT", args->inputs, "Files, directories, or - for JSONL on stdin")->required();
  cmd->add_option("--db", args->db, "SQLite database to write (created if missing)")
      ->type_name("FILE")
      ->capture_default_str();
  cmd->add_option("--format", args->format,
                  "Output: sqlite (into --db) or jsonl (one fact per line on stdout, fields doc type subject "
                  "object value unit scope period approx modality qualifiers span sentence evidence rule)")
      ->type_name("sqlite|jsonl")
      ->capture_default_str();
  cmd->add_option("--published", args->published,
                  "Publication date (YYYY-MM-DD) for documents that carry none (JSONL field, HTML meta, "
                  "WARC-Date); resolves year-less periods (a month name alone)")
      ->type_name("DATE");
  cmd->add_flag("--force-published", args->force_published, "Use --published even for documents with a date");
  cmd->add_flag("--force", args->force,
                "Re-extract every document, even when already stored with the same content, grammar and "
                "metadata (without it, only documents whose date, URL or title changed are re-extracted)");
  cmd->add_option("-j,--jobs", args->jobs, "Worker threads (default: number of cores)")->type_name("N");
  cmd->add_option("--batch", args->batch, "Documents per SQLite transaction (a batch also ends 5 seconds after its first document)")
      ->type_name("N")
      ->capture_default_str();
  cmd->add_option("--include", args->read.include, "Only files in directories whose name matches GLOB (repeatable)")
      ->type_name("GLOB");
  cmd->add_option("--exclude", args->read.exclude, "Skip files in directories whose name matches GLOB (repeatable)")
      ->type_name("GLOB");
  cmd->add_option("--id-field", args->read.id_field, "JSONL field holding the document id")->capture_default_str();
  cmd->add_option("--text-field", args->read.text_field, "JSONL field holding plain text")->capture_default_str();
  cmd->add_option("--html-field", args->read.html_field, "JSONL field holding HTML (used when there is no text)")
      ->capture_default_str();
  cmd->add_option("--date-field", args->read.date_field, "JSONL field holding the publication date")
      ->capture_default_str();
  cmd->add_option("--url-field", args->read.url_field, "JSONL field holding the URL")->capture_default_str();
  cmd->add_option("--title-field", args->read.title_field, "JSONL field holding the title")->capture_default_str();
  cmd->add_option("--max-document-mb", args->max_doc_mb,
                  "Skip (and report) documents larger than this. Extraction takes up to about 130 MB of "
                  "memory per MB of document (a list of figures; prose about 40): the default keeps each "
                  "worker (--jobs) within about 1 GB (docs/reliability.md)")
      ->type_name("MB")
      ->capture_default_str();
  cmd->add_option("--max-decompressed-mb", args->max_decompressed_mb,
                  "Stop reading a gzip input after this much decompressed data")
      ->type_name("MB")
      ->capture_default_str();
  cmd->add_option("--max-ratio", args->read.max_ratio,
                  "Stop reading a gzip input whose decompressed/compressed ratio exceeds this (after 16 MB)")
      ->type_name("N")
      ->capture_default_str();
  cmd->add_option("--max-header-line", args->read.max_header_line,
                  "Longest WARC/HTTP header line in bytes; longer ones make the record malformed")
      ->type_name("BYTES")
      ->capture_default_str();
  cmd->callback([&ctx, args] { ctx.exit_code = RunExtract(ctx, *args); });
}

}  // namespace quarry::cli
