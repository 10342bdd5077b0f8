// JsonlFields, the JSONL line scanner: a table of edge cases with their expected verdicts and
// values, then a differential run against nlohmann's SAX parser (tests/fuzz/jsonl_reference.h)
// over the table and over mutations of it, which must agree on every line.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "fuzz/jsonl_reference.h"
#include "input/jsonl_fields.h"
#include "input/reader.h"

namespace {
using namespace quarry;
using input::JsonlFields;
using Failure = JsonlFields::Failure;
using Kind = JsonlFields::Kind;

const std::vector<std::string> kWanted = {"id", "url", "title", "published", "text", "html"};

struct Row {
  std::string line;
  Failure failure;
  std::string id = "";    // expected "id" text, when the line is an object
  Kind id_kind = Kind::kMissing;
  std::string text = "";  // expected "text" text
};

std::string Deep(int levels, const std::string& open) {
  std::string s = "{\"x\":";
  for (int i = 1; i < levels; ++i) s += open;
  return s;
}

const std::vector<Row>& Table() {
  static const std::vector<Row> rows = {
      {R"({"id":"a","text":"plain"})", Failure::kNone, "a", Kind::kString, "plain"},
      {" \t{\"text\" : \"x\" } \r ", Failure::kNone, "", Kind::kMissing, "x"},
      {"\xef\xbb\xbf{\"text\":\"bom\"}", Failure::kNone, "", Kind::kMissing, "bom"},
      {" \xef\xbb\xbf{\"text\":\"late bom\"}", Failure::kInvalid},
      {"\xef\xbb{\"text\":\"half bom\"}", Failure::kInvalid},
      // escapes, \u, surrogate pairs
      {R"({"text":"q\" b\\ s\/ \b\f\n\r\t"})", Failure::kNone, "", Kind::kMissing, "q\" b\\ s/ \b\f\n\r\t"},
      {R"({"text":"\u00e9\u4e2d\uD83D\uDE00\u0000."})", Failure::kNone, "", Kind::kMissing,
       std::string("\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\0.", 11)},
      {R"({"text":"\uD83D"})", Failure::kInvalid},
      {R"({"text":"\uD83Dx"})", Failure::kInvalid},
      {R"({"text":"\uD83D\u0041"})", Failure::kInvalid},
      {R"({"text":"\uDE00"})", Failure::kInvalid},
      {R"({"text":"\u12G4"})", Failure::kInvalid},
      {R"({"text":"\u12"})", Failure::kInvalid},
      {R"({"text":"\x"})", Failure::kInvalid},
      {"{\"text\":\"tab\there\"}", Failure::kInvalid},
      {"{\"text\":\"del\x7fok\"}", Failure::kNone, "", Kind::kMissing, "del\x7fok"},
      // invalid UTF-8, in a kept field and in a dropped one
      {"{\"text\":\"\xc3\"}", Failure::kInvalid},
      {"{\"other\":\"\xc0\xaf\"}", Failure::kInvalid},
      {"{\"text\":\"\xed\xa0\x80\"}", Failure::kInvalid},
      {"{\"text\":\"\xf4\x90\x80\x80\"}", Failure::kInvalid},
      {"{\"text\":\"\xf0\x9f\x98\x80 \xe4\xb8\xad\"}", Failure::kNone, "", Kind::kMissing,
       "\xf0\x9f\x98\x80 \xe4\xb8\xad"},
      // duplicate keys: the last wins, whatever its type
      {R"({"text":"one","text":"two"})", Failure::kNone, "", Kind::kMissing, "two"},
      {R"({"id":"a","id":{"x":1}})", Failure::kNone, "", Kind::kOther},
      {R"({"id":[1,2],"id":"b"})", Failure::kNone, "b", Kind::kString},
      {R"({"\u0069d":"escaped key"})", Failure::kNone, "escaped key", Kind::kString},
      // numbers as kept text
      {R"({"id":12345})", Failure::kNone, "12345", Kind::kNumber},
      {R"({"id":-0})", Failure::kNone, "0", Kind::kNumber},
      {R"({"id":-9223372036854775808})", Failure::kNone, "-9223372036854775808", Kind::kNumber},
      {R"({"id":18446744073709551615})", Failure::kNone, "18446744073709551615", Kind::kNumber},
      {R"({"id":18446744073709551616})", Failure::kNone, "1.8446744073709552e+19", Kind::kNumber},
      {R"({"id":1.5e3})", Failure::kNone, "1500.0", Kind::kNumber},
      {R"({"id":-0.0})", Failure::kNone, "-0.0", Kind::kNumber},
      {R"({"id":true})", Failure::kNone, "", Kind::kOther},
      {R"({"id":null})", Failure::kNone, "", Kind::kOther},
      {R"({"x":1e999})", Failure::kInvalid},
      {R"({"x":1e-999,"id":"tiny is fine"})", Failure::kNone, "tiny is fine", Kind::kString},
      {R"({"x":01})", Failure::kInvalid},
      {R"({"x":1.})", Failure::kInvalid},
      {R"({"x":-})", Failure::kInvalid},
      {R"({"x":1e+})", Failure::kInvalid},
      {R"({"x":tru})", Failure::kInvalid},
      {R"({"x":truex})", Failure::kInvalid},
      // nested and unknown fields are checked and dropped
      {R"({"meta":{"id":"inner","text":["x",{"y":null}]},"id":"outer"})", Failure::kNone, "outer", Kind::kString},
      {R"({"meta":{"id":"inner"}})", Failure::kNone, "", Kind::kMissing},
      // structure
      {R"({"text":"x",})", Failure::kInvalid},
      {R"({"text" "x"})", Failure::kInvalid},
      {R"({"text":"x"} {})", Failure::kInvalid},
      {R"({"text":"x"]})", Failure::kInvalid},
      {R"({"a":[1,]})", Failure::kInvalid},
      {R"({"a":[]  ,"b":{}})", Failure::kNone},
      {R"({"text":"unterminated})", Failure::kInvalid},
      {"{", Failure::kInvalid},
      {"{}", Failure::kNone},
      {"}", Failure::kInvalid},
      {"", Failure::kInvalid},
      {std::string("{\0}", 3), Failure::kInvalid},
      // top-level values that are not objects: read whole first, then refused
      {"[1,2]", Failure::kNotObject},
      {"[garbage", Failure::kNotObject},
      {R"("str")", Failure::kNotObject},
      {R"("str)", Failure::kInvalid},
      {"42", Failure::kNotObject},
      {"42 garbage", Failure::kNotObject},
      {"1e999", Failure::kInvalid},
      {"null", Failure::kNotObject},
      {"nul", Failure::kInvalid},
      {"nullx", Failure::kNotObject},
      {"x", Failure::kInvalid},
      // depth: the top-level object is level 1, level 1001 is refused whatever follows
      {Deep(1000, "[") + "garbage", Failure::kInvalid},
      {Deep(1001, "["), Failure::kTooDeep},
      {Deep(1001, "{\"k\":"), Failure::kTooDeep},
      {Deep(1000, "{\"k\":") + "1" + std::string(1000, '}'), Failure::kNone},
      {std::string("{\"text\":\"nul ends it\"} \0 garbage", 32), Failure::kNone, "", Kind::kMissing, "nul ends it"},
      {std::string("{\"text\":\"nul\0inside\"}", 21), Failure::kInvalid},
      {std::string("{\"text\":\0\"x\"}", 13), Failure::kInvalid},
  };
  return rows;
}

}  // namespace

TEST_CASE("JsonlFields: edge cases, verdicts and kept values") {
  JsonlFields f(kWanted);
  for (const auto& r : Table()) {
    CAPTURE(r.line.substr(0, 80));
    bool ok = f.Parse(r.line);
    CHECK(ok == (r.failure == Failure::kNone));
    CHECK(f.failure() == r.failure);
    if (!ok) {
      CHECK(f.error_column() >= 1);
      CHECK(f.error_column() <= r.line.size() + 1);
      continue;
    }
    CHECK(f.Get("id").kind == r.id_kind);
    CHECK(f.Get("id").text == r.id);
    CHECK(f.Get("text").text == r.text);
  }
}

TEST_CASE("JsonlFields: agrees with nlohmann's parser on the table") {
  JsonlFields f(kWanted);
  for (const auto& r : Table()) {
    CAPTURE(r.line.substr(0, 80));
    CHECK(testing::ScannerVerdict(f, r.line, kWanted) == testing::ReferenceVerdict(r.line, kWanted));
  }
}

TEST_CASE("JsonlFields: agrees with nlohmann's parser on mutated lines") {
  // Bytes a mutation inserts or writes: JSON's structure, escapes, digits and UTF-8 pieces.
  const std::string alphabet = std::string("{}[]:,\"\\/ubfnrt0123456789.eE+-aex \t\r\n\x7f", 38) +
                               std::string("\x00\x1f\xc3\xa9\xe4\xb8\xad\xed\xa0\xf0\x9f\x98\x80\xf4\x90\xc0\xef\xbb\xbf", 19);
  std::mt19937 rng(18);
  JsonlFields f(kWanted);
  size_t checked = 0, objects = 0;
  for (int round = 0; round < 40000; ++round) {
    const auto& rows = Table();
    std::string line = rows[rng() % rows.size()].line;
    if (line.size() > 300) continue;  // the deep rows: checked above, too slow to mutate much
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = line.empty() ? 0 : rng() % (line.size() + 1);
      char b = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0: line.insert(line.begin() + static_cast<long>(at), b); break;
        case 1: if (at < line.size()) line.erase(at, 1); break;
        default: if (at < line.size()) line[at] = b;
      }
    }
    auto mine = testing::ScannerVerdict(f, line, kWanted);
    auto ref = testing::ReferenceVerdict(line, kWanted);
    if (!(mine == ref)) {
      CAPTURE(line);
      CHECK(static_cast<int>(mine.failure) == static_cast<int>(ref.failure));
      CHECK(mine.values == ref.values);
    }
    ++checked;
    objects += ref.failure == Failure::kNone;
  }
  CHECK(checked > 30000);
  CHECK(objects > 1500);  // the mutations leave enough valid objects to compare values on
}

TEST_CASE("JsonlFields: duplicate wanted names and repeated use") {
  std::vector<std::string> wanted = {"body", "body", "id"};
  JsonlFields f(wanted);
  REQUIRE(f.Parse(R"({"body":"one","id":7})"));
  CHECK(f.Get("body").text == "one");
  CHECK(f.Get("id").text == "7");
  REQUIRE(f.Parse(R"({"id":"x"})"));  // the previous line's values are gone
  CHECK(f.Get("body").kind == Kind::kMissing);
  CHECK(f.Get("body").text.empty());
  CHECK(f.Get("absent").kind == Kind::kMissing);
  CHECK(testing::ScannerVerdict(f, R"({"body":"a","body":"b"})", wanted) ==
        testing::ReferenceVerdict(R"({"body":"a","body":"b"})", wanted));
}

TEST_CASE("JsonlFields: long strings, every length around the eight-byte steps") {
  JsonlFields f(kWanted);
  for (size_t n = 0; n < 40; ++n)
    for (const char* tail : {"", "\\n", "\xc3\xa9", "\"", "\x01"}) {
      std::string body(n, 'a');
      std::string line = std::string("{\"text\":\"") + body + tail + "\"}";
      CAPTURE(n, tail);
      CHECK(testing::ScannerVerdict(f, line, kWanted) == testing::ReferenceVerdict(line, kWanted));
    }
  std::string big(3 << 20, 'x');
  REQUIRE(f.Parse("{\"text\":\"" + big + "\"}"));
  CHECK(f.Get("text").text == big);
}

TEST_CASE("JsonlFields: the column and reason of an error") {
  JsonlFields f(kWanted);
  REQUIRE_FALSE(f.Parse(R"({"text":"a	b"})"));
  CHECK(f.error_column() == 11);
  CHECK(std::string(f.error_reason()) == "unescaped control character in a string");
  REQUIRE_FALSE(f.Parse(R"({"id":"a" "text":"b"})"));
  CHECK(f.error_column() == 11);
  CHECK(std::string(f.error_reason()) == "expected ',' or '}'");
}
