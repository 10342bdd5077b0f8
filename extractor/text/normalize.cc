// Normalizer implementation: ASCII fast path, quarry's folds, utf8proc NFKC per group.
//
// Note [Normalization]
// ~~~~~~~~~~~~~~~~~~~~
// The normalized text is NFKC (utf8proc, options STABLE|COMPOSE|COMPAT, never CHARBOUND) of the
// repaired UTF-8, after these folds, which are applied to source code points before NFKC:
//   * quotes:  U+2018 U+2019 U+201A U+201B U+2032 U+2035 -> '   U+201C..U+201F U+2033 U+2036 -> "
//   * dashes:  U+2010..U+2015, U+2212 (minus), U+FE58, U+FE63 -> '-'   (U+FF0D is NFKC's job)
//   * spaces:  U+00A0, U+1680, U+2000..U+200A, U+202F, U+205F, U+3000 -> ' '
//   * digit group separators: U+00A0, U+2007, U+2008, U+2009, U+202F between a digit group and
//     exactly three digits (81<NBSP>864, 1<thin>234<thin>567) -> ',' so that the number stays one
//     token "81,864", the same token as the comma-grouped spelling. An ASCII space is never folded
//     ("in 2024 81 cars" stays three tokens): only typographic spaces signal grouping.
//   * dropped: U+00AD soft hyphen, U+200B..U+200D, U+2060, U+FEFF, U+180E (zero width)
//   * line breaks: CR LF and lone CR -> LF; U+0085, U+2028, U+2029 -> LF
//   * Traditional Chinese -> Simplified, one ideograph for one (Note [Hans fold])
//   * spaces inside Chinese dates: ASCII spaces between a digit and 年/月/日, between 年 and a
//     digit, and between 月 and a day ("2025 年 7 月 15 日", "7 月份", "2025年 7月") are dropped,
//     so the date reads as "2025年7月15日". The dropped bytes are OffsetMap deletions: a token
//     "2025年7月" maps back to the raw "2025 年 7 月", spaces included.
// Full-width digits and letters (８１，８６４ -> 81,864), ligatures and the like are NFKC's.
//
// Note [Hans fold]
// ~~~~~~~~~~~~~~~~
// Traditional script (HK, Taiwan, many wire and press-release copies) is read as Simplified, so
// that everything after the normalizer (quantities 萬 -> 万, gazetteer aliases 比亞迪, rule words
// 銷量 增長 交車, periods) sees one script and the data needs to list only the Simplified
// words. The mapping is ICU's "Hant-Hans" transliterator applied to one code point at a time,
// kept only where the result is one different ideograph. Every CJK Unified Ideograph (extension
// A and the basic block, U+3400..U+9FFF) is 3 bytes in UTF-8, so the fold never changes a length
// or an offset: the OffsetMap records the folded character as a copy (a copy piece means "same
// length, offsets one to one"; its bytes equal the raw bytes except for folded ideographs). The
// raw span of a token still points at the Traditional bytes, and those bytes normalized on their
// own give the token's (Simplified) text. Compatibility ideographs (U+F900..U+FAFF) go through
// NFKC first and their output is folded the same way.
// Per code point means no context: the transliterator's few multi-character rules are not used,
// and a character that is also an ordinary Simplified character must not be folded, or a
// Simplified article would change (俱乐部 -> 具乐部, 哪吒 -> 哪咤, 大阪 -> 大坂, 显著 -> 显着).
// So characters of GB 2312, the Simplified character set, are left alone, except 後 and 於,
// which GB 2312 encodes for rare uses but which in news are the Traditional 后 and 于.
// Japanese kanji that are Traditional forms fold as well (自動車 -> 自动车): the pack reads
// English and Chinese only, so nothing matches Japanese words either way.
// The table (one uint16_t per code point of U+3400..U+9FFF, 0 = unchanged; about 2,800 entries
// are set) is built once per process, at the first Han character a Normalizer meets: creating the
// transliterator and running it over the block costs about 0.04 s of CPU (more while ICU's data is
// not yet in the page cache), which text without Han never pays; documents never call the
// transliterator. Without ICU's transliteration data the table is
// empty and text is left as it is.
//
// Note [Groups]
// ~~~~~~~~~~~~~
// NFKC is not a per-character map: a base letter composes with following combining marks, and a
// compatibility character (halfwidth katakana voiced mark U+FF9E) can decompose into a mark that
// composes with the previous character. So the text is cut into groups that normalize
// independently: a new group starts at a code point whose full compatibility decomposition begins
// with a starter (combining class 0) that is not the second half of any composition pair (and not
// a Hangul V/T jamo). Each group is one OffsetMap piece: a copy when its output equals its input,
// else a replacement, so a token never maps to half of a composed character. A group of one code
// point with no decomposition is its own NFKC form, which is the common non-ASCII case (Han).
//
// ASCII fast path: a run of ASCII bytes is its own NFKC form, except for the last ASCII character
// before a non-ASCII one (a combining mark may follow it) and CR. Such runs are copied with one
// append and one map piece, without utf8proc. conformance_test.cc checks the fast path against
// ascii_fast = false on the Unicode test data; bench_text measures the difference.
#include "text/normalize.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <utf8proc.h>

#include <cstring>
#include <memory>
#include <vector>

namespace quarry::text {

namespace {

constexpr utf8proc_option_t kNfkc =
    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);

// ASCII bytes the fast path copies as they are: everything but CR.
struct PlainTable {
  bool v[256];
  constexpr PlainTable() : v() {
    for (int i = 0; i < 128; ++i) v[i] = i != '\r';
  }
};
constexpr PlainTable kPlain;

// Decodes the (valid) UTF-8 code point at s[i]; returns its length.
inline int Decode(std::string_view s, size_t i, int32_t* cp) {
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                        static_cast<utf8proc_ssize_t>(s.size() - i), cp);
  if (n <= 0) {  // cannot happen on repaired input; degrade to one byte
    *cp = 0xFFFD;
    return 1;
  }
  return static_cast<int>(n);
}

constexpr int kNoFold = -1, kDrop = -2;

// Quarry's folds (Note [Normalization]); returns the ASCII replacement, kDrop or kNoFold.
inline int Fold(int32_t c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2035:
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x2036:
      return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63:
      return '-';
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
      return ' ';
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: case 0x180E:
      return kDrop;
    case 0x0085: case 0x2028: case 0x2029:
      return '\n';
    default:
      if (c >= 0x2000 && c <= 0x200A) return ' ';
      return kNoFold;
  }
}

inline bool IsGroupSeparatorSpace(int32_t c) {
  return c == 0x00A0 || c == 0x2007 || c == 0x2008 || c == 0x2009 || c == 0x202F;
}

inline bool IsDigitCp(int32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

// True when the separator at src[sep_end - len, sep_end) sits between a digit group already in
// *out (1-3 digits, not after a decimal point) and exactly three digits in src.
bool IsDigitGroupSeparator(std::string_view src, size_t sep_end, const std::string& out) {
  size_t n = 0;
  while (n < out.size() && n < 4 && out[out.size() - 1 - n] >= '0' && out[out.size() - 1 - n] <= '9') ++n;
  if (n == 0 || n > 3) return false;
  if (n < out.size()) {
    // The group must start a number token: not a decimal part, a ratio, or the tail of a word
    // ("A81" is one word token). Letters of scripts segmented by dictionary do not join digits.
    size_t k = out.size() - n;
    unsigned char before = static_cast<unsigned char>(out[k - 1]);
    if (before == '.' || before == ':' || before == '/') return false;
    if ((before | 32) >= 'a' && (before | 32) <= 'z') return false;
    if (before >= 0x80) {
      size_t b = k - 1;
      while (b > 0 && (static_cast<unsigned char>(out[b]) & 0xC0) == 0x80) --b;
      int32_t c;
      Decode(out, b, &c);
      UErrorCode st = U_ZERO_ERROR;
      UScriptCode sc = uscript_getScript(c, &st);
      bool dict = sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA || sc == USCRIPT_THAI ||
                  sc == USCRIPT_LAO || sc == USCRIPT_KHMER || sc == USCRIPT_MYANMAR;
      if (!dict && (u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK))) return false;
    }
  }
  size_t i = sep_end;
  for (int k = 0; k < 3; ++k) {
    if (i >= src.size()) return false;
    int32_t c;
    i += Decode(src, i, &c);
    if (!IsDigitCp(c)) return false;
  }
  if (i >= src.size()) return true;
  // What follows must not normalize to a digit or a combining mark (① -> 1 would extend the group).
  int32_t c;
  Decode(src, i, &c);
  if (c < 0x80) return !(c >= '0' && c <= '9');
  utf8proc_int32_t d[32];
  utf8proc_ssize_t m = utf8proc_decompose_char(c, d, 32, kNfkc, nullptr);
  if (m <= 0 || m > 32) return true;
  return !((d[0] >= '0' && d[0] <= '9') || (U_GET_GC_MASK(d[0]) & (U_GC_M_MASK | U_GC_ND_MASK)));
}

// Whether a group may start at code point c (Note [Groups]).
inline bool IsSecond(const utf8proc_property_t* p, int32_t c) {
  if (c >= 0x1161 && c <= 0x1175) return true;  // Hangul V
  if (c >= 0x11A8 && c <= 0x11C2) return true;  // Hangul T
  return p->comb_index != UINT16_MAX && p->comb_index >= 0x8000;
}

bool StartsGroup(int32_t c, bool* plain) {
  const utf8proc_property_t* p = utf8proc_get_property(c);
  bool has_decomp = p->decomp_seqindex != UINT16_MAX || (c >= 0xAC00 && c <= 0xD7A3);
  *plain = !has_decomp;
  if (p->combining_class != 0 || IsSecond(p, c)) return false;
  if (!has_decomp) return true;
  utf8proc_int32_t d[32];
  utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 32, kNfkc, nullptr);
  if (n <= 0 || n > 32) return true;
  const utf8proc_property_t* q = utf8proc_get_property(d[0]);
  return q->combining_class == 0 && !IsSecond(q, d[0]);
}

// Note [Hans fold]: the range of code points the table covers.
constexpr int32_t kHanFirst = 0x3400, kHanLast = 0x9FFF;

std::vector<uint16_t> BuildHansTable() {
  std::vector<uint16_t> table(kHanLast - kHanFirst + 1, 0);
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> hans(
      icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, st));
  if (U_FAILURE(st) || !hans) return table;
  // GB 2312: the characters a Simplified text may use as they are.
  icu::UnicodeSet gb2312;
  st = U_ZERO_ERROR;
  UConverter* conv = ucnv_open("gb2312", &st);
  if (U_SUCCESS(st)) {
    ucnv_getUnicodeSet(conv, gb2312.toUSet(), UCNV_ROUNDTRIP_SET, &st);
    ucnv_close(conv);
  }
  if (U_FAILURE(st)) return table;
  gb2312.remove(U'後').remove(U'於');
  icu::UnicodeString s;
  for (int32_t c = kHanFirst; c <= kHanLast; ++c) {
    if (u_getIntPropertyValue(c, UCHAR_SCRIPT) != USCRIPT_HAN || gb2312.contains(c)) continue;
    s.setTo(static_cast<UChar32>(c));
    hans->transliterate(s);
    if (s.length() != 1) continue;  // several code points, or one outside the BMP
    UChar32 d = s.charAt(0);
    if (d == c || d < kHanFirst || d > kHanLast) continue;
    table[static_cast<size_t>(c - kHanFirst)] = static_cast<uint16_t>(d);
  }
  return table;
}

const uint16_t* HansTable() {
  static const std::vector<uint16_t> table = BuildHansTable();
  return table.data();
}

// Spaces inside Chinese dates (Note [Normalization]).
constexpr std::string_view kNian = "\xE5\xB9\xB4", kYue = "\xE6\x9C\x88", kRi = "\xE6\x97\xA5";

inline bool AsciiDigit(char c) { return c >= '0' && c <= '9'; }

inline bool At(std::string_view s, size_t i, std::string_view w) {
  return i <= s.size() && s.size() - i >= w.size() && s.compare(i, w.size(), w) == 0;
}

// A digit at src[i], ASCII or full-width (NFKC makes it ASCII).
inline bool DigitAt(std::string_view src, size_t i) {
  if (i < src.size() && AsciiDigit(src[i])) return true;
  return At(src, i, "\xEF\xBC") && i + 2 < src.size() && static_cast<uint8_t>(src[i + 2]) >= 0x90 &&
         static_cast<uint8_t>(src[i + 2]) <= 0x99;
}

// Whether the ASCII spaces src[b, e) sit inside a Chinese date: `before` is the normalized text
// just before them ("2025", "2025年", "7月").
bool DateSpaces(std::string_view src, size_t e, std::string_view before) {
  if (before.empty() || e >= src.size()) return false;
  if (AsciiDigit(before.back())) return At(src, e, kNian) || At(src, e, kYue) || At(src, e, kRi);
  auto ends = [&](std::string_view w) {
    return before.size() >= w.size() && before.compare(before.size() - w.size(), w.size(), w) == 0;
  };
  if (ends(kNian)) return DigitAt(src, e);
  if (ends(kYue)) {  // a day must follow: "7 月 15 日"
    size_t i = e;
    int digits = 0;
    while (DigitAt(src, i) && digits < 3) i += AsciiDigit(src[i]) ? 1 : 3, ++digits;
    if (digits == 0 || digits > 2) return false;
    while (i < src.size() && src[i] == ' ') ++i;
    return At(src, i, kRi);
  }
  return false;
}

}  // namespace

uint16_t Normalizer::FoldHan(int32_t c) {
  if (c < kHanFirst || c > kHanLast) return 0;
  if (!hans_) hans_ = HansTable();
  return hans_[c - kHanFirst];
}

void Normalizer::FlushGroup(std::string_view src, std::string* out, OffsetMap* map) {
  if (group_cps_ == 0) return;
  size_t b = group_begin_, e = group_end_;
  group_cps_ = 0;
  if (group_plain_) {
    // One code point without a decomposition; a 3-byte one may be a Traditional ideograph.
    uint8_t lead = static_cast<uint8_t>(src[b]);
    if (e - b == 3 && lead >= 0xE3 && lead <= 0xE9 && opts_.folds && opts_.simplified) {
      int32_t c = ((lead & 0x0F) << 12) | ((static_cast<uint8_t>(src[b + 1]) & 0x3F) << 6) |
                  (static_cast<uint8_t>(src[b + 2]) & 0x3F);
      if (uint16_t d = FoldHan(c)) {
        char enc[3] = {static_cast<char>(0xE0 | (d >> 12)), static_cast<char>(0x80 | ((d >> 6) & 0x3F)),
                       static_cast<char>(0x80 | (d & 0x3F))};
        out->append(enc, 3);
        map->AddCopy(b, 3);  // same length, offsets one to one (Note [Hans fold])
        return;
      }
    }
    out->append(src.data() + b, e - b);
    map->AddCopy(b, e - b);
    return;
  }
  if (buf_.size() < 64) buf_.resize(64);
  utf8proc_ssize_t n;
  for (;;) {
    n = utf8proc_decompose(reinterpret_cast<const utf8proc_uint8_t*>(src.data() + b),
                           static_cast<utf8proc_ssize_t>(e - b), buf_.data(),
                           static_cast<utf8proc_ssize_t>(buf_.size()), kNfkc);
    if (n < 0 || static_cast<size_t>(n) <= buf_.size()) break;
    buf_.resize(static_cast<size_t>(n));
  }
  if (n < 0) {  // not reachable on valid UTF-8; keep the bytes rather than lose text
    out->append(src.data() + b, e - b);
    map->AddCopy(b, e - b);
    return;
  }
  n = utf8proc_normalize_utf32(buf_.data(), n, kNfkc);
  size_t start = out->size();
  const bool hans = opts_.folds && opts_.simplified;
  for (utf8proc_ssize_t k = 0; k < n; ++k) {
    int32_t c = buf_[static_cast<size_t>(k)];
    if (hans) {
      if (uint16_t d = FoldHan(c)) c = d;
    }
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t len = utf8proc_encode_char(c, enc);
    out->append(reinterpret_cast<const char*>(enc), static_cast<size_t>(len));
  }
  size_t produced = out->size() - start;
  if (produced == e - b && std::memcmp(out->data() + start, src.data() + b, produced) == 0)
    map->AddCopy(b, produced);
  else
    map->AddReplace(RawSpan(b, e), produced);
}

void Normalizer::Run(std::string_view src, std::string* out, OffsetMap* map) {
  group_cps_ = 0;
  const size_t n = src.size();
  size_t i = 0;
  while (i < n) {
    if (src[i] == ' ' && opts_.folds) {
      // Spaces after a digit, 年 or 月 that were normalized before them (Note [Normalization]).
      FlushGroup(src, out, map);
      size_t k = i;
      while (k < n && src[k] == ' ') ++k;
      if (DateSpaces(src, k, *out)) {
        map->AddReplace(RawSpan(i, k), 0);
        i = k;
        continue;
      }
    }
    if (opts_.ascii_fast) {
      size_t j = i;
      while (j < n && kPlain.v[static_cast<uint8_t>(src[j])]) ++j;
      if (j < n && j > i && src[j - 1] == ' ' && opts_.folds) {
        // "2025 年": spaces that end this run between a digit of it and a date character.
        size_t s = j;
        while (s > i && src[s - 1] == ' ') --s;
        if (s > i && DateSpaces(src, j, src.substr(s - 1, 1))) {
          FlushGroup(src, out, map);
          out->append(src.data() + i, s - i);
          map->AddCopy(i, s - i);
          map->AddReplace(RawSpan(s, j), 0);
          i = j;
          continue;
        }
      }
      // The ASCII character before a non-ASCII one may compose with it: leave it to the slow path.
      size_t copy_end = (j < n && static_cast<uint8_t>(src[j]) >= 0x80 && j > i) ? j - 1 : j;
      if (copy_end > i) {
        FlushGroup(src, out, map);
        out->append(src.data() + i, copy_end - i);
        map->AddCopy(i, copy_end - i);
        i = copy_end;
        continue;
      }
    }
    // One code point through the slow path.
    if (src[i] == '\r') {
      FlushGroup(src, out, map);
      size_t len = (i + 1 < n && src[i + 1] == '\n') ? 2 : 1;
      out->push_back('\n');
      map->AddReplace(RawSpan(i, i + len), 1);
      i += len;
      continue;
    }
    int32_t c;
    int len = Decode(src, i, &c);
    if (opts_.folds) {
      int f = Fold(c);
      if (IsGroupSeparatorSpace(c)) {
        FlushGroup(src, out, map);
        if (IsDigitGroupSeparator(src, i + len, *out)) f = ',';
        else f = ' ';
      }
      if (f != kNoFold) {
        FlushGroup(src, out, map);
        if (f == kDrop) {
          map->AddReplace(RawSpan(i, i + len), 0);
        } else {
          out->push_back(static_cast<char>(f));
          map->AddReplace(RawSpan(i, i + len), 1);
        }
        i += len;
        continue;
      }
    }
    bool plain;
    if (StartsGroup(c, &plain) || group_cps_ == 0) {
      FlushGroup(src, out, map);
      group_begin_ = i;
      group_plain_ = plain;
    } else {
      group_plain_ = false;
    }
    ++group_cps_;
    group_end_ = i + static_cast<size_t>(len);
    i += static_cast<size_t>(len);
  }
  FlushGroup(src, out, map);
}

std::string Normalizer::Normalize(std::string_view src) {
  std::string out;
  OffsetMap map;
  Run(src, &out, &map);
  return out;
}

}  // namespace quarry::text
