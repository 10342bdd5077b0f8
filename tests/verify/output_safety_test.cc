// Output that is safe to open and to look at: CSV cells that a spreadsheet would run as formulas
// are neutralized, terminal escapes are never printed raw, and an error never echoes a huge value.
#include <catch2/catch.hpp>

#include <sstream>

#include "base/json.h"
#include "base/terminal.h"
#include "verify/claims.h"
#include "verify/table.h"

using namespace quarry;
using namespace quarry::verify;

namespace {

std::string Csv(std::vector<Cell> row) {
  std::ostringstream out;
  TableWriter w(out, Format::kCsv, {"c"});
  for (auto& c : row) w.Add({std::move(c)});
  w.Finish();
  std::string s = out.str();
  return s.substr(2);  // drop the header line "c\n"
}

}  // namespace

TEST_CASE("CSV: cells a spreadsheet would run as formulas get a leading quote", "[table]") {
  struct Row {
    Cell cell;
    const char* csv;
  };
  const Row rows[] = {
      {Cell::Text("=1+1"), "'=1+1\n"},
      {Cell::Text("@SUM(A1:A9)"), "'@SUM(A1:A9)\n"},
      {Cell::Text("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0\n"},
      {Cell::Text("-2+3"), "'-2+3\n"},
      {Cell::Text("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n"},
      {Cell::Text("\t=1"), "'\t=1\n"},
      // Numbers stay numbers, whatever the cell's kind.
      {Cell::Text("-34.07"), "-34.07\n"},
      {Cell::Text("+5"), "+5\n"},
      {Cell::Text("-1e5"), "-1e5\n"},
      {Cell::Number("-34.07"), "-34.07\n"},
      {Cell::Int(-5), "-5\n"},
      {Cell::Text("Leapmotor"), "Leapmotor\n"},
      {Cell::Text("a=b"), "a=b\n"},
      {Cell::Text(""), "\n"},
  };
  for (const auto& r : rows) {
    INFO(r.cell.text);
    CHECK(Csv({r.cell}) == r.csv);
  }
}

TEST_CASE("terminal escapes are shown, never sent: table, md and csv", "[table]") {
  const std::string hostile = "a\x1b]0;pwned\x07 b\xc2\x9b" "2J c\x7f d\x08 e\xe4\xb8\xad";
  CHECK(TerminalSafe(hostile) == "a\\x1b]0;pwned\\x07 b\\u009b2J c\\x7f d\\x08 e\xe4\xb8\xad");
  CHECK(TerminalSafe("tab\tand\nnewline") == "tab\tand\nnewline");
  for (Format f : {Format::kTable, Format::kMd, Format::kCsv}) {
    std::ostringstream out;
    {
      TableWriter w(out, f, {"x"});
      w.Add({Cell::Text(hostile)});
    }
    std::string s = out.str();
    INFO(s);
    CHECK(s.find('\x1b') == std::string::npos);
    CHECK(s.find('\x07') == std::string::npos);
    CHECK(s.find('\x7f') == std::string::npos);
    CHECK(s.find("\xc2\x9b") == std::string::npos);
    CHECK(s.find("\\x1b]0;pwned\\x07") != std::string::npos);
  }
}

TEST_CASE("JSON escapes C0, DEL and C1 controls and stays valid", "[table]") {
  CHECK(JsonString("a\x1b]0;x\x07") == "\"a\\u001b]0;x\\u0007\"");
  CHECK(JsonString("\x7f") == "\"\\u007f\"");
  CHECK(JsonString("\xc2\x9b" "2J") == "\"\\u009b2J\"");
  CHECK(JsonString("\xc2\xa0\xe4\xb8\xad") == "\"\xc2\xa0\xe4\xb8\xad\"");  // NBSP and CJK kept
}

TEST_CASE("Excerpt: one short line whatever the value", "[table]") {
  CHECK(Excerpt("short") == "short");
  std::string big(10 << 20, '9');
  std::string e = Excerpt(big);
  CHECK(e.size() <= 90);
  CHECK(e.substr(e.size() - 3) == "...");
  std::string cjk;
  for (int i = 0; i < 100; ++i) cjk += "\xe4\xb8\xad";
  std::string c = Excerpt(cjk, 80);
  CHECK(c.size() <= 90);
  CHECK(c.size() % 3 == 0);  // "..." plus whole characters: never cut inside one
  CHECK(Excerpt("x\ny\x1b") == "x\\ny\\x1b");
}

TEST_CASE("verify: a huge bad value is not echoed whole", "[claims]") {
  for (const char* column : {"value", "period"}) {
    std::string big(10 << 20, 'x');
    std::string csv = std::string("subject,type,period,value\n") +
                      (std::string(column) == "value" ? "HIMA,deliveries,2025-11," + big : "HIMA,deliveries," + big + ",1") +
                      "\n";
    std::vector<Claim> claims;
    std::string err;
    CHECK_FALSE(ParseClaims(csv, "c.csv", false, &claims, &err));
    INFO(err.substr(0, 200));
    CHECK(err.rfind("c.csv:2: ", 0) == 0);
    CHECK(err.size() < 300);
    CHECK(err.find("...") != std::string::npos);
  }
}
