#include "input/jsonl_fields.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

// Note [JSONL scanner]
// ~~~~~~~~~~~~~~~~~~~~
// A JSONL document is mostly one long string (its text or html) beside a few short fields. The
// reader used to parse each line with nlohmann::json's SAX interface: no tree, but every string
// was built one byte at a time (push_back) into the lexer's buffer and then moved into the event,
// kept or not, and every number printed through a json value. That was most of the read stage's
// instructions. This scanner walks the line once: runs of plain ASCII in strings are found eight
// bytes at a time and copied in one append, and only when the string belongs to a kept field;
// strings of other fields, nested values and numbers are checked and dropped.
//
// It accepts exactly what nlohmann's strict parser accepts, and the reader's errors depend on
// which failure comes first, so the order of checks is the parser's, left to right:
//   - a UTF-8 byte-order mark is skipped at the very start of the line (not after whitespace);
//   - strings: no unescaped byte below 0x20; escapes \" \\ \/ \b \f \n \r \t \uXXXX; a \u high
//     surrogate must be followed by a \u low surrogate and a low one never comes alone; raw
//     bytes must be well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF);
//   - numbers: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, and one that is not a 64-bit
//     integer must be finite as a double (1e999 is an error, as "number overflow" there);
//   - a value that is not an object at the top level is "not an object" once it has been read
//     whole (a string or number must be valid first, `[` is enough), even if garbage follows;
//   - opening a level past kMaxJsonDepth is "too deep" at once, whatever follows;
//   - after the object only whitespace may follow, up to the end of the line or a NUL byte.
// A kept number's text is the one nlohmann prints: integers that fit 64 bits in decimal (-0 is
// 0), anything else through a json double. tests/input/jsonl_fields_test.cc runs the old SAX
// reader beside this one on a table of edge cases and on mutated lines and demands the same
// verdicts and values; the fuzz target `jsonl` does the same on its inputs.

namespace quarry::input {
namespace {

// Bytes that end a run of plain string bytes: '"', '\\', controls and anything non-ASCII.
inline bool Plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

// True when none of the eight bytes of w ends a run (SWAR: each term sets a byte's high bit when
// that byte is < 0x20, '"' or '\\'; a borrow can only add false alarms above a true one, and
// bytes >= 0x80 are caught by w's own high bits).
inline bool AllPlain(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
  uint64_t control = (w - kOnes * 0x20) & ~w;  // exact when no byte has its high bit set
  uint64_t quote = (q - kOnes) & ~q, backslash = (b - kOnes) & ~b;
  return ((control | quote | backslash | w) & kHigh) == 0;
}

inline int Hex(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Length of the well-formed UTF-8 sequence at p (lead byte >= 0x80), 0 when it is not one.
inline int Utf8Length(const unsigned char* p, const unsigned char* end) {
  unsigned char c = p[0];
  auto cont = [&](int k, unsigned char lo, unsigned char hi) {
    return p + k < end && p[k] >= lo && p[k] <= hi;
  };
  if (c >= 0xc2 && c <= 0xdf) return cont(1, 0x80, 0xbf) ? 2 : 0;
  if (c == 0xe0) return cont(1, 0xa0, 0xbf) && cont(2, 0x80, 0xbf) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) return cont(1, 0x80, 0xbf) && cont(2, 0x80, 0xbf) ? 3 : 0;
  if (c == 0xed) return cont(1, 0x80, 0x9f) && cont(2, 0x80, 0xbf) ? 3 : 0;
  if (c == 0xf0) return cont(1, 0x90, 0xbf) && cont(2, 0x80, 0xbf) && cont(3, 0x80, 0xbf) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1, 0x80, 0xbf) && cont(2, 0x80, 0xbf) && cont(3, 0x80, 0xbf) ? 4 : 0;
  if (c == 0xf4) return cont(1, 0x80, 0x8f) && cont(2, 0x80, 0xbf) && cont(3, 0x80, 0xbf) ? 4 : 0;
  return 0;
}

}  // namespace

JsonlFields::JsonlFields(std::vector<std::string> wanted)
    : wanted_(std::move(wanted)), values_(wanted_.size()) {}

JsonlFields::Value& JsonlFields::Get(std::string_view name) {
  for (size_t i = 0; i < wanted_.size(); ++i)
    if (wanted_[i] == name) return values_[i];
  missing_ = Value{};
  return missing_;
}

bool JsonlFields::Fail(Failure f, const char* at, const char* reason) {
  failure_ = f;
  error_column_ = static_cast<size_t>(at - begin_) + 1;
  error_reason_ = reason;
  return false;
}

void JsonlFields::SkipSpace(const char*& p) const {
  while (p < end_ && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
}

// p is on the opening quote; on success it is just past the closing one, and *out (when given)
// holds the decoded string.
bool JsonlFields::ScanString(const char*& p, std::string* out) {
  const char* q = p + 1;
  const char* run = q;
  for (;;) {
    while (end_ - q >= 8) {
      uint64_t w;
      std::memcpy(&w, q, 8);
      if (!AllPlain(w)) break;
      q += 8;
    }
    while (q < end_ && Plain(static_cast<unsigned char>(*q))) ++q;
    if (q == end_) return Fail(Failure::kInvalid, q, "unterminated string");
    unsigned char c = static_cast<unsigned char>(*q);
    if (c == '"') {
      if (out) out->append(run, q);
      p = q + 1;
      return true;
    }
    if (c == '\\') {
      if (out) out->append(run, q);
      const char* esc = q;
      if (++q == end_) return Fail(Failure::kInvalid, esc, "unterminated escape");
      char e = *q++;
      char simple = 0;
      switch (e) {
        case '"': simple = '"'; break;
        case '\\': simple = '\\'; break;
        case '/': simple = '/'; break;
        case 'b': simple = '\b'; break;
        case 'f': simple = '\f'; break;
        case 'n': simple = '\n'; break;
        case 'r': simple = '\r'; break;
        case 't': simple = '\t'; break;
        case 'u': break;
        default: return Fail(Failure::kInvalid, esc, "invalid escape");
      }
      if (e != 'u') {
        if (out) out->push_back(simple);
      } else {
        auto hex4 = [&](const char* h) -> int32_t {
          if (end_ - h < 4) return -1;
          int32_t v = 0;
          for (int k = 0; k < 4; ++k) {
            int d = Hex(static_cast<unsigned char>(h[k]));
            if (d < 0) return -1;
            v = v * 16 + d;
          }
          return v;
        };
        int32_t cp = hex4(q);
        if (cp < 0) return Fail(Failure::kInvalid, esc, "\\u must be followed by 4 hex digits");
        q += 4;
        if (cp >= 0xdc00 && cp <= 0xdfff) return Fail(Failure::kInvalid, esc, "low surrogate without a high one");
        if (cp >= 0xd800 && cp <= 0xdbff) {
          int32_t lo = end_ - q >= 2 && q[0] == '\\' && q[1] == 'u' ? hex4(q + 2) : -1;
          if (lo < 0xdc00 || lo > 0xdfff)
            return Fail(Failure::kInvalid, esc, "high surrogate not followed by a \\u low surrogate");
          q += 6;
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        }
        if (out) AppendUtf8(static_cast<uint32_t>(cp), out);
      }
      run = q;
      continue;
    }
    if (c < 0x20) return Fail(Failure::kInvalid, q, "unescaped control character in a string");
    int len = Utf8Length(reinterpret_cast<const unsigned char*>(q), reinterpret_cast<const unsigned char*>(end_));
    if (len == 0) return Fail(Failure::kInvalid, q, "invalid UTF-8 in a string");
    q += len;
  }
}

// p is on '-' or a digit. *out (when given) gets the number's kind and printed text.
bool JsonlFields::ScanNumber(const char*& p, Value* out) {
  const char* s = p;
  const char* q = p;
  auto digit = [&](const char* x) { return x < end_ && *x >= '0' && *x <= '9'; };
  if (*q == '-') ++q;
  if (!digit(q)) return Fail(Failure::kInvalid, q, "invalid number");
  if (*q == '0') {
    ++q;
  } else {
    while (digit(q)) ++q;
  }
  bool integer = true;
  if (q < end_ && *q == '.') {
    integer = false;
    if (!digit(++q)) return Fail(Failure::kInvalid, q, "invalid number");
    while (digit(q)) ++q;
  }
  if (q < end_ && (*q == 'e' || *q == 'E')) {
    integer = false;
    ++q;
    if (q < end_ && (*q == '+' || *q == '-')) ++q;
    if (!digit(q)) return Fail(Failure::kInvalid, q, "invalid number");
    while (digit(q)) ++q;
  }
  p = q;
  // An integer that fits 64 bits is kept as one; any other number is a double and must be finite.
  bool negative = *s == '-';
  if (integer) {
    uint64_t v = 0;
    bool fits = true;
    for (const char* d = s + negative; d < q && fits; ++d) {
      unsigned digit_value = static_cast<unsigned>(*d - '0');
      if (v > (UINT64_MAX - digit_value) / 10) fits = false;
      else v = v * 10 + digit_value;
    }
    if (fits && negative && v > static_cast<uint64_t>(INT64_MAX) + 1) fits = false;
    if (fits) {
      if (out) {
        out->kind = Kind::kNumber;
        out->text.clear();
        if (negative && v != 0) out->text = std::to_string(static_cast<int64_t>(0 - v));
        else out->text = std::to_string(v);
      }
      return true;
    }
  }
  number_.assign(s, q);
  double d = std::strtod(number_.c_str(), nullptr);
  if (!std::isfinite(d)) return Fail(Failure::kInvalid, s, "number out of range");
  if (out) {
    out->kind = Kind::kNumber;
    out->text = nlohmann::json(d).dump();
  }
  return true;
}

// p is on 't', 'f' or 'n'.
bool JsonlFields::ScanLiteral(const char*& p) {
  std::string_view rest(p, static_cast<size_t>(end_ - p));
  for (std::string_view lit : {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
    if (lit[0] != *p) continue;
    if (rest.substr(0, lit.size()) != lit) return Fail(Failure::kInvalid, p, "invalid literal");
    p += lit.size();
    return true;
  }
  return Fail(Failure::kInvalid, p, "unexpected character");
}

bool JsonlFields::Parse(std::string_view line) {
  for (auto& v : values_) {
    v.kind = Kind::kMissing;
    v.text.clear();
  }
  failure_ = Failure::kNone;
  error_column_ = 0;
  error_reason_ = "";
  begin_ = line.data();
  end_ = line.data() + line.size();
  const char* p = begin_;
  if (p < end_ && static_cast<unsigned char>(*p) == 0xef) {
    if (line.substr(0, 3) != "\xef\xbb\xbf") return Fail(Failure::kInvalid, p, "invalid byte-order mark");
    p += 3;
  }
  SkipSpace(p);
  if (p == end_) return Fail(Failure::kInvalid, p, "no JSON value");
  // A top-level value other than an object is read whole (when that is how the parser sees it)
  // and refused.
  if (*p != '{') {
    const char* at = p;
    bool ok = true;  // '[' is refused as soon as it is seen
    if (*p == '"') ok = ScanString(p, nullptr);
    else if (*p == '-' || (*p >= '0' && *p <= '9')) ok = ScanNumber(p, nullptr);
    else if (*p == 't' || *p == 'f' || *p == 'n') ok = ScanLiteral(p);
    else if (*p != '[') return Fail(Failure::kInvalid, p, "unexpected character");
    return ok ? Fail(Failure::kNotObject, at, "not an object") : false;
  }

  enum class Expect { kKeyOrClose, kKey, kValueOrClose, kValue, kCommaOrClose };
  open_.assign(1, '{');
  ++p;
  Expect expect = Expect::kKeyOrClose;
  Value* current = nullptr;  // the kept field the current top-level key names, if any
  for (;;) {
    SkipSpace(p);
    if (p == end_) return Fail(Failure::kInvalid, p, "unexpected end of line");
    const bool top = open_.size() == 1;
    switch (expect) {
      case Expect::kKeyOrClose:
      case Expect::kKey: {
        if (*p == '}' && expect == Expect::kKeyOrClose) break;  // closed below
        if (*p != '"') return Fail(Failure::kInvalid, p, "expected a key");
        if (top) {
          key_.clear();
          if (!ScanString(p, &key_)) return false;
          current = nullptr;
          for (size_t i = 0; i < wanted_.size(); ++i)
            if (wanted_[i] == key_) {
              current = &values_[i];
              break;
            }
        } else if (!ScanString(p, nullptr)) {
          return false;
        }
        SkipSpace(p);
        if (p == end_ || *p != ':') return Fail(Failure::kInvalid, p, "expected ':'");
        ++p;
        expect = Expect::kValue;
        continue;
      }
      case Expect::kValueOrClose:
        if (*p == ']') break;  // closed below
        [[fallthrough]];
      case Expect::kValue: {
        Value* into = top ? current : nullptr;
        char c = *p;
        if (c == '{' || c == '[') {
          if (into) {
            into->kind = Kind::kOther;
            into->text.clear();
          }
          if (open_.size() + 1 > kMaxJsonDepth) return Fail(Failure::kTooDeep, p, "nested too deep");
          open_.push_back(c);
          ++p;
          expect = c == '{' ? Expect::kKeyOrClose : Expect::kValueOrClose;
          continue;
        }
        if (c == '"') {
          if (into) {
            into->text.clear();
            if (!ScanString(p, &into->text)) return false;
            into->kind = Kind::kString;
          } else if (!ScanString(p, nullptr)) {
            return false;
          }
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          if (!ScanNumber(p, into)) return false;
        } else if (c == 't' || c == 'f' || c == 'n') {
          if (!ScanLiteral(p)) return false;
          if (into) {
            into->kind = Kind::kOther;
            into->text.clear();
          }
        } else {
          return Fail(Failure::kInvalid, p, "expected a value");
        }
        expect = Expect::kCommaOrClose;
        continue;
      }
      case Expect::kCommaOrClose: {
        char close = open_.back() == '{' ? '}' : ']';
        if (*p == ',') {
          ++p;
          expect = open_.back() == '{' ? Expect::kKey : Expect::kValue;
          continue;
        }
        if (*p != close) return Fail(Failure::kInvalid, p, open_.back() == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
        break;
      }
    }
    // *p closes the innermost level.
    ++p;
    open_.pop_back();
    if (open_.empty()) {
      // nlohmann's lexer takes a NUL byte where a token may start for the end of the input, so
      // whatever follows one after the object is ignored (inside a string a NUL is an error).
      SkipSpace(p);
      if (p != end_ && *p != '\0') return Fail(Failure::kInvalid, p, "text after the JSON object");
      return true;
    }
    expect = Expect::kCommaOrClose;
  }
}

}  // namespace quarry::input
