// Placeholder until the grammar engine (issue 5) lands: loads no rules.
#include "grammar/grammar.h"

namespace quarry::grammar {

std::string LoadError::ToString() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
}

struct Grammar::Impl {
  std::vector<RuleInfo> rules;
  std::string version = "0";
};

Grammar::Grammar() : impl_(std::make_unique<Impl>()) {}
Grammar::~Grammar() = default;

std::unique_ptr<Grammar> Grammar::Load(const std::string&, std::vector<LoadError>*) {
  return std::unique_ptr<Grammar>(new Grammar());
}
const std::vector<RuleInfo>& Grammar::rules() const { return impl_->rules; }
const std::string& Grammar::version() const { return impl_->version; }
void Grammar::Run(const text::TextDoc&, std::vector<Annotation>*, MatchResult*) const {}
std::vector<RuleTrace> Grammar::Trace(const text::TextDoc&, const std::vector<Annotation>&,
                                      const std::string&) const {
  return {};
}
std::string Grammar::Dump(const std::string&) const { return ""; }

}  // namespace quarry::grammar
