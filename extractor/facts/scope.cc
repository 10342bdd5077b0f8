// Scope of a figure from its clause (see scope.h).
//
// Note [Scope]: a reader takes a figure's scope from the words next to it. "Voltra sold 480,186
// NEVs, of which 237,540 were BEVs and 131,935 went overseas": 237,540 is BEV, 131,935 overseas,
// and 480,186 is Voltra's whole volume because Voltra sells nothing but NEVs. So the window of a
// figure runs from the previous figure in its sentence (at most kLeft tokens back) to kRight
// tokens past it, stopping at the next figure; scope words in it count nearest first, so the
// BEV right after 237,540 wins over the NEV before it (one value per dimension). Words are never
// taken across a figure: each figure owns the words between it and its neighbours. A value that
// the subject has as a whole (gazetteer attribute `powertrain=NEV`, on the entity or one above
// it) says nothing about the part and is dropped.
// A rule's match is one clause, though: the figures of a list ("新能源汽车产销量分别达842.6万辆和
// 830.4万辆", "BEV and PHEV sales were 10,000 and 5,000 units, respectively") and a level after its
// change ("NEV sales surged 190% from a year earlier to 174,005 units") take the words before the
// first figure, because the rule that read them matched them as one clause: the window of a
// figure looks back from the start of the match that read it, as far as the first figure's would
// (a scope_stop still ends it).
#include "facts/scope.h"

#include <algorithm>

namespace quarry::facts {
namespace {

constexpr uint32_t kLeft = 20;  // tokens before a figure that can name its scope
constexpr uint32_t kRight = 3;  // tokens after it ("237,540 were BEVs", "131,935 units overseas")

}  // namespace

ScopeReader::ScopeReader(const Trace& trace, const Resources& res) : tr_(trace), res_(res) {
  if (!res_.grammar->schema()) return;
  const auto& rules = res_.grammar->rules();
  for (const auto& m : tr_.matches.matches) {
    if (m.rule < 0 || m.rule >= static_cast<int>(rules.size())) continue;
    if (rules[m.rule].emit == "scope_stop") stops_.push_back(m.tok_begin);
    if (rules[m.rule].emit != "scope") continue;
    auto it = rules[m.rule].constants.find("scope");
    if (it == rules[m.rule].constants.end() || it->second.empty()) continue;
    words_.push_back({m.sentence, m.tok_begin, m.tok_end, it->second});
  }
  std::sort(words_.begin(), words_.end(), [](const Word& a, const Word& b) {
    return a.sentence != b.sentence ? a.sentence < b.sentence : a.tok_begin < b.tok_begin;
  });
  for (const auto& a : tr_.annotations)
    if (a.kind == AnnKind::kQuantity || a.kind == AnnKind::kChange) {
      figure_begin_.push_back(a.tok_begin);
      figure_end_.push_back(a.tok_end);
    }
  std::sort(figure_begin_.begin(), figure_begin_.end());
  std::sort(stops_.begin(), stops_.end());
  std::sort(figure_end_.begin(), figure_end_.end());
}

std::string ScopeReader::Named(uint32_t b, uint32_t e, std::string scope) const {
  const PackSchema* schema = res_.grammar->schema();
  if (!schema) return scope;
  // Token indices grow with sentences, so (sentence, tok_begin) order is tok_begin order.
  auto it = std::lower_bound(words_.begin(), words_.end(), b,
                             [](const Word& w, uint32_t k) { return w.tok_begin < k; });
  for (; it != words_.end() && it->tok_begin < e; ++it)
    if (it->tok_end <= e) scope = schema->WithValue(scope, it->value);
  return scope;
}

bool ScopeReader::Implied(const std::string& subject, const std::string& dimension, const std::string& value) const {
  const auto* e = res_.gazetteer->Find(subject);
  for (int depth = 0; e && depth < 8; ++depth) {
    auto it = e->attrs.find(dimension);
    if (it != e->attrs.end()) return it->second == value;
    e = e->parent.empty() ? nullptr : res_.gazetteer->Find(e->parent);
  }
  return false;
}

std::string ScopeReader::For(uint32_t sentence, uint32_t fig_begin, uint32_t fig_end, const std::string& type,
                             const std::string& subject, const std::string& base, uint32_t clause_begin,
                             uint32_t min_left) const {
  const PackSchema* schema = res_.grammar->schema();
  const FactTypeDecl* t = schema ? schema->Type(type) : nullptr;
  if (!t || !t->scoped) return "";
  const auto& sent = tr_.text.sentences[sentence];
  // The window: back to the end of the previous figure, on to the start of the next one.
  // A figure inside a longer match looks back from where the match begins.
  uint32_t anchor = clause_begin < fig_begin && clause_begin >= sent.tok_begin ? clause_begin : fig_begin;
  uint32_t left = anchor > sent.tok_begin + kLeft ? anchor - kLeft : sent.tok_begin;
  auto prev = std::upper_bound(figure_end_.begin(), figure_end_.end(), anchor);
  if (prev != figure_end_.begin() && *(prev - 1) > left) left = *(prev - 1);
  uint32_t right = std::min(sent.tok_end, fig_end + kRight);
  auto next = std::lower_bound(figure_begin_.begin(), figure_begin_.end(), fig_end);
  if (next != figure_begin_.end() && *next < right) right = *next;
  // scope_stop words end the window on either side (Note [Scope]).
  auto stop = std::lower_bound(stops_.begin(), stops_.end(), fig_end);
  if (stop != stops_.end() && *stop < right) right = *stop;
  auto before = std::lower_bound(stops_.begin(), stops_.end(), anchor);
  if (before != stops_.begin() && *(before - 1) + 1 > left) left = *(before - 1) + 1;
  left = std::max(left, min_left);
  // Scope words inside the window, nearest first.
  std::vector<std::pair<uint32_t, const Word*>> near;
  auto it = std::lower_bound(words_.begin(), words_.end(), std::make_pair(sentence, left),
                             [](const Word& w, const std::pair<uint32_t, uint32_t>& k) {
                               return w.sentence != k.first ? w.sentence < k.first : w.tok_begin < k.second;
                             });
  for (; it != words_.end() && it->sentence == sentence && it->tok_begin < right; ++it) {
    uint32_t dist = it->tok_begin >= fig_begin ? (it->tok_begin >= fig_end ? it->tok_begin - fig_end : 0)
                                               : fig_begin - std::min(it->tok_end, fig_begin);
    near.emplace_back(dist, &*it);
  }
  // Nearest first; at equal distance the word after the figure ("237,381 were plug-in hybrids").
  std::stable_sort(near.begin(), near.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return a.second->tok_begin > b.second->tok_begin;
  });
  std::string scope = base;
  for (const auto& [dist, w] : near) scope = schema->WithValue(scope, w->value);
  // Drop what the subject is as a whole.
  std::string kept;
  size_t b = 0;
  for (size_t i = 0; i <= scope.size() && !scope.empty(); ++i) {
    if (i < scope.size() && scope[i] != '/') continue;
    std::string v = scope.substr(b, i - b);
    b = i + 1;
    const ScopeDimension* d = schema->DimensionOf(v);
    if (d && Implied(subject, d->name, v)) continue;
    if (std::find(t->implies.begin(), t->implies.end(), v) != t->implies.end()) continue;
    kept += (kept.empty() ? "" : "/") + v;
  }
  return kept;
}

}  // namespace quarry::facts
