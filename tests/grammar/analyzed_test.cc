// Matcher tests on real analyzed text: the Analyzer's tokens, the quantity annotator and a small
// gazetteer, so rules are held to what the pipeline actually produces.
#include <catch2/catch.hpp>

#include "facts/extractor.h"
#include "gazetteer/gazetteer.h"
#include "numbers/quantities.h"
#include "synth.h"
#include "text/analyzer.h"

using namespace quarry;
using namespace quarry::grammar;
using namespace quarry::grammar::testing;

namespace {

struct Analyzed {
  text::TextDoc doc;
  std::vector<Annotation> anns;
};

Analyzed Analyze(const std::string& s) {
  static text::Analyzer analyzer;
  static const auto lexicon = [] {
    std::vector<std::string> errors;
    auto lex = facts::LoadLexicon(QUARRY_SOURCE_DIR "/grammars/lexicon", &errors);
    INFO(errors.size());
    REQUIRE(lex);
    return lex;
  }();
  static numbers::QuantityAnnotator quantities(*lexicon, facts::LoadSchemaUnits(QUARRY_SOURCE_DIR "/grammars"));
  std::vector<gazetteer::LoadError> gerrs;
  static auto gaz = gazetteer::Gazetteer::FromString(
      "Leapmotor\tbrand\tLeapmotor|零跑\t\t\nAITO\tbrand\tAITO|问界\t\t\n", "t.tsv", &gerrs);
  Document d;
  d.id = "t";
  d.raw = s;
  Analyzed a;
  analyzer.Analyze(d, &a.doc);
  quantities.Annotate(a.doc, &a.anns);
  gaz->Annotate(a.doc, &a.anns);
  std::stable_sort(a.anns.begin(), a.anns.end(), [](const Annotation& x, const Annotation& y) {
    return x.tok_begin != y.tok_begin ? x.tok_begin < y.tok_begin : x.tok_end > y.tok_end;
  });
  return a;
}

// "rule[text of the match]" for each accepted match.
std::string Matches(const std::string& rules, const std::string& text) {
  std::vector<LoadError> errs;
  auto g = FromText(rules, &errs);
  INFO(Errors(errs));
  REQUIRE(g);
  Analyzed a = Analyze(text);
  MatchResult r;
  g->Run(a.doc, &a.anns, &r);
  std::string s;
  for (const auto& m : r.matches) {
    NormSpan sp(a.doc.tokens[m.tok_begin].span.begin, a.doc.tokens[m.tok_end - 1].span.end);
    s += g->rules()[m.rule].name + "[" + std::string(sp.Of(a.doc.text)) + "]";
  }
  return s;
}

}  // namespace

TEST_CASE("analyzed English: entity, gap, verb, quantity; sentences are separate") {
  const std::string rules =
      "rule d\n  set type=deliveries\n  match subject:<entity kind=brand> _{0,4} \"delivered\" value:<quantity>\nend\n";
  CHECK(Matches(rules, "Leapmotor delivered 70,327 vehicles in November.") == "d[Leapmotor delivered 70,327 vehicles]");
  CHECK(Matches(rules, "Leapmotor, the Hangzhou-based maker, delivered 70,327 vehicles.") == "");
  CHECK(Matches(rules, "Leapmotor said on Monday it delivered 70,327 vehicles.") ==
        "d[Leapmotor said on Monday it delivered 70,327 vehicles]");
  // A match never crosses a sentence boundary.
  CHECK(Matches(rules, "Leapmotor grew. It delivered 70,327 vehicles.") == "");
}

TEST_CASE("analyzed Chinese: a literal matches however ICU split the word") {
  const std::string rules =
      "rule z\n  set type=deliveries\n  match subject:<entity> \"交付\" \"了\"? value:<quantity>\nend\n";
  Analyzed a = Analyze("零跑交付了70327辆");
  std::string toks;
  for (const auto& t : a.doc.tokens) toks += std::string(a.doc.TokenText(t)) + "|";
  INFO("tokens: " << toks);
  CHECK(Matches(rules, "零跑交付了70327辆").rfind("z[零跑交付了70327", 0) == 0);
}
