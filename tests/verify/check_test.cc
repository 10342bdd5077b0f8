// quarry check: each audit finds its planted inconsistency, and rounding is never a finding.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>

#include "gazetteer/gazetteer.h"
#include "helpers.h"
#include "verify/check.h"
#include "verify/db.h"

using namespace quarry::testing;
using namespace quarry::verify;

namespace {

// Documents 10.. with facts that cannot all be true. Each INSERT: doc, type, subject, object,
// value, unit, period, approx, precision, sentence.
std::string Fact(int id, int doc, const char* type, const char* subject, const char* object, const char* value,
                 const char* unit, const char* period, const char* approx, int prec, const char* sentence) {
  auto q = [](const char* s) {
    if (!s) return std::string("NULL");
    std::string out = "'";  // appended, not "'" + std::string: GCC 12 -Wrestrict misfires on that
    out += s;
    return out + "'";
  };
  return "INSERT INTO facts (id, document_id, type, subject, object, value, unit, period, approx, precision_exp, "
         "span_begin, span_end, sentence_begin, sentence_end, evidence, rule, grammar_version) VALUES (" +
         std::to_string(id) + "," + std::to_string(doc) + "," + q(type) + "," + q(subject) + "," + q(object) + "," +
         q(value) + "," + q(unit) + "," + q(period) + "," + q(approx) + "," + std::to_string(prec) +
         ", 0, 1, 0, 1, " + q(sentence) + ", 't:1', 't');\n";
}

std::string Doc(int id) {
  return "INSERT INTO documents (id, doc_id, url, content_hash, status) VALUES (" + std::to_string(id) + ", 'doc" +
         std::to_string(id) + "', 'https://example.com/" + std::to_string(id) + "', 'h" + std::to_string(id) +
         "', 'done');\n";
}

std::string Planted() {
  std::string s;
  for (int d = 10; d <= 16; ++d) s += Doc(d);
  // 10: parts above the whole (AITO + Luxeed > HIMA's total).
  s += Fact(100, 10, "deliveries", "HIMA", nullptr, "20000", "vehicle", "2025-11", "=", 0, "HIMA delivered 20,000.");
  s += Fact(101, 10, "deliveries", "AITO", nullptr, "18827", "vehicle", "2025-11", "=", 0, "AITO delivered 18,827.");
  s += Fact(102, 10, "deliveries", "Luxeed", nullptr, "11761", "vehicle", "2025-11", "=", 0, "Luxeed delivered 11,761.");
  // 11: a YoY that matches within rounding (70327 / 40169 = +75.08%) and one that does not.
  s += Fact(110, 11, "deliveries", "Leapmotor", nullptr, "70327", "vehicle", "2025-11", "=", 0, "Leapmotor delivered 70,327.");
  s += Fact(111, 11, "yoy_pct", "Leapmotor", nullptr, "75", "pct", "2025-11", "=", 0, "Up 75% year on year.");
  s += Fact(112, 11, "deliveries", "Leapmotor", nullptr, "40169", "vehicle", "2024-11", "=", 0, "A year ago: 40,169.");
  s += Fact(113, 11, "deliveries", "Zeekr", nullptr, "30123", "vehicle", "2025-11", "=", 0, "Zeekr delivered 30,123.");
  s += Fact(114, 11, "yoy_pct", "Zeekr", nullptr, "90", "pct", "2025-11", "=", 0, "Zeekr grew 90%.");
  s += Fact(115, 11, "deliveries", "Zeekr", nullptr, "20011", "vehicle", "2024-11", "=", 0, "Zeekr had 20,011 a year ago.");
  // 12: a month above the year-to-date total that includes it; and months summing above it.
  s += Fact(120, 12, "deliveries", "Leapmotor", nullptr, "60000", "vehicle", "2025-01..2025-11", "=", 0, "So far this year: 60,000.");
  s += Fact(121, 12, "deliveries", "Leapmotor", nullptr, "70327", "vehicle", "2025-11", "=", 0, "November: 70,327.");
  s += Fact(122, 12, "deliveries", "Xpeng", nullptr, "100123", "vehicle", "2025-01..2025-03", "=", 0, "Q1 so far: 100,123.");
  s += Fact(123, 12, "deliveries", "Xpeng", nullptr, "40123", "vehicle", "2025-02", "=", 0, "February: 40,123.");
  s += Fact(124, 12, "deliveries", "Xpeng", nullptr, "70123", "vehicle", "2025-03", "=", 0, "March: 70,123.");
  // 13: stakes in one company above 100%.
  s += Fact(130, 13, "stake_pct", "Stellantis", "Leapmotor", "21", "pct", nullptr, "=", 0, "Stellantis holds 21%.");
  s += Fact(131, 13, "stake_pct", "Founders", "Leapmotor", "85", "pct", nullptr, "=", 0, "Founders hold 85%.");
  // 14 vs 10: the same figure stated differently; 15 vs 11: the same figure rounded (no finding).
  s += Fact(140, 14, "deliveries", "AITO", nullptr, "17000", "vehicle", "2025-11", "=", 0, "AITO: 17,000 in November.");
  s += Fact(150, 15, "deliveries", "Leapmotor", nullptr, "70000", "vehicle", "2025-11", "=", 3, "Leapmotor: 70K.");
  // 16: stakes that add up with rounding (50.4 + 49.6 written as 50% and 50%... and 51/49).
  s += Fact(160, 16, "stake_pct", "A", "JV", "51", "pct", nullptr, "=", 0, "A holds 51%.");
  s += Fact(161, 16, "stake_pct", "B", "JV", "49", "pct", nullptr, "=", 0, "B holds 49%.");
  return s;
}

std::unique_ptr<quarry::gazetteer::Gazetteer> TestGazetteer() {
  std::vector<quarry::gazetteer::LoadError> errors;
  auto g = quarry::gazetteer::Gazetteer::Load(std::string(QUARRY_SOURCE_DIR) + "/tests/verify/grammars/gazetteer", &errors);
  REQUIRE(errors.empty());
  return g;
}

}  // namespace

TEST_CASE("check: every planted inconsistency is found, with both sentences", "[check]") {
  TempDir dir;
  MakeDb(dir / "c.db", Planted(), false);
  std::string err;
  auto db = OpenReadOnly(dir / "c.db", &err);
  REQUIRE(db);
  auto gaz = TestGazetteer();
  auto findings = RunChecks(LoadFacts(*db, {}), gaz.get());
  std::map<std::string, std::vector<const Finding*>> by;
  for (const auto& f : findings) by[f.check].push_back(&f);
  for (const auto& f : findings) UNSCOPED_INFO(f.check << ": " << f.message);

  REQUIRE(by["parts_exceed_whole"].size() == 1);
  CHECK(by["parts_exceed_whole"][0]->facts[0].id == 100);
  CHECK(by["parts_exceed_whole"][0]->severity == Severity::kError);
  CHECK(by["parts_exceed_whole"][0]->message.find("30588") != std::string::npos);

  REQUIRE(by["yoy_mismatch"].size() == 1);  // Zeekr only: Leapmotor's 75% is 75.08% rounded
  CHECK(by["yoy_mismatch"][0]->facts[0].id == 114);
  CHECK(by["yoy_mismatch"][0]->facts[0].evidence == "Zeekr grew 90%.");
  CHECK(by["yoy_mismatch"][0]->facts[2].id == 115);

  REQUIRE(by["month_exceeds_ytd"].size() == 2);
  CHECK(by["month_exceeds_ytd"][0]->facts[1].id == 121);  // November alone above the YTD
  CHECK(by["month_exceeds_ytd"][1]->message.find("2 monthly figures of Xpeng sum to 110246") != std::string::npos);

  REQUIRE(by["stakes_over_100"].size() == 1);  // Leapmotor; the JV's 51 + 49 is fine
  CHECK(by["stakes_over_100"][0]->facts.size() == 2);

  // AITO 18,827 vs 17,000 across articles; Leapmotor 70K agrees with 70,327; the 2025-11 YTD
  // statements of Leapmotor (70,327 in docs 11 and 12) agree.
  REQUIRE(by["sources_disagree"].size() == 1);
  const Finding& d = *by["sources_disagree"][0];
  CHECK(d.severity == Severity::kWarning);
  CHECK(d.facts[0].evidence == "AITO delivered 18,827.");
  CHECK(d.facts[1].evidence == "AITO: 17,000 in November.");
  // Errors come first.
  CHECK(findings.front().severity == Severity::kError);
  CHECK(findings.back().severity == Severity::kWarning);
}

TEST_CASE("check: the fixture, consistent within rounding, has no findings; CLI exit codes", "[check]") {
  TempDir dir;
  MakeDb(dir / "q.db");
  auto r = Quarry(dir, "check --db " + Quote(dir / "q.db"));
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find("0 findings") != std::string::npos);
  MakeDb(dir / "c.db", Planted(), false);
  r = Quarry(dir, "check --db " + Quote(dir / "c.db") + " --format jsonl");
  CHECK(r.code == 1);
  std::istringstream in(r.out);
  int n = 0;
  for (std::string line; std::getline(in, line); ++n) {
    auto j = nlohmann::json::parse(line);
    CHECK(j["facts"].size() >= 2);
    CHECK((j["severity"] == "error" || j["severity"] == "warning"));
  }
  CHECK(n == 6);
}

TEST_CASE("check: the same figures stated in two articles are one finding, not two", "[check]") {
  // Li Auto's October 2025 deliveries and YoY, stated in a table (doc 20) and in a Chinese
  // round-up (doc 21), against the October 2024 figure of a third article (doc 22): the stated
  // -38.3% implies at most 31,766, not 31,767 (a warning: the prior year is from another article).
  // Doc 23 states its own inconsistent YoY twice (two facts, the same figures): one error.
  // (Figures not ending in zeros: 30,000 would be rounded to [25000, 35000) and agree.)
  std::string s;
  for (int d = 20; d <= 23; ++d) s += Doc(d);
  s += Fact(200, 20, "yoy_pct", "Li Auto", nullptr, "-38.3", "pct", "2025-10", "=", -1, "Li Auto | 31,767 | -38.3%");
  s += Fact(201, 20, "deliveries", "Li Auto", nullptr, "31767", "vehicle", "2025-10", "=", 0, "Li Auto | 31,767 | -38.3%");
  s += Fact(210, 21, "deliveries", "Li Auto", nullptr, "31767", "vehicle", "2025-10", "=", 0, "10月交付31,767辆,同比下降38.3%。");
  s += Fact(211, 21, "yoy_pct", "Li Auto", nullptr, "-38.3", "pct", "2025-10", "=", -1, "10月交付31,767辆,同比下降38.3%。");
  s += Fact(220, 22, "deliveries", "Li Auto", nullptr, "51443", "vehicle", "2024-10", "=", 0, "Li Auto delivers 51,443 vehicles in Oct.");
  s += Fact(230, 23, "deliveries", "Zeekr", nullptr, "30123", "vehicle", "2025-11", "=", 0, "Zeekr delivered 30,123.");
  s += Fact(231, 23, "yoy_pct", "Zeekr", nullptr, "90", "pct", "2025-11", "=", 0, "Zeekr grew 90%.");
  s += Fact(232, 23, "yoy_pct", "Zeekr", nullptr, "90", "pct", "2025-11", "=", 0, "That is 90% more than a year ago.");
  s += Fact(233, 23, "deliveries", "Zeekr", nullptr, "20011", "vehicle", "2024-11", "=", 0, "Zeekr had 20,011 a year ago.");
  TempDir dir;
  MakeDb(dir / "c.db", s, false);
  std::string err;
  auto db = OpenReadOnly(dir / "c.db", &err);
  REQUIRE(db);
  auto findings = RunChecks(LoadFacts(*db, {}), nullptr);
  for (const auto& f : findings) UNSCOPED_INFO(f.check << ": " << f.message);
  REQUIRE(findings.size() == 2);
  const Finding& zeekr = findings[0];
  CHECK(zeekr.severity == Severity::kError);
  CHECK(zeekr.facts[0].id == 231);
  CHECK(zeekr.message.find("also stated in the same article") != std::string::npos);
  std::set<int64_t> ids;
  for (const auto& x : zeekr.facts) ids.insert(x.id);
  CHECK(ids == std::set<int64_t>{230, 231, 232, 233});  // each fact once
  const Finding& li = findings[1];
  CHECK(li.check == "yoy_mismatch");
  CHECK(li.severity == Severity::kWarning);
  CHECK(li.facts[0].id == 200);  // the first statement leads, its sentences are shown
  CHECK(li.facts[1].id == 201);
  CHECK(li.facts[2].id == 220);
  CHECK(li.message.find("also stated in doc21") != std::string::npos);
  ids.clear();
  for (const auto& x : li.facts) ids.insert(x.id);
  CHECK(ids == std::set<int64_t>{200, 201, 210, 211, 220});
  CHECK(li.facts.size() == 5);
}
