// quarry series: one fact type as a subject x period table, one value per cell chosen by the
// documented rule (Note [Choosing a cell's value] in verify/series.h), cells where sources
// disagree flagged.
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/options.h"
#include "facts/extractor.h"
#include "verify/db.h"
#include "verify/series.h"
#include "verify/table.h"
#include "verify/verify.h"

namespace quarry::cli {
namespace {

struct SeriesOptions {
  ReadDbOption db;
  std::string type;
  bool exact_type = false;
  std::vector<std::string> subjects;
  std::string by = "month";
  FormatOption format;
};

int RunSeries(const Context& ctx, const SeriesOptions& o) {
  if (!CheckFormat("series", o.format)) return kExitUsage;
  auto format = verify::ParseFormat(o.format.value);
  verify::SeriesBy by;
  if (o.by == "month") by = verify::SeriesBy::kMonth;
  else if (o.by == "quarter") by = verify::SeriesBy::kQuarter;
  else if (o.by == "year") by = verify::SeriesBy::kYear;
  else {
    PrintError("series: unknown --by " + o.by + " (month, quarter, year)");
    return kExitUsage;
  }
  auto db = OpenReadDb(o.db);
  if (!db) return kExitUsage;
  auto family = TypesToMatch(ctx, *db, o.db.path, "series", o.type, o.exact_type);
  if (!family) return kExitUsage;
  verify::FactFilter f;
  f.types = *family;
  if (!o.subjects.empty()) {
    std::string warning;
    auto gaz = verify::LoadGazetteer(GrammarDir(ctx), &warning);
    if (!gaz && !ctx.global.quiet) PrintError("warning: " + warning);
    try {
      verify::StoredNames stored = verify::LoadStoredNames(*db);
      for (const auto& s : o.subjects)
        for (auto& n : verify::WithStored(verify::SubjectNames(gaz.get(), s), &stored)) f.subjects.push_back(n);
    } catch (const std::exception& e) {
      PrintError(o.db.path + ": " + e.what());
      return kExitUsage;
    }
  }
  verify::Series s;
  try {
    // Streamed (verify/series.h): memory holds the cells printed, not the facts.
    s = verify::BuildSeries(*db, o.type, f, by, *family);
    if (*format == verify::Format::kJson || *format == verify::Format::kJsonl) {
      std::vector<verify::StoredFact*> shown;
      for (auto& [key, c] : s.cells)
        if (!c.derived) shown.push_back(&c.chosen);
      verify::FillText(*db, shown);
    }
  } catch (const std::exception& e) {
    PrintError(o.db.path + ": " + e.what());
    return kExitUsage;
  }
  if (*format == verify::Format::kJson || *format == verify::Format::kJsonl) {
    // Long form: one object per cell, with its provenance and flags.
    verify::TableWriter out(std::cout, *format,
                            {"subject", "period", "value", "approx", "unit", "modality", "type", "sources",
                             "disagree", "derived", "fact_id", "doc_id", "url", "evidence"});
    for (const auto& subj : s.subjects)
      for (const auto& p : s.periods) {
        auto it = s.cells.find({subj, p});
        if (it == s.cells.end()) continue;
        const auto& c = it->second;
        out.Add({verify::Cell::Text(subj), verify::Cell::Text(p), verify::Cell::Number(c.chosen.value.ToString()),
                 verify::Cell::Text(ApproxSymbol(c.chosen.approx)), verify::Cell::Text(c.chosen.unit),
                 verify::Cell::Text(c.chosen.modality), verify::Cell::Text(c.chosen.type),
                 verify::Cell::Int(static_cast<int64_t>(c.sources)),
                 verify::Cell::Number(c.disagree ? "true" : "false"), verify::Cell::Number(c.derived ? "true" : "false"),
                 c.derived ? verify::Cell::Null() : verify::Cell::Int(c.chosen.id),
                 c.derived ? verify::Cell::Null() : verify::Cell::Text(c.chosen.doc_id),
                 c.derived ? verify::Cell::Null() : verify::Cell::Text(c.chosen.url),
                 c.derived ? verify::Cell::Null() : verify::Cell::Text(c.chosen.evidence)});
      }
    out.Finish();
    return kExitOk;
  }
  // Pivot: marks "*" sources disagree, "+" derived from months, "(sales, target)" the type the
  // figure was stated as when it is another of the family, and a target/plan/forecast.
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
        std::string said;
        if (c.other_type) said = c.chosen.type;
        if (c.non_actual) said += (said.empty() ? "" : ", ") + c.chosen.modality;
        if (!said.empty()) v += " (" + said + ")";
        any_mark = any_mark || c.disagree || c.derived || c.non_actual || c.other_type;
      }
      row.push_back(*format == verify::Format::kCsv ? verify::Cell::Text(v) : verify::Cell::Number(v));
    }
    out.Add(std::move(row));
  }
  out.Finish();
  if (any_mark && !ctx.global.quiet)
    std::cerr << "(* two documents disagree beyond rounding; + sum of the months; (target) etc.: no actual figure "
                 "stated; (sales) etc.: stated as that type of the family)\n";
  return kExitOk;
}

}  // namespace

void RegisterSeries(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "series",
      "Pivot one fact type into a subject x period table. Rows are a subject and scope (\"Voltra\",\n"
      "\"Voltra (BEV)\"). One value per cell, the most specific figure by provenance: actual over\n"
      "forecast/plan/target, exact over rounded over approximate over bounds, the narrower interval\n"
      "(70,327 over 70K), the article naming the fewest subjects for this type, the latest article.\n"
      "Marks: * two documents disagree beyond rounding, + derived as the sum of the months\n"
      "(--by quarter|year, counts only). json/jsonl give one object per cell with its source.\n"
      "A type counts with the other types of its family in pack.schema (deliveries and sales are one\n"
      "measure; `quarry types` lists them): a cell takes figures of both, the asked type winning a tie,\n"
      "and shows \"70327 (sales)\" when its figure was stated as the other (--exact-type: one type).");
  auto o = std::make_shared<SeriesOptions>();
  cmd->add_option("type", o->type, "Fact type (deliveries, yoy_pct, ...; `quarry types` lists them)")->required();
  AddReadDb(cmd, &o->db);
  AddExactType(cmd, &o->exact_type);
  cmd->add_option("--subject", o->subjects, "Only these subjects (names or aliases; repeatable)")->type_name("S");
  cmd->add_option("--by", o->by, "month (default), quarter or year")->type_name("UNIT");
  AddFormat(cmd, &o->format, {"table", "csv", "json", "jsonl", "md"});
  cmd->callback([&ctx, o] { ctx.exit_code = RunSeries(ctx, *o); });
}

}  // namespace quarry::cli
