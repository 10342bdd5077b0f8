// Grammar: finds and reads the rule files, resolves includes (scopes for macros, cycles, the
// folder boundary), hands the trees to the compiler, and runs the stages over documents.
#include "grammar/grammar.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <set>
#include <sstream>
#include <unordered_map>

#include "grammar/ast.h"
#include "grammar/compile.h"
#include "grammar/dump.h"
#include "grammar/match.h"
#include "grammar/prog.h"

namespace quarry::grammar {
namespace fs = std::filesystem;

std::string LoadError::ToString() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
}

struct Grammar::Impl {
  std::optional<PackSchema> schema;
  std::vector<RuleInfo> rules;
  std::unordered_map<std::string, int> by_name;
  Prog prog;
  std::shared_ptr<text::WordIds> word_ids;  // ShareWords
  std::string version = "0";
  int files = 0;
};

Grammar::Grammar() : impl_(std::make_unique<Impl>()) {}

void Grammar::ShareWords(std::shared_ptr<text::WordIds> ids) {
  impl_->word_ids = std::move(ids);
  impl_->prog.ShareWords(impl_->word_ids.get());
}
Grammar::~Grammar() = default;

namespace {

// FNV-1a 64: a stable content hash, identical across builds and machines.
uint64_t Fnv(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::unique_ptr<Grammar> Grammar::Load(const std::string& dir, std::vector<LoadError>* errors) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors->push_back(LoadError{dir, 0, 0, "grammar folder not found"});
    return nullptr;
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    // A folder with a schema of its own below the top is another pack (grammars/README.md).
    if (it->is_directory(ec) && fs::exists(it->path() / kSchemaFile, ec)) {
      it.disable_recursion_pending();
      continue;
    }
    bool schema = it.depth() == 0 && it->path().filename() == kSchemaFile;
    if (!it->is_regular_file(ec) || (it->path().extension() != ".rules" && !schema)) continue;
    std::string rel = fs::relative(it->path(), dir, ec).generic_string();
    std::ifstream in(it->path(), std::ios::binary);
    if (!in) {
      errors->push_back(LoadError{rel, 0, 0, "cannot read file"});
      continue;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    files.emplace_back(rel, ss.str());
  }
  if (ec) errors->push_back(LoadError{dir, 0, 0, "cannot list folder: " + ec.message()});
  if (!errors->empty()) return nullptr;
  return FromSources(files, errors);
}

std::unique_ptr<Grammar> Grammar::FromSources(const std::vector<std::pair<std::string, std::string>>& input,
                                              std::vector<LoadError>* errors) {
  auto files = input;
  std::sort(files.begin(), files.end());
  std::vector<LoadError> errs;
  std::vector<FileAst> asts;
  uint64_t h = 14695981039346656037ull;
  std::unordered_map<std::string, int> index;
  std::optional<PackSchema> schema;
  for (const auto& [rel, text] : files) {
    h = Fnv(h, rel);
    h = Fnv(h, std::string_view("\0", 1));
    h = Fnv(h, text);
    h = Fnv(h, std::string_view("\0", 1));
    if (rel == kSchemaFile) {
      std::vector<SchemaError> serrs;
      schema = PackSchema::Parse(text, &serrs);
      for (auto& e : serrs) errs.push_back(LoadError{rel, e.line, e.col, std::move(e.message)});
      continue;
    }
    index[rel] = static_cast<int>(asts.size());
    asts.push_back(ParseFile(text, rel, &errs));
  }
  // Includes: edges, folder boundary, existence.
  int n = static_cast<int>(asts.size());
  std::vector<std::vector<std::pair<int, const IncludeAst*>>> edges(n);
  for (int f = 0; f < n; ++f) {
    for (const auto& inc : asts[f].includes) {
      fs::path target = (fs::path(asts[f].file).parent_path() / inc.path).lexically_normal();
      std::string t = target.generic_string();
      if (fs::path(inc.path).is_absolute() || t == ".." || t.rfind("../", 0) == 0) {
        errs.push_back(LoadError{asts[f].file, inc.pos.line, inc.pos.col,
                                 "include \"" + inc.path + "\" leaves the grammar folder"});
        continue;
      }
      auto it = index.find(t);
      if (it == index.end()) {
        errs.push_back(LoadError{asts[f].file, inc.pos.line, inc.pos.col,
                                 "include \"" + inc.path + "\": no such .rules file in the grammar folder"});
        continue;
      }
      if (it->second == f) {
        errs.push_back(LoadError{asts[f].file, inc.pos.line, inc.pos.col, "include cycle: " + asts[f].file + " includes itself"});
        continue;
      }
      edges[f].emplace_back(it->second, &inc);
    }
  }
  // Cycles: depth-first search; a back edge is reported at the include that closes the cycle.
  std::vector<int> color(n, 0);
  std::vector<int> path;
  std::set<std::pair<int, int>> reported;
  std::function<void(int)> dfs = [&](int u) {
    color[u] = 1;
    path.push_back(u);
    for (auto [v, inc] : edges[u]) {
      if (color[v] == 1) {
        if (!reported.insert({u, v}).second) continue;
        std::string chain;
        auto at = std::find(path.begin(), path.end(), v);
        for (auto p = at; p != path.end(); ++p) chain += asts[*p].file + " -> ";
        chain += asts[v].file;
        errs.push_back(LoadError{asts[u].file, inc->pos.line, inc->pos.col, "include cycle: " + chain});
      } else if (color[v] == 0) {
        dfs(v);
      }
    }
    path.pop_back();
    color[u] = 2;
  };
  for (int f = 0; f < n; ++f)
    if (color[f] == 0) dfs(f);
  // Macro scopes: the file itself, then what it includes, breadth-first.
  std::vector<std::vector<int>> scopes(n);
  for (int f = 0; f < n; ++f) {
    std::vector<int> order = {f};
    std::set<int> seen = {f};
    for (size_t k = 0; k < order.size(); ++k)
      for (auto [v, inc] : edges[order[k]])
        if (seen.insert(v).second) order.push_back(v);
    scopes[f] = std::move(order);
  }
  auto g = std::unique_ptr<Grammar>(new Grammar());
  g->impl_->schema = std::move(schema);
  CompileGrammar(asts, scopes, g->impl_->schema ? &*g->impl_->schema : nullptr, &g->impl_->prog,
                 &g->impl_->rules, &errs);
  if (!errs.empty()) {
    // Macro bodies are compiled once per use: report each error once, in file order.
    std::stable_sort(errs.begin(), errs.end(), [](const LoadError& a, const LoadError& b) {
      if (a.file != b.file) return a.file < b.file;
      if (a.line != b.line) return a.line < b.line;
      return a.col < b.col;
    });
    std::set<std::string> seen;
    for (auto& e : errs)
      if (seen.insert(e.ToString()).second) errors->push_back(std::move(e));
    return nullptr;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  g->impl_->version = buf;
  g->impl_->files = n;
  for (size_t i = 0; i < g->impl_->rules.size(); ++i) g->impl_->by_name[g->impl_->rules[i].name] = static_cast<int>(i);
  return g;
}

const std::vector<RuleInfo>& Grammar::rules() const { return impl_->rules; }
const PackSchema* Grammar::schema() const { return impl_->schema ? &*impl_->schema : nullptr; }
const std::string& Grammar::version() const { return impl_->version; }
const Prog& Grammar::prog() const { return impl_->prog; }
int Grammar::file_count() const { return impl_->files; }

int Grammar::FindRule(const std::string& name) const {
  auto it = impl_->by_name.find(name);
  return it == impl_->by_name.end() ? -1 : it->second;
}

namespace {

bool AnnLess(const Annotation& a, const Annotation& b) {
  return a.tok_begin != b.tok_begin ? a.tok_begin < b.tok_begin : a.tok_end > b.tok_end;
}

// The annotation a capture stands for: its own index, else the first of `kinds` inside it
// (annotations are sorted by tok_begin: binary search, never a scan of the document).
const Annotation* Within(const Capture& c, const std::vector<Annotation>& anns, std::initializer_list<AnnKind> kinds) {
  if (c.annotation >= 0 && c.annotation < static_cast<int>(anns.size())) {
    const Annotation& a = anns[c.annotation];
    for (AnnKind k : kinds)
      if (a.kind == k) return &a;
  }
  auto it = std::lower_bound(anns.begin(), anns.end(), c.tok_begin,
                             [](const Annotation& a, uint32_t b) { return a.tok_begin < b; });
  for (; it != anns.end() && it->tok_begin < c.tok_end; ++it)
    if (it->tok_end <= c.tok_end)
      for (AnnKind k : kinds)
        if (it->kind == k) return &*it;
  return nullptr;
}

// Note [Emitted annotations]: what an `emit LABEL` match carries to later stages (documented in
// grammars/README.md, "Stages").
Annotation MakeEmitted(const text::TextDoc& doc, const std::vector<Annotation>& anns, const RuleInfo& rule,
                       const Match& m) {
  Annotation a;
  a.kind = AnnKind::kCustom;
  a.label = rule.emit;
  a.tok_begin = m.tok_begin;
  a.tok_end = m.tok_end;
  a.span = NormSpan(doc.tokens[m.tok_begin].span.begin, doc.tokens[m.tok_end - 1].span.end);
  const Capture* subject = nullptr;
  for (const auto& c : m.captures) {
    if (c.name == "value") {
      if (const Annotation* v = Within(c, anns, {AnnKind::kQuantity, AnnKind::kChange, AnnKind::kCustom})) {
        a.value = v->value;
        a.value_hi = v->value_hi;
        a.unit = v->unit;
        a.approx = v->approx;
        a.precision_exp = v->precision_exp;
        a.parts = v->parts;
        a.figure = v->figure.empty() ? v->span : v->figure;
        if (v->kind == AnnKind::kChange && a.period.empty()) a.period = v->period;
      }
    } else if (c.name == "period") {
      if (const Annotation* p = Within(c, anns, {AnnKind::kPeriod, AnnKind::kCustom})) a.period = p->period;
    } else if (c.name == "subject") {
      subject = &c;
    }
  }
  if (subject) {
    if (const Annotation* e = Within(*subject, anns, {AnnKind::kEntity}))
      a.subkind = e->label;
    else if (const Annotation* e2 = Within(*subject, anns, {AnnKind::kCustom}))
      a.subkind = e2->subkind;
  } else {
    Capture whole{"", m.tok_begin, m.tok_end, -1};
    if (const Annotation* e = Within(whole, anns, {AnnKind::kEntity})) a.subkind = e->label;
  }
  if (auto it = rule.constants.find("unit"); it != rule.constants.end()) a.unit = it->second;
  if (auto it = rule.constants.find("approx"); it != rule.constants.end())
    if (auto ap = ParseApprox(it->second)) a.approx = *ap;
  if (auto it = rule.constants.find("period"); it != rule.constants.end() && a.period.empty() && it->second != "none")
    a.period = it->second;
  return a;
}

// One matcher per thread, reused across documents: its buffers (marks over every instruction,
// caches, thread lists) would otherwise be allocated again for each document. A matcher holds
// only a reference to the program, and re-sizes itself when the program differs.
Matcher& ThreadMatcher(const Prog& prog) {
  thread_local const Prog* owner = nullptr;
  thread_local std::unique_ptr<Matcher> m;
  if (!m || owner != &prog) {
    m = std::make_unique<Matcher>(prog);
    owner = &prog;
  }
  return *m;
}

void Remap(std::vector<Capture>* caps, const std::vector<int>& new_index) {
  for (auto& c : *caps)
    if (c.annotation >= 0 && c.annotation < static_cast<int>(new_index.size())) c.annotation = new_index[c.annotation];
}

// Note [Merging a stage's outputs]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A stage's outputs join the annotation list in AnnLess order, the list's own annotations before
// a stage output that ties with them, the outputs among themselves in the order they were
// emitted: what a stable sort of list-then-outputs gives. The list is sorted already, so the
// outputs are sorted alone and merged in from the back, into the list's own buffer grown once
// to the exact size. A sorted copy of the whole list beside it (and appends that double its
// capacity) would hold the annotations, 248 bytes each, three times over at this point, on top
// of everything matching holds: on prose that is the peak of the whole extraction
// (docs/performance.md, "Memory per document").
void MergeSorted(std::vector<Annotation>* emitted, std::vector<Annotation>* anns, std::vector<int>* new_index) {
  std::stable_sort(emitted->begin(), emitted->end(), AnnLess);
  const size_t old = anns->size(), add = emitted->size();
  if (anns->capacity() < old + add) anns->reserve(old + add);
  anns->resize(old + add);
  new_index->resize(old);
  size_t i = old, j = add, k = old + add;
  // Invariant: k == i + j, so an element never moves onto itself while outputs remain.
  while (j > 0) {
    --k;
    if (i > 0 && AnnLess((*emitted)[j - 1], (*anns)[i - 1])) {
      --i;
      (*anns)[k] = std::move((*anns)[i]);
      (*new_index)[i] = static_cast<int>(k);
    } else {
      --j;
      (*anns)[k] = std::move((*emitted)[j]);
    }
  }
  for (size_t r = 0; r < i; ++r) (*new_index)[r] = static_cast<int>(r);
}

}  // namespace

void Grammar::Run(const text::TextDoc& doc, std::vector<Annotation>* anns, MatchResult* out) const {
  out->matches.clear();
  out->suppressed.clear();
  out->capped_sentences.clear();
  const Prog& prog = impl_->prog;
  if (prog.rules.empty()) return;
  if (!std::is_sorted(anns->begin(), anns->end(), AnnLess)) {
    // Callers give sorted annotations; keep the contract cheap to honour anyway.
    std::stable_sort(anns->begin(), anns->end(), AnnLess);
  }
  Matcher& matcher = ThreadMatcher(prog);
  std::vector<Candidate> cands;
  SentenceView view;
  view.doc = &doc;
  view.anns = anns;
  thread_local DocIndex index;  // reused across documents: its buffers keep their capacity
  index.Build(prog, doc);
  view.index = &index;
  for (int stage = 0; stage < static_cast<int>(prog.stages.size()); ++stage) {
    std::vector<Annotation> emitted;
    for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
      const auto& sent = doc.sentences[si];
      if (sent.tok_end <= sent.tok_begin || sent.tok_end > doc.tokens.size()) continue;
      view.sentence = si;
      view.begin = sent.tok_begin;
      view.end = sent.tok_end;
      view.Index();
      cands.clear();
      if (!matcher.RunStage(view, stage, &cands)) out->capped_sentences.push_back(si);
      if (cands.empty()) continue;
      size_t first = out->matches.size();
      ResolveConflicts(prog, cands, si, &out->matches, &out->suppressed);
      for (size_t k = first; k < out->matches.size(); ++k) {
        const RuleInfo& info = impl_->rules[out->matches[k].rule];
        if (!info.emit.empty()) emitted.push_back(MakeEmitted(doc, *anns, info, out->matches[k]));
      }
    }
    if (!emitted.empty()) {
      // Merge the stage's outputs into the annotation list (sorted), and renumber the capture
      // indices of every match so far (Note [Merging a stage's outputs]).
      std::vector<int> new_index;
      MergeSorted(&emitted, anns, &new_index);
      for (auto& m : out->matches) Remap(&m.captures, new_index);
      for (auto& s : out->suppressed) Remap(&s.match.captures, new_index);
    }
  }
  // Note [Index of a long document]: the index holds about 40 bytes per token, kept across
  // documents so that each small document does not fault its pages in again. Nothing after
  // matching reads it, and the resolver's structures grow on top of it: for a long document
  // (past kKeepIndexTokens, some 350 KB of English) its buffers are returned at once, so they do
  // not add to that document's peak nor stay with the thread after it.
  constexpr size_t kKeepIndexTokens = size_t{1} << 16;
  if (doc.tokens.size() > kKeepIndexTokens) index = DocIndex();
  // Document order across stages.
  std::vector<int> order(out->matches.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
    const Match& a = out->matches[x];
    const Match& b = out->matches[y];
    if (a.sentence != b.sentence) return a.sentence < b.sentence;
    if (a.tok_begin != b.tok_begin) return a.tok_begin < b.tok_begin;
    return a.tok_end > b.tok_end;
  });
  std::vector<int> pos(order.size());
  std::vector<Match> sorted;
  sorted.reserve(order.size());
  for (size_t k = 0; k < order.size(); ++k) {
    pos[order[k]] = static_cast<int>(k);
    sorted.push_back(std::move(out->matches[order[k]]));
  }
  out->matches = std::move(sorted);
  for (auto& s : out->suppressed)
    if (s.winner >= 0) s.winner = pos[s.winner];
}

std::vector<RuleTrace> Grammar::Trace(const text::TextDoc& doc, const std::vector<Annotation>& anns,
                                      const std::string& rule_name) const {
  std::vector<RuleTrace> out;
  int r = FindRule(rule_name);
  if (r < 0) return out;
  std::vector<Annotation> sorted = anns;
  std::stable_sort(sorted.begin(), sorted.end(), AnnLess);
  Matcher matcher(impl_->prog);
  DocIndex index;
  index.Build(impl_->prog, doc);
  SentenceView view;
  view.doc = &doc;
  view.anns = &sorted;
  view.index = &index;
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const auto& sent = doc.sentences[si];
    if (sent.tok_end <= sent.tok_begin || sent.tok_end > doc.tokens.size()) continue;
    view.sentence = si;
    view.begin = sent.tok_begin;
    view.end = sent.tok_end;
    view.Index();
    matcher.Trace(view, r, &out);
  }
  return out;
}

std::string Grammar::Dump(const std::string& rule_name) const {
  int r = FindRule(rule_name);
  if (r < 0) return "";
  return DumpRule(impl_->prog, impl_->rules[r], r);
}

}  // namespace quarry::grammar
