// The text layer's product: normalized text, its map to raw bytes, tokens, sentences and
// paragraphs. Built by Analyzer (analyzer.h); read by every later stage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "text/offset_map.h"

namespace quarry::text {

enum class TokenKind : uint8_t { kWord, kNumber, kPercent, kCjk, kPunct, kSymbol };
const char* TokenKindName(TokenKind k);

enum TokenFlag : uint8_t {
  kSentenceStart = 1,
  kParagraphStart = 2,
  kSpaceBefore = 4,   // whitespace precedes this token in the normalized text
  kHeading = 8,       // token belongs to a heading/headline-like paragraph (short, no final stop)
};

struct Token {
  NormSpan span;   // in TextDoc::text
  TokenKind kind = TokenKind::kWord;
  uint8_t flags = 0;
  uint32_t sentence = 0;  // index into TextDoc::sentences
  // Lowercase form and shape live in TextDoc::pool; these index it.
  uint32_t lower_begin = 0, lower_len = 0;
  uint32_t shape_begin = 0, shape_len = 0;
};

struct Sentence {
  uint32_t tok_begin = 0, tok_end = 0;  // tokens [tok_begin, tok_end)
  NormSpan span;
  uint32_t paragraph = 0;
};

struct Paragraph {
  uint32_t sent_begin = 0, sent_end = 0;
  NormSpan span;
  bool heading = false;  // a short line without a final stop: headline, section heading, list head
};

struct DecodeInfo {
  std::string charset;           // charset used to decode, e.g. "UTF-8", "windows-1252", "gb18030"
  std::string charset_source;    // "bom", "http", "meta", "detected", "default"
  uint64_t invalid_sequences = 0;  // invalid byte sequences replaced with U+FFFD
  bool html = false;
};

struct TextDoc {
  std::string text;  // normalized UTF-8 (NFKC + folds), valid UTF-8 always
  OffsetMap map;     // text bytes -> raw document bytes
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<Paragraph> paragraphs;
  std::string pool;  // backing store for token lower/shape strings
  DecodeInfo decode;
  // Per token: the id of its lowercase form in the WordIds table `word_ids_of` (-1: a word no
  // consumer looks up), set by WordIds::Index (Note [Word ids] in word_ids.cc); cleared with
  // the document.
  std::vector<int32_t> word_ids;
  const void* word_ids_of = nullptr;

  std::string_view TokenText(const Token& t) const { return t.span.Of(text); }
  std::string_view Lower(const Token& t) const { return std::string_view(pool).substr(t.lower_begin, t.lower_len); }
  std::string_view Shape(const Token& t) const { return std::string_view(pool).substr(t.shape_begin, t.shape_len); }
  RawSpan ToRaw(NormSpan s) const { return map.ToRaw(s); }

  void Clear();  // keeps capacity, for reuse across documents
};

}  // namespace quarry::text
