// Metadata from the head of an HTML page: publication date (article:published_time, og/dc/
// dcterms dates, itemprop/JSON-LD datePublished) and <title>. A bounded scan of the first bytes,
// no DOM: the reader calls it for every HTML document, so it must stay cheap.
#pragma once

#include <string>
#include <string_view>

namespace quarry::input {

struct HtmlMeta {
  std::string published;  // ISO date or date-time as written, "" if none found
  std::string title;      // <title> text with basic entities decoded, whitespace collapsed
};

// Scans at most the first `max_scan` bytes (stopping at </head>).
HtmlMeta ScanHtmlMeta(std::string_view html, size_t max_scan = 128 << 10);

// True when `s` starts like an ISO date: YYYY-MM-DD (optionally followed by a time).
bool LooksLikeIsoDate(std::string_view s);

}  // namespace quarry::input
