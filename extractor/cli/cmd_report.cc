// quarry report: write the self-contained HTML evidence report (verify/report.h).
#include <filesystem>
#include <iostream>

#include "base/output_file.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "facts/extractor.h"
#include "verify/check.h"
#include "verify/db.h"
#include "verify/report.h"
#include "verify/verify.h"

namespace quarry::cli {
namespace {

// Caps that keep the page loadable in a browser; the full data is in `quarry facts` / `check`.
constexpr size_t kMaxTableRows = 20000;
constexpr size_t kMaxFindingsShown = 2000;

struct ReportCmdOptions {
  ReadDbOption db;
  std::string html;
  std::string title = "quarry report";
};

int RunReport(const Context& ctx, const ReportCmdOptions& o) {
  auto db = OpenReadDb(o.db);
  if (!db) return kExitUsage;
  std::string err;
  std::string warning;
  auto gaz = verify::LoadGazetteer(GrammarDir(ctx), &warning);
  if (!gaz && !ctx.global.quiet) PrintError("warning: " + warning);
  std::vector<verify::Finding> findings;
  size_t findings_total = 0;
  try {
    // Streamed (Note [Streaming check] in verify/check.cc): the findings are kept, not the facts.
    findings = verify::RunChecks(*db, gaz.get());
    if (findings.size() > kMaxFindingsShown) findings_total = findings.size(), findings.resize(kMaxFindingsShown);
    std::vector<verify::StoredFact*> shown;
    for (auto& f : findings)
      for (auto& x : f.facts) shown.push_back(&x);
    verify::FillText(*db, shown);
  } catch (const std::exception& e) {
    PrintError(o.db.path + ": " + e.what());
    return kExitUsage;
  }
  // Written to a temporary beside the target and renamed over it (base/output_file.h): a failed
  // run never leaves half a page, and a planted symlink or a FIFO at the target is refused.
  OutputFile file;
  if (!file.Open(o.html, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  verify::ReportOptions ro;
  ro.title = o.title;
  ro.source = std::filesystem::path(o.db.path).filename().string();
  ro.max_table_rows = kMaxTableRows;
  ro.findings_total = findings_total;
  // Charts and the table read the database as the page is written: one chart's cells at a time.
  size_t fact_count = 0;
  try {
    auto src = verify::ReportSourceOf(*db, kMaxTableRows);
    fact_count = src.facts;
    verify::WriteHtmlReport(file.stream(), src, findings, ro);
  } catch (const std::exception& e) {
    PrintError(o.db.path + ": " + e.what());
    return kExitUsage;
  }
  if (!file.Commit(&err)) {
    PrintError(err);
    return kExitUsage;
  }
  if (!ctx.global.quiet)
    std::cerr << "report: " << o.html << ": " << fact_count << " facts, " << findings.size() << " findings\n";
  return kExitOk;
}

}  // namespace

void RegisterReport(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "report",
      "Write one self-contained HTML page (inline CSS and SVG, no network resources): a chart per\n"
      "fact type of values over time per subject, a sortable table of facts with the figure\n"
      "highlighted in its evidence sentence and a link to its source, and the findings of\n"
      "`quarry check`.");
  auto o = std::make_shared<ReportCmdOptions>();
  AddReadDb(cmd, &o->db);
  cmd->add_option("--html", o->html, "Output HTML file")->type_name("OUT.html")->required();
  cmd->add_option("--title", o->title, "Page title")->type_name("TEXT");
  cmd->callback([&ctx, o] { ctx.exit_code = RunReport(ctx, *o); });
}

}  // namespace quarry::cli
