// quarry check: Audit the database for inconsistent figures. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterCheck(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("check", "Audit the database for inconsistent figures");
  cmd->callback([&ctx] {
    PrintError("check: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
