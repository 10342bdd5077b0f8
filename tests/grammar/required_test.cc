// Prog::BuildRequired (Note [Required atoms, cheaply]) against the equations of Note [Required
// atoms] evaluated plainly: every instruction's clause list copied, met and trimmed as written,
// memoized only per instruction. Both must number the same atoms in the same order and give
// every rule the same clauses in the same order (the matcher's trigger clause depends on it).
#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "grammar/grammar.h"
#include "grammar/prog.h"
#include "synth.h"

using namespace quarry;
using namespace quarry::grammar;
using namespace quarry::grammar::testing;

namespace {

using Clauses = std::vector<std::vector<int>>;

class PlainRequired {
 public:
  explicit PlainRequired(const Prog& p) : p_(p), either_(p.lit_sets.size()) {
    for (size_t r = 0; r < p_.rules.size(); ++r) {
      memo_.clear();
      required.push_back(Req(p_.rules[r].entry));
    }
  }
  std::vector<std::string> atoms;  // "kind:text", in the order first met
  std::vector<Clauses> required;   // per rule

 private:
  static constexpr size_t kMaxClauseAtoms = 32, kMaxClauses = 6;
  int Atom(const std::string& key) {
    auto [it, fresh] = ids_.emplace(key, static_cast<int>(atoms.size()));
    if (fresh) atoms.push_back(key);
    return it->second;
  }
  int LitAtom(int lit) { return Atom((p_.lits[lit].case_sensitive ? "case:" : "lower:") + p_.lits[lit].text); }
  static Clauses Add(Clauses c, int a) {
    std::vector<int> unit = {a};
    if (std::find(c.begin(), c.end(), unit) == c.end()) c.push_back(unit);
    return c;
  }
  static Clauses Meet(const Clauses& x, const Clauses& y) {
    Clauses out;
    for (const auto& a : x)
      for (const auto& b : y) {
        std::vector<int> u;
        std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(u));
        if (u.size() <= kMaxClauseAtoms && std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
      }
    return out;
  }
  static Clauses Trim(Clauses c) {
    std::stable_sort(c.begin(), c.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    Clauses kept;
    for (auto& x : c) {
      bool implied = false;
      for (const auto& k : kept) implied = implied || std::includes(x.begin(), x.end(), k.begin(), k.end());
      if (!implied && kept.size() < kMaxClauses) kept.push_back(x);
    }
    return kept;
  }
  Clauses Req(int pc) {
    if (auto it = memo_.find(pc); it != memo_.end()) return it->second;
    const Inst& in = p_.insts[pc];
    Clauses c;
    switch (in.op) {
      case Op::kMatch: break;
      case Op::kJmp:
      case Op::kSave:
      case Op::kTok: c = Req(in.out); break;
      case Op::kLit: {
        int a = LitAtom(in.arg);
        c = Add(Req(in.out), a);
        break;
      }
      case Op::kLitSet: {
        if (!either_[in.arg]) {
          Clauses either;
          bool first = true;
          for (const auto& m : p_.lit_sets[in.arg].members) {
            Clauses mine;
            for (int lit : m) mine = Add(mine, LitAtom(lit));
            either = first ? mine : Trim(Meet(either, mine));
            first = false;
          }
          either_[in.arg] = either;
        }
        c = Req(in.out);
        for (const auto& clause : *either_[in.arg])
          if (std::find(c.begin(), c.end(), clause) == c.end()) c.push_back(clause);
        break;
      }
      case Op::kAnn: {
        const AnnPred& a = p_.ann_preds[in.arg];
        int atom = Atom("ann:" + Prog::AnnKey(a.kind, a.label));
        c = Add(Req(in.out), atom);
        break;
      }
      case Op::kSplit: {
        Clauses x = Req(in.out);
        c = Meet(x, Req(in.out1));
        break;
      }
    }
    return memo_[pc] = Trim(c);
  }

  const Prog& p_;
  std::map<std::string, int> ids_;
  std::map<int, Clauses> memo_;
  std::vector<std::optional<Clauses>> either_;
};

void CheckAgainstPlain(const Prog& p) {
  PlainRequired plain(p);
  std::vector<std::string> atoms;
  for (const auto& a : p.req_atoms)
    atoms.push_back((a.kind == Prog::ReqAtom::kLower ? "lower:" : a.kind == Prog::ReqAtom::kCase ? "case:" : "ann:") + a.text);
  CHECK(atoms == plain.atoms);
  REQUIRE(plain.required.size() == p.rules.size());
  for (size_t r = 0; r < p.rules.size(); ++r) {
    INFO("rule " << r);
    CHECK(p.Required(static_cast<int>(r)) == plain.required[r]);
  }
}

}  // namespace

TEST_CASE("required atoms: the interned evaluation gives the plain equations' clauses") {
  // Gaps and optionals (splits whose branches agree), alternations of words (literal sets, one
  // shared through a macro), multi-word literals, annotations, nested alternatives, wide
  // alternations whose unions pass the clause size cap.
  const std::string text =
      "define verb = (\"delivered\" | \"sold\" | \"handed over\" | \"shipped\")\n"
      "define many = (\"a\" | \"b\" | \"c\" | \"d\" | \"e\" | \"f\" | \"g\" | \"h\" | \"i\" | \"j\" | \"k\" | \"l\" | \"m\" | \"n\")\n"
      "rule r1\n  set type=t\n  match _{0,3} $verb _? \"units\"\nend\n"
      "rule r2\n  set type=t\n  match <entity> _{0,4} ($verb | \"reported\" _ \"sales\") <quantity>\nend\n"
      "rule r3\n  set type=t\n  match (\"x\" \"y\" | \"x\" \"z\" | c\"Q\") _{0,2} (<period> | \"month\")? \"total\"\nend\n"
      "rule r4\n  set type=t\n  match $many $many (\"p\" \"q\" | \"r\" \"s\" | \"t\" \"u\" | \"v\" \"w\")\nend\n"
      "rule r5\n  set type=t\n  match (\"交付\" | \"销量\") <quantity>? (\"辆\" | _)\nend\n"
      "rule r6\n  set type=t\n  match [kind=number] (\"a\" | \"b\" (\"c\" | \"d\") | (\"e\" | \"f\") \"g\") $verb?\nend\n";
  std::vector<LoadError> errs;
  auto g = FromText(text, &errs);
  INFO(Errors(errs));
  REQUIRE(g);
  CheckAgainstPlain(g->prog());
}

TEST_CASE("required atoms: the interned evaluation gives the plain equations' clauses on the pack") {
  std::vector<LoadError> errs;
  auto g = Grammar::Load(QUARRY_SOURCE_DIR "/grammars", &errs);
  INFO(Errors(errs));
  REQUIRE(g);
  REQUIRE(g->prog().rules.size() > 100);
  CheckAgainstPlain(g->prog());
}
