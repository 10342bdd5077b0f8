// quarry series: one fact type as a subject x period table, one value per cell chosen by the
// documented rule (Note [Choosing a cell's value] in verify/series.h), cells where sources
// disagree flagged.
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "facts/extractor.h"
#include "verify/db.h"
#include "verify/series.h"
#include "verify/table.h"
#include "verify/verify.h"

namespace quarry::cli {
namespace {

struct SeriesOptions {
  std::string db = "quarry.db";
  bool immutable = false;  // --immutable
  std::string type;
  std::vector<std::string> subjects;
  std::string by = "month";
  std::string format = "table";
};

int RunSeries(const Context& ctx, const SeriesOptions& o) {
  auto format = verify::ParseFormat(o.format);
  if (!format) {
    PrintError("series: unknown --format " + o.format + " (table, csv, json, jsonl, md)");
    return kExitUsage;
  }
  verify::SeriesBy by;
  if (o.by == "month") by = verify::SeriesBy::kMonth;
  else if (o.by == "quarter") by = verify::SeriesBy::kQuarter;
  else if (o.by == "year") by = verify::SeriesBy::kYear;
  else {
    PrintError("series: unknown --by " + o.by + " (month, quarter, year)");
    return kExitUsage;
  }
  std::string err;
  auto db = verify::OpenReadOnly(o.db, &err, o.immutable);
  if (!db) {
    PrintError(err);
    return kExitUsage;
  }
  if (!o.type.empty() && !KnownType(ctx, *db, o.db, "series", o.type)) return kExitUsage;
  verify::FactFilter f;
  f.type = o.type;
  if (!o.subjects.empty()) {
    std::string warning;
    auto gaz = verify::LoadGazetteer(ctx.global.grammars.empty() ? facts::DefaultGrammarDir() : ctx.global.grammars,
                                     &warning);
    if (!gaz && !ctx.global.quiet) PrintError("warning: " + warning);
    try {
      verify::StoredNames stored = verify::LoadStoredNames(*db);
      for (const auto& s : o.subjects)
        for (auto& n : verify::WithStored(verify::SubjectNames(gaz.get(), s), &stored)) f.subjects.push_back(n);
    } catch (const std::exception& e) {
      PrintError(o.db + ": " + e.what());
      return kExitUsage;
    }
  }
  verify::Series s;
  try {
    s = verify::BuildSeries(o.type, verify::LoadFacts(*db, f), by);
  } catch (const std::exception& e) {
    PrintError(o.db + ": " + e.what());
    return kExitUsage;
  }
  if (*format == verify::Format::kJson || *format == verify::Format::kJsonl) {
    // Long form: one object per cell, with its provenance and flags.
    verify::TableWriter out(std::cout, *format,
                            {"subject", "period", "value", "approx", "unit", "modality", "sources", "disagree",
                             "derived", "fact_id", "doc_id", "url", "evidence"});
    for (const auto& subj : s.subjects)
      for (const auto& p : s.periods) {
        auto it = s.cells.find({subj, p});
        if (it == s.cells.end()) continue;
        const auto& c = it->second;
        out.Add({verify::Cell::Text(subj), verify::Cell::Text(p), verify::Cell::Number(c.chosen.value.ToString()),
                 verify::Cell::Text(ApproxSymbol(c.chosen.approx)), verify::Cell::Text(c.chosen.unit),
                 verify::Cell::Text(c.chosen.modality), verify::Cell::Int(static_cast<int64_t>(c.sources)),
                 verify::Cell::Number(c.disagree ? "true" : "false"), verify::Cell::Number(c.derived ? "true" : "false"),
                 c.derived ? verify::Cell::Null() : verify::Cell::Int(c.chosen.id),
                 c.derived ? verify::Cell::Null() : verify::Cell::Text(c.chosen.doc_id),
                 c.derived ? verify::Cell::Null() : verify::Cell::Text(c.chosen.url),
                 c.derived ? verify::Cell::Null() : verify::Cell::Text(c.chosen.evidence)});
      }
    out.Finish();
    return kExitOk;
  }
  // Pivot: marks "*" sources disagree, "+" derived from months, "(t)" a target/plan/forecast.
  std::vector<std::string> cols{"subject"};
  for (const auto& p : s.periods) cols.push_back(p);
  verify::TableWriter out(std::cout, *format, cols);
  bool any_mark = false;
  for (const auto& subj : s.subjects) {
    std::vector<verify::Cell> row{verify::Cell::Text(subj)};
    for (const auto& p : s.periods) {
      auto it = s.cells.find({subj, p});
      if (it == s.cells.end()) {
        row.push_back(verify::Cell::Null());
        continue;
      }
      const auto& c = it->second;
      std::string v = c.value;
      if (*format != verify::Format::kCsv) {
        if (c.disagree) v += "*";
        if (c.derived) v += "+";
        if (c.non_actual) v += " (" + c.chosen.modality + ")";
        any_mark = any_mark || c.disagree || c.derived || c.non_actual;
      }
      row.push_back(*format == verify::Format::kCsv ? verify::Cell::Text(v) : verify::Cell::Number(v));
    }
    out.Add(std::move(row));
  }
  out.Finish();
  if (any_mark && !ctx.global.quiet)
    std::cerr << "(* two documents disagree beyond rounding; + sum of the months; (target) etc.: no actual figure stated)\n";
  return kExitOk;
}

}  // namespace

void RegisterSeries(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "series",
      "Pivot one fact type into a subject x period table. Rows are a subject and scope (\"BYD\",\n"
      "\"BYD (BEV)\"). One value per cell, the most specific figure by provenance: actual over\n"
      "forecast/plan/target, exact over rounded over approximate over bounds, the narrower interval\n"
      "(70,327 over 70K), the article naming the fewest subjects for this type, the latest article.\n"
      "Marks: * two documents disagree beyond rounding, + derived as the sum of the months\n"
      "(--by quarter|year, counts only). json/jsonl give one object per cell with its source.");
  auto o = std::make_shared<SeriesOptions>();
  cmd->add_option("type", o->type, "Fact type (deliveries, yoy_pct, ...)")->required();
  cmd->add_option("--db", o->db, "Database file (default quarry.db)")->type_name("FILE");
  cmd->add_flag("--immutable", o->immutable, kImmutableHelp);
  cmd->add_option("--subject", o->subjects, "Only these subjects (names or aliases; repeatable)")->type_name("S");
  cmd->add_option("--by", o->by, "month (default), quarter or year")->type_name("UNIT");
  cmd->add_option("--format", o->format, "table (default), csv, json, jsonl or md")->type_name("FORMAT");
  cmd->callback([&ctx, o] { ctx.exit_code = RunSeries(ctx, *o); });
}

}  // namespace quarry::cli
