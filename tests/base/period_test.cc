// Period: rows of input -> canonical text and months covered, or rejection; then the derived
// periods (a year ago, enclosing units, year to date) and containment, each as rows.
#include "base/period.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

using quarry::Period;
using Kind = quarry::Period::Kind;

namespace {

// A month index (year * 12 + month - 1) as "YYYY-MM"; unknown years count from "0000".
std::string MonthText(int m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", m / 12, m % 12 + 1);
  return buf;
}

// "first..last" months of a period text, or "error" when it does not parse.
std::string Months(const char* text) {
  auto p = Period::Parse(text);
  return p ? MonthText(p->FirstMonth()) + ".." + MonthText(p->LastMonth()) : "error";
}

}  // namespace

TEST_CASE("Period parses canonical text and covers its months", "[period]") {
  struct Row {
    const char* in;
    const char* months;  // first..last, or "error"
    bool unknown_year;
  } rows[] = {
      {"2025-11", "2025-11..2025-11", false},
      {"2025-01", "2025-01..2025-01", false},
      {"2025-Q1", "2025-01..2025-03", false},
      {"2025-Q4", "2025-10..2025-12", false},
      {"2025-H1", "2025-01..2025-06", false},
      {"2025-H2", "2025-07..2025-12", false},
      {"2025", "2025-01..2025-12", false},
      {"2025-12-02", "2025-12..2025-12", false},
      {"2025-01..2025-11", "2025-01..2025-11", false},
      {"2024-12..2025-02", "2024-12..2025-02", false},
      {"2025-Q2..2025", "2025-04..2025-12", false},
      {"2025-01..2025-Q3", "2025-01..2025-09", false},
      {"2024..2025", "2024-01..2025-12", false},
      {"2025-12-02..2025-12-05", "2025-12..2025-12", false},
      {"0001-01", "0001-01..0001-01", false},
      {"XXXX-11", "0000-11..0000-11", true},
      {"XXXX-Q3", "0000-07..0000-09", true},
      {"XXXX-H2", "0000-07..0000-12", true},
      {"XXXX", "0000-01..0000-12", true},
      {"XXXX-12-02", "0000-12..0000-12", true},
      {"XXXX-01..XXXX-11", "0000-01..0000-11", true},
      {"XXXX-11..XXXX-02", "0000-11..0001-02", true},  // an unknown year may end in the next
      // Rejected.
      {"", "error", false},
      {"2025-13", "error", false},
      {"2025-00", "error", false},
      {"2025-1", "error", false},
      {"25", "error", false},
      {"0000", "error", false},
      {"2025-Q0", "error", false},
      {"2025-Q5", "error", false},
      {"2025-H3", "error", false},
      {"2025-q3", "error", false},
      {"2025-12-32", "error", false},
      {"2025-12-00", "error", false},
      {"2025-Q1-02", "error", false},
      {"2025/11", "error", false},
      {"2025-11 ", "error", false},
      {" 2025-11", "error", false},
      {"2025-11x", "error", false},
      {"2025-11..", "error", false},
      {"..2025-11", "error", false},
      {"2025-11..2025-01", "error", false},
      {"2025..2024", "error", false},
      {"2025-01..2025-02..2025-03", "error", false},
      {"XXXX-01..2025-11", "error", false},
      {"2025-01..XXXX-11", "error", false},
      {"XXXX-XX", "error", false},
      {"November", "error", false},
  };
  for (const Row& r : rows) {
    INFO("input \"" << r.in << "\"");
    CHECK(Months(r.in) == r.months);
    auto p = Period::Parse(r.in);
    if (!p) continue;
    CHECK(p->ToString() == r.in);
    CHECK(p->IsUnknownYear() == r.unknown_year);
    CHECK(*Period::Parse(p->ToString()) == *p);
  }
}

TEST_CASE("Period kinds and ends", "[period]") {
  struct Row {
    const char* in;
    Kind kind;
    const char* begin;
    const char* end;
  } rows[] = {
      {"2025-11", Kind::kMonth, "2025-11", "2025-11"},
      {"2025-Q3", Kind::kQuarter, "2025-Q3", "2025-Q3"},
      {"2025-H1", Kind::kHalf, "2025-H1", "2025-H1"},
      {"2025", Kind::kYear, "2025", "2025"},
      {"2025-12-02", Kind::kDay, "2025-12-02", "2025-12-02"},
      {"2025-01..2025-Q3", Kind::kRange, "2025-01", "2025-Q3"},
      {"2024..2025", Kind::kRange, "2024", "2025"},
  };
  for (const Row& r : rows) {
    INFO("input \"" << r.in << "\"");
    auto p = Period::Parse(r.in);
    REQUIRE(p);
    CHECK(p->kind() == r.kind);
    CHECK(p->Begin().ToString() == r.begin);
    CHECK(p->End().ToString() == r.end);
  }
}

TEST_CASE("Period derived periods", "[period]") {
  struct Row {
    const char* in;
    const char* year_ago;  // "none" when there is no year before
    const char* quarter;
    const char* half;
    const char* year;
    const char* since_year_start;
  } rows[] = {
      {"2025-11", "2024-11", "2025-Q4", "2025-H2", "2025", "2025-01..2025-11"},
      {"2025-01", "2024-01", "2025-Q1", "2025-H1", "2025", "2025-01..2025-01"},
      {"2025-Q3", "2024-Q3", "2025-Q3", "2025-H2", "2025", "2025-01..2025-Q3"},
      {"2025-H1", "2024-H1", "2025-Q1", "2025-H1", "2025", "2025-01..2025-H1"},
      {"2025", "2024", "2025-Q1", "2025-H1", "2025", "2025-01..2025"},
      {"2025-12-02", "2024-12-02", "2025-Q4", "2025-H2", "2025", "2025-01..2025-12-02"},
      {"2025-01..2025-11", "2024-01..2024-11", "2025-Q1", "2025-H1", "2025", "2025-01..2025-11"},
      {"2024-12..2025-02", "2023-12..2024-02", "2024-Q4", "2024-H2", "2024", "2024-01..2025-02"},
      {"XXXX-11", "XXXX-11", "XXXX-Q4", "XXXX-H2", "XXXX", "XXXX-01..XXXX-11"},
      {"XXXX-Q3", "XXXX-Q3", "XXXX-Q3", "XXXX-H2", "XXXX", "XXXX-01..XXXX-Q3"},
      {"0001-05", "none", "0001-Q2", "0001-H1", "0001", "0001-01..0001-05"},
  };
  for (const Row& r : rows) {
    INFO("input \"" << r.in << "\"");
    auto p = Period::Parse(r.in);
    REQUIRE(p);
    auto ago = p->YearAgo();
    CHECK((ago ? ago->ToString() : "none") == r.year_ago);
    CHECK(p->Enclosing(Kind::kQuarter).ToString() == r.quarter);
    CHECK(p->Enclosing(Kind::kHalf).ToString() == r.half);
    CHECK(p->Enclosing(Kind::kYear).ToString() == r.year);
    CHECK(p->SinceYearStart().ToString() == r.since_year_start);
  }
}

TEST_CASE("Period containment and months", "[period]") {
  struct Row {
    const char* outer;
    const char* inner;
    bool contains;
  } rows[] = {
      {"2025-H1", "2025-Q1", true},
      {"2025-H1", "2025-H1", true},
      {"2025-H1", "2025-03", true},
      {"2025-H1", "2025-06-30", true},
      {"2025-H1", "2025-07", false},
      {"2025-H1", "2025-01..2025-11", false},
      {"2025-H1", "2025", false},
      {"2025-01..2025-11", "2025-11", true},
      {"2025-01..2025-11", "2025-12", false},
      {"2025-01..2025-11", "2024-11", false},
      {"2024..2025", "2024-12..2025-02", true},
      {"2025-H1", "XXXX-03", false},
      {"XXXX-01..XXXX-11", "XXXX-03", false},
  };
  for (const Row& r : rows) {
    INFO(r.outer << " contains " << r.inner);
    CHECK(Period::Parse(r.outer)->Contains(*Period::Parse(r.inner)) == r.contains);
  }
  std::string months;
  for (const Period& m : Period::Parse("2024-Q4..2025-01")->Months()) months += m.ToString() + " ";
  CHECK(months == "2024-10 2024-11 2024-12 2025-01 ");
  CHECK(Period::Parse("XXXX-Q4")->Months().empty());
  CHECK(Period::Month(2025, 3).ToString() == "2025-03");
  CHECK(Period::Month(0, 3).ToString() == "XXXX-03");
}

TEST_CASE("a range of a quarter's, half's or year's months is that period") {
  struct Row {
    const char* range;
    const char* named;  // "" for none
  } rows[] = {
      {"2023-01..2023-06", "2023-H1"}, {"2023-07..2023-12", "2023-H2"}, {"2025-04..2025-06", "2025-Q2"},
      {"2024-01..2024-12", "2024"},    {"XXXX-01..XXXX-03", "XXXX-Q1"}, {"2025-01..2025-11", ""},
      {"2025-02..2025-04", ""},        {"2024-07..2025-06", ""},        {"2025-01-01..2025-06-30", ""},
      {"2025-Q1..2025-Q2", ""},        {"2025-06", ""},                 {"XXXX-11..XXXX-01", ""},
  };
  for (const Row& r : rows) {
    INFO(r.range);
    auto named = Period::Parse(r.range)->Named();
    CHECK((named ? named->ToString() : std::string()) == r.named);
  }
}
