// Segmenter implementation: paragraphs at line breaks, our token scanner (ASCII table-driven, ICU
// character properties elsewhere, ICU dictionary word break for Han/Kana/Thai-like runs), ICU
// sentence break inside each paragraph, heading detection, lowercase and shape.
//
// Note [Token rules]
// ~~~~~~~~~~~~~~~~~~
// Tokens follow what the annotators and grammars need, and differ from UAX #29 word boundaries
// on purpose (conformance_test.cc tests ICU's own iterator against WordBreakTest.txt; this is
// what we do differently):
//   * Numbers are one token, kind number: digits with ",ddd" groups (exactly three digits, not
//     after a decimal point), one decimal part ".d+", ratios and times "51/49", "51:49", attached
//     CJK scale characters 万 亿 千 百 萬 億 (also between digits: 3万4000), and an attached
//     scale suffix k K m M mn b B bn tn trn when no letter or digit follows: 1.2m, 70K, 3.4bn.
//     A following '%' makes the token kind percent: 127.93%. UAX #29 would also keep 81,864 and
//     1.2 together but splits "%" and never joins 1.2m or 8.19万.
//   * Ordinals 1st 2nd 3rd 4th are one word token. Other digit-letter mixes starting with a digit
//     split: "5G" -> "5" "G"; starting with a letter they stay whole: Q3, SU7, ES8, i6.
//   * Hyphens always split: "10,000-plus" -> "10,000" "-" "plus", "2012-13" -> "2012" "-" "13"
//     (UAX #29 agrees for letters but keeps nothing joined across '-' either).
//   * The possessive "'s" is its own token (kind word, lower "'s"): "Acme's" -> "Acme" "'s";
//     other apostrophes between letters stay inside the word ("don't", "O'Neill") as in UAX #29.
//   * Dotted abbreviations of single letters keep their dots ("U.S.", "e.g."); a '.' between
//     letters followed by a lowercase letter stays inside (cnevpost.com), like UAX #29 MidNumLet.
//   * Punctuation and symbols are one token per code point ("**" is two "*" tokens), with any
//     combining marks or variation selectors that follow. Whitespace and controls are no tokens.
//   * Han, Hiragana, Katakana, Thai, Lao, Khmer and Myanmar runs go through ICU's dictionary word
//     break (kind cjk for Han and kana, word for the others).
//
// Shape: X upper, x lower, d decimal digit, 'a' any caseless letter (Han, kana, Arabic, Thai...),
// combining marks omitted, anything else as itself; runs of one shape character capped at 4
// (Acme -> Xxxx, 81,864 -> dd,ddd, 127.93% -> ddd.dd%).
//
// Note [Paragraphs and headings]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Every line break ends a paragraph (the HTML stage turns block elements into line breaks), so a
// sentence never spans two paragraphs. Sentences inside a paragraph come from ICU's sentence break
// with the English suppressions ("en@ss=standard": Mr., U.S. ...), which also ends Chinese
// sentences at 。！？. A paragraph is a heading when it has at most 15 non-punctuation tokens, at
// least one word or CJK token, does not end (ignoring closing quotes, brackets and '*') with
// . ! ? 。 ！ ？ : ; , or …, is not a list item ("- x", "* x", "• x", "1. x", "1) x"), not a table
// row (contains '|' or a tab), and does not open with '(' or '[' (captions, credits). The HTML
// stage writes an <li> as "- x" for this (Note [HTML text] in html_text.cc).
//
// Note [Sentence cap]
// ~~~~~~~~~~~~~~~~~~~
// Matching and resolution work sentence by sentence, and part of that work grows faster than the
// sentence's length: a 60 MB list of figures with no sentence break ran for minutes, and 2 MB
// took 13 s where the same text with a full stop every 80 tokens took 4 s (issue 17, row 3). So
// a sentence is cut after every SegmentOptions::max_sentence_tokens (256) tokens: a new
// sentence starts at token 257, 513, ... of an overlong one, and time stays linear in the text.
// Real sentences are far shorter (news sentences rarely pass 80 tokens); a fact whose words
// straddle a cut is lost, and a fact's evidence is at most that many tokens.
#include "text/segment.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/locid.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <span>

#include "text/number_shape.h"

namespace quarry::text {

namespace {

enum Cls : uint8_t { kSp, kNl, kIgn, kDig, kLet, kDict, kMark, kPun, kSym };

struct AsciiTable {
  Cls v[128];
  constexpr AsciiTable() : v() {
    for (int c = 0; c < 128; ++c) {
      Cls k = kPun;
      if (c < 0x20 || c == 0x7F) k = kSp;
      else if (c == ' ') k = kSp;
      else if (c >= '0' && c <= '9') k = kDig;
      else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k = kLet;
      else if (c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' || c == '`' || c == '|' || c == '~') k = kSym;
      v[c] = k;
    }
    v[static_cast<int>('\n')] = kNl;
  }
};
constexpr AsciiTable kAscii;

inline bool IsDictScript(UScriptCode s) {
  return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_THAI ||
         s == USCRIPT_LAO || s == USCRIPT_KHMER || s == USCRIPT_MYANMAR || s == USCRIPT_KATAKANA_OR_HIRAGANA;
}

Cls ClassOfCp(UChar32 c) {
  if (c < 0x80) return kAscii.v[c];
  switch (u_charType(c)) {
    case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR: case U_CONTROL_CHAR:
      return kSp;
    case U_FORMAT_CHAR:
      return kIgn;
    case U_DECIMAL_DIGIT_NUMBER:
      return kDig;
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER: case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: case U_LETTER_NUMBER: case U_OTHER_NUMBER: {
      if (c == 0x30FC || c == 0x3005) return kDict;  // prolonged sound mark, iteration mark
      UErrorCode st = U_ZERO_ERROR;
      return IsDictScript(uscript_getScript(c, &st)) ? kDict : kLet;
    }
    case U_NON_SPACING_MARK: case U_COMBINING_SPACING_MARK: case U_ENCLOSING_MARK:
      return kMark;
    case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION: case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION: case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION:
      return kPun;
    default:
      return kSym;  // math, currency, modifier and other symbols; private use; unassigned
  }
}

inline bool IsScale(std::string_view l) {
  return l == "k" || l == "K" || l == "m" || l == "M" || l == "mn" || l == "b" || l == "B" || l == "bn" ||
         l == "tn" || l == "trn";
}
inline bool IsOrdinal(std::string_view l) { return l == "st" || l == "nd" || l == "rd" || l == "th"; }

// CJK scale characters joined to numbers: 万 亿 千 百 萬 億 (all three bytes in UTF-8).
inline bool IsCjkScale(std::string_view s, size_t i) {
  if (i + 3 > s.size()) return false;
  std::string_view c = s.substr(i, 3);
  return c == "\xE4\xB8\x87" || c == "\xE4\xBA\xBF" || c == "\xE5\x8D\x83" || c == "\xE7\x99\xBE" ||
         c == "\xE8\x90\xAC" || c == "\xE5\x84\x84";
}

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

struct Segmenter::Impl {
  SegmentOptions opts;
  std::unique_ptr<icu::BreakIterator> words, sentences;
  UText ut = UTEXT_INITIALIZER;
  // Tokens of the current paragraph are written straight into the document: (*toks)[base, end).
  std::vector<Token>* toks = nullptr;
  size_t base = 0;
  std::vector<int32_t> bounds;      // sentence boundaries of the current paragraph
  std::string_view t;               // the document text
  size_t pe = 0;                    // end of the current paragraph

  ~Impl() { utext_close(&ut); }

  // Class and length of the code point at i (< pe).
  Cls At(size_t i, UChar32* cp, int* len) const {
    unsigned char b = static_cast<unsigned char>(t[i]);
    if (b < 0x80) {
      *cp = b;
      *len = 1;
      return kAscii.v[b];
    }
    int32_t k = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(t.data()), k, static_cast<int32_t>(std::min(t.size(), size_t{INT32_MAX})), c);
    if (c < 0) c = 0xFFFD;
    *cp = c;
    *len = k - static_cast<int32_t>(i);
    return ClassOfCp(c);
  }
  Cls ClsAt(size_t i) const {
    if (i >= pe) return kSp;
    UChar32 c;
    int len;
    return At(i, &c, &len);
  }
  size_t SkipDigits(size_t j) const {
    while (j < pe) {
      if (IsAsciiDigit(t[j])) {
        ++j;
        continue;
      }
      if (static_cast<unsigned char>(t[j]) < 0x80) break;
      UChar32 c;
      int len;
      if (At(j, &c, &len) != kDig) break;
      j += static_cast<size_t>(len);
    }
    return j;
  }
  size_t SkipMarks(size_t j) const {
    while (j < pe && static_cast<unsigned char>(t[j]) >= 0x80) {
      UChar32 c;
      int len;
      if (At(j, &c, &len) != kMark) break;
      j += static_cast<size_t>(len);
    }
    return j;
  }
  bool DigitAt(size_t j) const { return j < pe && ClsAt(j) == kDig; }
  bool AlnumAt(size_t j) const {
    if (j >= pe) return false;
    Cls k = ClsAt(j);
    return k == kDig || k == kLet || k == kDict || k == kMark;
  }

  size_t ScanNumber(size_t i, TokenKind* kind);
  size_t ScanWord(size_t i);
  void Emit(size_t b, size_t e, TokenKind kind, bool* space);
  void ScanDictRun(size_t b, size_t e, bool* space);
  void Tokenize(size_t pb);
  void SentenceBounds(size_t pb);
  bool IsHeading(std::string_view para_text) const;
  void LowerAndShape(TextDoc* doc, Token* k);
};

Segmenter::Segmenter(SegmentOptions opts) : impl_(std::make_unique<Impl>()) {
  impl_->opts = opts;
  UErrorCode st = U_ZERO_ERROR;
  impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), st));
  st = U_ZERO_ERROR;
  impl_->sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), st));
  if (U_FAILURE(st) || !impl_->sentences) {
    st = U_ZERO_ERROR;
    impl_->sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), st));
  }
}

Segmenter::~Segmenter() = default;

size_t Segmenter::Impl::ScanNumber(size_t i, TokenKind* kind) {
  *kind = TokenKind::kNumber;
  size_t j = SkipDigits(i);
  bool dot = false, ratio = false;
  // Indian digit grouping (lakh, crore): "4,42,000" is 442,000. Only the whole shape is one number.
  if (j - i <= 2)
    if (size_t e = text::IndianGroupingEnd(t, j, pe); e && !DigitAt(e)) j = e;
  for (;;) {
    if (j >= pe) break;
    char ch = t[j];
    if (ch == ',' && !dot && !ratio && j + 3 < pe && IsAsciiDigit(t[j + 1]) && IsAsciiDigit(t[j + 2]) &&
        IsAsciiDigit(t[j + 3]) && !DigitAt(j + 4)) {
      j += 4;
      continue;
    }
    if (ch == '.' && !dot && !ratio && DigitAt(j + 1)) {
      dot = true;
      j = SkipDigits(j + 1);
      continue;
    }
    if ((ch == '/' || ch == ':') && !dot && j + 1 < pe && IsAsciiDigit(t[j + 1])) {
      ratio = true;
      j = SkipDigits(j + 1);
      continue;
    }
    if (!ratio && IsCjkScale(t.substr(0, pe), j)) {
      j += 3;
      if (DigitAt(j)) {  // 3万4000: a new digit group, which may have its own decimals
        dot = false;
        j = SkipDigits(j);
        continue;
      }
      return j;
    }
    break;
  }
  if (j < pe && t[j] == '%') {
    *kind = TokenKind::kPercent;
    return j + 1;
  }
  if (j < pe && IsAsciiLetter(t[j])) {
    size_t k = j;
    while (k < pe && IsAsciiLetter(t[k])) ++k;
    if (AlnumAt(k)) return j;
    std::string_view l = t.substr(j, k - j);
    if (!ratio && IsScale(l)) return k;
    if (!ratio && !dot && IsOrdinal(l)) {
      *kind = TokenKind::kWord;
      return k;
    }
  }
  return j;
}

size_t Segmenter::Impl::ScanWord(size_t i) {
  UChar32 c;
  int len;
  At(i, &c, &len);
  size_t j = i + static_cast<size_t>(len);
  int seg_letters = 1;
  bool had_dot = false;
  while (j < pe) {
    Cls k = At(j, &c, &len);
    if (k == kLet || k == kDig || k == kMark) {
      if (k == kLet) ++seg_letters;
      j += static_cast<size_t>(len);
      continue;
    }
    if (c == '\'' && j + 1 < pe && ClsAt(j + 1) == kLet) {
      if ((t[j + 1] == 's' || t[j + 1] == 'S') && !AlnumAt(j + 2)) break;  // possessive: own token
      j += 1;
      continue;
    }
    if (c == '.') {
      // U.S. / e.g.: single letters separated by dots keep their dots.
      bool next_single = j + 2 < pe && ClsAt(j + 1) == kLet && IsAsciiLetter(t[j + 1]) && t[j + 2] == '.';
      if (seg_letters == 1 && (had_dot || next_single)) {
        ++j;
        had_dot = true;
        seg_letters = 0;
        if (j >= pe || ClsAt(j) != kLet) break;
        continue;
      }
      // cnevpost.com: a dot followed by a lowercase letter stays inside.
      if (!had_dot && j + 1 < pe && t[j + 1] >= 'a' && t[j + 1] <= 'z' && IsAsciiLetter(t[j - 1])) {
        ++j;
        seg_letters = 0;
        continue;
      }
      break;
    }
    break;
  }
  return j;
}

void Segmenter::Impl::Emit(size_t b, size_t e, TokenKind kind, bool* space) {
  Token k;
  k.span = NormSpan(b, e);
  k.kind = kind;
  if (*space) k.flags |= kSpaceBefore;
  *space = false;
  toks->push_back(k);
}

void Segmenter::Impl::ScanDictRun(size_t b, size_t e, bool* space) {
  UErrorCode st = U_ZERO_ERROR;
  utext_openUTF8(&ut, t.data() + b, static_cast<int64_t>(e - b), &st);
  if (U_FAILURE(st)) {
    Emit(b, e, TokenKind::kCjk, space);
    return;
  }
  words->setText(&ut, st);
  int32_t prev = words->first();
  for (int32_t p = words->next(); p != icu::BreakIterator::DONE; prev = p, p = words->next()) {
    UChar32 c;
    int len;
    At(b + static_cast<size_t>(prev), &c, &len);
    UErrorCode s2 = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &s2);
    bool cjk = sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA || c == 0x30FC || c == 0x3005;
    Emit(b + static_cast<size_t>(prev), b + static_cast<size_t>(p), cjk ? TokenKind::kCjk : TokenKind::kWord, space);
  }
}

void Segmenter::Impl::Tokenize(size_t pb) {
  base = toks->size();
  bool space = pb > 0;  // a paragraph follows a line break
  size_t i = pb;
  while (i < pe) {
    UChar32 c;
    int len;
    Cls k = At(i, &c, &len);
    switch (k) {
      case kSp: case kNl:
        space = true;
        i += static_cast<size_t>(len);
        break;
      case kIgn:
        i += static_cast<size_t>(len);
        break;
      case kDig: {
        TokenKind kind;
        size_t e = SkipMarks(ScanNumber(i, &kind));
        Emit(i, e, kind, &space);
        i = e;
        break;
      }
      case kLet: case kMark: {
        size_t e = ScanWord(i);
        Emit(i, e, TokenKind::kWord, &space);
        i = e;
        break;
      }
      case kDict: {
        size_t e = i + static_cast<size_t>(len);
        while (e < pe) {
          UChar32 c2;
          int l2;
          Cls k2 = At(e, &c2, &l2);
          if (k2 != kDict && k2 != kMark) break;
          e += static_cast<size_t>(l2);
        }
        ScanDictRun(i, e, &space);
        i = e;
        break;
      }
      case kPun: {
        // Possessive 's right after a word or number.
        if (c == '\'' && !space && toks->size() > base && toks->back().span.end == i && i + 1 < pe &&
            (t[i + 1] == 's' || t[i + 1] == 'S') && !AlnumAt(i + 2) &&
            (toks->back().kind == TokenKind::kWord || toks->back().kind == TokenKind::kNumber)) {
          Emit(i, i + 2, TokenKind::kWord, &space);
          i += 2;
          break;
        }
        size_t e = SkipMarks(i + static_cast<size_t>(len));
        Emit(i, e, TokenKind::kPunct, &space);
        i = e;
        break;
      }
      case kSym: {
        size_t e = SkipMarks(i + static_cast<size_t>(len));
        Emit(i, e, TokenKind::kSymbol, &space);
        i = e;
        break;
      }
    }
  }
}

void Segmenter::Impl::SentenceBounds(size_t pb) {
  bounds.clear();
  bool may_break = false;
  for (size_t i = pb; i < pe; ++i) {
    unsigned char b = static_cast<unsigned char>(t[i]);
    if (b == '.' || b == '!' || b == '?' || b >= 0x80) {
      may_break = true;
      break;
    }
  }
  if (!may_break || !sentences) return;
  UErrorCode st = U_ZERO_ERROR;
  utext_openUTF8(&ut, t.data() + pb, static_cast<int64_t>(pe - pb), &st);
  if (U_FAILURE(st)) return;
  sentences->setText(&ut, st);
  if (U_FAILURE(st)) return;
  // Note [Breaks in brackets]: ICU ends a sentence after an abbreviation it does not know, also
  // inside brackets ("Audi e-tron (incl. Sportback) 25,794 vehicles", "(approx. 12,000 units)"),
  // which cuts a name from its figure. A break inside brackets that close later on the same line
  // is no sentence end.
  // Both scans go forward only, so a long line of bracketed abbreviations stays linear.
  int depth = 0;             // '(' minus ')' since the current sentence's start
  size_t scanned = pb;       // bytes before it are counted in depth
  size_t stop = 0, stop_from = pe;  // the first of ')', '(' or '\n' at or after stop_from
  for (int32_t p = sentences->next(); p != icu::BreakIterator::DONE; p = sentences->next()) {
    size_t at = std::min(pb + static_cast<size_t>(p), pe);
    for (; scanned < at; ++scanned) depth += t[scanned] == '(' ? 1 : t[scanned] == ')' ? -1 : 0;
    if (depth > 0) {
      if (stop_from > at || stop < at) {
        stop_from = at;
        for (stop = at; stop < pe && t[stop] != '\n' && t[stop] != '(' && t[stop] != ')'; ++stop) {
        }
      }
      if (stop < pe && t[stop] == ')') continue;  // closes on this line: no sentence end
    }
    bounds.push_back(p);
    depth = 0;
  }
}

bool Segmenter::Impl::IsHeading(std::string_view para_text) const {
  const std::span<const Token> para(toks->data() + base, toks->size() - base);
  if (para.empty()) return false;
  if (para_text.find('\t') != std::string_view::npos || para_text.find('|') != std::string_view::npos) return false;
  uint32_t content = 0;
  bool has_word = false;
  for (const Token& k : para) {
    if (k.kind != TokenKind::kPunct) ++content;
    if (k.kind == TokenKind::kWord || k.kind == TokenKind::kCjk) has_word = true;
  }
  if (content > opts.heading_max_tokens || !has_word) return false;
  auto text_of = [&](const Token& k) { return t.substr(k.span.begin, k.span.size()); };
  std::string_view first = text_of(para[0]);
  if (first == "(" || first == "[") return false;
  // List items.
  if (para.size() >= 2 && (para[1].flags & kSpaceBefore)) {
    if (first == "-" || first == "*" || first == "+" || first == "\xE2\x80\xA2" || first == "\xC2\xB7") return false;
  }
  if (para.size() >= 3 && para[0].kind == TokenKind::kNumber) {
    std::string_view p1 = text_of(para[1]);
    if ((p1 == "." || p1 == ")") && (para[2].flags & kSpaceBefore)) return false;
  }
  // The last token that is not a closer.
  for (size_t k = para.size(); k-- > 0;) {
    std::string_view s = text_of(para[k]);
    if (s == ")" || s == "]" || s == "\"" || s == "'" || s == "*" || s == "_" || s == "\xE3\x80\x8D" ||
        s == "\xE3\x80\x8F" || s == "\xEF\xBC\x89")
      continue;
    if (s == "." || s == "!" || s == "?" || s == ":" || s == ";" || s == "," || s == "\xE3\x80\x82" ||
        s == "\xEF\xBC\x81" || s == "\xEF\xBC\x9F" || s == "\xE2\x80\xA6" || s == "\xEF\xBC\x9A" || s == "\xEF\xBC\x9B")
      return false;
    return true;
  }
  return false;
}

void Segmenter::Impl::LowerAndShape(TextDoc* doc, Token* k) {
  std::string_view s = t.substr(k->span.begin, k->span.size());
  std::string& pool = doc->pool;
  bool ascii = true;
  for (char ch : s)
    if (static_cast<unsigned char>(ch) >= 0x80) {
      ascii = false;
      break;
    }
  k->lower_begin = static_cast<uint32_t>(pool.size());
  if (ascii) {
    for (char ch : s) pool.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch);
  } else {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    u.foldCase();
    u.toUTF8String(pool);
  }
  k->lower_len = static_cast<uint32_t>(pool.size() - k->lower_begin);
  k->shape_begin = static_cast<uint32_t>(pool.size());
  char last = 0;
  int run = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    char sc;
    size_t len = 1;
    if (b < 0x80) {
      sc = IsAsciiDigit(static_cast<char>(b)) ? 'd' : (b >= 'A' && b <= 'Z') ? 'X' : (b >= 'a' && b <= 'z') ? 'x' : static_cast<char>(b);
    } else {
      int32_t k2 = static_cast<int32_t>(i);
      UChar32 c;
      U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), k2, static_cast<int32_t>(s.size()), c);
      len = static_cast<size_t>(k2) - i;
      if (c < 0) c = 0xFFFD;
      int8_t type = u_charType(c);
      if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK) {
        i += len;
        continue;
      }
      if (type == U_DECIMAL_DIGIT_NUMBER) sc = 'd';
      else if (type == U_UPPERCASE_LETTER || type == U_TITLECASE_LETTER) sc = 'X';
      else if (type == U_LOWERCASE_LETTER) sc = 'x';
      else if (u_isalpha(c) || type == U_LETTER_NUMBER || type == U_OTHER_NUMBER) sc = 'a';
      else {
        // Other characters stand for themselves (no run cap).
        pool.append(s.data() + i, len);
        last = 0;
        run = 0;
        i += len;
        continue;
      }
    }
    if (sc == last) {
      ++run;
    } else {
      last = sc;
      run = 1;
    }
    if (run <= 4) pool.push_back(sc);
    i += len;
  }
  k->shape_len = static_cast<uint32_t>(pool.size() - k->shape_begin);
}

void Segmenter::Run(TextDoc* doc) {
  Impl& m = *impl_;
  m.t = doc->text;
  m.toks = &doc->tokens;
  const size_t n = m.t.size();
  size_t pb = 0;
  while (pb < n) {
    size_t nl = m.t.find('\n', pb);
    m.pe = nl == std::string_view::npos ? n : nl;
    m.Tokenize(pb);
    if (doc->tokens.size() > m.base) {
      Paragraph P;
      P.heading = m.IsHeading(m.t.substr(pb, m.pe - pb));
      P.sent_begin = P.sent_end = static_cast<uint32_t>(doc->sentences.size());
      P.span = NormSpan(doc->tokens[m.base].span.begin, doc->tokens.back().span.end);
      uint32_t para_index = static_cast<uint32_t>(doc->paragraphs.size());
      m.SentenceBounds(pb);
      size_t bi = 0;
      for (size_t k = m.base; k < doc->tokens.size(); ++k) {
        Token& tok = doc->tokens[k];
        bool new_sentence = k == m.base;
        size_t rel = tok.span.begin - pb;
        while (bi < m.bounds.size() && static_cast<size_t>(m.bounds[bi]) <= rel) {
          ++bi;
          new_sentence = true;
        }
        if (!new_sentence && k - doc->sentences.back().tok_begin >= m.opts.max_sentence_tokens)
          new_sentence = true;  // Note [Sentence cap]
        if (new_sentence) {
          tok.flags |= kSentenceStart;
          Sentence S;
          S.tok_begin = S.tok_end = static_cast<uint32_t>(k);
          S.span = NormSpan(tok.span.begin, tok.span.end);
          S.paragraph = para_index;
          doc->sentences.push_back(S);
        }
        if (k == m.base) tok.flags |= kParagraphStart;
        if (P.heading) tok.flags |= kHeading;
        tok.sentence = static_cast<uint32_t>(doc->sentences.size() - 1);
        m.LowerAndShape(doc, &tok);
        Sentence& S = doc->sentences.back();
        S.tok_end = static_cast<uint32_t>(k + 1);
        S.span.end = tok.span.end;
      }
      P.sent_end = static_cast<uint32_t>(doc->sentences.size());
      doc->paragraphs.push_back(P);
    }
    if (nl == std::string_view::npos) break;
    pb = nl + 1;
  }
}

}  // namespace quarry::text
