// The batch pipeline as a library (pipeline/pipeline.h), run without the CLI: the same facts as
// `quarry extract`, the same counts, and resume (a second run into the same database skips every
// document already stored).
#include <catch2/catch.hpp>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "pipeline/pipeline.h"

namespace {

namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("quarry-pipeline-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::shared_ptr<const quarry::facts::Resources> Grammars() {
  std::vector<std::string> errors;
  auto res = quarry::facts::Resources::Load(QUARRY_SOURCE_DIR "/grammars", &errors);
  for (const auto& e : errors) UNSCOPED_INFO(e);
  REQUIRE(res);
  return res;
}

quarry::pipeline::Options CorpusOptions() {
  quarry::pipeline::Options o;
  o.inputs = {QUARRY_SOURCE_DIR "/corpus/articles"};
  o.published = "2025-12-01";
  o.jobs = 2;
  o.handle_sigint = false;
  return o;
}

}  // namespace

TEST_CASE("pipeline::Run gives the facts of `quarry extract`, byte for byte", "[pipeline]") {
  TempDir dir;
  auto o = CorpusOptions();
  o.sink = quarry::pipeline::SinkKind::kJsonl;
  FILE* out = std::fopen((dir / "lib.jsonl").c_str(), "wb");
  REQUIRE(out);
  o.jsonl_out = out;
  auto summary = quarry::pipeline::Run(o, Grammars());
  std::fclose(out);
  REQUIRE(summary.started);
  CHECK(summary.errors == 0);
  CHECK_FALSE(summary.sink_failed);
  std::string lib = ReadFile(dir / "lib.jsonl");
  std::string cmd = std::string("'") + QUARRY_BIN + "' --grammars '" QUARRY_SOURCE_DIR "/grammars' --quiet extract " +
                    "--format jsonl --published 2025-12-01 -j 1 '" QUARRY_SOURCE_DIR "/corpus/articles' > '" +
                    (dir / "cli.jsonl") + "' 2> '" + (dir / "cli.err") + "'";
  int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  std::string cli = ReadFile(dir / "cli.jsonl");
  CHECK(!lib.empty());
  CHECK(lib == cli);
  size_t lines = static_cast<size_t>(std::count(lib.begin(), lib.end(), '\n'));
  CHECK(summary.facts == lines);
  uint64_t by_type = 0;
  for (const auto& [type, n] : summary.by_type) by_type += n;
  CHECK(by_type == summary.facts);
  // The CLI's summary line reports the same counts.
  CHECK(ReadFile(dir / "cli.err").find("quarry extract: " + std::to_string(summary.documents) + " documents (" +
                                       std::to_string(summary.inserted) + " new") != std::string::npos);
}

TEST_CASE("pipeline::Run stores into SQLite in batches and resumes", "[pipeline]") {
  TempDir dir;
  auto res = Grammars();
  auto o = CorpusOptions();
  o.db = dir / "q.db";
  o.batch = 2;  // several transactions
  auto first = quarry::pipeline::Run(o, res);
  REQUIRE(first.started);
  size_t articles = 0;
  for (const auto& e : fs::directory_iterator(QUARRY_SOURCE_DIR "/corpus/articles")) articles += e.is_regular_file();
  CHECK(first.documents == articles);
  CHECK(first.inserted == articles);
  CHECK(first.skipped == 0);
  CHECK(first.facts > 0);
  {
    SQLite::Database db(o.db, SQLite::OPEN_READONLY);
    CHECK(static_cast<uint64_t>(db.execAndGet("SELECT count(*) FROM facts").getInt64()) == first.facts);
    CHECK(db.execAndGet("SELECT status FROM runs ORDER BY id DESC LIMIT 1").getString() == "done");
    CHECK(db.execAndGet("SELECT command FROM runs ORDER BY id DESC LIMIT 1").getString() == "extract");
  }
  auto second = quarry::pipeline::Run(o, res);
  REQUIRE(second.started);
  CHECK(second.documents == 0);
  CHECK(second.skipped == articles);
  // A database that cannot be opened: nothing runs, and the error names it.
  o.db = dir / "no-such-dir/q.db";
  auto bad = quarry::pipeline::Run(o, res);
  CHECK_FALSE(bad.started);
  CHECK(bad.error.find("no-such-dir") != std::string::npos);
}

TEST_CASE("BatchRule: a batch ends after N documents or 5 seconds after its first", "[pipeline]") {
  using namespace std::chrono;
  quarry::pipeline::BatchRule rule(3);
  auto t = steady_clock::now();
  CHECK_FALSE(rule.Due(t));  // empty
  rule.Added(t);
  rule.Added(t);
  CHECK_FALSE(rule.Due(t));
  rule.Added(t);
  CHECK(rule.Due(t));
  rule.Reset();
  rule.Added(t);
  CHECK_FALSE(rule.Due(t + seconds(5)));
  CHECK(rule.Due(t + seconds(6)));
  CHECK(quarry::pipeline::BatchRule(0).docs() == 1);
}
