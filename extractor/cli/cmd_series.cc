// quarry series: Pivot facts into a subject x period table. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterSeries(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("series", "Pivot facts into a subject x period table");
  cmd->callback([&ctx] {
    PrintError("series: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
