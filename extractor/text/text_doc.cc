#include "text/text_doc.h"

namespace quarry::text {

const char* TokenKindName(TokenKind k) {
  switch (k) {
    case TokenKind::kWord: return "word";
    case TokenKind::kNumber: return "number";
    case TokenKind::kPercent: return "percent";
    case TokenKind::kCjk: return "cjk";
    case TokenKind::kPunct: return "punct";
    case TokenKind::kSymbol: return "symbol";
  }
  return "word";
}

void TextDoc::Clear() {
  text.clear();
  map.Clear();
  tokens.clear();
  sentences.clear();
  paragraphs.clear();
  pool.clear();
  decode = DecodeInfo{};
  word_ids.clear();
  word_ids_of = nullptr;
}

}  // namespace quarry::text
