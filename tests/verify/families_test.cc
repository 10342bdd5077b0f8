// Measure families (Note [Measure families] in cli/options.cc): facts, series and verify match the
// types of one family together (deliveries and sales) unless --exact-type; a type that is a
// measure of its own (revenue) never matches another (price); `quarry types` lists the schema.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "base/pack_schema.h"
#include "helpers.h"

using namespace quarry::testing;

namespace {

std::vector<nlohmann::json> Lines(const std::string& s) {
  std::vector<nlohmann::json> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// The fixture plus: BYD's August figure stated as sales (doc 9) and as deliveries (doc 10, the
// same value), BYD's September only as sales, Leapmotor's November also as sales in another
// article (70,400: disagrees with the 70,327 deliveries), and a price and a revenue.
const char* kFamilySql =
    "INSERT INTO documents (id, doc_id, url, content_hash, status, published) VALUES "
    "(9, 'byd-sales', 'https://example.com/byd-sales', 'h9', 'done', '2025-10-01'),"
    "(10, 'byd-deliveries', 'https://example.com/byd-deliveries', 'h10', 'done', '2025-09-02');\n"
    "INSERT INTO facts (id, document_id, type, subject, value, unit, period, approx, precision_exp, modality, "
    "span_begin, span_end, sentence_begin, sentence_end, evidence, rule, grammar_version) VALUES "
    "(90, 9, 'sales', 'BYD', '373626', 'vehicle', '2025-08', '=', 0, 'actual', 0, 1, 0, 1, 'BYD sold 373,626.', 'r:1', 't'),"
    "(91, 9, 'sales', 'BYD', '396270', 'vehicle', '2025-09', '=', 0, 'actual', 0, 1, 0, 1, 'BYD sold 396,270.', 'r:2', 't'),"
    "(92, 10, 'deliveries', 'BYD', '373626', 'vehicle', '2025-08', '=', 0, 'actual', 0, 1, 0, 1, 'BYD delivered 373,626.', 'r:3', 't'),"
    "(93, 9, 'sales', 'Leapmotor', '70400', 'vehicle', '2025-11', '=', 0, 'actual', 0, 1, 0, 1, 'Leapmotor sold 70,400.', 'r:4', 't'),"
    "(94, 9, 'price', 'BYD', '99800', 'cny', NULL, '=', 0, 'actual', 0, 1, 0, 1, 'priced at 99,800 yuan', 'r:5', 't'),"
    "(95, 9, 'revenue', 'BYD', '200000000000', 'cny', '2025', '=', 0, 'actual', 0, 1, 0, 1, 'revenue of 200 billion', 'r:6', 't');\n";

std::string Db(const TempDir& dir) { return " --db " + Quote(dir / "q.db"); }

}  // namespace

TEST_CASE("facts --type matches the type's family unless --exact-type", "[families]") {
  TempDir dir;
  MakeDb(dir / "q.db", kFamilySql);
  auto r = Quarry(dir, "facts" + Db(dir) + " --type deliveries --subject BYD --format jsonl");
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto lines = Lines(r.out);
  REQUIRE(lines.size() == 3);  // the August deliveries and both sales
  std::multiset<std::string> types;
  for (const auto& l : lines) types.insert(l["type"].get<std::string>());
  CHECK(types == std::multiset<std::string>{"deliveries", "sales", "sales"});
  // Asked for sales: the deliveries come too.
  r = Quarry(dir, "facts" + Db(dir) + " --type sales --subject BYD --format jsonl");
  CHECK(Lines(r.out).size() == 3);
  r = Quarry(dir, "facts" + Db(dir) + " --type deliveries --exact-type --subject BYD --format jsonl");
  REQUIRE(r.code == 0);
  lines = Lines(r.out);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["type"] == "deliveries");
  // Price, revenue and investment are measures of their own: revenue never lists a price.
  r = Quarry(dir, "facts" + Db(dir) + " --type revenue --format jsonl");
  lines = Lines(r.out);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["type"] == "revenue");
  // Unknown types are refused with the known ones, --exact-type or not.
  r = Quarry(dir, "facts" + Db(dir) + " --type delivery --exact-type");
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown type \"delivery\" (known types: ") != std::string::npos);
  CHECK(r.err.find("deliveries") != std::string::npos);
}

TEST_CASE("series of a family: one row from deliveries and sales, the other type marked, none dropped",
          "[families]") {
  TempDir dir;
  MakeDb(dir / "q.db", kFamilySql);
  auto r = Quarry(dir, "series deliveries" + Db(dir) + " --subject BYD --subject Leapmotor --format csv");
  INFO(r.err);
  REQUIRE(r.code == 0);
  // August: deliveries and sales state the same value; the asked type wins the tie. September
  // is only stated as sales. Leapmotor's November: the exact 70,327 deliveries against another
  // article's 70,400 sales: both kept, and the cell's sources disagree.
  CHECK(r.out ==
        "subject,2025-08,2025-09,2025-11\n"
        "BYD,373626,396270,\n"
        "Leapmotor,,,70327\n");
  // The marked formats say which cell shows another type, and which disagree.
  r = Quarry(dir, "series deliveries" + Db(dir) + " --subject BYD --subject Leapmotor --format md");
  CHECK(r.out.find(" 396270 (sales) ") != std::string::npos);
  CHECK(r.out.find(" 70327* ") != std::string::npos);
  CHECK(r.out.find("373626 (") == std::string::npos);
  CHECK(r.err.find("(sales) etc.: stated as that type of the family") != std::string::npos);
  // The sales series shows the same figures from the other side.
  r = Quarry(dir, "series sales" + Db(dir) + " --subject BYD --format csv");
  CHECK(r.out == "subject,2025-08,2025-09\nBYD,373626,396270\n");
  r = Quarry(dir, "series deliveries" + Db(dir) + " --subject BYD --format jsonl");
  auto lines = Lines(r.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["type"] == "deliveries");
  CHECK(lines[0]["sources"] == 2);  // both figures of August count
  CHECK(lines[1]["type"] == "sales");
  // --exact-type: deliveries only.
  r = Quarry(dir, "series deliveries --exact-type" + Db(dir) + " --subject BYD --subject Leapmotor --format csv");
  CHECK(r.out == "subject,2025-08,2025-11\nBYD,373626,\nLeapmotor,,70327\n");
}

TEST_CASE("verify: a sales claim is judged against stored deliveries unless --exact-type", "[families]") {
  TempDir dir;
  MakeDb(dir / "q.db");  // the fixture: deliveries only
  Write(dir / "claims.csv",
        "subject,type,period,value\n"
        "Leapmotor,sales,2025-11,\"70,327\"\n"   // 2 confirmed by the stored deliveries
        "HIMA,sales,2025-11,\"90,000\"\n");      // 3 contradicted by them
  auto r = Quarry(dir, "verify" + Db(dir) + " --format jsonl " + Quote(dir / "claims.csv"));
  INFO(r.err << r.out);
  CHECK(r.code == 1);
  auto lines = Lines(r.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["status"] == "confirmed");
  CHECK(lines[0]["support"] == "exact");
  CHECK(lines[0]["evidence"][0]["type"] == "deliveries");
  CHECK(lines[0]["note"].get<std::string>().find("a deliveries figure") != std::string::npos);
  CHECK(lines[1]["status"] == "contradicted");
  r = Quarry(dir, "verify" + Db(dir) + " --exact-type --format jsonl " + Quote(dir / "claims.csv"));
  CHECK(r.code == 0);
  lines = Lines(r.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["status"] == "not_found");
  CHECK(lines[1]["status"] == "not_found");
}

TEST_CASE("quarry types lists every type of the schema with its family, and the units and scopes",
          "[families]") {
  TempDir dir;
  std::string error;
  auto schema = quarry::PackSchema::Load(std::string(QUARRY_SOURCE_DIR) + "/grammars", &error);
  REQUIRE(schema);
  auto r = Quarry(dir, "types");
  INFO(r.err);
  REQUIRE(r.code == 0);
  for (const auto& t : schema->types()) {
    INFO(t.name);
    CHECK(r.out.find("\n" + t.name + " ") != std::string::npos);
  }
  for (const auto& d : schema->dimensions()) CHECK(r.out.find("\n" + d.name + " ") != std::string::npos);
  r = Quarry(dir, "types --format json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["types"].size() == schema->types().size());
  for (size_t i = 0; i < schema->types().size(); ++i) {
    const auto& t = schema->types()[i];
    CHECK(j["types"][i]["type"] == t.name);
    CHECK(j["types"][i]["family"] == t.family);
  }
  CHECK(j["types"][0]["same_measure"] == nlohmann::json{"deliveries", "sales"});
  CHECK(j["units"].size() == schema->units().size());
  CHECK(j["scopes"].size() == schema->dimensions().size());
  // Only deliveries and sales share a family in the auto pack: no other type would match another.
  for (const auto& t : schema->types())
    if (t.name != "deliveries" && t.name != "sales") CHECK(schema->SameMeasure(t.name).size() == 1);
  r = Quarry(dir, "types --format csv");
  CHECK(r.code == 2);
  CHECK(r.err.find("--format must be table or json") != std::string::npos);
  // --type's help names the command that lists the types.
  for (const char* cmd : {"facts", "series", "verify"}) {
    r = Quarry(dir, std::string(cmd) + " --help");
    CHECK(r.out.find("quarry types") != std::string::npos);
    CHECK(r.out.find("--exact-type") != std::string::npos);
  }
}
