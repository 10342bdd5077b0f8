// JSON string output shared by every writer of JSON (facts, tokens, verdicts, tables): one
// escaping, so that a document id, path or evidence sentence is valid JSON wherever it appears.
#pragma once

#include <string>
#include <string_view>

namespace quarry {

// Appends `s` as a quoted JSON string: `"` `\` and control characters escaped, well-formed UTF-8
// passed through, any invalid byte replaced by \ufffd (the output is always valid JSON).
void AppendJsonString(std::string_view s, std::string* out);

// The same, returned: "\"...\"".
std::string JsonString(std::string_view s);

// The escaped contents without the quotes (for writers that add their own).
std::string JsonEscape(std::string_view s);

}  // namespace quarry
