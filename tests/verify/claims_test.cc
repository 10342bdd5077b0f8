// Claims files: CSV and JSONL parsing, and errors that name file:line.
#include <catch2/catch.hpp>

#include "verify/claims.h"

using namespace quarry::verify;

TEST_CASE("CSV claims with quoting, optional url and comments", "[claims]") {
  std::vector<Claim> claims;
  std::string err;
  REQUIRE(ParseClaims("subject,type,period,value,url\n"
                      "HIMA,deliveries,2025-11,\"81,864\",\n"
                      "# a comment line\n"
                      "\n"
                      "Leapmotor,deliveries,2025-11,70K,https://example.com/a\n"
                      "\"AITO M7\",orders,,\"over 100,000\",\n",
                      "c.csv", false, &claims, &err));
  REQUIRE(claims.size() == 3);
  CHECK(claims[0].line == 2);
  CHECK(claims[0].figure.interval.ToString() == "81864");
  CHECK(claims[1].line == 5);
  CHECK(claims[1].url == "https://example.com/a");
  CHECK(claims[2].subject == "AITO M7");
  CHECK(claims[2].period.empty());
  CHECK(claims[2].figure.interval.ToString() == "(100000, +inf)");
}

TEST_CASE("bad CSV lines are reported with file:line", "[claims]") {
  struct Row {
    const char* csv;
    const char* error;
  };
  const Row rows[] = {
      {"subject,type,period,value\nHIMA,deliveries,2025-11\n", "c.csv:2: expected 4 fields, found 3"},
      {"subject,type,period,value\nHIMA,deliveries,2025-11,81864\nAITO,deliveries,2025-11,1,2\n",
       "c.csv:3: expected 4 fields, found 5"},
      {"subject,type,period,value\nHIMA,deliveries,November,81864\n", "c.csv:2: bad period \"November\""},
      {"subject,type,period,value\nHIMA,deliveries,2025-13,81864\n", "c.csv:2: bad period \"2025-13\""},
      {"subject,type,period,value\nHIMA,deliveries,2025-11,lots\n", "c.csv:2: no number in value \"lots\""},
      {"subject,type,period,value\n\nHIMA,deliveries,2025-11,\"81864\n", "c.csv:3: unterminated quoted field"},
      {"subject,type,value\nHIMA,deliveries,1\n", "c.csv:1: header lacks column \"period\""},
      {"subject,type,period,value,colour\n", "c.csv:1: unknown column \"colour\""},
      {"subject,type,period,value\n,deliveries,2025-11,1\n", "c.csv:2: empty subject"},
      {"", "c.csv:1: empty claims file"},
  };
  for (const auto& r : rows) {
    std::vector<Claim> claims;
    std::string err;
    INFO(r.csv);
    CHECK_FALSE(ParseClaims(r.csv, "c.csv", false, &claims, &err));
    CHECK(err.rfind(r.error, 0) == 0);
    INFO(err);
  }
}

TEST_CASE("JSONL claims; errors name file:line", "[claims]") {
  std::vector<Claim> claims;
  std::string err;
  REQUIRE(ParseClaims("{\"subject\":\"HIMA\",\"type\":\"deliveries\",\"period\":\"2025-11\",\"value\":\"81.9K\"}\n"
                      "\n"
                      "{\"subject\":\"AITO\",\"type\":\"yoy_pct\",\"period\":null,\"value\":127.9}\n",
                      "c.jsonl", true, &claims, &err));
  REQUIRE(claims.size() == 2);
  CHECK(claims[0].figure.interval.ToString() == "[81850, 81950)");
  CHECK(claims[1].line == 3);
  CHECK(claims[1].period.empty());
  CHECK(claims[1].figure.interval.ToString() == "[127.85, 127.95)");

  claims.clear();
  CHECK_FALSE(ParseClaims("{\"subject\":\"HIMA\",\"type\":\"deliveries\",\"value\":1}\n{oops\n", "c.jsonl", true,
                          &claims, &err));
  CHECK(err == "c.jsonl:2: not a JSON object");
  CHECK_FALSE(ParseClaims("{\"subject\":\"HIMA\",\"type\":\"deliveries\"}\n", "c.jsonl", true, &claims, &err));
  CHECK(err == "c.jsonl:1: missing \"value\"");
}

TEST_CASE("periods in DESIGN.md syntax", "[claims]") {
  for (const char* ok : {"", "2025", "2025-11", "XXXX-11", "2025-Q3", "2025-H1", "2025-01..2025-11"}) CHECK(ValidPeriod(ok));
  for (const char* bad : {"25", "2025-1", "2025-00", "2025-Q5", "2025-11..2025-01", "Nov 2025", "2025-Q1..2025-Q2",
                          "XXXX", "2025-12-02", "2025-01..XXXX-11", "XXXX-11..XXXX-02", "2024..2025"}) {
    INFO(bad);
    CHECK_FALSE(ValidPeriod(bad));
  }
}

TEST_CASE("ClaimReader: one claim at a time, read again from the start, stops at the first error", "[claims]") {
  ClaimReader r;
  r.OpenString("subject,type,period,value\nHIMA,deliveries,2025-11,81864\nAITO,deliveries,,1\nNIO,deliveries,x,1\n",
               "c.csv", false);
  REQUIRE(r.Rewindable());
  Claim c;
  std::string err;
  for (int pass = 0; pass < 2; ++pass) {
    REQUIRE(r.Next(&c, &err));
    CHECK(c.line == 2);
    CHECK(c.subject == "HIMA");
    REQUIRE(r.Next(&c, &err));
    CHECK(c.line == 3);
    CHECK_FALSE(r.Next(&c, &err));
    CHECK(err.rfind("c.csv:4: bad period \"x\"", 0) == 0);
    CHECK_FALSE(r.Next(&c, &err));  // stays failed
    CHECK_FALSE(err.empty());
    REQUIRE(r.Rewind(&err));
  }
  // A record longer than the cap is an error at its line, not a buffer that grows.
  std::string huge = "subject,type,period,value\nHIMA,deliveries,2025-11,\"" + std::string(kMaxClaimRecordBytes, '1') + "\"\n";
  std::vector<Claim> claims;
  CHECK_FALSE(ParseClaims(huge, "c.csv", false, &claims, &err));
  CHECK(err == "c.csv:2: record longer than 16 MiB");
}
