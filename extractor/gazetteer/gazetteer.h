// Gazetteer: brands, groups, alliances, joint ventures, models, countries, with aliases and
// relations, loaded from TSV files under grammars/gazetteer/ (format in grammars/README.md).
// Lookup is by hash over lowercase token sequences, longest match first: never a giant regex.
// Immutable after Load(): share one instance across threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/annotation.h"
#include "text/text_doc.h"
#include "text/word_ids.h"

namespace quarry::gazetteer {

struct Entity {
  std::string name;      // canonical name, stored in facts
  std::string kind;      // brand, group, alliance, jv, model, country, maker, ...
  std::string parent;    // canonical name of the owning brand/group/alliance, or empty
  std::vector<std::string> aliases;                 // as written in the file
  // Note [Context aliases]: "~Song" in the aliases column: the name only in a document that has
  // named the entity's parent before it ("BYD ... The Song had 42,500 sales").
  std::vector<std::string> context_aliases;
  std::map<std::string, std::string> attrs;         // key=value extras (maker=Seres, owners=...)
};

struct LoadError {
  std::string file;
  int line = 0, col = 0;
  std::string message;
  std::string ToString() const;  // "file:line:col: message"
};

class Gazetteer {
 public:
  // Loads every *.tsv under `dir` (non-recursive, sorted by name). Errors are appended; the
  // result is usable (bad lines skipped) unless `errors` grew.
  static std::unique_ptr<Gazetteer> Load(const std::string& dir, std::vector<LoadError>* errors);
  // Builds from in-memory TSV text (tests).
  static std::unique_ptr<Gazetteer> FromString(std::string_view tsv, const std::string& name,
                                               std::vector<LoadError>* errors);

  // Appends kEntity annotations (label = canonical name, subkind = kind), longest match first,
  // non-overlapping, in token order. Possessive "'s" tokens are not part of the match.
  void Annotate(const text::TextDoc& doc, std::vector<Annotation>* out) const;
  // Interns the one-token candidates (every key prefix) into the word ids shared with the other
  // annotators and the matcher (Note [Word ids] in text/word_ids.cc), so that Annotate passes
  // over a token that starts no name by its id instead of a probe of its own. Until called, the
  // gazetteer keeps a table of its own. Call once, while loading.
  void ShareWords(std::shared_ptr<text::WordIds> ids);

  // Canonical entity for a name or alias (case-insensitive, whitespace-insensitive); nullptr
  // when unknown.
  const Entity* Find(std::string_view name_or_alias) const;
  // True when `name` is `ancestor` or lies below it through parent links.
  bool IsUnder(std::string_view name, std::string_view ancestor) const;
  const std::vector<Entity>& entities() const { return entities_; }
  // Content hash of the loaded files (part of the grammar version).
  const std::string& digest() const { return digest_; }

  static std::string Key(std::string_view surface);  // lowercase, spaces collapsed

  // Caps on one name or alias (Note [Gazetteer caps]): beyond them, a load error at file:line:col.
  static constexpr size_t kMaxAliasBytes = 256;
  static constexpr size_t kMaxAliasWords = 8;

 private:
  bool AddLine(std::string_view line, const std::string& file, int lineno,
               std::vector<LoadError>* errors);
  void Finish();
  std::vector<Entity> entities_;
  std::unordered_set<std::string> names_;  // entity names seen, for the duplicate check
  struct StrHash {  // lookups by string_view, without a copy
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, StrHash, std::equal_to<>> by_key_;  // alias key -> entity
  // Every prefix of every key (at character boundaries), with the entity when the prefix is a
  // whole key: Annotate stops extending a candidate as soon as it is no key's prefix, instead of
  // trying 8 tokens at every position, and learns both answers from one lookup per token.
  struct Prefix {
    int64_t entity = -1;  // the key's entity when the prefix is a whole key
    int64_t context_entity = -1;  // the entity whose context alias the prefix is (Note [Context aliases])
  };
  std::vector<int64_t> parent_of_;  // entity index -> its parent's index, or -1
  std::unordered_map<std::string, Prefix, StrHash, std::equal_to<>> prefixes_;
  // The keys of prefixes_ by word id (ShareWords).
  std::shared_ptr<text::WordIds> ids_;
  text::WordFlags prefix_words_;
  std::string digest_;
};

}  // namespace quarry::gazetteer
