// quarry eval: run extraction over articles and score it against gold facts (corpus/gold/*.jsonl):
// precision, recall, F1 per type and per rule (Note [Per-rule recall] in facts/eval.h), every
// false positive and negative with its sentence, and the figures no fact used. Exit 1 when micro
// F1 (over --types) is below --min-f1; exit 2 when the gold folder has no gold facts for the inputs.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/options.h"
#include "facts/eval.h"
#include "input/reader.h"
#include "periods/periods.h"

namespace quarry::cli {
namespace {
namespace fs = std::filesystem;

struct EvalArgs {
  std::vector<std::string> inputs;
  std::string gold;        // gold folder; default: a "gold" folder beside or above the inputs
  std::string index;       // TSV: file, published, url, title; default: index.tsv beside gold/ if any
  std::string published;   // date for documents with no date of their own that the index does not list
  std::string types;       // comma-separated core types for the threshold
  double min_f1 = -1;      // < 0: no threshold
  bool quiet_lists = false;
  bool annotations = false;  // print each document's annotations (debugging a rule)
};

std::string KeyOf(const std::string& id) { return fs::path(id).filename().string(); }

// gold/ next to the first input or one level up ("corpus/articles" -> "corpus/gold").
std::string FindGold(const std::vector<std::string>& inputs) {
  for (const auto& in : inputs) {
    fs::path p = fs::path(in);
    if (!fs::is_directory(p)) p = p.parent_path();
    for (fs::path dir : {p / "gold", p.parent_path() / "gold"}) {
      std::error_code ec;
      if (fs::is_directory(dir, ec)) return dir.string();
    }
  }
  return "";
}

bool LoadGold(const std::string& dir, std::vector<facts::GoldFact>* out, std::set<std::string>* docs) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  if (ec) {
    PrintError(dir + ": cannot read gold folder: " + ec.message());
    return false;
  }
  std::sort(files.begin(), files.end());
  bool ok = true;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line, def_doc = f.stem().string() + ".txt";
    docs->insert(def_doc);
    int lineno = 0;
    while (std::getline(in, line)) {
      ++lineno;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::string err;
      auto g = facts::ParseGoldLine(line, def_doc, &err);
      if (!g) {
        PrintError(f.string() + ":" + std::to_string(lineno) + ": " + err);
        ok = false;
        continue;
      }
      g->source = f.filename().string() + ":" + std::to_string(lineno);
      docs->insert(g->doc);
      out->push_back(std::move(*g));
    }
  }
  return ok;
}

// index.tsv: file name -> published date. A bad date is an error naming file:line. Optional: a
// document's own date (front matter, JSONL `published`, HTML meta) needs no index; the sample
// corpora carry theirs in front matter. A listed date wins over the document's own (a warning
// says so when they differ), and either wins over --published.
bool LoadIndex(const std::string& path, std::map<std::string, std::string>* out) {
  std::ifstream in(path);
  std::string line;
  int lineno = 0;
  bool ok = true;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string file, date;
    std::getline(ss, file, '\t');
    std::getline(ss, date, '\t');
    if (!date.empty() && !periods::Date::Parse(date)) {
      PrintError(path + ":" + std::to_string(lineno) + ": not a date: " + date);
      ok = false;
      continue;
    }
    if (!file.empty()) (*out)[KeyOf(file)] = date;
  }
  return ok;
}

std::string Pct(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}

void PrintCounts(const std::string& name, const facts::Counts& c) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-28s %5d %5d %5d  %s  %s  %s\n", name.c_str(), c.gold, c.pred, c.tp,
                Pct(c.Precision()).c_str(), Pct(c.Recall()).c_str(), Pct(c.F1()).c_str());
  std::cout << buf;
}

void Run(Context& ctx, const EvalArgs& args) {
  if (!CheckPublished("eval", args.published)) {
    ctx.exit_code = kExitUsage;
    return;
  }
  std::string gold_dir = args.gold.empty() ? FindGold(args.inputs) : args.gold;
  if (gold_dir.empty() || !fs::is_directory(gold_dir)) {
    PrintError("eval: no gold folder (give --gold DIR)");
    ctx.exit_code = kExitUsage;
    return;
  }
  std::vector<facts::GoldFact> gold;
  std::set<std::string> gold_docs;
  if (!LoadGold(gold_dir, &gold, &gold_docs)) {
    ctx.exit_code = kExitUsage;
    return;
  }
  std::string index_path = args.index.empty() ? (fs::path(gold_dir).parent_path() / "index.tsv").string() : args.index;
  if (!args.index.empty() && !fs::exists(index_path)) {
    PrintError("eval: " + index_path + ": no such file");
    ctx.exit_code = kExitUsage;
    return;
  }
  std::map<std::string, std::string> index;
  if (!LoadIndex(index_path, &index)) {
    ctx.exit_code = kExitUsage;
    return;
  }

  auto res = LoadResources(ctx);
  if (!res) return;
  facts::Extractor extractor(res);

  input::ReadOptions ropts;  // no default date here: the index comes before --published
  bool read_failed = false;
  input::DocumentReader reader(args.inputs, ropts, [&](const input::ReadError& e) {
    PrintError(e.ToString());
    read_failed = true;
  });
  std::string err;
  if (!reader.Validate(&err)) {
    PrintError(err);
    ctx.exit_code = kExitUsage;
    return;
  }
  // Each document is scored as soon as it is extracted and its trace dropped: eval keeps the
  // gold, the counts and the lines it prints, not every document's tokens and annotations.
  facts::EvalOptions opts;
  std::stringstream ts(args.types);
  for (std::string t; std::getline(ts, t, ',');)
    if (!t.empty()) opts.core_types.insert(t);
  std::map<std::string, std::vector<const facts::GoldFact*>> gold_of;  // document key -> gold lines
  for (const auto& g : gold) gold_of[g.doc].push_back(&g);
  facts::EvalReport rep;
  size_t used_gold = 0;
  size_t skipped = 0;  // input documents without a gold file
  Document d;
  while (reader.Next(&d)) {
    std::string key = KeyOf(d.id);
    if (!gold_docs.count(key)) {
      ++skipped;
      continue;
    }
    if (auto it = index.find(key); it != index.end() && !it->second.empty()) {
      if (!d.published.empty() && d.published.substr(0, 10) != it->second.substr(0, 10))
        PrintError("eval: warning: " + key + ": " + index_path + " says " + it->second + ", the document says " +
                   d.published + "; using " + it->second);
      d.published = it->second;
    } else if (d.published.empty()) {
      d.published = args.published;
    }
    facts::EvalDoc ed;
    ed.key = key;
    extractor.Extract(d, &ed.facts, &ed.trace);
    if (args.annotations) {
      const auto& tr = ed.trace;
      std::cout << "annotations of " << key << ":\n";
      for (const auto& a : tr.annotations) {
        std::cout << "  " << AnnKindName(a.kind) << " [" << a.tok_begin << "," << a.tok_end << ") \""
                  << a.span.Of(tr.text.text) << "\"";
        if (a.kind == AnnKind::kQuantity || a.kind == AnnKind::kChange)
          std::cout << " value=" << a.value.ToString() << " unit=" << a.unit << " approx=" << ApproxSymbol(a.approx);
        if (!a.period.empty()) std::cout << " period=" << a.period;
        if (!a.subkind.empty()) std::cout << " subkind=" << a.subkind;
        if (!a.label.empty()) std::cout << " label=" << a.label;
        std::cout << "\n";
      }
    }
    const auto& golds = gold_of[key];
    used_gold += golds.size();
    facts::EvaluateDoc(ed, golds, opts, &rep);
  }
  if (read_failed) {
    ctx.exit_code = kExitUsage;
    return;
  }
  // Gold for documents that were not among the inputs is not counted (eval of a subset).
  // Nothing to score against is an error, never a perfect score.
  if (used_gold == 0) {
    PrintError("eval: no gold facts in " + gold_dir + " for the " + std::to_string(rep.documents + skipped) +
               " input documents (" + std::to_string(rep.documents) + " with a gold file)");
    ctx.exit_code = kExitUsage;
    return;
  }

  if (!args.quiet_lists) {
    std::cout << "false positives (" << rep.false_positives.size() << "):\n";
    for (const auto& m : rep.false_positives)
      std::cout << "  " << m.doc << ": " << m.what << "\n      | " << m.sentence << "\n";
    std::cout << "false negatives (" << rep.false_negatives.size() << "):\n";
    for (const auto& m : rep.false_negatives) {
      std::cout << "  " << m.doc << ": " << m.what << "\n      | " << m.sentence << "\n";
      if (!m.note.empty()) std::cout << "      " << m.note << "\n";
    }
    std::cout << "figures no fact used (" << rep.blind_spots.size() << "):\n";
    for (const auto& m : rep.blind_spots) std::cout << "  " << m.doc << ": " << m.what << "\n      | " << m.sentence << "\n";
    // gold per rule: its true positives plus the misses counted against it (a fact of the rule
    // stood on the missed figure; Note [Per-rule recall] in facts/eval.h); "(no rule)": misses
    // no rule came near.
    std::cout << "per rule (gold = tp + misses on a figure the rule extracted)             gold  pred    tp  prec   recall f1\n";
    for (const auto& [rule, c] : rep.by_rule) {
      char buf[512];
      std::snprintf(buf, sizeof buf, "  %-66s %5d %5d %5d  %s  %s  %s\n", rule.c_str(), c.gold, c.pred, c.tp,
                    c.pred ? Pct(c.Precision()).c_str() : "    -", Pct(c.Recall()).c_str(), Pct(c.F1()).c_str());
      std::cout << buf;
    }
  }
  std::cout << "per type                        gold  pred    tp  prec   recall f1\n";
  for (const auto& [type, c] : rep.by_type) PrintCounts(type, c);
  PrintCounts("micro (all types)", rep.micro);
  if (!opts.core_types.empty()) PrintCounts("micro (" + args.types + ")", rep.core);
  std::cout << rep.documents << " documents evaluated";
  if (skipped) std::cout << ", " << skipped << " without gold skipped";
  std::cout << "\n";
  double f1 = opts.core_types.empty() ? rep.micro.F1() : rep.core.F1();
  if (args.min_f1 >= 0 && f1 < args.min_f1) {
    std::cout << "FAIL: micro F1 " << Pct(f1) << " < " << Pct(args.min_f1) << "\n";
    ctx.exit_code = kExitFindings;
  }
}

}  // namespace

void RegisterEval(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<EvalArgs>();
  auto* cmd = app.add_subcommand("eval", "Evaluate extraction against gold facts");
  cmd->add_option("inputs", args->inputs, "Articles (files or folders)")->required();
  cmd->add_option("--gold", args->gold, "Gold folder of <article>.jsonl files (default: gold/ beside the inputs)");
  cmd->add_option("--index", args->index,
                  "TSV of file, published date, over the documents' own dates (default: index.tsv beside gold/, if "
                  "there is one; articles with front matter need none)");
  AddPublished(cmd, &args->published, nullptr, " and that the index does not list");
  cmd->add_option("--types", args->types, "Comma-separated fact types the --min-f1 threshold applies to");
  cmd->add_option("--min-f1", args->min_f1, "Exit 1 when micro F1 is below this")->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--summary", args->quiet_lists, "Only the score tables");
  cmd->add_flag("--annotations", args->annotations, "Also print every annotation of each document");
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace quarry::cli
