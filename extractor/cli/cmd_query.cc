// quarry query: Run read-only SQL. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterQuery(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("query", "Run read-only SQL");
  cmd->callback([&ctx] {
    PrintError("query: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
