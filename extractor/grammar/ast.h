// The rule language's syntax tree: what parse.cc produces from one *.rules file and compile.cc
// turns into a program (prog.h). Positions are 1-based line:col in the file.
#pragma once

#include <string>
#include <vector>

#include "grammar/grammar.h"

namespace quarry::grammar {

struct Pos {
  int line = 0, col = 0;
};

// A predicate over one token: `"word"`, `c"Word"`, `/re/`, `[key op value ...]`, `_`, `!x`.
struct TokExpr {
  enum Kind { kAny, kLit, kRegex, kAttr, kAnd, kOr, kNot };
  Kind kind = kAny;
  std::string text;                 // kLit: the literal; kRegex: the pattern
  bool flag = false;                // kLit: case-sensitive; kRegex: ignore case
  std::string key, op;              // kAttr: kind|shape|lower|text|flag, = != ~
  std::vector<std::string> values;  // kAttr: alternatives (`kind=number|percent`)
  std::vector<TokExpr> kids;        // kAnd, kOr, kNot
  Pos pos;
};

// One constraint of an annotation element: `unit=vehicle|none`, `value>1000`, `approx`.
struct AnnConstraint {
  std::string key, op;              // op empty for a bare flag (`approx`, `range`)
  std::vector<std::string> values;
  Pos pos;
};

struct Node {
  enum Kind { kTok, kLit, kAnn, kSeq, kAlt, kRepeat, kCapture, kMacro };
  Kind kind = kSeq;
  Pos pos;
  TokExpr tok;                      // kTok
  std::vector<std::string> words;   // kLit: a literal's space-separated words
  bool case_sensitive = false;      // kLit
  std::string ann_type;             // kAnn: quantity|period|change|entity|LABEL
  std::vector<AnnConstraint> cons;  // kAnn
  std::vector<Node> kids;           // kSeq, kAlt; kRepeat and kCapture have exactly one
  int min = 1, max = 1;             // kRepeat
  std::string name;                 // kCapture: slot name; kMacro: macro name
};

struct RuleAst {
  std::string name;
  Pos pos;
  int stage = 1, priority = 0;
  std::string emit;
  Pos emit_pos;
  std::vector<std::pair<std::string, std::string>> set;  // in order written
  std::vector<Pos> set_pos;
  bool has_match = false;
  bool match_ok = false;            // the pattern parsed without error
  Node pattern;
  std::vector<Example> examples;
  std::vector<std::vector<Pos>> example_slot_pos;  // per example, per expected slot (sorted)
  std::vector<std::vector<std::string>> example_slots;
};

struct DefineAst {
  std::string name;
  Pos pos;
  bool ok = false;
  Node body;
};

struct IncludeAst {
  std::string path;
  Pos pos;
};

struct FileAst {
  std::string file;  // relative to the grammar folder
  std::vector<IncludeAst> includes;
  std::vector<DefineAst> defines;
  std::vector<RuleAst> rules;
};

// Parses one file's text. Every syntax error is appended to *errors (the parser recovers at the
// next clause or line); the returned tree holds everything that parsed.
FileAst ParseFile(std::string_view text, const std::string& file, std::vector<LoadError>* errors);

// Parses a pattern on its own (tests, and `define` bodies share it). Returns false on error.
bool ParsePattern(std::string_view text, const std::string& file, Node* out,
                  std::vector<LoadError>* errors);

}  // namespace quarry::grammar
