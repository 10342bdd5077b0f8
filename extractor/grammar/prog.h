// The compiled grammar: one instruction array holding every rule's program, plus the interned
// predicates the instructions test. The narrow waist between compile.cc (which builds it) and
// match.cc / dump.cc / reference.cc (which read it). Immutable once compiled.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/annotation.h"
#include "base/decimal.h"
#include "text/text_doc.h"
#include "text/word_ids.h"

namespace quarry::grammar {

// Instruction set of the token automaton (a Thompson NFA). Consuming instructions are kTok
// (one token), kLit (one token, or a run of adjacent tokens whose concatenation equals the
// literal: tokenizer splits must not break rules) and kAnn (all tokens of one annotation).
enum class Op : uint8_t {
  kTok,    // arg = token predicate; out
  kLit,    // arg = literal; out
  kLitSet, // arg = literal set (an alternation of one-word literals, one hash lookup); out
  kAnn,    // arg = annotation predicate; slot = capture slot receiving the annotation index or -1
  kSplit,  // out (preferred), out1
  kJmp,    // out
  kSave,   // slot = capture slot, arg = 0 (begin) or 1 (end); out
  kMatch,  // rule
};

struct Inst {
  Op op = Op::kMatch;
  int32_t out = -1, out1 = -1;
  int32_t arg = -1;
  int32_t slot = -1;
  int32_t rule = -1;  // every instruction knows its rule (capture arrays are per rule)
};

// A predicate over one token, as a small expression tree (nodes[0] is the root).
struct TokNode {
  enum Kind : uint8_t { kAny, kLit, kLitCase, kRegex, kKind, kShape, kLower, kText, kFlag, kAnd, kOr, kNot };
  Kind kind = kAny;
  bool negate = false;              // attribute op `!=`
  int32_t regex = -1;               // index into Prog::regexes (kRegex, or attributes with `~`)
  std::vector<std::string> values;  // kLit: the literal; attributes: alternatives
  uint32_t mask = 0;                // kKind: bit per TokenKind; kFlag: TokenFlag bits (any)
  std::vector<int32_t> kids;
  // kLit, kLower (lowercase lexicon) and kLitCase, kText (exact lexicon): the word ids of
  // `values` (Prog::BuildLex), for Note [Token bits].
  std::vector<int32_t> value_words;
};

struct TokPred {
  std::string canon;  // canonical text, also the interning key
  std::vector<TokNode> nodes;
};

struct LitPred {
  std::string text;     // lowercased unless case-sensitive
  bool case_sensitive = false;
  std::string canon;
  int32_t word = -1;    // its id in the vocabulary of its case (Prog::BuildLex)
};

// Hash for string-keyed containers looked up by a token's string_view, without a copy.
struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Consecutive literal alternatives of an alternation, `(delivered | sold | handed over)`,
// tested by one lookup instead of one instruction each (Note [Literal sets] in compile.cc).
struct LitSet {
  // Members in order; each a sequence of literals (indices into Prog::lits), all of one case
  // sensitivity: {"sold"} or {"handed", "over"}.
  std::vector<std::vector<int>> members;
  bool case_sensitive = false;
  std::unordered_set<std::string, SvHash, std::equal_to<>> words;  // one-word members
  size_t max_len = 0;                                               // longest one-word member, bytes
  // Members of several words, by their first word; and every proper prefix of a first word (a
  // first word that the tokenizer split starts with one of them).
  std::unordered_map<std::string, std::vector<int>, SvHash, std::equal_to<>> seq_by_first;
  std::unordered_set<std::string, SvHash, std::equal_to<>> seq_prefixes;
  std::string canon;  // `{"a"|"b" "c"}`: interning key and description
  std::vector<uint64_t> word_bits;  // one-word members as a bit set over word ids (BuildLex)
  // seq_by_first keyed by the first word's word id (BuildLex): a token's form is a first word
  // iff its word id is that word's, so the matcher finds the members without hashing the text.
  std::unordered_map<int32_t, std::vector<int>> seq_by_first_word;
  bool HasWord(int32_t word) const {
    return word >= 0 && static_cast<size_t>(word >> 6) < word_bits.size() && ((word_bits[word >> 6] >> (word & 63)) & 1);
  }
};

// One constraint on an annotation (`unit=vehicle|none`, `value>1000`, `approx`, ...).
struct AnnCons {
  enum Key : uint8_t { kUnit, kValue, kApprox, kRange, kKind, kName, kBasis, kSign, kPeriod };
  Key key = kUnit;
  std::string op;  // "", "=", "!=", ">", ">=", "<", "<="
  std::vector<std::string> values;
  Decimal number;  // kValue
};

struct AnnPred {
  AnnKind kind = AnnKind::kQuantity;
  std::string label;  // kCustom: the stage label
  std::vector<AnnCons> cons;
  std::string canon;
};

struct ProgRule {
  int32_t entry = 0;
  int32_t inst_begin = 0, inst_end = 0;  // [begin, end) in Prog::insts
  std::vector<std::string> slots;        // capture slot names
  int stage = 1, priority = 0;
};

struct Prog {
  std::vector<Inst> insts;
  std::vector<TokPred> tok_preds;
  std::vector<LitPred> lits;
  std::vector<LitSet> lit_sets;
  std::vector<AnnPred> ann_preds;
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<ProgRule> rules;
  std::vector<int> stages;  // distinct stage numbers, ascending

  // Start prefilter (Note [First sets] in compile.cc): which rules can begin at a token. A rule
  // is seeded at a position only if one of the consuming instructions it can start with could
  // match there.
  // String-keyed maps looked up by a token's string_view, without a copy.
  using StrHash = SvHash;
  using FirstMap = std::unordered_map<std::string, std::vector<int>, StrHash, std::equal_to<>>;
  FirstMap first_lower;  // literal prefix -> rules
  FirstMap first_case;   // case-sensitive literal prefix
  std::unordered_map<std::string, std::vector<int>> first_ann;    // AnnKey() -> rules
  std::vector<int> first_any;                                     // rules starting with a token predicate
  static std::string AnnKey(AnnKind kind, const std::string& label) {
    return kind == AnnKind::kCustom ? "custom:" + label : std::string(AnnKindName(kind));
  }
  void BuildFirstSets();

  // Sentence prefilter (Note [Required atoms] in compile.cc): what a rule cannot match without.
  // An atom is a literal's lowercase text (kLower), its exact text (kCase), or an annotation kind
  // (kAnn; custom annotations with their label). Required(r) lists rule r's clauses; each clause
  // holds atom indices of which every match of r contains at least one. A rule with no clauses
  // is always tried.
  struct ReqAtom {
    enum Kind : uint8_t { kLower, kCase, kAnn };
    Kind kind = kLower;
    std::string text;                     // kLower, kCase: the literal; kAnn: AnnKey()
    AnnKind ann = AnnKind::kQuantity;     // kAnn
    std::string label;                    // kAnn, custom annotations
  };
  using AtomMap = std::unordered_map<std::string, int, StrHash, std::equal_to<>>;
  std::vector<ReqAtom> req_atoms;
  AtomMap lower_atoms, case_atoms;  // literal text -> atom
  std::vector<int> ann_atoms;       // the kAnn atoms
  // The clauses, flat for the matcher's prefilter: rule r's clauses are [rule_clause[r],
  // rule_clause[r + 1]), clause c's atoms are clause_atoms[clause_atom[c], clause_atom[c + 1])
  // (one contiguous array rather than a vector per clause). Built by BuildRequired.
  std::vector<uint32_t> rule_clause, clause_atom;
  std::vector<int32_t> clause_atoms;
  std::vector<std::vector<int>> Required(int rule) const;  // rule's clauses, read from the arrays
  std::vector<std::vector<int>> ann_kind_atoms;  // AnnKind (not custom) -> its kAnn atoms
  std::unordered_map<std::string, int> custom_atoms;  // custom label -> its kAnn atom
  void BuildRequired();

  // The lexicon (Note [Lexicon] in compile.cc): every string the program looks a token's form up
  // by (literal texts and their proper prefixes, first-set keys, literal atoms), in one map per
  // case, so that a document's tokens are looked up once each (match.cc, DocIndex) rather than
  // once per map, stage, rule and position.
  struct Lex {
    int32_t word = -1;   // literal text: its word id (LitPred::word)
    int32_t first = -1;  // first-set key: index into first_lists
    int32_t atom = -1;   // literal atom (req_atoms)
    bool prefix = false; // a proper prefix of some literal (tokens joined from here may match)
  };
  using LexMap = std::unordered_map<std::string, Lex, SvHash, std::equal_to<>>;
  LexMap lex_lower, lex_case;
  std::vector<std::vector<int>> first_lists;
  void BuildLex();
  // Note [Word ids] (text/word_ids.cc): lex_lower's keys interned into the word ids shared with
  // the annotators (ShareWords), and lex_lower's entry of each such id (null: a word of others),
  // so that DocIndex::Build reads a document's lowercase lookups from its word ids. Null and
  // empty until ShareWords; set once, while loading, after the last BuildLex.
  const text::WordIds* word_ids = nullptr;
  std::vector<const Lex*> lex_by_word;
  void ShareWords(text::WordIds* ids);

  // Note [Token bits] in compile.cc: token predicates decided by a token's kind, flags and the
  // word ids of its two forms get a bit (tok_bit[pred], -1: none; at most kMaxTokBits of them),
  // and the matcher reads their answers from a per-token bit set (DocIndex::tok_bits).
  static constexpr int kMaxTokBits = 64;
  std::vector<int8_t> tok_bit;
  int n_tok_bits = 0;
  // Distinct for every BuildLex of every program in the process: lets a cache of TokBits answers
  // outlive one document without outliving the program (whose address may be reused).
  uint64_t lex_id = 0;
  // The bits of every predicate with a bit, for a token of `kind` and `flags` whose lowercase
  // and exact forms have word ids `word_lower` and `word_case` (-1: no lexicon word).
  uint64_t TokBits(text::TokenKind kind, uint8_t flags, int32_t word_lower, int32_t word_case) const;

  // Per-stage views of the rule lists above (Note [Stage index] in compile.cc), so that a stage's
  // run reads only its own rules: a Staged list holds its rules sorted by stage, then rule.
  struct Staged {
    std::vector<int> rules;
    std::vector<uint32_t> off;  // stage index k's rules: rules[off[k], off[k + 1])
    // The rules of stage index `stage` (an index into `stages`); stage < 0: all of them.
    std::span<const int> Of(int stage) const {
      if (stage < 0) return rules;
      return {rules.data() + off[stage], off[stage + 1] - off[stage]};
    }
  };
  std::vector<int32_t> rule_stage;            // rule -> its stage's index into `stages`
  std::vector<std::vector<int>> stage_rules;  // stage index -> its rules, ascending
  std::vector<Staged> first_staged;           // first_lists, staged (what DocIndex points to)
  Staged first_any_staged;                    // first_any, staged
  // first_ann, staged: by kind for the built-in kinds, by label for custom annotations (no key
  // string is built per annotation and position).
  // Note [Start bits] in compile.cc: per rule, the token bits of the predicates it can start
  // with, when those are all it can start with (0: none such, the rule is seeded everywhere).
  std::vector<uint64_t> start_bits;
  std::vector<Staged> first_ann_staged;       // built-in AnnKind -> its rules
  std::unordered_map<std::string, Staged, SvHash, std::equal_to<>> first_custom_staged;  // custom label
  // The prefilter's triggers: each rule with clauses has one trigger clause (its most selective);
  // atom_trigger[a] lists the rules whose trigger clause holds atom a. A rule can pass only if an
  // atom of its trigger clause is present, so a stage's prefilter reads the rules triggered by the
  // sentence's atoms, plus the rules with no clause, instead of every rule of the stage.
  std::vector<Staged> atom_trigger;
  Staged no_clause;
  Staged MakeStaged(const std::vector<int>& rule_list) const;
  void BuildStages();  // after BuildLex

  // Evaluations (used by match.cc and reference.cc alike, so both agree by construction on
  // what one element means; they differ only in how they search).
  bool TestTok(int pred, const text::TextDoc& doc, uint32_t tok) const;
  // Tokens consumed by literal `lit` at `tok` (0 = no match); never past `end`.
  uint32_t TestLit(int lit, const text::TextDoc& doc, uint32_t tok, uint32_t end) const;
  // Token counts at which some member of literal set `set` matches at `tok`, as a bit mask (bit
  // k-1: k tokens); 0 = none. Agrees with TestLit on every member by construction.
  // `first_word` is the token form's word id (-1 when the form is no literal), so the one-word
  // test is a bit test; `may_join` false says the form is no proper prefix of a literal or the
  // next token is spaced, so no member can match split tokens (Note [Lexicon], DocIndex).
  uint64_t TestLitSet(int set, const text::TextDoc& doc, uint32_t tok, uint32_t end, int32_t first_word,
                      bool may_join) const;
  bool TestAnn(int pred, const Annotation& a) const;

  // Human description of a consuming instruction (for traces and dumps).
  std::string Describe(const Inst& in) const;
};

}  // namespace quarry::grammar
