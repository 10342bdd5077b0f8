// quarry check: audit the stored facts for figures that cannot all be true (verify/check.h).
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "facts/extractor.h"
#include "verify/check.h"
#include "verify/db.h"
#include "verify/table.h"
#include "verify/verify.h"

namespace quarry::cli {
namespace {

struct CheckCmdOptions {
  ReadDbOption db;
  FormatOption format;
  bool strict = false;
};

int RunCheck(const Context& ctx, const CheckCmdOptions& o) {
  if (!CheckFormat("check", o.format)) return kExitUsage;
  auto db = OpenReadDb(o.db);
  if (!db) return kExitUsage;
  std::string warning;
  auto gaz = verify::LoadGazetteer(GrammarDir(ctx), &warning);
  if (!gaz && !ctx.global.quiet) PrintError("warning: " + warning + " (parts vs wholes not checked)");
  std::vector<verify::Finding> findings;
  try {
    findings = verify::RunChecks(*db, gaz.get());  // streamed: memory grows with the findings
    std::vector<verify::StoredFact*> shown;
    for (auto& f : findings)
      for (auto& x : f.facts) shown.push_back(&x);
    verify::FillText(*db, shown);
  } catch (const std::exception& e) {
    PrintError(o.db.path + ": " + e.what());
    return kExitUsage;
  }
  size_t errors = 0;
  for (const auto& f : findings) errors += f.severity == verify::Severity::kError;
  auto fact_at = [](const verify::Finding& f, size_t i) -> const verify::StoredFact* {
    return i < f.facts.size() ? &f.facts[i] : nullptr;
  };
  if (o.format.value == "jsonl") {
    for (const auto& f : findings) {
      std::string line = "{\"check\":" + JsonString(f.check) + ",\"severity\":" +
                         JsonString(verify::SeverityName(f.severity)) + ",\"message\":" + JsonString(f.message) +
                         ",\"facts\":[";
      for (size_t i = 0; i < f.facts.size(); ++i) {
        const auto& x = f.facts[i];
        line += std::string(i ? "," : "") + "{\"fact_id\":" + std::to_string(x.id) + ",\"doc_id\":" +
                JsonString(x.doc_id) + ",\"url\":" + JsonString(x.url) + ",\"subject\":" + JsonString(x.subject) +
                ",\"type\":" + JsonString(x.type) + ",\"period\":" + JsonString(x.period) + ",\"value\":" +
                JsonString(x.value_text) + ",\"approx\":" + JsonString(ApproxSymbol(x.approx)) +
                ",\"evidence\":" + JsonString(x.evidence) + "}";
      }
      std::cout << line << "]}\n";
    }
  } else {
    auto format = *verify::ParseFormat(o.format.value);
    verify::TableWriter out(std::cout, format,
                            {"severity", "check", "message", "evidence_a", "doc_a", "evidence_b", "doc_b"},
                            format == verify::Format::kTable ? 60 : 0);
    for (const auto& f : findings) {
      const auto* a = fact_at(f, 0);
      const auto* b = fact_at(f, 1);
      out.Add({verify::Cell::Text(verify::SeverityName(f.severity)), verify::Cell::Text(f.check),
               verify::Cell::Text(f.message), verify::Cell::Text(a ? a->evidence : ""),
               verify::Cell::Text(a ? a->doc_id : ""), verify::Cell::Text(b ? b->evidence : ""),
               verify::Cell::Text(b ? b->doc_id : "")});
    }
    out.Finish();
  }
  if (!ctx.global.quiet)
    std::cerr << "check: " << findings.size() << " findings (" << errors << " errors, " << findings.size() - errors
              << " warnings)\n";
  if (errors || (o.strict && !findings.empty())) return kExitFindings;
  return kExitOk;
}

}  // namespace

void RegisterCheck(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "check",
      "Audit the stored facts for figures that cannot all be true, rounding-aware (percentages\n"
      "written as integers count as rounded). Errors, within one article: parts_exceed_whole\n"
      "(brands above their alliance's total), yoy_mismatch (stated YoY % vs the figure and the\n"
      "prior-year figure), month_exceeds_ytd (months above a year-to-date total), stakes_over_100.\n"
      "Warnings: sources_disagree (the same subject, type and period stated differently in\n"
      "different articles), yoy_mismatch with the prior-year figure from another article.\n"
      "Figures are compared within one scope only (a BEV figure and a total are never a mismatch),\n"
      "and values written with trailing zeros count as rounded (48,700 is [48650, 48750)).\n"
      "Each finding shows both evidence sentences. Exit 1 when any error is found (with --strict:\n"
      "any finding), 2 on bad input, else 0.");
  auto o = std::make_shared<CheckCmdOptions>();
  AddReadDb(cmd, &o->db);
  AddFormat(cmd, &o->format, {"table", "csv", "jsonl"});
  cmd->add_flag("--strict", o->strict, "Exit 1 on warnings too");
  cmd->callback([&ctx, o] { ctx.exit_code = RunCheck(ctx, *o); });
}

}  // namespace quarry::cli
