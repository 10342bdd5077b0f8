// quarry explain [--published DATE] [--rule NAME] TEXT|FILE: what the engine saw and why each
// rule did or did not fire: tokens per sentence, annotations, accepted matches with captures,
// suppressed matches with the match that beat them, the resulting facts, the matches that gave no
// fact with the resolver's decision that dropped each, the figures not read (Note [Unread figures]
// in facts/extractor.cc) with what happened to them, and with --rule how far that rule got and
// what it expected there.
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/options.h"
#include "facts/extractor.h"

namespace quarry::cli {
namespace {

struct ExplainArgs {
  std::string input;
  std::string published;
  std::string rule;
  bool dump = false;
};

std::string TokText(const text::TextDoc& t, uint32_t b, uint32_t e) {
  if (b >= e || e > t.tokens.size()) return "";
  return std::string(NormSpan(t.tokens[b].span.begin, t.tokens[e - 1].span.end).Of(t.text));
}

std::string AnnLine(const text::TextDoc& td, const Annotation& a) {
  std::ostringstream o;
  o << "[" << a.tok_begin << "," << a.tok_end << ") " << AnnKindName(a.kind);
  if (a.kind == AnnKind::kCustom) o << " <" << a.label << ">";
  o << " \"" << a.span.Of(td.text) << "\"";
  switch (a.kind) {
    case AnnKind::kQuantity:
    case AnnKind::kChange:
    case AnnKind::kCustom:
      if (a.kind != AnnKind::kCustom || !a.unit.empty() || !a.value.IsZero()) {
        o << " value=" << a.value.ToString();
        if (a.value_hi) o << ".." << a.value_hi->ToString();
        if (!a.unit.empty()) o << " unit=" << a.unit;
        if (a.approx != Approx::kExact) o << " approx=" << ApproxSymbol(a.approx);
      }
      if (!a.period.empty()) o << (a.kind == AnnKind::kChange ? " basis=" : " period=") << a.period;
      if (a.kind == AnnKind::kCustom && !a.subkind.empty()) o << " name=" << a.subkind;
      break;
    case AnnKind::kPeriod: o << " period=" << a.period << " kind=" << a.subkind; break;
    case AnnKind::kEntity: o << " " << a.label << " (" << a.subkind << ")"; break;
  }
  return o.str();
}

void PrintMatch(const facts::Trace& tr, const grammar::Grammar& g, const grammar::Match& m, const char* indent) {
  const auto& r = g.rules()[m.rule];
  std::cout << indent << r.name << "  (" << r.id.substr(0, r.id.find(' ')) << ", stage " << r.stage << ", priority "
            << r.priority << (r.emit.empty() ? "" : ", emits <" + r.emit + ">") << ")  s" << m.sentence << " ["
            << m.tok_begin << "," << m.tok_end << ") \"" << TokText(tr.text, m.tok_begin, m.tok_end) << "\"\n";
  for (const auto& c : m.captures) {
    std::cout << indent << "    " << c.name << " = \"" << TokText(tr.text, c.tok_begin, c.tok_end) << "\"";
    if (c.annotation >= 0 && c.annotation < static_cast<int>(tr.annotations.size()))
      std::cout << "  <- " << AnnLine(tr.text, tr.annotations[c.annotation]);
    std::cout << "\n";
  }
}

// Why fact-producing matches gave no fact (the resolver's decision that dropped each), then the
// figures that look like facts but that no fact states (Note [Unread figures] in
// facts/extractor.cc), each with what happened to the matches over it.
void PrintNoFacts(const facts::Trace& tr, const grammar::Grammar& g) {
  const auto& td = tr.text;
  auto dropped_line = [&](const facts::Dropped& d) {
    return d.rule + "  s" + std::to_string(d.sentence) + " [" + std::to_string(d.tok_begin) + "," +
           std::to_string(d.tok_end) + ") \"" + TokText(td, d.tok_begin, d.tok_end) + "\": " + d.reason;
  };
  if (!tr.dropped.empty()) {
    std::cout << "no fact from:\n";
    for (const auto& d : tr.dropped) std::cout << "  " << dropped_line(d) << "\n";
  }
  if (tr.unread.empty()) return;
  std::cout << "not read (" << tr.unread.size() << " figures that look like facts, stated by no fact):\n";
  for (uint32_t i : tr.unread) {
    const Annotation& a = tr.annotations[i];
    uint32_t sentence = a.tok_begin < td.tokens.size() ? td.tokens[a.tok_begin].sentence : 0;
    std::cout << "  s" << sentence << " " << AnnLine(td, a) << "\n";
    auto over = [&](uint32_t b, uint32_t e) { return b < a.tok_end && a.tok_begin < e; };
    bool told = false;
    for (const auto& d : tr.dropped)
      if (over(d.tok_begin, d.tok_end)) {
        std::cout << "      " << d.rule << ": " << d.reason << "\n";
        told = true;
      }
    for (const auto& sp : tr.matches.suppressed) {
      const auto& r = g.rules()[sp.match.rule];
      if (!r.emit.empty() || !over(sp.match.tok_begin, sp.match.tok_end)) continue;
      std::cout << "      " << r.id << ": suppressed";
      if (sp.winner >= 0 && sp.winner < static_cast<int>(tr.matches.matches.size()))
        std::cout << " by " << g.rules()[tr.matches.matches[sp.winner].rule].id << " (" << sp.reason << ")";
      std::cout << "\n";
      told = true;
    }
    if (!told) {
      bool matched = false;
      for (const auto& m : tr.matches.matches)
        if (g.rules()[m.rule].emit.empty() && over(m.tok_begin, m.tok_end)) matched = true;
      std::cout << (matched ? "      a fact rule matched over it, but its value is another figure\n"
                            : "      no fact rule matched it (explain --rule NAME shows how far a rule got)\n");
    }
  }
}

void Explain(Context& ctx, const ExplainArgs& args) {
  if (!CheckPublished("explain", args.published)) {
    ctx.exit_code = kExitUsage;
    return;
  }
  auto res = LoadResources(ctx);
  if (!res) return;
  const auto& g = *res->grammar;
  if (!args.rule.empty() && g.FindRule(args.rule) < 0) {
    PrintError("explain: no rule named '" + args.rule + "' in " + res->grammar_dir);
    ctx.exit_code = kExitUsage;
    return;
  }
  facts::ExtractOptions opts;
  opts.published_override = args.published;
  facts::Extractor ex(res, opts);
  ReadDocuments(ctx, args.input, args.published, true, [&](const Document& doc) {
    std::vector<Fact> facts;
    facts::Trace tr;
    ex.Extract(doc, &facts, &tr);
    const auto& td = tr.text;
    std::cout << "== " << doc.id << (doc.published.empty() ? "" : " (published " + doc.published + ")") << "\n";
    std::cout << "tokens:\n";
    for (uint32_t s = 0; s < td.sentences.size(); ++s) {
      const auto& S = td.sentences[s];
      std::cout << "  s" << s << ":";
      for (uint32_t t = S.tok_begin; t < S.tok_end; ++t)
        std::cout << " " << t << ":" << td.TokenText(td.tokens[t]) << "/" << text::TokenKindName(td.tokens[t].kind);
      std::cout << "\n";
    }
    std::cout << "annotations:\n";
    for (const auto& a : tr.annotations) std::cout << "  " << AnnLine(td, a) << "\n";
    std::cout << "matches:\n";
    if (tr.matches.matches.empty()) std::cout << "  (none)\n";
    for (const auto& m : tr.matches.matches) PrintMatch(tr, g, m, "  ");
    if (!tr.matches.suppressed.empty()) {
      std::cout << "suppressed:\n";
      for (const auto& s : tr.matches.suppressed) {
        PrintMatch(tr, g, s.match, "  ");
        if (s.winner >= 0 && s.winner < static_cast<int>(tr.matches.matches.size())) {
          const auto& w = tr.matches.matches[s.winner];
          std::cout << "      beaten by " << g.rules()[w.rule].name << " [" << w.tok_begin << "," << w.tok_end
                    << ") (" << s.reason << ")\n";
        }
      }
    }
    for (uint32_t s : tr.matches.capped_sentences)
      std::cout << "warning: sentence s" << s << " hit the matcher's step cap; matching stopped early there\n";
    std::cout << "facts:\n";
    if (facts.empty()) std::cout << "  (none)\n";
    for (const auto& f : facts) {
      std::cout << "  " << f.type << " subject=" << f.subject;
      if (!f.object.empty()) std::cout << " object=" << f.object;
      if (!f.location.empty()) std::cout << " location=" << f.location;
      std::cout << " value=" << f.value.ToString() << " unit=" << f.unit << " period=" << (f.period.empty() ? "-" : f.period)
                << " approx=" << ApproxSymbol(f.approx) << " modality=" << f.modality;
      if (!f.qualifiers.empty()) {
        std::cout << " qualifiers=";
        for (size_t i = 0; i < f.qualifiers.size(); ++i) std::cout << (i ? "," : "") << f.qualifiers[i];
      }
      std::cout << "  span=[" << f.span.begin << "," << f.span.end << ") rule=" << f.rule << "\n";
    }
    PrintNoFacts(tr, g);
    if (!args.rule.empty()) {
      std::cout << "rule " << args.rule << ":\n";
      if (args.dump) {
        std::istringstream d(g.Dump(args.rule));
        for (std::string line; std::getline(d, line);) std::cout << "  | " << line << "\n";
      }
      auto traces = g.Trace(td, tr.annotations, args.rule);
      if (traces.empty()) std::cout << "  never got past its first element in any sentence\n";
      for (const auto& t : traces) {
        std::cout << "  s" << t.sentence << ": from token " << t.start_tok;
        if (t.expected == "(matched)") {
          std::cout << " matched \"" << TokText(td, t.start_tok, t.furthest_tok) << "\"\n";
          continue;
        }
        std::cout << " got \"" << TokText(td, t.start_tok, t.furthest_tok) << "\", then at token " << t.furthest_tok;
        if (t.furthest_tok < td.sentences[t.sentence].tok_end)
          std::cout << " \"" << td.TokenText(td.tokens[t.furthest_tok]) << "\"";
        std::cout << " expected " << t.expected << "\n";
      }
    }
  });
}

}  // namespace

void RegisterExplain(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExplainArgs>();
  auto* cmd = app.add_subcommand("explain", "Explain what the engine saw and why rules fired (tokens, annotations, "
                                            "matches with captures, suppressed matches, facts, then why "
                                            "matches gave no fact: the veto or resolver decision, and the "
                                            "figures not read with what happened to them)");
  cmd->add_option("TEXT|FILE", args->input, "Text to explain, or a document file, or - for JSONL on stdin")->required();
  AddPublished(cmd, &args->published);
  cmd->add_option("--rule", args->rule, "Show how far this rule got in each sentence and what it expected")
      ->type_name("NAME");
  cmd->add_flag("--dump", args->dump, "With --rule: also print the rule's compiled program");
  cmd->callback([&ctx, args] { Explain(ctx, *args); });
}

}  // namespace quarry::cli
