// Front matter: the metadata block static-site and note-taking tools put at the top of Markdown
// and text files ("---\ntitle: ...\npublished: 2025-12-02\nurl: ...\n---\n"). quarry reads the
// document's title, date, url and id from it; the block itself is not article text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace quarry::input {

struct FrontMatter {
  std::string id, url, title, published;
  uint64_t body_offset = 0;  // first byte after the closing "---" line
};

// True when `raw` starts with a front matter block (at most 64 KiB, closed by a "---" or "..."
// line); fills *out. Recognized keys (case-insensitive): id, url, title, and for the date
// published, date, published_at, datePublished. Values may be quoted. Unknown keys are ignored.
bool ParseFrontMatter(std::string_view raw, FrontMatter* out);

}  // namespace quarry::input
