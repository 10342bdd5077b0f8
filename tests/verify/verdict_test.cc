// The verdict rules of docs/verify.md, tested row by row: the test reads the table from the
// document itself, so the documentation and the behaviour cannot drift apart.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "verify/verify.h"

using namespace quarry::verify;

namespace {

std::vector<std::string> Split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (;;) {
    size_t n = s.find(sep, pos);
    out.push_back(s.substr(pos, n == std::string::npos ? std::string::npos : n - pos));
    if (n == std::string::npos) break;
    pos = n + sep.size();
  }
  return out;
}

std::string Trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// "48,700", "30,000 scope BEV", "450,000 target": figure, then optional scope and modality.
struct Written {
  std::string figure, scope, modality = "actual";
};
Written ParseCell(const std::string& cell) {
  Written w;
  std::string s = cell;
  for (const char* m : {" target", " plan", " forecast"}) {
    size_t p = s.rfind(m);
    if (p != std::string::npos && p + std::string(m).size() == s.size()) {
      w.modality = std::string(m).substr(1);
      s = s.substr(0, p);
    }
  }
  size_t p = s.find(" scope ");
  if (p != std::string::npos) {
    w.scope = s.substr(p + 7);
    s = s.substr(0, p);
  }
  w.figure = Trim(s);
  return w;
}

StoredFact Stored(const Written& w, int id) {
  std::string err;
  auto f = ParseWrittenFigure(w.figure, &err);
  INFO(w.figure << ": " << err);
  REQUIRE(f);
  StoredFact s;
  s.id = id;
  s.document = id;
  s.doc_id = "doc" + std::to_string(id);
  s.subject = "BYD";
  s.type = "deliveries";
  s.period = "2025-08";
  s.value = f->value;
  s.value_text = f->value.ToString();
  s.approx = f->approx;
  s.precision_exp = f->precision_exp;
  s.scope = w.scope;
  s.modality = w.modality;
  s.rule = "test.rules:" + std::to_string(id);
  s.evidence = "sentence " + std::to_string(id);
  return s;
}

}  // namespace

TEST_CASE("docs/verify.md: every row of the verdict table holds", "[verify][verdict]") {
  std::ifstream in(std::string(QUARRY_SOURCE_DIR) + "/docs/verify.md");
  REQUIRE(in);
  std::string line;
  bool in_table = false;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.rfind("| # | claim | stored | verdict | support | rule |", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table || line.rfind("| ---", 0) == 0) continue;
    if (line.empty() || line[0] != '|') break;
    auto cells = Split(line.substr(1, line.size() - 2), "|");
    REQUIRE(cells.size() == 6);
    for (auto& c : cells) c = Trim(c);
    INFO("row " << cells[0] << ": " << line);
    Written cw = ParseCell(cells[1]);
    Claim claim;
    claim.subject = "BYD";
    claim.type = "deliveries";
    claim.period = "2025-08";
    claim.value_text = cw.figure;
    claim.scope = cw.scope;
    std::string err;
    auto fig = ParseWrittenFigure(cw.figure, &err);
    REQUIRE(fig);
    claim.figure = *fig;
    std::vector<StoredFact> stored;
    if (!cells[2].empty())
      for (const auto& item : Split(cells[2], "; ")) stored.push_back(Stored(ParseCell(item), static_cast<int>(stored.size()) + 1));
    Verdict v = Judge(claim, stored);
    INFO(v.note);
    CHECK(std::string(StatusName(v.status)) == cells[3]);
    CHECK(std::string(SupportName(v.support)) == cells[4]);
    if (v.status == Status::kContradicted) {
      // A contradiction names the figure, its document, its rule and its sentence.
      REQUIRE_FALSE(v.evidence.empty());
      CHECK(v.note.find(v.evidence.front().doc_id) != std::string::npos);
      CHECK(v.note.find(v.evidence.front().rule) != std::string::npos);
      CHECK(v.note.find(v.evidence.front().evidence) != std::string::npos);
    }
    if (v.status == Status::kNotFound && !stored.empty()) {
      // Figures of another scope or modality are named, never used.
      CHECK(v.evidence.empty());
      CHECK(v.other_scope.size() == stored.size());
      CHECK(v.note.find("another scope or modality") != std::string::npos);
    }
    ++rows;
  }
  CHECK(rows == 19);
}

TEST_CASE("verdict acceptance: bounds, rounding and scope", "[verify][verdict]") {
  auto judge = [](const char* claim_value, const char* claim_scope, std::vector<Written> stored) {
    Claim c;
    c.subject = "XPeng";
    c.type = "deliveries";
    c.period = "2025-08";
    c.value_text = claim_value;
    c.scope = claim_scope;
    std::string err;
    c.figure = *ParseWrittenFigure(claim_value, &err);
    std::vector<StoredFact> fs;
    for (auto& w : stored) fs.push_back(Stored(w, static_cast<int>(fs.size()) + 1));
    return Judge(c, fs);
  };
  // "over 37,700" never confirms 99,999 (or anything else above it).
  for (const char* v : {"99,999", "37,701", "40K", "1 million"}) {
    auto r = judge(v, "", {{"over 37,700", "", "actual"}});
    INFO(v);
    CHECK(r.status == Status::kConsistent);
    CHECK(r.support == Support::kBound);
  }
  // "48,700" in a source confirms 48,740 as rounded, and 48,700 exactly.
  auto r = judge("48,740", "", {{"48,700", "", "actual"}});
  CHECK(r.status == Status::kConfirmed);
  CHECK(r.support == Support::kRounded);
  CHECK(judge("48,751", "", {{"48,700", "", "actual"}}).status == Status::kContradicted);
  CHECK(judge("48,649", "", {{"48,700", "", "actual"}}).status == Status::kContradicted);
  // 48,750 is itself rounded ([48745, 48755)): it meets [48650, 48750) within both roundings.
  CHECK(judge("48,750", "", {{"48,700", "", "actual"}}).support == Support::kRounded);
  // A BEV figure never contradicts a total claim, whatever its value; a total does.
  for (const char* v : {"1", "48,740", "500,000"}) {
    INFO(v);
    CHECK(judge(v, "", {{"30,123", "BEV", "actual"}}).status == Status::kNotFound);
  }
  CHECK(judge("30,123", "BEV", {{"48,740", "", "actual"}}).status == Status::kNotFound);
  CHECK(judge("48,740", "", {{"30,123", "BEV", "actual"}, {"51,000", "", "actual"}}).status ==
        Status::kContradicted);
}
