// Period and change annotator. Works over tokens: English periods are matched on
// lowercase token surfaces, Chinese ones character by character from each token, so the result
// does not depend on how the tokenizer split "1-11月" or "今年以来".
//
// Note [Period resolution]
// A period the text fixes ("<Month> 2023", "2025年11月", "Q3 2025") is kept as written. Otherwise
// it is resolved against the publication date P (year Y, month M, day D):
//   - a bare month m is the latest such month not after P's month: m <= M ? Y-m : (Y-1)-m
//     (published 2025-12-02: "<month 11>" -> 2025-11, "<month 12>" -> 2025-12; published
//     2026-01-05: "<month 11>" -> 2025-11). Quarters and halves the same way by their number.
//   - "last month" = M-1, "this year" = Y, "last year" = Y-1, "next quarter", 上季度 = the
//     quarter before P's, ...
//   - month ranges ("<month 1>-<month 11>", "1-11月") take the year of their last month; "the first
//     N months" ends at month N of the latest year in which month N is not after P.
//   - year-to-date ("so far this year", "year-to-date", "YTD", "今年以来", "年初至今") is
//     Y-01..Y-E where E is the month before M when D <= 15 or D is unknown (monthly figures of
//     the publication month are not complete yet), else M; E is at least 1.
//   - "the same period last year" / "去年同期" is the latest period annotated earlier in the
//     sentence, one year back; with none, it is the year Y-1.
//   - days: a date after a date_as_month_before word ("as of Sep 30", 截至9月30日) is the
//     date of a running total and is read as its month (2021-09); a span of days ("Aug 1 to
//     10", "Aug 1-10") is "2025-08-01..2025-08-10", subkind "days", its months resolved as a
//     month range's. Any other date stays a date ("2025-12-02"). Year to date after a span of
//     days of its year ends on the span's last day ("so far this year" -> 2025-01-01..2025-08-10).
//   - "the past N months" (trailing_months) are the N months up to the month year-to-date ends
//     at (2022-12-02: "the past eleven months" -> 2022-01..2022-11).
//   - weeks run Monday to Sunday: "last week" is the week before P's (P's day needed), "the week
//     ending Mar 26" the seven days to that date; both are spans of days.
// Without P the year stays unknown: "XXXX-11", "XXXX-Q3", "XXXX-01..XXXX-11"; relative periods
// that need P ("last month") are then not annotated, except years, which need only Y and are
// also dropped. A range's period uses the DESIGN.md cumulative syntax "YYYY-MM..YYYY-MM"; year
// spans ("2012-13") are "2012..2013".
//
// Changes: around every quantity in pct or pp, a direction word ("up", "rose", "down", "增长",
// "下降") and/or a basis ("year-on-year", "YoY", "同比", "month-on-month", "环比") before or
// after make a kChange: signed value (down -> negative), basis in `period` (yoy|mom|qoq or
// empty). "rose to 25%" is a level, not a change.
#include "periods/periods.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "text/affixes.h"
#include "text/utf8.h"

namespace quarry::periods {

using text::TextDoc;
using text::Token;

std::optional<Date> Date::Parse(std::string_view iso) {
  // YYYY-MM[-DD][Thh:mm...] (also with '/' or '.'); whitespace around is ignored.
  while (!iso.empty() && (iso.front() == ' ' || iso.front() == '\t')) iso.remove_prefix(1);
  auto num = [&](size_t pos, size_t len, int* v) {
    if (pos + len > iso.size()) return false;
    int x = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return false;
      x = x * 10 + (iso[i] - '0');
    }
    *v = x;
    return true;
  };
  Date d;
  if (!num(0, 4, &d.year) || iso.size() < 7) return std::nullopt;
  char sep = iso[4];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  if (!num(5, 2, &d.month) || d.month < 1 || d.month > 12) return std::nullopt;
  if (iso.size() >= 10 && iso[7] == sep) {
    if (!num(8, 2, &d.day) || d.day < 1 || d.day > 31) return std::nullopt;
  } else if (iso.size() > 7 && iso[7] != 'T' && iso[7] != ' ') {
    return std::nullopt;
  }
  if (d.year < 1000) return std::nullopt;
  return d;
}

// Tables of words looked up by string_view (a token's lowercase form in the document), without a
// copy. The hash is std::hash<std::string>'s, so the tables iterate in the same order as before.
struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StrMap = std::unordered_map<std::string, V, SvHash, std::equal_to<>>;
using StrSet = std::unordered_set<std::string, SvHash, std::equal_to<>>;

// The annotator's tables, built once from the pack's word lists (grammars/<pack>/lexicon/, see
// PeriodAnnotator::Lists() and grammars/lexicon/*.tsv).
struct PeriodTables {
  StrMap<int> month;     // month names and abbreviations -> 1..12
  StrSet ambiguous_month;          // also a word, anywhere
  StrSet ambiguous_month_initial;  // also a word at a sentence start
  StrSet month_context_before;  // "in" (May): a month reading is clear
  StrMap<int> ordinal;   // "first" -> 1 ... "twelfth", "1st"
  StrMap<int> small;     // "two".."twelve", "2".."12"
  StrSet ordinal_suffix;  // "st", "nd": "3rd" is a day
  // Changes.
  StrMap<int> dir_before;  // "up" +1, "down" -1, "rose" +1 ...
  StrMap<int> dir_after;   // "increase" +1, "decline" -1 ...
  StrSet comparative;      // "more", "lower": a direction, no noun
  StrMap<std::string> basis;  // "year-on-year" -> yoy
  // Note [Composed bases]: "from" + "the prior-year period" -> yoy.
  StrSet basis_from;                 // "from", "over", "compared with", "than" ...
  StrMap<std::string> basis_period;  // "a year earlier" -> yoy, "the previous month" -> mom
  std::vector<std::pair<std::string, int>> cjk_dir;     // 增长 +1, 下降 -1 (longest first)
  std::vector<std::pair<std::string, std::string>> cjk_basis;  // 同比 yoy, 环比 mom
  std::unordered_map<char32_t, int> cjk_digit;
  StrSet phrasal_up;  // "made" (up), "set" (up), "broke" (down)
  // Chinese relative periods, matched as text in list order.
  std::vector<std::pair<std::string, int>> cjk_relative_year;   // 去年 -1
  std::vector<std::string> cjk_same_period;                     // (去年)同期
  std::vector<std::pair<std::string, int>> cjk_relative_month;  // 上月 -1
  std::vector<std::string> cjk_ytd_after_year;                  // (今年)以来
  std::vector<std::string> cjk_ytd;                             // 年初至今
  std::vector<std::pair<std::string, int>> cjk_half;            // 上半年 1
  std::vector<std::string> cjk_first_months;                    // 前 (11个月), 首 (3季)
  std::vector<std::pair<std::string, int>> cjk_relative_quarter;  // 上季度 -1
  // Words before a date that make it a running total's date, read as its month: "as of", 截至.
  StrSet date_as_month_before;
  StrSet week_ending_before;  // "week ending" (Mar 26): its 7 days
  StrSet year_through_before;  // "up to the end of" (June): the year's months to it
  StrSet trailing;  // "past" (eleven months): the months up to now
  std::vector<std::string> cjk_date_as_month_before;
  // First code points of the Chinese periods (relative words, numerals, the first-months words,
  // and the fixed 年 第 of 年初, 第三季度): a cheap filter before the prefix tests.
  std::unordered_set<char32_t> cjk_start;
  // Relative English periods: "last month" -> {month, -1}.
  struct Rel {
    // 0 month, 1 year, 2 quarter, 3 ytd, 4 same period last year, 5 week, 6/7/8 the
    // month/quarter/week before the period named earlier (else before the publication's), 9 the
    // period named earlier itself
    int what = 0;
    int delta = 0;
  };
  StrMap<Rel> relative;
  StrSet rel_first;  // first tokens of the relative phrases
  StrSet rel_prefix;  // every prefix of a relative phrase: RelativePhrase stops where none goes on
  StrSet owned_words;    // storage for views in `triggers`
  std::unordered_set<std::string_view> triggers;  // views of month and rel_first keys + period_trigger
  text::WordFlags trigger_words;  // `triggers` by word id (Note [Word ids] in text/word_ids.cc)
  // Every prefix / suffix of the change phrases (dir_before, dir_after, basis): early pruning.
  StrSet phrase_prefix, phrase_suffix;
  PeriodTables(const Lexicon& words, text::WordIds* ids);
};

const std::vector<LexListSpec>& PeriodAnnotator::Lists() {
  using V = LexValue;
  static const std::vector<LexListSpec> kLists = {
      {"month", V::kInt, 1, 12},
      {"ambiguous_month"},
      {"ambiguous_month_initial"},
      {"month_context_before"},
      {"ordinal", V::kInt, 1, 12},
      {"small_number", V::kInt, 1, 12},
      {"ordinal_suffix"},
      {"period_trigger"},
      {"relative_month", V::kInt, -12, 12},
      {"relative_year", V::kInt, -10, 10},
      {"relative_quarter", V::kInt, -4, 4},
      {"previous_month", V::kInt, -12, -1},
      {"previous_quarter", V::kInt, -4, -1},
      {"previous_week", V::kInt, -4, -1},
      {"period_anaphor"},
      {"ytd"},
      {"same_period_last_year"},
      {"cjk_month_numeral", V::kInt, 1, 10, true},
      {"cjk_relative_year", V::kInt, -10, 10},
      {"cjk_same_period"},
      {"cjk_relative_month", V::kInt, -12, 12},
      {"cjk_ytd_after_year"},
      {"cjk_ytd"},
      {"cjk_half", V::kInt, 1, 2},
      {"cjk_first_months"},
      {"cjk_relative_quarter", V::kInt, -4, 4},
      {"date_as_month_before"},
      {"week_ending_before"},
      {"year_through_before"},
      {"trailing_months"},
      {"relative_week", V::kInt, -4, 4},
      {"cjk_date_as_month_before"},
      {"direction_before", V::kInt, -1, 1},
      {"direction_after", V::kInt, -1, 1},
      {"basis", V::kCode},
      {"basis_from"},
      {"basis_period", V::kCode},
      {"cjk_direction", V::kInt, -1, 1},
      {"cjk_basis", V::kCode},
      {"phrasal_up"},
      {"comparative"},
  };
  return kLists;
}

PeriodTables::PeriodTables(const Lexicon& words, text::WordIds* ids) {
  auto ints = [&](std::string_view list, StrMap<int>* out) {
    for (const auto& e : words.List(list)) out->emplace(e.word, static_cast<int>(e.number));
  };
  auto set = [&](std::string_view list, StrSet* out) {
    for (const auto& e : words.List(list)) out->insert(e.word);
  };
  auto seq = [&](std::string_view list, std::vector<std::pair<std::string, int>>* out) {
    for (const auto& e : words.List(list)) out->emplace_back(e.word, static_cast<int>(e.number));
  };
  auto strs = [&](std::string_view list, std::vector<std::string>* out) {
    for (const auto& e : words.List(list)) out->push_back(e.word);
  };
  ints("month", &month);
  set("ambiguous_month", &ambiguous_month);
  set("ambiguous_month_initial", &ambiguous_month_initial);
  set("month_context_before", &month_context_before);
  ints("ordinal", &ordinal);
  ints("small_number", &small);
  for (int i = 1; i <= 12; ++i) small.emplace(std::to_string(i), i);
  set("ordinal_suffix", &ordinal_suffix);
  ints("direction_before", &dir_before);
  ints("direction_after", &dir_after);
  for (const auto& e : words.List("basis")) basis.emplace(e.word, e.value);
  set("basis_from", &basis_from);
  for (const auto& e : words.List("basis_period")) basis_period.emplace(e.word, e.value);
  seq("cjk_direction", &cjk_dir);
  for (const auto& e : words.List("cjk_basis")) cjk_basis.emplace_back(e.word, e.value);
  set("phrasal_up", &phrasal_up);
  set("comparative", &comparative);
  const std::pair<std::string_view, int> kRelLists[] = {{"relative_month", 0}, {"relative_year", 1},
                                                        {"relative_quarter", 2}, {"ytd", 3},
                                                        {"same_period_last_year", 4}, {"relative_week", 5},
                                                        {"previous_month", 6}, {"previous_quarter", 7},
                                                        {"previous_week", 8}, {"period_anaphor", 9}};
  for (auto [list, what] : kRelLists) {
    for (const auto& e : words.List(list)) {
      Rel r{what, what == 3 || what == 9 ? 0 : what == 4 ? -1 : static_cast<int>(e.number)};
      relative.emplace(e.word, r);
      rel_first.insert(e.word.substr(0, e.word.find(' ')));
      rel_first.insert(e.word.substr(0, e.word.find_first_of(" -")));
      for (size_t len = 1; len <= e.word.size(); ++len) rel_prefix.insert(e.word.substr(0, len));
    }
  }
  auto add_affixes = [this](const std::string& key) { text::AddAffixes(key, &phrase_prefix, &phrase_suffix); };
  for (const auto& [k, v] : dir_before) add_affixes(k);
  for (const auto& [k, v] : dir_after) add_affixes(k);
  for (const auto& [k, v] : basis) add_affixes(k);
  for (const auto& k : basis_from) add_affixes(k);
  for (const auto& [k, v] : basis_period) add_affixes(k);
  for (const auto& [w, m] : month) triggers.insert(w);
  for (const auto& w : rel_first) triggers.insert(w);
  for (const auto& e : words.List("period_trigger")) triggers.insert(*owned_words.insert(e.word).first);
  for (const auto& e : words.List("cjk_month_numeral")) {
    size_t len = 0;
    cjk_digit[text::DecodeUtf8At(e.word, 0, &len)] = static_cast<int>(e.number);
  }
  seq("cjk_relative_year", &cjk_relative_year);
  strs("cjk_same_period", &cjk_same_period);
  seq("cjk_relative_month", &cjk_relative_month);
  strs("cjk_ytd_after_year", &cjk_ytd_after_year);
  strs("cjk_ytd", &cjk_ytd);
  seq("cjk_half", &cjk_half);
  strs("cjk_first_months", &cjk_first_months);
  seq("cjk_relative_quarter", &cjk_relative_quarter);
  set("date_as_month_before", &date_as_month_before);
  set("year_through_before", &year_through_before);
  set("week_ending_before", &week_ending_before);
  set("trailing_months", &trailing);
  for (const auto& w : trailing) triggers.insert(w);
  strs("cjk_date_as_month_before", &cjk_date_as_month_before);
  auto first_cp = [](const std::string& s) {
    size_t len = 0;
    return text::DecodeUtf8At(s, 0, &len);
  };
  for (const auto& [w, d] : cjk_relative_year) cjk_start.insert(first_cp(w));
  for (const auto& [w, d] : cjk_relative_month) cjk_start.insert(first_cp(w));
  for (const auto& w : cjk_ytd) cjk_start.insert(first_cp(w));
  for (const auto& [w, h] : cjk_half) cjk_start.insert(first_cp(w));
  for (const auto& w : cjk_first_months) cjk_start.insert(first_cp(w));
  for (const auto& [w, d] : cjk_relative_quarter) cjk_start.insert(first_cp(w));
  for (const auto& [cp, v] : cjk_digit) cjk_start.insert(cp);
  for (char32_t cp : {U'年', U'第'}) cjk_start.insert(cp);
  for (std::string_view w : triggers) trigger_words.Add(ids, w, 1);
}

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }


// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms, proleptic Gregorian).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
void CivilFromDays(long z, int* y, int* m, int* d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

bool StartsWith(std::string_view t, size_t p, std::string_view s) {
  return p <= t.size() && t.size() - p >= s.size() && t.compare(p, s.size(), s) == 0;
}
bool EndsWithAt(std::string_view t, size_t p, std::string_view s) {
  return p >= s.size() && p <= t.size() && t.compare(p - s.size(), s.size(), s) == 0;
}


// A resolved period before it becomes text. y == 0: year unknown.
struct Per {
  enum Kind { kMonth, kQuarter, kHalf, kYear, kRange, kYtd, kDate, kYearRange, kDays } kind = kMonth;
  int y = 0, n = 0;    // month / quarter / half number, or day for dates (with m)
  int m = 0;           // month of a date
  int y2 = 0, n2 = 0;  // end of a range (months; the last day for kDays, with m2)
  int m2 = 0;          // kDays: month of the last day
  bool to_date = false;  // kYtd up to the publication ("so far this year"), not "the first 9 months"
  int weeks_before = 0;  // kDays: "the week before" (-1), resolved by Scanner::PreviousWeek
  bool anaphor = false;  // "in the period": the period named before it (Scanner::PeriodNamedBefore)

  std::string Text() const {
    char buf[64];
    auto yr = [](int y) { return y ? std::to_string(y) : std::string("XXXX"); };
    switch (kind) {
      case kMonth: std::snprintf(buf, sizeof buf, "%s-%02d", yr(y).c_str(), n); break;
      case kQuarter: std::snprintf(buf, sizeof buf, "%s-Q%d", yr(y).c_str(), n); break;
      case kHalf: std::snprintf(buf, sizeof buf, "%s-H%d", yr(y).c_str(), n); break;
      case kYear: std::snprintf(buf, sizeof buf, "%s", yr(y).c_str()); break;
      case kYearRange: std::snprintf(buf, sizeof buf, "%s..%s", yr(y).c_str(), yr(y2).c_str()); break;
      case kRange:
      case kYtd:
        std::snprintf(buf, sizeof buf, "%s-%02d..%s-%02d", yr(y).c_str(), n, yr(y2).c_str(), n2);
        break;
      case kDate: std::snprintf(buf, sizeof buf, "%s-%02d-%02d", yr(y).c_str(), m, n); break;
      case kDays:
        std::snprintf(buf, sizeof buf, "%s-%02d-%02d..%s-%02d-%02d", yr(y).c_str(), m, n, yr(y2).c_str(), m2, n2);
        break;
    }
    return buf;
  }
  const char* Subkind() const {
    switch (kind) {
      case kMonth: return "month";
      case kQuarter: return "quarter";
      case kHalf: return "half";
      case kYear: return "year";
      case kYearRange: return "range";
      case kRange: return "range";
      case kYtd: return "ytd";
      case kDate: return "date";
      case kDays: return "days";
    }
    return "";
  }
  // The span of `len` days ending on day z (days since 1970-01-01).
  static Per DaysEnding(long z, int len) {
    Per p;
    p.kind = kDays;
    CivilFromDays(z - (len - 1), &p.y, &p.m, &p.n);
    CivilFromDays(z, &p.y2, &p.m2, &p.n2);
    return p;
  }
  Per Shifted(int dy) const {
    Per p = *this;
    if (p.y) p.y += dy;
    if (p.y2) p.y2 += dy;
    return p;
  }
};

// A Chinese period's year prefix as read so far (2025年, 今年, 去年): Chinese() reads the rest
// from byte q.
struct CjkYear {
  size_t q = 0;
  int year = 0;           // 0: unknown (a relative year without a publication date)
  bool given = false;     // a year prefix was read
  bool relative = false;  // ... and it was relative (今年, 去年)
};

// One change being read around a quantity in pct or pp by Scanner::Changes().
struct ChangeRead {
  uint32_t qb = 0, qe = 0;  // the quantity's tokens
  uint32_t b = 0, e = 0;    // the change's tokens so far
  int sign = 0;             // from a direction word: +1 up, -1 down, 0 none yet
  bool noun_after = false;  // "a 75% increase": the article belongs to the change
  std::string basis;        // yoy, mom, qoq
};

class Scanner {
 public:
  Scanner(const PeriodTables& lex, const TextDoc& doc, const std::optional<Date>& pub, const int32_t* ids)
      : lex_(lex), doc_(doc), t_(doc.text), ids_(ids), pub_(pub) {
    // A hand-built TextDoc may lack the analyzer's lowercase forms: then every token's is kept
    // here, as views (own_ reserved up front, so that they stay valid); else low_ stays empty.
    size_t need = 0;
    for (const Token& tk : doc.tokens)
      if (!(tk.lower_len > 0 || tk.span.empty())) need += tk.span.size();
    if (need == 0) return;
    own_.reserve(need);
    low_.resize(doc.tokens.size());
    for (size_t k = 0; k < doc.tokens.size(); ++k) {
      const Token& tk = doc.tokens[k];
      if (tk.lower_len > 0 || tk.span.empty()) {
        low_[k] = doc.Lower(tk);
        continue;
      }
      size_t b = own_.size();
      for (char ch : doc.TokenText(tk)) own_.push_back(Lower(ch));
      low_[k] = std::string_view(own_).substr(b);
    }
  }

  void Periods(const std::vector<Annotation>& quantities, std::vector<Annotation>* out);
  void Changes(const std::vector<Annotation>& quantities, std::vector<Annotation>* out);
  // A multiple after a direction word as a change in percent (Note [Multiples as changes]).
  void MultipleChange(const Annotation& q, std::vector<Annotation>* out);
  void MoreOrLessBefore(ChangeRead* c) const;

 private:
  const Token& Tok(uint32_t i) const { return doc_.tokens[i]; }
  std::string_view TText(uint32_t i) const { return doc_.TokenText(doc_.tokens[i]); }
  bool Glued(uint32_t i) const { return i > 0 && Tok(i).span.begin == Tok(i - 1).span.end; }
  // Lowercase text of token i (the analyzer's pool, or built when the pool has none).
  std::string_view LowerOf(uint32_t i) const { return low_.empty() ? doc_.Lower(Tok(i)) : low_[i]; }
  std::string Surface(uint32_t i, uint32_t n) const {
    std::string s;
    for (uint32_t k = i; k < i + n && k < doc_.tokens.size(); ++k) {
      if (k > i && !Glued(k)) s.push_back(' ');
      s += LowerOf(k);
    }
    return s;
  }
  // Token i's lowercase form inside the sentence, else empty (Surface(i, 1) without a copy).
  std::string_view W(uint32_t i) const {
    return i < sent_end_ && i < doc_.tokens.size() ? LowerOf(i) : std::string_view();
  }
  uint32_t TokenAt(size_t p) const {
    auto it = std::upper_bound(doc_.tokens.begin(), doc_.tokens.end(), p,
                               [](size_t v, const Token& tk) { return v < tk.span.begin; });
    if (it == doc_.tokens.begin()) return 0;
    uint32_t k = static_cast<uint32_t>(it - doc_.tokens.begin()) - 1;
    if (Tok(k).span.end <= p) ++k;
    return k;
  }
  // Number token i as an int when it is all digits of length [min_len, max_len]; else -1.
  int IntTok(uint32_t i, size_t min_len, size_t max_len) const {
    if (i >= sent_end_) return -1;
    std::string_view s = TText(i);
    if (s.size() < min_len || s.size() > max_len) return -1;
    int v = 0;
    for (char c : s) {
      if (!IsDigit(c)) return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
  // Day of month: "2", "02", "3rd" (one token or "3" "rd"); sets *next to the token after it.
  int DayTok(uint32_t i, uint32_t* next) const {
    if (i >= sent_end_) return -1;
    std::string_view s = TText(i);
    size_t k = 0;
    int v = 0;
    while (k < s.size() && k < 2 && IsDigit(s[k])) v = v * 10 + (s[k++] - '0');
    if (k == 0) return -1;
    std::string_view rest = s.substr(k);
    *next = i + 1;
    if (rest.empty() && i + 1 < sent_end_ && Glued(i + 1)) {
      std::string_view sfx = W(i + 1);
      if (lex_.ordinal_suffix.count(sfx)) *next = i + 2;
    } else if (!rest.empty()) {
      std::string low;
      for (char c : rest) low.push_back(Lower(c));
      if (!lex_.ordinal_suffix.count(low)) return -1;
    }
    return (v >= 1 && v <= 31) ? v : -1;
  }
  int YearTok(uint32_t i) const {
    int y = IntTok(i, 4, 4);
    return (y >= 1900 && y <= 2100) ? y : -1;
  }
  bool Capitalized(uint32_t i) const { return !TText(i).empty() && TText(i)[0] >= 'A' && TText(i)[0] <= 'Z'; }
  int MonthTok(uint32_t i) const;  // month number of a month-name token (with glued '.'), else 0
  // Fast filter: can an English period start at token i? (digits, month names, Q3/H1/FY2025,
  // and the first words of the phrases English() knows.)
  bool EnglishTrigger(uint32_t i) const {
    std::string_view tx = TText(i);
    if (tx.empty()) return false;
    if (IsDigit(tx[0])) return true;
    if (static_cast<unsigned char>(tx[0]) >= 0x80) return false;
    const Token& tk = Tok(i);
    std::string buf;
    std::string_view low = tk.lower_len > 0 ? doc_.Lower(tk) : std::string_view();
    if (low.empty()) {
      for (char c : tx) buf.push_back(Lower(c));
      low = buf;
      if (lex_.triggers.count(low)) return true;
    } else if (lex_.trigger_words.Get(ids_[i])) {  // the same lookup by word id
      return true;
    }
    if (low.size() == 2 && ((low[0] == 'q' && low[1] >= '1' && low[1] <= '4') || (low[0] == 'h' && (low[1] == '1' || low[1] == '2'))))
      return true;
    return low.size() == 6 && low[0] == 'f' && low[1] == 'y';
  }

  // Resolution against the publication date.
  int YearForMonth(int m) const { return !pub_ ? 0 : (m <= pub_->month ? pub_->year : pub_->year - 1); }
  int YearForQuarter(int q) const {
    return !pub_ ? 0 : (q <= (pub_->month - 1) / 3 + 1 ? pub_->year : pub_->year - 1);
  }
  int YearForHalf(int h) const { return !pub_ ? 0 : (h <= (pub_->month - 1) / 6 + 1 ? pub_->year : pub_->year - 1); }
  Per Ytd(int year) const;
  Per QuarterFromPub(int delta) const {  // the publication's quarter moved by delta quarters
    int q = (pub_->month - 1) / 3 + 1 + delta, y = pub_->year;
    while (q < 1) q += 4, --y;
    while (q > 4) q -= 4, ++y;
    return Per{Per::kQuarter, y, q};
  }
  Per MonthRange(int y, int m1, int m2) const {
    Per p;
    p.kind = Per::kRange;
    p.y2 = y ? y : YearForMonth(m2);
    p.y = p.y2 && m1 > m2 ? p.y2 - 1 : p.y2;
    p.n = m1;
    p.n2 = m2;
    if (m1 == 1 && false) p.kind = Per::kYtd;
    return p;
  }
  Per FirstMonths(int y, int n) const {  // "the first 11 months (of 2025)"
    Per p;
    p.kind = Per::kYtd;
    p.y = p.y2 = y ? y : YearForMonth(n);
    p.n = 1;
    p.n2 = n;
    return p;
  }

  // What one shape of English() or Chinese() found: not this shape (try the next), a period,
  // or no period here at all.
  enum class Try { kNo, kYes, kStop };
  // English period at token i: sets *end (exclusive token) and *p.
  bool English(uint32_t i, uint32_t* end, Per* p);
  Try IsoDate(uint32_t i, uint32_t* end, Per* p) const;
  Try RelativePhrase(uint32_t i, std::string_view w, uint32_t* end, Per* p) const;
  int OfYear(uint32_t at, uint32_t* e) const;
  int ThisOrNextYearAt(uint32_t at, uint32_t* e) const;
  Try OrdinalPart(uint32_t i, uint32_t* end, Per* p) const;
  Try QuarterLabel(uint32_t i, uint32_t* end, Per* p) const;
  Try MonthName(uint32_t i, uint32_t* end, Per* p) const;
  bool MonthToMonth(uint32_t i, uint32_t k, int m, uint32_t* end, Per* p) const;
  bool DayToDay(uint32_t k, int m, int day, uint32_t* end, Per* p) const;
  bool DateAsMonth(uint32_t i) const;
  bool PhraseBefore(const StrSet& words, uint32_t i) const;
  Try DayMonth(uint32_t i, uint32_t* end, Per* p) const;
  bool YearOrFiscal(uint32_t i, std::string_view w, uint32_t* end, Per* p) const;
  // Chinese period at byte pos (inside token i): sets *end_byte and *p.
  bool Chinese(size_t pos, size_t lim, size_t* end_byte, Per* p);
  bool ChineseShapes(size_t pos, size_t lim, size_t* end_byte, Per* p);
  bool CjkYearPrefix(size_t lim, CjkYear* y, size_t* end_byte, Per* p) const;
  Try CjkRelativeMonth(size_t q, size_t* end_byte, Per* p) const;
  Try CjkRelativeQuarter(size_t q, size_t* end_byte, Per* p) const;
  bool CjkYtd(const CjkYear& y, size_t* end_byte, Per* p) const;
  bool CjkFirstMonths(const CjkYear& y, size_t lim, size_t* end_byte, Per* p) const;
  bool CjkHalfOrQuarter(const CjkYear& y, size_t lim, size_t* end_byte, Per* p) const;
  bool CjkMonth(const CjkYear& y, size_t lim, size_t* end_byte, Per* p) const;
  // Changes()'s steps.
  template <class Table>
  const typename Table::value_type* MatchBack(const Table& table, uint32_t at, uint32_t* n_out) const;
  template <class Table>
  const typename Table::value_type* MatchFwd(const Table& table, uint32_t at, uint32_t* n_out) const;
  const std::string* BasisFwd(uint32_t at, uint32_t* n_out) const;
  const std::string* BasisBack(uint32_t at, uint32_t* n_out) const;
  void SentenceOf(uint32_t qb, uint32_t qe);
  void EnglishBefore(ChangeRead* c) const;
  void ChineseBefore(const Annotation& q, ChangeRead* c) const;
  void EnglishAfter(ChangeRead* c) const;
  void EmitChange(const Annotation& q, const ChangeRead& c, std::vector<Annotation>* out) const;
  int CjkSmall(size_t pos, size_t lim, size_t* end) const;  // 1..99 in digits or 一..十二

  void Emit(uint32_t b, uint32_t e, const Per& p, std::vector<Annotation>* out, std::vector<Per>* pers);
  uint32_t LookbackFrom(uint32_t b) const;
  bool SamePeriodLastYear(uint32_t b, const std::vector<Annotation>& out, const std::vector<Per>& pers, Per* p) const;
  bool PreviousPeriod(uint32_t b, const std::vector<Annotation>& out, const std::vector<Per>& pers, Per* p) const;
  bool PreviousWeek(uint32_t b, const std::vector<Annotation>& out, const std::vector<Per>& pers, Per* p) const;
  bool PeriodNamedBefore(uint32_t b, const std::vector<Annotation>& out, const std::vector<Per>& pers, Per* p) const;
  // The latest period named before token b within LookbackFrom(b) for which `ok` holds, or
  // nullptr: what "the same period last year", "the previous month", "the week before" and "the
  // period" are counted from.
  template <class Ok>
  const Per* NamedBefore(uint32_t b, const std::vector<Annotation>& out, const std::vector<Per>& pers, Ok ok) const {
    uint32_t floor = LookbackFrom(b);
    for (size_t k = out.size(); k-- > 0;) {
      if (out[k].tok_end <= floor) break;
      if (out[k].tok_end <= b && ok(pers[k])) return &pers[k];
    }
    return nullptr;
  }

  const PeriodTables& lex_;
  const TextDoc& doc_;
  std::string_view t_;
  const int32_t* ids_;  // per token: the word id of its lowercase form (Note [Word ids])
  std::vector<std::string_view> low_;  // per token: its lowercase form, if the pool lacks some
  std::string own_;                    // lowercase forms the analyzer's pool does not hold
  const std::optional<Date>& pub_;
  uint32_t sent_begin_ = 0, sent_end_ = 0;
  Per last_days_{Per::kMonth};  // the latest span of days annotated (kDays when there is one)
};

int Scanner::MonthTok(uint32_t i) const {
  if (i >= sent_end_ || !Capitalized(i)) return 0;
  std::string_view w = W(i);
  auto f = lex_.month.find(w);
  if (f == lex_.month.end()) return 0;
  // Some month names are also words: accept them where a month reading is clear (everywhere for
  // ambiguous_month, at the start of a sentence for ambiguous_month_initial).
  bool anywhere = lex_.ambiguous_month.count(w) > 0;
  if (anywhere || lex_.ambiguous_month_initial.count(w)) {
    bool sentence_start = i == sent_begin_;
    int after = IntTok(i + 1, 1, 4);
    std::string_view prev = i > sent_begin_ ? W(i - 1) : std::string_view();
    if (after < 0 && !lex_.month_context_before.count(prev) && (sentence_start || anywhere)) return 0;
  }
  return f->second;
}

Per Scanner::Ytd(int year) const {
  Per p;
  p.kind = Per::kYtd;
  p.n = 1;
  p.to_date = true;
  if (!pub_) {
    p.y = p.y2 = year;
    p.n2 = 0;
    return p;
  }
  int end = pub_->month;
  if (pub_->day == 0 || pub_->day <= 15) end -= 1;
  if (end < 1) end = 1;
  p.y = p.y2 = year ? year : pub_->year;
  p.n2 = end;
  return p;
}

// English periods, tried shape by shape; the first shape that reads the text decides, and some
// shapes decide that there is no period at token i at all (Try::kStop).
bool Scanner::English(uint32_t i, uint32_t* end, Per* p) {
  std::string_view w = W(i);
  Try t = IsoDate(i, end, p);
  if (t == Try::kNo) t = RelativePhrase(i, w, end, p);
  if (t == Try::kNo) t = OrdinalPart(i, end, p);
  if (t == Try::kNo) t = QuarterLabel(i, end, p);
  if (t == Try::kNo) t = MonthName(i, end, p);
  if (t == Try::kNo) t = DayMonth(i, end, p);
  if (t == Try::kNo) return YearOrFiscal(i, w, end, p);
  // A running total "as of <day>" is its month's (the guide's periods have no days).
  if (t == Try::kYes && p->kind == Per::kDate && DateAsMonth(i)) *p = Per{Per::kMonth, p->y, p->m};
  // "up to the end of June": the year's months to June (a year-to-date range).
  if (t == Try::kYes && p->kind == Per::kMonth && PhraseBefore(lex_.year_through_before, i))
    *p = MonthRange(p->y, 1, p->n);
  // "the week ending Mar 26": the seven days to that date.
  if (t == Try::kYes && p->kind == Per::kDate && p->y && PhraseBefore(lex_.week_ending_before, i))
    *p = Per::DaysEnding(DaysFromCivil(p->y, p->m, p->n), 7);
  return t == Try::kYes;
}

// True when a date_as_month_before phrase ("as of", "as at") ends right before token i.
bool Scanner::DateAsMonth(uint32_t i) const { return PhraseBefore(lex_.date_as_month_before, i); }

// True when a phrase of `words` ends right before token i, inside the sentence.
bool Scanner::PhraseBefore(const StrSet& words, uint32_t i) const {
  for (uint32_t n = 1; n <= 5 && i >= sent_begin_ + n; ++n)
    if (words.count(Surface(i - n, n))) return true;
  return false;
}

// ISO dates and year spans: 2025-12-02, 2025/12/02, 2025-12, 2012-13, 2024-2025.
Scanner::Try Scanner::IsoDate(uint32_t i, uint32_t* end, Per* p) const {
  int y = YearTok(i);
  if (!(y > 0 && i + 2 < sent_end_ && Glued(i + 1) && Glued(i + 2) && (TText(i + 1) == "-" || TText(i + 1) == "/")))
    return Try::kNo;
  int m = IntTok(i + 2, 1, 2);
  if (m >= 1 && m <= 12) {
    if (i + 4 < sent_end_ + 1 && i + 4 <= sent_end_ - 0 && i + 3 < sent_end_ && Glued(i + 3) &&
        TText(i + 3) == TText(i + 1) && i + 4 < sent_end_ && Glued(i + 4)) {
      int d = IntTok(i + 4, 1, 2);
      if (d >= 1 && d <= 31) {
        *p = Per{Per::kDate, y, d, m};
        *end = i + 5;
        return Try::kYes;
      }
    }
    *p = Per{Per::kMonth, y, m};
    *end = i + 3;
    return Try::kYes;
  }
  int y2 = IntTok(i + 2, 2, 4);
  if (TText(i + 1) == "-" && y2 >= 0) {  // 2012-13, 2024-2025
    int full = TText(i + 2).size() == 2 ? (y / 100) * 100 + y2 : y2;
    if (full > y && full - y <= 5) {
      *p = Per{Per::kYearRange, y, 0, 0, full};
      *end = i + 3;
      return Try::kYes;
    }
  }
  return Try::kNo;
}

// Relative phrases ("last month", "this year", "next quarter", "year-to-date", "the same period
// last year"), matched on token surfaces ("year-to-date" as one token or five). Those that need
// the publication date are no period without it.
Scanner::Try Scanner::RelativePhrase(uint32_t i, std::string_view w, uint32_t* end, Per* p) const {
  uint32_t rel_n = 0;
  PeriodTables::Rel rel;
  if (lex_.rel_first.count(w)) {
    std::string sur;
    for (uint32_t n = 1; n <= 8 && i + n <= sent_end_; ++n) {
      if (n > 1 && !Glued(i + n - 1)) sur.push_back(' ');
      for (char ch : TText(i + n - 1)) sur.push_back(Lower(ch));
      if (!lex_.rel_prefix.count(sur)) break;  // no phrase goes on from here
      auto f = lex_.relative.find(sur);
      if (f != lex_.relative.end()) rel_n = n, rel = f->second;
    }
  }
  if (!rel_n) return Try::kNo;
  const auto& r = rel;
  const uint32_t n = rel_n;
  if (r.what == 4) {
    p->kind = Per::kYear;
    p->n = -1;  // marker: same period last year (resolved in Emit)
    p->y = pub_ ? pub_->year - 1 : 0;
    *end = i + n;
    return Try::kYes;
  }
  if (r.what == 3) {
    *p = Ytd(0);
    *end = i + n;
    return Try::kYes;
  }
  if (r.what == 9) {  // resolved in Emit, with or without a publication date
    // "the same period of 2024", "in the same period last year" (a phrase the lists lack): it
    // names its own period after it, so it stands for none before it.
    std::string_view next = i + n < sent_end_ ? W(i + n) : std::string_view();
    if (next == "of" || next == "in" || next == "last" || next == "a" || next == "as" || next == "a-year-earlier")
      return Try::kNo;
    p->anaphor = true;
    *end = i + n;
    return Try::kYes;
  }
  if (!pub_ && r.what >= 6) {
    // "the previous month" needs no publication date when a period was named before it (Emit
    // drops it when none was).
    p->kind = r.what == 6 ? Per::kMonth : r.what == 7 ? Per::kQuarter : Per::kDays;
    if (r.what == 8) p->weeks_before = r.delta;
    else p->m = r.delta;
    *end = i + n;
    return Try::kYes;
  }
  if (!pub_) return Try::kStop;
  if (r.what == 5 || r.what == 8) {  // weeks run Monday to Sunday
    if (!pub_->day) return Try::kStop;
    long today = DaysFromCivil(pub_->year, pub_->month, pub_->day);
    long sunday = today - (today + 3) % 7 + 6 + 7L * r.delta;
    *p = Per::DaysEnding(sunday, 7);
    // "the week before": before the week named earlier, if any (Emit); the flag marks it.
    if (r.what == 8) p->weeks_before = r.delta;
  } else if (r.what == 0 || r.what == 6) {
    int m = pub_->month + r.delta, y = pub_->year;
    if (m < 1) m += 12, --y;
    if (m > 12) m -= 12, ++y;
    *p = Per{Per::kMonth, y, m};
  } else if (r.what == 1) {
    *p = Per{Per::kYear, pub_->year + r.delta};
  } else {
    *p = QuarterFromPub(r.delta);
  }
  // "the previous month": before the period named earlier, if any (Emit); `m` marks it.
  if (r.what == 6 || r.what == 7) p->m = r.delta;
  *end = i + n;
  return Try::kYes;
}

// The year after a period at token `at`: "of 2025" / "2025" (", 2025" is read by the callers
// that allow it); 0 when none. Sets *e to the token after what was read.
int Scanner::OfYear(uint32_t at, uint32_t* e) const {
  if (W(at) == "of" && YearTok(at + 1) > 0) {
    *e = at + 2;
    return YearTok(at + 1);
  }
  if (YearTok(at) > 0) {
    *e = at + 1;
    return YearTok(at);
  }
  *e = at;
  return 0;
}

// "Nov this year", "Mar next year": a relative_year phrase of this or a later year right
// after a month names the month's year (by the publication date); 0 when none. ("Nov last
// year" stays two periods: the pack's comparison rules read the month and the year apart.)
int Scanner::ThisOrNextYearAt(uint32_t at, uint32_t* e) const {
  if (!pub_ || at >= sent_end_ || !lex_.rel_first.count(W(at))) return 0;
  std::string sur;
  for (uint32_t n = 1; n <= 3 && at + n <= sent_end_; ++n) {
    if (n > 1 && !Glued(at + n - 1)) sur.push_back(' ');
    for (char ch : TText(at + n - 1)) sur.push_back(Lower(ch));
    auto f = lex_.relative.find(sur);
    if (f != lex_.relative.end() && f->second.what == 1 && f->second.delta >= 0) {
      *e = at + n;
      return pub_->year + f->second.delta;
    }
  }
  return 0;
}

// "(the) first/second/third/fourth quarter (of 2025)", "first half", "first-quarter sales",
// "first 11 months", "first three quarters".
Scanner::Try Scanner::OrdinalPart(uint32_t i, uint32_t* end, Per* p) const {
  uint32_t k = i;
  if (W(k) == "the") ++k;
  auto o = lex_.ordinal.find(W(k));
  auto s = lex_.small.find(W(k + 1));
  int year = 0;
  // "the past eleven months": the months up to the last complete one (as year to date ends).
  if (lex_.trailing.count(W(k)) && s != lex_.small.end() && W(k + 2) == "months" && pub_ && s->second >= 2) {
    Per to = Ytd(0);
    int m1 = (to.n2 - s->second + 1 + 24) % 12;
    *p = MonthRange(to.y2, m1 ? m1 : 12, to.n2);
    if (p->n == 1) p->kind = Per::kYtd;
    *end = k + 3;
    return Try::kYes;
  }
  if (W(k) == "first" && s != lex_.small.end() && (W(k + 2) == "months" || W(k + 2) == "quarters")) {
    bool quarters = W(k + 2) == "quarters";
    uint32_t e;
    year = OfYear(k + 3, &e);
    int n = quarters ? s->second * 3 : s->second;
    if (n >= 1 && n <= 12) {
      *p = FirstMonths(year, n);
      *end = e;
      return Try::kYes;
    }
  }
  // Hyphenated as a modifier: "first-quarter sales", "second-half deliveries".
  uint32_t qk = k + 1;
  if (W(qk) == "-" && (W(qk + 1) == "quarter" || W(qk + 1) == "half")) ++qk;
  if (o != lex_.ordinal.end() && (W(qk) == "quarter" || W(qk) == "half") && k < sent_end_) {
    bool q = W(qk) == "quarter";
    int n = o->second;
    if ((q && n <= 4) || (!q && n <= 2)) {
      uint32_t e;
      year = OfYear(qk + 1, &e);
      if (!year) year = q ? YearForQuarter(n) : YearForHalf(n);
      *p = Per{q ? Per::kQuarter : Per::kHalf, year, n};
      *end = e;
      return Try::kYes;
    }
  }
  return Try::kNo;
}

// Quarter and half labels: Q3, H1, Q3 2025, Q3 of 2025, 3Q25 (one token or "3" "Q25"), 1H 2025,
// and quarter ranges Q1-Q3. "2025 Q3" is read at the year.
Scanner::Try Scanner::QuarterLabel(uint32_t i, uint32_t* end, Per* p) const {
  std::string joined(TText(i));
  uint32_t used = 1;
  if (joined.size() == 1 && IsDigit(joined[0]) && i + 1 < sent_end_ && Glued(i + 1) && TText(i + 1).size() <= 3) {
    joined += TText(i + 1);
    used = 2;
  }
  std::string_view tx = joined;
  int qn = 0, hn = 0, year = 0;
  if (tx.size() == 2 && (tx[0] == 'Q' || tx[0] == 'q') && tx[1] >= '1' && tx[1] <= '4') qn = tx[1] - '0';
  if (tx.size() == 2 && (tx[0] == 'H' || tx[0] == 'h') && tx[1] >= '1' && tx[1] <= '2') hn = tx[1] - '0';
  if (tx.size() == 2 && tx[0] >= '1' && tx[0] <= '4' && (tx[1] == 'Q' || tx[1] == 'q')) qn = tx[0] - '0';
  if (tx.size() == 2 && tx[0] >= '1' && tx[0] <= '2' && (tx[1] == 'H' || tx[1] == 'h')) hn = tx[0] - '0';
  if (tx.size() == 4 && tx[0] >= '1' && tx[0] <= '4' && (tx[1] == 'Q' || tx[1] == 'q') && IsDigit(tx[2]) && IsDigit(tx[3])) {
    qn = tx[0] - '0';
    year = 2000 + (tx[2] - '0') * 10 + (tx[3] - '0');
  }
  if (tx.size() == 4 && tx[0] >= '1' && tx[0] <= '2' && (tx[1] == 'H' || tx[1] == 'h') && IsDigit(tx[2]) && IsDigit(tx[3])) {
    hn = tx[0] - '0';
    year = 2000 + (tx[2] - '0') * 10 + (tx[3] - '0');
  }
  if (used == 2 && !(tx.size() == 4 || tx.size() == 2)) qn = hn = 0;
  if (!qn && !hn) return Try::kNo;
  uint32_t e = i + used;
  // Q1-Q3: a range of quarters.
  if (qn && i + 2 < sent_end_ && (TText(i + 1) == "-" || W(i + 1) == "to")) {
    std::string_view t2 = TText(i + 2);
    if (t2.size() == 2 && (t2[0] == 'Q' || t2[0] == 'q') && t2[1] - '0' > qn && t2[1] <= '4') {
      int q2 = t2[1] - '0';
      e = i + 3;
      if (YearTok(e) > 0) year = YearTok(e++);
      Per r;
      r.kind = qn == 1 ? Per::kYtd : Per::kRange;
      r.y = r.y2 = year ? year : YearForQuarter(q2);
      r.n = qn * 3 - 2;
      r.n2 = q2 * 3;
      *p = r;
      *end = e;
      return Try::kYes;
    }
  }
  if (!year && YearTok(i + 1) > 0) year = YearTok(i + 1), e = i + 2;
  else if (!year && W(i + 1) == "of" && YearTok(i + 2) > 0) year = YearTok(i + 2), e = i + 3;
  else if (!year && i > sent_begin_ && YearTok(i - 1) > 0) year = -1;  // "2025 Q3": handled at the year
  if (year == -1) return Try::kStop;
  if (!year) year = qn ? YearForQuarter(qn) : YearForHalf(hn);
  *p = Per{qn ? Per::kQuarter : Per::kHalf, year, qn ? qn : hn};
  *end = e;
  return Try::kYes;
}

// Month names: "<Month>", "<Mon>. 2025", "<Mon> 2, 2025", "<Month>-<Month>", "<Month> 2023",
// "<Month> of 2023"; a month name always decides.
Scanner::Try Scanner::MonthName(uint32_t i, uint32_t* end, Per* p) const {
  int m = MonthTok(i);
  if (m <= 0) return Try::kNo;
  uint32_t k = i + 1;
  // "<Mon>." keeps its dot; "<Month>." ends a sentence.
  if (k < sent_end_ && TText(k) == "." && Glued(k) && TText(i).size() <= 4 && k + 1 < sent_end_) ++k;
  // Day (and year): "<Mon> 2, 2025" / "<Month> 2".
  uint32_t after_day = k;
  int day = DayTok(k, &after_day);
  if (day >= 1 && DayToDay(after_day, m, day, end, p)) return Try::kYes;
  if (day >= 1 && !(after_day < sent_end_ && TText(after_day) == "-")) {
    uint32_t e = after_day;
    int year = 0;
    if (e < sent_end_ && TText(e) == "," && YearTok(e + 1) > 0) year = YearTok(e + 1), e += 2;
    else if (YearTok(e) > 0) year = YearTok(e++);
    if (!year) year = YearForMonth(m);
    *p = Per{Per::kDate, year, day, m};
    *end = e;
    return Try::kYes;
  }
  if (MonthToMonth(i, k, m, end, p)) return Try::kYes;
  int year = 0;
  uint32_t e = k;
  if (YearTok(k) > 0) year = YearTok(k), e = k + 1;
  else if (W(k) == "of" && YearTok(k + 1) > 0) year = YearTok(k + 1), e = k + 2;
  if (!year) year = ThisOrNextYearAt(k, &e);
  if (!year) year = YearForMonth(m);
  *p = Per{Per::kMonth, year, m};
  *end = e;
  return Try::kYes;
}

// A range after month m (its name at token i, the separator at token k): "<Month>-<Month>
// (2025)", "<Mon>-<Mon>", "<Month> to <Month>", "<Mon>.-<Mon>.", "between <Month> and <Month>".
bool Scanner::MonthToMonth(uint32_t i, uint32_t k, int m, uint32_t* end, Per* p) const {
  bool between = W(k) == "and" && i > sent_begin_ && W(i - 1) == "between";
  if (!(k + 1 < sent_end_ && (TText(k) == "-" || W(k) == "to" || W(k) == "through" || W(k) == "~" || between)))
    return false;
  int m2 = MonthTok(k + 1);
  if (!(m2 > 0 && m2 != m)) return false;
  uint32_t e = k + 2;
  if (e < sent_end_ && TText(e) == "." && Glued(e)) ++e;
  int year = 0;
  if (YearTok(e) > 0) year = YearTok(e++);
  else if (e + 1 < sent_end_ && TText(e) == "," && YearTok(e + 1) > 0) year = YearTok(e + 1), e += 2;
  *p = MonthRange(year, m, m2);
  *end = e;
  return true;
}

// A range of days after "<Month> <day>" (the separator at token k): "<Month> 1-10", "<Month> 1
// to 10", "<Month> 28 to <Month> 3", with an optional year after it.
bool Scanner::DayToDay(uint32_t k, int m, int day, uint32_t* end, Per* p) const {
  if (!(k + 1 < sent_end_ && (TText(k) == "-" || W(k) == "to" || W(k) == "through" || W(k) == "until")))
    return false;
  uint32_t at = k + 1;
  int m2 = MonthTok(at);
  if (m2 > 0) ++at;
  else m2 = m;
  uint32_t e = at;
  int day2 = DayTok(at, &e);
  if (day2 < 1 || (m2 == m && day2 <= day)) return false;
  int year = 0;
  if (e + 1 < sent_end_ && TText(e) == "," && YearTok(e + 1) > 0) year = YearTok(e + 1), e += 2;
  else if (YearTok(e) > 0) year = YearTok(e++);
  Per r;
  r.kind = Per::kDays;
  r.y2 = year ? year : YearForMonth(m2);
  r.y = r.y2 && m > m2 ? r.y2 - 1 : r.y2;
  r.m = m, r.n = day, r.m2 = m2, r.n2 = day2;
  *p = r;
  *end = e;
  return true;
}

// Day before month: "2 <Month> 2025", "2 <Month>".
Scanner::Try Scanner::DayMonth(uint32_t i, uint32_t* end, Per* p) const {
  int day = IntTok(i, 1, 2);
  if (!(day >= 1 && day <= 31)) return Try::kNo;
  int m = MonthTok(i + 1);
  if (m <= 0) return Try::kNo;
  uint32_t e = i + 2;
  int year = YearTok(e) > 0 ? YearTok(e++) : YearForMonth(m);
  *p = Per{Per::kDate, year, day, m};
  *end = e;
  return Try::kYes;
}

// Years: 2025, 2025 Q3, 2025 H1, FY2025 (2012-13 is read by IsoDate). A year glued to letters
// or digits ("2025s"; "2025年" is Chinese, read there) is no year.
bool Scanner::YearOrFiscal(uint32_t i, std::string_view w, uint32_t* end, Per* p) const {
  if (int y = YearTok(i); y > 0) {
    std::string_view nx = i + 1 < sent_end_ ? TText(i + 1) : "";
    if (nx.size() == 2 && (nx[0] == 'Q' || nx[0] == 'q') && nx[1] >= '1' && nx[1] <= '4') {
      *p = Per{Per::kQuarter, y, nx[1] - '0'};
      *end = i + 2;
      return true;
    }
    if (nx.size() == 2 && (nx[0] == 'H' || nx[0] == 'h') && nx[1] >= '1' && nx[1] <= '2') {
      *p = Per{Per::kHalf, y, nx[1] - '0'};
      *end = i + 2;
      return true;
    }
    if (i + 1 < sent_end_ && Glued(i + 1) && !nx.empty() && (IsDigit(nx[0]) || std::isalpha(static_cast<unsigned char>(nx[0]))))
      return false;
    *p = Per{Per::kYear, y};
    *end = i + 1;
    return true;
  }
  if ((w.size() == 6 && (w.rfind("fy", 0) == 0)) && YearTok(i) < 0) {
    int y = 0;
    for (size_t k = 2; k < 6; ++k) {
      if (!IsDigit(w[k])) return false;
      y = y * 10 + (w[k] - '0');
    }
    if (y >= 1900 && y <= 2100) {
      *p = Per{Per::kYear, y};
      *end = i + 1;
      return true;
    }
  }
  return false;
}

int Scanner::CjkSmall(size_t pos, size_t lim, size_t* end) const {
  size_t q = pos;
  int v = 0, digits = 0;
  while (q < lim && IsDigit(t_[q]) && digits < 2) v = v * 10 + (t_[q++] - '0'), ++digits;
  if (digits) {
    if (q < lim && IsDigit(t_[q])) return -1;
    *end = q;
    return v;
  }
  // 一 .. 十二
  size_t len = 0;
  if (q >= lim) return -1;
  auto f = lex_.cjk_digit.find(text::DecodeUtf8At(t_, q, &len));
  if (f == lex_.cjk_digit.end()) return -1;
  v = f->second;
  q += len;
  if (q < lim) {
    size_t len2 = 0;
    auto g = lex_.cjk_digit.find(text::DecodeUtf8At(t_, q, &len2));
    if (g != lex_.cjk_digit.end()) {
      if (v == 10 && g->second < 10) v = 10 + g->second, q += len2;
      else if (g->second == 10 && v < 10) {
        v = v * 10, q += len2;
        size_t len3 = 0;
        if (q < lim) {
          auto h = lex_.cjk_digit.find(text::DecodeUtf8At(t_, q, &len3));
          if (h != lex_.cjk_digit.end() && h->second < 10) v += h->second, q += len3;
        }
      }
    }
  }
  *end = q;
  return v;
}

// Chinese periods: an optional year prefix, then the first shape that reads the text after it
// (ChineseShapes); a year prefix alone is a year.
bool Scanner::Chinese(size_t pos, size_t lim, size_t* end_byte, Per* p) {
  if (!ChineseShapes(pos, lim, end_byte, p)) return false;
  // 截至9月30日: a running total's date is its month's.
  if (p->kind == Per::kDate)
    for (const auto& w : lex_.cjk_date_as_month_before)
      if (EndsWithAt(t_, pos, w)) {
        *p = Per{Per::kMonth, p->y, p->m};
        break;
      }
  return true;
}

bool Scanner::ChineseShapes(size_t pos, size_t lim, size_t* end_byte, Per* p) {
  CjkYear y;
  y.q = pos;
  if (CjkYearPrefix(lim, &y, end_byte, p)) return true;
  if (!y.given) {
    Try t = CjkRelativeMonth(y.q, end_byte, p);
    if (t == Try::kNo) t = CjkRelativeQuarter(y.q, end_byte, p);
    if (t != Try::kNo) return t == Try::kYes;
  }
  if (CjkYtd(y, end_byte, p) || CjkFirstMonths(y, lim, end_byte, p) || CjkHalfOrQuarter(y, lim, end_byte, p) ||
      CjkMonth(y, lim, end_byte, p))
    return true;
  if (y.given && (y.year || y.relative)) {
    if (y.relative && !pub_) return false;
    *p = Per{Per::kYear, y.year};
    *end_byte = y.q;
    return true;
  }
  return false;
}

// The year prefix at y->q: 2025年, or a relative year (今年, 去年, 明年, 前年), read into *y with
// y->q moved past it. True when the prefix and what follows are a whole period: 去年同期, the
// same period last year.
bool Scanner::CjkYearPrefix(size_t lim, CjkYear* y, size_t* end_byte, Per* p) const {
  size_t q = y->q;
  if (q + 4 < lim + 1 && IsDigit(t_[q]) && q + 4 <= lim && IsDigit(t_[q + 1]) && IsDigit(t_[q + 2]) &&
      IsDigit(t_[q + 3]) && StartsWith(t_, q + 4, "年") && (q + 4 >= lim || !IsDigit(t_[q + 4]))) {
    y->year = (t_[q] - '0') * 1000 + (t_[q + 1] - '0') * 100 + (t_[q + 2] - '0') * 10 + (t_[q + 3] - '0');
    y->given = true;
    y->q = q + 4 + 3;
    return false;
  }
  for (const auto& [s, d] : lex_.cjk_relative_year) {
    if (!StartsWith(t_, q, s)) continue;
    for (const auto& same : lex_.cjk_same_period) {
      if (d == -1 && StartsWith(t_, q + s.size(), same)) {
        p->kind = Per::kYear;
        p->n = -1;
        p->y = pub_ ? pub_->year - 1 : 0;
        *end_byte = q + s.size() + same.size();
        return true;
      }
    }
    y->relative = true;
    y->year = pub_ ? pub_->year + d : 0;
    y->given = true;
    y->q = q + s.size();
    break;
  }
  return false;
}

// Months relative to the publication at byte q: 本月, 当月, 上月, 上个月, 下月, 下个月 (no period
// without a publication date).
Scanner::Try Scanner::CjkRelativeMonth(size_t q, size_t* end_byte, Per* p) const {
  for (const auto& [s, d] : lex_.cjk_relative_month) {
    if (!StartsWith(t_, q, s)) continue;
    if (!pub_) return Try::kStop;
    int m = pub_->month + d, y = pub_->year;
    if (m < 1) m += 12, --y;
    if (m > 12) m -= 12, ++y;
    *p = Per{Per::kMonth, y, m};
    *end_byte = q + s.size();
    return Try::kYes;
  }
  return Try::kNo;
}

// Quarters relative to the publication at byte q: 上季度, 上季, 本季度, 下季度 (no period without
// a publication date).
Scanner::Try Scanner::CjkRelativeQuarter(size_t q, size_t* end_byte, Per* p) const {
  for (const auto& [s, d] : lex_.cjk_relative_quarter) {
    if (!StartsWith(t_, q, s)) continue;
    if (!pub_) return Try::kStop;
    *p = QuarterFromPub(d);
    *end_byte = q + s.size();
    return Try::kYes;
  }
  return Try::kNo;
}

// Year-to-date: 今年以来, 年初以来, 年初至今, 今年迄今 (after a relative year, its own words; after
// a year written in digits, none).
bool Scanner::CjkYtd(const CjkYear& y, size_t* end_byte, Per* p) const {
  static const std::vector<std::string> kNoWords;
  const auto& ytd_words = y.relative ? lex_.cjk_ytd_after_year : y.given ? kNoWords : lex_.cjk_ytd;
  for (const auto& w : ytd_words) {
    if (StartsWith(t_, y.q, w)) {
      *p = Ytd(y.year);
      *end_byte = y.q + w.size();
      return true;
    }
  }
  return false;
}

// The first months or quarters of a year: 前11个月, 首11个月, 前11月, 前三季度, 首3季.
bool Scanner::CjkFirstMonths(const CjkYear& y, size_t lim, size_t* end_byte, Per* p) const {
  const size_t q = y.q;
  const int year = y.year;
  size_t word = 0;
  for (const auto& w : lex_.cjk_first_months)
    if (StartsWith(t_, q, w)) {
      word = w.size();
      break;
    }
  if (!word) return false;
  size_t r = 0;
  int n = CjkSmall(q + word, lim, &r);
  if (!(n >= 1 && n <= 12)) return false;
  if (StartsWith(t_, r, "个月") || StartsWith(t_, r, "月")) {
    *p = FirstMonths(year, n);
    *end_byte = r + (StartsWith(t_, r, "个月") ? 6 : 3);
    return true;
  }
  if (n <= 4 && StartsWith(t_, r, "季")) {
    *p = FirstMonths(year ? year : (pub_ ? YearForQuarter(n) : 0), n * 3);
    *end_byte = r + (StartsWith(t_, r, "季度") ? 6 : 3);
    return true;
  }
  return false;
}

// Halves and quarters: 上半年, 下半年; 第三季度, 三季度, 3季度, and Q3 after a year prefix.
// Hong Kong and Taiwan copy drops 度 after an ordinal: 第三季, 第3季, and 首季 (度) is the
// first quarter. A bare 三季 stays no period: "连续三季" counts quarters.
bool Scanner::CjkHalfOrQuarter(const CjkYear& y, size_t lim, size_t* end_byte, Per* p) const {
  const size_t q = y.q;
  for (const auto& [w, h] : lex_.cjk_half) {
    if (StartsWith(t_, q, w)) {
      *p = Per{Per::kHalf, y.given ? y.year : YearForHalf(h), h};
      *end_byte = q + w.size();
      return true;
    }
  }
  if (StartsWith(t_, q, "首季")) {
    *p = Per{Per::kQuarter, y.given ? y.year : YearForQuarter(1), 1};
    *end_byte = q + (StartsWith(t_, q, "首季度") ? 9 : 6);
    return true;
  }
  size_t r = q;
  const bool ordinal = StartsWith(t_, r, "第");
  if (ordinal) r += 3;
  size_t r2 = 0;
  int n = CjkSmall(r, lim, &r2);
  const bool full = StartsWith(t_, r2, "季度");
  if (n >= 1 && n <= 4 && (full || (ordinal && StartsWith(t_, r2, "季")))) {
    *p = Per{Per::kQuarter, y.given ? y.year : YearForQuarter(n), n};
    *end_byte = r2 + (full ? 6 : 3);
    return true;
  }
  if (y.given && r + 1 < lim && (t_[r] == 'Q' || t_[r] == 'q') && t_[r + 1] >= '1' && t_[r + 1] <= '4') {
    *p = Per{Per::kQuarter, y.year, t_[r + 1] - '0'};
    *end_byte = r + 2;
    return true;
  }
  return false;
}

// Months: 11月, 十一月, 11月份, month ranges 1-11月, 1至11月, and dates 12月2日.
bool Scanner::CjkMonth(const CjkYear& y, size_t lim, size_t* end_byte, Per* p) const {
  const bool year_given = y.given;
  const int year = y.year;
  size_t r = 0;
  int m = CjkSmall(y.q, lim, &r);
  if (!(m >= 1 && m <= 12)) return false;
  // The first month may repeat 月 before the separator: 1月至11月 as 1至11月.
  size_t sep = StartsWith(t_, r, "月") ? r + 3 : r;
  size_t seplen = 0;
  if (StartsWith(t_, sep, "-") || StartsWith(t_, sep, "~")) seplen = 1;
  else if (StartsWith(t_, sep, "至") || StartsWith(t_, sep, "到") || StartsWith(t_, sep, "～")) seplen = 3;
  if (seplen) {
    size_t r2 = 0;
    int m2 = CjkSmall(sep + seplen, lim, &r2);
    if (m2 > m && m2 <= 12 && StartsWith(t_, r2, "月")) {
      Per rng = MonthRange(year_given ? year : 0, m, m2);
      if (year_given && !year) rng.y = rng.y2 = 0;
      *p = rng;
      *end_byte = r2 + 3;
      return true;
    }
  }
  if (!StartsWith(t_, r, "月") || StartsWith(t_, r, "月份数")) return false;
  size_t e = r + 3;
  if (StartsWith(t_, e, "份")) e += 3;
  int yr = year_given ? year : YearForMonth(m);
  size_t r3 = 0;
  // CjkSmall reads at most two digits or a CJK 1..99; days 20..31 in CJK numerals read fine.
  int d = CjkSmall(e, lim, &r3);
  if (d >= 1 && d <= 31 && (StartsWith(t_, r3, "日") || StartsWith(t_, r3, "号"))) {
    *p = Per{Per::kDate, yr, d, m};
    *end_byte = r3 + 3;
    return true;
  }
  *p = Per{Per::kMonth, yr, m};
  *end_byte = e;
  return true;
}

// Where a phrase that refers to a period named before it looks back to: the start of its
// sentence, or of the sentence before ("... 767,000 units in Oct. || This was up 37.5% from
// 554,664 units in the same period last year").
uint32_t Scanner::LookbackFrom(uint32_t b) const {
  const auto& sents = doc_.sentences;
  uint32_t si = b < doc_.tokens.size() ? Tok(b).sentence : 0;
  return si > 0 && si - 1 < sents.size() ? std::min(sent_begin_, sents[si - 1].tok_begin) : sent_begin_;
}

// "the same period last year" (a year with n == -1): the latest period before token b within
// LookbackFrom(b), one year back; else the year before the publication's. False when there is
// neither.
bool Scanner::SamePeriodLastYear(uint32_t b, const std::vector<Annotation>& out, const std::vector<Per>& pers,
                                 Per* p) const {
  p->n = 0;
  if (const Per* q = NamedBefore(b, out, pers, [](const Per&) { return true; })) *p = q->Shifted(-1);
  return !(p->kind == Per::kYear && !p->y);
}

// "fell by 1.6 per cent in the period", "for that same period" (Per::anaphor): the latest period
// named before token b within LookbackFrom(b), itself; false when there is none.
bool Scanner::PeriodNamedBefore(uint32_t b, const std::vector<Annotation>& out, const std::vector<Per>& pers,
                                Per* p) const {
  const Per* q = NamedBefore(b, out, pers, [](const Per&) { return true; });
  if (q) *p = *q;
  return q != nullptr;
}

// "up from 38,414 units the week before" (Per::weeks_before < 0): the seven days before the
// latest span of days named before token b within LookbackFrom(b), moved back by whole weeks; the
// publication's week before (already in *p) when there is none; false when there is neither.
bool Scanner::PreviousWeek(uint32_t b, const std::vector<Annotation>& out, const std::vector<Per>& pers,
                           Per* p) const {
  int delta = p->weeks_before;
  p->weeks_before = 0;
  const Per* q = NamedBefore(b, out, pers, [](const Per& x) { return x.kind == Per::kDays && x.y; });
  if (!q) return p->y != 0;
  *p = Per::DaysEnding(DaysFromCivil(q->y2, q->m2, q->n2) + 7L * delta, 7);
  return true;
}

// "dropping from 30,063 units in the previous month" (Per::m < 0 on a month or quarter): the
// month or quarter before the latest one named before token b within LookbackFrom(b); the
// publication's (already in *p) when there is none; false when there is neither (no publication
// date, or a month before "XXXX-01").
bool Scanner::PreviousPeriod(uint32_t b, const std::vector<Annotation>& out, const std::vector<Per>& pers,
                             Per* p) const {
  int delta = p->m;
  p->m = 0;
  const Per::Kind kind = p->kind;
  const Per* q = NamedBefore(b, out, pers, [kind](const Per& x) { return x.kind == kind; });
  if (!q) return p->y != 0;
  int per_year = kind == Per::kMonth ? 12 : 4;
  int idx = q->y * per_year + (q->n - 1) + delta;
  if (!q->y && idx < 0) return false;  // "XXXX-01" has no known month before it
  p->y = idx / per_year;
  p->n = idx % per_year + 1;
  return true;
}

void Scanner::Emit(uint32_t b, uint32_t e, const Per& p0, std::vector<Annotation>* out, std::vector<Per>* pers) {
  Per p = p0;
  if (p.kind == Per::kYear && p.n == -1 && !SamePeriodLastYear(b, *out, *pers, &p)) return;
  if ((p.kind == Per::kMonth || p.kind == Per::kQuarter) && p.m < 0 && !PreviousPeriod(b, *out, *pers, &p)) return;
  if (p.kind == Per::kDays && p.weeks_before < 0 && !PreviousWeek(b, *out, *pers, &p)) return;
  if (p.anaphor && !PeriodNamedBefore(b, *out, *pers, &p)) return;
  // Year to date in a report on a span of days ("Aug 1 to 10 ... so far this year"): to the
  // span's last day.
  if (p.kind == Per::kDays) last_days_ = p;
  if (p.kind == Per::kYtd && p.to_date && last_days_.kind == Per::kDays && p.y && p.y == last_days_.y2 &&
      last_days_.m2 >= p.n2) {
    Per d = last_days_;
    d.y = d.y2, d.m = 1, d.n = 1;
    p = d;
  }
  if (p.kind == Per::kYtd && p.n2 == 0) {
    // Year-to-date without a publication date: the year only.
    if (!p.y) {
      Annotation a;
      a.kind = AnnKind::kPeriod;
      a.tok_begin = b;
      a.tok_end = e;
      a.span = NormSpan(Tok(b).span.begin, Tok(e - 1).span.end);
      a.period = "XXXX";
      a.subkind = "ytd";
      out->push_back(a);
      pers->push_back(p);
      return;
    }
  }
  Annotation a;
  a.kind = AnnKind::kPeriod;
  a.tok_begin = b;
  a.tok_end = e;
  a.span = NormSpan(Tok(b).span.begin, Tok(e - 1).span.end);
  a.period = p.Text();
  a.subkind = p.Subkind();
  out->push_back(std::move(a));
  pers->push_back(p);
}

void Scanner::Periods(const std::vector<Annotation>& quantities, std::vector<Annotation>* out) {
  const uint32_t n = static_cast<uint32_t>(doc_.tokens.size());
  std::vector<uint8_t> in_quantity(n, 0);
  // 1: inside a quantity; 2: inside a plain count or span of counts without unit ("the first 11
  // months", "Aug 1-10"), which an English period may contain.
  for (const auto& q : quantities)
    if (q.kind == AnnKind::kQuantity)
      for (uint32_t k = q.tok_begin; k < q.tok_end && k < n; ++k)
        in_quantity[k] = (q.unit.empty() && q.approx == Approx::kExact) ? 2 : 1;
  std::vector<Per> pers;
  const auto& sents = doc_.sentences;
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
    uint32_t next = i + 1;
    std::string_view tx = TText(i);
    unsigned char c0 = tx.empty() ? 0 : static_cast<unsigned char>(tx[0]);
    Per p;
    uint32_t end = 0;
    bool cjk_try = c0 >= 0x80 || (IsDigit(static_cast<char>(c0)) && i + 1 < sent_end_);
    bool done = false;
    if (cjk_try) {
      size_t lim = Tok(i).span.end;
      uint32_t k = i;
      while (k + 1 < sent_end_ && k < i + 12 && Glued(k + 1)) lim = Tok(++k).span.end;
      // Try at each code point of a CJK token; at the start of a digit token.
      size_t pos = Tok(i).span.begin;
      while (pos < Tok(i).span.end) {
        size_t eb = 0;
        bool prev_digit = pos > 0 && IsDigit(t_[pos - 1]);
        size_t cl = 0;
        bool may = IsDigit(t_[pos]) || lex_.cjk_start.count(text::DecodeUtf8At(t_, pos, &cl));
        if (may && !prev_digit && Chinese(pos, lim, &eb, &p)) {
          uint32_t b = TokenAt(pos);
          uint32_t e = TokenAt(eb - 1) + 1;
          bool overlaps_qty = false;
          for (uint32_t m = b; m < e; ++m) overlaps_qty |= in_quantity[m] == 1;
          if (!overlaps_qty && (out->empty() || b >= out->back().tok_end)) {
            Emit(b, e, p, out, &pers);
            next = e;
            done = true;
          }
          break;
        }
        if (c0 < 0x80) break;
        size_t len = 0;
        text::DecodeUtf8At(t_, pos, &len);
        pos += len;
      }
    }
    if (!done && in_quantity[i] != 1 && EnglishTrigger(i) && English(i, &end, &p)) {
      bool overlaps_qty = false;
      for (uint32_t m = i; m < end; ++m) overlaps_qty |= in_quantity[m] == 1;
      if (!overlaps_qty) {
        Emit(i, end, p, out, &pers);
        next = end;
      }
    }
    i = std::max(next, i + 1);
  }
}

// Longest phrase of `table` ending at token `at` (MatchBack) or starting at it (MatchFwd), inside
// the sentence: the entry and *n_out tokens, or nullptr. Growth stops as soon as the text is no
// suffix / prefix of any phrase.
template <class Table>
const typename Table::value_type* Scanner::MatchBack(const Table& table, uint32_t at, uint32_t* n_out) const {
  const typename Table::value_type* best = nullptr;
  std::string sur;
  for (uint32_t n = 1; n <= 7 && at >= sent_begin_ + n; ++n) {
    uint32_t k = at - n;
    if (n > 1 && !Glued(k + 1)) sur.insert(0, 1, ' ');
    sur.insert(0, LowerOf(k));
    if (!lex_.phrase_suffix.count(sur)) break;
    auto f = table.find(sur);
    if (f != table.end()) {
      best = &*f;
      *n_out = n;
    }
  }
  return best;
}

template <class Table>
const typename Table::value_type* Scanner::MatchFwd(const Table& table, uint32_t at, uint32_t* n_out) const {
  const typename Table::value_type* best = nullptr;
  std::string sur;
  for (uint32_t n = 1; n <= 8 && at + n <= sent_end_; ++n) {
    uint32_t k = at + n - 1;
    if (n > 1 && !Glued(k)) sur.push_back(' ');
    sur += LowerOf(k);
    if (!lex_.phrase_prefix.count(sur)) break;
    auto f = table.find(sur);
    if (f != table.end()) {
      best = &*f;
      *n_out = n;
    }
  }
  return best;
}

// Note [Composed bases]: a change's basis is a phrase of the `basis` list ("year-on-year",
// "sequentially") or a comparison word of `basis_from` followed by a period phrase of
// `basis_period` that is a year, month or quarter back ("from" | "over" | "compared with" ... +
// "a year earlier" | "the prior-year period" | "the same month last year" | "the previous
// month" ...): each list is written once and every pair reads ("up 7% over the previous year",
// "a 190% rise from the prior-year period", "down 3% compared to the same month a year ago").
// The longer reading wins; a base figure between the two ("from 17,860 a year earlier") is not
// a basis here but the rules' (changes.yoy_from_base_year_ago).
namespace {
// The longer of a `basis` phrase (n tokens) and a composed basis (nc tokens), or nullptr.
const std::string* LongerBasis(const std::pair<const std::string, std::string>* whole, uint32_t n,
                               const std::pair<const std::string, std::string>* composed, uint32_t nc,
                               uint32_t* n_out) {
  if (composed && (!whole || nc > n)) whole = composed, n = nc;
  if (!whole) return nullptr;
  *n_out = n;
  return &whole->second;
}
}  // namespace

const std::string* Scanner::BasisFwd(uint32_t at, uint32_t* n_out) const {
  uint32_t n = 0, n1 = 0, n2 = 0;
  const auto* whole = MatchFwd(lex_.basis, at, &n);
  const auto* from = MatchFwd(lex_.basis_from, at, &n1);
  const auto* period = from ? MatchFwd(lex_.basis_period, at + n1, &n2) : nullptr;
  return LongerBasis(whole, n, period, n1 + n2, n_out);
}

const std::string* Scanner::BasisBack(uint32_t at, uint32_t* n_out) const {
  uint32_t n = 0, n1 = 0, n2 = 0;
  const auto* whole = MatchBack(lex_.basis, at, &n);
  const auto* period = MatchBack(lex_.basis_period, at, &n2);
  const auto* from = period && at >= n2 ? MatchBack(lex_.basis_from, at - n2, &n1) : nullptr;
  return LongerBasis(whole, n, from ? period : nullptr, n1 + n2, n_out);
}

void Scanner::Changes(const std::vector<Annotation>& quantities, std::vector<Annotation>* out) {
  // The last change read in this pass: its end token and the sign its direction word gave it
  // (0 when it had none), for a second change that shares the first one's direction ("Down 49.7%
  // year-on-year and 24.3% month-on-month").
  uint32_t last_end = 0;
  int last_dir_sign = 0;
  for (const auto& q : quantities) {
    if (q.kind == AnnKind::kQuantity && q.unit == "times" && !q.value_hi) {
      MultipleChange(q, out);
      continue;
    }
    if (q.kind != AnnKind::kQuantity || (q.unit != "pct" && q.unit != "pp") || q.value_hi) continue;
    ChangeRead c;
    c.qb = c.b = q.tok_begin;
    c.qe = c.e = q.tok_end;
    SentenceOf(c.qb, c.qe);
    EnglishBefore(&c);
    if (!c.sign && c.basis.empty()) ChineseBefore(q, &c);
    if (!c.sign && c.basis.empty()) MoreOrLessBefore(&c);
    // "rose to 25%": the figure is a level, not a change.
    if (c.sign && c.b < c.qb && W(c.qb - 1) == "to") c.sign = 0, c.b = c.qb, c.basis.clear();
    EnglishAfter(&c);
    // Chinese after: 75%的增长 is rare; skip.
    if (!c.sign && c.basis.empty()) continue;
    // "Down 49.7% year-on-year and 24.3% month-on-month": a change with a basis but no direction
    // of its own, joined by "and" or a comma to the change just before, shares its direction.
    bool dir_given = c.sign != 0;
    if (!c.sign && c.b == c.qb && c.b > sent_begin_ + 1 && last_dir_sign && last_end == c.b - 1 &&
        (W(c.b - 1) == "and" || W(c.b - 1) == ","))
      c.sign = last_dir_sign;
    last_end = c.e;
    last_dir_sign = dir_given ? c.sign : 0;
    if (!c.sign) c.sign = +1;
    EmitChange(q, c, out);
  }
}

// Note [Multiples as changes]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Hong Kong and mainland finance copy states a large change as a multiple of the base after a
// direction word: 收入大升1.98倍, 总收入飙升1.74倍, 纯利多1.3倍, 同比增长2倍. The multiple is
// the increase over the base ("升1.98倍" is up 198%, the base plus 1.98 times it), so the change
// is the multiple times 100, in percent. Only a multiple right after a Chinese direction word (or
// 多/少, "more/less by", which is a direction only before a multiple) is a change: "是去年的3倍"
// (three times last year's) and 翻倍 (a doubling, quantity 2 on its own) are levels and stay
// quantities.
void Scanner::MultipleChange(const Annotation& q, std::vector<Annotation>* out) {
  ChangeRead c;
  c.qb = c.b = q.tok_begin;
  c.qe = c.e = q.tok_end;
  SentenceOf(c.qb, c.qe);
  ChineseBefore(q, &c);
  if (!c.sign) MoreOrLessBefore(&c);
  if (!c.sign) return;
  auto pct = q.value.MulPow10(2);
  if (!pct) return;
  Annotation p = q;
  p.value = *pct;
  p.unit = "pct";
  p.precision_exp = q.precision_exp + 2;
  EmitChange(p, c, out);
}

// Hong Kong's 多 and 少 right before a figure: "more/less by" (纯利多1.3倍, 收入少3.1%), a
// direction only there. 至少, 至多, 最多, 不少, 较少 and the like are bounds or comparisons.
void Scanner::MoreOrLessBefore(ChangeRead* c) const {
  size_t at = Tok(c->qb).span.begin;
  for (const auto& [w, sg] : {std::pair<std::string_view, int>{"多", +1}, {"少", -1}}) {
    if (!EndsWithAt(t_, at, w)) continue;
    size_t before = at - w.size();
    for (std::string_view bound : {"至", "最", "不", "较", "更", "很", "差"})
      if (EndsWithAt(t_, before, bound)) return;
    uint32_t tb = TokenAt(before);
    if (tb < sent_begin_) return;
    c->sign = sg;
    c->b = std::min(c->b, tb);
    return;
  }
}

// Sets the sentence bounds to the sentence of the quantity at tokens [qb, qe), widened to hold
// it should it cross a sentence end.
void Scanner::SentenceOf(uint32_t qb, uint32_t qe) {
  const auto& sents = doc_.sentences;
  uint32_t si = qb < doc_.tokens.size() ? Tok(qb).sentence : 0;
  sent_begin_ = si < sents.size() ? sents[si].tok_begin : 0;
  sent_end_ = si < sents.size() ? sents[si].tok_end : static_cast<uint32_t>(doc_.tokens.size());
  if (qb < sent_begin_ || qe > sent_end_) {
    sent_begin_ = std::min(sent_begin_, qb);
    sent_end_ = std::max(sent_end_, qe);
  }
}

// English before the figure: [basis] direction [by] <q> ("up 75%", "fell by 3%", "year-on-year
// growth of 5%"), or a basis alone directly before it.
void Scanner::EnglishBefore(ChangeRead* c) const {
  uint32_t at = c->b;
  if (at > sent_begin_ && W(at - 1) == "by") --at;
  uint32_t n = 0;
  const auto* d = MatchBack(lex_.dir_before, at, &n);
  // "made up 81% of", "set up", "picked up": a phrasal verb, not a direction.
  if (d && (d->first == "up" || d->first == "down") && at >= sent_begin_ + n + 1 &&
      lex_.phrasal_up.count(W(at - n - 1)))
    d = nullptr;
  if (d) {
    c->sign = d->second;
    c->b = at - n;
    uint32_t n2 = 0;
    if (const std::string* bs = BasisBack(c->b, &n2)) {
      c->basis = *bs;
      c->b -= n2;
    }
  } else if (const std::string* bs = BasisBack(at, &n)) {
    // "year-on-year 5%" is rare; accept only directly before the figure.
    c->basis = *bs;
    c->b = at - n;
  }
}

// Chinese before the figure: 同比增长75%, 环比下降5.2%, 同比+75% (a sign only after 比).
void Scanner::ChineseBefore(const Annotation& q, ChangeRead* c) const {
  size_t p = q.figure.empty() ? q.span.begin : q.figure.begin;
  size_t start = Tok(c->qb).span.begin;
  if (!(p == start || p > start)) return;
  size_t at = start;
  while (at > 0 && t_[at - 1] == ' ') --at;
  for (const auto& [s, sg] : lex_.cjk_dir) {
    if (!EndsWithAt(t_, at, s)) continue;
    if ((s == "+" || s == "-") && !EndsWithAt(t_, at - 1, "比")) continue;
    c->sign = sg;
    at -= s.size();
    break;
  }
  size_t at2 = at;
  while (at2 > 0 && t_[at2 - 1] == ' ') --at2;
  for (const auto& [s, bs] : lex_.cjk_basis) {
    if (!EndsWithAt(t_, at2, s)) continue;
    c->basis = bs;
    at = at2 - s.size();
    break;
  }
  if (c->sign || !c->basis.empty()) {
    uint32_t tb = TokenAt(at);
    if (tb >= sent_begin_) c->b = std::min(c->b, tb);
  }
}

// English after the figure: <q> [basis] [direction noun] ("75% year-on-year growth") or <q>
// direction-noun [basis] ("a 75% increase", "14% more than in <Month>"). A bare comparative
// ("75% more") is a change only with a basis, an article before, or "than" after.
void Scanner::EnglishAfter(ChangeRead* c) const {
  const uint32_t qb = c->qb;
  uint32_t n = 0;
  if (const std::string* bs = BasisFwd(c->e, &n)) {
    if (c->basis.empty()) c->basis = *bs;
    c->e += n;
    uint32_t n2 = 0;
    if (!c->sign) {
      if (const auto* d = MatchFwd(lex_.dir_after, c->e, &n2)) {
        c->sign = d->second;
        c->e += n2;
        c->noun_after = true;
      }
    }
  } else if (!c->sign) {
    if (const auto* d = MatchFwd(lex_.dir_after, c->e, &n)) {
      std::string_view prev = qb > sent_begin_ ? W(qb - 1) : std::string_view();
      uint32_t n2 = 0;
      const std::string* bs = BasisFwd(c->e + n, &n2);
      bool article = prev == "a" || prev == "an";
      const std::string& dw = d->first;
      bool comparative = lex_.comparative.count(dw) > 0;
      bool noun = !comparative && dw != "up" && dw != "down";
      // "14% more than in <Month> 2025", "34% less than a year ago": a comparative with its
      // base after "than" (the base itself is left to the rules; "than" is not consumed).
      bool than = comparative && W(c->e + n) == "than";
      if (bs || (article && noun) || (!noun && bs) || than) {
        c->sign = d->second;
        c->e += n;
        if (bs) {
          c->basis = *bs;
          c->e += n2;
        }
        if (article) c->b = qb - 1;
      }
    }
  }
  if (c->noun_after && c->b == qb && qb > sent_begin_ && (W(qb - 1) == "a" || W(qb - 1) == "an")) c->b = qb - 1;
}

// The kChange of quantity q as read in c: the signed value, its basis in `period`.
void Scanner::EmitChange(const Annotation& q, const ChangeRead& c, std::vector<Annotation>* out) const {
  Annotation a;
  a.kind = AnnKind::kChange;
  a.tok_begin = c.b;
  a.tok_end = c.e;
  a.span = NormSpan(Tok(c.b).span.begin, Tok(c.e - 1).span.end);
  a.figure = q.figure.empty() ? q.span : q.figure;
  Decimal mag = q.value.IsNegative() ? q.value.Negated() : q.value;
  a.value = (c.sign < 0 || q.value.IsNegative()) ? mag.Negated() : mag;
  a.unit = q.unit;
  a.approx = q.approx;
  a.precision_exp = q.precision_exp;
  a.period = c.basis;
  out->push_back(std::move(a));
}

}  // namespace

PeriodAnnotator::PeriodAnnotator(const Lexicon& words, std::shared_ptr<text::WordIds> ids) {
  if (!ids) ids = std::make_shared<text::WordIds>();
  lex_ = std::make_shared<const PeriodTables>(words, ids.get());
  ids_ = std::move(ids);
}

// Note [Two sorted runs]
// ~~~~~~~~~~~~~~~~~~~~~~
// Periods() emits in token order, and Changes() one change per quantity in the quantities'
// order, which was token order too on every document of corpus/articles, corpus/real and the
// generated corpora (the fallback was never taken; docs/performance.md, "The engine benches'
// linearity"). Merging the two runs into the output is then the stable sort of them all, in one
// pass that moves each annotation once; a stable sort moves a long document's annotations (248
// bytes each) log n times through a buffer half their size, which costs more in cache misses
// than in instructions. A run out of order falls back to the sort: the same order, only slower.
void PeriodAnnotator::Annotate(const text::TextDoc& doc, const std::optional<Date>& published,
                               const std::vector<Annotation>& quantities, std::vector<Annotation>* out) const {
  if (doc.tokens.empty()) return;
  std::vector<int32_t> scratch;
  Scanner scanner(*lex_, doc, published, ids_->Of(doc, &scratch));
  std::vector<Annotation> found;
  scanner.Periods(quantities, &found);
  const auto changes = static_cast<std::ptrdiff_t>(found.size());
  scanner.Changes(quantities, &found);
  auto less = [](const Annotation& a, const Annotation& b) {
    return a.tok_begin != b.tok_begin ? a.tok_begin < b.tok_begin : a.tok_end > b.tok_end;
  };
  // Note [Two sorted runs]
  auto mid = found.begin() + changes;
  if (std::is_sorted(found.begin(), mid, less) && std::is_sorted(mid, found.end(), less)) {
    std::merge(std::make_move_iterator(found.begin()), std::make_move_iterator(mid), std::make_move_iterator(mid),
               std::make_move_iterator(found.end()), std::back_inserter(*out), less);
    return;
  }
  std::stable_sort(found.begin(), found.end(), less);
  out->insert(out->end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
}

}  // namespace quarry::periods
