// Claims to verify: a CSV file with header `subject,type,period,value[,url][,modality]` (RFC 4180
// quoting) or JSON Lines with the same keys; an optional `object` column names the second entity
// (the company a stake is held in). Errors name the file and line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/interval.h"

namespace quarry::verify {

struct Claim {
  int line = 0;             // 1-based line in the claims file where the record starts
  std::string subject;      // as written ("Hongmeng Zhixing"); resolved through the gazetteer later
  std::string type;         // deliveries, yoy_pct, ...
  std::string period;       // DESIGN.md period syntax, or empty = any period
  std::string value_text;   // as written ("70K", "over 100,000")
  std::string url;          // optional: only this source counts
  std::string modality;     // optional; default actual
  std::string object;       // optional: the second entity (stake of A *in* B)
  std::string scope;        // optional: BEV, PHEV, passenger/NEV, ...; empty = the whole subject
  WrittenFigure figure;     // parsed value_text
  // The stored types that count as `type` (its measure family, set by the caller from the
  // schema: Note [Measure families] in cli/options.cc); empty = `type` alone.
  std::vector<std::string> types;
};

// The periods a claim (or `facts --period`) may name: "", "2025", "2025-11", "XXXX-11", "2025-Q3",
// "2025-H1", "2025-01..2025-11" (a range from month to month, within one year or across years);
// not a day, not "XXXX" alone.
bool ValidPeriod(std::string_view p);

// Reads claims from `path`: JSONL when the name ends in .jsonl/.ndjson or the first non-blank
// byte is '{', CSV otherwise. On error returns false with *error = "file:line: message".
bool LoadClaims(const std::string& path, std::vector<Claim>* out, std::string* error);
// Same from memory (`name` is used in messages).
bool ParseClaims(std::string_view content, const std::string& name, bool jsonl,
                 std::vector<Claim>* out, std::string* error);

}  // namespace quarry::verify
