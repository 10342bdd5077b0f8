// Quantity annotator: finds every figure in a TextDoc and gives it an exact value.
// Works over tokens; digits, suffixes and CJK numerals are read character by character from the
// token texts, so the result does not depend on how the tokenizer split "127.93%" or "8.19万".
//
// Note [Quantity spans]
// A quantity is read in three steps around a numeral core found at a token:
//   1. the core: Arabic digits with groups, fraction, glued scale ("70K", "3.4bn", "8.19万",
//      "3万4000") and percent sign; or spelled-out English ("one hundred and five", "half a
//      million"); or Chinese numerals ("一万五千亿", "百分之七十五"); or a multiple ("doubled").
//   2. rejection: the core is dropped, together with everything glued to it, when it is a year,
//      a date part, a time, a phone number, a code with a leading zero ("<model> 001"), part of an
//      identifier ("M7", "5G"), a version after a name ("ADS 4"), an ordinal or a list marker.
//   3. extension: spaced scale and percent words, ranges, "-plus", multiples, currency words,
//      unit nouns of count (with up to three modifier words), trailing approximations; then
//      backwards: currency prefix, approximation words, "between".
// tok_begin/tok_end cover all of it; `figure` covers the core with its scale and percent only.
// Words are matched on lowercase token surfaces joined by one space where whitespace separated
// the tokens, so "year-on-year" matches whether it is one token or five. The words themselves are
// the grammar pack's lexicon (grammars/README.md, Lexicon) and the unit nouns its schema's units;
// only the function words of number syntax ("a", "and", "to", "between", 百分之, 点) are here.
#include "numbers/quantities.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "text/affixes.h"
#include "text/number_shape.h"
#include "text/utf8.h"

namespace quarry::numbers {

using text::TextDoc;
using text::Token;

// The annotator's tables, built once from the pack's word lists (grammars/<pack>/lexicon/, see
// QuantityAnnotator::Lists() and grammars/lexicon/*.tsv) and from the unit nouns below.
struct Tables {
  std::unordered_map<std::string, int> scale_suffix;  // glued letters: k, m, mn, bn, million, ...
  std::unordered_map<std::string, int> scale_word;    // spaced: thousand, million, bn, ...
  std::unordered_map<std::string, Approx> approx_before;
  std::unordered_map<std::string, Approx> approx_after;
  std::unordered_map<std::string, std::string> unit_noun;        // vehicles -> vehicle
  std::unordered_map<std::string, std::string> currency_before;  // us$ -> usd
  std::unordered_map<std::string, std::string> currency_after;   // yuan -> cny
  std::vector<std::pair<std::string, std::string>> currency_glued;  // in order: rmb -> cny
  std::unordered_set<std::string> percent_words, pp_words;
  std::unordered_set<std::string> modifier_stop;  // words that cannot sit between number and unit
  std::unordered_set<std::string> label_words;    // "model", "version": a number after is a name
  std::unordered_set<std::string> year_nouns;     // "sales": "2022 PHEV sales" is a year's sales
  std::unordered_set<std::string> months;         // month names and abbreviations
  std::unordered_set<std::string> phone_words;
  std::unordered_set<std::string> phrasal_verbs;  // "handed" (over), "took" (over): not approx
  std::unordered_set<std::string> phrasal_particles;  // "over": after a phrasal verb, no approx
  std::unordered_set<std::string> approx_after_unit;  // "or more": may follow the unit noun too
  std::unordered_set<std::string> half_a_scale;       // "half a" + these: million, dozen, ...
  std::vector<std::string> times_words;               // "times", "fold", "-fold": a multiple
  std::unordered_set<std::string> time_words;     // am, pm, a.m., gmt, ...
  std::unordered_set<std::string> ordinal_suffix;
  std::unordered_set<std::string> ratio_nouns;    // "joint" (venture): "50-50" before is a ratio
  std::unordered_map<std::string, int64_t> word_number;  // zero..ninety
  std::unordered_map<std::string, int> word_scale;       // hundred 2, thousand 3, ...
  std::unordered_map<std::string, int64_t> multiple_word;  // doubled 2, tripled 3
  std::unordered_map<std::string, int> fraction_den;       // third 3, quarters 4
  // CJK, matched as string prefixes of the text after (or suffixes before) a figure.
  std::vector<std::pair<std::string, std::string>> cjk_units;     // longest first
  std::vector<std::pair<std::string, std::string>> cjk_currency;  // longest first
  std::vector<std::pair<std::string, Approx>> cjk_approx_before, cjk_approx_after;
  std::vector<std::string> cjk_not_after;  // a numeral followed by these is a date or label
  std::vector<std::string> cjk_counter;    // a numeral followed by these is a figure
  std::vector<std::string> cjk_period_after;    // 个月, 季度: a numeral before is a duration
  std::vector<std::string> cjk_pp_words;        // 个百分点, 百分点 (longest first)
  std::vector<std::string> cjk_doubling;        // 翻番, 翻了一番: 2 times
  std::vector<std::string> cjk_times;           // 倍: a multiple
  std::vector<std::string> cjk_tenths;          // 成: 三成 is 30%
  std::unordered_set<char32_t> cjk_doubling_start;  // their first code points
  std::unordered_set<char32_t> cjk_core_start;  // cjk_digit, cjk_power and cjk_doubling_start
  // First bytes of the CJK words after a figure (cjk_approx_after, cjk_times, cjk_tenths,
  // cjk_currency, cjk_unit, cjk_pp_word, 个): most figures are followed by none, and skip the lists.
  std::array<bool, 256> cjk_suffix_first{};
  std::vector<std::string> cjk_approx_blockers;  // 最 (最近 "recently"): 近 after is no approx
  std::unordered_map<char32_t, int> cjk_digit;  // 零 0 ... 九 9, 两 2
  std::unordered_map<char32_t, int> cjk_power;  // 十 1, 百 2, 千 3, 万 4, 亿 8
  size_t max_phrase_tokens = 5;
  // Token filters (views into the keys above and into owned_words: node storage, stable).
  std::unordered_set<std::string> owned_words;
  std::unordered_set<std::string_view> word_triggers;  // words that can start a quantity
  std::unordered_set<std::string_view> after_article;  // "a" + these: dozen, third, million, ...
  // The same filters by word id (Note [Word ids] in text/word_ids.cc).
  enum : uint8_t { kTriggerWord = 1, kAfterArticle = 2, kArticle = 4 };
  text::WordFlags start_words;
  // Every prefix and every suffix of every phrase key: prunes phrase matching early.
  std::unordered_set<std::string> phrase_prefix, phrase_suffix;

  Tables(const Lexicon& words, const std::vector<UnitDecl>& units, text::WordIds* ids);
};

namespace {

template <class Int>
void Fill(const Lexicon& words, std::string_view list, std::unordered_map<std::string, Int>* out) {
  for (const auto& e : words.List(list)) out->emplace(e.word, static_cast<Int>(e.number));
}
void Fill(const Lexicon& words, std::string_view list, std::unordered_map<std::string, std::string>* out) {
  for (const auto& e : words.List(list)) out->emplace(e.word, e.value);
}
void Fill(const Lexicon& words, std::string_view list, std::unordered_map<std::string, Approx>* out) {
  for (const auto& e : words.List(list)) out->emplace(e.word, ParseApprox(e.value).value_or(Approx::kExact));
}
void Fill(const Lexicon& words, std::string_view list, std::unordered_set<std::string>* out) {
  for (const auto& e : words.List(list)) out->insert(e.word);
}
void Fill(const Lexicon& words, std::string_view list, std::vector<std::string>* out) {
  for (const auto& e : words.List(list)) out->push_back(e.word);
}
void Fill(const Lexicon& words, std::string_view list, std::vector<std::pair<std::string, std::string>>* out) {
  for (const auto& e : words.List(list)) out->emplace_back(e.word, e.value);
}
void Fill(const Lexicon& words, std::string_view list, std::vector<std::pair<std::string, Approx>>* out) {
  for (const auto& e : words.List(list)) out->emplace_back(e.word, ParseApprox(e.value).value_or(Approx::kExact));
}
void Fill(const Lexicon& words, std::string_view list, std::unordered_map<char32_t, int>* out) {
  for (const auto& e : words.List(list)) {
    size_t len = 0;
    (*out)[text::DecodeUtf8At(e.word, 0, &len)] = static_cast<int>(e.number);
  }
}

}  // namespace

const std::vector<LexListSpec>& QuantityAnnotator::Lists() {
  using V = LexValue;
  static const std::vector<LexListSpec> kLists = {
      {"number_word", V::kInt, 0, 99},          {"number_scale_word", V::kInt, 1, 18},
      {"scale_suffix", V::kInt, 1, 18},         {"scale_word", V::kInt, 1, 18},
      {"multiple_word", V::kInt, 2, 1000},      {"number_trigger"},
      {"after_article"},                        {"fraction_denominator", V::kInt, 2, 100},
      {"ordinal_suffix"},                       {"cjk_digit", V::kInt, 0, 9, true},
      {"cjk_power", V::kInt, 1, 18, true},      {"cjk_counter"},
      {"cjk_not_after"},                        {"approx_before", V::kApprox},
      {"approx_after", V::kApprox},             {"cjk_approx_before", V::kApprox},
      {"cjk_approx_after", V::kApprox},         {"currency_before", V::kCode},
      {"currency_after", V::kCode},             {"currency_glued", V::kCode},
      {"cjk_currency", V::kCode},               {"cjk_unit", V::kCode},
      {"percent_word"},                         {"pp_word"},
      {"ratio_noun"},                           {"modifier_stop"},
      {"label_word"},                           {"phone_word"},
      {"time_word"},                            {"phrasal_verb"},
      {"month", V::kInt, 1, 12},                {"phrasal_particle"},
      {"approx_after_unit"},                    {"half_a_scale"},
      {"cjk_period_after"},                     {"cjk_pp_word"},
      {"cjk_doubling"},                         {"cjk_approx_blocker", V::kNone, 0, 0, true},
      {"times_word"},                           {"cjk_times"},
      {"cjk_tenths"},                           {"year_noun"},
  };
  return kLists;
}

Tables::Tables(const Lexicon& words, const std::vector<UnitDecl>& units, text::WordIds* ids) {
  Fill(words, "scale_suffix", &scale_suffix);
  Fill(words, "scale_word", &scale_word);
  Fill(words, "approx_before", &approx_before);
  Fill(words, "approx_after", &approx_after);
  // Unit nouns are the pack schema's `unit` lines (pack.schema): "vehicles" -> vehicle.
  for (const auto& u : units)
    for (const auto& w : u.words) unit_noun.emplace(w, u.name);
  Fill(words, "currency_before", &currency_before);
  Fill(words, "currency_after", &currency_after);
  Fill(words, "currency_glued", &currency_glued);
  Fill(words, "percent_word", &percent_words);
  Fill(words, "pp_word", &pp_words);
  Fill(words, "modifier_stop", &modifier_stop);
  Fill(words, "label_word", &label_words);
  Fill(words, "year_noun", &year_nouns);
  for (const auto& e : words.List("month")) months.insert(e.word);
  Fill(words, "phone_word", &phone_words);
  Fill(words, "time_word", &time_words);
  Fill(words, "ordinal_suffix", &ordinal_suffix);
  Fill(words, "phrasal_verb", &phrasal_verbs);
  Fill(words, "phrasal_particle", &phrasal_particles);
  Fill(words, "approx_after_unit", &approx_after_unit);
  Fill(words, "half_a_scale", &half_a_scale);
  Fill(words, "times_word", &times_words);
  Fill(words, "cjk_times", &cjk_times);
  Fill(words, "cjk_tenths", &cjk_tenths);
  Fill(words, "cjk_period_after", &cjk_period_after);
  Fill(words, "cjk_pp_word", &cjk_pp_words);
  Fill(words, "cjk_doubling", &cjk_doubling);
  for (const auto& w : cjk_doubling) {
    size_t len = 0;
    cjk_doubling_start.insert(text::DecodeUtf8At(w, 0, &len));
  }
  Fill(words, "cjk_approx_blocker", &cjk_approx_blockers);
  Fill(words, "ratio_noun", &ratio_nouns);
  Fill(words, "number_word", &word_number);
  Fill(words, "number_scale_word", &word_scale);
  Fill(words, "multiple_word", &multiple_word);
  Fill(words, "fraction_denominator", &fraction_den);
  Fill(words, "cjk_unit", &cjk_units);
  Fill(words, "cjk_currency", &cjk_currency);
  Fill(words, "cjk_approx_before", &cjk_approx_before);
  Fill(words, "cjk_approx_after", &cjk_approx_after);
  Fill(words, "cjk_not_after", &cjk_not_after);
  Fill(words, "cjk_counter", &cjk_counter);
  Fill(words, "cjk_digit", &cjk_digit);
  Fill(words, "cjk_power", &cjk_power);
  cjk_core_start = cjk_doubling_start;
  auto first_byte = [this](std::string_view w) {
    if (!w.empty()) cjk_suffix_first[static_cast<unsigned char>(w[0])] = true;
  };
  for (const auto& [w, v] : cjk_approx_after) first_byte(w);
  for (const auto& w : cjk_times) first_byte(w);
  for (const auto& w : cjk_tenths) first_byte(w);
  for (const auto& [w, v] : cjk_currency) first_byte(w);
  for (const auto& [w, v] : cjk_units) first_byte(w);
  for (const auto& w : cjk_pp_words) first_byte(w);
  first_byte("个");
  for (const auto& [cp, v] : cjk_digit) cjk_core_start.insert(cp);
  for (const auto& [cp, v] : cjk_power) cjk_core_start.insert(cp);
  for (const auto& [w, v] : word_number) word_triggers.insert(w);
  for (const auto& [w, v] : multiple_word) word_triggers.insert(w);
  for (const auto& e : words.List("number_trigger")) word_triggers.insert(*owned_words.insert(e.word).first);
  for (const auto& e : words.List("after_article")) after_article.insert(*owned_words.insert(e.word).first);
  for (std::string_view w : word_triggers) start_words.Add(ids, w, kTriggerWord);
  for (std::string_view w : after_article) start_words.Add(ids, w, kAfterArticle);
  for (std::string_view w : {"a", "an"}) start_words.Add(ids, w, kArticle);
  auto add_affixes = [this](const std::string& key) { text::AddAffixes(key, &phrase_prefix, &phrase_suffix); };
  for (const auto& [k, v] : approx_before) add_affixes(k);
  for (const auto& [k, v] : approx_after) add_affixes(k);
  for (const auto& [k, v] : unit_noun) add_affixes(k);
  for (const auto& [k, v] : currency_before) add_affixes(k);
  for (const auto& [k, v] : currency_after) add_affixes(k);
  for (const auto& [k, v] : scale_word) add_affixes(k);
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }


// Code point ending just before t[p] (p > 0); sets *len.
char32_t DecodeBefore(std::string_view t, size_t p, size_t* len) {
  size_t b = p - 1;
  while (b > 0 && p - b < 4 && (static_cast<unsigned char>(t[b]) & 0xC0) == 0x80) --b;
  size_t l = 0;
  char32_t cp = text::DecodeUtf8At(t, b, &l);
  *len = p - b;
  return cp;
}

bool StartsWith(std::string_view t, size_t p, std::string_view s) {
  return p <= t.size() && t.size() - p >= s.size() && t.compare(p, s.size(), s) == 0;
}
bool EndsWithAt(std::string_view t, size_t p, std::string_view s) {
  return p >= s.size() && p <= t.size() && t.compare(p - s.size(), s.size(), s) == 0;
}

std::optional<Decimal> Pow10Mul(Decimal v, int k) {
  if (k == 0) return v;
  return v.MulPow10(k);
}

int TrailingZeros(Decimal v) {
  Decimal n = v.Normalized();
  return n.IsZero() ? 0 : n.exponent();
}

// Digits as written: "81,864" -> "81864", int part 5 digits, grouped.
struct Digits {
  std::string s;
  int int_digits = 0, frac_digits = 0;
  bool grouped = false, leading_zero = false;
  size_t end = 0;
};

// The digit at t[q] (ASCII, or full-width U+FF10..U+FF19 should the text layer not have folded
// it): its value, and its byte length in *len; -1 when none.
int DigitAt(std::string_view t, size_t q, size_t lim, size_t* len) {
  if (q < lim && IsDigit(t[q])) {
    *len = 1;
    return t[q] - '0';
  }
  if (q + 2 < lim && static_cast<unsigned char>(t[q]) == 0xEF && static_cast<unsigned char>(t[q + 1]) == 0xBC &&
      static_cast<unsigned char>(t[q + 2]) >= 0x90 && static_cast<unsigned char>(t[q + 2]) <= 0x99) {
    *len = 3;
    return static_cast<unsigned char>(t[q + 2]) - 0x90;
  }
  return -1;
}

bool ScanDigits(std::string_view t, size_t p, size_t lim, bool allow_frac, Digits* d) {
  *d = Digits{};
  size_t q = p, len = 0;
  int v;
  while ((v = DigitAt(t, q, lim, &len)) >= 0 && d->int_digits < 40) {
    d->s.push_back(static_cast<char>('0' + v));
    ++d->int_digits;
    q += len;
  }
  if (d->int_digits == 0) return false;
  // Indian grouping (the segmenter keeps it one token): "4,42,000", "1,23,45,678".
  if (d->int_digits <= 2)
    if (size_t e = text::IndianGroupingEnd(t, q, lim)) {
      for (; q < e; ++q)
        if (t[q] != ',') d->s.push_back(t[q]), ++d->int_digits;
      d->grouped = true;
    }
  if (d->int_digits <= 3 && !d->grouped) {
    // Thousands groups: ",ddd" not followed by another digit.
    while (q < lim && t[q] == ',') {
      size_t r = q + 1;
      std::string group;
      while (group.size() < 3 && (v = DigitAt(t, r, lim, &len)) >= 0) group.push_back(static_cast<char>('0' + v)), r += len;
      if (group.size() != 3 || DigitAt(t, r, lim, &len) >= 0) break;
      d->s += group;
      d->int_digits += 3;
      d->grouped = true;
      q = r;
    }
  }
  d->leading_zero = d->int_digits > 1 && !d->grouped && d->s[0] == '0';
  if (allow_frac && q + 1 < lim && t[q] == '.' && DigitAt(t, q + 1, lim, &len) >= 0) {
    d->s.push_back('.');
    ++q;
    while ((v = DigitAt(t, q, lim, &len)) >= 0 && d->frac_digits < 30) {
      d->s.push_back(static_cast<char>('0' + v));
      ++d->frac_digits;
      q += len;
    }
  }
  d->end = q;
  return true;
}

// What the core numeral turned out to be.
enum class CoreKind { kNumber, kSkip };

struct Core {
  Decimal value;
  int32_t prec = 0;
  size_t fig_b = 0, fig_e = 0;  // figure bytes
  size_t end = 0;               // bytes consumed (>= fig_e)
  bool percent = false, pp = false, scaled = false, grouped = false, has_frac = false;
  bool leading_zero = false, times = false, spelled = false, cjk = false, negative = false;
  int int_digits = 0;
  std::string unit;             // set by the core itself (times, pct)
  Approx approx = Approx::kExact;
  // Plain: digits only, no separators, fraction, scale or percent ("2025", "4", "001").
  bool Plain() const { return !percent && !pp && !scaled && !grouped && !has_frac && !times && !spelled && !cjk; }
};

// One quantity being read by Scanner::TryAt, shared by its steps (Note [Quantity spans]).
struct Reading {
  uint32_t i = 0;            // the token the quantity was tried at
  size_t tb = 0;             // its first byte
  size_t start = 0;          // where the numeral starts: after a glued currency code, inside CJK
  std::string currency;      // from a glued or preceding currency code
  Core c;
  uint32_t core_begin_tok = 0;
  uint32_t k = 0;            // the token after what has been read so far
  uint32_t b = 0;            // the first token, once read backwards
  std::string unit_ahead;    // unit noun after the figure, if any, and its length in tokens
  uint32_t unit_len = 0;
  Annotation* a = nullptr;   // parts and value_hi are set on it as they are read
  uint32_t* next = nullptr;  // where the caller resumes
};

class Scanner {
 public:
  Scanner(const Tables& lex, const TextDoc& doc, const int32_t* ids) : lex_(lex), doc_(doc), t_(doc.text), ids_(ids) {}

  void Run(std::vector<Annotation>* out);

 private:
  const Token& Tok(uint32_t i) const { return doc_.tokens[i]; }
  std::string_view TText(uint32_t i) const { return doc_.TokenText(doc_.tokens[i]); }
  bool Glued(uint32_t i) const {  // token i touches token i-1
    return i > 0 && i < doc_.tokens.size() && Tok(i).span.begin == Tok(i - 1).span.end;
  }
  // Lowercase surface of tokens [i, i+n), one space where whitespace separated them.
  std::string Surface(uint32_t i, uint32_t n) const;
  // Longest phrase of `table` starting at token i (not crossing sent_end_): tokens used, or 0.
  template <class Map>
  uint32_t MatchForward(uint32_t i, const Map& table, typename Map::const_iterator* it) const;
  template <class Map>
  uint32_t MatchBackward(uint32_t end, uint32_t floor, const Map& table,
                         typename Map::const_iterator* it) const;
  bool InSet(uint32_t i, const std::unordered_set<std::string>& set) const {
    return i < sent_end_ && set.count(Surface(i, 1)) > 0;
  }
  // Token whose span contains byte p (or the first token starting after it).
  uint32_t TokenAt(size_t p) const;
  // End of the glued run of tokens starting at token i (byte offset), at most 24 tokens.
  size_t GluedRunEnd(uint32_t i) const;

  bool ScanArabic(size_t p, size_t lim, Core* c) const;
  // Power of ten of up to two CJK scale characters at p (万 4, 千万 7, 万亿 12); 0 if none.
  int ReadCjkPower(size_t p, size_t lim, size_t* end) const;
  bool ApplyCjkScale(int power, size_t lim, const Digits& d, size_t* q, Decimal* total, Core* c) const;
  bool ScanWords(uint32_t i, Core* c, uint32_t* end_tok) const;
  bool HalfA(uint32_t i, uint32_t* k, bool* half) const;
  int64_t CompoundNumber(std::string_view sv) const;
  bool ScanCjk(size_t p, size_t lim, Core* c) const;
  void CjkDecimals(size_t lim, size_t* q, Decimal* value, int32_t* prec) const;
  // Spaced scale word / percent word after token `k` (exclusive end): extends c; returns new k.
  uint32_t ExtendScaleAndPercent(uint32_t k, Core* c) const;
  // Unit noun (with up to three modifiers) starting at token k: returns tokens used, or 0.
  uint32_t UnitNounAt(uint32_t k, std::string* unit) const;
  bool IsYearLike(const Core& c) const;
  bool CjkUnitAt(size_t q) const;
  bool IsListMarker(size_t b, size_t e) const;
  bool NameLikeBefore(uint32_t i) const;
  bool CjkDateAfter(size_t p) const;
  // True when the whitespace between bytes a and b was a no-break or thin space (in the text, or
  // in the raw bytes it was normalized from).
  bool ThinGap(size_t a, size_t b) const;
  // Fast filter: can token i start a quantity at all? Most word tokens cannot.
  bool MayStart(uint32_t i) const;
  // Lowercase text of token i (from the analyzer's pool; built when the pool has none).
  std::string_view LowerOf(uint32_t i, std::string* buf) const;
  // Fractions: "a third", "two-thirds", "three quarters of", "half of" -> pct with parts n/d.
  bool TryFraction(uint32_t i, Annotation* a, uint32_t* next) const;
  // Tries a quantity starting at token i; fills *a and returns true, and sets *next.
  bool TryAt(uint32_t i, Annotation* a, uint32_t* next);
  // TryAt's steps (see there). A bool step returns false when the core is no quantity, with
  // *r->next set past what is skipped with it.
  enum class Outcome { kNone, kFound, kCore };  // no quantity, a whole quantity, a core to extend
  Outcome ReadCore(Reading* r);
  Outcome WordCore(Reading* r);
  Outcome CjkCore(Reading* r);
  bool CjkFigureStands(Reading* r) const;
  bool CheckGluedAfter(Reading* r);
  bool GluedColonOrSlash(size_t e, size_t lim, Reading* r);
  bool GluedDash(size_t e, size_t lim, Reading* r);
  void ThinSpaceGroups(Reading* r) const;
  bool CheckPlain(Reading* r);
  void SpacedRange(Reading* r);
  void PlusAndTimes(Reading* r) const;
  void CjkSuffixes(Reading* r) const;
  size_t CjkCurrencyOrUnit(size_t q, Reading* r) const;
  void UnitsAfter(Reading* r) const;
  void Backwards(Reading* r);
  void Finish(const Reading& r) const;
  // Drops the core with its glued run up to byte `upto`: sets *r->next, returns false.
  bool SkipRun(Reading* r, size_t upto) const;
  // Core at token i (and its glued run); false when token i starts no numeral.
  bool CoreAt(uint32_t i, size_t start, Core* c, uint32_t* core_end_tok) const;

  const Tables& lex_;
  const TextDoc& doc_;
  std::string_view t_;
  const int32_t* ids_;  // per token: the word id of its lowercase form (Note [Word ids])
  uint32_t sent_begin_ = 0, sent_end_ = 0;
  uint32_t floor_ = 0;  // tokens before this belong to an earlier annotation
};

std::string Scanner::Surface(uint32_t i, uint32_t n) const {
  std::string s, buf;
  for (uint32_t k = i; k < i + n && k < doc_.tokens.size(); ++k) {
    if (k > i && !Glued(k)) s.push_back(' ');
    s += LowerOf(k, &buf);
  }
  return s;
}

// Phrases grow one token at a time and stop as soon as the text is no prefix (suffix, going
// backwards) of any phrase in the lexicon: most calls cost one hash lookup.
template <class Map>
uint32_t Scanner::MatchForward(uint32_t i, const Map& table, typename Map::const_iterator* it) const {
  uint32_t best = 0;
  std::string s, buf;
  for (uint32_t n = 1; n <= lex_.max_phrase_tokens && i + n <= sent_end_; ++n) {
    uint32_t k = i + n - 1;
    if (n > 1 && !Glued(k)) s.push_back(' ');
    s += LowerOf(k, &buf);
    if (!lex_.phrase_prefix.count(s)) break;
    auto f = table.find(s);
    if (f != table.end()) {
      best = n;
      *it = f;
    }
  }
  return best;
}

template <class Map>
uint32_t Scanner::MatchBackward(uint32_t end, uint32_t floor, const Map& table,
                                typename Map::const_iterator* it) const {
  uint32_t best = 0;
  std::string s, buf;
  for (uint32_t n = 1; n <= lex_.max_phrase_tokens && end >= floor + n; ++n) {
    uint32_t k = end - n;
    std::string_view low = LowerOf(k, &buf);
    if (n > 1 && !Glued(k + 1)) s.insert(0, 1, ' ');
    s.insert(0, low);
    if (!lex_.phrase_suffix.count(s)) break;
    auto f = table.find(s);
    if (f != table.end()) {
      best = n;
      *it = f;
    }
  }
  return best;
}

uint32_t Scanner::TokenAt(size_t p) const {
  auto it = std::upper_bound(doc_.tokens.begin(), doc_.tokens.end(), p,
                             [](size_t v, const Token& tk) { return v < tk.span.begin; });
  if (it == doc_.tokens.begin()) return 0;
  uint32_t k = static_cast<uint32_t>(it - doc_.tokens.begin()) - 1;
  if (Tok(k).span.end <= p) ++k;
  return k;
}

size_t Scanner::GluedRunEnd(uint32_t i) const {
  uint32_t k = i;
  while (k + 1 < sent_end_ && k - i < 24 && Glued(k + 1)) ++k;
  return Tok(k).span.end;
}

int Scanner::ReadCjkPower(size_t p, size_t lim, size_t* end) const {
  int power = 0;
  size_t r = p;
  for (int n = 0; n < 2 && r < lim; ++n) {
    size_t len = 0;
    auto f = lex_.cjk_power.find(text::DecodeUtf8At(t_, r, &len));
    if (f == lex_.cjk_power.end()) break;
    power += f->second;
    r += len;
  }
  if (power > 0) *end = r;
  return power;
}

bool Scanner::ScanArabic(size_t p, size_t lim, Core* c) const {
  size_t q = p;
  bool neg = false;
  if (q < lim && (t_[q] == '-' || t_[q] == '+') && q + 1 < lim && IsDigit(t_[q + 1])) {
    neg = t_[q] == '-';
    ++q;
  } else if (StartsWith(t_, q, "\u2212") && q + 3 < lim && IsDigit(t_[q + 3])) {
    neg = true;
    q += 3;
  }
  Digits d;
  if (!ScanDigits(t_, q, lim, true, &d)) return false;
  auto v = Decimal::Parse(d.s);
  if (!v) return false;
  c->fig_b = p;
  c->grouped = d.grouped;
  c->has_frac = d.frac_digits > 0;
  c->leading_zero = d.leading_zero;
  c->int_digits = d.int_digits;
  c->prec = -d.frac_digits;
  c->negative = neg;
  Decimal total = *v;
  q = d.end;
  int power = ReadCjkPower(q, lim, &q);
  if (power > 0 && !ApplyCjkScale(power, lim, d, &q, &total, c)) return false;
  // Glued letters: scale suffix, ordinal, percentage points, time, else an identifier.
  if (!c->scaled && q < lim && IsAlpha(t_[q])) {
    size_t r = q;
    std::string w;
    while (r < lim && (IsAlpha(t_[r]) || (t_[r] == '.' && !w.empty() && r + 1 < lim && IsAlpha(t_[r + 1]))) && w.size() < 16)
      w.push_back(Lower(t_[r++]));
    if (r < lim && IsDigit(t_[r])) return false;  // "3Q25", "1H25": a label
    auto f = lex_.scale_suffix.find(w);
    if (f != lex_.scale_suffix.end()) {
      auto scaled = Pow10Mul(total, f->second);
      if (!scaled) return false;
      total = *scaled;
      c->scaled = true;
      c->prec += f->second;
      q = r;
    } else if (lex_.pp_words.count(w)) {
      c->pp = true;
      c->unit = "pp";
      c->fig_e = q;
      q = r;
      c->end = q;
      c->value = neg ? total.Negated() : total;
      return true;
    } else if (r - q >= 2 && lex_.unit_noun.count(w)) {
      // "33.7GWh", "1,187Gwh": a unit noun of the pack glued to the digits is the unit after the
      // figure (read with the next token, as "33.7 GWh" is), not an identifier.
    } else {
      return false;  // ordinal, time, identifier: the caller classifies
    }
  }
  if (q < lim && t_[q] == '%') {
    c->percent = true;
    c->unit = "pct";
    ++q;
  }
  c->fig_e = q;
  c->end = q;
  c->value = neg ? total.Negated() : total;
  return true;
}

// CJK scale glued to digits (`power` read up to byte *q): 8.19万, 1,100万, 3.4亿, then an
// optional smaller section: 3万4000, 1亿2000万. False when the scaled value does not fit.
bool Scanner::ApplyCjkScale(int power, size_t lim, const Digits& d, size_t* q, Decimal* total, Core* c) const {
  auto scaled = Pow10Mul(*total, power);
  if (!scaled) return false;
  *total = *scaled;
  c->scaled = true;
  c->cjk = true;
  c->prec = -d.frac_digits + power;
  Digits d2;
  if (power >= 4 && *q < lim && IsDigit(t_[*q]) && ScanDigits(t_, *q, lim, false, &d2)) {
    size_t r2 = d2.end;
    int p2 = ReadCjkPower(r2, lim, &r2);
    auto v2 = Decimal::Parse(d2.s);
    if (v2 && p2 < power) {
      auto part = Pow10Mul(*v2, p2);
      if (part && *part < Decimal(1, power)) {
        if (auto sum = total->Add(*part)) {
          *total = *sum;
          c->prec = p2;
          *q = r2;
        }
      }
    }
  }
  return true;
}

// "half a million", "half a dozen": true with *k moved to the "a" when token i is "half" of
// that shape; false when it is "half" of another. Other words leave *k and *half as they are.
bool Scanner::HalfA(uint32_t i, uint32_t* k, bool* half) const {
  if (Surface(i, 1) != "half" || !(*k + 2 < sent_end_ && Surface(*k + 1, 1) == "a")) return true;
  std::string s = Surface(*k + 2, 1);
  if (lex_.half_a_scale.count(s)) {
    *half = true;
    *k += 1;  // now at "a"
    return true;
  }
  return false;
}

// "twenty-five" as one token: 25; -1 when the token is no such compound.
int64_t Scanner::CompoundNumber(std::string_view sv) const {
  if (auto dash = sv.find('-'); dash != std::string_view::npos && dash > 0) {
    auto a = lex_.word_number.find(std::string(sv.substr(0, dash)));
    auto b = lex_.word_number.find(std::string(sv.substr(dash + 1)));
    if (a != lex_.word_number.end() && b != lex_.word_number.end() && a->second >= 20 &&
        a->second % 10 == 0 && b->second > 0 && b->second < 10)
      return a->second + b->second;
  }
  return -1;
}

// Spelled-out English: "twelve", "one hundred and five", "half a million", "a dozen",
// "twenty-five", "three million".
bool Scanner::ScanWords(uint32_t i, Core* c, uint32_t* end_tok) const {
  int64_t total = 0, current = 0;
  bool any = false, half = false, saw_scale_word = false;
  uint32_t k = i, last = i;
  if (!HalfA(i, &k, &half)) return false;
  for (; k < sent_end_ && k < i + 12; ++k) {
    std::string s = Surface(k, 1);
    if (s == "-" && any && Glued(k) && k + 1 < sent_end_ && Glued(k + 1)) continue;
    if ((s == "a" || s == "an") && !any && k + 1 < sent_end_) {
      std::string nx = Surface(k + 1, 1);
      if (lex_.word_scale.count(nx) || nx == "dozen") {
        current = 1;
        any = true;
        last = k;
        continue;
      }
      break;
    }
    if (s == "and" && any && current > 0 && current % 100 == 0 && k + 1 < sent_end_) {
      std::string nx = Surface(k + 1, 1);
      auto f = lex_.word_number.find(nx);
      if (f != lex_.word_number.end() && f->second > 0) continue;
      break;
    }
    int64_t compound = CompoundNumber(s);
    auto f = lex_.word_number.find(s);
    if (compound >= 0 || f != lex_.word_number.end()) {
      int64_t v = compound >= 0 ? compound : f->second;
      if (any && current % 10 != 0 && !saw_scale_word) break;  // "one two"
      if (any && current != 0 && current % 100 != 0 && v >= 10) break;
      current += v;
      any = true;
      last = k;
      continue;
    }
    if (s == "dozen" && any) {
      current = (current == 0 ? 1 : current) * 12;
      last = k;
      continue;
    }
    auto g = lex_.word_scale.find(s);
    if (g != lex_.word_scale.end() && any) {
      saw_scale_word = true;
      int64_t mult = 1;
      for (int e = 0; e < g->second; ++e) mult *= 10;
      if (g->second == 2) {
        current = (current == 0 ? 1 : current) * 100;
      } else {
        if (current == 0) current = 1;
        if (current > 999 || total > INT64_MAX / 1000 / mult) return false;
        total += current * mult;
        current = 0;
      }
      last = k;
      continue;
    }
    break;
  }
  if (!any) return false;
  Decimal value(total + current);
  if (half) value = Decimal(5 * (total + current), -1).Normalized();
  c->value = value;
  c->prec = TrailingZeros(value);
  c->spelled = true;
  c->fig_b = Tok(i).span.begin;
  c->fig_e = Tok(last).span.end;
  c->end = c->fig_e;
  *end_tok = last + 1;
  return true;
}

// Chinese numerals: 三万四千, 两万, 一万五千亿, 二〇二五, 百分之七十五, 十二点五.
bool Scanner::ScanCjk(size_t p, size_t lim, Core* c) const {
  size_t q = p;
  bool percent = false;
  if (StartsWith(t_, q, "百分之")) {
    percent = true;
    q += std::string_view("百分之").size();
  }
  size_t start = q;
  __int128 total = 0, section = 0, number = 0;
  bool any = false, positional = true, has_power = false;
  std::string positional_digits;
  int chars = 0;
  while (q < lim && chars < 24) {
    size_t len = 0;
    char32_t cp = text::DecodeUtf8At(t_, q, &len);
    auto d = lex_.cjk_digit.find(cp);
    if (d != lex_.cjk_digit.end()) {
      number = number * (positional && !has_power ? 10 : 0) + d->second;
      if (has_power) number = d->second;
      positional_digits.push_back(static_cast<char>('0' + d->second));
      any = true;
      q += len;
      ++chars;
      continue;
    }
    auto pw = lex_.cjk_power.find(cp);
    if (pw != lex_.cjk_power.end()) {
      has_power = true;
      positional = false;
      int e = pw->second;
      __int128 mult = 1;
      for (int k = 0; k < e; ++k) mult *= 10;
      if (e == 8) {
        total = (total + section + number) * mult;
        section = number = 0;
      } else if (e == 4) {
        section = (section + number) * mult;
        number = 0;
        // 万 after 亿 sections: (total) unaffected.
      } else {
        if (number == 0) number = 1;  // 十五 = 15
        section += number * mult;
        number = 0;
      }
      if (total > (__int128)INT64_MAX || section > (__int128)INT64_MAX) return false;
      any = true;
      q += len;
      ++chars;
      continue;
    }
    break;
  }
  if (!any) return false;
  Decimal value;
  if (!has_power) {
    if (positional_digits.size() > 18) return false;
    value = Decimal(std::stoll(positional_digits));
  } else {
    __int128 v = total + section + number;
    if (v > (__int128)INT64_MAX) return false;
    value = Decimal(static_cast<int64_t>(v));
  }
  int32_t prec = TrailingZeros(value);
  CjkDecimals(lim, &q, &value, &prec);
  c->value = value;
  c->prec = prec;
  c->cjk = true;
  c->fig_b = percent ? p : start;
  c->fig_e = q;
  c->end = q;
  c->percent = percent;
  if (percent) c->unit = "pct";
  c->scaled = has_power;
  c->int_digits = chars;
  return true;
}

// The decimal part of a Chinese numeral at byte *q: 点五 in 十二点五. Adds it to *value and
// moves *q past it; nothing when there is none.
void Scanner::CjkDecimals(size_t lim, size_t* q, Decimal* value, int32_t* prec) const {
  if (!StartsWith(t_, *q, "点")) return;
  size_t r = *q + std::string_view("点").size();
  std::string frac;
  while (r < lim) {
    size_t len = 0;
    auto d = lex_.cjk_digit.find(text::DecodeUtf8At(t_, r, &len));
    if (d == lex_.cjk_digit.end() || frac.size() >= 12) break;
    frac.push_back(static_cast<char>('0' + d->second));
    r += len;
  }
  if (!frac.empty()) {
    auto f = Decimal::Parse("0." + frac);
    if (f) {
      auto s = value->Add(*f);
      if (s) *value = *s;
      *prec = -static_cast<int32_t>(frac.size());
      *q = r;
    }
  }
}

bool Scanner::TryFraction(uint32_t i, Annotation* a, uint32_t* next) const {
  std::string w = Surface(i, 1);
  int num = 0, den = 0;
  uint32_t e = i;
  if (w == "half") {
    // "half of the buyers"; not "the first half", "a half".
    std::string prev = i > sent_begin_ ? Surface(i - 1, 1) : "";
    if (Surface(i + 1, 1) != "of" || prev == "first" || prev == "second" || prev == "the" || prev == "a")
      return false;
    num = 1, den = 2, e = i + 1;
  } else {
    if (w == "a" || w == "an") num = 1;
    else if (auto f = lex_.word_number.find(w); f != lex_.word_number.end() && f->second >= 1 && f->second <= 9)
      num = static_cast<int>(f->second);
    else
      return false;
    uint32_t k = i + 1;
    if (k < sent_end_ && TText(k) == "-" && Glued(k)) ++k;
    if (k >= sent_end_) return false;
    auto d = lex_.fraction_den.find(Surface(k, 1));
    if (d == lex_.fraction_den.end()) return false;
    den = d->second;
    // "a quarter", "a half" alone are periods or idioms: need "of" after.
    if ((den == 4 || den == 2) && Surface(k + 1, 1) != "of") return false;
    if (num >= den) return false;
    e = k + 1;
  }
  // Percent value: exact when the fraction is a finite decimal, else rounded to 2 places ("~").
  int64_t scaled = static_cast<int64_t>(num) * 1000000 / den;  // pct * 10^4
  bool exact = (static_cast<int64_t>(num) * 1000000) % den == 0;
  Decimal v = exact ? Decimal(scaled, -4).Normalized() : Decimal((scaled + 50) / 100, -2).Normalized();
  a->kind = AnnKind::kQuantity;
  a->tok_begin = i;
  a->tok_end = e;
  a->span = NormSpan(Tok(i).span.begin, Tok(e - 1).span.end);
  a->figure = a->span;
  a->value = v;
  a->unit = "pct";
  a->approx = exact ? Approx::kExact : Approx::kAbout;
  a->precision_exp = exact ? 0 : -2;
  a->parts = {Decimal(num), Decimal(den)};
  *next = e;
  return true;
}

// A CJK unit word (辆, 台, ...) begins at byte q.
bool Scanner::CjkUnitAt(size_t q) const {
  for (const auto& u : lex_.cjk_units)
    if (StartsWith(t_, q, u.first)) return true;
  return false;
}

bool Scanner::IsYearLike(const Core& c) const {
  if (!c.Plain() || c.negative || c.leading_zero || c.int_digits != 4) return false;
  return c.value >= Decimal(1900) && c.value <= Decimal(2100);
}

bool Scanner::IsListMarker(size_t b, size_t e) const {
  if (e >= t_.size() || (t_[e] != '.' && t_[e] != ')')) return false;
  if (e + 1 < t_.size() && t_[e + 1] != ' ' && t_[e + 1] != '\n' && t_[e + 1] != '\t') return false;
  size_t k = b;
  int n = 0;
  while (k > 0 && n < 8) {
    char ch = t_[k - 1];
    if (ch == '\n') return true;
    if (ch != ' ' && ch != '\t' && ch != '(' && ch != '-' && ch != '*') return false;
    --k;
    ++n;
  }
  return k == 0;
}

// True when the token before i names a thing that a bare small number would be the version or
// model number of: "ADS 4", "HarmonyOS 5", "Model 3", "Seal 06".
bool Scanner::NameLikeBefore(uint32_t i) const {
  if (i == 0 || i <= sent_begin_) return false;
  std::string_view prev = TText(i - 1);
  std::string lower = Surface(i - 1, 1);
  if (lex_.months.count(lower) || lex_.approx_before.count(lower) || lex_.currency_before.count(lower))
    return false;
  if (lex_.label_words.count(lower)) return true;
  // "No. 1", "Vol. 2": the label's dot is its own token.
  if (lower == "." && i >= sent_begin_ + 2 && Tok(i - 1).span.begin == Tok(i - 2).span.end &&
      lex_.label_words.count(Surface(i - 2, 1) + "."))
    return true;
  int upper = 0, letters = 0, digits = 0;
  for (char ch : prev) {
    if (ch >= 'A' && ch <= 'Z') ++upper;
    if (IsAlpha(ch)) ++letters;
    if (IsDigit(ch)) ++digits;
  }
  if (letters == 0) return false;
  // An acronym or a camel-case name (ADS, HarmonyOS, iOS), or a name with digits (ES8).
  return upper >= 2 || digits > 0 || (letters > 1 && prev[0] >= 'a' && prev[0] <= 'z' && upper == 1);
}

bool Scanner::ThinGap(size_t a, size_t b) const {
  if (b <= a || b - a > 3) return false;
  std::string_view gap = t_.substr(a, b - a);
  if (gap == "\u00A0" || gap == "\u202F" || gap == "\u2009") return true;
  return gap == " " && doc_.ToRaw(NormSpan(a, b)).size() >= 2;
}

bool Scanner::CjkDateAfter(size_t p) const {
  size_t q = p;
  while (q < t_.size() && t_[q] == ' ') ++q;
  for (const auto& s : lex_.cjk_not_after)
    if (StartsWith(t_, q, s)) return true;
  return false;
}

uint32_t Scanner::UnitNounAt(uint32_t k, std::string* unit) const {
  // Up to three modifier words (and glued hyphens) before a known unit noun.
  uint32_t words = 0;
  for (uint32_t m = k; m < sent_end_ && m < k + 7; ++m) {
    std::unordered_map<std::string, std::string>::const_iterator it;
    uint32_t n = MatchForward(m, lex_.unit_noun, &it);
    if (n > 0) {
      *unit = it->second;
      return m + n - k;
    }
    std::string_view tx = TText(m);
    if (tx == "-" && Glued(m) && m + 1 < sent_end_ && Glued(m + 1)) continue;
    bool word = !tx.empty();
    for (char ch : tx)
      if (!IsAlpha(ch) && ch != '-') word = false;
    if (!word || words >= 3 || lex_.modifier_stop.count(Surface(m, 1))) return 0;
    ++words;
  }
  return 0;
}

uint32_t Scanner::ExtendScaleAndPercent(uint32_t k, Core* c) const {
  if (!c->scaled && !c->percent && !c->pp && k < sent_end_) {
    std::unordered_map<std::string, int>::const_iterator it;
    uint32_t n = MatchForward(k, lex_.scale_word, &it);
    if (n > 0) {
      auto v = Pow10Mul(c->value, it->second);
      if (v) {
        c->value = *v;
        c->prec += it->second;
        c->scaled = true;
        c->fig_e = Tok(k + n - 1).span.end;
        k += n;
      }
    } else {
      // Spaced CJK scale: "8.5 万".
      size_t p = Tok(k).span.begin;
      int power = 0;
      size_t r = p;
      for (int m = 0; m < 2 && r < t_.size(); ++m) {
        size_t len = 0;
        auto f = lex_.cjk_power.find(text::DecodeUtf8At(t_, r, &len));
        if (f == lex_.cjk_power.end() || f->second < 4) break;
        power += f->second;
        r += len;
      }
      if (power >= 4) {
        auto v = Pow10Mul(c->value, power);
        if (v) {
          c->value = *v;
          c->prec += power;
          c->scaled = true;
          c->fig_e = r;
          c->end = r;
          k = TokenAt(r - 1) + 1;
        }
      }
    }
  }
  if (!c->percent && !c->pp && k < sent_end_) {
    std::unordered_set<std::string>::const_iterator dummy;
    for (uint32_t n = std::min<uint32_t>(3, sent_end_ - k); n >= 1; --n) {
      std::string s = Surface(k, n);
      if (lex_.pp_words.count(s)) {
        c->pp = true;
        c->unit = "pp";
        c->fig_e = Tok(k + n - 1).span.end;
        return k + n;
      }
      if (lex_.percent_words.count(s)) {
        c->percent = true;
        c->unit = "pct";
        c->fig_e = Tok(k + n - 1).span.end;
        return k + n;
      }
    }
    // CJK percentage points: 个百分点 / 百分点.
    size_t p = Tok(k).span.begin;
    for (const auto& s : lex_.cjk_pp_words) {
      if (p >= t_.size() || !lex_.cjk_suffix_first[static_cast<unsigned char>(t_[p])]) break;
      if (StartsWith(t_, p, s)) {
        c->pp = true;
        c->unit = "pp";
        c->end = p + s.size();
        return TokenAt(c->end - 1) + 1;
      }
    }
  }
  return k;
}

bool Scanner::CoreAt(uint32_t i, size_t start, Core* c, uint32_t* core_end_tok) const {
  std::string_view tx = TText(i);
  if (tx.empty()) return false;
  size_t lim = GluedRunEnd(i);
  unsigned char c0 = static_cast<unsigned char>(t_[start]);
  size_t dlen = 0;
  if (DigitAt(t_, start, lim, &dlen) >= 0 || c0 == '-' || c0 == '+' || StartsWith(t_, start, "\u2212")) {
    if (!ScanArabic(start, lim, c)) return false;
  } else if (IsAlpha(static_cast<char>(c0))) {
    return ScanWords(i, c, core_end_tok);
  } else if (c0 >= 0x80) {
    if (!ScanCjk(start, lim, c)) return false;
  } else {
    return false;
  }
  *core_end_tok = TokenAt(c->end - 1) + 1;
  return true;
}

// The steps of Note [Quantity spans], in order. Each step reads one shape of text around the
// core and updates the Reading; a step that returns false has found that the core is no quantity
// and has set *r->next past what must be skipped with it.
bool Scanner::TryAt(uint32_t i, Annotation* a, uint32_t* next) {
  *next = i + 1;
  Reading r;
  r.i = i;
  r.tb = Tok(i).span.begin;
  r.start = r.tb;
  r.k = i + 1;
  r.a = a;
  r.next = next;
  switch (ReadCore(&r)) {
    case Outcome::kNone: return false;
    case Outcome::kFound: return true;
    case Outcome::kCore: break;
  }
  r.core_begin_tok = TokenAt(r.c.fig_b);
  if (!CheckGluedAfter(&r)) return false;
  ThinSpaceGroups(&r);
  r.k = ExtendScaleAndPercent(r.k, &r.c);
  if (!CheckPlain(&r)) return false;
  SpacedRange(&r);
  PlusAndTimes(&r);
  if (!r.c.percent && !r.c.pp) CjkSuffixes(&r);
  UnitsAfter(&r);
  Backwards(&r);
  Finish(r);
  return true;
}

bool Scanner::SkipRun(Reading* r, size_t upto) const {
  *r->next = std::max<uint32_t>(TokenAt(upto - 1) + 1, r->i + 1);
  return false;
}

// Step 1, the core at token i: digits (after a glued currency code or a sign), a word numeral,
// a multiple ("doubled"), a fraction, or a CJK numeral inside a CJK token.
Scanner::Outcome Scanner::ReadCore(Reading* r) {
  const uint32_t i = r->i;
  std::string_view tx = TText(i);
  const size_t tb = r->tb;
  // A currency code glued in front of the digits inside one token: "RMB150,000", "US$3.2".
  if (IsAlpha(tx[0]) || tx[0] == '$') {
    for (const auto& [code, cur] : lex_.currency_glued) {
      if (tx.size() > code.size() && IsDigit(tx[code.size()])) {
        std::string low;
        for (size_t k = 0; k < code.size(); ++k) low.push_back(Lower(tx[k]));
        if (low == code) {
          r->currency = cur;
          r->start = tb + code.size();
          break;
        }
      }
    }
  }
  const size_t start = r->start;
  unsigned char c0 = static_cast<unsigned char>(t_[start]);
  size_t dlen = 0;
  bool digit_start = DigitAt(t_, start, t_.size(), &dlen) >= 0;
  // A sign starts a figure after a space or an opening bracket ("(-18.2% YoY)", "(\u221218.2%)"),
  // never glued to a word or figure ("Model-3", "2025-12").
  bool sign_start = (c0 == '-' || c0 == '+' || StartsWith(t_, start, "\u2212")) &&
                    (!Glued(i) || (start > 0 && start == tb && (t_[start - 1] == '(' || t_[start - 1] == '[')));
  if (sign_start) {
    size_t after = start + (c0 == '-' || c0 == '+' ? 1 : 3);
    if (after >= t_.size() || !IsDigit(t_[after])) return Outcome::kNone;
    if (i > 0 && Glued(i) && IsDigit(t_[tb - 1])) return Outcome::kNone;
  }
  if (digit_start || sign_start) {
    // Digits glued to a preceding letter or digit belong to an identifier ("M7" split as "M" "7").
    if (start == tb && Glued(i)) {
      char pc = t_[tb - 1];
      if (IsAlpha(pc) || IsDigit(pc) || pc == '_' || pc == '.') return Outcome::kNone;
    }
    if (!CoreAt(i, start, &r->c, &r->k)) {
      // Skip the whole glued run: "5G", "3rd", "9:30am" are not quantities.
      size_t lim = GluedRunEnd(i);
      *r->next = TokenAt(lim - 1) + 1;
      return Outcome::kNone;
    }
    return Outcome::kCore;
  }
  if (IsAlpha(static_cast<char>(c0))) return WordCore(r);
  if (c0 >= 0x80) return CjkCore(r);
  return Outcome::kNone;
}

// A core that starts with a letter: a multiple ("doubled"), a fraction ("two-thirds"), or a
// spelled-out number ("twelve", "a dozen").
Scanner::Outcome Scanner::WordCore(Reading* r) {
  const uint32_t i = r->i;
  Annotation* a = r->a;
  std::string low = Surface(i, 1);
  auto m = lex_.multiple_word.find(low);
  if (m != lex_.multiple_word.end()) {
    a->kind = AnnKind::kQuantity;
    a->tok_begin = i;
    a->tok_end = i + 1;
    a->span = Tok(i).span;
    a->figure = Tok(i).span;
    a->value = Decimal(m->second);
    a->unit = "times";
    a->precision_exp = 0;
    return Outcome::kFound;
  }
  if (TryFraction(i, a, r->next)) return Outcome::kFound;
  if (!lex_.word_number.count(low) && low != "a" && low != "an" && low != "half" &&
      low.find('-') == std::string::npos)
    return Outcome::kNone;
  if (!CoreAt(i, r->start, &r->c, &r->k)) return Outcome::kNone;
  return Outcome::kCore;
}

// A core inside a CJK token: a numeral may start at any code point of it ("同比增长三成"), or
// a doubling (翻番, 翻倍, 翻了一番) is the whole quantity.
Scanner::Outcome Scanner::CjkCore(Reading* r) {
  const uint32_t i = r->i;
  Annotation* a = r->a;
  Core& c = r->c;
  size_t p = r->tb;
  bool found = false;
  while (p < Tok(i).span.end) {
    size_t len = 0;
    char32_t cp = text::DecodeUtf8At(t_, p, &len);
    // Cheap filter before the prefix tests: can a CJK numeral (or 翻番) start here?
    if (!lex_.cjk_core_start.count(cp)) {
      p += len;
      continue;
    }
    bool doubling_start = lex_.cjk_doubling_start.count(cp) > 0;
    bool numeral = !doubling_start && (lex_.cjk_digit.count(cp) || lex_.cjk_power.count(cp) || StartsWith(t_, p, "百分之"));
    size_t doubling = 0;
    if (doubling_start)
      for (const auto& w : lex_.cjk_doubling)
        if (StartsWith(t_, p, w)) {
          doubling = w.size();
          break;
        }
    if (doubling) {
      size_t e = p + doubling;
      a->kind = AnnKind::kQuantity;
      a->tok_begin = i;
      a->tok_end = TokenAt(e - 1) + 1;
      a->span = NormSpan(Tok(i).span.begin, Tok(a->tok_end - 1).span.end);
      a->figure = NormSpan(p, e);
      a->value = Decimal(2);
      a->unit = "times";
      *r->next = a->tok_end;
      return Outcome::kFound;
    }
    if (numeral) {
      size_t plen = 0;
      char32_t prev = p > 0 ? DecodeBefore(t_, p, &plen) : 0;
      bool prev_numeral = lex_.cjk_digit.count(prev) || lex_.cjk_power.count(prev);
      if (!prev_numeral && prev != U'第' && ScanCjk(p, GluedRunEnd(i), &c)) {
        found = true;
        r->start = p;
        break;
      }
    }
    p += len;
  }
  if (!found) return Outcome::kNone;
  if (!c.percent && !CjkFigureStands(r)) return Outcome::kNone;
  r->k = TokenAt(c.end - 1) + 1;
  return Outcome::kCore;
}

// A CJK numeral without 百分之: single characters and words that merely contain numerals (一些,
// 统一, 千万 "must") are no figures; what follows must be a unit, a currency, a scale or an
// approximation suffix, unless the numeral is a big number on its own.
bool Scanner::CjkFigureStands(Reading* r) const {
  const Core& c = r->c;
  std::string_view fig = t_.substr(c.fig_b, c.fig_e - c.fig_b);
  size_t first_len = 0;
  char32_t first = text::DecodeUtf8At(t_, c.fig_b, &first_len);
  bool starts_power = lex_.cjk_power.count(first) && first != U'十';
  size_t q = c.fig_e;
  bool unit_follows = CjkUnitAt(q);
  for (const auto& u : lex_.cjk_currency)
    if (StartsWith(t_, q, u.first)) unit_follows = true;
  for (const auto& s : lex_.cjk_counter)
    if (StartsWith(t_, q, s)) unit_follows = true;
  for (const auto& s : lex_.cjk_period_after)
    if (StartsWith(t_, q, s)) unit_follows = false;
  if (CjkDateAfter(q)) unit_follows = false;
  if (CjkDateAfter(q)) {
    *r->next = TokenAt(q - 1) + 1;
    return false;
  }
  bool big = c.value >= Decimal(10000);
  if (!unit_follows && !(big && !starts_power && fig.size() > 3)) return false;
  if (starts_power && !unit_follows) return false;
  return true;
}

// Step 2, what is glued right after an Arabic core: a ratio ("51/49"), a time ("9:30"), a date
// ("12/02/2025", "2025-12-02", "2025.12.02"), a version ("3.0.1"), a phone number or a range
// ("5-7%", "2012-13").
bool Scanner::CheckGluedAfter(Reading* r) {
  const Core& c = r->c;
  size_t e = c.end;
  size_t lim = GluedRunEnd(r->core_begin_tok);
  if (c.cjk || c.spelled || !(e + 1 < lim + 1 && e < t_.size())) return true;
  char sep = t_[e];
  bool digit_after = e + 1 < lim && IsDigit(t_[e + 1]);
  if ((sep == ':' || sep == '/') && digit_after && c.Plain()) return GluedColonOrSlash(e, lim, r);
  if (sep == '.' && digit_after) return SkipRun(r, lim);  // 2025.12.02, 3.0.1
  if ((sep == '-' || StartsWith(t_, e, "\u2013")) && digit_after) return GluedDash(e, lim, r);
  return true;
}

// "<n>:<n>" or "<n>/<n>" glued (sep at byte e): a time or a date is skipped, else a ratio.
bool Scanner::GluedColonOrSlash(size_t e, size_t lim, Reading* r) {
  Core& c = r->c;
  char sep = t_[e];
  Digits d2;
  ScanDigits(t_, e + 1, lim, true, &d2);
  size_t e2 = d2.end;
  if (e2 < lim && (t_[e2] == ':' || t_[e2] == '/' || t_[e2] == '.') && e2 + 1 < lim && IsDigit(t_[e2 + 1])) {
    Digits d3;
    ScanDigits(t_, e2 + 1, lim, false, &d3);
    return SkipRun(r, d3.end);  // 9:30:00, 12/02/2025
  }
  if (sep == ':' && d2.int_digits == 2 && d2.frac_digits == 0 && c.value <= Decimal(24) &&
      Decimal::Parse(d2.s).value_or(Decimal(99)) < Decimal(60))
    return SkipRun(r, e2);  // 9:30
  if (e2 < lim && IsAlpha(t_[e2])) return SkipRun(r, lim);
  auto v2 = Decimal::Parse(d2.s);
  if (!v2) return SkipRun(r, e2);
  c.unit = "ratio";
  r->a->parts = {c.value, *v2};
  c.fig_e = c.end = e2;
  r->k = TokenAt(e2 - 1) + 1;
  return true;
}

// "<n>-<n>" glued (the dash at byte e): dates, phone numbers, year spans and "1-11月" are
// skipped; "50-50 joint venture" is a ratio; else a range sharing a suffix written once ("5-7%").
bool Scanner::GluedDash(size_t e, size_t lim, Reading* r) {
  Core& c = r->c;
  Annotation* a = r->a;
  Core c2;
  if (!ScanArabic(e + 1, lim, &c2)) return SkipRun(r, lim);
  size_t e2 = c2.end;
  if (e2 < lim && (t_[e2] == '-' || t_[e2] == '/' || t_[e2] == '.' || t_[e2] == ':') && e2 + 1 < lim &&
      IsDigit(t_[e2 + 1]))
    return SkipRun(r, lim);  // 2025-12-02, 400-820-8820
  if (IsYearLike(c) && (IsYearLike(c2) || (c2.Plain() && c2.int_digits == 2)))
    return SkipRun(r, e2);  // 2012-13, 2024-2025: a period
  if (c.leading_zero || (c.Plain() && c2.Plain() && c.int_digits >= 3 && c2.int_digits >= 4 &&
                         c.int_digits + c2.int_digits >= 8))
    return SkipRun(r, e2);  // 010-12345678
  if (CjkDateAfter(e2)) return SkipRun(r, e2);  // 1-11月
  size_t q = e2;
  while (q < t_.size() && t_[q] == ' ') ++q;
  uint32_t nt = TokenAt(q);
  if (nt < sent_end_ && lex_.months.count(Surface(nt, 1))) return SkipRun(r, e2);
  // "a 50-50 joint venture", "a 60-40 split": an ownership split, a ratio like "51/49".
  auto sum = c.value.Add(c2.value);
  std::string w_after = nt < sent_end_ ? Surface(nt, 1) : std::string();
  if (c.Plain() && c2.Plain() && !c2.percent && sum && *sum == Decimal(100) && lex_.ratio_nouns.count(w_after)) {
    c.unit = "ratio";
    a->parts = {c.value, c2.value};
    c.fig_e = c.end = e2;
    r->k = TokenAt(e2 - 1) + 1;
    return true;
  }
  // Share a suffix written once: "5-7%", "7-8万".
  if (c2.percent && !c.percent) c.percent = true, c.unit = "pct";
  Decimal lo = c.value;
  if (!c.scaled && c2.scaled) {
    // scale the low end the same way as the high end: ratio of values is unknown, so
    // re-read the high end's scale exponent from its precision and fraction digits.
    Digits dd;
    ScanDigits(t_, e + 1, lim, true, &dd);
    int scale_exp = c2.prec + dd.frac_digits;
    auto v = Pow10Mul(lo, scale_exp);
    if (v) lo = *v;
    c.scaled = true;
    c.prec += scale_exp;
  }
  if (lo > c2.value) return SkipRun(r, e2);  // "3-1": a score, not a range
  c.value = lo;
  a->value_hi = c2.value;
  c.fig_e = c.end = e2;
  r->k = TokenAt(e2 - 1) + 1;
  return true;
}

// Groups separated by a no-break or thin space: "81 864" (U+00A0, U+202F, U+2009).
void Scanner::ThinSpaceGroups(Reading* r) const {
  Core& c = r->c;
  uint32_t& k = r->k;
  if (!(c.Plain() && !c.negative && c.int_digits <= 3 && c.unit.empty() && !r->a->value_hi)) return;
  std::string digits(t_.substr(c.fig_b, c.fig_e - c.fig_b));
  uint32_t m = k;
  size_t fig_e = c.fig_e;
  while (m < sent_end_ && !Glued(m) && ThinGap(Tok(m - 1).span.end, Tok(m).span.begin)) {
    std::string_view g = TText(m);
    if (g.size() != 3 || !IsDigit(g[0]) || !IsDigit(g[1]) || !IsDigit(g[2])) break;
    digits.append(g);
    fig_e = Tok(m).span.end;
    ++m;
  }
  if (m > k) {
    if (auto v = Decimal::Parse(digits)) {
      c.value = *v;
      c.grouped = true;
      c.fig_e = c.end = fig_e;
      k = m;
    }
  }
}

// Step 2 again, for plain numbers once the scale and percent words are read: ordinals ("3 rd"),
// years, codes with a leading zero, ids, list markers ("2."), times ("9 am"), days beside a
// month name, phone numbers ("+86 10 1234 5678", "hotline 400 ..."), versions after a name
// ("ADS 4", "Model 3.5"), and a lone spelled "one".
bool Scanner::CheckPlain(Reading* r) {
  Core& c = r->c;
  const uint32_t k = r->k;
  const uint32_t core_begin_tok = r->core_begin_tok;
  bool plain = c.Plain() && c.unit != "ratio" && !r->a->value_hi;
  r->unit_len = (k < sent_end_ && !c.percent && !c.pp) ? UnitNounAt(k, &r->unit_ahead) : 0;
  const uint32_t unit_len = r->unit_len;
  if (plain && !c.cjk) {
    std::string next_word = k < sent_end_ ? Surface(k, 1) : "";
    std::string prev_word = core_begin_tok > sent_begin_ ? Surface(core_begin_tok - 1, 1) : "";
    if (lex_.ordinal_suffix.count(next_word) && Glued(k)) return SkipRun(r, Tok(k).span.end);
    // A year-like number with a unit glued after it ("2100辆") counts that unit.
    if (IsYearLike(c) && unit_len == 0 && !CjkUnitAt(c.end)) return SkipRun(r, c.end);
    // "Its 2022 passenger PHEV sales were ...": a year-like number whose unit noun is a modifier
    // of a noun after it (the pack's year_noun words) is the year of that noun, not a count.
    if (IsYearLike(c) && !c.grouped && unit_len > 0 && k + unit_len < sent_end_ &&
        lex_.year_nouns.count(Surface(k + unit_len, 1)))
      return SkipRun(r, c.end);
    // "<Month> 2026 Vehicle Deliveries": a year after a month name is a date, whatever follows.
    if (IsYearLike(c) && !c.grouped && lex_.months.count(prev_word)) return SkipRun(r, c.end);
    if (c.leading_zero) return SkipRun(r, c.end);
    if (c.int_digits >= 9) return SkipRun(r, c.end);  // ids, phone numbers without separators
    if (IsListMarker(c.fig_b, c.end)) return SkipRun(r, c.end);
    if (lex_.time_words.count(next_word)) return SkipRun(r, Tok(k).span.end);
    if (c.value <= Decimal(31) && (lex_.months.count(prev_word) || lex_.months.count(next_word) ||
                                   (prev_word == "." && core_begin_tok >= sent_begin_ + 2 &&
                                    lex_.months.count(Surface(core_begin_tok - 2, 1)))))
      return SkipRun(r, c.end);
    if (CjkDateAfter(c.end)) return SkipRun(r, c.end);
    // Phone numbers: "+86 10 1234 5678", or a number after "tel", "hotline".
    bool phone = false;
    for (uint32_t b = core_begin_tok; b > sent_begin_ && b + 4 > core_begin_tok; --b)
      if (lex_.phone_words.count(Surface(b - 1, 1))) phone = true;
    if (!phone && c.end > 0 && t_[c.fig_b] == '+' && k < sent_end_ && !Glued(k) && IsDigit(TText(k)[0]))
      phone = true;
    if (phone && unit_len == 0) {
      uint32_t m = k;
      while (m < sent_end_ && (IsDigit(TText(m)[0]) || TText(m) == "-" || TText(m) == ")" || TText(m) == "(")) ++m;
      *r->next = std::max(m, r->i + 1);
      return false;
    }
    if (unit_len == 0 && NameLikeBefore(core_begin_tok) && c.value < Decimal(1000))
      return SkipRun(r, c.end);
  }
  if (c.has_frac && !c.percent && !c.pp && !c.scaled && unit_len == 0 && NameLikeBefore(core_begin_tok) &&
      c.value < Decimal(100))
    return SkipRun(r, c.end);
  if (c.spelled && unit_len == 0 && c.value == Decimal(1) && !c.percent) return SkipRun(r, c.end);
  return true;
}

// Step 3, spaced ranges: "70,000 to 80,000", "between 5 and 7", "5% to 7%", "1.2 to 1.5
// million", "7万至8万".
void Scanner::SpacedRange(Reading* r) {
  Core& c = r->c;
  Annotation* a = r->a;
  uint32_t& k = r->k;
  const uint32_t core_begin_tok = r->core_begin_tok;
  bool from_before = core_begin_tok > sent_begin_ && Surface(core_begin_tok - 1, 1) == "from";
  bool between_before = core_begin_tok > sent_begin_ && Surface(core_begin_tok - 1, 1) == "between";
  if (a->value_hi || c.unit == "ratio" || !(k + 1 < sent_end_) || from_before || r->unit_len != 0) return;
  std::string w = Surface(k, 1);
  size_t after = c.end;
  bool cjk_range = StartsWith(t_, after, "至") || StartsWith(t_, after, "到") ||
                   StartsWith(t_, after, "~") || StartsWith(t_, after, "-");
  bool word_range = (w == "to" || w == "-" || w == "~" || (w == "and" && between_before));
  // 至 and 到 join two figures whatever their digits ("100,000至110,000辆"); "~" and "-" after an
  // Arabic figure are read as words (word_range).
  bool cjk_joiner = StartsWith(t_, after, "至") || StartsWith(t_, after, "到");
  if (!word_range && !(cjk_range && (c.cjk || cjk_joiner))) return;
  // A tab or a run of spaces between the figure and the dash is a table's cell boundary
  // ("9,377<TAB>-4.2%"): two cells, no range.
  std::string_view gap = std::string_view(t_).substr(after, Tok(k).span.begin > after ? Tok(k).span.begin - after : 0);
  if (gap.find('\t') != std::string_view::npos || gap.find("  ") != std::string_view::npos) return;
  uint32_t j = word_range ? k + 1 : TokenAt(after + (StartsWith(t_, after, "~") || StartsWith(t_, after, "-") ? 1 : 3));
  if (j >= sent_end_) return;
  Core c2;
  uint32_t k2 = j + 1;
  size_t s2 = Tok(j).span.begin;
  if (c.cjk && !word_range) s2 = after + (StartsWith(t_, after, "~") || StartsWith(t_, after, "-") ? 1 : 3);
  bool ok = false;
  if (s2 < t_.size() && IsDigit(t_[s2])) ok = ScanArabic(s2, GluedRunEnd(j), &c2);
  else if (s2 < t_.size() && static_cast<unsigned char>(t_[s2]) >= 0x80) ok = ScanCjk(s2, GluedRunEnd(j), &c2);
  else if (s2 < t_.size() && IsAlpha(t_[s2]) && c.spelled) ok = ScanWords(j, &c2, &k2);
  if (!ok) return;
  if (!c2.spelled) k2 = TokenAt(c2.end - 1) + 1;
  k2 = ExtendScaleAndPercent(k2, &c2);
  bool year2 = IsYearLike(c2);
  // "jumped 51% to 100,482 vehicles": a change and the level it reached, not a range (a
  // range's high end is never plain when its low end is a percent).
  bool pct_to_level = c.percent && !c2.percent;
  if (year2 || pct_to_level || CjkDateAfter(c2.end)) return;
  if (c.value > c2.value) return;  // "9,377 - 4.2%": no range, and the first figure keeps its unit
  if (c2.percent && !c.percent) c.percent = true, c.unit = "pct";
  if (c2.scaled && !c.scaled && c2.prec > 0) {
    // "1.2 to 1.5 million": the low end takes the high end's scale word.
    Digits dd;
    int frac = 0;
    if (ScanDigits(t_, s2, t_.size(), true, &dd)) frac = dd.frac_digits;
    int scale_exp = c2.prec + frac;
    if (auto v = Pow10Mul(c.value, scale_exp)) c.value = *v, c.prec += scale_exp, c.scaled = true;
  }
  if (c.value <= c2.value) {
    a->value_hi = c2.value;
    c.fig_e = c2.fig_e;
    c.end = c2.end;
    k = k2;
    r->unit_len = (k < sent_end_ && !c.percent && !c.pp) ? UnitNounAt(k, &r->unit_ahead) : 0;
  }
}

// "-plus", "+", "-odd" glued after the figure; "times", "fold", "-fold": a multiple.
void Scanner::PlusAndTimes(Reading* r) const {
  Core& c = r->c;
  uint32_t& k = r->k;
  if (k < sent_end_) {
    std::unordered_map<std::string, Approx>::const_iterator it;
    uint32_t n = MatchForward(k, lex_.approx_after, &it);
    if (n > 0 && (it->first == "+" || it->first == "-plus" || it->first == "-odd" ? Glued(k) : true) &&
        it->first != "plus") {
      c.approx = it->second;
      k += n;
      r->unit_len = (k < sent_end_ && !c.percent && !c.pp) ? UnitNounAt(k, &r->unit_ahead) : 0;
    } else if (n > 0 && it->first == "plus" && Glued(k)) {
      c.approx = it->second;
      k += n;
    }
  }
  if (k < sent_end_ && !c.percent && !c.pp && c.unit.empty()) {
    std::string w = Surface(k, 1);
    // A hyphenated word ("-fold") is two tokens whatever the spaces: read "-" and the word after.
    const auto& tw = lex_.times_words;
    bool times = w == "-" ? k + 1 < sent_end_ && std::find(tw.begin(), tw.end(), "-" + Surface(k + 1, 1)) != tw.end()
                          : w[0] != '-' && std::find(tw.begin(), tw.end(), w) != tw.end();
    if (times) {
      c.unit = "times";
      c.times = true;
      k += (w == "-" ? 2 : 1);
      r->unit_len = 0;
    }
  }
}

// CJK suffixes of a figure that is no percent: 多/余 ("more than", before a unit: the
// cjk_approx_after words of approximation >), then 倍
// (times), 成 (tenths) or a currency or unit, then an approximation after (以上, 左右).
void Scanner::CjkSuffixes(Reading* r) const {
  Core& c = r->c;
  size_t q = c.end;
  while (q < t_.size() && t_[q] == ' ') ++q;
  // No word of the lists below starts here (the common case: English): nothing to read.
  if (q >= t_.size() || !lex_.cjk_suffix_first[static_cast<unsigned char>(t_[q])]) return;
  for (const auto& [s, approx] : lex_.cjk_approx_after) {
    if (approx != Approx::kGreater) continue;  // 多, 余: only before the unit
    if (StartsWith(t_, q, s)) {
      bool next_is_unit = CjkUnitAt(q + s.size());
      for (const auto& u : lex_.cjk_currency) next_is_unit |= StartsWith(t_, q + s.size(), u.first);
      next_is_unit |= StartsWith(t_, q + s.size(), "个") || StartsWith(t_, q + s.size(), "万") ||
                      StartsWith(t_, q + s.size(), "亿");
      if (next_is_unit) {
        c.approx = approx;
        q += s.size();
      }
    }
  }
  size_t times = 0, tenths = 0;
  for (const auto& s : lex_.cjk_times)
    if (!times && StartsWith(t_, q, s)) times = s.size();
  for (const auto& s : lex_.cjk_tenths)
    if (!tenths && StartsWith(t_, q, s)) tenths = s.size();
  if (times) {
    c.unit = "times";
    c.times = true;
    q += times;
    c.end = q;
    r->k = TokenAt(q - 1) + 1;
  } else if (tenths && c.cjk && c.value <= Decimal(10) && !c.scaled) {
    // 三成: tenths.
    if (auto v = c.value.MulPow10(1)) c.value = *v;
    c.percent = true;
    c.unit = "pct";
    q += tenths;
    c.fig_e = c.end = q;
    r->k = TokenAt(q - 1) + 1;
  } else {
    q = CjkCurrencyOrUnit(q, r);
  }
  for (const auto& s : lex_.cjk_approx_after) {
    if (s.second == Approx::kGreater) continue;  // 多/余 only before the unit
    if (StartsWith(t_, q, s.first) && q > c.fig_e) {
      c.approx = s.second;
      q += s.first.size();
      c.end = q;
      r->k = TokenAt(q - 1) + 1;
      break;
    }
  }
}

// A CJK currency (亿元 and 万元 carry the scale) or unit noun at byte q, or a bare 个 counter
// after a CJK numeral; returns the byte after what was read.
size_t Scanner::CjkCurrencyOrUnit(size_t q, Reading* r) const {
  Core& c = r->c;
  Annotation* a = r->a;
  for (const auto& u : lex_.cjk_currency) {
    if (!StartsWith(t_, q, u.first)) continue;
    // "亿元" / "万元": the scale is in the currency word.
    int power = 0;
    if (StartsWith(t_, q, "亿")) power = 8;
    if (StartsWith(t_, q, "万")) power = 4;
    if (power && c.scaled) break;  // no second scale: the unit nouns may still read it
    if (power) {
      if (auto v = Pow10Mul(c.value, power)) c.value = *v;
      if (a->value_hi) {
        if (auto v = Pow10Mul(*a->value_hi, power)) a->value_hi = *v;
      }
      c.prec += power;
      c.fig_e = q + 3;
    }
    c.unit = u.second;
    q += u.first.size();
    c.end = q;
    r->k = TokenAt(q - 1) + 1;
    r->unit_len = 0;
    return q;
  }
  for (const auto& u : lex_.cjk_units) {
    if (!StartsWith(t_, q, u.first)) continue;
    if (c.value.IsInteger() || c.scaled) {
      c.unit = u.second;
      q += u.first.size();
      c.end = q;
      r->k = TokenAt(q - 1) + 1;
      r->unit_len = 0;
    }
    break;
  }
  if (c.unit.empty() && StartsWith(t_, q, "个") && c.cjk) {
    q += 3;
    c.end = q;
    r->k = TokenAt(q - 1) + 1;
  }
  return q;
}

// English currency words ("yuan", "euros") and unit nouns of count after the figure, then the
// trailing approximations ("or more", "or so", "and above").
void Scanner::UnitsAfter(Reading* r) const {
  Core& c = r->c;
  uint32_t& k = r->k;
  if (c.unit.empty() && k < sent_end_) {
    std::unordered_map<std::string, std::string>::const_iterator it;
    uint32_t n = MatchForward(k, lex_.currency_after, &it);
    if (n > 0 && !c.percent && !c.pp) {
      c.unit = it->second;
      k += n;
      r->unit_len = 0;
    }
  }
  if (c.unit.empty() && r->unit_len > 0 && !c.percent && !c.pp) {
    c.unit = r->unit_ahead;
    k += r->unit_len;
  }
  if (k < sent_end_) {
    std::unordered_map<std::string, Approx>::const_iterator it;
    uint32_t n = MatchForward(k, lex_.approx_after, &it);
    if (n > 0 && lex_.approx_after_unit.count(it->first)) {
      c.approx = it->second;
      k += n;
    }
  }
}

// Backwards from the core: a currency prefix ("US$", "RMB"), approximation words ("over",
// "nearly"; 约, 超过 in CJK, possibly at the end of a longer token), "between" before a range.
void Scanner::Backwards(Reading* r) {
  Core& c = r->c;
  uint32_t b = r->i;
  if (r->start == r->tb && r->currency.empty() && b > floor_) {
    std::unordered_map<std::string, std::string>::const_iterator it;
    uint32_t n = MatchBackward(b, std::max(floor_, sent_begin_), lex_.currency_before, &it);
    if (n > 0 && it->first != "yuan") {
      r->currency = it->second;
      b -= n;
    }
  }
  if (!r->currency.empty() && !c.percent && !c.pp) {
    c.unit = r->currency;
  }
  if (b > floor_ && b > sent_begin_) {
    std::unordered_map<std::string, Approx>::const_iterator it;
    uint32_t n = MatchBackward(b, std::max(floor_, sent_begin_), lex_.approx_before, &it);
    // "handed over 18,827 vehicles": "over" belongs to the verb.
    if (n == 1 && lex_.phrasal_particles.count(it->first) && b >= sent_begin_ + 2 && lex_.phrasal_verbs.count(Surface(b - 2, 1)))
      n = 0;
    if (n > 0) {
      c.approx = it->second;
      b -= n;
    } else if (r->a->value_hi && Surface(b - 1, 1) == "between") {
      b -= 1;
    } else {
      size_t p = c.fig_b;
      for (const auto& s : lex_.cjk_approx_before) {
        if (!EndsWithAt(t_, p, s.first)) continue;
        size_t ab = p - s.first.size();
        bool blocked = false;  // 最近: recently
        for (const auto& w : lex_.cjk_approx_blockers) blocked |= EndsWithAt(t_, ab, w);
        if (blocked) break;
        c.approx = s.second;
        uint32_t at = TokenAt(ab);
        if (Tok(at).span.begin == ab && at >= floor_ && at >= sent_begin_) b = std::min(b, at);
        break;
      }
    }
  }
  if (b > r->core_begin_tok) b = r->core_begin_tok;
  if (r->k <= b) r->k = b + 1;
  r->b = b;
}

// The annotation of a quantity read to the end: tokens [b, k), the figure, its value and unit.
void Scanner::Finish(const Reading& r) const {
  const Core& c = r.c;
  Annotation* a = r.a;
  a->kind = AnnKind::kQuantity;
  a->tok_begin = r.b;
  a->tok_end = r.k;
  a->span = NormSpan(Tok(r.b).span.begin, Tok(r.k - 1).span.end);
  a->figure = NormSpan(c.fig_b, c.fig_e);
  a->value = c.value;
  a->unit = c.unit;
  a->approx = c.approx;
  a->precision_exp = c.prec;
  if (c.unit == "ratio" && a->parts.empty()) a->parts = {c.value};
  if (c.unit != "ratio") a->parts.clear();
  *r.next = r.k;
}

std::string_view Scanner::LowerOf(uint32_t i, std::string* buf) const {
  const Token& tk = Tok(i);
  if (tk.lower_len > 0 || tk.span.empty()) return doc_.Lower(tk);
  buf->clear();
  for (char ch : TText(i)) buf->push_back(Lower(ch));
  return *buf;
}

bool Scanner::MayStart(uint32_t i) const {
  std::string_view tx = TText(i);
  if (tx.empty()) return false;
  unsigned char c = static_cast<unsigned char>(tx[0]);
  if (c >= 0x80 || IsDigit(static_cast<char>(c)) || c == '-' || c == '+' || c == '$') return true;
  if (!IsAlpha(static_cast<char>(c))) return false;
  for (char ch : tx)
    if (IsDigit(ch)) return true;  // "RMB150,000", "US$3.2"
  // Note [Word ids]: the word id answers the lookups below for a token with the analyzer's
  // lowercase form (all of them, past a hand-built TextDoc).
  auto pooled = [&](uint32_t k) { return Tok(k).lower_len > 0 || Tok(k).span.empty(); };
  if (pooled(i)) {
    uint8_t f = lex_.start_words.Get(ids_[i]);
    if (f & Tables::kArticle) {
      if (i + 1 >= sent_end_) return false;
      if (pooled(i + 1)) return (lex_.start_words.Get(ids_[i + 1]) & Tables::kAfterArticle) != 0;
      std::string buf2;
      return lex_.after_article.count(LowerOf(i + 1, &buf2)) > 0;
    }
    if (f & Tables::kTriggerWord) return true;
    std::string_view low = doc_.Lower(Tok(i));
    size_t dash = low.find('-');
    return dash != std::string_view::npos && lex_.word_triggers.count(low.substr(0, dash));
  }
  std::string buf;
  std::string_view low = LowerOf(i, &buf);
  if (low == "a" || low == "an") {
    // Only "a dozen", "a third", "a million", ... start a quantity.
    if (i + 1 >= sent_end_) return false;
    std::string buf2;
    return lex_.after_article.count(LowerOf(i + 1, &buf2)) > 0;
  }
  if (lex_.word_triggers.count(low)) return true;
  size_t dash = low.find('-');
  return dash != std::string_view::npos && lex_.word_triggers.count(low.substr(0, dash));
}

void Scanner::Run(std::vector<Annotation>* out) {
  const auto& sents = doc_.sentences;
  uint32_t n = static_cast<uint32_t>(doc_.tokens.size());
  size_t si = 0;
  uint32_t i = 0;
  while (i < n) {
    while (si < sents.size() && sents[si].tok_end <= i) ++si;
    if (si < sents.size() && sents[si].tok_begin <= i) {
      sent_begin_ = sents[si].tok_begin;
      sent_end_ = sents[si].tok_end;
    } else {
      sent_begin_ = i;
      sent_end_ = n;
    }
    if (!MayStart(i)) {
      ++i;
      continue;
    }
    Annotation a;
    uint32_t next = i + 1;
    if (TryAt(i, &a, &next)) {
      floor_ = a.tok_end;
      out->push_back(std::move(a));
    }
    i = std::max(next, i + 1);
  }
}

}  // namespace

QuantityAnnotator::QuantityAnnotator(const Lexicon& words, const std::vector<UnitDecl>& units,
                                     std::shared_ptr<text::WordIds> ids) {
  if (!ids) ids = std::make_shared<text::WordIds>();
  lex_ = std::make_shared<const Tables>(words, units, ids.get());
  ids_ = std::move(ids);
}

void QuantityAnnotator::Annotate(const text::TextDoc& doc, std::vector<Annotation>* out) const {
  if (doc.tokens.empty()) return;
  std::vector<int32_t> scratch;
  Scanner scanner(*lex_, doc, ids_->Of(doc, &scratch));
  scanner.Run(out);
}

}  // namespace quarry::numbers
