#include <catch2/catch.hpp>

#include "gazetteer/gazetteer.h"
#include "text/analyzer.h"

using quarry::AnnKind;
using quarry::Annotation;
using quarry::Document;
using quarry::gazetteer::Gazetteer;
using quarry::gazetteer::LoadError;

namespace {

const char* kTsv =
    "# name\tkind\taliases\tparent\tattrs\n"
    "HIMA\talliance\tHarmony Intelligent Mobility Alliance|Hongmeng Zhixing|鸿蒙智行\tHuawei\n"
    "AITO\tbrand\tAITO|问界\tHIMA\tmaker=Seres\n"
    "AITO M7\tmodel\tAITO M7|M7|问界M7\tAITO\n"
    "Lynk & Co\tbrand\tLynk & Co|Lynk&Co|领克\tGeely\n"
    "Leapmotor International\tjv\tLeapmotor International\tLeapmotor\towners=Stellantis|Leapmotor\n";

std::vector<Annotation> Entities(const Gazetteer& g, const std::string& text) {
  quarry::text::Analyzer an;
  quarry::text::TextDoc doc;
  Document d;
  d.raw = text;
  an.Analyze(d, &doc);
  std::vector<Annotation> out;
  g.Annotate(doc, &out);
  return out;
}

}  // namespace

TEST_CASE("gazetteer loads entities, aliases, parents and attributes") {
  std::vector<LoadError> errors;
  auto g = Gazetteer::FromString(kTsv, "test.tsv", &errors);
  REQUIRE(errors.empty());
  REQUIRE(g->Find("hongmeng  zhixing") != nullptr);
  CHECK(g->Find("hongmeng zhixing")->name == "HIMA");
  CHECK(g->Find("问界")->name == "AITO");
  CHECK(g->Find("AITO")->attrs.at("maker") == "Seres");
  CHECK(g->IsUnder("AITO M7", "HIMA"));
  CHECK_FALSE(g->IsUnder("HIMA", "AITO"));
  CHECK(g->Find("Leapmotor International")->attrs.at("owners") == "Stellantis|Leapmotor");
  CHECK(g->Find("nobody") == nullptr);
}

TEST_CASE("gazetteer reports bad lines with file:line:col") {
  std::vector<LoadError> errors;
  Gazetteer::FromString("AITO\tbrand\nonlyname\nX\tbrand\t\t\tnoequals\nAITO\tbrand\n", "bad.tsv", &errors);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].ToString() == "bad.tsv:2:1: expected at least 2 tab-separated columns: name, kind");
  CHECK(errors[1].line == 3);
  CHECK(errors[2].ToString().find("duplicate entity name") != std::string::npos);
}

TEST_CASE("gazetteer annotates longest matches over tokens") {
  std::vector<LoadError> errors;
  auto g = Gazetteer::FromString(kTsv, "test.tsv", &errors);
  auto anns = Entities(*g, "The revised AITO M7 beat AITO's own forecast; Lynk & Co and 鸿蒙智行 too.");
  REQUIRE(anns.size() == 4);
  CHECK(anns[0].label == "AITO M7");
  CHECK(anns[0].subkind == "model");
  CHECK(anns[1].label == "AITO");
  CHECK(anns[2].label == "Lynk & Co");
  CHECK(anns[3].label == "HIMA");
  for (const auto& a : anns) CHECK(a.kind == AnnKind::kEntity);
}

TEST_CASE("gazetteer does not match inside other words") {
  std::vector<LoadError> errors;
  auto g = Gazetteer::FromString(kTsv, "test.tsv", &errors);
  CHECK(Entities(*g, "AITOS and M77 are not entities").empty());
}

TEST_CASE("a context alias names its entity only after the parent was named") {
  // Note [Context aliases]: "~Song" is BYD Song where BYD (or one of its models) came before.
  std::vector<quarry::gazetteer::LoadError> errors;
  auto g = Gazetteer::FromString("BYD\tbrand\nBYD Song\tmodel\tBYD Song|~Song\tBYD\nBYD Han\tmodel\tBYD Han|~Han\tBYD\n",
                                 "ctx.tsv", &errors);
  REQUIRE(errors.empty());
  auto labels = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const auto& a : Entities(*g, text)) out.push_back(a.label);
    return out;
  };
  CHECK(labels("The Song had 42,500 sales.").empty());  // no BYD before it
  CHECK(labels("BYD sold 300,000. The Song had 42,500 sales.") == std::vector<std::string>{"BYD", "BYD Song"});
  CHECK(labels("The BYD Han led. The Song followed.") == std::vector<std::string>{"BYD Han", "BYD Song"});
  CHECK(labels("BYD sold 300,000 as a song played.") == std::vector<std::string>{"BYD"});  // a word, not the name
  CHECK(g->Find("Song") == nullptr);  // a context alias is no alias for lookups by name
}

TEST_CASE("a model name ending in a digit or a single letter takes a plural s") {
  // Note [Model plurals]: "883 M7s", "two Model Ys" are the models; "AITOS", "M77s" are not.
  std::vector<quarry::gazetteer::LoadError> errors;
  auto g = Gazetteer::FromString(std::string(kTsv) + "Tesla\tbrand\nTesla Model Y\tmodel\tModel Y\tTesla\n", "pl.tsv",
                                 &errors);
  REQUIRE(errors.empty());
  auto labels = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const auto& a : Entities(*g, text)) out.push_back(a.label);
    return out;
  };
  CHECK(labels("AITO delivered 883 M7s and 20 AITO M7s.") == std::vector<std::string>{"AITO", "AITO M7", "AITO M7"});
  CHECK(labels("It sold two Model Ys.") == std::vector<std::string>{"Tesla Model Y"});
  CHECK(labels("AITOS and M77s are not entities.").empty());
}
