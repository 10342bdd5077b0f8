// quarry eval: Evaluate extraction against gold facts. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterEval(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("eval", "Evaluate extraction against gold facts");
  cmd->callback([&ctx] {
    PrintError("eval: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
