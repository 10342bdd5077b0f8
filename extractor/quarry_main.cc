// quarry: facts with provenance from industry news. This file only wires the subcommands
// (cli/cmd_*.cc) into one CLI11 app and maps parse errors to exit code 2.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

#include "base/version.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace quarry::cli;
  // A closed pipe ends the process quietly, as it does any Unix filter (`quarry query ... | head
  // -1` stops at once, even inside an endless result); set explicitly, since a parent may have
  // left SIGPIPE ignored. extract and load ignore it while they write the database (their
  // sinks stop on EPIPE themselves).
  std::signal(SIGPIPE, SIG_DFL);
  InstallStdout();
  CLI::App app{"quarry " QUARRY_VERSION
               ": extracts facts (deliveries, sales, YoY %, stakes, targets, ...) with their period and\n"
               "exact source span from industry news articles, stores them in SQLite, and verifies\n"
               "figures against their sources.",
               "quarry"};
  app.set_version_flag("--version", QUARRY_VERSION);
  app.require_subcommand(0, 1);
  Context ctx;
  app.add_option("--grammars", ctx.global.grammars,
                 "Grammar folder: *.rules files and gazetteer/ (default: $QUARRY_GRAMMARS, else the "
                 "grammars/ folder beside the build, else ./grammars)")
      ->type_name("DIR");
  app.add_flag("-q,--quiet", ctx.global.quiet, "No progress output on stderr");
  // Global options are accepted after the subcommand too (`quarry extract --quiet ...`): a
  // subcommand passes options it does not know to the app. Set before the subcommands are added,
  // which inherit it.
  app.fallthrough();

  RegisterExtract(app, ctx);
  RegisterLoad(app, ctx);
  RegisterTokenize(app, ctx);
  RegisterAnnotate(app, ctx);
  RegisterGrammar(app, ctx);
  RegisterExplain(app, ctx);
  RegisterEval(app, ctx);
  RegisterQuery(app, ctx);
  RegisterFacts(app, ctx);
  RegisterSeries(app, ctx);
  RegisterVerify(app, ctx);
  RegisterCheck(app, ctx);
  RegisterReport(app, ctx);
  RegisterTypes(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return FinishStdout(app.exit(e));
  } catch (const CLI::CallForAllHelp& e) {
    return FinishStdout(app.exit(e));
  } catch (const CLI::CallForVersion& e) {
    return FinishStdout(app.exit(e));
  } catch (const CLI::ParseError& e) {
    // One line naming the problem, exit 2 (DESIGN.md), with a pointer to --help.
    std::string msg = e.what();
    for (auto& c : msg)
      if (c == '\n') c = ' ';
    std::cerr << "quarry: " << msg << " (see quarry --help)\n";
    return FinishStdout(kExitUsage);
  } catch (const std::exception& e) {
    std::cerr << "quarry: " << e.what() << "\n";
    return FinishStdout(kExitUsage);
  }
  if (app.get_subcommands().empty()) {
    std::cerr << "quarry: a command is required (see quarry --help)\n";
    return kExitUsage;
  }
  return FinishStdout(ctx.exit_code);
}
