// Matcher behaviour on synthetic sentences: elements, captures, annotations, CJK joins,
// conflicts, stages and emitted annotations.
#include <catch2/catch.hpp>

#include "grammar/match.h"
#include "synth.h"

using namespace quarry;
using namespace quarry::grammar;
using namespace quarry::grammar::testing;

namespace {

std::string RuleWith(const std::string& pattern, const std::string& name = "r", const std::string& extra = "") {
  return "rule " + name + "\n  set type=t\n" + extra + "  match " + pattern + "\nend\n";
}

// Accepted matches as "rule[b,e)" strings.
std::string Run(const Grammar& g, const text::TextDoc& d, std::vector<Annotation> anns = {}, MatchResult* res = nullptr) {
  MatchResult r;
  g.Run(d, &anns, &r);
  std::string s;
  for (const auto& m : r.matches) s += g.rules()[m.rule].name + "[" + std::to_string(m.tok_begin) + "," + std::to_string(m.tok_end) + ")";
  if (res) *res = r;
  return s;
}

std::unique_ptr<Grammar> G(const std::string& text) {
  std::vector<LoadError> errs;
  auto g = FromText(text, &errs);
  INFO(Errors(errs));
  REQUIRE(g);
  return g;
}

}  // namespace

TEST_CASE("literals, regexes, attributes, negation, gaps") {
  auto d = MakeDoc(Split("Leapmotor delivered 70,327 vehicles in November ."));
  CHECK(Run(*G(RuleWith("\"DELIVERED\"")), d) == "r[1,2)");
  CHECK(Run(*G(RuleWith("c\"DELIVERED\"")), d) == "");
  CHECK(Run(*G(RuleWith("c\"Leapmotor\" /deliver(ed|s)?/")), d) == "r[0,2)");
  CHECK(Run(*G(RuleWith("/DELIVERED/")), d) == "");
  CHECK(Run(*G(RuleWith("/DELIVERED/i")), d) == "r[1,2)");
  CHECK(Run(*G(RuleWith("[kind=number] [lower=vehicles|units]")), d) == "r[2,4)");
  CHECK(Run(*G(RuleWith("[shape~Xx+] _{0,3} \"vehicles\"")), d) == "r[0,4)");
  CHECK(Run(*G(RuleWith("\"delivered\" ![kind=number]")), d) == "");
  CHECK(Run(*G(RuleWith("\"delivered\" !\"vehicles\"")), d) == "r[1,3)");
  CHECK(Run(*G(RuleWith("\"in\" [flag=sentence_start]")), d) == "");
  CHECK(Run(*G(RuleWith("[flag=sentence_start] \"delivered\"")), d) == "r[0,2)");
  CHECK(Run(*G(RuleWith("\"vehicles\" \"in\"? \"november\"")), d) == "r[3,6)");
  CHECK(Run(*G(RuleWith("\"delivered\" _{2} \"in\"")), d) == "r[1,5)");
  CHECK(Run(*G(RuleWith("\"delivered\" _{1} \"in\"")), d) == "");
}

TEST_CASE("a literal matches one token or adjacent split tokens (CJK, abbreviations)") {
  auto d = MakeDoc(Split("问界 交 +付 了 +10000 辆"));
  CHECK(Run(*G(RuleWith("\"交付\"")), d) == "r[1,3)");
  CHECK(Run(*G(RuleWith("\"问界\" \"交付\" \"了\"")), d) == "r[0,4)");
  auto d2 = MakeDoc(Split("交付 了"));
  CHECK(Run(*G(RuleWith("\"交付\" \"了\"")), d2) == "r[0,2)");
  // Tokens separated by a space are not joined.
  auto d3 = MakeDoc(Split("交 付"));
  CHECK(Run(*G(RuleWith("\"交付\"")), d3) == "");
  auto d4 = MakeDoc(Split("the U +. +S +. market"));
  CHECK(Run(*G(RuleWith("\"u.s.\" \"market\"")), d4) == "r[1,6)");
}

TEST_CASE("an alternation of literals compiles to one set and matches as its branches would") {
  // Note [Literal sets]: one-word and multi-word members, split tokens, and a capture branch
  // between two runs of literals, which keeps its place in the preference order.
  auto g = G(RuleWith("(\"sold\" | \"handed over\" | \"交付\" | x:\"shipped\" | \"delivered\" | \"moved\") \"units\""));
  std::string dump = g->Dump("r");
  INFO(dump);
  CHECK(dump.find("litset {\"sold\"|\"handed\" \"over\"|\"交付\"}") != std::string::npos);
  CHECK(dump.find("litset {\"delivered\"|\"moved\"}") != std::string::npos);
  CHECK(dump.find("lit \"shipped\"") != std::string::npos);
  CHECK(Run(*g, MakeDoc(Split("it handed over 5 units"))) == "");
  CHECK(Run(*g, MakeDoc(Split("they handed over units"))) == "r[1,4)");
  CHECK(Run(*g, MakeDoc(Split("SOLD units"))) == "r[0,2)");
  CHECK(Run(*g, MakeDoc(Split("交 +付 units"))) == "r[0,3)");
  CHECK(Run(*g, MakeDoc(Split("handed units"))) == "");
  MatchResult r;
  CHECK(Run(*g, MakeDoc(Split("we shipped units")), {}, &r) == "r[1,3)");
  REQUIRE(r.matches.size() == 1);
  REQUIRE(r.matches[0].captures.size() == 1);
  CHECK(r.matches[0].captures[0].name == "x");
  CHECK(Run(*g, MakeDoc(Split("moved units"))) == "r[0,2)");
  // A case-sensitive literal starts a run of its own.
  auto g2 = G(RuleWith("(\"a\" | c\"B\" | c\"C\" | \"d\")"));
  std::string dump2 = g2->Dump("r");
  INFO(dump2);
  CHECK(dump2.find("litset {c\"B\"|c\"C\"}") != std::string::npos);
  CHECK(Run(*g2, MakeDoc(Split("b"))) == "");
  CHECK(Run(*g2, MakeDoc(Split("C"))) == "r[0,1)");
  CHECK(Run(*g2, MakeDoc(Split("D"))) == "r[0,1)");
}

TEST_CASE("annotation elements, constraints and captures") {
  auto d = MakeDoc(Split("AITO delivered over 81,864 vehicles in November , up 20 %"));
  std::vector<Annotation> anns;
  Annotation e = Ann(AnnKind::kEntity, 0, 1, d);
  e.label = "AITO";
  e.subkind = "brand";
  Annotation q = Ann(AnnKind::kQuantity, 2, 5, d);
  q.value = Decimal(81864);
  q.unit = "vehicle";
  q.approx = quarry::Approx::kGreater;
  Annotation p = Ann(AnnKind::kPeriod, 6, 7, d);
  p.period = "XXXX-11";
  p.subkind = "month";
  Annotation c = Ann(AnnKind::kChange, 8, 11, d);
  c.value = Decimal(20);
  c.unit = "pct";
  c.period = "yoy";
  anns = {e, q, p, c};
  auto g = G(RuleWith("subject:<entity kind=brand> _{0,3} \"delivered\" value:<quantity unit=vehicle value>1000 approx> "
                      "_{0,2} period:<period kind=month>"));
  MatchResult r;
  CHECK(Run(*g, d, anns, &r) == "r[0,7)");
  REQUIRE(r.matches.size() == 1);
  const auto& caps = r.matches[0].captures;
  REQUIRE(caps.size() == 3);
  CHECK(caps[0].name == "subject");
  CHECK(caps[0].annotation == 0);
  CHECK(caps[1].name == "value");
  CHECK(caps[1].tok_begin == 2);
  CHECK(caps[1].tok_end == 5);
  CHECK(caps[1].annotation == 1);
  CHECK(caps[2].name == "period");
  CHECK(caps[2].annotation == 2);
  CHECK(Run(*G(RuleWith("<quantity value<1000>")), d, anns) == "");
  CHECK(Run(*G(RuleWith("<quantity approx=>>")), d, anns) == "r[2,5)");
  CHECK(Run(*G(RuleWith("<quantity approx=~>")), d, anns) == "");
  CHECK(Run(*G(RuleWith("<quantity unit=none>")), d, anns) == "");
  CHECK(Run(*G(RuleWith("<change basis=yoy sign=+>")), d, anns) == "r[8,11)");
  CHECK(Run(*G(RuleWith("<change sign=->")), d, anns) == "");
  CHECK(Run(*G(RuleWith("<entity name=\"aito\">")), d, anns) == "r[0,1)");
  // A token-range capture has no annotation index.
  auto g2 = G(RuleWith("x:(\"delivered\" <quantity>)"));
  CHECK(Run(*g2, d, anns, &r) == "r[1,5)");
  CHECK(r.matches[0].captures[0].annotation == -1);
}

TEST_CASE("conflicts: priority, then longest, then leftmost; suppressed matches recorded") {
  auto d = MakeDoc(Split("a b c d e"));
  auto g = G(RuleWith("\"a\" \"b\"", "short") + RuleWith("\"a\" \"b\" \"c\"", "long"));
  MatchResult r;
  CHECK(Run(*g, d, {}, &r) == "long[0,3)");
  REQUIRE(r.suppressed.size() == 1);
  CHECK(g->rules()[r.suppressed[0].match.rule].name == "short");
  CHECK(r.suppressed[0].reason == "longer");
  CHECK(r.suppressed[0].winner == 0);
  auto g2 = G(RuleWith("\"a\" \"b\"", "short", "  priority 5\n") + RuleWith("\"a\" \"b\" \"c\"", "long"));
  CHECK(Run(*g2, d, {}, &r) == "short[0,2)");
  CHECK(r.suppressed[0].reason == "priority");
  auto g3 = G(RuleWith("\"b\" \"c\"", "bc") + RuleWith("\"c\" \"d\"", "cd"));
  CHECK(Run(*g3, d, {}, &r) == "bc[1,3)");
  CHECK(r.suppressed[0].reason == "leftmost");
  // Non-overlapping matches of one rule are all accepted.
  auto d2 = MakeDoc(Split("x 1 x 2 x 3"));
  CHECK(Run(*G(RuleWith("\"x\" [kind=number]")), d2) == "r[0,2)r[2,4)r[4,6)");
}

TEST_CASE("stages: an emitted label is matched by a later stage and carries the value") {
  auto d = MakeDoc(Split("AITO sold 1,000 cars"));
  Annotation e = Ann(AnnKind::kEntity, 0, 1, d);
  e.label = "AITO";
  e.subkind = "brand";
  Annotation q = Ann(AnnKind::kQuantity, 2, 3, d);
  q.value = Decimal(1000);
  std::string rules =
      "rule fig\n  emit car_figure\n  set unit=vehicle\n  match value:<quantity> \"cars\"\nend\n"
      "rule sold\n  stage 2\n  set type=sales\n  match subject:<entity> \"sold\" value:<car_figure unit=vehicle>\nend\n";
  auto g = G(rules);
  std::vector<Annotation> anns = {e, q};
  MatchResult r;
  g->Run(d, &anns, &r);
  REQUIRE(r.matches.size() == 2);
  CHECK(g->rules()[r.matches[0].rule].name == "sold");
  const Capture* v = nullptr;
  for (const auto& c : r.matches[0].captures)
    if (c.name == "value") v = &c;
  REQUIRE(v);
  REQUIRE(v->annotation >= 0);
  const Annotation& a = anns[v->annotation];
  CHECK(a.kind == AnnKind::kCustom);
  CHECK(a.label == "car_figure");
  CHECK(a.value == Decimal(1000));
  CHECK(a.unit == "vehicle");
  // The entity annotation index still points at the entity after the re-sort.
  for (const auto& c : r.matches[0].captures)
    if (c.name == "subject") CHECK(anns[c.annotation].label == "AITO");
}

TEST_CASE("trace: how far a rule got and what it expected") {
  auto d = MakeDoc(Split("Leapmotor plans to deliver 70,327 vehicles"));
  auto g = G(RuleWith("[shape~Xx+] \"delivered\" [kind=number]", "r"));
  auto tr = g->Trace(d, {}, "r");
  REQUIRE(tr.size() == 1);
  CHECK(tr[0].start_tok == 0);
  CHECK(tr[0].furthest_tok == 1);
  CHECK(tr[0].expected == "\"delivered\"");
}

TEST_CASE("the step cap stops a sentence instead of hanging") {
  std::vector<std::string> toks(3000, "a");
  toks[0] = "b";  // present (so the sentence prefilter keeps the rule) but never after an "a"
  auto d = MakeDoc(toks);
  auto g = G(RuleWith("\"a\" _{0,50} _{0,50} \"b\""));
  MatchResult r;
  std::vector<Annotation> anns;
  g->Run(d, &anns, &r);
  CHECK(r.matches.empty());
  // 3000 tokens x ~200 instructions stays under the cap; a tiny cap shows the mechanism.
  Matcher m(g->prog());
  SentenceView v = WholeView(d, anns);  // the 3,000 tokens
  std::vector<Candidate> c;
  CHECK_FALSE(m.Run(v, {0}, &c, 1000));
  CHECK(m.Run(v, {0}, &c));
}

TEST_CASE("the sentence prefilter skips a rule only when a word it needs is absent") {
  // Every match needs one of delivered/sold, and "units": two clauses (Note [Required atoms]).
  auto g = G(RuleWith("_{0,3} (\"delivered\" | \"sold\") _? \"units\""));
  const auto& prog = g->prog();
  REQUIRE(prog.rule_clause.size() == 2);  // one rule's clauses
  std::vector<std::string> clauses;
  for (const auto& c : prog.Required(0)) {
    std::string s;
    for (int a : c) s += (s.empty() ? "" : "|") + prog.req_atoms[a].text;
    clauses.push_back(s);
  }
  std::sort(clauses.begin(), clauses.end());
  CHECK(clauses == std::vector<std::string>{"delivered|sold", "units"});

  auto with = MakeDoc(Split("NIO sold 20,000 units"));
  CHECK(Run(*g, with) == "r[0,4)");
  auto without = MakeDoc(Split("NIO sold 20,000 cars"));
  CHECK(Run(*g, without) == "");
  Matcher m(prog);
  std::vector<Annotation> none;
  std::vector<Candidate> c;
  CHECK(m.Run(WholeView(without, none), {0}, &c));
  CHECK(m.steps() == 0);  // not run at all
  CHECK(c.empty());
  CHECK(m.Run(WholeView(with, none), {0}, &c));
  CHECK(m.steps() > 0);
  CHECK(c.size() == 1);
  // An optional or alternative-with-gap word is never required.
  auto opt = G(RuleWith("\"sold\" \"units\"?"));
  REQUIRE(opt->prog().Required(0).size() == 1);
  CHECK(opt->prog().req_atoms[opt->prog().Required(0)[0][0]].text == "sold");
  auto alt = G(RuleWith("(\"sold\" | _) \"units\""));
  REQUIRE(alt->prog().Required(0).size() == 1);
  CHECK(alt->prog().req_atoms[alt->prog().Required(0)[0][0]].text == "units");
}

// Note [Token bits]: predicates on kind, flags and word forms are answered from per-token bit
// sets over word ids; these hold them to the string evaluation they replace.
TEST_CASE("token bits agree with evaluating each token predicate on the token's text") {
  auto g = G(RuleWith("[kind=number] [lower=vehicles|units] _ [text=In|in] !\"november\"", "a") +
             RuleWith("[flag=sentence_start & lower=the] [kind!=punct]", "b") +
             RuleWith("(c\"BYD\" | [lower=it|they] | [shape~Xx+]) [flag=space_before]", "c"));
  const Prog& prog = g->prog();
  CHECK(prog.n_tok_bits > 0);
  CHECK(prog.tok_bit.size() == prog.tok_preds.size());
  for (const char* text : {"The 70,327 vehicles in November .", "the Units IN it BYD byd they", "THE 5 units In december"}) {
    auto d = MakeDoc(Split(text));
    DocIndex ix;
    ix.Build(prog, d);
    REQUIRE(ix.tok_bits.size() == d.tokens.size());
    for (size_t p = 0; p < prog.tok_preds.size(); ++p) {
      if (prog.tok_bit[p] < 0) continue;
      for (uint32_t k = 0; k < d.tokens.size(); ++k) {
        INFO(text << " token " << k << " predicate " << prog.tok_preds[p].canon);
        CHECK(((ix.tok_bits[k] >> prog.tok_bit[p]) & 1) == (prog.TestTok(static_cast<int>(p), d, k) ? 1u : 0u));
      }
    }
  }
  // A shape regex has no bit: it is still evaluated on the text.
  for (size_t p = 0; p < prog.tok_preds.size(); ++p)
    if (prog.tok_preds[p].canon.find("shape") != std::string::npos) CHECK(prog.tok_bit[p] == -1);
}

TEST_CASE("a token predicate on word forms matches case-folded forms, exact text only where written") {
  auto d = MakeDoc(Split("They delivered 5 UNITS and it sold 6 units"));
  CHECK(Run(*G(RuleWith("[kind=number] [lower=units]")), d) == "r[2,4)r[7,9)");
  CHECK(Run(*G(RuleWith("[kind=number] [lower=UNITS]")), d) == "r[2,4)r[7,9)");  // values fold too
  CHECK(Run(*G(RuleWith("[kind=number] [text=units]")), d) == "r[7,9)");
  CHECK(Run(*G(RuleWith("[kind=number] [lower!=units]")), d) == "");
  CHECK(Run(*G(RuleWith("[lower=they|it] _")), d) == "r[0,2)r[5,7)");
  // The same rules as regexes (evaluated on the text, no bits) match the same tokens.
  CHECK(Run(*G(RuleWith("[kind=number] [lower~units]")), d) == "r[2,4)r[7,9)");
  CHECK(Run(*G(RuleWith("[lower~they|it] _")), d) == "r[0,2)r[5,7)");
}

TEST_CASE("a token's bits depend on the document it is in, not on the documents before") {
  auto g = G(RuleWith("[flag=sentence_start & lower=sold] [kind=number]", "a") + RuleWith("\"by\" [lower=units]", "b"));
  // "sold" first seen mid-sentence, then at a sentence start; "units" absent, then present; a
  // form absent from the grammar's words in between.
  CHECK(Run(*g, MakeDoc(Split("it sold 5 units by units"))) == "b[4,6)");
  CHECK(Run(*g, MakeDoc(Split("Sold 5 cars by Units"))) == "a[0,2)b[3,5)");
  CHECK(Run(*g, MakeDoc(Split("zzz 5 cars by cars"))) == "");
  CHECK(Run(*g, MakeDoc(Split("sold 7"))) == "a[0,2)");
  CHECK(Run(*g, MakeDoc(Split("it sold 5 units by units"))) == "b[4,6)");
  // Another program on the same thread gives the same word ids other meanings: its answers are
  // its own, and the first program's stay right after it.
  auto g2 = G(RuleWith("[lower=by] [lower=sold|units]", "c"));
  CHECK(Run(*g2, MakeDoc(Split("it sold 5 units by units"))) == "c[4,6)");
  CHECK(Run(*g, MakeDoc(Split("Sold 5 cars by Units"))) == "a[0,2)b[3,5)");
  CHECK(Run(*g2, MakeDoc(Split("Sold 5 cars by Units"))) == "c[3,5)");
}
