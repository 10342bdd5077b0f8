// series and check choose by provenance and compare within one scope: the most specific actual
// figure fills a cell (never the lowest fact id), "sources disagree" needs two documents that
// disagree beyond rounding, and a BEV figure is never a mismatch with a total.
#include <catch2/catch.hpp>

#include "verify/check.h"
#include "verify/series.h"

using namespace quarry::verify;

namespace {

StoredFact F(int64_t id, int64_t doc, const char* subject, const char* value, int prec, const char* period,
             const char* scope = "", quarry::Approx approx = quarry::Approx::kExact, const char* modality = "actual") {
  StoredFact f;
  f.id = id;
  f.document = doc;
  f.doc_id = "doc" + std::to_string(doc);
  f.type = "deliveries";
  f.unit = "vehicle";
  f.subject = subject;
  f.value_text = value;
  f.value = *quarry::Decimal::Parse(value);
  f.precision_exp = prec;
  f.period = period;
  f.scope = scope;
  f.approx = approx;
  f.modality = modality;
  f.published = "2025-09-01";
  return f;
}

}  // namespace

TEST_CASE("series: the most specific actual figure fills the cell, not the lowest id", "[series][provenance]") {
  std::vector<StoredFact> facts = {
      F(1, 1, "XPeng", "37700", 0, "2025-08", "", quarry::Approx::kGreater),  // "over 37,700": a bound
      F(2, 2, "XPeng", "37700", 2, "2025-08"),                                // "37.7K": rounded
      F(3, 3, "XPeng", "37709", 0, "2025-08"),                                // exact
      F(4, 3, "XPeng", "40000", 0, "2025-08", "", quarry::Approx::kExact, "target"),
  };
  Series s = BuildSeries("deliveries", facts, SeriesBy::kMonth);
  const auto& c = s.cells.at({"XPeng", "2025-08"});
  CHECK(c.chosen.id == 3);
  CHECK(c.value == "37709");
  CHECK_FALSE(c.disagree);  // all three agree within rounding and bounds
  CHECK_FALSE(c.non_actual);
  // Without the exact figure the rounded one wins over the bound (still not by id).
  facts.erase(facts.begin() + 2);
  s = BuildSeries("deliveries", facts, SeriesBy::kMonth);
  CHECK(s.cells.at({"XPeng", "2025-08"}).chosen.id == 2);
}

TEST_CASE("series: sources disagree only across documents, beyond rounding; scopes are rows", "[series][provenance]") {
  // One article with two different figures (an extraction matter): no disagreement flag.
  std::vector<StoredFact> one_doc = {F(1, 1, "BYD", "373626", 0, "2025-08"), F(2, 1, "BYD", "199585", 0, "2025-08")};
  CHECK_FALSE(BuildSeries("deliveries", one_doc, SeriesBy::kMonth).cells.at({"BYD", "2025-08"}).disagree);
  // Two articles within rounding: no flag.
  std::vector<StoredFact> rounded = {F(1, 1, "BYD", "373626", 0, "2025-08"), F(2, 2, "BYD", "373600", 2, "2025-08")};
  CHECK_FALSE(BuildSeries("deliveries", rounded, SeriesBy::kMonth).cells.at({"BYD", "2025-08"}).disagree);
  // Two articles beyond rounding: flagged.
  std::vector<StoredFact> two = {F(1, 1, "BYD", "373626", 0, "2025-08"), F(2, 2, "BYD", "383626", 0, "2025-08")};
  CHECK(BuildSeries("deliveries", two, SeriesBy::kMonth).cells.at({"BYD", "2025-08"}).disagree);
  // A BEV figure and the total are two rows, never one cell.
  std::vector<StoredFact> scoped = {F(1, 1, "BYD", "373626", 0, "2025-08"), F(2, 2, "BYD", "199585", 0, "2025-08", "BEV")};
  Series s = BuildSeries("deliveries", scoped, SeriesBy::kMonth);
  CHECK(s.subjects == std::vector<std::string>{"BYD", "BYD (BEV)"});
  CHECK_FALSE(s.cells.at({"BYD", "2025-08"}).disagree);
  CHECK(s.cells.at({"BYD (BEV)", "2025-08"}).value == "199585");
}

TEST_CASE("check: mismatches only within one scope", "[check][provenance]") {
  // Across documents: a total and a BEV figure differ, but they are different figures.
  std::vector<StoredFact> facts = {F(1, 1, "BYD", "373626", 0, "2025-08"), F(2, 2, "BYD", "199585", 0, "2025-08", "BEV")};
  CHECK(RunChecks(facts, nullptr).empty());
  // The same scope in two documents beyond rounding: a finding.
  facts.push_back(F(3, 3, "BYD", "189585", 0, "2025-08", "BEV"));
  auto findings = RunChecks(facts, nullptr);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check == "sources_disagree");
  CHECK(findings[0].message.find("(BEV)") != std::string::npos);
  // A month above a year-to-date total of another scope is no finding.
  std::vector<StoredFact> ytd = {F(1, 1, "BYD", "1000123", 0, "2025-01..2025-08", "BEV"),
                                 F(2, 1, "BYD", "1373626", 0, "2025-08")};
  CHECK(RunChecks(ytd, nullptr).empty());
  ytd[1].scope = "BEV";
  CHECK(RunChecks(ytd, nullptr).size() == 1);
}
