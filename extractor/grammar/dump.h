// Canonical dump of one compiled rule (dump.cc).
#pragma once

#include <string>

#include "grammar/grammar.h"
#include "grammar/prog.h"

namespace quarry::grammar {

std::string DumpRule(const Prog& prog, const RuleInfo& info, int rule);

}  // namespace quarry::grammar
