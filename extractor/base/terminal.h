// Text from documents and databases made safe to print: terminal escape sequences (an OSC that
// retitles the terminal or writes its clipboard, a CSI that moves the cursor) are shown as
// visible escapes, never sent raw, and error messages quote a value as one short line.
#pragma once

#include <string>
#include <string_view>

namespace quarry {

// C0 controls other than tab and newline, DEL and C1 controls (U+0080-U+009F) become visible
// escapes: "\x1b", "\x7f", "\u009b". Everything else, invalid UTF-8 included, is copied.
std::string TerminalSafe(std::string_view s);

// For quoting a value in an error message: TerminalSafe with newlines and tabs escaped too, cut
// at a character boundary after about `max_bytes` bytes with "..." (a 10 MB value stays one
// short line).
std::string Excerpt(std::string_view s, size_t max_bytes = 80);

}  // namespace quarry
