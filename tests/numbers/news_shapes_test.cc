// A news report written for this test with the figure shapes of a monthly delivery article
// (figures, model names, versions and years side by side): every figure gets its exact value,
// and no model name, version or year becomes a quantity.
#include <catch2/catch.hpp>

#include "numbers/spec_table.h"

using quarry::AnnKind;
using quarry::testing::DescribeAll;
using quarry::testing::Pipeline;

namespace {

const char* kReport =
    "Orion Mobility's 81,864 Month: The Alliance vs. The Challengers\n"
    "The Orion alliance, led by a phone maker, handed over a total of 81,864 new energy "
    "vehicles (NEVs) in November, a record for the group.\n"
    "- Flagship brand: Vega alone handed over 18,827 vehicles in November, which means a "
    "127.93% year-on-year increase.\n"
    "- The refreshed Vega M7 SUV collected over 100,000 firm orders within three months and made "
    "up over 81% of Vega's November volume; the Vega M9 and the ADS 4 driver assistance on "
    "HarmonyOS 5 helped.\n"
    "- Newcomers: Lyra handed over 11,761 units, while Nova handed over 6,708 units.\n"
    "Rigel's 70K Moment\n"
    "Rigel handed over 70,327 vehicles in November, a 75% increase year-on-year, and reached its "
    "2025 annual target of 500,000 units early.\n"
    "- Partner deal: after the October 2023 agreement, a Western group bought a 21% stake and set "
    "up a 51/49 export venture.\n"
    "- Overseas: plans call for 36 sales outlets in Brazil and 5 in Chile by 2025, after Europe "
    "in September 2024.\n"
    "- Rigel develops 65% of vehicle cost in house.\n";

}  // namespace

TEST_CASE("news shapes: every figure exact, no model, version or year as a quantity") {
  Pipeline pipe;
  auto res = pipe.Run(kReport, "2025-12-02");
  const auto& text = res.doc.text;
  struct Want {
    const char* figure;
    const char* value;
    const char* unit;
    const char* approx;
  };
  const Want want[] = {
      {"81,864", "81864", "", "="},         {"81,864", "81864", "vehicle", "="},
      {"18,827", "18827", "vehicle", "="},  {"127.93%", "127.93", "pct", "="},
      {"100,000", "100000", "order", ">"},  {"three", "3", "", "="},
      {"81%", "81", "pct", ">"},            {"11,761", "11761", "vehicle", "="},
      {"6,708", "6708", "vehicle", "="},    {"70K", "70000", "", "="},
      {"70,327", "70327", "vehicle", "="},  {"75%", "75", "pct", "="},
      {"500,000", "500000", "vehicle", "="}, {"21%", "21", "pct", "="},
      {"51/49", "51", "ratio", "="},        {"36", "36", "outlet", "="},
      {"5", "5", "", "="},                  {"65%", "65", "pct", "="},
  };
  INFO("got:" << DescribeAll(res.quantities, res.doc));
  REQUIRE(res.quantities.size() == std::size(want));
  for (size_t i = 0; i < std::size(want); ++i) {
    const auto& a = res.quantities[i];
    INFO("quantity " << i << ": expected " << want[i].figure);
    CHECK(std::string(a.figure.Of(text)) == want[i].figure);
    CHECK(a.value.ToString() == want[i].value);
    CHECK(a.unit == want[i].unit);
    CHECK(std::string(quarry::ApproxSymbol(a.approx)) == want[i].approx);
  }
  // 70K is exact to the thousand; the ratio keeps both parts.
  CHECK(res.quantities[9].precision_exp == 3);
  REQUIRE(res.quantities[14].parts.size() == 2);
  CHECK(res.quantities[14].parts[1].ToString() == "49");
  // No quantity touches a model name, a version or a year.
  for (const auto& a : res.quantities) {
    for (uint32_t k = a.tok_begin; k < a.tok_end; ++k) {
      std::string tok(res.doc.TokenText(res.doc.tokens[k]));
      INFO("token " << tok << " inside " << a.span.Of(text));
      CHECK(tok != "M7");
      CHECK(tok != "M9");
      CHECK(tok != "2025");
      CHECK(tok != "2023");
      CHECK(tok != "2024");
      CHECK(tok != "4");
    }
  }
  // The years are periods, and the changes carry sign and basis.
  std::vector<std::string> periods, changes;
  for (const auto& a : res.all) {
    if (a.kind == AnnKind::kPeriod) periods.push_back(a.period);
    if (a.kind == AnnKind::kChange) changes.push_back(a.value.ToString() + "/" + a.period);
  }
  INFO("all:" << DescribeAll(res.all, res.doc));
  CHECK(std::count(periods.begin(), periods.end(), "2025-11") >= 4);
  CHECK(std::count(periods.begin(), periods.end(), "2023-10") == 1);
  CHECK(std::count(periods.begin(), periods.end(), "2024-09") == 1);
  CHECK(std::count(periods.begin(), periods.end(), "2025") == 2);
  CHECK(changes == std::vector<std::string>{"127.93/yoy", "75/yoy"});
}
