// Compiler: FileAsts (parse.cc) -> one Prog (prog.h) plus the rules' public RuleInfo. Expands
// macros, validates every predicate, slot and limit, and appends every error found.
#pragma once

#include <string>
#include <vector>

#include "grammar/ast.h"
#include "grammar/grammar.h"
#include "grammar/prog.h"

namespace quarry::grammar {

// Limits (also documented in grammars/README.md).
inline constexpr int kMaxRepeat = 50;          // a{m,n}: n <= 50
inline constexpr int kMaxAltBranches = 100;    // ( a | b | ... ) at most 100 branches
inline constexpr int kMaxNesting = 24;         // nested groups, repetitions, captures, macros
inline constexpr int kMaxMacroDepth = 16;      // macros using macros
inline constexpr int kMaxRuleInsts = 20000;    // compiled size of one rule

// `scopes[f]` lists the files whose `define`s file f sees (itself and what it includes,
// transitively). Rules are compiled in file order; errors are appended to *errors.
void CompileGrammar(const std::vector<FileAst>& files, const std::vector<std::vector<int>>& scopes,
                    Prog* prog, std::vector<RuleInfo>* rules, std::vector<LoadError>* errors);

}  // namespace quarry::grammar
