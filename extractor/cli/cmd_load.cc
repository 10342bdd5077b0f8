// quarry load: merges facts JSONL (the `extract --format jsonl` output, e.g. from GNU parallel or
// Spark workers) into SQLite with the store's dedup rules. The lines of one document are
// contiguous in that output; each such group is one document whose content hash is the hash of
// its fact lines, so loading the same output twice stores nothing twice, and a document loaded
// again with different facts (a new grammar) has its facts replaced as a unit (keyed by doc id).
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/version.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "input/byte_stream.h"
#include "pipeline/pipeline.h"
#include "store/content_hash.h"
#include "store/fact_json.h"
#include "store/sink.h"
#include "store/store.h"

namespace quarry::cli {
namespace {

struct LoadArgs {
  std::string db = "quarry.db";
  std::vector<std::string> inputs;
  int batch = pipeline::kDefaultBatchDocs;
};

struct LoadState {
  store::Store* db = nullptr;
  store::HashKind hash_kind = store::HashKind::kXxh128;  // as the database hashes (store/content_hash.h)
  std::unique_ptr<store::SqliteSink> sink;
  uint64_t documents = 0, replaced = 0, skipped = 0, errors = 0, facts = 0, bytes = 0;
  std::unique_ptr<pipeline::BatchRule> rule;  // Note [Batch size]: extract's rule
};

// Stores one document's group of fact lines.
bool FlushGroup(LoadState& s, const LoadArgs& args, const std::string& source, uint64_t first_line,
                std::vector<Fact>& facts, std::string& canon) {
  if (facts.empty()) return true;
  const std::string& doc_id = facts.front().doc;
  // The doc ids seen go to a temporary table, not a set in memory (Store::MarkLoaded): a load's
  // memory does not grow with its documents.
  bool first = false;
  std::string err;
  if (!s.db->MarkLoaded(doc_id, &first, &err)) {
    PrintError(args.db + ": " + err);
    return false;
  }
  if (!first) {
    PrintError(source + ":" + std::to_string(first_line) + ": facts of document \"" + doc_id +
               "\" are not contiguous in the input; this group is skipped");
    ++s.errors;
    facts.clear();
    canon.clear();
    return true;
  }
  store::DocumentRecord rec;
  rec.doc_id = doc_id;
  rec.content_hash = store::ContentHash(canon, s.hash_kind);
  rec.source_file = source;
  rec.grammar_version = "loaded";
  rec.bytes = canon.size();
  store::PutResult r;
  if (!s.sink->Put(rec, facts, &r, &err)) {
    PrintError(args.db + ": " + err);
    return false;
  }
  if (r == store::PutResult::kSkipped) {
    ++s.skipped;
  } else {
    ++s.documents;
    if (r == store::PutResult::kReplaced) ++s.replaced;
    s.facts += facts.size();
  }
  facts.clear();
  canon.clear();
  auto now = std::chrono::steady_clock::now();
  s.rule->Added(now);
  if (s.rule->Due(now)) {
    s.rule->Reset();
    if (!s.sink->Flush(&err)) {
      PrintError(args.db + ": " + err);
      return false;
    }
  }
  return true;
}

int RunLoad(LoadArgs& args) {
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& in : args.inputs) {
    if (in != "-" && ::access(in.c_str(), R_OK) != 0) {
      PrintError(in + ": cannot open: " + std::strerror(errno));
      return kExitUsage;
    }
  }
  std::string err;
  auto db = store::Store::Open(args.db, &err);
  if (!db) {
    PrintError(err);
    return kExitUsage;
  }
  store::HashKind hash_kind;
  if (!store::ContentHashKindOf(*db, &hash_kind, &err)) {
    PrintError(args.db + ": " + err);
    return kExitUsage;
  }
  nlohmann::json opts = {{"inputs", args.inputs}, {"batch", args.batch}};
  int64_t run_id = 0;
  if (!db->StartRun({QUARRY_VERSION, "loaded", "load", opts.dump()}, &run_id, &err)) {
    PrintError(args.db + ": " + err);
    return kExitUsage;
  }
  LoadState s;
  s.db = db.get();
  s.hash_kind = hash_kind;
  s.sink = std::make_unique<store::SqliteSink>(db.get(), run_id, /*replace_by_doc_id=*/true);
  s.rule = std::make_unique<pipeline::BatchRule>(args.batch);
  bool failed = false;
  for (const auto& in : args.inputs) {
    input::ByteStream stream;  // plain or gzip-compressed facts JSONL
    if (!stream.Open(in, input::StreamLimits{}, [&](uint64_t off, const std::string& m) {
          PrintError(in + "@" + std::to_string(off) + ": " + m);
          ++s.errors;
        }, &err)) {
      PrintError(err);
      ++s.errors;
      continue;
    }
    std::vector<Fact> group;
    std::string canon;
    uint64_t line_no = 0, group_line = 0;
    for (;;) {
      size_t scanned = 0, nl;
      for (;;) {
        auto v = stream.View();
        nl = v.find('\n', scanned);
        if (nl != std::string_view::npos) break;
        scanned = v.size();
        if (stream.Fill(scanned + (1 << 16)) <= scanned) break;
      }
      auto v = stream.View();
      if (v.empty()) break;
      size_t len = nl == std::string_view::npos ? v.size() : nl;
      std::string_view line = v.substr(0, len);
      ++line_no;
      s.bytes += len + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") != std::string_view::npos) {
        Fact f;
        std::string perr;
        if (!store::ParseFactJson(line, &f, &perr)) {
          PrintError(in + ":" + std::to_string(line_no) + ": " + perr + ", line skipped");
          ++s.errors;
        } else {
          if (!group.empty() && group.front().doc != f.doc) {
            if (!FlushGroup(s, args, in, group_line, group, canon)) {
              failed = true;
              break;
            }
          }
          if (group.empty()) group_line = line_no;
          canon.append(line);
          canon += '\n';
          group.push_back(std::move(f));
        }
      }
      stream.Consume(nl == std::string_view::npos ? len : len + 1);
    }
    if (failed || !FlushGroup(s, args, in, group_line, group, canon)) {
      failed = true;
      break;
    }
  }
  if (!failed && !s.sink->Flush(&err)) {
    PrintError(args.db + ": " + err);
    failed = true;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  store::RunCounts c;
  c.documents = s.documents;
  c.skipped = s.skipped;
  c.replaced = s.replaced;
  c.errors = s.errors;
  c.facts = s.facts;
  c.bytes = s.bytes;
  c.seconds = seconds;
  c.sqlite_seconds = s.sink->seconds();
  c.status = failed ? "failed" : "done";
  // As extract: a failed run record or checkpoint is a failed run (Note [Closing a WAL database]).
  if (!db->FinishRun(run_id, c, &err)) {
    PrintError(args.db + ": " + err);
    failed = true;
  }
  if (!db->Close(&err)) {
    PrintError(args.db + ": " + err);
    failed = true;
  }
  std::fprintf(stderr,
                 "quarry load: %llu documents (%llu replaced), %llu skipped, %llu errors, %llu facts in %.2f s\n",
                 static_cast<unsigned long long>(s.documents), static_cast<unsigned long long>(s.replaced),
                 static_cast<unsigned long long>(s.skipped), static_cast<unsigned long long>(s.errors),
                 static_cast<unsigned long long>(s.facts), seconds);
  return failed || s.errors ? kExitUsage : kExitOk;
}

}  // namespace

void RegisterLoad(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<LoadArgs>();
  auto* cmd = app.add_subcommand(
      "load",
      "Merge facts JSONL (the output of `quarry extract --format jsonl`, e.g. from GNU parallel or\n"
      "Spark workers; plain or .gz) into the database. A document's facts must be contiguous, as\n"
      "extract writes them. Loading the same facts again stores nothing twice; a document loaded\n"
      "again with different facts has them replaced as a unit. Exit 2 on unreadable input or bad lines.");
  cmd->add_option("FACTS", args->inputs, "Facts JSONL files, or - for stdin")->required();
  AddWriteDb(cmd, &args->db);
  cmd->add_option("--batch", args->batch,
                  "Documents per transaction; a batch also ends with the first document read 5 seconds after it began")
      ->type_name("N")
      ->capture_default_str();
  cmd->callback([&ctx, args] { ctx.exit_code = RunLoad(*args); });
}

}  // namespace quarry::cli
