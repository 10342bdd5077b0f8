// Gazetteer loading (TSV) and lookup over tokens. Keys are lowercase token texts joined by a
// space where the text has whitespace between them and by nothing where it has none, so
// "Acme M7" -> "acme m7" and a Chinese name matches however ICU splits it into words.
#include "gazetteer/gazetteer.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace quarry::gazetteer {
namespace fs = std::filesystem;

std::string LoadError::ToString() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
}

namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool IsAsciiAlnum(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }

}  // namespace

// Lowercase (full Unicode), whitespace runs -> one space, spaces next to a non-ASCII-alnum
// character on both... kept simple: spaces between two ASCII alphanumerics are kept, all other
// whitespace is dropped, so "Lumen & Co" -> "lumen&co" and "天行 M7" == "天行M7".
std::string Gazetteer::Key(std::string_view surface) {
  std::string lower;
  if (std::all_of(surface.begin(), surface.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    // ASCII folds to its lowercase: no round trip through UTF-16 for most names and aliases.
    lower.assign(surface);
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  } else {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(surface.data(), static_cast<int32_t>(surface.size())));
    u.foldCase();
    u.toUTF8String(lower);
  }
  std::string out;
  bool pending_space = false;
  for (unsigned char c : lower) {
    if (c == ' ' || c == '\t' || c == '\n') {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty() && IsAsciiAlnum(static_cast<unsigned char>(out.back())) && IsAsciiAlnum(c))
      out.push_back(' ');
    pending_space = false;
    out.push_back(static_cast<char>(c));
  }
  // Typographic apostrophes fold to ASCII (non-ASCII spaces were folded by the normalizer).
  static constexpr std::string_view kRightQuote = "\xE2\x80\x99";
  if (out.find(kRightQuote) == std::string::npos) return out;
  std::string folded;
  folded.reserve(out.size());
  for (size_t i = 0; i < out.size();) {
    if (std::string_view(out).substr(i, 3) == kRightQuote) {
      folded.push_back('\'');
      i += 3;
    } else {
      folded.push_back(out[i++]);
    }
  }
  return folded;
}

// Note [Gazetteer caps]
// Finish() indexes every prefix of every alias key, so an alias costs memory quadratic in its
// length: one alias of 30,000 words took 1.8 GB. Annotate never looks further than kMaxTokens (8)
// tokens from where a name starts, and a word is at least one token, so an alias of more than 8
// words could never match anyway; 256 bytes is the cap on a grammar literal too (the longest
// alias shipped is 59 bytes and 7 words). Both are load errors at the alias's file:line:col. The
// duplicate-name check is a hash set: it was a scan of every earlier entity, and 200,000 entries
// took 70 s to load.
bool Gazetteer::AddLine(std::string_view line, const std::string& file, int lineno,
                        std::vector<LoadError>* errors) {
  const std::string_view raw = line;
  line = Trim(line);
  if (line.empty() || line.front() == '#') return true;
  auto cols = Split(line, '\t');
  auto err = [&](int col, std::string msg) {
    errors->push_back(LoadError{file, lineno, col, std::move(msg)});
    return false;
  };
  if (cols.size() < 2) return err(1, "expected at least 2 tab-separated columns: name, kind");
  Entity e;
  e.name = std::string(Trim(cols[0]));
  e.kind = std::string(Trim(cols[1]));
  if (e.name.empty()) return err(1, "empty entity name");
  if (e.kind.empty()) return err(static_cast<int>(cols[0].size()) + 2, "empty entity kind");
  if (cols.size() > 2)
    for (auto a : Split(cols[2], '|')) {
      a = Trim(a);
      if (a.size() > 1 && a.front() == '~') e.context_aliases.emplace_back(Trim(a.substr(1)));
      else if (!a.empty()) e.aliases.emplace_back(a);
    }
  if (cols.size() > 3) e.parent = std::string(Trim(cols[3]));
  if (cols.size() > 4) {
    for (auto kv : Split(cols[4], ';')) {
      kv = Trim(kv);
      if (kv.empty()) continue;
      size_t eq = kv.find('=');
      if (eq == std::string_view::npos) return err(1, "attribute without '=': " + std::string(kv));
      e.attrs[std::string(Trim(kv.substr(0, eq)))] = std::string(Trim(kv.substr(eq + 1)));
    }
  }
  // Aliases are views into `line` (Trim and Split keep pointers), so each has its column.
  auto column = [&](std::string_view part) { return static_cast<int>(part.data() - raw.data()) + 1; };
  auto check_cap = [&](std::string_view alias) {
    size_t words = 0;
    bool in_word = false;
    for (char c : alias) {
      bool space = c == ' ' || c == '\t';
      if (!space && !in_word) ++words;
      in_word = !space;
    }
    if (words > kMaxAliasWords)
      return err(column(alias), "name or alias of " + std::to_string(words) + " words is over the cap of " +
                                    std::to_string(kMaxAliasWords) + " (a name is matched over at most " +
                                    std::to_string(kMaxAliasWords) + " tokens)");
    if (alias.size() > kMaxAliasBytes)
      return err(column(alias), "name or alias of " + std::to_string(alias.size()) + " bytes is over the cap of " +
                                    std::to_string(kMaxAliasBytes));
    return true;
  };
  if (!check_cap(Trim(cols[0]))) return false;
  if (cols.size() > 2)
    for (auto a : Split(cols[2], '|'))
      if (!Trim(a).empty() && !check_cap(Trim(a))) return false;
  if (std::find(e.aliases.begin(), e.aliases.end(), e.name) == e.aliases.end()) e.aliases.insert(e.aliases.begin(), e.name);
  if (!names_.insert(e.name).second) return err(1, "duplicate entity name \"" + e.name + "\"");
  entities_.push_back(std::move(e));
  return true;
}

void Gazetteer::Finish() {
  by_key_.clear();
  prefixes_.clear();
  size_t aliases = 0;
  for (const auto& e : entities_) aliases += e.aliases.size() + 1;
  by_key_.reserve(aliases);  // no rehashing while 200,000 entries go in
  // Earlier entities win a shared alias; an entity's own name always maps to it.
  for (uint32_t i = 0; i < entities_.size(); ++i) by_key_.emplace(Key(entities_[i].name), i);
  for (uint32_t i = 0; i < entities_.size(); ++i)
    for (const auto& a : entities_[i].aliases) by_key_.emplace(Key(a), i);
  auto add_prefixes = [&](const std::string& key) {
    for (size_t k = 1; k < key.size(); ++k)
      if ((static_cast<unsigned char>(key[k]) & 0xC0) != 0x80 && prefixes_.find(std::string_view(key).substr(0, k)) == prefixes_.end())
        prefixes_.try_emplace(key.substr(0, k));
  };
  for (const auto& [key, i] : by_key_) {
    add_prefixes(key);
    prefixes_[key].entity = i;
  }
  // Note [Context aliases]: a context alias is a key of its own, read only after its entity's
  // parent was named in the document; an alias of anything else wins it.
  parent_of_.assign(entities_.size(), -1);
  for (uint32_t i = 0; i < entities_.size(); ++i) {
    if (auto it = by_key_.find(Key(entities_[i].parent)); !entities_[i].parent.empty() && it != by_key_.end())
      parent_of_[i] = it->second;
    if (parent_of_[i] < 0) continue;
    for (const auto& a : entities_[i].context_aliases) {
      std::string key = Key(a);
      add_prefixes(key);
      Prefix& p = prefixes_[key];
      if (p.context_entity < 0) p.context_entity = i;
    }
  }
}

std::unique_ptr<Gazetteer> Gazetteer::FromString(std::string_view tsv, const std::string& name,
                                                 std::vector<LoadError>* errors) {
  auto g = std::unique_ptr<Gazetteer>(new Gazetteer());
  int lineno = 0;
  for (auto line : Split(tsv, '\n')) g->AddLine(line, name, ++lineno, errors);
  g->Finish();
  g->digest_ = std::to_string(std::hash<std::string_view>{}(tsv));
  return g;
}

std::unique_ptr<Gazetteer> Gazetteer::Load(const std::string& dir, std::vector<LoadError>* errors) {
  auto g = std::unique_ptr<Gazetteer>(new Gazetteer());
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(dir, ec))
    for (const auto& ent : fs::directory_iterator(dir, ec))
      if (ent.path().extension() == ".tsv") files.push_back(ent.path());
  std::sort(files.begin(), files.end());
  std::string all;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string content = ss.str();
    all += content;
    int lineno = 0;
    std::string rel = f.filename().string();
    for (auto line : Split(content, '\n')) g->AddLine(line, "gazetteer/" + rel, ++lineno, errors);
  }
  g->Finish();
  g->digest_ = std::to_string(std::hash<std::string>{}(all));
  return g;
}

const Entity* Gazetteer::Find(std::string_view name_or_alias) const {
  auto it = by_key_.find(Key(name_or_alias));
  return it == by_key_.end() ? nullptr : &entities_[it->second];
}

bool Gazetteer::IsUnder(std::string_view name, std::string_view ancestor) const {
  const Entity* e = Find(name);
  for (int depth = 0; e && depth < 16; ++depth) {
    if (e->name == ancestor) return true;
    if (e->parent.empty()) return false;
    e = Find(e->parent);
  }
  return false;
}

void Gazetteer::ShareWords(std::shared_ptr<text::WordIds> ids) {
  ids_ = std::move(ids);
  prefix_words_ = text::WordFlags();
  for (const auto& [key, p] : prefixes_) prefix_words_.Add(ids_.get(), key, 1);
}

// A context alias is a name as written: "Song" in a BYD story, never the word "song".
static bool IsLowerAscii(std::string_view text) { return !text.empty() && text[0] >= 'a' && text[0] <= 'z'; }

// Note [Model plurals]: a lowercase key "es6s", "model ys": a name whose last word ends in a digit,
// or is one letter after a space, with a plural "s" glued to it.
static bool DigitPlural(std::string_view lower) {
  if (lower.size() < 3 || lower.back() != 's') return false;
  char c = lower[lower.size() - 2];
  if (c >= '0' && c <= '9') return true;
  return c >= 'a' && c <= 'z' && lower[lower.size() - 3] == ' ';
}

void Gazetteer::Annotate(const text::TextDoc& doc, std::vector<Annotation>* out) const {
  constexpr size_t kMaxTokens = 8;
  const auto& toks = doc.tokens;
  std::string key;
  std::vector<int32_t> scratch;
  const int32_t* ids = ids_ ? ids_->Of(doc, &scratch) : nullptr;
  std::vector<char> named;  // Note [Context aliases]: entities named so far in the document
  for (size_t i = 0; i < toks.size();) {
    if (ids && !prefix_words_.Get(ids[i])) {
      // Note [Word ids]: the token's form is no key prefix, so no name starts here, unless it
      // ends in a possessive "'s" ("acme's" as one token), which is looked up below.
      std::string_view lower = doc.Lower(toks[i]);
      if ((lower.size() <= 2 || lower.substr(lower.size() - 2) != "'s") && !DigitPlural(lower)) {
        ++i;
        continue;
      }
    }
    // Longest match starting at i, within one sentence.
    size_t best_len = 0;
    uint32_t best = 0;
    key.clear();
    for (size_t n = 1; n <= kMaxTokens && i + n <= toks.size(); ++n) {
      const text::Token& t = toks[i + n - 1];
      if (t.sentence != toks[i].sentence) break;
      std::string_view lower = doc.Lower(t);
      if (n > 1 && (t.flags & text::kSpaceBefore) && !key.empty() &&
          IsAsciiAlnum(static_cast<unsigned char>(key.back())) && !lower.empty() &&
          IsAsciiAlnum(static_cast<unsigned char>(lower.front())))
        key.push_back(' ');
      // A possessive ends the candidate: "Acme's" -> "Acme".
      if (lower == "'s" || lower == "'") break;
      key.append(lower);
      std::string_view k = key;
      auto pre = prefixes_.find(k);
      // Note [Model plurals]: "883 EC6s", "two Model Ys" name the model: a name ending in a digit
      // (or a one-letter model like "Model Y") takes a plural "s" glued to it.
      if (pre == prefixes_.end() && DigitPlural(k)) pre = prefixes_.find(k.substr(0, k.size() - 1));
      if (k.size() > 2 && k.substr(k.size() - 2) == "'s") {  // "Acme's" is Acme
        k.remove_suffix(2);
        if (auto it = by_key_.find(k); it != by_key_.end()) {
          best_len = n;
          best = it->second;
        }
      } else if (pre != prefixes_.end() && pre->second.entity >= 0) {
        best_len = n;
        best = static_cast<uint32_t>(pre->second.entity);
      } else if (pre != prefixes_.end() && pre->second.context_entity >= 0 && !named.empty() &&
                 named[parent_of_[pre->second.context_entity]] && !IsLowerAscii(doc.TokenText(toks[i]))) {
        best_len = n;
        best = static_cast<uint32_t>(pre->second.context_entity);
      }
      if (pre == prefixes_.end()) break;  // no longer key can start here
    }
    if (best_len == 0) {
      ++i;
      continue;
    }
    Annotation a;
    a.kind = AnnKind::kEntity;
    a.tok_begin = static_cast<uint32_t>(i);
    a.tok_end = static_cast<uint32_t>(i + best_len);
    a.span = NormSpan(toks[i].span.begin, toks[i + best_len - 1].span.end);
    a.label = entities_[best].name;
    a.subkind = entities_[best].kind;
    out->push_back(std::move(a));
    if (named.empty()) named.assign(entities_.size(), 0);
    for (int64_t e = best, depth = 0; e >= 0 && depth < 8; e = parent_of_[e], ++depth) named[e] = 1;
    i += best_len;
  }
}

}  // namespace quarry::gazetteer
