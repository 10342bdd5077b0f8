// Rules are data: a rule file edited in a grammar folder changes extraction on the next load,
// with no rebuild (the first acceptance line), through the full pipeline.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "facts/extractor.h"

namespace fs = std::filesystem;
using namespace quarry;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("quarry-grammar-" + std::to_string(rd()));
    fs::create_directories(path / "gazetteer");
    fs::copy(QUARRY_SOURCE_DIR "/grammars/lexicon", path / "lexicon");  // the annotators' words
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void Write(const fs::path& p, const std::string& text) {
  std::ofstream o(p, std::ios::binary | std::ios::trunc);
  o << text;
}

std::vector<Fact> Extract(const fs::path& dir, const std::string& text) {
  std::vector<std::string> errors;
  auto res = facts::Resources::Load(dir.string(), &errors);
  INFO(errors.size());
  REQUIRE(res);
  facts::Extractor ex(res);
  Document d;
  d.id = "t";
  d.raw = text;
  std::vector<Fact> out;
  ex.Extract(d, &out);
  return out;
}

}  // namespace

TEST_CASE("editing a rule file changes extraction without a rebuild") {
  TempDir tmp;
  Write(tmp.path / "gazetteer" / "brands.tsv", "Leapmotor\tbrand\tLeapmotor|零跑\t\t\n");
  const std::string text = "Leapmotor shipped 70,327 vehicles in November.";
  Write(tmp.path / "ship.rules",
        "rule ship\n  set type=deliveries\n  match subject:<entity> \"delivered\" value:<quantity>\nend\n");
  CHECK(Extract(tmp.path, text).empty());

  // The analyst adds the phrasing "shipped": the next load sees it.
  Write(tmp.path / "ship.rules",
        "rule ship\n  set type=deliveries\n  match subject:<entity> (\"delivered\" | \"shipped\") value:<quantity>\nend\n");
  auto facts = Extract(tmp.path, text);
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].type == "deliveries");
  CHECK(facts[0].subject == "Leapmotor");
  CHECK(facts[0].value == Decimal(70327));
  CHECK(facts[0].rule == "ship.rules:1 ship");

  // And changes the fact type: the same text now yields a different fact.
  Write(tmp.path / "ship.rules",
        "rule ship\n  set type=exports\n  match subject:<entity> (\"delivered\" | \"shipped\") value:<quantity>\nend\n");
  facts = Extract(tmp.path, text);
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].type == "exports");

  // A broken edit is refused with a file:line:col error instead of silently matching nothing.
  Write(tmp.path / "ship.rules", "rule ship\n  set type=exports\n  match subject:<entity> \"shipped\" _*\nend\n");
  std::vector<std::string> errors;
  CHECK(facts::Resources::Load(tmp.path.string(), &errors) == nullptr);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("ship.rules:3:37: unbounded repetition") != std::string::npos);
}
