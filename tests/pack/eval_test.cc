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

TEST_CASE("eval: per-rule recall counts a miss against the rule that extracted its figure") {
  EvalDoc d;
  d.key = "a.txt";
  // Rule A reads the figure at [10, 16) but with the wrong period; rule B is right elsewhere.
  d.facts.push_back(Pred("deliveries", "NIO", 36275, "2025-10"));
  d.facts.back().rule = "a.rules:1 a";
  d.facts.back().span = quarry::RawSpan(10, 16);
  d.facts.push_back(Pred("deliveries", "XPeng", 36728, "2025-11"));
  d.facts.back().rule = "b.rules:1 b";
  d.facts.back().span = quarry::RawSpan(40, 46);
  // Rule B also reads an orders figure at [60, 66) as deliveries (a wrong type).
  d.facts.push_back(Pred("deliveries", "XPeng", 5000, "2025-11"));
  d.facts.back().rule = "b.rules:1 b";
  d.facts.back().span = quarry::RawSpan(60, 66);
  std::vector<GoldFact> gold = {
      Gold(R"({"type":"deliveries","subject":"NIO","value":36275,"period":"2025-11","span":[10,16]})"),
      Gold(R"({"type":"deliveries","subject":"XPeng","value":36728,"period":"2025-11","span":[40,46]})"),
      Gold(R"({"type":"orders","subject":"XPeng","value":5000,"span":[60,66]})"),
      Gold(R"({"type":"deliveries","subject":"Li Auto","value":33181,"span":[80,86]})"),  // no rule read it
  };
  auto rep = Evaluate({d}, gold, {});
  REQUIRE(rep.false_negatives.size() == 3);
  CHECK(rep.false_negatives[0].rule == "a.rules:1 a");
  CHECK(rep.false_negatives[1].rule == "b.rules:1 b");
  CHECK(rep.false_negatives[2].rule == quarry::facts::kNoRule);
  const auto& a = rep.by_rule["a.rules:1 a"];
  CHECK((a.pred == 1 && a.tp == 0 && a.gold == 1));
  CHECK(a.Recall() == Catch::Detail::Approx(0.0));
  const auto& b = rep.by_rule["b.rules:1 b"];
  CHECK((b.pred == 2 && b.tp == 1 && b.gold == 2));  // gold = tp + its one miss
  CHECK(b.Precision() == Catch::Detail::Approx(0.5));
  CHECK(b.Recall() == Catch::Detail::Approx(0.5));
  CHECK(b.F1() == Catch::Detail::Approx(0.5));
  const auto& none = rep.by_rule[quarry::facts::kNoRule];
  CHECK((none.pred == 0 && none.tp == 0 && none.gold == 1));
  // Every miss is counted exactly once across the rules.
  int fn = 0;
  for (const auto& [rule, c] : rep.by_rule) fn += c.gold - c.tp;
  CHECK(fn == static_cast<int>(rep.false_negatives.size()));
}

TEST_CASE("eval: without a gold span, the same value in the same sentence attributes a miss") {
  EvalDoc d;
  d.key = "a.txt";
  d.facts.push_back(Pred("yoy_pct", "NIO", Decimal(763, -1), "2025-11"));
  d.facts.back().rule = "c.rules:1 c";
  d.facts.back().sentence = quarry::RawSpan(0, 50);
  d.facts.back().span = quarry::RawSpan(20, 25);
  quarry::Annotation q;
  q.kind = quarry::AnnKind::kChange;
  q.value = Decimal(763, -1);
  q.span = quarry::NormSpan(20, 25);
  d.trace.annotations.push_back(q);
  d.trace.text.text = std::string(50, 'x');
  d.trace.text.map.AddCopy(0, 50);
  quarry::text::Sentence s;
  s.span = quarry::NormSpan(0, 50);
  d.trace.text.sentences.push_back(s);
  // The gold says mom_pct: rule c found the figure but got the type wrong.
  std::vector<GoldFact> gold = {Gold(R"({"type":"mom_pct","subject":"NIO","value":76.3})")};
  auto rep = Evaluate({d}, gold, {});
  REQUIRE(rep.false_negatives.size() == 1);
  CHECK(rep.false_negatives[0].rule == "c.rules:1 c");
  CHECK(rep.by_rule["c.rules:1 c"].gold == 1);
  CHECK(rep.by_rule.count(quarry::facts::kNoRule) == 0);
}

TEST_CASE("eval: a gold span must be [begin, end]") {
  std::string err;
  auto g = ParseGoldLine(R"({"type":"x","subject":"y","value":1,"span":[3,9]})", "a.txt", &err);
  REQUIRE(g);
  REQUIRE(g->span);
  CHECK((g->span->begin == 3 && g->span->end == 9));
  CHECK_FALSE(ParseGoldLine(R"({"type":"x","subject":"y","value":1,"span":[9,3]})", "a.txt", &err));
  CHECK_FALSE(ParseGoldLine(R"({"type":"x","subject":"y","value":1,"span":"3-9"})", "a.txt", &err));
  CHECK(err.find("span") != std::string::npos);
}
