// Every `quarry` subcommand registers itself on the CLI11 app through one function here; its
// flags, help and behaviour live in its own cmd_<name>.cc. main() (quarry_main.cc) only wires.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace quarry::cli {

// Exit codes (DESIGN.md): 0 success, 1 findings, 2 usage or input error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

// Help of the read commands' --immutable flag (verify/db.h).
inline constexpr const char* kImmutableHelp =
    "Read the database as a file nothing writes to (read-only media): locks and the WAL are ignored, "
    "so never use it on a database that a running extract or load may change";

// Options shared by every command.
struct GlobalOptions {
  std::string grammars;  // --grammars DIR; empty = facts::DefaultGrammarDir()
  bool quiet = false;    // --quiet
};

// The command's result is written to *exit_code by its callback.
struct Context {
  GlobalOptions global;
  int exit_code = kExitOk;
};

void RegisterExtract(CLI::App& app, Context& ctx);   // cmd_extract.cc
void RegisterLoad(CLI::App& app, Context& ctx);      // cmd_load.cc
void RegisterTokenize(CLI::App& app, Context& ctx);  // cmd_tokenize.cc
void RegisterAnnotate(CLI::App& app, Context& ctx);  // cmd_annotate.cc
void RegisterGrammar(CLI::App& app, Context& ctx);   // cmd_grammar.cc (check, test)
void RegisterExplain(CLI::App& app, Context& ctx);   // cmd_explain.cc
void RegisterEval(CLI::App& app, Context& ctx);      // cmd_eval.cc
void RegisterQuery(CLI::App& app, Context& ctx);     // cmd_query.cc
void RegisterFacts(CLI::App& app, Context& ctx);     // cmd_facts.cc
void RegisterSeries(CLI::App& app, Context& ctx);    // cmd_series.cc
void RegisterVerify(CLI::App& app, Context& ctx);    // cmd_verify.cc
void RegisterCheck(CLI::App& app, Context& ctx);     // cmd_check.cc
void RegisterReport(CLI::App& app, Context& ctx);    // cmd_report.cc
void RegisterTypes(CLI::App& app, Context& ctx);     // cmd_types.cc

// Prints "quarry: <message>" on one line to stderr.
void PrintError(const std::string& message);

// Flushes standard output and returns `exit_code`, or, when any write to it failed (disk full,
// I/O error, a closed descriptor), prints one line naming standard output and its cause and
// returns kExitUsage: results that did not reach their file are never reported as success.
int FinishStdout(int exit_code);
// Gives std::cout a buffer that remembers why a write failed (for FinishStdout). Call once, first.
void InstallStdout();

}  // namespace quarry::cli
