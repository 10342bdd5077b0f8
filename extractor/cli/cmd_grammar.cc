// quarry grammar check|test: validate rule files; run every rule's examples. (Placeholder.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterGrammar(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("grammar", "Check grammar files or run their examples");
  cmd->require_subcommand(1);
  for (const char* sub : {"check", "test"}) {
    auto* s = cmd->add_subcommand(sub, std::string("grammar ") + sub);
    s->callback([&ctx] {
      PrintError("grammar: not implemented yet");
      ctx.exit_code = kExitUsage;
    });
  }
}

}  // namespace quarry::cli
