// Reference matcher (reference.h): direct recursive evaluation of the syntax tree over sets of
// end positions. Exponential-free only because test patterns are small; clarity over speed.
#include "grammar/reference.h"

#include <map>

namespace quarry::grammar {
namespace {

std::string Lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

std::optional<bool> EvalTok(const TokExpr& e, const text::TextDoc& d, const text::Token& t) {
  std::string txt(d.TokenText(t)), low(d.Lower(t));
  switch (e.kind) {
    case TokExpr::kAny: return true;
    case TokExpr::kLit: return e.flag ? txt == e.text : low == Lower(e.text);
    case TokExpr::kRegex: {
      RE2::Options o;
      o.set_case_sensitive(!e.flag);
      o.set_log_errors(false);
      RE2 re(e.text, o);
      if (!re.ok()) return std::nullopt;
      return RE2::FullMatch(txt, re);
    }
    case TokExpr::kAttr: {
      std::string field;
      if (e.key == "kind") field = text::TokenKindName(t.kind);
      else if (e.key == "lower") field = low;
      else if (e.key == "text") field = txt;
      else if (e.key == "shape") field = std::string(d.Shape(t));
      else return std::nullopt;
      bool any = false;
      if (e.op == "~") {
        std::string alt;
        for (const auto& v : e.values) alt += (alt.empty() ? "" : "|") + v;
        RE2 re(alt);
        return RE2::FullMatch(field, re);
      }
      for (const auto& v : e.values) any |= field == (e.key == "lower" ? Lower(v) : v);
      return e.op == "!=" ? !any : any;
    }
    case TokExpr::kAnd:
    case TokExpr::kOr: {
      bool acc = e.kind == TokExpr::kAnd;
      for (const auto& k : e.kids) {
        auto r = EvalTok(k, d, t);
        if (!r) return std::nullopt;
        acc = e.kind == TokExpr::kAnd ? (acc && *r) : (acc || *r);
      }
      return acc;
    }
    case TokExpr::kNot: {
      auto r = EvalTok(e.kids[0], d, t);
      if (!r) return std::nullopt;
      return !*r;
    }
  }
  return std::nullopt;
}

std::optional<bool> EvalAnn(const Node& n, const Annotation& a) {
  static const std::map<std::string, AnnKind> kKinds = {{"quantity", AnnKind::kQuantity},
                                                        {"period", AnnKind::kPeriod},
                                                        {"change", AnnKind::kChange},
                                                        {"entity", AnnKind::kEntity}};
  auto k = kKinds.find(n.ann_type);
  if (k == kKinds.end()) return std::nullopt;
  if (a.kind != k->second) return false;
  for (const auto& c : n.cons) {
    if (c.key == "unit" || c.key == "kind") {
      const std::string& f = c.key == "unit" ? a.unit : a.subkind;
      bool any = false;
      for (const auto& v : c.values) any |= (v == "none" && c.key == "unit") ? f.empty() : f == v;
      if ((c.op == "!=") == any) return false;
    } else if (c.key == "value") {
      auto v = Decimal::Parse(c.values[0]);
      if (!v) return std::nullopt;
      int cmp = Compare(a.value, *v);
      bool ok = c.op == "=" ? cmp == 0 : c.op == "!=" ? cmp != 0 : c.op == ">" ? cmp > 0 : c.op == ">=" ? cmp >= 0
              : c.op == "<" ? cmp < 0 : cmp <= 0;
      if (!ok) return false;
    } else {
      return std::nullopt;
    }
  }
  return true;
}

// Tokens a literal word takes at `p`: the token itself, or adjacent tokens spelling it.
std::set<uint32_t> LitEnds(const std::string& word, bool cs, const SentenceView& s, uint32_t p) {
  std::set<uint32_t> out;
  const auto& d = *s.doc;
  std::string want = cs ? word : Lower(word);
  std::string acc;
  for (uint32_t k = p; k < s.end; ++k) {
    const auto& t = d.tokens[k];
    if (k > p && (t.flags & text::kSpaceBefore)) break;
    acc += cs ? std::string(d.TokenText(t)) : std::string(d.Lower(t));
    if (acc == want) out.insert(k + 1);
    if (acc.size() >= want.size()) break;
  }
  return out;
}

std::optional<std::set<uint32_t>> Ends(const Node& n, const SentenceView& s, const std::set<uint32_t>& from) {
  std::set<uint32_t> out;
  switch (n.kind) {
    case Node::kTok:
      for (uint32_t p : from) {
        if (p >= s.end) continue;
        auto r = EvalTok(n.tok, *s.doc, s.doc->tokens[p]);
        if (!r) return std::nullopt;
        if (*r) out.insert(p + 1);
      }
      return out;
    case Node::kLit: {
      std::set<uint32_t> cur = from;
      for (const auto& w : n.words) {
        std::set<uint32_t> next;
        for (uint32_t p : cur)
          if (p < s.end)
            for (uint32_t e : LitEnds(w, n.case_sensitive, s, p)) next.insert(e);
        cur = std::move(next);
      }
      return cur;
    }
    case Node::kAnn:
      for (uint32_t p : from)
        for (const auto& a : *s.anns) {
          if (a.tok_begin != p || a.tok_end > s.end || a.tok_end <= a.tok_begin) continue;
          auto r = EvalAnn(n, a);
          if (!r) return std::nullopt;
          if (*r) out.insert(a.tok_end);
        }
      return out;
    case Node::kSeq: {
      std::set<uint32_t> cur = from;
      for (const auto& k : n.kids) {
        auto r = Ends(k, s, cur);
        if (!r) return std::nullopt;
        cur = std::move(*r);
      }
      return cur;
    }
    case Node::kAlt:
      for (const auto& k : n.kids) {
        auto r = Ends(k, s, from);
        if (!r) return std::nullopt;
        out.insert(r->begin(), r->end());
      }
      return out;
    case Node::kRepeat: {
      std::set<uint32_t> cur = from;
      for (int i = 1; i <= n.max; ++i) {
        auto r = Ends(n.kids[0], s, cur);
        if (!r) return std::nullopt;
        cur = std::move(*r);
        if (i >= n.min) out.insert(cur.begin(), cur.end());
      }
      if (n.min == 0) out.insert(from.begin(), from.end());
      return out;
    }
    case Node::kCapture: return Ends(n.kids[0], s, from);
    case Node::kMacro: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::set<uint32_t>> ReferenceEnds(const Node& pattern, const SentenceView& s, uint32_t start) {
  return Ends(pattern, s, {start});
}

std::optional<std::vector<Candidate>> ReferenceCandidates(const Node& pattern, int rule, const SentenceView& s) {
  std::map<uint32_t, uint32_t> leftmost;  // end -> leftmost start
  for (uint32_t st = s.begin; st < s.end; ++st) {
    auto ends = ReferenceEnds(pattern, s, st);
    if (!ends) return std::nullopt;
    for (uint32_t e : *ends)
      if (e > st && !leftmost.count(e)) leftmost[e] = st;
  }
  std::map<uint32_t, uint32_t> longest;  // start -> longest end
  for (auto [e, st] : leftmost) longest[st] = std::max(longest[st], e);
  std::vector<Candidate> out;
  for (auto [st, e] : longest) out.push_back(Candidate{rule, st, e, {}});
  return out;
}

}  // namespace quarry::grammar
