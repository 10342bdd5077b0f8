// quarry extract: documents (files, directories, JSONL, WARC, gzip, stdin) -> facts -> SQLite or
// JSONL. This file parses the options and prints the summary; the batch pipeline (threads,
// resume, batching, sinks, progress) is the library in pipeline/pipeline.h.
#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/options.h"
#include "input/reader.h"
#include "pipeline/pipeline.h"

namespace quarry::cli {
namespace {

struct ExtractArgs {
  std::vector<std::string> inputs;
  std::string db = "quarry.db";
  FormatOption format;
  std::string published;
  bool force_published = false;
  bool force = false;  // re-extract documents already stored
  int jobs = 0;
  int batch = pipeline::kDefaultBatchDocs;
  input::ReadOptions read;
  uint64_t max_doc_mb = input::kDefaultMaxDocumentMb, max_decompressed_mb = 64 << 10;
};

std::string OptionsJson(const ExtractArgs& a) {
  nlohmann::json j;
  j["inputs"] = a.inputs;
  j["format"] = a.format.value;
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

std::string FormatBytes(double b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  return buf;
}

int RunExtract(Context& ctx, ExtractArgs& args) {
  // A closed stdout or stderr must not kill the writer mid-batch: writes fail with EPIPE instead,
  // and the JSONL sink stops quietly on it (store/sink.cc).
  std::signal(SIGPIPE, SIG_IGN);
  if (!CheckFormat("extract", args.format) || !CheckPublished("extract", args.published)) return kExitUsage;
  if (args.jobs <= 0) args.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (args.batch <= 0) args.batch = 1;
  args.read.max_document_bytes = args.max_doc_mb << 20;
  args.read.max_decompressed_bytes = args.max_decompressed_mb << 20;

  pipeline::Options po;
  po.inputs = args.inputs;
  po.sink = args.format.value == "sqlite" ? pipeline::SinkKind::kSqlite : pipeline::SinkKind::kJsonl;
  po.db = args.db;
  po.published = args.published;
  po.force_published = args.force_published;
  po.force = args.force;
  po.jobs = args.jobs;
  po.batch = args.batch;
  po.read = args.read;
  po.progress = !ctx.global.quiet && isatty(STDERR_FILENO);
  po.command = "extract";
  po.options_json = OptionsJson(args);
  std::string err;
  if (!pipeline::ValidateInputs(po, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  auto res = LoadResources(ctx);
  if (!res) return ctx.exit_code;
  pipeline::Summary totals = pipeline::Run(po, res);
  if (!totals.started) {
    PrintError(totals.error);
    return kExitUsage;
  }
  double seconds = totals.seconds;
  bool sink_failed = totals.sink_failed, interrupted = totals.interrupted;

  // The summary: always, on stderr (stdout may carry the facts).
  std::string by_type;
  for (const auto& [type, n] : totals.by_type) by_type += (by_type.empty() ? "" : ", ") + type + " " + std::to_string(n);
  char rate[160];
  std::snprintf(rate, sizeof rate, "%s in %.2f s (%.2f MB/s, %.0f docs/s), %s %.2f s (%.0f%%)",
                FormatBytes(static_cast<double>(totals.bytes)).c_str(), seconds,
                seconds > 0 ? totals.bytes / 1e6 / seconds : 0.0,
                seconds > 0 ? (totals.documents + totals.skipped) / seconds : 0.0,
                args.format.value == "sqlite" ? "sqlite" : "output", totals.sink_seconds,
                seconds > 0 ? 100 * totals.sink_seconds / seconds : 0.0);
  std::string metadata_note =
      totals.metadata_changed ? ", " + std::to_string(totals.metadata_changed) + " re-extracted (metadata changed)" : "";
  // Note [Unread figures] in facts/extractor.cc: what was not read, so a user sees coverage.
  std::string unread = ", " + std::to_string(totals.unread_figures) + " figures not read";
  if (totals.unread_figures) unread += " (in " + std::to_string(totals.unread_docs) + " documents)";
  std::fprintf(stderr,
               "quarry extract: %s%llu documents (%llu new, %llu re-extracted%s), %llu skipped, %llu errors, "
               "%llu facts%s%s%s%s; %s\n",
               interrupted ? "interrupted after " : "", static_cast<unsigned long long>(totals.documents),
               static_cast<unsigned long long>(totals.inserted), static_cast<unsigned long long>(totals.replaced),
               metadata_note.c_str(),
               static_cast<unsigned long long>(totals.skipped), static_cast<unsigned long long>(totals.errors),
               static_cast<unsigned long long>(totals.facts), by_type.empty() ? "" : " (", by_type.c_str(),
               by_type.empty() ? "" : ")", unread.c_str(), rate);
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
      "The summary on stderr counts documents, facts per type, and the figures not read: vehicle\n"
      "counts (a quantity in a unit of the pack's volume types) that no fact states, also stored per\n"
      "document and per run (documents.unread_figures, runs.unread_figures); `quarry explain` says\n"
      "why each gave no fact.\n"
      "Exit codes: 0 ok, 2 usage or input errors (bad documents are reported, counted and skipped),\n"
      "130 interrupted by Ctrl-C (the current batch is committed first).");
  cmd->add_option("INPUT", args->inputs, "Files, directories, or - for JSONL on stdin")->required();
  AddWriteDb(cmd, &args->db);
  AddFormat(cmd, &args->format, {"sqlite", "jsonl"},
            "Output: sqlite (default; into --db) or jsonl (one fact per line on stdout, fields doc type subject "
            "object value unit scope period approx modality qualifiers span sentence evidence rule)");
  AddPublished(cmd, &args->published, &args->force_published, " (JSONL field, HTML meta, WARC-Date)");
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
                  "Skip (and report) documents larger than this. Extraction takes up to about 110 MB of "
                  "memory per MB of document (a list of figures; prose and news 33-45): the default "
                  "keeps each worker (--jobs) within about 1 GB (docs/reliability.md)")
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
