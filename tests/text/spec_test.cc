// Runs tests/specs/tokens.tsv: every input must give exactly the expected tokens and kinds.
#include <catch2/catch.hpp>

#include <string>

#include "text/analyzer.h"
#include "text/spec_util.h"

using namespace quarry;

TEST_CASE("token spec table", "[text][specs]") {
  std::string table = test::ReadFile(std::string(QUARRY_SOURCE_DIR) + "/tests/specs/tokens.tsv");
  REQUIRE(!table.empty());
  text::Analyzer analyzer;
  text::TextDoc t;
  int cases = 0, failures = 0;
  for (const std::string& line : test::Split(table, "\n")) {
    if (line.empty() || line[0] == '#') continue;
    auto cols = test::Split(line, "\t");
    REQUIRE(cols.size() >= 2);
    ++cases;
    Document d;
    d.charset_hint = "UTF-8";
    d.raw = test::Unescape(cols[0]);
    analyzer.Analyze(d, &t);
    std::string got, kinds;
    for (const auto& k : t.tokens) {
      if (!got.empty()) {
        got += " | ";
        kinds += " ";
      }
      got += t.TokenText(k);
      kinds += text::TokenKindName(k.kind);
    }
    std::string want = test::Unescape(cols[1]);
    bool ok = got == want && (cols.size() < 3 || kinds == cols[2]);
    if (!ok) {
      ++failures;
      UNSCOPED_INFO("input: " << cols[0] << "\n  want: " << want << "  [" << (cols.size() > 2 ? cols[2] : "") << "]\n  got:  "
                              << got << "  [" << kinds << "]");
    }
  }
  CHECK(failures == 0);  // first: the rows' messages above attach to the next assertion
  CHECK(cases >= 60);
}
