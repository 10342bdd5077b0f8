// Compiler: FileAsts (parse.cc) -> one Prog (prog.h) plus the rules' public RuleInfo. Expands
// macros, validates every predicate, slot and limit, and appends every error found.
#pragma once

#include <string>
#include <vector>

#include "base/pack_schema.h"
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

// Values of `set type=` that are instructions to the resolver, not fact types: the type is
// carried from the figure's context (`carry`), or from the headline when no fact precedes
// (`carry_or_headline`), or is the change's basis (`change_by_period`: yoy_pct, mom_pct, ...),
// or is the one the nearest volume word of its sentence names (`volume_word`).
inline constexpr const char* kTypeDirectives[] = {"carry", "carry_or_headline", "change_by_period", "volume_word"};
// The value of `set scope=` that is an instruction to the resolver: the scope of the figure just
// before it in its sentence, of the same subject (a share of that figure: "sold 80,000 BEVs, or
// 56% of its sales" is the BEVs' share).
inline constexpr const char* kScopeCarry = "carry";

// `scopes[f]` lists the files whose `define`s file f sees (itself and what it includes,
// transitively). Rules are compiled in file order; errors are appended to *errors. With a
// schema, every `set type=`, `set unit=`, `set scope=`, annotation `unit=` and entity `kind=`
// must be one it declares.
void CompileGrammar(const std::vector<FileAst>& files, const std::vector<std::vector<int>>& scopes,
                    const PackSchema* schema, Prog* prog, std::vector<RuleInfo>* rules,
                    std::vector<LoadError>* errors);

}  // namespace quarry::grammar
