// Runs tests/specs/periods.tsv (periods) and tests/specs/periods_changes.tsv (changes) through
// the real Analyzer and annotators; every failing row is reported with input, expected and got.
#include <catch2/catch.hpp>

#include <map>

#include "numbers/spec_table.h"

using quarry::AnnKind;
using quarry::Annotation;
using quarry::testing::DescribeAll;
using quarry::testing::Pipeline;
using quarry::testing::ReadSpec;

namespace {

std::map<std::string, std::string> Extras(const std::string& s) {
  std::map<std::string, std::string> m;
  size_t p = 0;
  while (p < s.size()) {
    size_t bar = s.find('|', p);
    std::string kv = s.substr(p, bar == std::string::npos ? std::string::npos : bar - p);
    size_t eq = kv.find('=');
    if (eq != std::string::npos) m[kv.substr(0, eq)] = kv.substr(eq + 1);
    if (bar == std::string::npos) break;
    p = bar + 1;
  }
  return m;
}

std::vector<const Annotation*> OfKind(const std::vector<Annotation>& all, AnnKind k) {
  std::vector<const Annotation*> v;
  for (const auto& a : all)
    if (a.kind == k) v.push_back(&a);
  return v;
}

// Each period annotation of `text` (published on `published`) as "PERIOD SUBKIND", in order.
std::vector<std::string> PeriodsOf(Pipeline& pipe, const std::string& text, const std::string& published) {
  std::vector<std::string> v;
  auto res = pipe.Run(text, published);
  for (const auto* a : OfKind(res.all, AnnKind::kPeriod)) v.push_back(a->period + " " + a->subkind);
  return v;
}

}  // namespace

TEST_CASE("periods spec table") {
  auto rows = ReadSpec(std::string(QUARRY_SOURCE_DIR) + "/tests/specs/periods.tsv", 5);
  REQUIRE(rows.size() >= 80);
  Pipeline pipe;
  int failures = 0;
  for (const auto& r : rows) {
    const std::string &published = r.cols[0], &input = r.cols[1], &period = r.cols[2];
    auto res = pipe.Run(input, published);
    auto got = OfKind(res.all, AnnKind::kPeriod);
    std::string why;
    if (period == "-") {
      if (!got.empty()) why = "expected no period";
    } else if (got.size() != 1) {
      why = "expected exactly one period";
    } else {
      if (got[0]->period != period) why += " period";
      if (got[0]->subkind != r.cols[3]) why += " subkind";
      auto ex = Extras(r.cols[4]);
      if (ex.count("span") && std::string(got[0]->span.Of(res.doc.text)) != ex["span"]) why += " span";
      if (!why.empty()) why = "mismatch:" + why;
    }
    if (!why.empty()) {
      ++failures;
      FAIL_CHECK("tests/specs/periods.tsv:" << r.line << ": " << why << "\n  input:    " << input
                                            << " (published " << (published.empty() ? "unknown" : published)
                                            << ")\n  expected: " << period << " " << r.cols[3] << " "
                                            << r.cols[4] << "\n  got:"
                                            << DescribeAll(res.all, res.doc, AnnKind::kPeriod));
    }
  }
  INFO(failures << " of " << rows.size() << " rows failed");
  CHECK(failures == 0);
}

TEST_CASE("changes spec table") {
  auto rows = ReadSpec(std::string(QUARRY_SOURCE_DIR) + "/tests/specs/periods_changes.tsv", 5);
  REQUIRE(rows.size() >= 30);
  Pipeline pipe;
  int failures = 0;
  for (const auto& r : rows) {
    const std::string& input = r.cols[0];
    auto res = pipe.Run(input, "2025-12-02");
    auto got = OfKind(res.all, AnnKind::kChange);
    std::string why;
    if (r.cols[1] == "-") {
      if (!got.empty()) why = "expected no change";
    } else if (got.size() != 1) {
      why = "expected exactly one change";
    } else {
      const auto& a = *got[0];
      if (a.value.ToString() != r.cols[1]) why += " value";
      if (a.unit != r.cols[2]) why += " unit";
      if (a.period != r.cols[3]) why += " basis";
      auto ex = Extras(r.cols[4]);
      if (ex.count("span") && std::string(a.span.Of(res.doc.text)) != ex["span"]) why += " span";
      if (ex.count("figure") && std::string(a.figure.Of(res.doc.text)) != ex["figure"]) why += " figure";
      if (!why.empty()) why = "mismatch:" + why;
    }
    if (!why.empty()) {
      ++failures;
      FAIL_CHECK("tests/specs/periods_changes.tsv:" << r.line << ": " << why << "\n  input:    " << input
                                                    << "\n  expected: value=" << r.cols[1] << " unit=" << r.cols[2]
                                                    << " basis=" << r.cols[3] << " " << r.cols[4] << "\n  got:"
                                                    << DescribeAll(res.all, res.doc, AnnKind::kChange));
    }
  }
  INFO(failures << " of " << rows.size() << " rows failed");
  CHECK(failures == 0);
}

// A second change with a basis but no direction word of its own shares the direction of the
// change it is joined to; one with its own direction keeps it.
TEST_CASE("coordinated changes share a direction") {
  Pipeline pipe;
  auto values = [&](const std::string& text) {
    std::vector<std::string> v;
    auto res = pipe.Run(text, "2026-03-02");
    for (const auto* a : OfKind(res.all, AnnKind::kChange)) v.push_back(a->value.ToString() + " " + a->period);
    return v;
  };
  CHECK(values("- Down 49.7% year-on-year and 24.3% month-on-month") ==
        std::vector<std::string>{"-49.7 yoy", "-24.3 mom"});
  CHECK(values("Sales fell 5% year-on-year, 3% month-on-month.") == std::vector<std::string>{"-5 yoy", "-3 mom"});
  CHECK(values("Up 22.5% year-on-year, down 38.1% month-on-month") ==
        std::vector<std::string>{"22.5 yoy", "-38.1 mom"});
  // Not joined: a change of its own further on.
  CHECK(values("Sales fell 5% year-on-year to 1,000 units and exports 3% month-on-month.") ==
        std::vector<std::string>{"-5 yoy", "3 mom"});
}

TEST_CASE("year to date after a span of days ends on its last day") {
  Pipeline pipe;
  auto periods = [&](const std::string& text) { return PeriodsOf(pipe, text, "2025-08-13"); };
  CHECK(periods("From August 1 to 10, wholesale was 40,000 units. So far this year it is 7 million.") ==
        std::vector<std::string>{"2025-08-01..2025-08-10 days", "2025-01-01..2025-08-10 days"});
  // Without a span of days, year to date is as before (the month before a mid-month publication).
  CHECK(periods("So far this year retail is 7 million.") == std::vector<std::string>{"2025-01..2025-07 ytd"});
  // A range with its own end keeps it.
  CHECK(periods("From August 1 to 10, wholesale was 40,000 units. In the first seven months it was 7 million.") ==
        std::vector<std::string>{"2025-08-01..2025-08-10 days", "2025-01..2025-07 ytd"});
}

TEST_CASE("publication dates parse strictly") {
  using quarry::periods::Date;
  auto d = Date::Parse("2025-12-02T08:00:00Z");
  REQUIRE(d);
  CHECK(d->year == 2025);
  CHECK(d->month == 12);
  CHECK(d->day == 2);
  auto m = Date::Parse("2025-12");
  REQUIRE(m);
  CHECK(m->day == 0);
  for (const char* bad : {"", "2025", "2025-13-01", "20251202", "2025-12-40", "abcd-12-02", "2025-1-2"}) {
    INFO(bad);
    CHECK_FALSE(Date::Parse(bad).has_value());
  }
}

TEST_CASE("the week, month or quarter before is the one before the period named earlier") {
  Pipeline pipe;
  auto periods = [&](const std::string& text, const std::string& published) { return PeriodsOf(pipe, text, published); };
  // A week before the week named earlier, not before the publication's.
  CHECK(periods("BYD registered 43,490 units in the week of March 20-26, 2023, up from 38,414 the week before.",
                "2023-05-02") ==
        std::vector<std::string>{"2023-03-20..2023-03-26 days", "2023-03-13..2023-03-19 days"});
  CHECK(periods("BYD registered 43,490 units last week, up from 38,414 the previous week.", "2023-03-28") ==
        std::vector<std::string>{"2023-03-20..2023-03-26 days", "2023-03-13..2023-03-19 days"});
  // Without a publication date, the month named earlier still places it ...
  CHECK(periods("Sales were 5,000 in May, up from 4,000 the month before.", "") ==
        std::vector<std::string>{"XXXX-05 month", "XXXX-04 month"});
  // ... but not across an unknown year's start, and not with nothing named before it.
  CHECK(periods("Sales were 5,000 in January, up from 4,000 the month before.", "") ==
        std::vector<std::string>{"XXXX-01 month"});
  CHECK(periods("Sales were up from 4,000 the week before.", "").empty());
}

TEST_CASE("'the period' is the period named before it") {
  Pipeline pipe;
  auto periods = [&](const std::string& text) { return PeriodsOf(pipe, text, "2023-07-14"); };
  CHECK(periods("Deliveries rose 12.8% from January to June. BEV shipments fell 1.6% in the period, and "
                "North American deliveries rose 14.2% for that same period.") ==
        std::vector<std::string>{"2023-01..2023-06 range", "2023-01..2023-06 range", "2023-01..2023-06 range"});
  // With nothing named before it, it is no period; "the same period of 2024" names its own year.
  CHECK(periods("BEV shipments fell 1.6% in the period.").empty());
  CHECK(periods("Revenue rose 25.9% from the same period of 2024.") == std::vector<std::string>{"2024 year"});
  // (Published in July 2023: the first eleven months are the last year's.)
  CHECK(periods("In the first eleven months, registrations rose 1.4%. BEVs saw a 27.6% rise during the same "
                "period.") == std::vector<std::string>{"2022-01..2022-11 ytd", "2022-01..2022-11 ytd"});
}
