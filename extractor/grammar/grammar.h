// The grammar engine's public face: load and compile every *.rules file under a folder, then
// run all stages over one document's sentences. Parsing, compiling and matching live in
// parse.cc, compile.cc, match.cc (prog.h is the waist between compiling and running).
// A Grammar is immutable after Load(): share it across threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/annotation.h"
#include "base/pack_schema.h"
#include "text/text_doc.h"
#include "text/word_ids.h"

namespace quarry::grammar {

struct LoadError {
  std::string file;  // path relative to the grammar folder
  int line = 0, col = 0;
  std::string message;
  std::string ToString() const;  // "file:line:col: message"
};

// A rule's example: text -> expected slots (positive) or text that must not fire it (negative).
struct Example {
  std::string text;
  std::map<std::string, std::string> expect;  // slot -> expected canonical value
  bool negative = false;
  std::string file;
  int line = 0;
};

struct RuleInfo {
  std::string name;       // unique rule name
  std::string id;         // "file:line name", stored as a fact's `rule`
  int stage = 0;
  int priority = 0;
  std::string emit;       // non-empty: the rule emits a kCustom annotation with this label
  std::map<std::string, std::string> constants;  // `set` slots: type=deliveries, modality=...
  // `set list=parallel` (Note [Parallel lists] in facts/resolve.cc), read once here so that the
  // resolver asks no map for every other match.
  bool parallel_list = false;
  std::vector<Example> examples;
};

struct Capture {
  std::string name;              // slot name: subject, value, period, object, location, ...
  uint32_t tok_begin = 0, tok_end = 0;
  int annotation = -1;           // index into the annotation vector when the capture is exactly
                                 // one annotation element, else -1 (a token range)
};

struct Match {
  int rule = -1;                 // index into Grammar::rules()
  uint32_t sentence = 0;
  uint32_t tok_begin = 0, tok_end = 0;
  std::vector<Capture> captures;
};

struct Suppressed {
  Match match;
  int winner = -1;               // index into MatchResult::matches of the match that beat it
  std::string reason;            // "priority", "longer", "leftmost"
};

struct MatchResult {
  std::vector<Match> matches;        // accepted, fact-producing and emitting, in document order
  std::vector<Suppressed> suppressed;
  // Sentences where a stage hit the per-sentence step cap (matching stopped early there).
  std::vector<uint32_t> capped_sentences;
};

struct Prog;  // prog.h: the compiled program (internal; tests and tools may read it)

// Per-rule progress for `explain --rule`: how far the rule got.
struct RuleTrace {
  uint32_t sentence = 0;
  uint32_t start_tok = 0;
  uint32_t furthest_tok = 0;     // furthest token any partial match of the rule reached
  std::string expected;          // description of the element it was waiting for there
};

// The schema file at the top of a grammar folder; a subfolder holding one is another pack.
inline constexpr const char* kSchemaFile = "pack.schema";

class Grammar {
 public:
  // Loads `dir`'s pack.schema, if any, and every *.rules file under `dir` (recursively, sorted;
  // subfolders with a pack.schema of their own are other packs, skipped). All errors of all
  // files are appended to `errors`; returns nullptr if there were any.
  static std::unique_ptr<Grammar> Load(const std::string& dir, std::vector<LoadError>* errors);
  // The same from in-memory files: (path relative to the grammar folder, content) pairs.
  static std::unique_ptr<Grammar> FromSources(const std::vector<std::pair<std::string, std::string>>& files,
                                              std::vector<LoadError>* errors);
  ~Grammar();

  const std::vector<RuleInfo>& rules() const;
  // The pack's fact model (pack.schema at the folder's top), or null for a folder without one.
  const PackSchema* schema() const;
  const std::string& version() const;  // content hash of the rule files

  // Runs every stage over every sentence of `doc`. `anns` holds the annotator outputs (sorted by
  // tok_begin) and receives each stage's kCustom outputs (appended, then re-sorted stage by
  // stage). Never throws; capped steps per sentence.
  void Run(const text::TextDoc& doc, std::vector<Annotation>* anns, MatchResult* out) const;

  // Why a rule did not fire: traces of the rule's furthest partial matches in `doc`.
  std::vector<RuleTrace> Trace(const text::TextDoc& doc, const std::vector<Annotation>& anns,
                               const std::string& rule_name) const;

  // Canonical text dump of a compiled rule (for tests), "" if unknown.
  std::string Dump(const std::string& rule_name) const;

  // Index of a rule in rules(), -1 if unknown.
  int FindRule(const std::string& rule_name) const;
  const Prog& prog() const;
  // Interns the words the matcher looks tokens' lowercase forms up by into `ids`, shared with the
  // annotators (Note [Word ids] in text/word_ids.cc); the grammar keeps `ids`. Call once, while
  // loading: documents indexed with `ids` are then looked up by word id.
  void ShareWords(std::shared_ptr<text::WordIds> ids);
  // Number of *.rules files loaded.
  int file_count() const;

 private:
  Grammar();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry::grammar
