// quarry extract: Extract facts from documents into SQLite or JSONL. (Placeholder while the command is being built.)
#include "cli/commands.h"

namespace quarry::cli {

void RegisterExtract(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("extract", "Extract facts from documents into SQLite or JSONL");
  cmd->callback([&ctx] {
    PrintError("extract: not implemented yet");
    ctx.exit_code = kExitUsage;
  });
}

}  // namespace quarry::cli
