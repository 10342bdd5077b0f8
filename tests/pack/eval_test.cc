// facts/eval: gold parsing and matching rules (same doc, type, subject, exact value, and every
// optional field the gold line gives; each predicted fact used once).
#include <catch2/catch.hpp>

#include "facts/eval.h"


using quarry::Decimal;
using quarry::Fact;
using quarry::facts::EvalDoc;
using quarry::facts::Evaluate;
using quarry::facts::GoldFact;
using quarry::facts::ParseGoldLine;

namespace {

Fact Pred(const std::string& type, const std::string& subject, Decimal value, const std::string& period = "") {
  Fact f;
  f.type = type;
  f.subject = subject;
  f.value = value;
  f.period = period;
  f.unit = "vehicle";
  f.rule = "r.rules:1 r";
  return f;
}

GoldFact Gold(const std::string& line) {
  std::string err;
  auto g = ParseGoldLine(line, "a.txt", &err);
  REQUIRE(g);
  return *g;
}

}  // namespace

TEST_CASE("eval: gold lines parse, bad ones are rejected with a reason") {
  std::string err;
  auto g = ParseGoldLine(R"({"type":"yoy_pct","subject":"AITO","value":127.930,"period":"2025-11"})", "a.txt", &err);
  REQUIRE(g);
  CHECK(g->doc == "a.txt");
  CHECK(g->value == Decimal(12793, -2));
  CHECK(*g->period == "2025-11");
  CHECK_FALSE(g->approx);
  CHECK_FALSE(ParseGoldLine(R"({"type":"x"})", "a.txt", &err));
  CHECK(err.find("type, subject and value") != std::string::npos);
  CHECK_FALSE(ParseGoldLine("{not json", "a.txt", &err));
  CHECK_FALSE(ParseGoldLine(R"({"type":"x","subject":"y","value":"1e3"})", "a.txt", &err));
}

TEST_CASE("eval: matching compares only the fields the gold line gives") {
  EvalDoc d;
  d.key = "a.txt";
  d.facts.push_back(Pred("deliveries", "NIO", 36275, "2025-11"));
  d.facts.back().approx = quarry::Approx::kGreater;
  d.facts.push_back(Pred("deliveries", "NIO", 36275, "2025-10"));  // same value, other period
  d.facts.push_back(Pred("yoy_pct", "NIO", Decimal(763, -1), "2025-11"));
  std::vector<GoldFact> gold = {
      Gold(R"({"type":"deliveries","subject":"NIO","value":36275,"period":"2025-11","approx":">"})"),
      Gold(R"({"type":"yoy_pct","subject":"NIO","value":76.3})"),
      Gold(R"({"type":"orders","subject":"NIO","value":1000})"),
  };
  auto rep = Evaluate({d}, gold, {});
  CHECK(rep.micro.gold == 3);
  CHECK(rep.micro.pred == 3);
  CHECK(rep.micro.tp == 2);
  REQUIRE(rep.false_positives.size() == 1);
  CHECK(rep.false_positives[0].what.find("@2025-10") != std::string::npos);
  REQUIRE(rep.false_negatives.size() == 1);
  CHECK(rep.false_negatives[0].what.find("orders") != std::string::npos);
  CHECK(rep.by_type["deliveries"].tp == 1);
  CHECK(rep.by_rule["r.rules:1 r"].pred == 3);
}

TEST_CASE("eval: approx, qualifiers and documents must agree; a fact is used once") {
  EvalDoc d;
  d.key = "a.txt";
  d.facts.push_back(Pred("deliveries", "Leapmotor", 70327, "2025-11"));
  std::vector<GoldFact> gold = {
      Gold(R"({"type":"deliveries","subject":"Leapmotor","value":70327,"qualifiers":["record"]})"),
      Gold(R"({"type":"deliveries","subject":"Leapmotor","value":70327,"approx":">"})"),
      Gold(R"({"doc":"b.txt","type":"deliveries","subject":"Leapmotor","value":70327})"),
  };
  auto rep = Evaluate({d}, gold, {});
  CHECK(rep.micro.tp == 0);
  CHECK(rep.false_negatives.size() == 2);  // b.txt's gold belongs to another document
  d.facts[0].qualifiers = {"record", "new-high"};
  gold.push_back(Gold(R"({"type":"deliveries","subject":"Leapmotor","value":70327})"));
  rep = Evaluate({d}, gold, {});
  CHECK(rep.micro.tp == 1);  // the first gold line takes it; the duplicate gold line misses
  CHECK(rep.micro.gold == 3);
}

TEST_CASE("eval: core types restrict the thresholded score") {
  EvalDoc d;
  d.key = "a.txt";
  d.facts.push_back(Pred("deliveries", "NIO", 1));
  d.facts.push_back(Pred("price", "NIO", 2));
  std::vector<GoldFact> gold = {Gold(R"({"type":"deliveries","subject":"NIO","value":1})")};
  quarry::facts::EvalOptions opts;
  opts.core_types = {"deliveries"};
  auto rep = Evaluate({d}, gold, opts);
  CHECK(rep.core.F1() == Catch::Detail::Approx(1.0));
  CHECK(rep.micro.F1() < 1.0);
}
