// Claims to verify: a CSV file with header `subject,type,period,value[,url][,modality]` (RFC 4180
// quoting) or JSON Lines with the same keys; an optional `object` column names the second entity
// (the company a stake is held in). Errors name the file and line.
#pragma once

#include <memory>
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

// Note [Streaming claims]
// verify reads its claims one at a time: ClaimReader holds one record (at most
// kMaxClaimRecordBytes) and a 64 KiB read buffer, never the file, so a claims file of any
// length is checked in the same memory (issue 17, row 2: 50,000 claims once took 1.9 GB because
// the file, every claim and every verdict were kept to the end). There is no cap on the number
// of claims or the file's size; a single record longer than the cap is an error at its line.
// Errors stop the reader: Next() returns false with *error set, and every later call does too.
inline constexpr size_t kMaxClaimRecordBytes = 16u << 20;

class ClaimReader {
 public:
  ClaimReader();
  ~ClaimReader();
  ClaimReader(const ClaimReader&) = delete;
  ClaimReader& operator=(const ClaimReader&) = delete;

  // Opens `path` (a file, a FIFO, /dev/stdin): JSONL when the name ends in .jsonl/.ndjson/.json
  // or the first non-blank byte is '{', CSV otherwise. False with *error naming the file.
  bool Open(const std::string& path, std::string* error);
  // Reads claims from memory (`name` is used in messages).
  void OpenString(std::string_view content, const std::string& name, bool jsonl);
  // The next claim, validated (fields, period, value). False at the end (*error empty) or on the
  // first error (*error = "file:line: message").
  bool Next(Claim* claim, std::string* error);
  // Whether the input can be read again from the start (a regular file or memory), and doing it:
  // verify checks every claim before it prints any verdict, then reads them again.
  bool Rewindable() const;
  bool Rewind(std::string* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// All claims of `path` at once, through ClaimReader (tests and small tools; verify streams).
// On error returns false with *error = "file:line: message".
bool LoadClaims(const std::string& path, std::vector<Claim>* out, std::string* error);
// Same from memory (`name` is used in messages).
bool ParseClaims(std::string_view content, const std::string& name, bool jsonl,
                 std::vector<Claim>* out, std::string* error);

}  // namespace quarry::verify
