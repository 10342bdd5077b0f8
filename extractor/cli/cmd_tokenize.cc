// quarry tokenize: Print sentences and tokens with raw spans. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterTokenize(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("tokenize", "Print sentences and tokens with raw spans");
  cmd->callback([&ctx] {
    PrintError("tokenize: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
