// quarry types: the fact model of the grammar pack (its pack.schema): every fact type with its
// family, units, subject kinds and flags, then the units with their words, the subject kinds and
// the scope dimensions. What `--type` of facts, series and verify accepts, and which types match
// together (Note [Measure families] in options.cc).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/options.h"
#include "verify/table.h"

namespace quarry::cli {
namespace {

struct TypesOptions {
  FormatOption format;
};

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

std::vector<std::string> Flags(const FactTypeDecl& t) {
  std::vector<std::string> out;
  for (auto [on, name] : {std::pair{t.periodic, "periodic"}, std::pair{t.cumulative, "cumulative"},
                          std::pair{t.located, "located"}, std::pair{t.change, "change"},
                          std::pair{t.scoped, "scoped"}, std::pair{t.volume, "volume"}, std::pair{t.dated, "dated"}})
    if (on) out.push_back(name);
  return out;
}

std::vector<std::string> KindFlags(const KindDecl& k) {
  std::vector<std::string> out;
  if (k.subject) out.push_back("subject");
  if (k.market) out.push_back("market");
  return out;
}

void PrintJson(const PackSchema& s) {
  nlohmann::ordered_json j;
  j["types"] = nlohmann::ordered_json::array();
  for (const auto& t : s.types())
    j["types"].push_back({{"type", t.name},
                          {"family", t.family},
                          {"same_measure", s.SameMeasure(t.name)},
                          {"units", t.units},
                          {"subjects", t.subjects},
                          {"flags", Flags(t)},
                          {"implies", t.implies}});
  j["units"] = nlohmann::ordered_json::array();
  for (const auto& u : s.units()) j["units"].push_back({{"unit", u.name}, {"words", u.words}});
  j["kinds"] = nlohmann::ordered_json::array();
  for (const auto& k : s.kinds()) j["kinds"].push_back({{"kind", k.name}, {"flags", KindFlags(k)}});
  j["scopes"] = nlohmann::ordered_json::array();
  for (const auto& d : s.dimensions())
    j["scopes"].push_back({{"dimension", d.name}, {"values", d.values}, {"carried", d.carried}});
  // Names and words come from the pack's files: dump() escapes controls; invalid UTF-8 is replaced.
  std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

void PrintTables(const PackSchema& s) {
  using verify::Cell;
  {
    verify::TableWriter out(std::cout, verify::Format::kTable,
                            {"type", "family", "units", "subjects", "flags", "implies"});
    for (const auto& t : s.types())
      out.Add({Cell::Text(t.name), Cell::Text(t.family), Cell::Text(Join(t.units, "|")),
               Cell::Text(t.subjects.empty() ? "any" : Join(t.subjects, "|")), Cell::Text(Join(Flags(t), " ")),
               Cell::Text(Join(t.implies, "|"))});
  }
  std::cout << "\n";
  {
    verify::TableWriter out(std::cout, verify::Format::kTable, {"unit", "words"}, 100);
    for (const auto& u : s.units()) out.Add({Cell::Text(u.name), Cell::Text(Join(u.words, " | "))});
  }
  std::cout << "\n";
  {
    verify::TableWriter out(std::cout, verify::Format::kTable, {"kind", "flags"});
    for (const auto& k : s.kinds()) out.Add({Cell::Text(k.name), Cell::Text(Join(KindFlags(k), " "))});
  }
  std::cout << "\n";
  {
    verify::TableWriter out(std::cout, verify::Format::kTable, {"scope", "values", "flags"});
    for (const auto& d : s.dimensions())
      out.Add({Cell::Text(d.name), Cell::Text(Join(d.values, " ")), Cell::Text(d.carried ? "carried" : "")});
  }
}

int RunTypes(const Context& ctx, const TypesOptions& o) {
  if (!CheckFormat("types", o.format)) return kExitUsage;
  std::string error;
  auto schema = PackSchema::Load(GrammarDir(ctx), &error);
  if (!schema) {
    PrintError(error + " (the grammar folder's pack.schema; see --grammars)");
    return kExitUsage;
  }
  if (o.format.value == "json") PrintJson(*schema);
  else PrintTables(*schema);
  return kExitOk;
}

}  // namespace

void RegisterTypes(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "types",
      "List the fact model of the grammar pack (its pack.schema): each fact type with its family, units,\n"
      "subject kinds and flags, then the units and their words, the subject kinds and the scope values.\n"
      "Types of one family are one measure under different words (deliveries and sales): facts,\n"
      "series and verify match them together unless given --exact-type.");
  auto o = std::make_shared<TypesOptions>();
  AddFormat(cmd, &o->format, {"table", "json"});
  cmd->callback([&ctx, o] { ctx.exit_code = RunTypes(ctx, *o); });
}

}  // namespace quarry::cli
