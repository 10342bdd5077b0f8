// Replays every input that ever failed a fuzz target (tests/fuzz/regressions/<target>/*) through
// the same target body (tests/fuzz/targets.h), so a fixed bug stays fixed under ctest and ASan.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz/targets.h"

namespace fs = std::filesystem;

namespace {

int Replay(const std::string& target, const std::string& bytes) {
  auto* d = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size();
  if (target == "analyze") return quarry::fuzz::AnalyzeOne(d, n);
  if (target == "annotate") return quarry::fuzz::AnnotateOne(d, n);
  if (target == "decimal") return quarry::fuzz::DecimalOne(d, n);
  if (target == "grammar") return quarry::fuzz::GrammarOne(d, n);
  if (target == "html") return quarry::fuzz::ReaderOne(d, n, ".html");
  if (target == "jsonl") return quarry::fuzz::JsonlOne(d, n);
  if (target == "warc") return quarry::fuzz::ReaderOne(d, n, ".warc");
  if (target == "warc_gz") return quarry::fuzz::ReaderOne(d, n, ".warc.gz");
  if (target == "claims") return quarry::fuzz::ClaimsOne(d, n);
  if (target == "pack") return quarry::fuzz::PackOne(d, n);
  if (target == "verify") return quarry::fuzz::VerifyOne(d, n);
  if (target == "extract") return quarry::fuzz::ExtractOne(d, n, QUARRY_SOURCE_DIR "/grammars");
  FAIL("tests/fuzz/regressions/" << target << ": no such fuzz target");
  return -1;
}

}  // namespace

TEST_CASE("fuzz regressions") {
  fs::path root = fs::path(QUARRY_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  int replayed = 0;
  if (!fs::is_directory(root)) return;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename() != "README.md") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    std::string target = p.parent_path().filename().string();
    std::ifstream f(p, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    INFO(p.string());
    CHECK(Replay(target, bytes) == 0);
    ++replayed;
  }
  WARN("replayed " << replayed << " fuzz regressions");
}
