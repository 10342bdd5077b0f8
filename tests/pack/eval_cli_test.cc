// quarry eval as a command: nothing to score against is an error (exit 2), never a perfect score;
// the per-rule table gives precision, recall and F1, with a "(no rule)" row for misses no rule
// came near.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Dir {
  fs::path path;
  Dir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("quarry-eval-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

struct Run {
  int code = -1;
  std::string out, err;
};

// quarry --grammars <project grammars> eval ARGS (ARGS are paths under `dir`, no quoting needed).
Run Eval(const Dir& dir, const std::string& args) {
  std::string cmd = "'" + std::string(QUARRY_BIN) + "' --grammars '" + std::string(QUARRY_SOURCE_DIR) +
                    "/grammars' eval " + args + " >'" + (dir / "out.txt") + "' 2>'" + (dir / "err.txt") + "'";
  int status = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Read(dir / "out.txt");
  r.err = Read(dir / "err.txt");
  return r;
}

}  // namespace

TEST_CASE("eval: no gold facts for the inputs is a one-line error, exit 2, even with --min-f1") {
  Dir dir;
  fs::create_directories(dir / "empty");
  fs::create_directories(dir / "articles");
  fs::create_directories(dir / "gold");
  fs::create_directories(dir / "nogold");
  Write(dir / "articles/a.txt", "NIO monthly update\nNIO delivered 36,275 vehicles in November.\n");
  Write(dir / "gold/a.jsonl", R"({"type":"deliveries","subject":"NIO","value":36275,"period":"2025-11"})" "\n");
  Write(dir / "gold/other.jsonl", R"({"type":"deliveries","subject":"XPeng","value":1})" "\n");
  for (const std::string& args : {dir / "empty" + " --gold " + dir / "gold" + " --min-f1 0.99",
                                  dir / "articles" + " --gold " + dir / "nogold" + " --min-f1 0.99",
                                  dir / "articles/a.txt --gold " + dir / "nogold"}) {
    auto r = Eval(dir, args);
    INFO(args << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find("no gold facts") != std::string::npos);
    CHECK(r.err.find(args.find("nogold") != std::string::npos ? dir / "nogold" : dir / "gold") != std::string::npos);
    CHECK(r.out.find("1.000") == std::string::npos);  // no score printed
  }
  // With gold for the input, it scores (and a gold file for another article is not counted).
  auto r = Eval(dir, dir / "articles --gold " + dir / "gold" + " --published 2025-12-01 --min-f1 0.99");
  INFO(r.out << r.err);
  CHECK(r.code == 0);
}

TEST_CASE("eval: precision, recall and F1 per rule, and a (no rule) row for misses no rule came near") {
  Dir dir;
  fs::create_directories(dir / "articles");
  fs::create_directories(dir / "gold");
  Write(dir / "articles/a.txt", "NIO monthly update\nNIO delivered 36,275 vehicles in November.\n");
  // The period is wrong on purpose: the rule that read 36,275 gets the miss; 99,999 is in no text.
  Write(dir / "gold/a.jsonl", R"({"type":"deliveries","subject":"NIO","value":36275,"period":"2025-10"})" "\n"
                              R"({"type":"orders","subject":"NIO","value":99999})" "\n");
  auto r = Eval(dir, dir / "articles --gold " + dir / "gold" + " --published 2025-12-01");
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  std::istringstream in(r.out);
  std::string line, header, rule_row, none_row;
  bool in_rules = false;
  while (std::getline(in, line)) {
    if (line.rfind("per rule", 0) == 0) {
      header = line;
      in_rules = true;
      continue;
    }
    if (line.rfind("per type", 0) == 0) in_rules = false;
    if (!in_rules) continue;
    if (line.find("(no rule)") != std::string::npos) none_row = line;
    else if (line.find(".rules:") != std::string::npos) rule_row = line;
  }
  CHECK(header.find("prec") != std::string::npos);
  CHECK(header.find("recall") != std::string::npos);
  CHECK(header.find("f1") != std::string::npos);
  // The rule: gold 1 (its miss), pred 1, tp 0: precision, recall and F1 0.
  std::istringstream rr(rule_row);
  std::string name, gold, pred, tp, p, rec, f1;
  rr >> name >> name >> gold >> pred >> tp >> p >> rec >> f1;
  CHECK(gold == "1");
  CHECK(pred == "1");
  CHECK(tp == "0");
  CHECK(p == "0.000");
  CHECK(rec == "0.000");
  CHECK(f1 == "0.000");
  std::istringstream nr(none_row);
  nr >> name >> name >> gold >> pred >> tp >> p >> rec >> f1;
  CHECK(name == "rule)");
  CHECK(gold == "1");
  CHECK(pred == "0");
  CHECK(p == "-");
  CHECK(rec == "0.000");
}
