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
  std::string object;       // optional: the second entity (stake of Stellantis *in* Leapmotor)
  std::string scope;        // optional: BEV, PHEV, passenger/NEV, ...; empty = the whole subject
  WrittenFigure figure;     // parsed value_text
};

// True for "", "2025", "2025-11", "XXXX-11", "2025-Q3", "2025-H1", "2025-01..2025-11".
bool ValidPeriod(std::string_view p);

// A period as the closed interval of months it covers, each month counted as
// year * 12 + (month - 1): "2025-Q1" is [2025-01, 2025-03], "2025" is [2025-01, 2025-12],
// "2025-H2" [2025-07, 2025-12], "2025-01..2025-11" its months, a date ("2025-12-02") its month.
// A range's ends may be any of these forms ("2025-Q1..2025", "2024..2025"). A period with an
// unknown year ("XXXX-11", "XXXX-01..XXXX-11") has no place on the time line: unknown_year is
// set and first/last count months of year 0.
struct MonthInterval {
  int first = 0, last = 0;
  bool unknown_year = false;
  // True when `inner` lies wholly inside this interval (never for unknown years on either side).
  bool Contains(const MonthInterval& inner) const {
    return !unknown_year && !inner.unknown_year && first <= inner.first && inner.last <= last;
  }
};
// nullopt for anything else (empty, "November", "2025-13", a range ending before it starts).
std::optional<MonthInterval> PeriodMonths(std::string_view p);

// Reads claims from `path`: JSONL when the name ends in .jsonl/.ndjson or the first non-blank
// byte is '{', CSV otherwise. On error returns false with *error = "file:line: message".
bool LoadClaims(const std::string& path, std::vector<Claim>* out, std::string* error);
// Same from memory (`name` is used in messages).
bool ParseClaims(std::string_view content, const std::string& name, bool jsonl,
                 std::vector<Claim>* out, std::string* error);

}  // namespace quarry::verify
