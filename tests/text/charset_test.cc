// Charset fixtures (tests/specs/charsets/manifest.tsv, made by make_fixtures.py): each raw file
// must decode byte for byte to its .utf8 file, with the expected charset and source, and every
// character's raw span must decode on its own to that character.
#include <catch2/catch.hpp>

#include <string>

#include "text/analyzer.h"
#include "text/decode.h"
#include "text/spec_util.h"

using namespace quarry;

TEST_CASE("charset fixtures decode byte for byte", "[text][charset]") {
  const std::string dir = std::string(QUARRY_SOURCE_DIR) + "/tests/specs/charsets/";
  std::string manifest = test::ReadFile(dir + "manifest.tsv");
  REQUIRE(!manifest.empty());
  text::Decoder decoder;
  text::Analyzer analyzer;
  int fixtures = 0;
  for (const std::string& line : test::Split(manifest, "\n")) {
    if (line.empty() || line[0] == '#') continue;
    auto c = test::Split(line, "\t");
    REQUIRE(c.size() == 6);
    ++fixtures;
    const std::string raw = test::ReadFile(dir + c[0] + ".in");
    const std::string want = test::ReadFile(dir + c[0] + ".utf8");
    const bool html = c[1] == "html";
    const std::string hint = c[2] == "-" ? "" : c[2];
    INFO("fixture " << c[0]);
    REQUIRE(!raw.empty());
    std::string out;
    text::OffsetMap map;
    text::DecodeInfo info;
    bool identity = decoder.Decode(raw, hint, html, &out, &map, &info);
    const std::string& got = identity ? raw : out;
    CHECK(got == want);
    CHECK(info.charset == c[3]);
    CHECK(info.charset_source == c[4]);
    if (!identity) {
      // Each decoded character maps to raw bytes that decode to it alone (stateless charsets).
      CHECK(map.derived_size() == out.size());
      for (size_t i = 0; i < out.size();) {
        size_t len = 1;
        unsigned char b = static_cast<unsigned char>(out[i]);
        if (b >= 0xF0) len = 4;
        else if (b >= 0xE0) len = 3;
        else if (b >= 0xC0) len = 2;
        RawSpan r = map.ToRaw(NormSpan(i, i + len));
        if (info.charset != "UTF-16LE" && info.charset != "UTF-16BE") {
          std::string piece, piece_out;
          text::OffsetMap piece_map;
          text::DecodeInfo piece_info;
          bool id = decoder.Decode(r.Of(raw), info.charset, false, &piece_out, &piece_map, &piece_info);
          piece = id ? std::string(r.Of(raw)) : piece_out;
          if (piece != out.substr(i, len)) {
            FAIL_CHECK("char at " << i << " raw [" << r.begin << "," << r.end << ") decodes to '" << piece << "'");
            break;
          }
        }
        i += len;
      }
    }
    // The whole pipeline: the probe is in the normalized text.
    Document d;
    d.raw = raw;
    d.charset_hint = hint;
    d.content_type = html ? ContentType::kHtml : ContentType::kText;
    text::TextDoc t;
    analyzer.Analyze(d, &t);
    CHECK(t.text.find(test::Unescape(c[5])) != std::string::npos);
    for (const auto& k : t.tokens) CHECK(t.ToRaw(k.span).end <= raw.size());
  }
  CHECK(fixtures >= 15);
}
