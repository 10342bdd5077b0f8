// Differential test: thousands of random rules over random token sequences with random
// annotations; the Pike VM (match.cc, via the compiler) and the reference matcher (reference.cc,
// straight from the syntax tree) must find the same candidates, and Grammar::Run must accept
// the same matches the conflict policy picks from the reference's candidates.
#include <catch2/catch.hpp>

#include <random>
#include <sstream>

#include "grammar/match.h"
#include "grammar/reference.h"
#include "synth.h"

using namespace quarry;
using namespace quarry::grammar;
using namespace quarry::grammar::testing;

namespace {

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Coin(int pct) { return Int(1, 100) <= pct; }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[Int(0, static_cast<int>(v.size()) - 1)]; }

  std::string Atom() {
    static const std::vector<std::string> kAtoms = {
        "\"a\"", "\"b\"", "\"c\"", "\"a b\"", "\"交付\"", "c\"A\"", "_", "[kind=number]", "[lower=a|b]",
        "[kind=cjk]", "/[ab]/", "/A/i", "!\"a\"", "![kind=number]", "[kind=word & lower!=c]", "<quantity>",
        "<quantity value>1>", "<quantity unit=vehicle>", "<entity>", "<entity kind=brand>", "\"ab\"", "\"1,2\""};
    return Pick(kAtoms);
  }
  std::string Elem(int depth) {
    std::string e;
    int k = Int(0, 9);
    if (depth < 3 && k == 0) {
      int n = Int(2, 3);
      e = "(";
      for (int i = 0; i < n; ++i) e += (i ? " | " : "") + Seq(depth + 1);
      e += ")";
    } else if (depth < 3 && k == 1) {
      e = "(" + Seq(depth + 1) + ")";
    } else {
      e = Atom();
    }
    int q = Int(0, 9);
    if (q == 0) e += "?";
    else if (q == 1) e += "{" + std::to_string(Int(0, 1)) + "," + std::to_string(Int(1, 3)) + "}";
    else if (q == 2) e += "{2}";
    if (Coin(10)) e = Pick(std::vector<std::string>{"subject", "value", "x"}) + ":" + e;
    return e;
  }
  std::string Seq(int depth) {
    int n = Int(1, 3);
    std::string s;
    for (int i = 0; i < n; ++i) s += (i ? " " : "") + Elem(depth);
    return s;
  }

  std::vector<std::string> Tokens() {
    static const std::vector<std::string> kToks = {"a", "b", "c", "A", "1", "2", ",", "交", "+付", "交付", "+b", "x"};
    int n = Int(1, 14);
    std::vector<std::string> t;
    for (int i = 0; i < n; ++i) {
      std::string s = Pick(kToks);
      if (i == 0 && s[0] == '+') s = s.substr(1);
      t.push_back(s);
    }
    return t;
  }
  std::vector<Annotation> Anns(const text::TextDoc& d) {
    std::vector<Annotation> out;
    uint32_t n = static_cast<uint32_t>(d.tokens.size());
    int k = Int(0, 4);
    for (int i = 0; i < k; ++i) {
      uint32_t b = static_cast<uint32_t>(Int(0, static_cast<int>(n) - 1));
      uint32_t e = std::min<uint32_t>(n, b + static_cast<uint32_t>(Int(1, 3)));
      Annotation a = Ann(Coin(50) ? AnnKind::kQuantity : AnnKind::kEntity, b, e, d);
      a.value = Decimal(Int(0, 3));
      a.unit = Coin(50) ? "vehicle" : "";
      a.subkind = Coin(50) ? "brand" : "model";
      a.label = "E";
      out.push_back(a);
    }
    std::stable_sort(out.begin(), out.end(), [](const Annotation& x, const Annotation& y) {
      return x.tok_begin != y.tok_begin ? x.tok_begin < y.tok_begin : x.tok_end > y.tok_end;
    });
    return out;
  }

 private:
  std::mt19937 rng_;
};

std::string Show(const std::vector<Candidate>& c) {
  std::ostringstream o;
  for (const auto& x : c) o << "r" << x.rule << "[" << x.begin << "," << x.end << ") ";
  return o.str();
}

std::vector<Candidate> Sorted(std::vector<Candidate> c) {
  std::sort(c.begin(), c.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.rule, a.begin, a.end) < std::tie(b.rule, b.begin, b.end);
  });
  return c;
}

}  // namespace

TEST_CASE("differential: Pike VM and reference matcher agree on random rules and inputs") {
  Gen gen(20261128);
  int grammars = 0, inputs = 0, with_matches = 0;
  for (int gi = 0; gi < 1500; ++gi) {
    int nrules = gen.Int(1, 3);
    std::string text;
    std::vector<std::string> patterns;
    for (int r = 0; r < nrules; ++r) {
      std::string pat = gen.Seq(0);
      patterns.push_back(pat);
      text += "rule r" + std::to_string(r) + "\n  priority " + std::to_string(gen.Int(0, 2)) +
              "\n  set type=t\n  match " + pat + "\nend\n";
    }
    std::vector<LoadError> errs;
    auto g = FromText(text, &errs);
    if (!g) {
      // Only one load error is legitimate for random rules: a rule matching the empty sequence.
      for (const auto& e : errs) {
        INFO(text << "\n" << e.ToString());
        CHECK(e.message.find("can match an empty sequence") != std::string::npos);
      }
      continue;
    }
    ++grammars;
    std::vector<Node> asts(nrules);
    for (int r = 0; r < nrules; ++r) {
      std::vector<LoadError> perr;
      REQUIRE(ParsePattern(patterns[r], "p", &asts[r], &perr));
    }
    for (int ii = 0; ii < 4; ++ii) {
      ++inputs;
      auto d = MakeDoc(gen.Tokens());
      auto anns = gen.Anns(d);
      SentenceView v = WholeView(d, anns);
      Matcher m(g->prog());
      std::vector<int> all;
      for (int r = 0; r < nrules; ++r) all.push_back(r);
      std::vector<Candidate> vm;
      REQUIRE(m.Run(v, all, &vm));
      std::vector<Candidate> ref;
      for (int r = 0; r < nrules; ++r) {
        auto c = ReferenceCandidates(asts[r], r, v);
        REQUIRE(c);
        ref.insert(ref.end(), c->begin(), c->end());
      }
      // The same run with the document's lexicon answers (Note [Lexicon]) instead of text lookups.
      DocIndex index;
      index.Build(g->prog(), d);
      SentenceView vi = v;
      vi.index = &index;
      std::vector<Candidate> vm_indexed;
      REQUIRE(m.Run(vi, all, &vm_indexed));
      // The same rules as the one stage they are, through the stage's slices of the first sets
      // and the prefilter's triggers (Note [Stage index]) rather than the rule list.
      REQUIRE(g->prog().stages.size() == 1);
      std::vector<Candidate> vm_staged;
      REQUIRE(m.RunStage(vi, 0, &vm_staged));
      vm = Sorted(vm);
      vm_indexed = Sorted(vm_indexed);
      vm_staged = Sorted(vm_staged);
      ref = Sorted(ref);
      INFO("rules:\n" << text << "tokens: " << d.text << "\nannotations: " << anns.size());
      REQUIRE(Show(vm) == Show(ref));
      REQUIRE(Show(vm_indexed) == Show(ref));
      REQUIRE(Show(vm_staged) == Show(ref));
      if (!vm.empty()) ++with_matches;
      // Captures lie inside their match; an annotation capture spans exactly its annotation.
      for (const auto& c : vm)
        for (const auto& cap : c.captures) {
          CHECK(cap.tok_begin >= c.begin);
          CHECK(cap.tok_end <= c.end);
          if (cap.annotation >= 0) {
            CHECK(anns[cap.annotation].tok_begin == cap.tok_begin);
            CHECK(anns[cap.annotation].tok_end == cap.tok_end);
          }
        }
      // The whole Run path accepts what the conflict policy picks from the reference's set.
      std::vector<Match> acc_ref;
      std::vector<Suppressed> sup_ref;
      ResolveConflicts(g->prog(), ref, 0, &acc_ref, &sup_ref);
      MatchResult res;
      auto anns2 = anns;
      g->Run(d, &anns2, &res);
      REQUIRE(res.matches.size() == acc_ref.size());
      for (size_t k = 0; k < acc_ref.size(); ++k) {
        CHECK(res.matches[k].rule == acc_ref[k].rule);
        CHECK(res.matches[k].tok_begin == acc_ref[k].tok_begin);
        CHECK(res.matches[k].tok_end == acc_ref[k].tok_end);
      }
      CHECK(res.suppressed.size() == sup_ref.size());
    }
  }
  // The generator must exercise the engine, not produce nothing.
  CHECK(grammars > 1000);
  CHECK(with_matches > inputs / 4);
  WARN("differential: " << grammars << " grammars, " << inputs << " inputs, " << with_matches << " with matches");
}
