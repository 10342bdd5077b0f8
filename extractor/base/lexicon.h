// The word lists of a grammar pack (`<pack>/lexicon/*.tsv`): scale words, approximators, month
// names, change and basis words, blocking words... everything the annotators (numbers/,
// periods/) know of a language, as data. Format in grammars/README.md, section "Lexicon".
// A Lexicon is loaded against the list specs its consumers declare (name and value kind); every
// problem is reported as "file:line:col: message" and the lexicon is then not returned.
// Immutable after loading.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quarry {

// What the third column of a list holds.
enum class LexValue : uint8_t {
  kNone,    // no value: the list is a set of words
  kInt,     // an integer within [min, max]
  kApprox,  // an approximation symbol: = > >= < <= ~
  kCode,    // a lowercase code: [a-z0-9_]+ (a unit, a currency, a basis)
};

struct LexListSpec {
  std::string_view name;
  LexValue value = LexValue::kNone;
  int64_t min = 0, max = 0;  // kInt only
  bool single_char = false;  // each word is exactly one code point (CJK numerals)
};

struct LexEntry {
  std::string word;   // as written (trimmed of surrounding spaces)
  std::string value;  // as written; empty for kNone
  int64_t number = 0;  // kInt: the parsed value
};

struct LexError {
  std::string file;  // path relative to the lexicon folder's parent ("lexicon/numbers.tsv")
  int line = 0, col = 0;
  std::string message;
  std::string ToString() const;  // "file:line:col: message" ("file: message" when line is 0)
};

class Lexicon {
 public:
  // Loads every *.tsv file in `dir` (sorted by name; lists may be split across files, entries
  // keep file order). Every list in `specs` must be present, no other list may appear, a word
  // appears at most once per list. `label` prefixes file names in errors ("lexicon").
  static std::unique_ptr<Lexicon> Load(const std::string& dir, const std::vector<LexListSpec>& specs,
                                       std::vector<LexError>* errors, const std::string& label = "lexicon");
  // From one in-memory file (tests).
  static std::unique_ptr<Lexicon> FromString(std::string_view text, const std::string& file,
                                             const std::vector<LexListSpec>& specs,
                                             std::vector<LexError>* errors);

  // The entries of a list, in file order; empty for a list not loaded.
  const std::vector<LexEntry>& List(std::string_view name) const;
  // Content hash of every file (name and bytes), hex: part of the grammar version.
  const std::string& digest() const { return digest_; }

 private:
  void AddText(std::string_view text, const std::string& file, const std::vector<LexListSpec>& specs,
               std::vector<LexError>* errors);
  void CheckComplete(const std::vector<LexListSpec>& specs, const std::string& where,
                     std::vector<LexError>* errors) const;

  std::map<std::string, std::vector<LexEntry>, std::less<>> lists_;
  std::string digest_;
};

}  // namespace quarry
