// quarry load: Merge facts JSONL into the database. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterLoad(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("load", "Merge facts JSONL into the database");
  cmd->callback([&ctx] {
    PrintError("load: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
