// Lexicon loading: tab-separated `list<TAB>word[<TAB>value]` lines, validated against the
// consumers' list specs, all errors collected.
#include "base/lexicon.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace quarry {
namespace fs = std::filesystem;

std::string LexError::ToString() const {
  if (line == 0) return file + ": " + message;  // about the folder or a whole list
  return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
}

namespace {

// FNV-1a 64: a stable content hash, identical across builds and machines.
uint64_t Fnv(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Number of UTF-8 code points in s (lead bytes).
size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool IsCode(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A field of a line with its 1-based byte column, trimmed of surrounding spaces.
struct Field {
  std::string_view text;
  int col = 0;
};

std::vector<Field> SplitTabs(std::string_view line) {
  std::vector<Field> out;
  size_t start = 0;
  for (;;) {
    size_t p = line.find('\t', start);
    std::string_view f = line.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start);
    size_t lead = 0;
    while (lead < f.size() && f[lead] == ' ') ++lead;
    f.remove_prefix(lead);
    while (!f.empty() && f.back() == ' ') f.remove_suffix(1);
    out.push_back(Field{f, static_cast<int>(start + lead) + 1});
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

const char* KindName(LexValue v) {
  switch (v) {
    case LexValue::kNone: return "no value";
    case LexValue::kInt: return "an integer";
    case LexValue::kApprox: return "an approximation (= > >= < <= ~)";
    case LexValue::kCode: return "a lowercase code";
  }
  return "";
}

}  // namespace

void Lexicon::AddText(std::string_view text, const std::string& file, const std::vector<LexListSpec>& specs,
                      std::vector<LexError>* errors) {
  int lineno = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    auto err = [&](int col, std::string msg) { errors->push_back(LexError{file, lineno, col, std::move(msg)}); };
    auto fields = SplitTabs(line);
    const Field& list = fields[0];
    if (fields.size() < 2 || fields.size() > 3) {
      err(1, "expected 2 or 3 tab-separated columns: list, word, value");
      continue;
    }
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const LexListSpec& s) { return s.name == list.text; });
    if (spec == specs.end()) {
      err(list.col, "unknown list \"" + std::string(list.text) + "\"");
      continue;
    }
    const Field& word = fields[1];
    if (word.text.empty()) {
      err(word.col, "empty word");
      continue;
    }
    if (std::any_of(word.text.begin(), word.text.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      err(word.col, "word \"" + std::string(word.text) + "\" has upper-case letters (words match lowercase text)");
      continue;
    }
    if (spec->single_char && CodePoints(word.text) != 1) {
      err(word.col, "list " + std::string(spec->name) + " takes single characters, got \"" + std::string(word.text) + "\"");
      continue;
    }
    LexEntry e;
    e.word = std::string(word.text);
    bool has_value = fields.size() == 3 && !fields[2].text.empty();
    int vcol = fields.size() == 3 ? fields[2].col : static_cast<int>(line.size()) + 1;
    if (spec->value == LexValue::kNone) {
      if (has_value) {
        err(vcol, "list " + std::string(spec->name) + " takes no value");
        continue;
      }
    } else {
      if (!has_value) {
        err(vcol, "list " + std::string(spec->name) + " needs a value: " + KindName(spec->value));
        continue;
      }
      std::string_view v = fields[2].text;
      e.value = std::string(v);
      bool ok = true;
      if (spec->value == LexValue::kInt) {
        std::string_view digits = !v.empty() && v.front() == '+' ? v.substr(1) : v;
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), e.number);
        ok = ec == std::errc() && p == digits.data() + digits.size() && e.number >= spec->min && e.number <= spec->max;
        if (!ok)
          err(vcol, "list " + std::string(spec->name) + " needs an integer from " + std::to_string(spec->min) +
                        " to " + std::to_string(spec->max) + ", got \"" + std::string(v) + "\"");
      } else if (spec->value == LexValue::kApprox) {
        ok = v == "=" || v == ">" || v == ">=" || v == "<" || v == "<=" || v == "~";
        if (!ok) err(vcol, "list " + std::string(spec->name) + " needs one of = > >= < <= ~, got \"" + std::string(v) + "\"");
      } else if (spec->value == LexValue::kCode) {
        ok = IsCode(v);
        if (!ok) err(vcol, "list " + std::string(spec->name) + " needs a lowercase code [a-z0-9_], got \"" + std::string(v) + "\"");
      }
      if (!ok) continue;
    }
    auto& entries = lists_[std::string(list.text)];
    if (std::any_of(entries.begin(), entries.end(), [&](const LexEntry& o) { return o.word == e.word; })) {
      err(word.col, "duplicate word \"" + e.word + "\" in list " + std::string(spec->name));
      continue;
    }
    entries.push_back(std::move(e));
  }
}

void Lexicon::CheckComplete(const std::vector<LexListSpec>& specs, const std::string& where,
                            std::vector<LexError>* errors) const {
  for (const auto& s : specs)
    if (!lists_.count(s.name))
      errors->push_back(LexError{where, 0, 0, "list \"" + std::string(s.name) + "\" is missing (no entries in any file)"});
}

std::unique_ptr<Lexicon> Lexicon::Load(const std::string& dir, const std::vector<LexListSpec>& specs,
                                       std::vector<LexError>* errors, const std::string& label) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors->push_back(LexError{label, 0, 0, "lexicon folder not found: a grammar pack needs its word lists in " +
                                                 label + "/*.tsv (see grammars/README.md, Lexicon)"});
    return nullptr;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && entry.path().extension() == ".tsv") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  size_t before = errors->size();
  auto lex = std::make_unique<Lexicon>();
  uint64_t h = 1469598103934665603ull;
  for (const auto& p : files) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    std::string name = label + "/" + p.filename().string();
    h = Fnv(h, p.filename().string());
    h = Fnv(h, std::string_view("\0", 1));
    h = Fnv(h, text);
    h = Fnv(h, std::string_view("\0", 1));
    lex->AddText(text, name, specs, errors);
  }
  lex->CheckComplete(specs, label, errors);
  if (errors->size() != before) return nullptr;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  lex->digest_ = buf;
  return lex;
}

std::unique_ptr<Lexicon> Lexicon::FromString(std::string_view text, const std::string& file,
                                             const std::vector<LexListSpec>& specs, std::vector<LexError>* errors) {
  size_t before = errors->size();
  auto lex = std::make_unique<Lexicon>();
  lex->AddText(text, file, specs, errors);
  lex->CheckComplete(specs, file, errors);
  if (errors->size() != before) return nullptr;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Fnv(1469598103934665603ull, text)));
  lex->digest_ = buf;
  return lex;
}

const std::vector<LexEntry>& Lexicon::List(std::string_view name) const {
  static const std::vector<LexEntry> kEmpty;
  auto it = lists_.find(name);
  return it == lists_.end() ? kEmpty : it->second;
}

}  // namespace quarry
