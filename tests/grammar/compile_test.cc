// Parser and compiler tables: pattern -> expected error at line:col, rule -> canonical dump.
#include <catch2/catch.hpp>

#include "grammar/compile.h"
#include "synth.h"

using namespace quarry::grammar;
using namespace quarry::grammar::testing;

namespace {

// A one-rule file whose pattern starts at line 3, column 9.
std::string RuleWith(const std::string& pattern) {
  return "rule r\n  set type=deliveries\n  match " + pattern + "\nend\n";
}

}  // namespace

TEST_CASE("pattern errors are reported at line:col with a clear message") {
  struct Row {
    std::string pattern;
    std::string expected;  // "line:col: message prefix"
  };
  const std::vector<Row> rows = {
      {"\"delivered\" _*", "3:22: unbounded repetition '*' is not allowed"},
      {"\"a\"+", "3:12: unbounded repetition '+' is not allowed"},
      {"_{0,60} \"a\"", "3:10: repetition bound 60 exceeds the limit of 50"},
      {"\"a\" _{5,2}", "3:14: bad repetition {5,2}: minimum above maximum"},
      {"\"a\" _{3,}", "3:14: unbounded repetition '{m,}' is not allowed"},
      {"(\"a\" | \"b\"", "3:9: missing ')' for this '('"},
      {"\"a\" )", "3:13: unbalanced ')'"},
      {"\"unterminated", "3:9: unterminated string"},
      {"/deliver(ed/", "3:9: bad regex /deliver(ed/: missing ): deliver(ed"},
      {"/abc", "3:9: unterminated regex"},
      {"[kind=verb]", "3:10: unknown token kind 'verb'"},
      {"[colour=red]", "3:10: unknown token attribute 'colour'"},
      {"[kind~x]", "3:10: 'kind' takes = or !=, not ~"},
      {"[shape~X(]", "3:10: bad regex [shape~X(]: missing )"},
      {"[kind=word", "3:19: missing ']'"},
      {"<quantity colour=red>", "3:19: unknown key 'colour' for <quantity> (known: unit, value, approx, range)"},
      {"<quantity value>abc>", "3:19: value: 'abc' is not a decimal number"},
      {"<quantity approx=?>", "3:26: expected a value for 'approx'"},
      {"<entity kind=brand", "3:9: missing '>' for this '<'"},
      {"<nosuch>", "3:9: unknown annotation <nosuch>"},
      {"$NOPE \"a\"", "3:9: unknown macro $NOPE"},
      {"delivered", "3:9: unexpected word 'delivered' (literals are quoted"},
      {"\"a\"?", "1:1: rule r can match an empty sequence"},
      {"!<quantity>", "3:9: '!' needs a single-token element"},
      {"!\"a total\"", "3:9: '!' needs a single-token element; \"a total\" is several tokens"},
      {"(\"a\" | )", "3:16: empty alternative"},
      {"x:", "3:11: expected an element here"},
      {"<change sign=up>", "3:17: sign takes sign=+ or sign=-"},
      {"<quantity range=1>", "3:19: range is a bare flag"},
      {"\"a\" ? ", "3:13: '?' must follow an element"},
  };
  for (const auto& row : rows) {
    std::vector<LoadError> errs;
    auto g = FromText(RuleWith(row.pattern), &errs);
    INFO("pattern: " << row.pattern << "\nerrors:\n" << Errors(errs));
    CHECK(g == nullptr);
    REQUIRE(!errs.empty());
    std::string got = std::to_string(errs[0].line) + ":" + std::to_string(errs[0].col) + ": " + errs[0].message;
    CHECK(got.substr(0, row.expected.size()) == row.expected);
  }
}

TEST_CASE("file-level errors: clauses, slots, names, macros, includes, stages") {
  struct Row {
    std::vector<std::pair<std::string, std::string>> files;
    std::string expected;  // "file:line:col: message prefix" of the first error
  };
  const std::vector<Row> rows = {
      {{{"a.rules", "rule x\n  set type=t\n  match \"a\"\n"}}, "a.rules:1:1: rule x has no 'end'"},
      {{{"a.rules", "rule x\n  set type=t\n  matc \"a\"\nend\n"}}, "a.rules:3:3: unknown clause 'matc'"},
      {{{"a.rules", "rule x\n  set type=t\nend\n"}}, "a.rules:1:1: rule x has no match clause"},
      {{{"a.rules", "rule x\n  match \"a\"\nend\n"}}, "a.rules:1:1: rule x produces nothing"},
      {{{"a.rules", "rule x\n  set type=t colour=red\n  match \"a\"\nend\n"}}, "a.rules:2:14: unknown slot 'colour' in set"},
      {{{"a.rules", "rule x\n  set type=t modality=maybe\n  match \"a\"\nend\n"}}, "a.rules:2:14: unknown modality 'maybe'"},
      {{{"a.rules", "rule x\n  set type=t\n  match \"a\"\n  example \"a\" => subjekt=X\nend\n"}},
       "a.rules:4:18: unknown slot 'subjekt' in example"},
      {{{"a.rules", "rule x\n  set type=t\n  match \"a\"\nend\nrule x\n  set type=t\n  match \"b\"\nend\n"}},
       "a.rules:5:1: duplicate rule name x (first defined at a.rules:1)"},
      {{{"a.rules", "define A = $B\ndefine B = $A\nrule x\n  set type=t\n  match $A\nend\n"}},
       "a.rules:2:12: macro recursion: $A -> $B -> $A"},
      {{{"a.rules", "include \"b.rules\"\n"}, {"b.rules", "include \"a.rules\"\n"}},
       "b.rules:1:1: include cycle: a.rules -> b.rules -> a.rules"},
      {{{"a.rules", "include \"../x.rules\"\n"}}, "a.rules:1:1: include \"../x.rules\" leaves the grammar folder"},
      {{{"a.rules", "include \"sub/../../x.rules\"\n"}}, "a.rules:1:1: include \"sub/../../x.rules\" leaves the grammar folder"},
      {{{"a.rules", "include \"missing.rules\"\n"}}, "a.rules:1:1: include \"missing.rules\": no such .rules file"},
      {{{"a.rules", "rule x\n  emit lab\n  match \"a\"\nend\nrule y\n  set type=t\n  match <lab>\nend\n"}},
       "a.rules:7:9: <lab> is emitted at stage 1; only rules of a later stage can match it"},
      {{{"a.rules", "bogus\n"}}, "a.rules:1:1: expected include, define or rule, found 'bogus'"},
      {{{"a.rules", "rule x\n  stage zero\n  set type=t\n  match \"a\"\nend\n"}}, "a.rules:2:9: stage must be a whole number"},
  };
  for (const auto& row : rows) {
    std::vector<LoadError> errs;
    auto g = Grammar::FromSources(row.files, &errs);
    INFO("files[0]:\n" << row.files[0].second << "\nerrors:\n" << Errors(errs));
    CHECK(g == nullptr);
    REQUIRE(!errs.empty());
    bool found = false;
    for (const auto& e : errs)
      if (e.ToString().substr(0, row.expected.size()) == row.expected) found = true;
    CHECK(found);
  }
}

TEST_CASE("nesting depth is limited") {
  std::string pat = "\"a\"";
  for (int i = 0; i < 30; ++i) pat = "(\"b\" | " + pat + ")";
  std::vector<LoadError> errs;
  auto g = FromText(RuleWith(pat), &errs);
  CHECK(g == nullptr);
  REQUIRE(!errs.empty());
  CHECK(errs[0].message.find("nested deeper than 24 levels") != std::string::npos);
}

TEST_CASE("macro in an included file is visible; not in an unrelated file") {
  std::vector<LoadError> errs;
  auto g = Grammar::FromSources({{"common.rules", "define VEH = (\"vehicles\" | \"units\")\n"},
                                 {"a.rules", "include \"common.rules\"\nrule x\n  set type=t\n  match [kind=number] $VEH\nend\n"}},
                                &errs);
  INFO(Errors(errs));
  REQUIRE(g != nullptr);
  errs.clear();
  auto bad = Grammar::FromSources({{"common.rules", "define VEH = \"vehicles\"\n"},
                                   {"b.rules", "rule x\n  set type=t\n  match $VEH\nend\n"}},
                                  &errs);
  CHECK(bad == nullptr);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].ToString() == "b.rules:3:9: unknown macro $VEH");
}

TEST_CASE("every error of every file is reported, sorted by file and position") {
  std::vector<LoadError> errs;
  auto g = Grammar::FromSources(
      {{"a.rules", "rule one\n  set type=t\n  match \"a\" _{0,99}\nend\nrule two\n  set type=t\n  match /x(/\nend\n"},
       {"b.rules", "rule three\n  set type=t\n  match <quantity kolor=1>\nend\nrule four\n  set type=t\n  match \"a\"\n"}},
      &errs);
  CHECK(g == nullptr);
  INFO(Errors(errs));
  REQUIRE(errs.size() == 4);
  CHECK(errs[0].ToString().rfind("a.rules:3:14: repetition bound 99", 0) == 0);
  CHECK(errs[1].ToString().rfind("a.rules:7:9: bad regex /x(/", 0) == 0);
  CHECK(errs[2].ToString().rfind("b.rules:3:19: unknown key 'kolor'", 0) == 0);
  CHECK(errs[3].ToString().rfind("b.rules:5:1: rule four has no 'end'", 0) == 0);
}

TEST_CASE("canonical dumps of compiled rules") {
  struct Row {
    std::string pattern;
    std::string dump;
  };
  const std::vector<Row> rows = {
      {"\"Delivered\"", "0: lit \"delivered\" -> 1\n1: match\n"},
      {"c\"AITO\" \"a total of\"",
       "0: lit c\"AITO\" -> 1\n1: lit \"a\" -> 2\n2: lit \"total\" -> 3\n3: lit \"of\" -> 4\n4: match\n"},
      {"\"a\" _{0,2} \"b\"",
       "0: lit \"a\" -> 1\n1: split 2, 3\n2: tok _ -> 4\n3: lit \"b\" -> 5\n4: split 6, 3\n5: match\n6: tok _ -> 3\n"},
      {"value:<quantity value>1000 unit=vehicle|none>",
       "0: save value begin -> 1\n1: ann <quantity unit=vehicle|none value>1000> =>value -> 2\n2: save value end -> 3\n3: match\n"},
      {"(\"a\" | /b+/i) [kind=number|percent & shape!=dd]",
       "0: split 1, 2\n1: lit \"a\" -> 3\n2: tok /b+/i -> 3\n3: tok [kind=number|percent & shape!=dd] -> 4\n4: match\n"},
      {"![kind=punct] x:(\"a\" \"b\")?",
       "0: tok ![kind=punct] -> 1\n1: save x begin -> 2\n2: split 3, 4\n3: lit \"a\" -> 5\n4: save x end -> 6\n5: lit \"b\" -> 4\n6: match\n"},
  };
  for (const auto& row : rows) {
    std::vector<LoadError> errs;
    auto g = FromText(RuleWith(row.pattern), &errs);
    INFO("pattern: " << row.pattern << "\n" << Errors(errs));
    REQUIRE(g != nullptr);
    std::string dump = g->Dump("r");
    std::string body = dump.substr(dump.find('\n') + 1);
    CHECK(body == row.dump);
  }
}

TEST_CASE("grammar version is a stable content hash") {
  std::vector<LoadError> errs;
  auto a = FromText(RuleWith("\"a\""), &errs);
  auto b = FromText(RuleWith("\"a\""), &errs);
  auto c = FromText(RuleWith("\"b\""), &errs);
  REQUIRE(a);
  REQUIRE(c);
  CHECK(a->version() == b->version());
  CHECK(a->version() != c->version());
  CHECK(a->version().size() == 16);
  CHECK(a->rules()[0].id == "t.rules:1 r");
}

TEST_CASE("columns count code points along long lines and restart on each line") {
  // The parser counts a column on from its last answer on the line (Here() in parse.cc).
  std::string many;
  for (int i = 0; i < 50; ++i) many += "\"交付\" ";  // 5 characters each, 10 bytes
  std::vector<LoadError> errs;
  CHECK(FromText(RuleWith(many + "$NOPE"), &errs) == nullptr);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].ToString() == "t.rules:3:259: unknown macro $NOPE");
  errs.clear();
  auto g = Grammar::FromSources({{"a.rules", "define A = \"交付\" \"销量\" \"x\"\nrule r\n  set type=t\n  match $A \"销量\" $NOPE\nend\n"}},
                                &errs);
  CHECK(g == nullptr);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].ToString() == "a.rules:4:17: unknown macro $NOPE");
}
