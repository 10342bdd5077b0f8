// quarry explain: Explain what the engine saw and why rules fired. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterExplain(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("explain", "Explain what the engine saw and why rules fired");
  cmd->callback([&ctx] {
    PrintError("explain: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
