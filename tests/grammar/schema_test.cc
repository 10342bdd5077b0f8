// The pack schema: pack.schema syntax errors, rules checked against it (set type/unit/scope,
// <quantity unit=>, <entity kind=>), and the scope algebra. Rows of input -> exact diagnostic.
#include <catch2/catch.hpp>

#include "base/pack_schema.h"
#include "grammar/grammar.h"

using namespace quarry;

namespace {

const char* const kSchema =
    "unit vehicle vehicles | units | 辆\n"
    "unit pct\n"
    "kind brand subject\n"
    "kind country market\n"
    "type sales family=volume units=vehicle periodic scoped\n"
    "type deliveries family=volume units=vehicle periodic scoped\n"
    "type yoy_pct family=yoy units=pct periodic change scoped\n"
    "scope class carried passenger commercial\n"
    "scope powertrain NEV BEV PHEV\n"
    "scope channel retail wholesale\n";

// Loads pack.schema plus one rules file; returns the first error as "file:line:col: message",
// or "" when it loads.
std::string FirstError(const std::string& schema, const std::string& rules) {
  std::vector<grammar::LoadError> errors;
  auto g = grammar::Grammar::FromSources({{"pack.schema", schema}, {"r.rules", rules}}, &errors);
  if (errors.empty()) return g ? "" : "(no grammar and no error)";
  return errors.front().ToString();
}

std::string Rule(const std::string& set, const std::string& match) {
  return "rule r\n  set " + set + "\n  match " + match + "\nend\n";
}

}  // namespace

TEST_CASE("rules are checked against the schema at file:line:col") {
  struct Row {
    std::string set, match, expected;
  };
  const std::vector<Row> rows = {
      {"type=delivery", "value:<quantity unit=vehicle>",
       "r.rules:2:7: unknown type 'delivery' (pack.schema declares: sales, deliveries, yoy_pct)"},
      {"type=sales unit=vehicels", "value:<quantity unit=vehicle>",
       "r.rules:2:18: unknown unit 'vehicels' (pack.schema declares: vehicle, pct)"},
      {"type=sales", "value:<quantity unit=gwh>",
       "r.rules:3:25: unknown unit 'gwh' (pack.schema declares: none, vehicle, pct)"},
      {"type=sales", "subject:<entity kind=brnad> value:<quantity>",
       "r.rules:3:25: unknown entity kind 'brnad' (pack.schema declares: brand, country)"},
      {"type=sales scope=BEVV", "value:<quantity>",
       "r.rules:2:18: unknown scope value 'BEVV' (known: class: passenger commercial; powertrain: NEV BEV PHEV; "
       "channel: retail wholesale)"},
      {"type=sales scope=BEV/PHEV", "value:<quantity>",
       "r.rules:2:18: scope 'BEV/PHEV' has two values of powertrain (BEV, PHEV)"},
  };
  for (const auto& row : rows) {
    INFO("set " << row.set << " match " << row.match);
    CHECK(FirstError(kSchema, Rule(row.set, row.match)) == row.expected);
  }
  // What the schema declares loads, and the resolver's type directives are no types to declare.
  CHECK(FirstError(kSchema, Rule("type=sales scope=retail/passenger", "value:<quantity unit=vehicle|none>")) == "");
  CHECK(FirstError(kSchema, Rule("type=carry", "value:<quantity unit=vehicle>")) == "");
}

TEST_CASE("a set scope is made canonical in the schema's dimension order") {
  std::vector<grammar::LoadError> errors;
  auto g = grammar::Grammar::FromSources(
      {{"pack.schema", kSchema}, {"r.rules", Rule("type=sales scope=retail/NEV/passenger", "value:<quantity>")}},
      &errors);
  REQUIRE(g);
  CHECK(g->rules().front().constants.at("scope") == "passenger/NEV/retail");
}

TEST_CASE("pack.schema syntax errors are reported all at once at line:col") {
  struct Row {
    std::string text, expected;
  };
  const std::vector<Row> rows = {
      {"units vehicle\n", "1:1: unknown declaration 'units' (known: unit, kind, type, scope)"},
      {"type sales units=vehicle\nunit vehicle\n", "1:6: type sales needs family=NAME"},
      {"type sales family=volume units=car\n", "1:32: unknown unit 'car' (declared: )"},
      {"unit vehicle\ntype sales family=volume units=vehicle subjects=brand\n",
       "2:49: unknown kind 'brand' (declared: )"},
      {"unit vehicle\nunit vehicle\n", "2:6: unit 'vehicle' is declared twice"},
      {"scope powertrain BEV\nscope market BEV\n", "2:14: scope value 'BEV' is declared twice"},
      {"unit vehicle\ntype sales family=volume units=vehicle perodic\n",
       "2:40: unknown type flag 'perodic' (known: periodic, cumulative, located, change, scoped, volume, dated, "
       "holding, current)"},
      {"unit vehicle\ntype sales family=volume units=vehicle ranged=total\n",
       "2:47: unknown type 'total' in ranged (declared: sales)"},
      {"unit pct\ntype market_share family=share units=pct market=part_share\n",
       "2:49: unknown type 'part_share' in market (declared: market_share)"},
      {"unit vehicle\ntype sales family=volume units=vehicle ranged=sales\n",
       "2:47: ranged=sales: a figure of a range is a running total, declare sales cumulative"},
      {"kind brand subjcet\n", "1:12: unknown kind flag 'subjcet' (known: subject, market, regional, source, venture, product)"},
      {"unit vehicle cars | | units\n", "1:14: empty word in the word list of unit vehicle (a stray '|')"},
  };
  for (const auto& row : rows) {
    INFO(row.text);
    std::vector<SchemaError> errors;
    auto s = PackSchema::Parse(row.text, &errors);
    CHECK_FALSE(s);
    REQUIRE(!errors.empty());
    CHECK(std::to_string(errors[0].line) + ":" + std::to_string(errors[0].col) + ": " + errors[0].message ==
          row.expected);
  }
}

TEST_CASE("scope algebra: canonical order, one value per dimension, nearest kept") {
  std::vector<SchemaError> errors;
  auto s = PackSchema::Parse(kSchema, &errors);
  REQUIRE(s);
  std::string error;
  CHECK(s->Canonical("", &error) == std::string());
  CHECK(s->Canonical("retail/BEV", &error) == std::string("BEV/retail"));
  CHECK_FALSE(s->Canonical("BEV/NEV", &error));
  CHECK_FALSE(s->Canonical("overseas", &error));
  // WithValue adds a value unless its dimension already has one (the nearer word won).
  CHECK(s->WithValue("", "BEV") == "BEV");
  CHECK(s->WithValue("BEV", "NEV") == "BEV");
  CHECK(s->WithValue("BEV", "passenger") == "passenger/BEV");
  CHECK(s->WithValue("retail", "passenger") == "passenger/retail");
  // `carried` is a flag of the dimension, not one of its values.
  REQUIRE(s->DimensionOf("passenger"));
  CHECK(s->DimensionOf("passenger")->carried);
  CHECK_FALSE(s->DimensionOf("carried"));
  CHECK_FALSE(s->DimensionOf("BEV")->carried);
  CHECK(s->FamilyOf("deliveries") == "volume");
  CHECK(s->TypesOfFamily("volume") == std::vector<std::string>{"sales", "deliveries"});
}

TEST_CASE("kind and type flags: what the resolver reads of an entity or a fact type") {
  std::vector<SchemaError> errors;
  auto s = PackSchema::Parse("unit pct\n"
                             "kind maker subject\n"
                             "kind jv subject venture\n"
                             "kind model subject product\n"
                             "kind continent market regional\n"
                             "kind association source\n"
                             "type stake family=stake units=pct holding\n",
                             &errors);
  REQUIRE(s);
  CHECK(s->Kind("maker")->subject);
  CHECK_FALSE(s->Kind("maker")->venture);
  CHECK(s->Kind("jv")->venture);
  CHECK(s->Kind("model")->product);
  CHECK(s->Kind("continent")->market);
  CHECK(s->Kind("continent")->regional);
  CHECK(s->Kind("association")->source);
  CHECK_FALSE(s->Kind("association")->market);
  CHECK(s->Type("stake")->holding);
}
