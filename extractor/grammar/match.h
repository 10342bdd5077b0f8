// The matcher: runs a stage's rules over one sentence in a single left-to-right pass (a Pike VM:
// Thompson NFA simulation with per-position deduplicated thread lists, plus future buckets for
// elements that consume several tokens). See Note [Candidates] in match.cc for what it finds,
// and Note [Conflicts] for how overlapping matches are settled.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "grammar/grammar.h"
#include "grammar/prog.h"

namespace quarry::grammar {

// What the matcher looks up per token and per sentence that does not depend on the stage:
// built once per document so that the stages do not repeat it (Grammar::Run).
struct DocIndex {
  // Per token: the rules whose first set holds the token's lower / exact form (Note [First
  // sets]), or null.
  std::vector<const Prog::Staged*> first_lower, first_case;
  // Per token (Note [Lexicon] in compile.cc): the word id of its lower / exact form (-1: no
  // literal), and whether a literal may start here and run over split tokens (the form is a
  // proper prefix of a literal and the next token follows with no space).
  std::vector<int32_t> word_lower, word_case;
  std::vector<uint8_t> join_lower, join_case;
  // Per token (Note [Token bits] in compile.cc): bit Prog::tok_bit[pred] says whether token
  // predicate `pred` holds; empty when the program has no such predicate.
  std::vector<uint64_t> tok_bits;
  // Per sentence: the literal atoms (Note [Required atoms]) occurring in it, each once, as CSR rows.
  std::vector<uint32_t> atom_row;  // sentence s: atoms[atom_row[s], atom_row[s + 1])
  std::vector<int> atoms;

  void Build(const Prog& prog, const text::TextDoc& doc);

 private:
  std::vector<int32_t> atom_lower_, atom_case_;  // Build's scratch: each token's literal atom
  std::string join_;                             // Build's scratch: joined token forms
  std::vector<uint32_t> atom_mark_;              // Build's scratch: atom -> stamp of its sentence
  uint32_t atom_stamp_ = 0;
  // Build's memo of Prog::TokBits by (kind, flags, word ids): documents have few distinct
  // combinations, and the answer depends on the program alone, so entries are kept across
  // documents and dropped when the program changes (Prog::lex_id). Direct-mapped.
  struct BitsMemo {
    bool valid = false;
    int32_t word_lower = -1, word_case = -1;
    uint8_t kind = 0, flags = 0;
    uint64_t bits = 0;
  };
  static constexpr size_t kBitsMemo = 1024;
  std::vector<BitsMemo> bits_memo_;
  uint64_t bits_lex_id_ = 0;  // the Prog::lex_id bits_memo_ holds answers of
};

// One sentence's input: tokens [begin, end) of `doc` and the annotations lying inside them.
struct SentenceView {
  const text::TextDoc* doc = nullptr;
  const std::vector<Annotation>* anns = nullptr;
  uint32_t sentence = 0;
  uint32_t begin = 0, end = 0;
  // Indices of annotations starting at token begin + p and ending by `end`, as CSR rows (one
  // flat array, its capacity kept when the view is reused for the next sentence):
  // AnnsAt(p) = ann_idx[ann_row[p], ann_row[p + 1]), for p in [0, end - begin].
  std::vector<uint32_t> ann_row;
  std::vector<int> ann_idx;
  std::span<const int> AnnsAt(uint32_t p) const { return {ann_idx.data() + ann_row[p], ann_row[p + 1] - ann_row[p]}; }
  // The document's DocIndex, built for this doc and program (Grammar::Run, Grammar::Trace). Left
  // null, the matcher builds one over the whole document for each call (fine for tests and
  // one-off traces, costly per sentence of a long document).
  const DocIndex* index = nullptr;

  // Fills ann_row and ann_idx (anns must be sorted by tok_begin).
  void Index();
};

// A rule's match before conflict resolution.
struct Candidate {
  int rule = -1;
  uint32_t begin = 0, end = 0;
  std::vector<Capture> captures;
};

inline constexpr uint64_t kDefaultStepCap = 4'000'000;  // VM steps per sentence and stage

class Matcher {
 public:
  explicit Matcher(const Prog& prog) : prog_(prog) {}

  // Candidates of `rules` (indices into prog.rules) in `s`. Returns false when the step cap cut
  // the sentence short (candidates found so far are kept).
  bool Run(const SentenceView& s, const std::vector<int>& rules, std::vector<Candidate>* out,
           uint64_t step_cap = kDefaultStepCap);
  // The same for the rules of one stage (`stage` indexes prog.stages): Run(s, prog.stage_rules
  // [stage], ...), reading only that stage's slices of the program's lists (Note [Stage index]).
  bool RunStage(const SentenceView& s, int stage, std::vector<Candidate>* out,
                uint64_t step_cap = kDefaultStepCap);

  // Runs only `rule`, anchored at each start in turn, recording how far it got.
  void Trace(const SentenceView& s, int rule, std::vector<RuleTrace>* out);

  uint64_t steps() const { return steps_; }

 private:
  struct Thread {
    int32_t pc;
    uint32_t start;
    int32_t caps;  // offset into caps_ or -1 (nothing saved yet)
  };
  // A growable array of threads whose append is a compare, a store and an increment, inlined in
  // the closure loop (std::vector's append, with its growth path, was an out-of-line call per
  // thread there). Capacity is kept across clear(), sentences and documents.
  class ThreadList {
   public:
    void push_back(const Thread& t) {
      if (size_ == cap_) Grow();
      data_[size_++] = t;
    }
    const Thread& back() const { return data_[size_ - 1]; }
    void pop_back() { --size_; }
    bool empty() const { return size_ == 0; }
    void clear() { size_ = 0; }
    Thread* begin() { return data_.get(); }
    Thread* end() { return data_.get() + size_; }
    void swap(ThreadList& o) noexcept {
      std::swap(data_, o.data_);
      std::swap(size_, o.size_);
      std::swap(cap_, o.cap_);
    }

   private:
    void Grow();
    std::unique_ptr<Thread[]> data_;
    uint32_t size_ = 0, cap_ = 0;
  };
  void Prepare(const SentenceView& s);
  // stage: an index into prog.stages whose rules `rules` are, or -1 for any list of rules.
  bool RunRules(const SentenceView& s, const std::vector<int>& rules, int stage, std::vector<Candidate>* out,
                uint64_t step_cap);
  // Rules of `rules` whose required atoms all occur in the sentence (Note [Required atoms]).
  void Prefilter(const SentenceView& s, const std::vector<int>& rules, int stage, std::vector<int>* active);
  bool Passes(int rule) const;  // every clause of `rule` has an atom marked by MarkAtoms
  void MarkAtoms(const SentenceView& s);
  uint32_t LitLen(int lit, const SentenceView& s, uint32_t p);
  uint64_t SetMask(int set, const SentenceView& s, uint32_t p);
  bool Tok(int pred, const SentenceView& s, uint32_t p);
  int32_t CopyCaps(int32_t from, int rule);
  void Step(const SentenceView& s, uint32_t p, ThreadList& seeds, std::vector<Candidate>* out,
            std::vector<int32_t>* waiting);

  const Prog& prog_;
  std::vector<ThreadList> buckets_;  // future thread seeds per relative position
  // pred * n + p -> (generation << 16) | result; an entry of an older generation is unknown.
  std::vector<uint64_t> tok_cache_;           // result 0/1
  std::vector<uint64_t> lit_cache_;           // result: tokens consumed
  struct SetEntry {
    uint64_t gen = 0, mask = 0;  // Prog::TestLitSet's mask, valid when gen == gen_
  };
  std::vector<SetEntry> set_cache_;           // set * n + p
  bool use_tok_cache_ = true, use_lit_cache_ = true, use_set_cache_ = true;  // off for giant sentences (Prepare)
  uint64_t gen_ = 0;
  std::vector<int32_t> caps_;                 // capture arrays: 3 ints per slot (begin, end, ann)
  size_t n_caps_ = 0;                         // caps_[0, n_caps_) in use by the current run
  std::vector<uint32_t> mark_;                // pc -> stamp of the position that visited it
  uint32_t stamp_ = 0;
  std::vector<int32_t> stack_;
  ThreadList stack_threads_;
  std::unordered_map<uint64_t, size_t> cand_index_;  // (rule << 32 | start) -> index into out
  uint64_t steps_ = 0;
  std::vector<uint32_t> rule_mark_;  // rule -> stamp of the position that seeded it
  std::vector<uint8_t> in_run_;      // rule -> part of the current Run (2: also in any_run_)
  uint32_t rule_stamp_ = 0;
  std::vector<int> active_;          // Run's rules after the prefilter
  std::vector<int> any_run_;         // Run's rules seeded at every position (first_any), sorted
  std::vector<int> starters_;        // Run's scratch: rules seeded at the current position
  ThreadList seeds_;                 // Run's scratch: threads of the current position
  std::vector<uint32_t> atom_seen_;   // atom -> stamp of the sentence it occurs in
  uint32_t atom_stamp_ = 0;
  std::vector<int> present_;          // the atoms marked for the sentence, each once: [0, n_present_)
  uint32_t n_present_ = 0;
  std::vector<uint32_t> trig_mark_;   // rule -> stamp of the prefilter that visited it
  uint32_t trig_stamp_ = 0;
  // The document index of the current Run or Trace: the view's, or own_index_ built for it.
  void Bind(const SentenceView& s);
  const DocIndex* ix_ = nullptr;
  DocIndex own_index_;
};

// Note [Conflicts]: settles overlapping candidates of one stage. Accepted matches are returned
// in *accepted; every other candidate goes to *suppressed with the accepted match that beat it
// (index into *accepted) and why.
void ResolveConflicts(const Prog& prog, const std::vector<Candidate>& cands, uint32_t sentence,
                      std::vector<Match>* accepted, std::vector<Suppressed>* suppressed);

}  // namespace quarry::grammar
