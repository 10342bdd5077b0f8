// quarry facts: List facts. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterFacts(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("facts", "List facts");
  cmd->callback([&ctx] {
    PrintError("facts: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
