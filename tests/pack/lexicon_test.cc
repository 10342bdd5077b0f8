// The grammar pack's lexicon (grammars/lexicon/*.tsv): the annotators' words are data. The pack's
// own lexicon loads; authoring errors are reported at file:line:col (a table of input -> exact
// diagnostic); an edited lexicon changes annotation on the next load, with no rebuild.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "base/lexicon.h"
#include "facts/extractor.h"

namespace fs = std::filesystem;
using namespace quarry;

namespace {

// Two small lists, one of each value kind that matters for the diagnostics.
const std::vector<LexListSpec> kSpecs = {
    {"approx_before", LexValue::kApprox},
    {"month", LexValue::kInt, 1, 12},
    {"label_word"},
    {"currency_after", LexValue::kCode},
    {"cjk_digit", LexValue::kInt, 0, 9, true},
};

// The lists every row below needs besides its own line (so that no list is missing).
const std::string kBase =
    "approx_before\tover\t>\nmonth\tjan\t1\nlabel_word\tmodel\ncurrency_after\tyuan\tcny\ncjk_digit\t一\t1\n";

std::string Errors(const std::vector<LexError>& errors) {
  std::string s;
  for (const auto& e : errors) s += (s.empty() ? "" : " | ") + e.ToString();
  return s;
}

struct TempPack {
  fs::path path;
  TempPack() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("quarry-lexicon-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
    fs::copy(QUARRY_SOURCE_DIR "/grammars", path, fs::copy_options::recursive);
  }
  ~TempPack() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void Append(const std::string& rel, const std::string& text) const {
    std::ofstream(path / rel, std::ios::app) << text;
  }
};

int Lines(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) ++n;
  return n;
}

// The quantity annotation over `figure` in `text`, through the whole annotation pipeline.
std::string ApproxOf(const std::shared_ptr<const facts::Resources>& res, const std::string& text,
                     const std::string& figure) {
  facts::Extractor ex(res);
  Document d;
  d.id = "t";
  d.raw = text;
  facts::Trace trace;
  ex.Annotate(d, &trace);
  for (const auto& a : trace.annotations)
    if (a.kind == AnnKind::kQuantity && a.figure.Of(trace.text.text) == figure) return ApproxSymbol(a.approx);
  return "(no quantity)";
}

}  // namespace

TEST_CASE("pack lexicon: loads without errors, every list of both annotators present") {
  std::vector<std::string> errors;
  auto lex = facts::LoadLexicon(QUARRY_SOURCE_DIR "/grammars/lexicon", &errors);
  for (const auto& e : errors) FAIL_CHECK(e);
  REQUIRE(lex);
  for (const auto& spec : facts::LexiconLists()) {
    INFO(spec.name);
    CHECK(!lex->List(spec.name).empty());
  }
  CHECK(lex->digest().size() == 16);
}

TEST_CASE("lexicon errors: each reported at file:line:col") {
  struct Row {
    std::string line;  // appended after kBase (line 6 of t.tsv)
    std::string error;
  };
  const Row rows[] = {
      {"approx_before\tgive or take\t>>\n", "t.tsv:6:28: list approx_before needs one of = > >= < <= ~, got \">>\""},
      {"month\tsmarch\t13\n", "t.tsv:6:14: list month needs an integer from 1 to 12, got \"13\""},
      {"month\tsmarch\n", "t.tsv:6:13: list month needs a value: an integer"},
      {"label_word\tversion\t3\n", "t.tsv:6:20: list label_word takes no value"},
      {"currency_after\tbucks\tUS Dollar\n", "t.tsv:6:22: list currency_after needs a lowercase code [a-z0-9_], got \"US Dollar\""},
      {"cjk_digit\t十一\t1\n", "t.tsv:6:11: list cjk_digit takes single characters, got \"十一\""},
      {"approx_befor\tover\t>\n", "t.tsv:6:1: unknown list \"approx_befor\""},
      {"label_word\tModel\n", "t.tsv:6:12: word \"Model\" has upper-case letters (words match lowercase text)"},
      {"label_word\t  model\n", "t.tsv:6:14: duplicate word \"model\" in list label_word"},
      {"label_word\t\n", "t.tsv:6:12: empty word"},
      {"label_word\n", "t.tsv:6:1: expected 2 or 3 tab-separated columns: list, word, value"},
      {"label_word\ta\tb\tc\n", "t.tsv:6:1: expected 2 or 3 tab-separated columns: list, word, value"},
  };
  for (const auto& r : rows) {
    std::vector<LexError> errors;
    auto lex = Lexicon::FromString(kBase + r.line, "t.tsv", kSpecs, &errors);
    INFO(r.line);
    CHECK(lex == nullptr);
    CHECK(Errors(errors) == r.error);
  }
  // Comments and blank lines are skipped; a missing list is named.
  std::vector<LexError> errors;
  CHECK(Lexicon::FromString("# words\n\n  # indented comment\n" + kBase, "t.tsv", kSpecs, &errors) != nullptr);
  CHECK(Errors(errors).empty());
  CHECK(Lexicon::FromString("month\tjan\t1\n", "t.tsv", kSpecs, &errors) == nullptr);
  CHECK(Errors(errors) ==
        "t.tsv: list \"approx_before\" is missing (no entries in any file) | "
        "t.tsv: list \"label_word\" is missing (no entries in any file) | "
        "t.tsv: list \"currency_after\" is missing (no entries in any file) | "
        "t.tsv: list \"cjk_digit\" is missing (no entries in any file)");
}

TEST_CASE("lexicon errors in a grammar folder fail the load with the file's path, line and column") {
  TempPack pack;
  int line = Lines(pack.path / "lexicon" / "quantities.tsv") + 1;
  pack.Append("lexicon/quantities.tsv", "approx_before\tgive or take\t>>\n");
  pack.Append("lexicon/blocking.tsv", "label_wrd\tfoo\n");
  std::vector<std::string> errors;
  CHECK(facts::Resources::Load(pack.path.string(), &errors) == nullptr);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == (pack.path / "lexicon" / "blocking.tsv").string() + ":" +
                         std::to_string(Lines(pack.path / "lexicon" / "blocking.tsv")) + ":1: unknown list \"label_wrd\"");
  CHECK(errors[1] == (pack.path / "lexicon" / "quantities.tsv").string() + ":" + std::to_string(line) +
                         ":28: list approx_before needs one of = > >= < <= ~, got \">>\"");

  // A grammar folder without a lexicon does not load either, and says why.
  fs::remove_all(pack.path / "lexicon");
  errors.clear();
  CHECK(facts::Resources::Load(pack.path.string(), &errors) == nullptr);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find((pack.path / "lexicon").string() + ": lexicon folder not found") == 0);
}

TEST_CASE("editing the lexicon changes annotation without a rebuild, and the grammar version") {
  TempPack pack;
  const std::string text = "The maker sold upward of 70,327 vehicles in the month.";
  std::vector<std::string> errors;
  auto before = facts::Resources::Load(pack.path.string(), &errors);
  REQUIRE(before);
  CHECK(ApproxOf(before, text, "70,327") == "=");

  // The analyst adds an approximator: the next load reads the figure as a lower bound.
  pack.Append("lexicon/quantities.tsv", "approx_before\tupward of\t>\n");
  auto after = facts::Resources::Load(pack.path.string(), &errors);
  INFO(errors.size());
  REQUIRE(after);
  CHECK(ApproxOf(after, text, "70,327") == ">");
  CHECK(after->version != before->version);
}
