#include "cli/common.h"

#include <filesystem>
#include <iostream>

#include "input/reader.h"

namespace quarry::cli {

void PrintError(const std::string& message) { std::cerr << "quarry: " << message << "\n"; }

std::shared_ptr<const facts::Resources> LoadResources(Context& ctx) {
  std::string dir = ctx.global.grammars.empty() ? facts::DefaultGrammarDir() : ctx.global.grammars;
  std::vector<std::string> errors;
  auto res = facts::Resources::Load(dir, &errors);
  if (!res) {
    for (const auto& e : errors) std::cerr << e << "\n";
    if (errors.empty()) PrintError(dir + ": cannot load grammar folder");
    ctx.exit_code = kExitUsage;
  }
  return res;
}

bool ReadDocuments(Context& ctx, const std::string& arg, const std::string& published, bool text_ok,
                   std::vector<Document>* docs) {
  std::error_code ec;
  if (text_ok && arg != "-" && !std::filesystem::exists(arg, ec)) {
    Document d;
    d.id = "text";
    d.raw = arg;
    d.published = published;
    docs->push_back(std::move(d));
    return true;
  }
  input::ReadOptions opts;
  opts.published = published;
  bool failed = false;
  input::DocumentReader reader({arg}, opts, [&](const input::ReadError& e) {
    PrintError(e.ToString());
    failed = true;
  });
  std::string err;
  if (!reader.Validate(&err)) {
    PrintError(err);
    ctx.exit_code = kExitUsage;
    return false;
  }
  Document d;
  while (reader.Next(&d)) docs->push_back(std::move(d));
  if (failed) ctx.exit_code = kExitUsage;
  return true;
}

}  // namespace quarry::cli
