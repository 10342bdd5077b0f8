// Output that is safe to look at: terminal escapes are never printed raw.
#include <catch2/catch.hpp>

#include <sstream>

#include "base/json.h"
#include "base/terminal.h"
#include "verify/table.h"

using namespace quarry;
using namespace quarry::verify;

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

