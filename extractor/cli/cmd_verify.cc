// quarry verify: Verify claims against stored facts. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterVerify(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("verify", "Verify claims against stored facts");
  cmd->callback([&ctx] {
    PrintError("verify: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
