// Helpers shared by the commands: loading the grammar folder with errors reported the house way,
// and reading documents for single-document commands (tokenize, annotate, explain).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/document.h"
#include "cli/commands.h"
#include "facts/extractor.h"

namespace quarry::cli {

// Loads resources from --grammars (or the default). On failure prints every error as
// "file:line:col: message" to stderr, sets ctx.exit_code = 2 and returns nullptr.
std::shared_ptr<const facts::Resources> LoadResources(Context& ctx);

// Reads documents from FILE (any format the reader knows) or "-" (JSONL on stdin). When `arg` is
// neither an existing file nor "-" and `text_ok`, it is taken as literal text (explain "...").
// On error prints one line, sets exit code 2 and returns false.
// Documents are passed to `fn` one at a time as they are read (the next one reuses the storage),
// so a command's memory is one document's, whatever the number of documents in the file.
bool ReadDocuments(Context& ctx, const std::string& arg, const std::string& published, bool text_ok,
                   const std::function<void(const Document&)>& fn);

}  // namespace quarry::cli
