#include <catch2/catch.hpp>

#include "input/front_matter.h"

using quarry::input::FrontMatter;
using quarry::input::ParseFrontMatter;

TEST_CASE("front matter gives title, date, url and the body offset") {
  std::string raw = "---\ntitle: \"NIO delivers 36,275 vehicles\"\npublished: 2025-12-01\nurl: https://example.com/a\ntags: [ev]\n---\nNIO delivers...\n";
  FrontMatter fm;
  REQUIRE(ParseFrontMatter(raw, &fm));
  CHECK(fm.title == "NIO delivers 36,275 vehicles");
  CHECK(fm.published == "2025-12-01");
  CHECK(fm.url == "https://example.com/a");
  CHECK(raw.substr(fm.body_offset) == "NIO delivers...\n");
}

TEST_CASE("text without a closed front matter block is all body") {
  FrontMatter fm;
  CHECK_FALSE(ParseFrontMatter("NIO delivered 36,275 vehicles.\n---\n", &fm));
  CHECK_FALSE(ParseFrontMatter("---\ntitle: never closed\nbody text\n", &fm));
  CHECK_FALSE(ParseFrontMatter("", &fm));
  FrontMatter crlf;
  REQUIRE(ParseFrontMatter("---\r\ndate: 2025-11-02\r\n---\r\nBody", &crlf));
  CHECK(crlf.published == "2025-11-02");
}
