// `quarry annotate` end to end: a grammar folder with a one-line gazetteer written for the test,
// a text file and JSONL on stdin; checks the JSONL contract (doc kind text span value unit approx
// period), raw spans, exact values as strings, and usage errors (exit 2, one line).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Result {
  int code = -1;
  std::string out;
};

Result Run(const std::string& cmd) {
  Result r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "quarry-annotate-XXXXXX").string();
    path = mkdtemp(tmpl.data()) ? fs::path(tmpl) : fs::path();
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::vector<nlohmann::json> Lines(const std::string& out) {
  std::vector<nlohmann::json> v;
  size_t p = 0;
  while (p < out.size()) {
    size_t e = out.find('\n', p);
    std::string line = out.substr(p, e == std::string::npos ? std::string::npos : e - p);
    if (!line.empty()) v.push_back(nlohmann::json::parse(line));
    if (e == std::string::npos) break;
    p = e + 1;
  }
  return v;
}

}  // namespace

TEST_CASE("annotate prints quantities, periods, changes and entities as JSONL") {
  TempDir dir;
  REQUIRE(!dir.path.empty());
  fs::create_directories(dir.path / "g" / "gazetteer");
  std::ofstream(dir.path / "g" / "gazetteer" / "test.tsv") << "Rigel\tbrand\tRigel\t\t\n";
  fs::copy(QUARRY_SOURCE_DIR "/grammars/lexicon", dir.path / "g" / "lexicon");
  fs::copy(QUARRY_SOURCE_DIR "/grammars/pack.schema", dir.path / "g" / "pack.schema");  // units
  // Curly apostrophe before the figure: raw spans must count its three bytes.
  const std::string text = "Rigel\u2019s fleet: Rigel delivered 70,327 vehicles in November, up 75% year-on-year.\n";
  std::ofstream(dir.path / "doc.txt") << text;
  std::string base = std::string(QUARRY_BIN) + " --grammars " + (dir.path / "g").string() + " annotate";
  auto r = Run(base + " --format jsonl --published 2025-12-02 " + (dir.path / "doc.txt").string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  auto lines = Lines(r.out);
  bool saw_qty = false, saw_period = false, saw_change = false, saw_entity = false;
  for (const auto& j : lines) {
    for (const char* key : {"doc", "kind", "text", "span", "value", "unit", "approx", "period"})
      CHECK(j.contains(key));
    auto b = j["span"][0].get<size_t>(), e = j["span"][1].get<size_t>();
    REQUIRE(e <= text.size());
    if (j["kind"] == "quantity" && j["value"] == "70327") {
      saw_qty = true;
      CHECK(j["unit"] == "vehicle");
      CHECK(j["approx"] == "=");
      CHECK(text.substr(b, e - b) == "70,327 vehicles");
    }
    if (j["kind"] == "period") {
      saw_period = true;
      CHECK(j["period"] == "2025-11");
      CHECK(text.substr(b, e - b) == "November");
    }
    if (j["kind"] == "change") {
      saw_change = true;
      CHECK(j["value"] == "75");
      CHECK(j["period"] == "yoy");
    }
    if (j["kind"] == "entity") saw_entity = true;
  }
  CHECK(saw_qty);
  CHECK(saw_period);
  CHECK(saw_change);
  CHECK(saw_entity);

  // JSONL documents on stdin; the document's own date resolves the month.
  std::ofstream(dir.path / "docs.jsonl")
      << R"({"id":"d1","published":"2026-01-05","text":"Rigel sold 18,827 cars in November."})" << "\n";
  auto s = Run(base + " --format jsonl - < " + (dir.path / "docs.jsonl").string());
  INFO(s.out);
  REQUIRE(s.code == 0);
  bool saw = false;
  for (const auto& j : Lines(s.out)) {
    CHECK(j["doc"] == "d1");
    if (j["kind"] == "period") {
      CHECK(j["period"] == "2025-11");
      saw = true;
    }
  }
  CHECK(saw);

  // Text format: one line per annotation.
  auto t = Run(base + " " + (dir.path / "doc.txt").string());
  REQUIRE(t.code == 0);
  CHECK(t.out.find("quantity") != std::string::npos);
  CHECK(t.out.find("period=XXXX-11") != std::string::npos);
}

TEST_CASE("annotate rejects bad usage with exit 2 and one line") {
  TempDir dir;
  fs::create_directories(dir.path / "g");
  fs::copy(QUARRY_SOURCE_DIR "/grammars/lexicon", dir.path / "g" / "lexicon");
  fs::copy(QUARRY_SOURCE_DIR "/grammars/pack.schema", dir.path / "g" / "pack.schema");  // units
  std::ofstream(dir.path / "doc.txt") << "Sales rose 5%.\n";
  std::string base = std::string(QUARRY_BIN) + " --grammars " + (dir.path / "g").string() + " annotate";
  auto a = Run(base + " --format xml " + (dir.path / "doc.txt").string());
  CHECK(a.code == 2);
  CHECK(a.out.find("--format") != std::string::npos);
  auto b = Run(base + " --published 2025-13-45 " + (dir.path / "doc.txt").string());
  CHECK(b.code == 2);
  CHECK(b.out.find("--published") != std::string::npos);
  auto c = Run(base + " " + (dir.path / "missing.txt").string());
  CHECK(c.code == 2);
  CHECK(c.out.find("missing.txt") != std::string::npos);
}
