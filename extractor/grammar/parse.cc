// Parser: the text of one *.rules file -> FileAst (ast.h). Line-oriented at the top (include,
// define, rule ... end, and the clauses of a rule each start a line), recursive descent inside
// patterns. Errors are collected as file:line:col: message and parsing resumes at the next line
// or clause, so one run reports every syntax error of a file.
#include <algorithm>
#include <cctype>
#include <set>

#include "grammar/ast.h"

namespace quarry::grammar {
namespace {

constexpr int kMaxParseDepth = 64;  // parentheses/brackets nested deeper are rejected
constexpr size_t kMaxLiteralBytes = 256;  // one word of a "literal"

const std::set<std::string>& ClauseWords() {
  static const std::set<std::string> k = {"include", "define", "rule",  "stage", "priority", "set",
                                          "match",   "emit",   "example", "not", "end"};
  return k;
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}
bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Parser {
 public:
  Parser(std::string_view text, std::string file, std::vector<LoadError>* errors)
      : s_(text), file_(std::move(file)), errors_(errors) {}

  FileAst ParseAll();
  bool ParseStandalonePattern(Node* out) {
    failed_ = false;
    bool ok = ParsePatternHere(out);
    return ok;
  }

 private:
  // ---- characters and positions
  char Peek(size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
  bool Eof() const { return i_ >= s_.size(); }
  void Adv() {
    if (Eof()) return;
    if (s_[i_] == '\n') {
      ++line_;
      line_start_ = i_ + 1;
    }
    ++i_;
  }
  Pos Here() const {
    // Columns count characters (UTF-8 code points), 1-based. Counted on from the last answer
    // when it was on this line, at or before i_: a long pattern line asks at every element, and
    // recounting from the line's start each time made parsing it quadratic.
    if (col_line_start_ != line_start_ || col_at_ > i_) {
      col_line_start_ = line_start_;
      col_at_ = line_start_;
      col_ = 1;
    }
    for (size_t k = col_at_; k < i_ && k < s_.size(); ++k)
      if ((static_cast<unsigned char>(s_[k]) & 0xC0) != 0x80) ++col_;
    col_at_ = std::max(col_at_, std::min(i_, s_.size()));
    return Pos{line_, col_};
  }
  void Error(Pos p, std::string msg) {
    errors_->push_back(LoadError{file_, p.line, p.col, std::move(msg)});
    failed_ = true;
  }
  // Spaces, tabs, CR and comments; never a newline.
  void SkipSpaces() {
    while (!Eof()) {
      char c = Peek();
      if (c == ' ' || c == '\t' || c == '\r') {
        Adv();
      } else if (c == '#') {
        while (!Eof() && Peek() != '\n') Adv();
      } else {
        break;
      }
    }
  }
  bool AtEol() {
    SkipSpaces();
    return Eof() || Peek() == '\n';
  }
  void SkipLine() {
    while (!Eof() && Peek() != '\n') {
      if (Peek() == '"') {  // a string may hold '#'
        Adv();
        while (!Eof() && Peek() != '"' && Peek() != '\n') {
          if (Peek() == '\\') Adv();
          Adv();
        }
        if (Peek() == '"') Adv();
        continue;
      }
      Adv();
    }
    if (!Eof()) Adv();
  }
  void SkipBlankLines() {
    while (true) {
      SkipSpaces();
      if (!Eof() && Peek() == '\n') {
        Adv();
        continue;
      }
      break;
    }
  }
  std::string Word() {
    std::string w;
    while (!Eof() && IsWordChar(Peek())) {
      w.push_back(Peek());
      Adv();
    }
    return w;
  }
  std::string Ident() {
    std::string w;
    if (!IsIdentStart(Peek())) return w;
    while (!Eof() && IsIdentChar(Peek())) {
      w.push_back(Peek());
      Adv();
    }
    return w;
  }
  // The first word of the next non-blank line after the newline at i_ (or "" at EOF).
  std::string NextLineFirstWord() const {
    size_t k = i_;
    while (k < s_.size()) {
      if (s_[k] == '\n') ++k;
      while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t' || s_[k] == '\r')) ++k;
      if (k >= s_.size()) return "";
      if (s_[k] == '\n') continue;
      if (s_[k] == '#') {
        while (k < s_.size() && s_[k] != '\n') ++k;
        continue;
      }
      std::string w;
      while (k < s_.size() && IsWordChar(s_[k])) w.push_back(s_[k++]);
      return w.empty() ? "(" : w;  // a non-word first char continues a pattern
    }
    return "";
  }
  // Skips spaces inside a pattern; a newline continues the pattern when parentheses are open
  // or the next line does not start with a clause keyword.
  void SkipPatternSpace() {
    while (true) {
      SkipSpaces();
      if (!Eof() && Peek() == '\n') {
        std::string next = NextLineFirstWord();
        // A line starting with a clause keyword ends the pattern even inside parentheses, so
        // a missing ')' is reported at its '(' rather than swallowing the rule's `end`.
        if (!next.empty() && !ClauseWords().count(next)) {
          Adv();
          continue;
        }
      }
      break;
    }
  }

  // ---- strings
  // At '"': reads a string with \" \\ \n \t escapes. False (error reported) if unterminated.
  bool String(std::string* out) {
    Pos start = Here();
    Adv();
    out->clear();
    while (true) {
      if (Eof() || Peek() == '\n') {
        Error(start, "unterminated string");
        return false;
      }
      char c = Peek();
      if (c == '"') {
        Adv();
        return true;
      }
      if (c == '\\') {
        Adv();
        char e = Peek();
        if (e == 'n') out->push_back('\n');
        else if (e == 't') out->push_back('\t');
        else out->push_back(e);
        Adv();
        continue;
      }
      out->push_back(c);
      Adv();
    }
  }
  // A value in `set`, examples: a quoted string or a run of non-space characters.
  bool Value(std::string* out) {
    if (Peek() == '"') return String(out);
    out->clear();
    while (!Eof() && Peek() != ' ' && Peek() != '\t' && Peek() != '\n' && Peek() != '\r' && Peek() != '#') {
      out->push_back(Peek());
      Adv();
    }
    return true;
  }

  // ---- patterns
  bool ParsePatternHere(Node* out);
  bool Alt(Node* out);
  bool Seq(Node* out);
  bool Postfix(Node* out);
  bool Atom(Node* out);
  bool Regex(TokExpr* out);
  bool AttrOr(TokExpr* out);
  bool AttrAnd(TokExpr* out);
  bool AttrTerm(TokExpr* out);
  bool AttrValue(std::string* out);
  bool Ann(Node* out);
  // Enters one more level of ( [ or !; false (error at p) past kMaxParseDepth, so a hostile
  // pattern cannot overflow the stack of this recursive descent.
  bool Deeper(Pos p) {
    if (++depth_ <= kMaxParseDepth) return true;
    Error(p, "nesting deeper than " + std::to_string(kMaxParseDepth) + " levels");
    return false;
  }

  // ---- top level
  void Include(FileAst* f, Pos p);
  void Define(FileAst* f, Pos p);
  void Rule(FileAst* f, Pos p);
  void Example(RuleAst* r, bool negative, Pos p);

  std::string_view s_;
  std::string file_;
  std::vector<LoadError>* errors_;
  size_t i_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  // Here()'s last count: col_ is the column of byte col_at_ on the line starting at col_line_start_.
  mutable size_t col_line_start_ = static_cast<size_t>(-1), col_at_ = 0;
  mutable int col_ = 1;
  int depth_ = 0;
  bool failed_ = false;
};

bool Parser::ParsePatternHere(Node* out) {
  depth_ = 0;
  failed_ = false;
  if (!Alt(out)) return false;
  SkipPatternSpace();
  if (!Eof() && Peek() != '\n') {
    if (Peek() == ')') Error(Here(), "unbalanced ')'");
    else Error(Here(), std::string("unexpected '") + Peek() + "'");
    return false;
  }
  return true;
}

bool Parser::Alt(Node* out) {
  Pos p = Here();
  Node first;
  if (!Seq(&first)) return false;
  SkipPatternSpace();
  if (Peek() != '|') {
    *out = std::move(first);
    return true;
  }
  out->kind = Node::kAlt;
  out->pos = p;
  out->kids.push_back(std::move(first));
  while (Peek() == '|') {
    Adv();
    Node next;
    if (!Seq(&next)) return false;
    out->kids.push_back(std::move(next));
    SkipPatternSpace();
  }
  return true;
}

bool Parser::Seq(Node* out) {
  SkipPatternSpace();
  out->kind = Node::kSeq;
  out->pos = Here();
  while (true) {
    SkipPatternSpace();
    char c = Peek();
    if (Eof() || c == '\n' || c == ')' || c == '|') break;
    Node n;
    if (!Postfix(&n)) return false;
    out->kids.push_back(std::move(n));
  }
  if (out->kids.empty()) {
    Error(out->pos, Peek() == '|' || Peek() == ')' ? "empty alternative" : "empty pattern");
    return false;
  }
  if (out->kids.size() == 1) {
    Node one = std::move(out->kids[0]);
    *out = std::move(one);
  }
  return true;
}

bool ParseInt(std::string_view s, int* v) {
  if (s.empty() || s.size() > 6) return false;
  int x = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    x = x * 10 + (c - '0');
  }
  *v = x;
  return true;
}

bool Parser::Postfix(Node* out) {
  Pos p = Here();
  if (!Atom(out)) return false;
  while (true) {
    char c = Peek();
    if (c == '?') {
      Adv();
      Node r;
      r.kind = Node::kRepeat;
      r.pos = p;
      r.min = 0;
      r.max = 1;
      r.kids.push_back(std::move(*out));
      *out = std::move(r);
    } else if (c == '{') {
      Pos qp = Here();
      Adv();
      std::string a, b;
      bool comma = false;
      while (!Eof() && Peek() != '}' && Peek() != '\n') {
        if (Peek() == ',') comma = true;
        else if (Peek() != ' ') (comma ? b : a).push_back(Peek());
        Adv();
      }
      if (Peek() != '}') {
        Error(qp, "unterminated repetition '{'");
        return false;
      }
      Adv();
      int lo = 0, hi = 0;
      if (!ParseInt(a, &lo) || (comma && !ParseInt(b, &hi))) {
        Error(qp, comma && b.empty() ? "unbounded repetition '{m,}' is not allowed: give an upper bound (at most 50)"
                                     : "bad repetition: expected {n} or {m,n}");
        return false;
      }
      if (!comma) hi = lo;
      Node r;
      r.kind = Node::kRepeat;
      r.pos = qp;
      r.min = lo;
      r.max = hi;
      r.kids.push_back(std::move(*out));
      *out = std::move(r);
    } else if (c == '*' || c == '+') {
      Error(Here(), std::string("unbounded repetition '") + c +
                        "' is not allowed: use a bounded {m,n} (n at most 50)");
      return false;
    } else {
      return true;
    }
  }
}

bool Parser::Atom(Node* out) {
  Pos p = Here();
  out->pos = p;
  char c = Peek();
  if (c == '!') {
    Adv();
    if (!Deeper(p)) return false;
    Node inner;
    if (!Atom(&inner)) return false;
    --depth_;
    if (inner.kind == Node::kLit) {
      if (inner.words.size() != 1) {
        Error(p, "'!' needs a single-token element; \"" + [&] {
                   std::string j;
                   for (auto& w : inner.words) j += (j.empty() ? "" : " ") + w;
                   return j;
                 }() + "\" is several tokens");
        return false;
      }
      TokExpr lit;
      lit.kind = TokExpr::kLit;
      lit.text = inner.words[0];
      lit.flag = inner.case_sensitive;
      lit.pos = inner.pos;
      inner.kind = Node::kTok;
      inner.tok = std::move(lit);
    }
    if (inner.kind != Node::kTok) {
      Error(p, "'!' needs a single-token element (a literal word, c\"..\", /re/, [..] or _)");
      return false;
    }
    TokExpr neg;
    neg.kind = TokExpr::kNot;
    neg.pos = p;
    neg.kids.push_back(std::move(inner.tok));
    out->kind = Node::kTok;
    out->tok = std::move(neg);
    return true;
  }
  if (c == '"' || (c == 'c' && Peek(1) == '"')) {
    bool cs = c == 'c';
    if (cs) Adv();
    std::string text;
    if (!String(&text)) return false;
    out->kind = Node::kLit;
    out->case_sensitive = cs;
    size_t k = 0;
    while (k < text.size()) {
      while (k < text.size() && text[k] == ' ') ++k;
      size_t e = k;
      while (e < text.size() && text[e] != ' ') ++e;
      if (e - k > kMaxLiteralBytes) {
        // Literals are indexed by every prefix (Note [First sets]): cost grows with the square.
        Error(p, "literal word longer than " + std::to_string(kMaxLiteralBytes) + " bytes");
        return false;
      }
      if (e > k) out->words.push_back(text.substr(k, e - k));
      k = e;
    }
    if (out->words.empty()) {
      Error(p, "empty literal");
      return false;
    }
    return true;
  }
  if (c == '/') {
    out->kind = Node::kTok;
    return Regex(&out->tok);
  }
  if (c == '[') {
    Adv();
    if (!Deeper(p)) return false;
    out->kind = Node::kTok;
    if (!AttrOr(&out->tok)) return false;
    SkipSpaces();
    if (Peek() != ']') {
      Error(Here(), Eof() || Peek() == '\n' ? "missing ']'" : std::string("unexpected '") + Peek() + "' in [...]");
      return false;
    }
    Adv();
    --depth_;
    return true;
  }
  if (c == '<') return Ann(out);
  if (c == '_' && !IsIdentChar(Peek(1))) {
    Adv();
    out->kind = Node::kTok;
    out->tok.kind = TokExpr::kAny;
    out->tok.pos = p;
    return true;
  }
  if (c == '(') {
    Adv();
    if (!Deeper(p)) return false;
    Node inner;
    if (!Alt(&inner)) return false;
    SkipPatternSpace();
    if (Peek() != ')') {
      Error(p, "missing ')' for this '('");
      return false;
    }
    Adv();
    --depth_;
    *out = std::move(inner);
    // Keep the group's own position for messages about it.
    if (out->kind == Node::kAlt) out->pos = p;
    return true;
  }
  if (c == '$') {
    Adv();
    std::string name = Ident();
    if (name.empty()) {
      Error(p, "expected a macro name after '$'");
      return false;
    }
    out->kind = Node::kMacro;
    out->name = name;
    return true;
  }
  if (IsIdentStart(c)) {
    std::string name = Ident();
    if (Peek() == ':') {
      Adv();
      Node inner;
      if (!Postfix(&inner)) return false;
      out->kind = Node::kCapture;
      out->name = name;
      out->kids.push_back(std::move(inner));
      return true;
    }
    while (IsWordChar(Peek())) {
      name.push_back(Peek());
      Adv();
    }
    Error(p, "unexpected word '" + name + "' (literals are quoted: \"" + name + "\"; captures are name:element)");
    return false;
  }
  if (Eof() || c == '\n') {
    Error(p, "expected an element here, found the end of the pattern");
    return false;
  }
  if (c == '*' || c == '+' || c == '?' || c == '{') {
    Error(p, std::string("'") + c + "' must follow an element");
    return false;
  }
  Error(p, std::string("unexpected '") + c + "'");
  return false;
}

bool Parser::Regex(TokExpr* out) {
  Pos p = Here();
  Adv();
  std::string re;
  while (true) {
    if (Eof() || Peek() == '\n') {
      Error(p, "unterminated regex");
      return false;
    }
    char c = Peek();
    if (c == '/') break;
    if (c == '\\' && Peek(1) == '/') {
      Adv();
      re.push_back('/');
      Adv();
      continue;
    }
    if (c == '\\') {
      re.push_back(c);
      Adv();
      if (!Eof() && Peek() != '\n') {
        re.push_back(Peek());
        Adv();
      }
      continue;
    }
    re.push_back(c);
    Adv();
  }
  Adv();
  out->kind = TokExpr::kRegex;
  out->pos = p;
  out->text = re;
  out->flag = false;
  if (Peek() == 'i' && !IsIdentChar(Peek(1))) {
    out->flag = true;
    Adv();
  }
  if (re.empty()) {
    Error(p, "empty regex");
    return false;
  }
  return true;
}

bool Parser::AttrOr(TokExpr* out) {
  TokExpr first;
  if (!AttrAnd(&first)) return false;
  SkipSpaces();
  if (Peek() != '|') {
    *out = std::move(first);
    return true;
  }
  out->kind = TokExpr::kOr;
  out->pos = first.pos;
  out->kids.push_back(std::move(first));
  while (Peek() == '|') {
    Adv();
    TokExpr t;
    if (!AttrAnd(&t)) return false;
    out->kids.push_back(std::move(t));
    SkipSpaces();
  }
  return true;
}

bool Parser::AttrAnd(TokExpr* out) {
  TokExpr first;
  if (!AttrTerm(&first)) return false;
  SkipSpaces();
  if (Peek() != '&') {
    *out = std::move(first);
    return true;
  }
  out->kind = TokExpr::kAnd;
  out->pos = first.pos;
  out->kids.push_back(std::move(first));
  while (Peek() == '&') {
    Adv();
    TokExpr t;
    if (!AttrTerm(&t)) return false;
    out->kids.push_back(std::move(t));
    SkipSpaces();
  }
  return true;
}

bool Parser::AttrValue(std::string* out) {
  SkipSpaces();
  if (Peek() == '"') return String(out);
  if (Peek() == '/') {
    TokExpr re;
    if (!Regex(&re)) return false;
    *out = re.text;
    return true;
  }
  out->clear();
  while (!Eof() && Peek() != ' ' && Peek() != '\t' && Peek() != '\n' && Peek() != ']' && Peek() != '&' &&
         Peek() != '|' && Peek() != ')') {
    out->push_back(Peek());
    Adv();
  }
  if (out->empty()) {
    Error(Here(), "expected a value");
    return false;
  }
  return true;
}

bool Parser::AttrTerm(TokExpr* out) {
  SkipSpaces();
  Pos p = Here();
  out->pos = p;
  if (Peek() == '!') {
    Adv();
    if (!Deeper(p)) return false;
    TokExpr inner;
    if (!AttrTerm(&inner)) return false;
    --depth_;
    out->kind = TokExpr::kNot;
    out->kids.push_back(std::move(inner));
    return true;
  }
  if (Peek() == '(') {
    Adv();
    if (!Deeper(p)) return false;
    if (!AttrOr(out)) return false;
    SkipSpaces();
    if (Peek() != ')') {
      Error(p, "missing ')' in [...]");
      return false;
    }
    Adv();
    --depth_;
    return true;
  }
  std::string key = Ident();
  if (key.empty()) {
    Error(p, Peek() == ']' ? "empty [...] predicate" : "expected an attribute name (kind, shape, lower, text, flag)");
    return false;
  }
  SkipSpaces();
  std::string op;
  if (Peek() == '!' && Peek(1) == '=') op = "!=";
  else if (Peek() == '=') op = "=";
  else if (Peek() == '~') op = "~";
  if (op.empty()) {
    Error(Here(), "expected '=', '!=' or '~' after '" + key + "'");
    return false;
  }
  for (size_t k = 0; k < op.size(); ++k) Adv();
  out->kind = TokExpr::kAttr;
  out->key = key;
  out->op = op;
  std::string v;
  if (!AttrValue(&v)) return false;
  out->values.push_back(v);
  // `|` followed by a bare value (not `key op`) is another value for the same key.
  while (true) {
    SkipSpaces();
    if (Peek() != '|') break;
    size_t k = i_ + 1;
    while (k < s_.size() && s_[k] == ' ') ++k;
    size_t e = k;
    while (e < s_.size() && IsIdentChar(s_[e])) ++e;
    size_t f = e;
    while (f < s_.size() && s_[f] == ' ') ++f;
    bool new_term = e > k && f < s_.size() && (s_[f] == '=' || s_[f] == '~' || (s_[f] == '!' && f + 1 < s_.size() && s_[f + 1] == '='));
    if (new_term || (k < s_.size() && (s_[k] == '!' || s_[k] == '('))) break;
    Adv();
    if (!AttrValue(&v)) return false;
    out->values.push_back(v);
  }
  return true;
}

bool Parser::Ann(Node* out) {
  Pos p = Here();
  Adv();
  out->kind = Node::kAnn;
  out->pos = p;
  SkipSpaces();
  while (!Eof() && (IsWordChar(Peek()))) {
    out->ann_type.push_back(Peek());
    Adv();
  }
  if (out->ann_type.empty()) {
    Error(p, "expected an annotation type after '<' (quantity, period, change, entity or a stage label)");
    return false;
  }
  while (true) {
    SkipSpaces();
    if (Peek() == '>') {
      Adv();
      return true;
    }
    if (Eof() || Peek() == '\n') {
      Error(p, "missing '>' for this '<'");
      return false;
    }
    AnnConstraint c;
    c.pos = Here();
    c.key = Ident();
    if (c.key.empty()) {
      Error(Here(), std::string("unexpected '") + Peek() + "' in <" + out->ann_type + " ...>");
      return false;
    }
    // op: = != > < >= <= ~ ; none for a bare flag.
    char a = Peek(), b = Peek(1);
    if ((a == '!' || a == '>' || a == '<') && b == '=') c.op = std::string{a, b};
    else if (a == '=' || a == '~') c.op = std::string{a};
    else if (a == '<') c.op = "<";
    else if (a == '>' && c.key == "value")
      c.op = ">";  // value>1000; after any other key a bare '>' closes the element (`<quantity approx>`)
    for (size_t k = 0; k < c.op.size(); ++k) Adv();
    if (!c.op.empty()) {
      while (true) {
        std::string v;
        if (Peek() == '"') {
          if (!String(&v)) return false;
        } else if (c.key == "approx") {
          // approx values are comparison symbols themselves: approx=> approx=>= approx=~
          static const char* kSyms[] = {">=", "<=", ">", "<", "~", "="};
          for (const char* sym : kSyms) {
            std::string_view sv(sym);
            if (s_.substr(i_, sv.size()) == sv) {
              // `approx=>` then '>' closes: prefer ">" over ">=" only when followed by '>'.
              v = sym;
              break;
            }
          }
          for (size_t k = 0; k < v.size(); ++k) Adv();
        } else {
          while (!Eof() && Peek() != ' ' && Peek() != '\t' && Peek() != '>' && Peek() != '|' && Peek() != '\n') {
            v.push_back(Peek());
            Adv();
          }
        }
        if (v.empty()) {
          Error(Here(), "expected a value for '" + c.key + "'");
          return false;
        }
        c.values.push_back(v);
        if (Peek() != '|') break;
        Adv();
      }
    }
    out->cons.push_back(std::move(c));
  }
}

void Parser::Include(FileAst* f, Pos p) {
  SkipSpaces();
  IncludeAst inc;
  inc.pos = p;
  if (Peek() != '"') {
    Error(Here(), "expected a quoted path after include");
    SkipLine();
    return;
  }
  if (!String(&inc.path)) {
    SkipLine();
    return;
  }
  if (!AtEol()) {
    Error(Here(), "unexpected text after include");
    SkipLine();
    return;
  }
  f->includes.push_back(std::move(inc));
  SkipLine();
}

void Parser::Define(FileAst* f, Pos p) {
  SkipSpaces();
  DefineAst d;
  d.pos = p;
  Pos np = Here();
  d.name = Ident();
  if (d.name.empty()) {
    Error(np, "expected a macro name after define");
    SkipLine();
    return;
  }
  SkipSpaces();
  if (Peek() != '=') {
    Error(Here(), "expected '=' after define " + d.name);
    SkipLine();
    return;
  }
  Adv();
  d.ok = ParsePatternHere(&d.body);
  f->defines.push_back(std::move(d));
  SkipLine();
}

void Parser::Example(RuleAst* r, bool negative, Pos p) {
  SkipSpaces();
  grammar::Example ex;
  ex.negative = negative;
  ex.file = file_;
  ex.line = p.line;
  if (Peek() != '"') {
    Error(Here(), std::string("expected a quoted text after ") + (negative ? "not" : "example"));
    SkipLine();
    return;
  }
  if (!String(&ex.text)) {
    SkipLine();
    return;
  }
  std::vector<Pos> poss;
  std::vector<std::string> slots;
  if (!negative) {
    SkipSpaces();
    if (!(Peek() == '=' && Peek(1) == '>')) {
      if (!AtEol()) {
        Error(Here(), "expected '=>' and the expected slots after the example text");
        SkipLine();
        return;
      }
    } else {
      Adv();
      Adv();
      while (!AtEol()) {
        Pos sp = Here();
        std::string key = Ident();
        if (key.empty() || Peek() != '=') {
          Error(sp, "expected slot=value");
          SkipLine();
          return;
        }
        Adv();
        std::string v;
        if (!Value(&v)) {
          SkipLine();
          return;
        }
        ex.expect[key] = v;
        poss.push_back(sp);
        slots.push_back(key);
      }
    }
  } else if (!AtEol()) {
    Error(Here(), "unexpected text after the negative example");
    SkipLine();
    return;
  }
  r->examples.push_back(std::move(ex));
  r->example_slot_pos.push_back(std::move(poss));
  r->example_slots.push_back(std::move(slots));
  SkipLine();
}

void Parser::Rule(FileAst* f, Pos p) {
  RuleAst r;
  r.pos = p;
  SkipSpaces();
  Pos np = Here();
  r.name = Word();
  if (r.name.empty()) {
    Error(np, "expected a rule name after rule");
    r.name = "";
  }
  if (!AtEol()) {
    Error(Here(), "unexpected text after the rule name");
  }
  SkipLine();
  bool ended = false;
  while (true) {
    SkipBlankLines();
    if (Eof()) break;
    Pos cp = Here();
    std::string kw = Word();
    if (kw == "end") {
      if (!AtEol()) Error(Here(), "unexpected text after end");
      SkipLine();
      ended = true;
      break;
    }
    if (kw == "rule" || kw == "define" || kw == "include") {
      // Rewind: this line starts the next top-level item.
      i_ -= kw.size();
      break;
    }
    if (kw == "stage" || kw == "priority") {
      SkipSpaces();
      Pos vp = Here();
      std::string v;
      Value(&v);
      bool neg = kw == "priority" && !v.empty() && v[0] == '-';
      int n = 0;
      if (!ParseInt(neg ? std::string_view(v).substr(1) : std::string_view(v), &n) ||
          (kw == "stage" && (n < 1 || n > 100)) || n > 10000) {
        Error(vp, kw == "stage" ? "stage must be a whole number from 1 to 100" : "priority must be a whole number from -10000 to 10000");
      } else {
        (kw == "stage" ? r.stage : r.priority) = neg ? -n : n;
      }
      if (!AtEol()) Error(Here(), "unexpected text after " + kw);
      SkipLine();
    } else if (kw == "set") {
      while (!AtEol()) {
        Pos sp = Here();
        std::string key = Ident();
        if (key.empty() || Peek() != '=') {
          Error(sp, "expected slot=value after set");
          break;
        }
        Adv();
        std::string v;
        if (!Value(&v)) break;
        r.set.emplace_back(key, v);
        r.set_pos.push_back(sp);
      }
      SkipLine();
    } else if (kw == "match") {
      if (r.has_match) Error(cp, "a rule has one match clause (use ( a | b ) for alternatives)");
      r.has_match = true;
      r.match_ok = ParsePatternHere(&r.pattern);
      SkipLine();
    } else if (kw == "emit") {
      SkipSpaces();
      r.emit_pos = Here();
      r.emit = Ident();
      if (r.emit.empty()) Error(r.emit_pos, "expected a label after emit");
      else if (!AtEol()) Error(Here(), "unexpected text after emit " + r.emit);
      SkipLine();
    } else if (kw == "example" || kw == "not") {
      Example(&r, kw == "not", cp);
    } else {
      Error(cp, kw.empty() ? "expected a clause (stage, priority, set, match, emit, example, not, end)"
                           : "unknown clause '" + kw + "' (expected stage, priority, set, match, emit, example, not or end)");
      SkipLine();
    }
  }
  if (!ended) Error(p, "rule " + r.name + " has no 'end'");
  f->rules.push_back(std::move(r));
}

FileAst Parser::ParseAll() {
  FileAst f;
  f.file = file_;
  while (true) {
    SkipBlankLines();
    if (Eof()) break;
    Pos p = Here();
    std::string kw = Word();
    if (kw == "include") Include(&f, p);
    else if (kw == "define") Define(&f, p);
    else if (kw == "rule") Rule(&f, p);
    else {
      if (kw.empty()) kw = std::string(1, Peek());
      Error(p, "expected include, define or rule, found '" + kw + "'");
      SkipLine();
    }
  }
  return f;
}

}  // namespace

FileAst ParseFile(std::string_view text, const std::string& file, std::vector<LoadError>* errors) {
  Parser p(text, file, errors);
  return p.ParseAll();
}

bool ParsePattern(std::string_view text, const std::string& file, Node* out, std::vector<LoadError>* errors) {
  Parser p(text, file, errors);
  return p.ParseStandalonePattern(out);
}

}  // namespace quarry::grammar
