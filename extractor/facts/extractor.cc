// Resources loading and the per-document pipeline: analyze -> annotate -> match -> resolve.
#include "facts/extractor.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <set>

#include "facts/resolve.h"

namespace quarry::facts {
namespace fs = std::filesystem;

std::string DefaultGrammarDir() {
  if (const char* env = std::getenv("QUARRY_GRAMMARS"); env && *env) return env;
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = 0;
    fs::path exe(buf);
    for (fs::path cand : {exe.parent_path().parent_path() / "grammars", exe.parent_path() / "grammars",
                          exe.parent_path().parent_path() / "share" / "quarry" / "grammars"}) {
      std::error_code ec;
      if (fs::is_directory(cand, ec)) return cand.string();
    }
  }
  return "grammars";
}

const std::vector<LexListSpec>& LexiconLists() {
  static const std::vector<LexListSpec> kLists = [] {
    std::vector<LexListSpec> all = numbers::QuantityAnnotator::Lists();
    for (const auto& spec : periods::PeriodAnnotator::Lists()) {
      // A list both read (month) is declared by both, alike.
      auto same = std::find_if(all.begin(), all.end(), [&](const LexListSpec& s) { return s.name == spec.name; });
      if (same == all.end()) all.push_back(spec);
    }
    return all;
  }();
  return kLists;
}

std::unique_ptr<Lexicon> LoadLexicon(const std::string& dir, std::vector<std::string>* errors) {
  std::vector<LexError> lerrs;
  fs::path p(dir);
  auto lex = Lexicon::Load(dir, LexiconLists(), &lerrs, p.filename().string());
  for (const auto& e : lerrs) errors->push_back((p.parent_path() / e.ToString()).string());
  return lex;
}

std::vector<UnitDecl> LoadSchemaUnits(const std::string& dir) {
  std::string error;
  auto schema = PackSchema::Load(dir, &error);
  return schema ? schema->units() : std::vector<UnitDecl>{};
}

std::shared_ptr<const Resources> Resources::Load(const std::string& dir, std::vector<std::string>* errors) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors->push_back(dir + ": grammar folder not found (use --grammars DIR or set QUARRY_GRAMMARS)");
    return nullptr;
  }
  auto res = std::make_shared<Resources>();
  res->grammar_dir = dir;
  std::vector<gazetteer::LoadError> gerrs;
  res->gazetteer = gazetteer::Gazetteer::Load((fs::path(dir) / "gazetteer").string(), &gerrs);
  for (const auto& e : gerrs) errors->push_back((fs::path(dir) / e.ToString()).string());
  std::vector<grammar::LoadError> rerrs;
  res->grammar = grammar::Grammar::Load(dir, &rerrs);
  for (const auto& e : rerrs) {
    grammar::LoadError full = e;
    full.file = (fs::path(dir) / e.file).string();
    errors->push_back(full.ToString());
  }
  auto lexicon = LoadLexicon((fs::path(dir) / "lexicon").string(), errors);
  if (!errors->empty() || !res->grammar || !lexicon) return nullptr;
  // The gazetteer's kinds are the schema's: a kind it does not declare would never be a subject,
  // a market or anything a rule names.
  if (const PackSchema* kinds = res->grammar->schema()) {
    std::set<std::string> reported;
    for (const auto& e : res->gazetteer->entities())
      if (!kinds->Kind(e.kind) && reported.insert(e.kind).second)
        errors->push_back((fs::path(dir) / "gazetteer").string() + ": entity " + e.name + " has kind '" + e.kind +
                          "', which pack.schema does not declare (declared: " + kinds->KindNames() + ")");
    if (!errors->empty()) return nullptr;
  }
  const PackSchema* schema = res->grammar->schema();
  res->words = std::make_shared<text::WordIds>();
  res->quantities = std::make_unique<numbers::QuantityAnnotator>(
      *lexicon, schema ? schema->units() : std::vector<UnitDecl>{}, res->words);
  res->periods = std::make_unique<periods::PeriodAnnotator>(*lexicon, res->words);
  res->gazetteer->ShareWords(res->words);
  res->grammar->ShareWords(res->words);
  // FNV-1a over the gazetteer's and the lexicon's digests: one stable 16-hex-digit part.
  uint64_t h = 1469598103934665603ull;
  for (const std::string& part : {res->gazetteer->digest(), std::string(1, '\0'), lexicon->digest()})
    for (unsigned char c : part) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  res->version = res->grammar->version() + "-" + buf;
  return res;
}

Extractor::Extractor(std::shared_ptr<const Resources> res, ExtractOptions opts)
    : res_(std::move(res)), opts_(std::move(opts)) {
  if (const PackSchema* schema = res_->grammar->schema())
    for (const auto& t : schema->types())
      if (t.volume)
        for (const auto& u : t.units)
          if (std::find(volume_units_.begin(), volume_units_.end(), u) == volume_units_.end()) volume_units_.push_back(u);
}

// Note [Unread figures]
// ~~~~~~~~~~~~~~~~~~~~~
// quarry reads a part of a real article's figures (docs/eval.md), so a user needs to see what it
// did not read. A figure looks like a fact when it is a quantity whose unit is one the pack's
// `volume` types take (pack.schema: a vehicle count, "12,000 units", "3,200 cars"): the measure
// most facts are about, and one no word list in C++ names. It is unread when no fact of the
// document states it: no fact's span, nor any of its also_at spans, overlaps the figure's bytes.
// Percentages, money and bare numbers are not counted: too many of them are no facts (shares of
// a total, prices of a model, dates). `extract` adds the count up per document (documents.
// unread_figures) and per run (runs.unread_figures, the summary line); `explain` lists each such
// figure with what happened to the matches that held it (Trace::dropped).
namespace {

constexpr uint64_t kMaxFigureBytes = 256;

void CountUnread(const Trace& t, const std::vector<std::string>& units, const std::vector<Fact>& facts,
                 size_t first, std::vector<uint32_t>* unread) {
  unread->clear();
  if (units.empty()) return;
  std::vector<RawSpan> stated;
  for (size_t i = first; i < facts.size(); ++i) {
    stated.push_back(facts[i].span);
    stated.insert(stated.end(), facts[i].also_at.begin(), facts[i].also_at.end());
  }
  std::sort(stated.begin(), stated.end(), [](RawSpan a, RawSpan b) { return a.begin < b.begin; });
  for (uint32_t i = 0; i < t.annotations.size(); ++i) {
    const Annotation& a = t.annotations[i];
    if (a.kind != AnnKind::kQuantity || std::find(units.begin(), units.end(), a.unit) == units.end()) continue;
    RawSpan raw = t.text.ToRaw(a.figure.empty() ? a.span : a.figure);
    // The stated spans beginning before the figure ends; one of them may reach into it.
    auto end = std::lower_bound(stated.begin(), stated.end(), raw.end, [](RawSpan s, uint64_t v) { return s.begin < v; });
    bool read = false;
    for (auto it = end; it != stated.begin() && !read;) {
      --it;
      if (it->begin + kMaxFigureBytes < raw.begin) break;  // a fact's span is a figure: short
      read = it->Overlaps(raw);
    }
    if (!read) unread->push_back(i);
  }
}

}  // namespace

void Extractor::Annotate(const Document& doc, Trace* trace) {
  analyzer_.Analyze(doc, &trace->text);
  res_->words->Index(&trace->text);
  trace->annotations.clear();
  trace->matches = grammar::MatchResult{};
  trace->dropped.clear();
  trace->unread.clear();
  std::string published = doc.published;
  if (opts_.force_published || published.empty()) {
    if (!opts_.published_override.empty()) published = opts_.published_override;
  }
  auto date = periods::Date::Parse(published);
  auto& anns = trace->annotations;
  res_->quantities->Annotate(trace->text, &anns);
  // The periods annotator reads the quantities while appending to the same vector: a copy, into
  // a buffer kept across documents (its strings keep their capacity too), unless it is large.
  constexpr size_t kKeptQuantities = 4096;
  quantities_.assign(anns.begin(), anns.end());
  const auto quantities_end = static_cast<std::ptrdiff_t>(quantities_.size());
  res_->periods->Annotate(trace->text, date, quantities_, &anns);
  if (quantities_.size() > kKeptQuantities) {  // a huge document's copy is not kept through matching
    quantities_.clear();
    quantities_.shrink_to_fit();
  }
  size_t periods_end = anns.size();
  res_->gazetteer->Annotate(trace->text, &anns);
  auto less = [](const Annotation& a, const Annotation& b) {
    return a.tok_begin != b.tok_begin ? a.tok_begin < b.tok_begin : a.tok_end > b.tok_end;
  };
  // Each annotator's run is in order already (quantities and entities in token order without
  // overlaps, periods sorted by this order): merging them stably is the stable sort of the
  // whole, in linear time. Checked, so that an annotator out of order costs a sort, not a
  // wrong order.
  auto qe = anns.begin() + quantities_end;  // quantities_ is empty now after a huge document
  auto pe = anns.begin() + static_cast<std::ptrdiff_t>(periods_end);
  if (std::is_sorted(anns.begin(), qe, less) && std::is_sorted(qe, pe, less) && std::is_sorted(pe, anns.end(), less)) {
    std::inplace_merge(anns.begin(), qe, pe, less);
    std::inplace_merge(anns.begin(), pe, anns.end(), less);
  } else {
    std::stable_sort(anns.begin(), anns.end(), less);
  }
}

void Extractor::Extract(const Document& doc, std::vector<Fact>* out, Trace* trace) {
  Trace* t = trace ? trace : &scratch_;
  Annotate(doc, t);
  res_->grammar->Run(t->text, &t->annotations, &t->matches);
  t->dropped.clear();
  size_t first = out->size();
  // Why each dropped match gave no fact (a record with two strings per match) is read only by
  // `explain`, through a trace: without one, nothing is recorded.
  Resolve(doc, *t, *res_, out, trace ? &t->dropped : nullptr);
  CountUnread(*t, volume_units_, *out, first, &t->unread);
  unread_ = t->unread.size();
}

}  // namespace quarry::facts
