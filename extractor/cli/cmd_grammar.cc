// quarry grammar check|test [DIR]: `check` loads and validates the grammar folder (rules and
// gazetteer) and prints every error; `test` runs every example of every rule through the full
// pipeline and reports each failure precisely (Duckling-style: no match, partial match, wrong
// slot value, N ambiguous facts, fired on a negative example) and every rule with no example.
#include <algorithm>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/options.h"
#include "facts/extractor.h"

namespace quarry::cli {
namespace {

std::string Dir(const Context& ctx, const std::string& arg) {
  return arg.empty() ? GrammarDir(ctx) : arg;
}

std::shared_ptr<const facts::Resources> Load(const std::string& dir, Context& ctx) {
  std::vector<std::string> errors;
  auto res = facts::Resources::Load(dir, &errors);
  if (!res) {
    for (const auto& e : errors) std::cerr << e << "\n";
    std::cerr << "quarry: " << dir << ": " << errors.size() << " error" << (errors.size() == 1 ? "" : "s") << "\n";
    ctx.exit_code = kExitUsage;
  }
  return res;
}

void Check(Context& ctx, const std::string& arg) {
  std::string dir = Dir(ctx, arg);
  auto res = Load(dir, ctx);
  if (!res) return;
  const auto& g = *res->grammar;
  std::set<int> stages;
  for (const auto& r : g.rules()) stages.insert(r.stage);
  size_t examples = 0;
  for (const auto& r : g.rules()) examples += r.examples.size();
  std::cout << dir << ": ok, " << g.file_count() << " rule files, " << g.rules().size() << " rules, " << stages.size()
            << " stage" << (stages.size() == 1 ? "" : "s") << ", " << examples << " examples, "
            << res->gazetteer->entities().size() << " gazetteer entities, version " << res->version << "\n";
}

// A fact's value for slot `key`, canonical.
std::string SlotOf(const Fact& f, const std::string& key) {
  if (key == "subject") return f.subject;
  if (key == "object") return f.object;
  if (key == "location") return f.location;
  if (key == "value") return f.value.ToString();
  if (key == "unit") return f.unit;
  if (key == "period") return f.period;
  if (key == "type") return f.type;
  if (key == "modality") return f.modality;
  if (key == "approx") return ApproxSymbol(f.approx);
  if (key == "qualifier") {
    std::vector<std::string> q = f.qualifiers;
    std::sort(q.begin(), q.end());
    std::string s;
    for (const auto& x : q) s += (s.empty() ? "" : ",") + x;
    return s;
  }
  return "";
}

// The expected value in the same canonical form as SlotOf.
std::string Expected(const facts::Resources& res, const std::string& key, const std::string& v) {
  if (key == "subject" || key == "object" || key == "location") {
    if (const auto* e = res.gazetteer->Find(v)) return e->name;
    return v;
  }
  if (key == "value") {
    if (auto d = Decimal::Parse(v)) return d->Normalized().ToString();
    return v;
  }
  if (key == "qualifier") {
    std::vector<std::string> q;
    std::stringstream ss(v);
    std::string item;
    while (std::getline(ss, item, ','))
      if (!item.empty()) q.push_back(item);
    std::sort(q.begin(), q.end());
    std::string s;
    for (const auto& x : q) s += (s.empty() ? "" : ",") + x;
    return s;
  }
  return v;
}

std::string Summary(const Fact& f) {
  std::ostringstream o;
  o << "{type=" << f.type << " subject=" << f.subject;
  if (!f.object.empty()) o << " object=" << f.object;
  o << " value=" << f.value.ToString();
  if (!f.unit.empty()) o << " unit=" << f.unit;
  if (!f.period.empty()) o << " period=" << f.period;
  if (f.approx != Approx::kExact) o << " approx=" << ApproxSymbol(f.approx);
  o << " modality=" << f.modality << "}";
  return o.str();
}

std::string TokText(const text::TextDoc& t, uint32_t b, uint32_t e) {
  if (b >= e || e > t.tokens.size()) return "";
  return std::string(NormSpan(t.tokens[b].span.begin, t.tokens[e - 1].span.end).Of(t.text));
}

struct Tally {
  int examples = 0, failed = 0;
};

// Runs one example of rule `ri`; returns "" on success, else the failure description.
std::string RunExample(const facts::Resources& res, facts::Extractor& ex, int ri, const grammar::Example& e) {
  const auto& rule = res.grammar->rules()[ri];
  Document doc;
  doc.id = "example";
  doc.raw = e.text;
  std::vector<Fact> facts;
  facts::Trace tr;
  ex.Extract(doc, &facts, &tr);
  std::vector<const Fact*> mine;
  for (const auto& f : facts)
    if (f.rule == rule.id) mine.push_back(&f);
  bool matched = false;
  for (const auto& m : tr.matches.matches)
    if (m.rule == ri) matched = true;
  std::string beaten;
  for (const auto& s : tr.matches.suppressed)
    if (s.match.rule == ri && s.winner >= 0 && s.winner < static_cast<int>(tr.matches.matches.size())) {
      const auto& w = tr.matches.matches[s.winner];
      beaten = " (its match lost to " + res.grammar->rules()[w.rule].name + ": " + s.reason + ")";
    }
  bool emits = !rule.emit.empty();
  if (e.negative) {
    if (emits) return matched ? "fired on a negative example" : "";
    if (mine.empty()) return "";
    return "fired on a negative example: got " + Summary(*mine[0]);
  }
  if (emits) {
    // An emitting rule's example checks that it matched; its slots are read from the emitted
    // annotation.
    if (!matched) goto no_match;
    for (const auto& m : tr.matches.matches) {
      if (m.rule != ri) continue;
      const Annotation* a = nullptr;
      for (const auto& ann : tr.annotations)
        if (ann.kind == AnnKind::kCustom && ann.label == rule.emit && ann.tok_begin == m.tok_begin && ann.tok_end == m.tok_end)
          a = &ann;
      if (!a) continue;
      for (const auto& [k, v] : e.expect) {
        std::string got = k == "value" ? a->value.ToString() : k == "unit" ? a->unit : k == "period" ? a->period
                        : k == "subject" ? a->subkind : k == "approx" ? ApproxSymbol(a->approx) : v;
        std::string want = Expected(res, k, v);
        if (got != want) return "wrong slot value: expected " + k + "=" + want + " got " + (got.empty() ? "(none)" : got);
      }
      return "";
    }
    return "matched but emitted nothing";
  }
  if (!mine.empty()) {
    std::vector<const Fact*> full;
    for (const Fact* f : mine) {
      bool ok = true;
      for (const auto& [k, v] : e.expect)
        if (k != "scope" && k != "subject2" && SlotOf(*f, k) != Expected(res, k, v)) ok = false;
      if (ok) full.push_back(f);
    }
    if (full.size() == 1) return "";
    if (full.size() > 1) {
      std::string s = std::to_string(full.size()) + " ambiguous facts:";
      for (const Fact* f : full) s += " " + Summary(*f);
      return s;
    }
    // Report the closest fact's first differing slot.
    const Fact* best = mine[0];
    int best_ok = -1;
    for (const Fact* f : mine) {
      int ok = 0;
      for (const auto& [k, v] : e.expect) ok += SlotOf(*f, k) == Expected(res, k, v);
      if (ok > best_ok) {
        best_ok = ok;
        best = f;
      }
    }
    std::string s;
    for (const auto& [k, v] : e.expect) {
      if (k == "scope" || k == "subject2") continue;
      std::string got = SlotOf(*best, k), want = Expected(res, k, v);
      if (got != want) s += (s.empty() ? "" : "; ") + std::string("expected ") + k + "=" + want + " got " + (got.empty() ? "(none)" : got);
    }
    return "wrong slot value: " + s;
  }
  if (matched) return "matched but produced no fact (no value annotation, or no subject in context)" + beaten;
no_match:
  if (!beaten.empty()) return "no match" + beaten;
  {
    auto traces = res.grammar->Trace(tr.text, tr.annotations, rule.name);
    const grammar::RuleTrace* best = nullptr;
    for (const auto& t : traces)
      if (!best || t.furthest_tok - t.start_tok > best->furthest_tok - best->start_tok) best = &t;
    if (best && best->furthest_tok > best->start_tok)
      return "partial match (got \"" + TokText(tr.text, best->start_tok, best->furthest_tok) + "\", then expected " +
             best->expected + ")";
  }
  return "no match";
}

void Test(Context& ctx, const std::string& arg, bool verbose) {
  std::string dir = Dir(ctx, arg);
  auto res = Load(dir, ctx);
  if (!res) return;
  facts::Extractor ex(res);
  const auto& rules = res->grammar->rules();
  Tally t;
  std::vector<std::string> missing;
  for (size_t ri = 0; ri < rules.size(); ++ri) {
    const auto& r = rules[ri];
    bool has_positive = false;
    for (const auto& e : r.examples) {
      has_positive |= !e.negative;
      ++t.examples;
      std::string why = RunExample(*res, ex, static_cast<int>(ri), e);
      if (!why.empty()) {
        ++t.failed;
        std::cout << "FAIL " << e.file << ":" << e.line << " " << r.name << ": " << (e.negative ? "not " : "example ")
                  << "\"" << e.text << "\": " << why << "\n";
      } else if (verbose) {
        std::cout << "ok   " << e.file << ":" << e.line << " " << r.name << "\n";
      }
    }
    if (r.examples.empty()) missing.push_back(r.id + ": no example");
    else if (!has_positive) missing.push_back(r.id + ": no positive example");
  }
  for (const auto& m : missing) std::cout << "MISSING " << m << "\n";
  std::cout << dir << ": " << t.examples << " examples, " << (t.examples - t.failed) << " passed, " << t.failed
            << " failed; " << missing.size() << " of " << rules.size() << " rules without a (positive) example\n";
  if (t.failed > 0) ctx.exit_code = kExitFindings;
}

}  // namespace

void RegisterGrammar(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("grammar", "Check grammar files or run their examples");
  cmd->require_subcommand(1);
  static std::string check_dir, test_dir;
  static bool verbose = false;
  auto* check = cmd->add_subcommand("check", "Validate the rule files and gazetteer of DIR (default: --grammars); "
                                             "prints every error as file:line:col: message, exit 2 on errors");
  check->add_option("DIR", check_dir, "Grammar folder")->type_name("DIR");
  check->callback([&ctx] { Check(ctx, check_dir); });
  auto* test = cmd->add_subcommand("test", "Run every rule's examples through the full pipeline; exit 1 when any "
                                           "fails; lists rules without examples");
  test->add_option("DIR", test_dir, "Grammar folder")->type_name("DIR");
  test->add_flag("-v,--verbose", verbose, "Also list passing examples");
  test->callback([&ctx] { Test(ctx, test_dir, verbose); });
}

}  // namespace quarry::cli
