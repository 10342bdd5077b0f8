// Figures as intervals: written forms -> intervals, and agreement between intervals.
#include <catch2/catch.hpp>

#include "verify/interval.h"

using QApprox = quarry::Approx;
using quarry::Decimal;
using namespace quarry::verify;

TEST_CASE("written figures become the intervals their writing implies", "[interval]") {
  struct Row {
    const char* written;
    const char* interval;
  };
  const Row rows[] = {
      {"70,327", "70327"},
      {"70327", "70327"},
      {"70K", "[69500, 70500)"},
      {"70k", "[69500, 70500)"},
      {"70.3K", "[70250, 70350)"},
      {"127.9", "[127.85, 127.95)"},
      {"127.93%", "[127.925, 127.935)"},
      {"1.2 million", "[1150000, 1250000)"},
      {"2 billion", "[1500000000, 2500000000)"},
      {"over 100,000", "(100000, +inf)"},
      {"more than 20000", "(20000, +inf)"},
      {">100000", "(100000, +inf)"},
      {">= 5", "[5, +inf)"},
      {"at least 5", "[5, +inf)"},
      {"under 5%", "(-inf, 5)"},
      {"<= 7", "(-inf, 7]"},
      {"about 15,100", "[15050, 15150)"},
      {"~15100", "[15050, 15150)"},
      {"about 15,000", "[14500, 15500)"},
      {"around 70K", "[65000, 75000)"},
      {"-34.07", "[-34.075, -34.065)"},
      {"21%", "21"},
      // Trailing zeros: rounded to the last significant place (half up, upper end open).
      {"48,700", "[48650, 48750)"},
      {"70,000", "[65000, 75000)"},  // its last significant place is the ten-thousands
      {"30", "[25, 35)"},
      {"0", "0"},
  };
  for (const auto& r : rows) {
    std::string err;
    auto f = ParseWrittenFigure(r.written, &err);
    INFO(r.written << " " << err);
    REQUIRE(f.has_value());
    CHECK(f->interval.ToString() == r.interval);
  }
}

TEST_CASE("unreadable figures are refused with a reason", "[interval]") {
  for (const char* bad : {"", "abc", "70 apples", "over", "12..5", "70KK", "1e5"}) {
    std::string err;
    INFO(bad);
    CHECK_FALSE(ParseWrittenFigure(bad, &err).has_value());
    CHECK_FALSE(err.empty());
  }
}

TEST_CASE("stored figures: precision_exp and approx give the interval", "[interval]") {
  CHECK(FigureInterval(Decimal(81864), QApprox::kExact, 0).ToString() == "81864");
  // Precision unknown (loaded from JSONL): trailing zeros and decimals are rounded.
  CHECK(FigureInterval(Decimal(48700), QApprox::kExact, 0).ToString() == "[48650, 48750)");
  CHECK(FigureInterval(Decimal(12793, -2), QApprox::kExact, 0).ToString() == "[127.925, 127.935)");
  CHECK(FigureInterval(Decimal(70000), QApprox::kExact, 3).ToString() == "[69500, 70500)");
  CHECK(FigureInterval(Decimal(12793, -2), QApprox::kExact, -2).ToString() == "[127.925, 127.935)");
  CHECK(FigureInterval(Decimal(100000), QApprox::kGreater, 0).ToString() == "(100000, +inf)");
  CHECK(FigureInterval(Decimal(15100), QApprox::kAbout, 0).ToString() == "[15050, 15150)");
  // 'about' never narrower than the written precision.
  CHECK(FigureInterval(Decimal(15100), QApprox::kAbout, 3).ToString() == "[14600, 15600)");
  // check's rounded reading of an integer percentage.
  CHECK(RoundedInterval(Decimal(75), QApprox::kExact, 0).ToString() == "[74.5, 75.5)");
}

TEST_CASE("intervals agree when they meet, open ends respected", "[interval]") {
  auto parse = [](const char* s) {
    std::string err;
    return ParseWrittenFigure(s, &err)->interval;
  };
  CHECK(Overlaps(parse("70K"), parse("70,327")));
  CHECK_FALSE(Overlaps(parse("70K"), parse("70,501")));
  CHECK_FALSE(Overlaps(parse("70K"), Interval::Point(Decimal(70500))));  // rounds half up to 71K: open end
  CHECK(Overlaps(parse("70K"), parse("70,499")));
  CHECK(Overlaps(parse("48,700"), parse("48,740")));  // rounded source vs exact claim
  CHECK_FALSE(Overlaps(parse("48,700"), parse("48,800")));
  CHECK(Overlaps(parse("over 20,000"), parse("23,156")));
  CHECK_FALSE(Overlaps(parse("over 20,001"), parse("20,001")));  // open end
  CHECK(Overlaps(parse("over 20,000"), parse("20,000")));  // 20,000 is rounded: [15000, 25000)
  CHECK(Overlaps(parse("at least 20,000"), parse("20,000")));
  CHECK(Overlaps(parse("over 100,000"), parse("more than 90,000")));
  CHECK_FALSE(Overlaps(parse("under 50,000"), parse("over 100,000")));
  CHECK(Overlaps(parse("127.9"), parse("127.93")));
  CHECK_FALSE(Overlaps(parse("127.9"), parse("127.96")));
  CHECK(Overlaps(parse("about 15,100"), parse("15,149")));
  CHECK_FALSE(Overlaps(parse("about 15,100"), parse("15,151")));
  CHECK_FALSE(Overlaps(parse("about 15,100"), Interval::Point(Decimal(15150))));
  // Exact decimals: 127.85 is the bound itself, not a nearby double.
  CHECK(Overlaps(parse("127.9"), parse("127.85")));
  CHECK_FALSE(Overlaps(parse("127.9"), parse("127.849")));
}

TEST_CASE("interval sums add bounds and keep infinities", "[interval]") {
  auto s = Sum(Interval::Point(Decimal(10)), FigureInterval(Decimal(70000), QApprox::kExact, 3));
  REQUIRE(s);
  CHECK(s->ToString() == "[69510, 70510)");
  auto t = Sum(Interval::Point(Decimal(1)), FigureInterval(Decimal(5), QApprox::kGreater, 0));
  REQUIRE(t);
  CHECK(t->ToString() == "(6, +inf)");
}
