// quarry annotate: Print annotations. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterAnnotate(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("annotate", "Print annotations");
  cmd->callback([&ctx] {
    PrintError("annotate: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
