// Compiler: AST -> Thompson-NFA program (prog.h). Each rule compiles to a DAG of instructions
// (no unbounded repetition exists, so there are no epsilon cycles) ending in kMatch. Predicates
// are interned by canonical text, so a regex used by many rules is compiled and run once.
#include "grammar/compile.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace quarry::grammar {
namespace {

// "object" as a constant is a directive to facts/ (object=near: the sentence's other company, resolve.cc).
const std::set<std::string> kSetKeys = {"type",   "modality", "unit",  "approx", "qualifier",
                                         "period", "scope",    "object", "frame",   "sign", "range", "list"};
const std::set<std::string> kExampleSlots = {"subject", "object", "value",    "period",    "location", "unit",
                                             "type",    "modality", "approx", "qualifier", "scope",    "subject2"};
const std::set<std::string> kModalities = {"actual", "target", "plan", "forecast"};
const std::set<std::string> kBuiltinAnns = {"quantity", "period", "change", "entity"};

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}
std::string JoinSet(const std::set<std::string>& v) {
  return Join(std::vector<std::string>(v.begin(), v.end()), ", ");
}

// Unicode lowercase, to compare literals with TextDoc::Lower().
std::string Lower(const std::string& s) {
  bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    std::string o = s;
    for (auto& c : o)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return o;
  }
  std::string out;
  icu::UnicodeString::fromUTF8(s).toLower(icu::Locale::getRoot()).toUTF8String(out);
  return out;
}

std::string Quote(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o.push_back('\\');
    o.push_back(c);
  }
  return o + "\"";
}

// Longest member a literal set takes, in bytes (Note [Literal sets]); the matcher reports a
// set's match lengths as a 64-bit mask of token counts, and a member of n bytes spans at most n
// tokens.
constexpr size_t kMaxSetWordBytes = 48;

struct MacroRef {
  const DefineAst* def = nullptr;
  int file = -1;
};

class Compiler {
 public:
  Compiler(const std::vector<FileAst>& files, const std::vector<std::vector<int>>& scopes, const PackSchema* schema,
           Prog* prog, std::vector<RuleInfo>* rules, std::vector<LoadError>* errors)
      : files_(files), scopes_(scopes), schema_(schema), prog_(prog), rules_(rules), errors_(errors) {}

  void Run();

 private:
  void Error(int file, Pos p, std::string msg) {
    errors_->push_back(LoadError{files_[file].file, p.line, p.col, std::move(msg)});
    failed_ = true;
  }
  const DefineAst* FindMacro(int file, const std::string& name, int* def_file) const;
  int InternTok(const TokExpr& e, int file);
  bool BuildTok(const TokExpr& e, int file, TokPred* pred, int* node_index);
  int AddRegex(const std::string& pattern, bool icase, int file, Pos p, const std::string& shown);
  int InternAnn(const Node& n, int file, int stage);
  int InternAnnNode(const Node& n, int file, int stage);
  // Against the schema: a `set` value (type, unit, scope; a scope is made canonical in *value),
  // and the unit= and kind= values of an annotation constraint. False with a message.
  bool CheckSetValue(const std::string& key, std::string* value);
  bool CheckAnnValues(const std::string& ann_type, const AnnConstraint& c, int file);
  int InternLit(const std::string& word, bool cs);
  int InternLitSet(const std::vector<std::vector<int>>& members, bool cs);
  // An alternation's alternatives, nested alternations and macros spelled out in order (Note
  // [Literal sets]); false when that would step past a limit or an error (then the alternation is
  // compiled branch by branch, which reports it).
  struct AltItem {
    const Node* node;
    int file, depth, ann_slot;
    std::vector<std::string> chain;  // macros entered on the way
  };
  bool FlattenAlt(const Node& n, int file, int depth, int ann_slot, std::vector<std::string>* chain,
                  size_t stack_depth, std::vector<AltItem>* out) const;
  // Appends an instruction of `weight` toward the rule's size cap: 1, or a literal set's member
  // count, so alternatives stacked through macros into one kLitSet cannot bypass the cap.
  int Emit(Inst in, int weight = 1) {
    in.rule = cur_rule_;
    prog_->insts.push_back(in);
    rule_weight_ += weight;
    if (rule_weight_ > kMaxRuleInsts && !too_big_) too_big_ = true;
    return static_cast<int>(prog_->insts.size()) - 1;
  }
  bool SingleAnn(const Node& n, int file, int depth) const;
  int Compile(const Node& n, int next, int file, int depth, int ann_slot, std::vector<std::string>* macro_stack);
  int Slot(const std::string& name) {
    auto& slots = prog_->rules.back().slots;
    for (size_t i = 0; i < slots.size(); ++i)
      if (slots[i] == name) return static_cast<int>(i);
    slots.push_back(name);
    return static_cast<int>(slots.size()) - 1;
  }
  bool Nullable(int entry) const;
  // Registers capture slots in the order the captures are written.
  void CollectSlots(const Node& n, int file, int depth) {
    if (depth > kMaxMacroDepth + kMaxNesting) return;
    if (n.kind == Node::kCapture) Slot(n.name);
    if (n.kind == Node::kMacro) {
      int df = -1;
      if (const DefineAst* d = FindMacro(file, n.name, &df); d && d->ok) CollectSlots(d->body, df, depth + 1);
      return;
    }
    for (const auto& k : n.kids) CollectSlots(k, file, depth + 1);
  }

  const std::vector<FileAst>& files_;
  const std::vector<std::vector<int>>& scopes_;
  const PackSchema* schema_;  // null: nothing to check names against
  std::string schema_error_;  // CheckSetValue's message
  Prog* prog_;
  std::vector<RuleInfo>* rules_;
  std::vector<LoadError>* errors_;
  std::unordered_map<std::string, int> tok_index_, lit_index_, set_index_, ann_index_, regex_index_;
  std::unordered_map<std::string, int> word_lit_[2];  // InternLit's words as written, by case sensitivity
  // A macro's body compiles again in every rule that uses it, and each time interns the same
  // predicates: a predicate interned once without error is found again by its node (and stage,
  // which an annotation's check reads), without rebuilding its key.
  std::unordered_map<const TokExpr*, int> tok_expr_index_;
  std::map<std::pair<const Node*, int>, int> ann_node_index_;
  std::map<std::string, int> emit_stage_;  // label -> lowest stage emitting it
  int cur_rule_ = -1;
  int rule_begin_ = 0;
  int64_t rule_weight_ = 0;  // the rule's size so far (Emit)
  int cur_stage_ = 1;
  bool failed_ = false;
  bool too_big_ = false;
};

const DefineAst* Compiler::FindMacro(int file, const std::string& name, int* def_file) const {
  for (int f : scopes_[file])
    for (const auto& d : files_[f].defines)
      if (d.name == name) {
        *def_file = f;
        return &d;
      }
  return nullptr;
}

int Compiler::AddRegex(const std::string& pattern, bool icase, int file, Pos p, const std::string& shown) {
  std::string key = (icase ? "i:" : "c:") + pattern;
  if (auto it = regex_index_.find(key); it != regex_index_.end()) return it->second;
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_case_sensitive(!icase);
  auto re = std::make_unique<RE2>(pattern, opt);
  if (!re->ok()) {
    Error(file, p, "bad regex " + shown + ": " + re->error());
    return -1;
  }
  prog_->regexes.push_back(std::move(re));
  int idx = static_cast<int>(prog_->regexes.size()) - 1;
  regex_index_[key] = idx;
  return idx;
}

std::string TokCanon(const TokExpr& e, bool top) {
  switch (e.kind) {
    case TokExpr::kAny: return "_";
    case TokExpr::kLit: return (e.flag ? "c" : "") + Quote(e.text);
    case TokExpr::kRegex: {
      std::string r;
      for (char c : e.text) {
        if (c == '/') r.push_back('\\');
        r.push_back(c);
      }
      return "/" + r + "/" + (e.flag ? "i" : "");
    }
    case TokExpr::kAttr: {
      std::vector<std::string> vs;
      for (const auto& v : e.values) {
        bool bare = !v.empty() && v.find_first_of(" \t]&|)\"/") == std::string::npos;
        vs.push_back(bare ? v : Quote(v));
      }
      std::string s = e.key + e.op + Join(vs, "|");
      return top ? "[" + s + "]" : s;
    }
    case TokExpr::kAnd:
    case TokExpr::kOr: {
      std::vector<std::string> ks;
      for (const auto& k : e.kids) {
        std::string c = TokCanon(k, false);
        if (k.kind == TokExpr::kAnd || k.kind == TokExpr::kOr) c = "(" + c + ")";
        ks.push_back(c);
      }
      std::string s = Join(ks, e.kind == TokExpr::kAnd ? " & " : " | ");
      return top ? "[" + s + "]" : s;
    }
    case TokExpr::kNot: {
      const TokExpr& k = e.kids[0];
      bool attr = k.kind == TokExpr::kAttr || k.kind == TokExpr::kAnd || k.kind == TokExpr::kOr;
      if (top) return "!" + TokCanon(k, true);
      return "!" + (attr && k.kind != TokExpr::kAttr ? "(" + TokCanon(k, false) + ")" : TokCanon(k, false));
    }
  }
  return "?";
}

bool Compiler::BuildTok(const TokExpr& e, int file, TokPred* pred, int* out) {
  TokNode n;
  bool ok = true;
  switch (e.kind) {
    case TokExpr::kAny: n.kind = TokNode::kAny; break;
    case TokExpr::kLit:
      n.kind = e.flag ? TokNode::kLitCase : TokNode::kLit;
      n.values.push_back(e.flag ? e.text : Lower(e.text));
      break;
    case TokExpr::kRegex:
      n.kind = TokNode::kRegex;
      n.regex = AddRegex(e.text, e.flag, file, e.pos, TokCanon(e, true));
      ok = n.regex >= 0;
      break;
    case TokExpr::kAttr: {
      static const std::map<std::string, TokNode::Kind> kKeys = {
          {"kind", TokNode::kKind}, {"shape", TokNode::kShape}, {"lower", TokNode::kLower},
          {"text", TokNode::kText}, {"flag", TokNode::kFlag}};
      auto it = kKeys.find(e.key);
      if (it == kKeys.end()) {
        Error(file, e.pos, "unknown token attribute '" + e.key + "' (known: kind, shape, lower, text, flag)");
        return false;
      }
      n.kind = it->second;
      n.negate = e.op == "!=";
      if (n.kind == TokNode::kKind || n.kind == TokNode::kFlag) {
        if (e.op == "~") {
          Error(file, e.pos, "'" + e.key + "' takes = or !=, not ~");
          return false;
        }
        static const std::map<std::string, int> kKinds = {{"word", 0}, {"number", 1}, {"percent", 2},
                                                          {"cjk", 3},  {"punct", 4},  {"symbol", 5}};
        static const std::map<std::string, int> kFlags = {{"sentence_start", text::kSentenceStart},
                                                          {"paragraph_start", text::kParagraphStart},
                                                          {"space_before", text::kSpaceBefore},
                                                          {"heading", text::kHeading}};
        for (const auto& v : e.values) {
          if (n.kind == TokNode::kKind) {
            auto k = kKinds.find(v);
            if (k == kKinds.end()) {
              Error(file, e.pos, "unknown token kind '" + v + "' (known: word, number, percent, cjk, punct, symbol)");
              return false;
            }
            n.mask |= 1u << k->second;
          } else {
            auto k = kFlags.find(v);
            if (k == kFlags.end()) {
              Error(file, e.pos, "unknown token flag '" + v + "' (known: sentence_start, paragraph_start, heading, space_before)");
              return false;
            }
            n.mask |= static_cast<uint32_t>(k->second);
          }
        }
      } else if (e.op == "~") {
        n.regex = AddRegex(Join(e.values, "|"), false, file, e.pos, TokCanon(e, true));
        if (n.regex < 0) return false;
      } else {
        for (const auto& v : e.values) n.values.push_back(n.kind == TokNode::kLower ? Lower(v) : v);
      }
      break;
    }
    case TokExpr::kAnd:
    case TokExpr::kOr:
    case TokExpr::kNot:
      n.kind = e.kind == TokExpr::kAnd ? TokNode::kAnd : e.kind == TokExpr::kOr ? TokNode::kOr : TokNode::kNot;
      break;
  }
  int idx = static_cast<int>(pred->nodes.size());
  pred->nodes.push_back(n);
  for (const auto& k : e.kids) {
    int ki = -1;
    if (!BuildTok(k, file, pred, &ki)) return false;
    pred->nodes[idx].kids.push_back(ki);
  }
  *out = idx;
  return ok;
}

int Compiler::InternTok(const TokExpr& e, int file) {
  if (auto it = tok_expr_index_.find(&e); it != tok_expr_index_.end()) return it->second;
  std::string canon = TokCanon(e, true);
  if (auto it = tok_index_.find(canon); it != tok_index_.end()) {
    tok_expr_index_.emplace(&e, it->second);
    return it->second;
  }
  TokPred p;
  p.canon = canon;
  int root = -1;
  if (!BuildTok(e, file, &p, &root)) return -1;
  prog_->tok_preds.push_back(std::move(p));
  int idx = static_cast<int>(prog_->tok_preds.size()) - 1;
  tok_index_[canon] = idx;
  tok_expr_index_.emplace(&e, idx);
  return idx;
}

int Compiler::InternLit(const std::string& word, bool cs) {
  // By the word as written first: a macro's words recur in every rule that uses it.
  auto& by_word = word_lit_[cs ? 1 : 0];
  if (auto it = by_word.find(word); it != by_word.end()) return it->second;
  LitPred l;
  l.case_sensitive = cs;
  l.text = cs ? word : Lower(word);
  l.canon = cs ? "c" : "";  // built in two steps: GCC 12 -Wrestrict misfires on "x" + std::string
  l.canon += Quote(l.text);
  int idx;
  if (auto it = lit_index_.find(l.canon); it != lit_index_.end()) {
    idx = it->second;
  } else {
    idx = static_cast<int>(prog_->lits.size());
    lit_index_.emplace(l.canon, idx);
    prog_->lits.push_back(std::move(l));
  }
  by_word.emplace(word, idx);
  return idx;
}

int Compiler::InternLitSet(const std::vector<std::vector<int>>& members, bool cs) {
  // The key first: a set recurs in every rule that uses its macro, and is built only once.
  std::string canon = "{";
  for (size_t i = 0; i < members.size(); ++i) {
    canon += i ? "|" : "";
    for (size_t w = 0; w < members[i].size(); ++w) {
      if (w) canon += ' ';
      canon += prog_->lits[members[i][w]].canon;
    }
  }
  canon += "}";
  if (auto it = set_index_.find(canon); it != set_index_.end()) return it->second;
  LitSet set;
  set.members = members;
  set.case_sensitive = cs;
  set.canon = std::move(canon);
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string& first = prog_->lits[members[i][0]].text;
    if (members[i].size() == 1) {
      set.words.insert(first);
      set.max_len = std::max(set.max_len, first.size());
      continue;
    }
    set.seq_by_first[first].push_back(static_cast<int>(i));
    for (size_t k = 1; k < first.size(); ++k)
      if ((static_cast<unsigned char>(first[k]) & 0xC0) != 0x80) set.seq_prefixes.insert(first.substr(0, k));
  }
  prog_->lit_sets.push_back(std::move(set));
  int idx = static_cast<int>(prog_->lit_sets.size()) - 1;
  set_index_[prog_->lit_sets.back().canon] = idx;
  return idx;
}

bool Compiler::FlattenAlt(const Node& n, int file, int depth, int ann_slot, std::vector<std::string>* chain,
                          size_t stack_depth, std::vector<AltItem>* out) const {
  if (depth > kMaxNesting || static_cast<int>(n.kids.size()) > kMaxAltBranches) return false;
  for (const Node& kid : n.kids) {
    const Node* k = &kid;
    int kslot = ann_slot;
    if (k->kind == Node::kSeq && k->kids.size() == 1) {  // a sequence passes no annotation slot down
      k = &k->kids[0];
      kslot = -1;
    }
    if (k->kind == Node::kAlt) {
      if (!FlattenAlt(*k, file, depth + 1, kslot, chain, stack_depth, out)) return false;
      continue;
    }
    if (k->kind == Node::kMacro) {
      int df = -1;
      const DefineAst* d = FindMacro(file, k->name, &df);
      if (d && d->ok && (d->body.kind == Node::kAlt || d->body.kind == Node::kLit) &&
          std::find(chain->begin(), chain->end(), k->name) == chain->end() &&
          stack_depth + chain->size() + 1 < static_cast<size_t>(kMaxMacroDepth) && depth + 2 <= kMaxNesting) {
        chain->push_back(k->name);
        bool ok = true;
        if (d->body.kind == Node::kAlt) {
          ok = FlattenAlt(d->body, df, depth + 2, kslot, chain, stack_depth, out);
        } else {
          out->push_back(AltItem{&d->body, df, depth + 2, kslot, *chain});
          ok = out->size() <= static_cast<size_t>(kMaxRuleInsts);
        }
        chain->pop_back();
        if (!ok) return false;
        continue;
      }
    }
    out->push_back(AltItem{k, file, depth + 1, kslot, *chain});
    // Macros stacked on macros multiply: past the rule size cap, stop spelling out (the
    // alternation is then compiled branch by branch, and the cap reports it).
    if (out->size() > static_cast<size_t>(kMaxRuleInsts)) return false;
  }
  return true;
}

int Compiler::InternAnn(const Node& n, int file, int stage) {
  if (auto it = ann_node_index_.find({&n, stage}); it != ann_node_index_.end()) return it->second;
  int idx = InternAnnNode(n, file, stage);
  if (idx >= 0) ann_node_index_.emplace(std::make_pair(&n, stage), idx);
  return idx;
}

int Compiler::InternAnnNode(const Node& n, int file, int stage) {
  AnnPred p;
  std::vector<std::string> known;
  if (n.ann_type == "quantity") {
    p.kind = AnnKind::kQuantity;
    known = {"unit", "value", "approx", "range"};
  } else if (n.ann_type == "change") {
    p.kind = AnnKind::kChange;
    known = {"basis", "sign", "value", "unit", "approx"};
  } else if (n.ann_type == "period") {
    p.kind = AnnKind::kPeriod;
    known = {"kind", "period"};
  } else if (n.ann_type == "entity") {
    p.kind = AnnKind::kEntity;
    known = {"kind", "name"};
  } else {
    p.kind = AnnKind::kCustom;
    p.label = n.ann_type;
    known = {"unit", "value", "approx", "range", "name", "period"};
    auto it = emit_stage_.find(n.ann_type);
    if (it == emit_stage_.end()) {
      Error(file, n.pos, "unknown annotation <" + n.ann_type +
                             "> (built-in: quantity, period, change, entity; or a label emitted by an earlier stage)");
      return -1;
    }
    if (it->second >= stage) {
      Error(file, n.pos, "<" + n.ann_type + "> is emitted at stage " + std::to_string(it->second) +
                             "; only rules of a later stage can match it (this rule is stage " + std::to_string(stage) + ")");
      return -1;
    }
  }
  std::vector<std::string> parts;
  for (const auto& c : n.cons) {
    if (std::find(known.begin(), known.end(), c.key) == known.end()) {
      Error(file, c.pos, "unknown key '" + c.key + "' for <" + n.ann_type + "> (known: " + Join(known, ", ") + ")");
      return -1;
    }
    AnnCons ac;
    ac.op = c.op;
    ac.values = c.values;
    static const std::map<std::string, AnnCons::Key> kKeys = {
        {"unit", AnnCons::kUnit}, {"value", AnnCons::kValue}, {"approx", AnnCons::kApprox},
        {"range", AnnCons::kRange}, {"kind", AnnCons::kKind}, {"name", AnnCons::kName},
        {"basis", AnnCons::kBasis}, {"sign", AnnCons::kSign}, {"period", AnnCons::kPeriod}};
    ac.key = kKeys.at(c.key);
    if (schema_ && !CheckAnnValues(n.ann_type, c, file)) return -1;
    bool cmp = c.op == ">" || c.op == "<" || c.op == ">=" || c.op == "<=";
    switch (ac.key) {
      case AnnCons::kValue: {
        if (c.op.empty() || c.op == "~" || c.values.size() != 1) {
          Error(file, c.pos, "value takes one number with = != > >= < <=, e.g. value>1000");
          return -1;
        }
        auto d = Decimal::Parse(c.values[0]);
        if (!d) {
          Error(file, c.pos, "value: '" + c.values[0] + "' is not a decimal number");
          return -1;
        }
        ac.number = *d;
        break;
      }
      case AnnCons::kRange:
        if (!c.op.empty()) {
          Error(file, c.pos, "range is a bare flag: <quantity range>");
          return -1;
        }
        break;
      case AnnCons::kApprox:
        if (c.op == "=" || c.op == "!=") {
          for (const auto& v : c.values)
            if (!ParseApprox(v)) {
              Error(file, c.pos, "approx: '" + v + "' is not one of = > >= < <= ~");
              return -1;
            }
        } else if (!c.op.empty()) {
          Error(file, c.pos, "approx takes = or != (approx=> approx=~), or stands alone for any approximation");
          return -1;
        }
        break;
      case AnnCons::kSign:
        if (c.op != "=" || c.values.size() != 1 || (c.values[0] != "+" && c.values[0] != "-")) {
          Error(file, c.pos, "sign takes sign=+ or sign=-");
          return -1;
        }
        break;
      default:
        if (c.op != "=" && c.op != "!=") {
          Error(file, c.pos, c.key + (cmp || c.op.empty() ? " needs = or != and a value, e.g. " : " takes = or !=, e.g. ") +
                                 c.key + "=x|y");
          return -1;
        }
    }
    std::vector<std::string> vs;
    for (const auto& v : c.values) {
      bool bare = !v.empty() && v.find_first_of(" \t>|\"") == std::string::npos;
      vs.push_back(bare || c.key == "approx" ? v : Quote(v));
    }
    parts.push_back(c.key + c.op + Join(vs, "|"));
    p.cons.push_back(std::move(ac));
  }
  // Canonical order of constraints: as written is meaningful to authors but irrelevant to the
  // match; sort for a stable interning key and dump.
  std::vector<size_t> order(parts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return parts[a] < parts[b]; });
  std::vector<AnnCons> sorted;
  std::vector<std::string> sparts;
  for (size_t i : order) {
    sorted.push_back(p.cons[i]);
    sparts.push_back(parts[i]);
  }
  p.cons = std::move(sorted);
  p.canon = "<" + n.ann_type + (sparts.empty() ? "" : " " + Join(sparts, " ")) + ">";
  if (auto it = ann_index_.find(p.canon); it != ann_index_.end()) return it->second;
  prog_->ann_preds.push_back(std::move(p));
  int idx = static_cast<int>(prog_->ann_preds.size()) - 1;
  ann_index_[prog_->ann_preds.back().canon] = idx;
  return idx;
}

bool Compiler::CheckSetValue(const std::string& key, std::string* value) {
  if (key == "type") {
    for (const char* d : kTypeDirectives)
      if (*value == d) return true;
    if (schema_->Type(*value)) return true;
    schema_error_ = "unknown type '" + *value + "' (pack.schema declares: " + schema_->TypeNames() + ")";
    return false;
  }
  if (key == "unit") {
    if (schema_->Unit(*value)) return true;
    schema_error_ = "unknown unit '" + *value + "' (pack.schema declares: " + schema_->UnitNames() + ")";
    return false;
  }
  if (key == "scope") {
    if (*value == kScopeCarry) return true;
    auto canon = schema_->Canonical(*value, &schema_error_);
    if (!canon) return false;
    *value = *canon;
  }
  return true;
}

bool Compiler::CheckAnnValues(const std::string& ann_type, const AnnConstraint& c, int file) {
  for (const auto& v : c.values) {
    if (c.key == "unit" && v != "none" && !schema_->Unit(v)) {
      Error(file, c.pos, "unknown unit '" + v + "' (pack.schema declares: none, " + schema_->UnitNames() + ")");
      return false;
    }
    if (c.key == "kind" && ann_type == "entity" && !schema_->Kind(v)) {
      Error(file, c.pos, "unknown entity kind '" + v + "' (pack.schema declares: " + schema_->KindNames() + ")");
      return false;
    }
  }
  return true;
}

// True when every way through `n` consumes exactly one annotation element and nothing else:
// then a capture of `n` records that annotation's index.
bool Compiler::SingleAnn(const Node& n, int file, int depth) const {
  if (depth > kMaxMacroDepth) return false;
  switch (n.kind) {
    case Node::kAnn: return true;
    case Node::kCapture: return SingleAnn(n.kids[0], file, depth);
    case Node::kSeq: return n.kids.size() == 1 && SingleAnn(n.kids[0], file, depth);
    case Node::kAlt:
      for (const auto& k : n.kids)
        if (!SingleAnn(k, file, depth)) return false;
      return true;
    case Node::kRepeat: return n.min == 1 && n.max == 1 && SingleAnn(n.kids[0], file, depth);
    case Node::kMacro: {
      int df = -1;
      const DefineAst* d = FindMacro(file, n.name, &df);
      return d && d->ok && SingleAnn(d->body, df, depth + 1);
    }
    default: return false;
  }
}

int Compiler::Compile(const Node& n, int next, int file, int depth, int ann_slot,
                      std::vector<std::string>* macro_stack) {
  if (next < 0 || too_big_) return -1;
  if (depth > kMaxNesting) {
    Error(file, n.pos, "pattern nested deeper than " + std::to_string(kMaxNesting) + " levels");
    return -1;
  }
  switch (n.kind) {
    case Node::kTok: {
      int p = InternTok(n.tok, file);
      if (p < 0) return -1;
      return Emit(Inst{Op::kTok, next, -1, p, -1, -1});
    }
    case Node::kLit: {
      int cur = next;
      for (size_t i = n.words.size(); i-- > 0;) cur = Emit(Inst{Op::kLit, cur, -1, InternLit(n.words[i], n.case_sensitive), -1, -1});
      return cur;
    }
    case Node::kAnn: {
      int p = InternAnn(n, file, cur_stage_);
      if (p < 0) return -1;
      return Emit(Inst{Op::kAnn, next, -1, p, ann_slot, -1});
    }
    case Node::kSeq: {
      int cur = next;
      for (size_t i = n.kids.size(); i-- > 0;) {
        cur = Compile(n.kids[i], cur, file, depth, -1, macro_stack);
        if (cur < 0) return -1;
      }
      return cur;
    }
    case Node::kAlt: {
      if (static_cast<int>(n.kids.size()) > kMaxAltBranches) {
        Error(file, n.pos, "alternation of " + std::to_string(n.kids.size()) + " branches exceeds the limit of " +
                               std::to_string(kMaxAltBranches) + " (use a regex or a macro per group)");
        return -1;
      }
      std::vector<int> entries;
      std::vector<AltItem> items;
      std::vector<std::string> chain;
      if (FlattenAlt(n, file, depth, ann_slot, &chain, macro_stack->size(), &items)) {
        // Note [Literal sets]: runs of one-word literals become one kLitSet each.
        // The words of an alternative made only of literals ("sold", "handed over", "sales"
        // "volume"), or nothing.
        auto words_of = [](const AltItem& it, std::vector<const Node*>* lits) {
          lits->clear();
          const Node* n = it.node;
          if (n->kind == Node::kLit) lits->push_back(n);
          else if (n->kind == Node::kSeq)
            for (const Node& k : n->kids) {
              if (k.kind != Node::kLit) return false;
              lits->push_back(&k);
            }
          else return false;
          size_t bytes = 0;
          for (const Node* l : *lits) {
            if (l->case_sensitive != (*lits)[0]->case_sensitive) return false;
            for (const auto& w : l->words) {
              if (w.empty()) return false;
              bytes += w.size();
            }
          }
          return !lits->empty() && bytes <= kMaxSetWordBytes;
        };
        std::vector<const Node*> lits_i, lits_j;
        for (size_t i = 0; i < items.size();) {
          size_t j = i;
          bool cs = false;
          if (words_of(items[i], &lits_i)) {
            cs = lits_i[0]->case_sensitive;
            while (j + 1 < items.size() && words_of(items[j + 1], &lits_j) && lits_j[0]->case_sensitive == cs) ++j;
          }
          if (j > i) {
            std::vector<std::vector<int>> members;
            for (size_t k = i; k <= j; ++k) {
              words_of(items[k], &lits_j);
              std::vector<int> m;
              for (const Node* l : lits_j)
                for (const auto& w : l->words) m.push_back(InternLit(w, cs));
              members.push_back(std::move(m));
            }
            int weight = static_cast<int>(members.size());
            entries.push_back(Emit(Inst{Op::kLitSet, next, -1, InternLitSet(members, cs), -1, -1}, weight));
          } else {
            const AltItem& it = items[i];
            for (const auto& m : it.chain) macro_stack->push_back(m);
            int e = Compile(*it.node, next, it.file, it.depth, it.ann_slot, macro_stack);
            macro_stack->resize(macro_stack->size() - it.chain.size());
            if (e < 0) return -1;
            entries.push_back(e);
          }
          i = j + 1;
        }
      } else {
        for (const auto& k : n.kids) {
          int e = Compile(k, next, file, depth + 1, ann_slot, macro_stack);
          if (e < 0) return -1;
          entries.push_back(e);
        }
      }
      if (entries.size() == 1) return entries[0];
      int cur = entries.back();
      for (size_t i = entries.size() - 1; i-- > 0;) cur = Emit(Inst{Op::kSplit, entries[i], cur, -1, -1, -1});
      return cur;
    }
    case Node::kRepeat: {
      if (n.max > kMaxRepeat) {
        Error(file, n.pos, "repetition bound " + std::to_string(n.max) + " exceeds the limit of " + std::to_string(kMaxRepeat));
        return -1;
      }
      if (n.min > n.max) {
        Error(file, n.pos, "bad repetition {" + std::to_string(n.min) + "," + std::to_string(n.max) + "}: minimum above maximum");
        return -1;
      }
      if (n.max == 0) {
        Error(file, n.pos, "repetition {0} matches nothing");
        return -1;
      }
      int cur = next;
      for (int i = 0; i < n.max - n.min; ++i) {
        int e = Compile(n.kids[0], cur, file, depth + 1, -1, macro_stack);
        if (e < 0) return -1;
        cur = Emit(Inst{Op::kSplit, e, next, -1, -1, -1});
      }
      for (int i = 0; i < n.min; ++i) {
        cur = Compile(n.kids[0], cur, file, depth + 1, n.min == 1 && n.max == 1 ? ann_slot : -1, macro_stack);
        if (cur < 0) return -1;
      }
      return cur;
    }
    case Node::kCapture: {
      int slot = Slot(n.name);
      int end = Emit(Inst{Op::kSave, next, -1, 1, slot, -1});
      int body = Compile(n.kids[0], end, file, depth + 1, SingleAnn(n.kids[0], file, 0) ? slot : -1, macro_stack);
      if (body < 0) return -1;
      return Emit(Inst{Op::kSave, body, -1, 0, slot, -1});
    }
    case Node::kMacro: {
      int df = -1;
      const DefineAst* d = FindMacro(file, n.name, &df);
      if (!d) {
        Error(file, n.pos, "unknown macro $" + n.name);
        return -1;
      }
      if (std::find(macro_stack->begin(), macro_stack->end(), n.name) != macro_stack->end()) {
        std::string chain;
        for (const auto& m : *macro_stack) chain += "$" + m + " -> ";
        Error(file, n.pos, "macro recursion: " + chain + "$" + n.name);
        return -1;
      }
      if (static_cast<int>(macro_stack->size()) >= kMaxMacroDepth) {
        Error(file, n.pos, "macros nested deeper than " + std::to_string(kMaxMacroDepth) + " levels");
        return -1;
      }
      if (!d->ok) {
        failed_ = true;  // its syntax error was already reported at the define
        return -1;
      }
      macro_stack->push_back(n.name);
      int e = Compile(d->body, next, df, depth + 1, ann_slot, macro_stack);
      macro_stack->pop_back();
      return e;
    }
  }
  return -1;
}

// Can the rule starting at `entry` reach kMatch without consuming a token?
bool Compiler::Nullable(int entry) const {
  std::vector<int> stack = {entry};
  std::set<int> seen;
  while (!stack.empty()) {
    int pc = stack.back();
    stack.pop_back();
    if (pc < 0 || !seen.insert(pc).second) continue;
    const Inst& in = prog_->insts[pc];
    switch (in.op) {
      case Op::kMatch: return true;
      case Op::kSplit: stack.push_back(in.out1); [[fallthrough]];
      case Op::kJmp:
      case Op::kSave: stack.push_back(in.out); break;
      default: break;
    }
  }
  return false;
}

void Compiler::Run() {
  // Emitted labels first: rules may use a label defined in any file, as long as it comes from an
  // earlier stage.
  for (const auto& f : files_)
    for (const auto& r : f.rules)
      if (!r.emit.empty()) {
        auto [it, fresh] = emit_stage_.emplace(r.emit, r.stage);
        if (!fresh) it->second = std::min(it->second, r.stage);
      }
  // Defines: duplicate names within one file.
  for (size_t fi = 0; fi < files_.size(); ++fi) {
    std::map<std::string, Pos> seen;
    for (const auto& d : files_[fi].defines) {
      auto [it, fresh] = seen.emplace(d.name, d.pos);
      if (!fresh)
        Error(static_cast<int>(fi), d.pos,
              "macro " + d.name + " is already defined at line " + std::to_string(it->second.line));
    }
  }
  std::map<std::string, std::string> names;  // rule name -> "file:line"
  std::set<int> stages;
  for (size_t fi = 0; fi < files_.size(); ++fi) {
    int file = static_cast<int>(fi);
    for (const auto& r : files_[fi].rules) {
      failed_ = false;
      std::string where = files_[fi].file + ":" + std::to_string(r.pos.line);
      if (r.name.empty()) continue;
      auto [it, fresh] = names.emplace(r.name, where);
      if (!fresh) Error(file, r.pos, "duplicate rule name " + r.name + " (first defined at " + it->second + ")");
      RuleInfo info;
      info.name = r.name;
      info.id = where + " " + r.name;
      info.stage = r.stage;
      info.priority = r.priority;
      info.emit = r.emit;
      info.examples = r.examples;
      for (size_t i = 0; i < r.set.size(); ++i) {
        const auto& [k, v] = r.set[i];
        if (!kSetKeys.count(k)) {
          Error(file, r.set_pos[i], "unknown slot '" + k + "' in set (known: " + JoinSet(kSetKeys) + ")");
          continue;
        }
        if (k == "modality" && !kModalities.count(v))
          Error(file, r.set_pos[i], "unknown modality '" + v + "' (known: " + JoinSet(kModalities) + ")");
        if (k == "frame" && v != "true") Error(file, r.set_pos[i], "frame takes frame=true (a candidate fact, kept only where no other rule covers its figure)");
        if (k == "sign" && v != "-")
          Error(file, r.set_pos[i], "sign takes sign=- (the figure is a loss or a fall: its value is negated)");
        if (k == "range" && v != "bounds")
          Error(file, r.set_pos[i], "range takes range=bounds (a range figure gives its low end as >= and its high end as <=)");
        if (k == "list" && v != "parallel")
          Error(file, r.set_pos[i], "list takes list=parallel (item k of the `subjects` or `periods` capture pairs with "
                                    "figure k of the `values` capture)");
        if (k == "approx" && !ParseApprox(v))
          Error(file, r.set_pos[i], "approx: '" + v + "' is not one of = > >= < <= ~");
        std::string value = v;
        if (schema_ && !CheckSetValue(k, &value)) Error(file, r.set_pos[i], schema_error_);
        info.constants[k] = value;
        if (k == "list") info.parallel_list = true;
      }
      if (!r.emit.empty() && kBuiltinAnns.count(r.emit))
        Error(file, r.emit_pos, "emit " + r.emit + ": a built-in annotation name cannot be emitted");
      if (r.emit.empty() && !info.constants.count("type"))
        Error(file, r.pos, "rule " + r.name + " produces nothing: add `set type=...` (a fact) or `emit LABEL`");
      for (size_t e = 0; e < r.examples.size(); ++e)
        for (size_t s = 0; s < r.example_slots[e].size(); ++s)
          if (!kExampleSlots.count(r.example_slots[e][s]))
            Error(file, r.example_slot_pos[e][s],
                  "unknown slot '" + r.example_slots[e][s] + "' in example (known: " + JoinSet(kExampleSlots) + ")");
      if (!r.has_match) Error(file, r.pos, "rule " + r.name + " has no match clause");
      // A syntax error in the pattern was reported by the parser; other errors of the rule do
      // not stop its pattern from being checked too.
      if (!r.has_match || !r.match_ok) continue;
      bool rule_failed = failed_;
      failed_ = false;
      // Compile the pattern.
      cur_rule_ = static_cast<int>(prog_->rules.size());
      rule_begin_ = static_cast<int>(prog_->insts.size());
      rule_weight_ = 0;
      cur_stage_ = r.stage;
      too_big_ = false;
      ProgRule pr;
      pr.stage = r.stage;
      pr.priority = r.priority;
      pr.inst_begin = rule_begin_;
      prog_->rules.push_back(pr);
      CollectSlots(r.pattern, file, 0);
      if (info.parallel_list) {  // Note [Parallel lists] in facts/resolve.cc
        const auto& slots = prog_->rules.back().slots;
        auto has = [&](const char* s) { return std::find(slots.begin(), slots.end(), s) != slots.end(); };
        if (!has("value") || !has("values") || (has("subjects") && has("periods")))
          Error(file, r.pos, "rule " + r.name + ": list=parallel needs a `value` capture (the first figure) inside a "
                             "`values` capture (the coordinated figures), and at most one of `subjects` and `periods` "
                             "(the coordinated items)");
      }
      int match = Emit(Inst{Op::kMatch, -1, -1, -1, -1, -1});
      std::vector<std::string> macro_stack;
      int entry = Compile(r.pattern, match, file, 0, -1, &macro_stack);
      if (too_big_) Error(file, r.pos, "rule " + r.name + " compiles to more than " + std::to_string(kMaxRuleInsts) +
                                           " instructions or alternatives (smaller repetitions or fewer alternatives)");
      if (entry >= 0 && !failed_ && Nullable(entry))
        Error(file, r.pos, "rule " + r.name + " can match an empty sequence (every element optional)");
      if (entry < 0 || failed_ || rule_failed) {
        prog_->insts.resize(rule_begin_);
        prog_->rules.pop_back();
        continue;
      }
      prog_->rules.back().entry = entry;
      prog_->rules.back().inst_end = static_cast<int>(prog_->insts.size());
      stages.insert(r.stage);
      rules_->push_back(std::move(info));
    }
  }
  prog_->stages.assign(stages.begin(), stages.end());
}

}  // namespace

// Note [Literal sets]
// ~~~~~~~~~~~~~~~~~~~
// Rules open and continue with alternations of words: `$deliver_verb = (delivered | sold |
// handed | shipped | ...)`. Compiled as written, an alternation of n one-word literals is n-1
// splits and n literal tests, and the VM visits all of them for every thread that reaches it,
// in every rule that uses the macro: that was most of the matcher's steps on news text. So the
// compiler spells an alternation out (nested alternations and macro bodies inline, in order:
// (a|(b|c)) is (a|b|c), preference order included) and replaces each run of two or more
// consecutive one-word literals of one case sensitivity by a single kLitSet instruction, which
// looks the token up once. Exact: the members of a run share their continuation and carry no
// captures, so the threads they produce differ only in how many tokens they consume, and a set
// produces one thread per distinct count (TestLitSet) in the same buckets that the members
// would have filled; the run's order cannot matter because nothing else is explored between
// its members. Other alternatives keep their place between the sets. The differential test
// checks the VM against the syntax-tree reference, which knows nothing of sets.

// Note [First sets]
// ~~~~~~~~~~~~~~~~~
// Seeding every rule at every token would cost the sum of all rules' entry closures per token,
// which dominates with a hundred rules that open with alternations of verbs. Instead each rule's
// first consuming instructions are indexed: literals by every prefix of their text (a literal may
// start with a split token: "交" of "交付"), annotation elements by kind or label, token
// predicates unconditionally. The matcher seeds a rule only where its index says it could start;
// the prefilter never drops a match, it only skips rules that would die on their first element.
void Prog::BuildFirstSets() {
  first_lower.clear();
  first_case.clear();
  first_ann.clear();
  first_any.clear();
  for (size_t r = 0; r < rules.size(); ++r) {
    int rule = static_cast<int>(r);
    std::vector<int> stack = {rules[r].entry};
    std::set<int> seen;
    bool any = false;
    // Keys as views into the literals' texts, sorted and made unique once per rule.
    std::vector<std::string_view> lower, cased;
    std::set<std::string> ann;
    // A rule that can start with a token predicate (or match empty) is seeded everywhere: its
    // literal keys would be dropped, so the walk stops there.
    while (!stack.empty() && !any) {
      int pc = stack.back();
      stack.pop_back();
      if (pc < 0 || !seen.insert(pc).second) continue;
      const Inst& in = insts[pc];
      switch (in.op) {
        case Op::kSplit: stack.push_back(in.out1); [[fallthrough]];
        case Op::kJmp:
        case Op::kSave: stack.push_back(in.out); break;
        case Op::kTok: any = true; break;
        case Op::kLit: {
          std::string_view t = lits[in.arg].text;
          for (size_t k = 1; k <= t.size(); ++k)
            if (k == t.size() || (static_cast<unsigned char>(t[k]) & 0xC0) != 0x80)
              (lits[in.arg].case_sensitive ? cased : lower).push_back(t.substr(0, k));
          break;
        }
        case Op::kLitSet:
          for (const auto& m : lit_sets[in.arg].members) {
            int lit = m[0];
            std::string_view t = lits[lit].text;
            for (size_t k = 1; k <= t.size(); ++k)
              if (k == t.size() || (static_cast<unsigned char>(t[k]) & 0xC0) != 0x80)
                (lits[lit].case_sensitive ? cased : lower).push_back(t.substr(0, k));
          }
          break;
        case Op::kAnn: ann.insert(AnnKey(ann_preds[in.arg].kind, ann_preds[in.arg].label)); break;
        case Op::kMatch: any = true; break;
      }
    }
    if (any) {
      first_any.push_back(rule);
      continue;
    }
    for (auto [keys, map] : {std::pair{&lower, &first_lower}, std::pair{&cased, &first_case}}) {
      std::sort(keys->begin(), keys->end());
      keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
      for (std::string_view k : *keys) {
        auto it = map->find(k);
        if (it == map->end()) it = map->emplace(std::string(k), std::vector<int>{}).first;
        it->second.push_back(rule);
      }
    }
    for (const auto& k : ann) first_ann[k].push_back(rule);
  }
}

// Note [Required atoms]
// ~~~~~~~~~~~~~~~~~~~~~~
// Most sentences of a news article contain none of the words a given rule is about ("delivered",
// "stake", "交付"), and the first sets cannot see that: a rule that begins with a gap or a token
// class is seeded at every token. So each rule also gets the atoms every match must contain,
// in conjunctive form: Req(pc) is a list of clauses, each a set of atoms such that every path
// from pc to kMatch consumes at least one atom of each clause. Over the rule's DAG:
//   Req(kMatch) = {}                         Req(kJmp/kSave) = Req(out)
//   Req(kLit w) = Req(out) + {{w}}           Req(kAnn a) = Req(out) + {{key(a)}}
//   Req(kTok)   = Req(out)                   (a token class is not an atom)
//   Req(kSplit) = { c1 | c2 : c1 in Req(out), c2 in Req(out1) }   (either branch satisfies it)
// A clause that contains another is implied by it and dropped. Clauses over kMaxClauseAtoms
// atoms and all but the smallest kMaxClauses clauses are dropped too:
// dropping a clause only weakens the filter, never wrongly excludes a rule. kMaxClauseAtoms is
// 32, not 12 as it was: a word list of a macro (the 19 investment verbs of money.rules, the two
// branches of a rule that reads "invest" or "pay") is a clause of its own, and dropped it left
// only "a money figure" required, so those rules ran on every sentence with a price in it (a
// whole extract of 1 MB of generated English: 0.914x the instructions; output identical).
// The matcher tests the atoms against the sentence before running (match.cc, Matcher::Prefilter): a literal is
// present if a token's form, or the joined forms of adjacent tokens with no space between (the
// split literals TestLit accepts), equals it: read from the document's lexicon answers
// (DocIndex, Note [Lexicon]), never a scan per atom; an annotation atom is present if an annotation of that kind lies in the sentence. A rule with an absent clause cannot match there; the
// differential test holds the filtered matcher to the unfiltered reference.
// Note [Required atoms, cheaply]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// The equations above are evaluated once per instruction of every rule, and the same few clause
// lists recur everywhere: a macro compiles to the same instructions in each rule that uses it,
// a gap or an optional element is a kSplit whose two branches lead to the same atoms. So each
// trimmed clause list is interned (equal lists, one id), an instruction's Req is an id, and:
//   - kJmp, kSave and kTok pass their successor's id on (trim of a trimmed list is itself);
//   - kSplit of one id with itself is that id (every union of two of its clauses contains one
//     of them, which comes first in size order, so trim drops the union and keeps the list as
//     it was);
//   - kLit and kAnn (list, atom), kLitSet (list, set) and kSplit (list, list) are pure in their
//     operands, and are computed once per pair of ids.
// Atoms are numbered as before, in the order the walk first meets them (an instruction's atom
// before its successors'), so every rule's clauses come out as the plain evaluation gives them.
void Prog::BuildRequired() {
  constexpr size_t kMaxClauseAtoms = 32, kMaxClauses = 6;
  req_atoms.clear();
  lower_atoms.clear();
  case_atoms.clear();
  ann_atoms.clear();
  std::unordered_map<std::string, int> ann_index;  // AnnKey() -> its kAnn atom
  auto atom = [&](ReqAtom::Kind k, const std::string& text, AnnKind ann, const std::string& label) {
    AtomMap* texts = k == ReqAtom::kLower ? &lower_atoms : k == ReqAtom::kCase ? &case_atoms : nullptr;
    if (texts) {
      if (auto it = texts->find(text); it != texts->end()) return it->second;
    } else if (auto it = ann_index.find(text); it != ann_index.end()) {
      return it->second;
    }
    int id = static_cast<int>(req_atoms.size());
    req_atoms.push_back(ReqAtom{k, text, ann, label});
    if (texts) texts->emplace(text, id);
    else {
      ann_index.emplace(text, id);
      ann_atoms.push_back(id);
    }
    return id;
  };
  // A literal's or annotation predicate's atom, registered at its first use (the order of first
  // uses numbers the atoms) and looked up once.
  std::vector<int> lit_atom(lits.size(), -1), ann_atom(ann_preds.size(), -1);
  auto of_lit = [&](int lit) {
    if (lit_atom[lit] < 0) lit_atom[lit] = atom(lits[lit].case_sensitive ? ReqAtom::kCase : ReqAtom::kLower, lits[lit].text, AnnKind::kQuantity, "");
    return lit_atom[lit];
  };
  auto of_ann = [&](int pred) {
    if (ann_atom[pred] < 0) {
      const AnnPred& a = ann_preds[pred];
      ann_atom[pred] = atom(ReqAtom::kAnn, AnnKey(a.kind, a.label), a.kind, a.kind == AnnKind::kCustom ? a.label : "");
    }
    return ann_atom[pred];
  };
  using Clauses = std::vector<std::vector<int>>;
  auto add = [&](Clauses* c, int a) {
    std::vector<int> unit = {a};
    if (std::find(c->begin(), c->end(), unit) == c->end()) c->push_back(std::move(unit));
  };
  auto meet = [&](const Clauses& x, const Clauses& y) {
    Clauses out;
    std::vector<int> u;  // one buffer: most unions are too long or repeat one already out
    for (const auto& a : x)
      for (const auto& b : y) {
        u.clear();
        std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(u));
        if (u.size() <= kMaxClauseAtoms && std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
      }
    return out;
  };
  auto trim = [&](Clauses c) {
    // A clause containing another is implied by it: keep the smallest, absorbed ones go.
    std::stable_sort(c.begin(), c.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    Clauses kept;
    for (auto& x : c) {
      bool implied = false;
      for (const auto& k : kept)
        if (std::includes(x.begin(), x.end(), k.begin(), k.end())) {
          implied = true;
          break;
        }
      if (!implied && kept.size() < kMaxClauses) kept.push_back(std::move(x));
    }
    return kept;
  };
  std::vector<std::optional<Clauses>> set_either(lit_sets.size());  // kLitSet: the members' meet
  // Clause lists are interned (Note [Required atoms, cheaply]): lists[id] is a trimmed list,
  // lists[0] the empty one, and equal lists have equal ids.
  struct ListHash {
    size_t operator()(const Clauses& c) const {
      uint64_t h = 1469598103934665603ull;
      for (const auto& clause : c) {
        for (int a : clause) h = (h ^ static_cast<uint32_t>(a)) * 1099511628211ull;
        h = (h ^ 0xFFFFFFFFull) * 1099511628211ull;
      }
      return static_cast<size_t>(h);
    }
  };
  std::vector<const Clauses*> lists;
  std::unordered_map<Clauses, int32_t, ListHash> list_ids;
  auto intern = [&](Clauses c) {
    if (auto it = list_ids.find(c); it != list_ids.end()) return it->second;
    auto it = list_ids.emplace(std::move(c), static_cast<int32_t>(lists.size())).first;
    lists.push_back(&it->first);
    return it->second;
  };
  intern({});
  // The steps, memoized on their operands' ids: (list, atom) for kLit and kAnn, (list, set) for
  // kLitSet, (list, list) for kSplit.
  auto key = [](int32_t x, int32_t y) { return (static_cast<uint64_t>(static_cast<uint32_t>(x)) << 32) | static_cast<uint32_t>(y); };
  std::unordered_map<uint64_t, int32_t> with_atom, with_set, either;
  auto add_atom = [&](int32_t x, int a) {
    auto [it, fresh] = with_atom.try_emplace(key(x, a), 0);
    if (fresh) {
      Clauses c = *lists[x];
      add(&c, a);
      it->second = intern(trim(std::move(c)));
    }
    return it->second;
  };
  std::vector<int32_t> memo(insts.size(), -1), memo_rule(insts.size(), -1);
  std::vector<uint8_t> active(insts.size(), 0);
  std::vector<std::vector<std::vector<int>>> required(rules.size());
  for (size_t r = 0; r < rules.size(); ++r) {
    const int32_t rule = static_cast<int32_t>(r);
    bool cyclic = false;
    // Memoized over the rule's DAG (compile.cc makes no epsilon cycles; `active` guards anyway).
    // An instruction's atom is registered before its successors are visited.
    auto req = [&](auto& self, int pc) -> int32_t {
      if (pc >= 0 && memo_rule[pc] == rule) return memo[pc];
      if (pc < 0 || active[pc]) {
        cyclic = true;
        return 0;
      }
      active[pc] = 1;
      const Inst& in = insts[pc];
      int32_t id = 0;
      switch (in.op) {
        case Op::kMatch: break;
        case Op::kJmp:
        case Op::kSave:
        case Op::kTok: id = self(self, in.out); break;  // a trimmed list trims to itself
        case Op::kLit: {
          int a = of_lit(in.arg);
          id = add_atom(self(self, in.out), a);
          break;
        }
        case Op::kLitSet: {
          // Either member: the meet of the members' clauses (one per word of a member). It
          // depends on the set alone, and a macro's set recurs in every rule that uses it: it is
          // computed once per set (its atoms are registered then, in the same order).
          std::optional<Clauses>& cached = set_either[in.arg];
          if (!cached) {
            Clauses either_member;
            bool first = true;
            for (const auto& m : lit_sets[in.arg].members) {
              Clauses mine;
              for (int lit : m) add(&mine, of_lit(lit));
              either_member = first ? std::move(mine) : trim(meet(either_member, mine));
              first = false;
            }
            cached = std::move(either_member);
          }
          int32_t x = self(self, in.out);
          auto [it, fresh] = with_set.try_emplace(key(x, in.arg), 0);
          if (fresh) {
            Clauses c = *lists[x];
            for (const auto& clause : *cached)
              if (std::find(c.begin(), c.end(), clause) == c.end()) c.push_back(clause);
            it->second = intern(trim(std::move(c)));
          }
          id = it->second;
          break;
        }
        case Op::kAnn: {
          int a = of_ann(in.arg);
          id = add_atom(self(self, in.out), a);
          break;
        }
        case Op::kSplit: {
          int32_t x = self(self, in.out), y = self(self, in.out1);
          // Both branches alike (a gap's or an optional's two paths to the same atoms): the meet
          // of a trimmed list with itself trims back to it.
          if (x == y) {
            id = x;
          } else {
            auto [it, fresh] = either.try_emplace(key(x, y), 0);
            if (fresh) it->second = intern(trim(meet(*lists[x], *lists[y])));
            id = it->second;
          }
          break;
        }
      }
      active[pc] = 0;
      memo[pc] = id;
      memo_rule[pc] = rule;
      return id;
    };
    int32_t c = req(req, rules[r].entry);
    if (!cyclic) required[r] = *lists[c];
  }
  rule_clause.assign(1, 0);
  clause_atom.assign(1, 0);
  clause_atoms.clear();
  for (const auto& clauses : required) {
    for (const auto& clause : clauses) {
      clause_atoms.insert(clause_atoms.end(), clause.begin(), clause.end());
      clause_atom.push_back(static_cast<uint32_t>(clause_atoms.size()));
    }
    rule_clause.push_back(static_cast<uint32_t>(clause_atom.size() - 1));
  }
  ann_kind_atoms.assign(static_cast<size_t>(AnnKind::kCustom), {});
  custom_atoms.clear();
  for (int a : ann_atoms) {
    const ReqAtom& x = req_atoms[a];
    if (x.ann == AnnKind::kCustom) custom_atoms.emplace(x.label, a);
    else if (static_cast<size_t>(x.ann) < ann_kind_atoms.size()) ann_kind_atoms[static_cast<size_t>(x.ann)].push_back(a);
  }
}

std::vector<std::vector<int>> Prog::Required(int rule) const {
  std::vector<std::vector<int>> out;
  for (uint32_t c = rule_clause[rule]; c < rule_clause[rule + 1]; ++c)
    out.emplace_back(clause_atoms.begin() + clause_atom[c], clause_atoms.begin() + clause_atom[c + 1]);
  return out;
}

// Note [Lexicon]
// ~~~~~~~~~~~~~~~
// The matcher asks of each token: does a rule start with this word (first sets), which literal
// atoms does it make present (required atoms), which literal or literal-set member is it, and
// could it begin a literal the tokenizer split ("交" of "交付", "U" of "U.S.")? Each of those was
// a hash lookup of the token's text, per map, per stage and often per rule. The lexicon keys
// all those strings into one map per case; DocIndex::Build looks every token up once and keeps
// the answers (word ids, first-set lists, atoms, may-join flags), and the matcher works on them.
// Exact: a form has the word id of a literal iff it equals the literal's text, and a literal can
// match a run of split tokens only if the first token's form is a proper prefix of it.
void Prog::BuildLex() {
  lex_lower.clear();
  lex_case.clear();
  first_lists.clear();
  int32_t next_word[2] = {0, 0};
  for (auto& l : lits) {
    LexMap& m = l.case_sensitive ? lex_case : lex_lower;
    Lex& e = m[l.text];
    if (e.word < 0) e.word = next_word[l.case_sensitive]++;
    l.word = e.word;
    for (size_t k = 1; k < l.text.size(); ++k)
      if ((static_cast<unsigned char>(l.text[k]) & 0xC0) != 0x80) m[l.text.substr(0, k)].prefix = true;
  }
  // Note [Token bits]: the values of decidable token predicates become lexicon words too.
  static std::atomic<uint64_t> next_lex_id{0};
  lex_id = ++next_lex_id;
  tok_bit.assign(tok_preds.size(), -1);
  n_tok_bits = 0;
  for (size_t p = 0; p < tok_preds.size() && n_tok_bits < kMaxTokBits; ++p) {
    TokPred& pred = tok_preds[p];
    bool decidable = true;
    for (const TokNode& n : pred.nodes) {
      if (n.kind == TokNode::kRegex || n.kind == TokNode::kShape || n.regex >= 0) decidable = false;
      for (const auto& v : n.values)
        if (v.empty()) decidable = false;  // an empty form has no word id to compare
    }
    if (!decidable) continue;
    for (TokNode& n : pred.nodes) {
      n.value_words.clear();
      bool lower = n.kind == TokNode::kLit || n.kind == TokNode::kLower;
      if (!lower && n.kind != TokNode::kLitCase && n.kind != TokNode::kText) continue;
      LexMap& m = lower ? lex_lower : lex_case;
      for (const auto& v : n.values) {
        Lex& e = m[v];
        if (e.word < 0) e.word = next_word[lower ? 0 : 1]++;
        n.value_words.push_back(e.word);
      }
    }
    tok_bit[p] = static_cast<int8_t>(n_tok_bits++);
  }
  auto firsts = [&](const FirstMap& f, LexMap& m) {
    for (const auto& [key, rs] : f) {
      m[key].first = static_cast<int32_t>(first_lists.size());
      first_lists.push_back(rs);
    }
  };
  firsts(first_lower, lex_lower);
  firsts(first_case, lex_case);
  for (const auto& [text, atom] : lower_atoms) lex_lower[text].atom = atom;
  for (const auto& [text, atom] : case_atoms) lex_case[text].atom = atom;
  for (auto& set : lit_sets) {
    set.seq_by_first_word.clear();
    for (const auto& [first, idx] : set.seq_by_first) {
      const LexMap& m = set.case_sensitive ? lex_case : lex_lower;
      if (auto it = m.find(first); it != m.end() && it->second.word >= 0) set.seq_by_first_word[it->second.word] = idx;
    }
    set.word_bits.assign((next_word[set.case_sensitive] + 63) / 64, 0);
    for (const auto& m : set.members)
      if (m.size() == 1) {
        int32_t w = lits[m[0]].word;
        set.word_bits[w >> 6] |= uint64_t{1} << (w & 63);
      }
  }
}

void Prog::ShareWords(text::WordIds* ids) {
  std::vector<std::pair<int32_t, const Lex*>> entries;
  for (const auto& [key, e] : lex_lower) entries.emplace_back(ids->Add(key), &e);
  lex_by_word.assign(ids->size(), nullptr);
  for (const auto& [id, e] : entries) lex_by_word[static_cast<size_t>(id)] = e;
  word_ids = ids;
}

// Note [Token bits]
// ~~~~~~~~~~~~~~~~~
// A token predicate (`[kind=number]`, `_`, `!"vehicles"`, `[lower=it|they]`, `[flag=sentence_start
// & lower=the]`) evaluated where it is tried costs a walk of its tree and string compares, at
// each position of each sentence, again in every stage (the matcher's caches live for one run
// of one stage). Most predicates read
// nothing but the token's kind, its flags, and whether its lowercase or exact form equals one of
// a few values. Those values are lexicon words (BuildLex), so a token's forms are answered by
// the word ids DocIndex::Build looks up anyway, and such a predicate is a function of (kind,
// flags, lowercase word id, exact word id): TokBits evaluates all of them for one token, and
// DocIndex keeps the answers as one bit set per token, computed once per document and shared by
// every stage. Exact: a form equals a value iff its word id is the value's (values are never
// empty, and a form outside the lexicon has no id and equals no value). Predicates with a regex
// or a shape, and those past the first kMaxTokBits, are evaluated as before.
uint64_t Prog::TokBits(text::TokenKind kind, uint8_t flags, int32_t word_lower, int32_t word_case) const {
  auto eval = [&](auto& self, const TokPred& pr, int i) -> bool {
    const TokNode& n = pr.nodes[i];
    auto any_word = [&](int32_t w) {
      if (w < 0) return false;
      for (int32_t v : n.value_words)
        if (v == w) return true;
      return false;
    };
    switch (n.kind) {
      case TokNode::kAny: return true;
      case TokNode::kLit: return any_word(word_lower);
      case TokNode::kLitCase: return any_word(word_case);
      case TokNode::kKind: return ((n.mask >> static_cast<unsigned>(kind)) & 1u) != n.negate;
      case TokNode::kFlag: return ((flags & n.mask) != 0) != n.negate;
      case TokNode::kLower: return any_word(word_lower) != n.negate;
      case TokNode::kText: return any_word(word_case) != n.negate;
      case TokNode::kAnd:
        for (int k : n.kids)
          if (!self(self, pr, k)) return false;
        return true;
      case TokNode::kOr:
        for (int k : n.kids)
          if (self(self, pr, k)) return true;
        return false;
      case TokNode::kNot: return !self(self, pr, n.kids[0]);
      case TokNode::kRegex:
      case TokNode::kShape: return false;  // never given a bit
    }
    return false;
  };
  uint64_t bits = 0;
  for (size_t p = 0; p < tok_bit.size(); ++p)
    if (tok_bit[p] >= 0 && eval(eval, tok_preds[p], 0)) bits |= uint64_t{1} << tok_bit[p];
  return bits;
}

// Note [Stage index]
// ~~~~~~~~~~~~~~~~~~~
// The matcher runs one stage at a time over a sentence, but the first sets and the prefilter
// index rules of every stage: a stage's run read every list and skipped the other stages' rules
// one by one, and its prefilter tested every clause of every rule of the stage, though in most
// sentences nearly all of them fail. So the lists are kept sorted by stage with each stage's
// slice (Staged), and each rule with clauses gets a trigger clause: of its clauses, the one
// without annotation atoms (an annotation kind is present in most sentences) and with the fewest
// atoms. The prefilter of a stage visits only the rules that a present atom triggers, tests
// their clauses as before, and adds the rules with no clause: the same rules pass, since a rule
// passes only if its trigger clause has a present atom. Grammar::Run calls Matcher::RunStage;
// Matcher::Run over an arbitrary list of rules reads the whole lists as before.
Prog::Staged Prog::MakeStaged(const std::vector<int>& rule_list) const {
  Staged out;
  out.rules = rule_list;
  std::stable_sort(out.rules.begin(), out.rules.end(), [&](int a, int b) {
    return rule_stage[a] != rule_stage[b] ? rule_stage[a] < rule_stage[b] : a < b;
  });
  out.off.assign(stages.size() + 1, 0);
  for (int r : out.rules) ++out.off[rule_stage[r] + 1];
  for (size_t k = 1; k < out.off.size(); ++k) out.off[k] += out.off[k - 1];
  return out;
}

// Note [Start bits]
// ~~~~~~~~~~~~~~~~~
// A rule whose first element is a token class (`[kind=number]`, a gap) is in first_any and was
// seeded at every position of every sentence of its stage: the closure of its entry walked, a
// capture array copied, and the class tested, mostly in vain. When every consuming instruction
// the rule can start with is a token predicate with a bit (Note [Token bits]) and the rule cannot
// match empty, it can start at a token only if one of those bits is set in the token's bit set:
// start_bits[r] is their union, and the matcher seeds the rule only there. Skipping a seed that
// would fail its first test changes no match: a rule's fresh seed is the last thread of its
// position, and its instructions are its own. Only the step count (the step cap) sees it.
void Prog::BuildStages() {
  start_bits.assign(rules.size(), 0);
  std::vector<int> seen(insts.size(), -1);  // pc -> the rule whose walk visited it
  for (int r : first_any) {
    std::vector<int> stack = {rules[r].entry};
    uint64_t bits = 0;
    bool exact = true;
    while (!stack.empty() && exact) {
      int pc = stack.back();
      stack.pop_back();
      if (pc < 0 || seen[pc] == r) continue;
      seen[pc] = r;
      const Inst& in = insts[pc];
      switch (in.op) {
        case Op::kSplit: stack.push_back(in.out1); [[fallthrough]];
        case Op::kJmp:
        case Op::kSave: stack.push_back(in.out); break;
        case Op::kTok:
          if (static_cast<size_t>(in.arg) < tok_bit.size() && tok_bit[in.arg] >= 0) bits |= uint64_t{1} << tok_bit[in.arg];
          else exact = false;
          break;
        default: exact = false; break;  // a literal, an annotation, or an empty match
      }
    }
    if (exact) start_bits[r] = bits;
  }
  rule_stage.assign(rules.size(), 0);
  stage_rules.assign(stages.size(), {});
  for (size_t r = 0; r < rules.size(); ++r) {
    auto k = std::lower_bound(stages.begin(), stages.end(), rules[r].stage) - stages.begin();
    rule_stage[r] = static_cast<int32_t>(k);
    stage_rules[k].push_back(static_cast<int>(r));
  }
  first_staged.clear();
  for (const auto& l : first_lists) first_staged.push_back(MakeStaged(l));
  first_any_staged = MakeStaged(first_any);
  first_ann_staged.assign(static_cast<size_t>(AnnKind::kCustom) + 1, MakeStaged({}));
  first_custom_staged.clear();
  for (size_t k = 0; k < first_ann_staged.size(); ++k) {
    auto kind = static_cast<AnnKind>(k);
    if (kind == AnnKind::kCustom) continue;
    if (auto it = first_ann.find(AnnKey(kind, "")); it != first_ann.end()) first_ann_staged[k] = MakeStaged(it->second);
  }
  const std::string custom = AnnKey(AnnKind::kCustom, "");
  for (const auto& [key, rs] : first_ann)
    if (key.size() >= custom.size() && key.compare(0, custom.size(), custom) == 0)
      first_custom_staged.emplace(key.substr(custom.size()), MakeStaged(rs));
  atom_trigger.clear();
  no_clause = MakeStaged({});
  if (rule_clause.size() != rules.size() + 1) return;  // no prefilter: Matcher tries every rule
  std::vector<std::vector<int>> trig(req_atoms.size());
  std::vector<int> none;
  for (size_t r = 0; r < rules.size(); ++r) {
    int64_t best = -1, best_score = 0;
    for (uint32_t c = rule_clause[r]; c < rule_clause[r + 1]; ++c) {
      int64_t score = clause_atom[c + 1] - clause_atom[c];
      for (uint32_t i = clause_atom[c]; i < clause_atom[c + 1]; ++i)
        if (req_atoms[clause_atoms[i]].kind == ReqAtom::kAnn) score += 1000;
      if (best < 0 || score < best_score) {
        best = c;
        best_score = score;
      }
    }
    if (best < 0) {
      none.push_back(static_cast<int>(r));
      continue;
    }
    for (uint32_t i = clause_atom[best]; i < clause_atom[best + 1]; ++i) {
      auto& t = trig[clause_atoms[i]];
      if (t.empty() || t.back() != static_cast<int>(r)) t.push_back(static_cast<int>(r));
    }
  }
  for (const auto& t : trig) atom_trigger.push_back(MakeStaged(t));
  no_clause = MakeStaged(none);
}

void CompileGrammar(const std::vector<FileAst>& files, const std::vector<std::vector<int>>& scopes,
                    const PackSchema* schema, Prog* prog, std::vector<RuleInfo>* rules,
                    std::vector<LoadError>* errors) {
  Compiler c(files, scopes, schema, prog, rules, errors);
  c.Run();
  prog->BuildFirstSets();
  prog->BuildRequired();
  prog->BuildLex();
  prog->BuildStages();
}

}  // namespace quarry::grammar
