// The automaton: predicate evaluation (Prog::Test*), the Pike VM over one sentence, and the
// conflict policy of a stage.
//
// Note [Candidates]
// ~~~~~~~~~~~~~~~~~
// Threads are (pc, start, captures). At each token position the VM seeds one thread per rule
// (start = here), merges them with the threads that arrive from earlier positions (one token
// later for kTok, k tokens later for a literal spanning k split tokens or an annotation spanning
// k tokens: the "future buckets"), orders the seeds by start, and follows epsilon edges keeping
// the first thread to reach each pc. So every (pc, position) holds at most one thread, the one
// with the leftmost start that can reach it: time and memory are O(tokens x program size) and
// optional elements cannot multiply work. A rule therefore yields, for each end position E, the
// match [s, E) with the leftmost such s; of those, per start s only the longest is a candidate.
// reference.cc computes the same set by plain backtracking; the differential test holds the two
// to it. Captures follow the preferred path (greedy: an optional element is taken when it can be).
#include "grammar/match.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace quarry::grammar {
namespace {

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// AsciiLower(a) == AsciiLower(b) for whole strings, without building either.
bool AsciiLowerEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  return true;
}

bool EvalTok(const Prog& prog, const TokPred& pr, int i, const text::TextDoc& doc, const text::Token& t) {
  const TokNode& n = pr.nodes[i];
  switch (n.kind) {
    case TokNode::kAny: return true;
    case TokNode::kLit: return doc.Lower(t) == n.values[0];
    case TokNode::kLitCase: return doc.TokenText(t) == n.values[0];
    case TokNode::kRegex: return RE2::FullMatch(doc.TokenText(t), *prog.regexes[n.regex]);
    case TokNode::kKind: {
      bool r = (n.mask >> static_cast<unsigned>(t.kind)) & 1u;
      return n.negate ? !r : r;
    }
    case TokNode::kFlag: {
      bool r = (t.flags & n.mask) != 0;
      return n.negate ? !r : r;
    }
    case TokNode::kShape:
    case TokNode::kLower:
    case TokNode::kText: {
      std::string_view f = n.kind == TokNode::kShape ? doc.Shape(t) : n.kind == TokNode::kLower ? doc.Lower(t) : doc.TokenText(t);
      bool r = false;
      if (n.regex >= 0) {
        r = RE2::FullMatch(f, *prog.regexes[n.regex]);
      } else {
        for (const auto& v : n.values)
          if (f == v) {
            r = true;
            break;
          }
      }
      return n.negate ? !r : r;
    }
    case TokNode::kAnd:
      for (int k : n.kids)
        if (!EvalTok(prog, pr, k, doc, t)) return false;
      return true;
    case TokNode::kOr:
      for (int k : n.kids)
        if (EvalTok(prog, pr, k, doc, t)) return true;
      return false;
    case TokNode::kNot: return !EvalTok(prog, pr, n.kids[0], doc, t);
  }
  return false;
}

}  // namespace

bool Prog::TestTok(int pred, const text::TextDoc& doc, uint32_t tok) const {
  return EvalTok(*this, tok_preds[pred], 0, doc, doc.tokens[tok]);
}

uint32_t Prog::TestLit(int lit, const text::TextDoc& doc, uint32_t tok, uint32_t end) const {
  const LitPred& l = lits[lit];
  auto form = [&](const text::Token& t) { return l.case_sensitive ? doc.TokenText(t) : doc.Lower(t); };
  std::string_view first = form(doc.tokens[tok]);
  if (first == l.text) return 1;
  // A tokenizer may split what the rule writes as one word ("交付" as 交 + 付, "U.S." as U . S .):
  // accept a run of adjacent tokens (no space between) whose concatenation is the literal.
  if (first.empty() || first.size() >= l.text.size() || l.text.compare(0, first.size(), first) != 0) return 0;
  size_t have = first.size();
  for (uint32_t k = tok + 1; k < end; ++k) {
    const text::Token& t = doc.tokens[k];
    if (t.flags & text::kSpaceBefore) return 0;
    std::string_view f = form(t);
    if (f.empty() || have + f.size() > l.text.size() || l.text.compare(have, f.size(), f) != 0) return 0;
    have += f.size();
    if (have == l.text.size()) return k - tok + 1;
  }
  return 0;
}

uint64_t Prog::TestLitSet(int set, const text::TextDoc& doc, uint32_t tok, uint32_t end, int32_t first_word,
                          bool may_join) const {
  const LitSet& ls = lit_sets[set];
  auto form = [&](const text::Token& t) { return ls.case_sensitive ? doc.TokenText(t) : doc.Lower(t); };
  std::string_view first = form(doc.tokens[tok]);
  if (first.empty()) return 0;
  uint64_t mask = 0;
  if (!ls.words.empty()) {
    if (ls.HasWord(first_word)) mask |= 1;
    // Split tokens, as in TestLit: adjacent tokens whose joined forms equal a one-word member.
    if (may_join && first.size() < ls.max_len && tok + 1 < end && !(doc.tokens[tok + 1].flags & text::kSpaceBefore)) {
      std::string join(first);
      for (uint32_t k = tok + 1; k < end && k - tok < 64; ++k) {
        const text::Token& t = doc.tokens[k];
        if (t.flags & text::kSpaceBefore) break;
        std::string_view f = form(t);
        if (f.empty() || join.size() + f.size() > ls.max_len) break;
        join += f;
        if (ls.words.count(join)) mask |= uint64_t{1} << (k - tok);
      }
    }
  }
  if (!ls.seq_by_first.empty()) {
    // Members of several words, word by word as their literal instructions would go.
    auto try_member = [&](const std::vector<int>& m) {
      uint32_t at = tok;
      for (int lit : m) {
        if (at >= end) return;
        uint32_t len = TestLit(lit, doc, at, end);
        if (!len) return;
        at += len;
      }
      if (at - tok <= 64) mask |= uint64_t{1} << (at - tok - 1);
    };
    if (first_word >= 0)  // a member's first word is a literal: it has a word id
      if (auto it = ls.seq_by_first_word.find(first_word); it != ls.seq_by_first_word.end())
        for (int i : it->second) try_member(ls.members[i]);
    if (may_join && ls.seq_prefixes.count(first))  // a first word split by the tokenizer (rare)
      for (const auto& [word, idx] : ls.seq_by_first)
        if (word.size() > first.size() && word.compare(0, first.size(), first) == 0)
          for (int i : idx) try_member(ls.members[i]);
  }
  return mask;
}

bool Prog::TestAnn(int pred, const Annotation& a) const {
  const AnnPred& p = ann_preds[pred];
  if (a.kind != p.kind) return false;
  if (p.kind == AnnKind::kCustom && a.label != p.label) return false;
  for (const auto& c : p.cons) {
    bool r = false;
    auto any_of = [&](const std::string& field, bool fold, bool none_is_empty) {
      for (const auto& v : c.values) {
        if (none_is_empty && v == "none" && field.empty()) return true;
        if (fold ? AsciiLowerEqual(field, v) : field == v) return true;
      }
      return false;
    };
    switch (c.key) {
      case AnnCons::kUnit: r = any_of(a.unit, false, true); break;
      case AnnCons::kKind: r = any_of(a.subkind, false, false); break;
      case AnnCons::kName: r = any_of(p.kind == AnnKind::kEntity ? a.label : a.subkind, true, false); break;
      case AnnCons::kBasis: r = any_of(a.period, false, false); break;
      case AnnCons::kPeriod: r = any_of(a.period, false, false); break;
      case AnnCons::kSign: r = (c.values[0] == "-") == a.value.IsNegative(); break;
      case AnnCons::kRange: r = a.value_hi.has_value(); break;
      case AnnCons::kApprox:
        if (c.op.empty()) {
          r = a.approx != Approx::kExact;
        } else {
          for (const auto& v : c.values)
            if (ParseApprox(v) == a.approx) r = true;
        }
        break;
      case AnnCons::kValue: {
        int cmp = Compare(a.value, c.number);
        bool v = c.op == "=" ? cmp == 0 : c.op == "!=" ? cmp != 0 : c.op == ">" ? cmp > 0 : c.op == ">=" ? cmp >= 0
                 : c.op == "<" ? cmp < 0 : cmp <= 0;
        if (!v) return false;
        continue;  // `!=` already applied
      }
    }
    if (c.op == "!=") r = !r;
    if (!r) return false;
  }
  return true;
}

std::string Prog::Describe(const Inst& in) const {
  switch (in.op) {
    case Op::kTok: return tok_preds[in.arg].canon;
    case Op::kLit: return lits[in.arg].canon;
    case Op::kLitSet: return lit_sets[in.arg].canon;
    case Op::kAnn: return ann_preds[in.arg].canon;
    case Op::kMatch: return "(end of rule)";
    default: return "";
  }
}

void SentenceView::Index() {
  uint32_t n = end - begin;
  ann_row.resize(n + 2);
  ann_idx.clear();
  uint32_t row = 0;  // rows [0, row) are final
  if (anns) {
    auto it = std::lower_bound(anns->begin(), anns->end(), begin,
                               [](const Annotation& a, uint32_t b) { return a.tok_begin < b; });
    for (; it != anns->end() && it->tok_begin < end; ++it)
      if (it->tok_end <= end && it->tok_end > it->tok_begin) {
        for (uint32_t p = it->tok_begin - begin; row <= p;) ann_row[row++] = static_cast<uint32_t>(ann_idx.size());
        ann_idx.push_back(static_cast<int>(it - anns->begin()));
      }
  }
  while (row < n + 2) ann_row[row++] = static_cast<uint32_t>(ann_idx.size());
}

void Matcher::Prepare(const SentenceView& s) {
  uint32_t n = s.end - s.begin;
  // Caches are stamped with a generation instead of cleared: no per-sentence fill of
  // (predicates x tokens) entries.
  ++gen_;
  // The caches hold (predicates x tokens) entries: for a giant "sentence" (a 150,000-figure
  // table) that would be gigabytes, so past kMaxCacheEntries predicates are evaluated uncached.
  // Results are identical; each token test then may run once per thread instead of once.
  constexpr size_t kMaxCacheEntries = size_t{8} << 20;
  use_tok_cache_ = prog_.tok_preds.size() * n <= kMaxCacheEntries;
  use_lit_cache_ = prog_.lits.size() * n <= kMaxCacheEntries;
  if (use_tok_cache_ && tok_cache_.size() < prog_.tok_preds.size() * n)
    tok_cache_.resize(prog_.tok_preds.size() * n, 0);
  if (use_lit_cache_ && lit_cache_.size() < prog_.lits.size() * n) lit_cache_.resize(prog_.lits.size() * n, 0);
  use_set_cache_ = prog_.lit_sets.size() * n <= kMaxCacheEntries;
  if (use_set_cache_ && set_cache_.size() < prog_.lit_sets.size() * n) set_cache_.resize(prog_.lit_sets.size() * n);
  if (buckets_.size() < n + 1) buckets_.resize(n + 1);
  for (uint32_t p = 0; p <= n; ++p) buckets_[p].clear();
  n_caps_ = 0;
  if (mark_.size() != prog_.insts.size()) {
    mark_.assign(prog_.insts.size(), 0);
    stamp_ = 0;
  }
  steps_ = 0;
}

bool Matcher::Tok(int pred, const SentenceView& s, uint32_t p) {
  if (int b = static_cast<size_t>(pred) < prog_.tok_bit.size() ? prog_.tok_bit[pred] : -1; b >= 0) return (ix_->tok_bits[s.begin + p] >> b) & 1;  // Note [Token bits]
  if (!use_tok_cache_) return prog_.TestTok(pred, *s.doc, s.begin + p);
  uint64_t& c = tok_cache_[static_cast<size_t>(pred) * (s.end - s.begin) + p];
  if ((c >> 16) != gen_) c = (gen_ << 16) | (prog_.TestTok(pred, *s.doc, s.begin + p) ? 1u : 0u);
  return c & 1;
}

uint32_t Matcher::LitLen(int lit, const SentenceView& s, uint32_t p) {
  {  // Note [Lexicon]: TestLit's answer without touching the text, except for split tokens
    uint32_t tok = s.begin + p;
    const LitPred& l = prog_.lits[lit];
    int32_t w = l.case_sensitive ? ix_->word_case[tok] : ix_->word_lower[tok];
    if (w >= 0 && w == l.word) return 1;
    if (!(l.case_sensitive ? ix_->join_case[tok] : ix_->join_lower[tok])) return 0;
  }
  if (!use_lit_cache_) return std::min<uint32_t>(prog_.TestLit(lit, *s.doc, s.begin + p, s.end), 0xFFFF);
  uint64_t& c = lit_cache_[static_cast<size_t>(lit) * (s.end - s.begin) + p];
  if ((c >> 16) != gen_) c = (gen_ << 16) | std::min<uint32_t>(prog_.TestLit(lit, *s.doc, s.begin + p, s.end), 0xFFFF);
  return static_cast<uint32_t>(c & 0xFFFF);
}

uint64_t Matcher::SetMask(int set, const SentenceView& s, uint32_t p) {
  {  // Note [Lexicon]: with no split tokens to join and no member of several words starting
     // here, TestLitSet's answer is the one-word bit test on the token's word id.
    uint32_t tok = s.begin + p;
    const LitSet& ls = prog_.lit_sets[set];
    bool cs = ls.case_sensitive;
    int32_t w = cs ? ix_->word_case[tok] : ix_->word_lower[tok];
    if (!(cs ? ix_->join_case[tok] : ix_->join_lower[tok]) && (w < 0 || ls.seq_by_first_word.empty())) {
      if (w < 0) return 0;  // no literal's text: no one-word member, and no member starts here
      const text::Token& t = s.doc->tokens[tok];
      if ((cs ? s.doc->TokenText(t) : s.doc->Lower(t)).empty()) return 0;  // as TestLitSet
      return ls.HasWord(w) ? 1 : 0;
    }
  }
  auto test = [&] {
    uint32_t tok = s.begin + p;
    bool cs = prog_.lit_sets[set].case_sensitive;
    return prog_.TestLitSet(set, *s.doc, tok, s.end, cs ? ix_->word_case[tok] : ix_->word_lower[tok],
                            (cs ? ix_->join_case[tok] : ix_->join_lower[tok]) != 0);
  };
  if (!use_set_cache_) return test();
  SetEntry& c = set_cache_[static_cast<size_t>(set) * (s.end - s.begin) + p];
  if (c.gen != gen_) c = SetEntry{gen_, test()};
  return c.mask;
}

// The capture arrays of a run are carved from caps_, whose size is its capacity: kept across
// sentences and documents, grown (rarely) by doubling, so a save is a bounds check and a copy of
// the rule's few slots rather than a vector resize.
int32_t Matcher::CopyCaps(int32_t from, int rule) {
  size_t k = prog_.rules[rule].slots.size() * 3;
  size_t at = n_caps_;
  if (at + k > caps_.size()) caps_.resize(std::max(2 * caps_.size(), at + k + 1024));
  int32_t* to = caps_.data() + at;
  if (from < 0) std::fill_n(to, k, -1);
  else std::copy_n(caps_.data() + from, k, to);
  n_caps_ = at + k;
  return static_cast<int32_t>(at);
}

void Matcher::ThreadList::Grow() {
  uint32_t cap = cap_ ? 2 * cap_ : 16;
  std::unique_ptr<Thread[]> data(new Thread[cap]);
  std::copy(data_.get(), data_.get() + size_, data.get());
  data_ = std::move(data);
  cap_ = cap;
}

// Closure of the seeds at relative position p; consuming instructions feed future buckets.
void Matcher::Step(const SentenceView& s, uint32_t p, ThreadList& seeds, std::vector<Candidate>* out,
                   std::vector<int32_t>* waiting) {
  uint32_t n = s.end - s.begin;
  if (!std::is_sorted(seeds.begin(), seeds.end(), [](const Thread& a, const Thread& b) { return a.start < b.start; }))
    std::stable_sort(seeds.begin(), seeds.end(), [](const Thread& a, const Thread& b) { return a.start < b.start; });
  ++stamp_;
  if (stamp_ == 0) {  // wrapped: clear marks once
    std::fill(mark_.begin(), mark_.end(), 0);
    stamp_ = 1;
  }
  // Depth-first closure: the preferred branch (pushed last) is explored first; a pc is marked
  // when visited, and pcs already visited at this position are not pushed again.
  auto push = [&](int32_t pc, uint32_t start, int32_t caps) {
    if (mark_[pc] != stamp_) stack_threads_.push_back({pc, start, caps});
  };
  for (const Thread& seed : seeds) {
    stack_threads_.clear();
    push(seed.pc, seed.start, seed.caps);
    while (!stack_threads_.empty()) {
      Thread t = stack_threads_.back();
      stack_threads_.pop_back();
      // Epsilon edges are followed in place: the preferred branch at once, the other one pushed
      // (the order of a push of both and a pop of the preferred one, without the round trip).
      for (;;) {
        if (mark_[t.pc] == stamp_) break;
        mark_[t.pc] = stamp_;
        ++steps_;
        const Inst& in = prog_.insts[t.pc];
        switch (in.op) {
          case Op::kJmp: t.pc = in.out; continue;
          case Op::kSplit:
            push(in.out1, t.start, t.caps);
            t.pc = in.out;
            continue;
          case Op::kSave: {
            int32_t nc = CopyCaps(t.caps, in.rule);
            caps_[nc + in.slot * 3 + in.arg] = static_cast<int32_t>(s.begin + p);
            if (in.arg == 0) caps_[nc + in.slot * 3 + 2] = -1;
            t.pc = in.out;
            t.caps = nc;
            continue;
          }
          case Op::kMatch: {
            if (waiting) waiting->push_back(-1 - in.rule);  // trace: the rule matched here
            if (!out) break;
            // Per (rule, start) keep the longest: later positions are longer, so a candidate
            // found again is overwritten in place (its capture vector keeps its capacity).
            uint64_t key = (static_cast<uint64_t>(in.rule) << 32) | t.start;
            auto [it, fresh] = cand_index_.emplace(key, out->size());
            Candidate& c = fresh ? out->emplace_back() : (*out)[it->second];
            c.rule = in.rule;
            c.begin = s.begin + t.start;
            c.end = s.begin + p;
            c.captures.clear();
            if (t.caps >= 0) {
              const auto& slots = prog_.rules[in.rule].slots;
              for (size_t k = 0; k < slots.size(); ++k) {
                int32_t b = caps_[t.caps + k * 3], e = caps_[t.caps + k * 3 + 1];
                if (b < 0 || e <= b) continue;  // unset, or an optional capture that took nothing
                c.captures.push_back(Capture{slots[k], static_cast<uint32_t>(b), static_cast<uint32_t>(e),
                                             caps_[t.caps + k * 3 + 2]});
              }
            }
            break;
          }
          case Op::kTok:
            if (p < n && Tok(in.arg, s, p)) buckets_[p + 1].push_back({in.out, t.start, t.caps});
            else if (waiting) waiting->push_back(t.pc);
            break;
          case Op::kLit:
            if (p < n) {
              if (uint32_t len = LitLen(in.arg, s, p)) {
                buckets_[p + len].push_back({in.out, t.start, t.caps});
                break;
              }
            }
            if (waiting) waiting->push_back(t.pc);
            break;
          case Op::kLitSet:
            if (p < n) {
              if (uint64_t mask = SetMask(in.arg, s, p)) {
                for (uint32_t k = 0; mask; ++k, mask >>= 1)
                  if (mask & 1) buckets_[p + k + 1].push_back({in.out, t.start, t.caps});
                break;
              }
            }
            if (waiting) waiting->push_back(t.pc);
            break;
          case Op::kAnn: {
            bool any = false;
            if (p < n) {
              for (int ai : s.AnnsAt(p)) {
                const Annotation& a = (*s.anns)[ai];
                if (!prog_.TestAnn(in.arg, a)) continue;
                int32_t nc = t.caps;
                if (in.slot >= 0) {
                  nc = CopyCaps(t.caps, in.rule);
                  caps_[nc + in.slot * 3 + 2] = ai;
                }
                buckets_[a.tok_end - s.begin].push_back({in.out, t.start, nc});
                any = true;
              }
            }
            if (!any && waiting) waiting->push_back(t.pc);
            break;
          }
        }
        break;
      }
    }
  }
}

void DocIndex::Build(const Prog& prog, const text::TextDoc& doc) {
  size_t n = doc.tokens.size();
  first_lower.assign(n, nullptr);
  first_case.assign(n, nullptr);
  word_lower.assign(n, -1);
  word_case.assign(n, -1);
  join_lower.assign(n, 0);
  join_case.assign(n, 0);
  // Per token, one lookup per case; the literal atoms of each sentence from the same answers
  // (joined forms looked up only while they are a proper prefix of some literal).
  atom_lower_.assign(n, -1);
  atom_case_.assign(n, -1);
  auto look = [&](const Prog::LexMap& lex, bool lower, std::vector<const Prog::Staged*>& first,
                  std::vector<int32_t>& word, std::vector<uint8_t>& join, std::vector<int32_t>& atom) {
    if (lex.empty()) return;
    // Note [Word ids]: the lowercase forms' lookups are the document's word ids, when it has
    // them from the table the program shares.
    const int32_t* ids = lower && prog.word_ids && doc.word_ids_of == prog.word_ids &&
                                 doc.word_ids.size() == n ? doc.word_ids.data() : nullptr;
    for (size_t k = 0; k < n; ++k) {
      const text::Token& t = doc.tokens[k];
      const Prog::Lex* found;
      if (ids) {
        int32_t id = ids[k];
        found = id >= 0 && static_cast<size_t>(id) < prog.lex_by_word.size() ? prog.lex_by_word[id] : nullptr;
      } else {
        auto it = lex.find(lower ? doc.Lower(t) : doc.TokenText(t));
        found = it == lex.end() ? nullptr : &it->second;
      }
      if (!found) continue;
      const Prog::Lex& e = *found;
      if (e.first >= 0) first[k] = &prog.first_staged[e.first];
      word[k] = e.word;
      atom[k] = e.atom;
      join[k] = e.prefix && k + 1 < n && !(doc.tokens[k + 1].flags & text::kSpaceBefore);
    }
  };
  look(prog.lex_lower, true, first_lower, word_lower, join_lower, atom_lower_);
  look(prog.lex_case, false, first_case, word_case, join_case, atom_case_);
  tok_bits.clear();
  if (prog.n_tok_bits > 0) {
    if (bits_lex_id_ != prog.lex_id || bits_memo_.size() != kBitsMemo) {
      bits_memo_.assign(kBitsMemo, BitsMemo{});
      bits_lex_id_ = prog.lex_id;
    }
    tok_bits.resize(n);
    for (size_t k = 0; k < n; ++k) {
      const text::Token& t = doc.tokens[k];
      auto kind = static_cast<uint8_t>(t.kind);
      int32_t wl = word_lower[k], wc = word_case[k];
      size_t h = (static_cast<uint32_t>(wl + 1) * 2654435761u ^ static_cast<uint32_t>(wc + 1) * 40503u ^
                  (static_cast<uint32_t>(kind) << 8 | t.flags)) & (kBitsMemo - 1);
      BitsMemo& m = bits_memo_[h];
      if (!m.valid || m.word_lower != wl || m.word_case != wc || m.kind != kind || m.flags != t.flags)
        m = BitsMemo{true, wl, wc, kind, t.flags, prog.TokBits(t.kind, t.flags, wl, wc)};
      tok_bits[k] = m.bits;
    }
  }
  atom_row.assign(1, 0);
  atoms.clear();
  std::string& join = join_;
  // Each sentence's row holds an atom once (the prefilter reads the rows once per stage).
  if (atom_mark_.size() != prog.req_atoms.size()) atom_mark_.assign(prog.req_atoms.size(), 0);
  auto push = [&](int32_t a) {
    if (atom_mark_[a] == atom_stamp_) return;
    atom_mark_[a] = atom_stamp_;
    atoms.push_back(a);
  };
  for (const auto& sent : doc.sentences) {
    if (++atom_stamp_ == 0) {  // wrapped: forget old marks
      std::fill(atom_mark_.begin(), atom_mark_.end(), 0);
      atom_stamp_ = 1;
    }
    if (sent.tok_begin < sent.tok_end && sent.tok_end <= n)
      for (int c = 0; c < 2; ++c) {
        const Prog::LexMap& lex = c ? prog.lex_case : prog.lex_lower;
        const auto& atom = c ? atom_case_ : atom_lower_;
        const auto& may_join = c ? join_case : join_lower;
        for (uint32_t k = sent.tok_begin; k < sent.tok_end; ++k) {
          if (atom[k] >= 0) push(atom[k]);
          if (!may_join[k] || k + 1 >= sent.tok_end) continue;
          const text::Token& t0 = doc.tokens[k];
          join.assign(c ? doc.TokenText(t0) : doc.Lower(t0));
          for (uint32_t j = k + 1; j < sent.tok_end; ++j) {
            const text::Token& t = doc.tokens[j];
            if (t.flags & text::kSpaceBefore) break;
            join += c ? doc.TokenText(t) : doc.Lower(t);
            auto it = lex.find(std::string_view(join));
            if (it == lex.end()) break;
            if (it->second.atom >= 0) push(it->second.atom);
            if (!it->second.prefix) break;
          }
        }
      }
    atom_row.push_back(static_cast<uint32_t>(atoms.size()));
  }
}

// Marks the atoms of Note [Required atoms] that occur in the sentence.
void Matcher::MarkAtoms(const SentenceView& s) {
  if (atom_seen_.size() != prog_.req_atoms.size()) {
    atom_seen_.assign(prog_.req_atoms.size(), 0);
    atom_stamp_ = 0;
  }
  if (++atom_stamp_ == 0) {  // wrapped: forget old marks
    std::fill(atom_seen_.begin(), atom_seen_.end(), 0);
    atom_stamp_ = 1;
  }
  // present_ has room for every atom (each is listed once): no capacity check per atom.
  if (present_.size() != prog_.req_atoms.size()) present_.assign(prog_.req_atoms.size(), 0);
  n_present_ = 0;
  auto mark = [&](int atom) {
    if (atom_seen_[atom] == atom_stamp_) return;
    atom_seen_[atom] = atom_stamp_;
    present_[n_present_++] = atom;
  };
  if (s.sentence + 1 < ix_->atom_row.size())
    for (uint32_t i = ix_->atom_row[s.sentence]; i < ix_->atom_row[s.sentence + 1]; ++i) mark(ix_->atoms[i]);
  if (!prog_.ann_atoms.empty())
    for (int ai : s.ann_idx) {  // every annotation of the sentence (AnnsAt of every position)
      const Annotation& x = (*s.anns)[ai];
      if (x.kind == AnnKind::kCustom) {
        if (auto it = prog_.custom_atoms.find(x.label); it != prog_.custom_atoms.end()) mark(it->second);
      } else if (static_cast<size_t>(x.kind) < prog_.ann_kind_atoms.size()) {
        for (int atom : prog_.ann_kind_atoms[static_cast<size_t>(x.kind)]) mark(atom);
      }
    }
}

bool Matcher::Passes(int r) const {
  const uint32_t* clause_atom = prog_.clause_atom.data();
  const int32_t* atoms = prog_.clause_atoms.data();
  const uint32_t* seen = atom_seen_.data();
  const uint32_t stamp = atom_stamp_;
  for (uint32_t c = prog_.rule_clause[r]; c < prog_.rule_clause[r + 1]; ++c) {
    bool any = false;
    for (uint32_t i = clause_atom[c]; i < clause_atom[c + 1]; ++i)
      if (seen[atoms[i]] == stamp) {
        any = true;
        break;
      }
    if (!any) return false;
  }
  return true;
}

void Matcher::Prefilter(const SentenceView& s, const std::vector<int>& rules, int stage, std::vector<int>* active) {
  active->clear();
  if (prog_.rule_clause.size() != prog_.rules.size() + 1) {  // no prefilter built: try every rule
    *active = rules;
    return;
  }
  MarkAtoms(s);
  if (stage < 0 || prog_.atom_trigger.size() != prog_.req_atoms.size()) {
    for (int r : rules)
      if (Passes(r)) active->push_back(r);
    return;
  }
  // Note [Stage index]: the stage's rules triggered by a present atom, and those with no clause.
  for (int r : prog_.no_clause.Of(stage)) active->push_back(r);
  if (trig_mark_.size() != prog_.rules.size()) {
    trig_mark_.assign(prog_.rules.size(), 0);
    trig_stamp_ = 0;
  }
  if (++trig_stamp_ == 0) {  // wrapped: forget old marks
    std::fill(trig_mark_.begin(), trig_mark_.end(), 0);
    trig_stamp_ = 1;
  }
  for (uint32_t i = 0; i < n_present_; ++i)
    for (int r : prog_.atom_trigger[present_[i]].Of(stage)) {
      if (trig_mark_[r] == trig_stamp_) continue;
      trig_mark_[r] = trig_stamp_;
      if (Passes(r)) active->push_back(r);
    }
  std::sort(active->begin(), active->end());
}

void Matcher::Bind(const SentenceView& s) {
  if (s.index) {
    ix_ = s.index;
  } else {
    own_index_.Build(prog_, *s.doc);
    ix_ = &own_index_;
  }
}

bool Matcher::Run(const SentenceView& s, const std::vector<int>& rules, std::vector<Candidate>* out,
                  uint64_t step_cap) {
  return RunRules(s, rules, -1, out, step_cap);
}

bool Matcher::RunStage(const SentenceView& s, int stage, std::vector<Candidate>* out, uint64_t step_cap) {
  return RunRules(s, prog_.stage_rules[stage], stage, out, step_cap);
}

bool Matcher::RunRules(const SentenceView& s, const std::vector<int>& all_rules, int stage,
                       std::vector<Candidate>* out, uint64_t step_cap) {
  Bind(s);
  Prefilter(s, all_rules, stage, &active_);
  const std::vector<int>& rules = active_;
  cand_index_.clear();
  if (rules.empty()) {
    steps_ = 0;
    return true;
  }
  Prepare(s);
  uint32_t n = s.end - s.begin;
  // Rules of this run, and the prefilter's seeds per position (Note [First sets], compile.cc).
  if (rule_mark_.size() != prog_.rules.size()) rule_mark_.assign(prog_.rules.size(), 0);
  if (in_run_.size() != prog_.rules.size()) in_run_.assign(prog_.rules.size(), 0);
  for (int r : rules) in_run_[r] = 1;
  std::vector<int>& starters = starters_;
  // The run's rules that start with a token predicate are seeded at
  // every position; they are listed once per run (in_run_ 2) rather than filtered per position.
  std::vector<int>& any_run = any_run_;
  any_run.clear();
  for (int r : prog_.first_any_staged.Of(stage))
    if (in_run_[r] == 1) {
      in_run_[r] = 2;
      any_run.push_back(r);
    }
  std::sort(any_run.begin(), any_run.end());
  const bool use_start_bits = prog_.start_bits.size() == prog_.rules.size() && !ix_->tok_bits.empty();
  auto add = [&](std::span<const int> rs, uint32_t stamp) {
    for (int r : rs)
      if (in_run_[r] == 1 && rule_mark_[r] != stamp) {
        rule_mark_[r] = stamp;
        starters.push_back(r);
      }
  };
  ThreadList& seeds = seeds_;
  seeds.clear();
  bool ok = true;
  for (uint32_t p = 0; p <= n; ++p) {
    seeds.swap(buckets_[p]);
    buckets_[p].clear();
    if (p < n) {
      starters.clear();
      if (use_start_bits) {  // Note [Start bits]
        uint64_t here = ix_->tok_bits[s.begin + p];
        for (int r : any_run)
          if (!prog_.start_bits[r] || (prog_.start_bits[r] & here)) starters.push_back(r);
      } else {
        starters.assign(any_run.begin(), any_run.end());
      }
      size_t n_any = starters.size();
      if (++rule_stamp_ == 0) {  // wrapped: forget old marks
        std::fill(rule_mark_.begin(), rule_mark_.end(), 0);
        rule_stamp_ = 1;
      }
      uint32_t stamp = rule_stamp_;
      // Each list's slice of this stage (Note [Stage index]); the whole lists when stage < 0.
      if (const auto* rs = ix_->first_lower[s.begin + p]) add(rs->Of(stage), stamp);
      if (const auto* rs = ix_->first_case[s.begin + p]) add(rs->Of(stage), stamp);
      for (int ai : s.AnnsAt(p)) {
        const Annotation& a = (*s.anns)[ai];
        if (a.kind != AnnKind::kCustom && static_cast<size_t>(a.kind) < prog_.first_ann_staged.size()) {
          add(prog_.first_ann_staged[static_cast<size_t>(a.kind)].Of(stage), stamp);
        } else if (a.kind == AnnKind::kCustom) {
          if (auto it = prog_.first_custom_staged.find(a.label); it != prog_.first_custom_staged.end())
            add(it->second.Of(stage), stamp);
        }
      }
      if (starters.size() > n_any) std::sort(starters.begin(), starters.end());
      for (int r : starters) seeds.push_back({prog_.rules[r].entry, p, -1});
    }
    if (!seeds.empty()) Step(s, p, seeds, out, nullptr);
    seeds.clear();
    if (steps_ > step_cap) {
      ok = false;
      break;
    }
  }
  for (int r : rules) in_run_[r] = 0;
  return ok;
}

void Matcher::Trace(const SentenceView& s, int rule, std::vector<RuleTrace>* out) {
  Bind(s);
  uint32_t n = s.end - s.begin;
  RuleTrace best;
  int best_progress = -1;
  bool best_matched = false;
  ThreadList seeds;
  for (uint32_t a = 0; a < n; ++a) {
    Prepare(s);
    uint32_t furthest = a;
    bool matched = false;
    uint32_t match_end = a;
    std::vector<int32_t> waiting_at_furthest;
    for (uint32_t p = a; p <= n; ++p) {
      seeds.swap(buckets_[p]);
      buckets_[p].clear();
      if (p == a) seeds.push_back({prog_.rules[rule].entry, p, -1});
      if (seeds.empty()) continue;
      std::vector<int32_t> waiting;
      Step(s, p, seeds, nullptr, &waiting);
      seeds.clear();
      furthest = p;
      waiting_at_furthest.clear();
      for (int32_t w : waiting) {
        if (w < 0) {
          matched = true;
          match_end = p;  // positions only grow: the longest match
        } else {
          waiting_at_furthest.push_back(w);
        }
      }
      if (steps_ > kDefaultStepCap) break;
    }
    if (matched) furthest = match_end;
    int progress = static_cast<int>(furthest - a);
    if (progress == 0 && !matched) continue;
    bool better = (matched && !best_matched) || (matched == best_matched && progress > best_progress);
    if (!better) continue;
    best_progress = progress;
    best_matched = matched;
    best.sentence = s.sentence;
    best.start_tok = s.begin + a;
    best.furthest_tok = s.begin + furthest;
    if (matched) {
      best.expected = "(matched)";
    } else {
      std::vector<std::string> descs;
      for (int32_t pc : waiting_at_furthest) {
        std::string d = prog_.Describe(prog_.insts[pc]);
        if (std::find(descs.begin(), descs.end(), d) == descs.end()) descs.push_back(d);
      }
      best.expected.clear();
      for (size_t i = 0; i < descs.size(); ++i) best.expected += (i ? " or " : "") + descs[i];
      if (furthest == n) best.expected += " (sentence ended)";
    }
  }
  if (best_progress >= 0) out->push_back(best);
}

// Note [Conflicts]
// ~~~~~~~~~~~~~~~~
// All candidates of one stage in one sentence are ranked by priority (higher first), then length
// in tokens (longer first), then start (leftmost first), then rule order in the files. Walking
// that ranking, a candidate overlapping no accepted match is accepted; otherwise it is suppressed
// by the first accepted match it overlaps, with the deciding reason.
void ResolveConflicts(const Prog& prog, const std::vector<Candidate>& cands, uint32_t sentence,
                      std::vector<Match>* accepted, std::vector<Suppressed>* suppressed) {
  std::vector<size_t> order(cands.size());
  std::iota(order.begin(), order.end(), 0);
  auto prio = [&](const Candidate& c) { return prog.rules[c.rule].priority; };
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const Candidate& a = cands[x];
    const Candidate& b = cands[y];
    if (prio(a) != prio(b)) return prio(a) > prio(b);
    if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.rule < b.rule;
  });
  std::vector<size_t> acc;  // indices into cands
  std::vector<std::pair<size_t, size_t>> sup;  // (cand, winner cand)
  for (size_t i : order) {
    const Candidate& c = cands[i];
    size_t winner = SIZE_MAX;
    for (size_t w : acc)
      if (cands[w].begin < c.end && c.begin < cands[w].end) {
        winner = w;
        break;
      }
    if (winner == SIZE_MAX) acc.push_back(i);
    else sup.emplace_back(i, winner);
  }
  std::sort(acc.begin(), acc.end(), [&](size_t x, size_t y) {
    return cands[x].begin != cands[y].begin ? cands[x].begin < cands[y].begin : cands[x].rule < cands[y].rule;
  });
  size_t base = accepted->size();
  std::vector<size_t> pos(cands.size());  // accepted candidate -> its index in *accepted
  for (size_t k = 0; k < acc.size(); ++k) {
    pos[acc[k]] = base + k;
    const Candidate& c = cands[acc[k]];
    accepted->push_back(Match{c.rule, sentence, c.begin, c.end, c.captures});
  }
  for (auto [i, w] : sup) {
    const Candidate& c = cands[i];
    const Candidate& b = cands[w];
    Suppressed s;
    s.match = Match{c.rule, sentence, c.begin, c.end, c.captures};
    s.winner = static_cast<int>(pos[w]);
    if (prio(b) != prio(c)) s.reason = "priority";
    else if (b.end - b.begin != c.end - c.begin) s.reason = "longer";
    else if (b.begin != c.begin) s.reason = "leftmost";
    else s.reason = "rule order";
    suppressed->push_back(std::move(s));
  }
}

}  // namespace quarry::grammar
