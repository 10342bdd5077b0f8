// quarry facts --from/--to: periods are selected as time intervals (a period is kept when all its
// months lie inside [first month of --from, last month of --to]), never by comparing period text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "helpers.h"
#include "verify/series.h"

using namespace quarry::testing;
using quarry::Decimal;
using quarry::verify::BuildSeries;
using quarry::verify::Series;
using quarry::verify::SeriesBy;
using quarry::verify::StoredFact;

namespace {

// Facts of one subject over every period form (documents 1-4 and facts 1-13 are the fixture's).
const char* kPeriodFacts = R"SQL(
INSERT INTO facts (id, document_id, type, subject, value, unit, period, approx, precision_exp, modality, span_begin, span_end, sentence_begin, sentence_end, evidence, rule, grammar_version) VALUES
 (101, 2, 'deliveries', 'Leapmotor', '30000', 'vehicle', '2025-03', '=', 0, 'actual', 0, 1, 0, 1, 'm', 'test.rules:1', 'test'),
 (102, 2, 'deliveries', 'Leapmotor', '90000', 'vehicle', '2025-Q1', '=', 0, 'actual', 0, 1, 0, 1, 'q1', 'test.rules:1', 'test'),
 (103, 2, 'deliveries', 'Leapmotor', '200000', 'vehicle', '2025-H1', '=', 0, 'actual', 0, 1, 0, 1, 'h1', 'test.rules:1', 'test'),
 (104, 2, 'cumulative', 'Leapmotor', '500000', 'vehicle', '2025-01..2025-11', '=', 0, 'actual', 0, 1, 0, 1, 'ytd', 'test.rules:1', 'test'),
 (105, 2, 'cumulative', 'Leapmotor', '150000', 'vehicle', '2025-01..2025-04', '=', 0, 'actual', 0, 1, 0, 1, 'jan-apr', 'test.rules:1', 'test'),
 (106, 2, 'deliveries', 'Leapmotor', '600000', 'vehicle', '2025', '=', 0, 'actual', 0, 1, 0, 1, 'year', 'test.rules:1', 'test'),
 (107, 2, 'deliveries', 'Leapmotor', '25000', 'vehicle', 'XXXX-03', '=', 0, 'actual', 0, 1, 0, 1, 'no year', 'test.rules:1', 'test'),
 (108, 2, 'deliveries', 'Leapmotor', '40000', 'vehicle', '2025-07', '=', 0, 'actual', 0, 1, 0, 1, 'jul', 'test.rules:1', 'test'),
 (109, 2, 'deliveries', 'Leapmotor', '20000', 'vehicle', '2024-12', '=', 0, 'actual', 0, 1, 0, 1, 'dec', 'test.rules:1', 'test'),
 (110, 2, 'cumulative', 'Leapmotor', '70000', 'vehicle', '2024-12..2025-02', '=', 0, 'actual', 0, 1, 0, 1, 'winter', 'test.rules:1', 'test'),
 (111, 2, 'deliveries', 'Leapmotor', '35000', 'vehicle', '2025-Q4', '=', 0, 'actual', 0, 1, 0, 1, 'q4', 'test.rules:1', 'test');
)SQL";

// Fact ids from `facts --format json` (jsonl is the extract fact object, which has no fact id).
std::set<int64_t> Ids(const RunResult& r) {
  std::set<int64_t> ids;
  for (const auto& row : nlohmann::json::parse(r.out)) ids.insert(row["fact_id"].get<int64_t>());
  return ids;
}

}  // namespace

TEST_CASE("facts --from/--to select periods inside the range as time intervals", "[facts]") {
  TempDir dir;
  MakeDb(dir / "q.db", kPeriodFacts);
  auto run = [&](const std::string& args) {
    return Quarry(dir, "facts --db " + Quote(dir / "q.db") + " --subject Leapmotor --format json " + args);
  };
  // The audit's case: a cumulative 2025-01..2025-11 is not inside January to June; a year is not
  // either; the quarter and the half are; unknown years never are.
  auto r = run("--from 2025-01 --to 2025-06");
  CHECK(r.code == 0);
  CHECK(Ids(r) == std::set<int64_t>{101, 102, 103, 105});
  // Bounds of any form: the start of --from, the end of --to.
  r = run("--from 2025-Q1 --to 2025");
  CHECK(r.code == 0);
  CHECK(Ids(r) == std::set<int64_t>{7, 8, 10, 12, 101, 102, 103, 104, 105, 106, 108, 111});
  r = run("--from 2024-12 --to 2025-Q1");
  CHECK(Ids(r) == std::set<int64_t>{101, 102, 109, 110});
  // One bound only: from or until.
  r = run("--from 2025-07");
  CHECK(Ids(r) == std::set<int64_t>{7, 8, 12, 108, 111});
  r = run("--to 2025-02");
  CHECK(Ids(r) == std::set<int64_t>{109, 110});
  // --limit applies after the interval test.
  r = run("--from 2025-01 --to 2025-06 --limit 2");
  CHECK(Ids(r).size() == 2);
  // --period stays exact.
  r = run("--period 2025-Q1");
  CHECK(Ids(r) == std::set<int64_t>{102});
}

TEST_CASE("facts: a bad --from/--to is one line and exit 2", "[facts]") {
  TempDir dir;
  MakeDb(dir / "q.db", kPeriodFacts);
  for (const char* args : {"--from 2025-13", "--to June", "--from XXXX-03", "--to 2025-01..XXXX-03",
                           "--from 2025-07 --to 2025-06", "--period 2025 --from 2025-01"}) {
    auto r = Quarry(dir, "facts --db " + Quote(dir / "q.db") + " " + args);
    INFO(args << ": " << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("series --by quarter|year derives a cell from all of its months and only from them") {
  auto month = [](int64_t id, const std::string& period, int v) {
    StoredFact f;
    f.id = id;
    f.document = id;
    f.type = "deliveries";
    f.subject = "NIO";
    f.unit = "vehicle";
    f.modality = "actual";
    f.period = period;
    f.value = Decimal(v);
    f.value_text = std::to_string(v);
    return f;
  };
  std::vector<StoredFact> facts = {month(1, "2025-01", 10), month(2, "2025-02", 20), month(3, "2025-03", 30),
                                   month(4, "2025-04", 40), month(5, "2025-05", 50)};
  Series q = BuildSeries("deliveries", facts, SeriesBy::kQuarter);
  REQUIRE(q.cells.count({"NIO", "2025-Q1"}) == 1);
  CHECK(q.cells.at({"NIO", "2025-Q1"}).derived);
  CHECK(q.cells.at({"NIO", "2025-Q1"}).value == "60");
  CHECK(q.cells.count({"NIO", "2025-Q2"}) == 0);  // June missing: no sum
  Series y = BuildSeries("deliveries", facts, SeriesBy::kYear);
  CHECK(y.cells.count({"NIO", "2025"}) == 0);  // seven months missing
}
