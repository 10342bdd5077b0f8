// Facts as JSON lines, the `quarry extract --format jsonl` contract (DESIGN.md): fields
// doc type subject object value unit period approx modality qualifiers span sentence evidence
// rule, in that order. `value` is a JSON number token written from the exact decimal text (never
// through a double) and read back the same way by ParseFactJson.
#pragma once

#include <string>
#include <string_view>

#include "base/json.h"
#include "base/fact.h"

namespace quarry::store {

// A fact's location (36 outlets *in Brazil*) is written as the qualifier "location:Brazil" and
// read back into Fact::location, so the contract's field list stays exact.
inline constexpr std::string_view kLocationQualifier = "location:";

// Appends one JSON object (no newline) for `f` to *out.
void AppendFactJson(const Fact& f, std::string* out);

// Parses one line written by AppendFactJson (or by a compatible producer). The value must be
// a plain decimal number (or a string holding one). False + *error on any problem.
bool ParseFactJson(std::string_view line, Fact* f, std::string* error);

}  // namespace quarry::store
