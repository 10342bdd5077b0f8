// quarry report: Write an HTML evidence report. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterReport(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("report", "Write an HTML evidence report");
  cmd->callback([&ctx] {
    PrintError("report: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
