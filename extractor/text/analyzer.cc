// Thin first Analyzer (walking skeleton): UTF-8 input, no normalization (identity map), ICU
// word and sentence break over UText on the UTF-8 bytes, paragraphs at line breaks.
// The text layer (issue 3) replaces this with decode -> HTML -> normalize -> segment.
#include "text/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>

namespace quarry::text {

struct Analyzer::Impl {
  AnalyzerOptions opts;
  std::unique_ptr<icu::BreakIterator> words, sentences;
};

Analyzer::Analyzer(AnalyzerOptions opts) : impl_(std::make_unique<Impl>()) {
  impl_->opts = opts;
  UErrorCode st = U_ZERO_ERROR;
  impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), st));
  st = U_ZERO_ERROR;
  impl_->sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), st));
}

Analyzer::~Analyzer() = default;

namespace {

std::string ShapeOf(std::string_view s) {
  std::string shape;
  for (unsigned char c : s) {
    char k = c >= '0' && c <= '9' ? 'd' : (c >= 'A' && c <= 'Z') ? 'X' : (c >= 'a' && c <= 'z') ? 'x' : c < 0x80 ? static_cast<char>(c) : 'u';
    if (c >= 0x80 && (c & 0xC0) == 0x80) continue;
    if (shape.size() >= 4 && shape.back() == k && shape[shape.size() - 2] == k && shape[shape.size() - 3] == k) continue;
    shape.push_back(k);
  }
  return shape;
}

}  // namespace

void Analyzer::Analyze(const Document& doc, TextDoc* out) {
  out->Clear();
  out->text = doc.raw.substr(0, impl_->opts.max_document_bytes);
  out->map.AddCopy(0, out->text.size());
  out->decode.charset = "UTF-8";
  out->decode.charset_source = "default";
  const std::string& t = out->text;

  UErrorCode st = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, t.data(), static_cast<int64_t>(t.size()), &st);
  if (U_FAILURE(st)) return;
  impl_->words->setText(ut, st);
  impl_->sentences->setText(ut, st);

  // Paragraph boundaries: line breaks.
  std::vector<uint64_t> para_starts{0};
  for (size_t i = 0; i < t.size(); ++i)
    if (t[i] == '\n') para_starts.push_back(i + 1);

  // Sentence boundaries, also cut at paragraph boundaries.
  std::vector<uint64_t> cuts;
  for (int32_t b = impl_->sentences->first(); b != icu::BreakIterator::DONE; b = impl_->sentences->next()) cuts.push_back(b);
  cuts.insert(cuts.end(), para_starts.begin(), para_starts.end());
  cuts.push_back(t.size());
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  size_t cut_i = 0, para_i = 0;
  bool new_sentence = true, new_para = true;
  int32_t prev = impl_->words->first();
  uint64_t last_end = 0;
  for (int32_t b = impl_->words->next(); b != icu::BreakIterator::DONE; prev = b, b = impl_->words->next()) {
    uint64_t s = prev, e = b;
    while (cut_i + 1 < cuts.size() && cuts[cut_i + 1] <= s) {
      ++cut_i;
      new_sentence = true;
    }
    while (para_i + 1 < para_starts.size() && para_starts[para_i + 1] <= s) {
      ++para_i;
      new_para = true;
      new_sentence = true;
    }
    std::string_view tok(t.data() + s, e - s);
    int32_t status = impl_->words->getRuleStatus();
    UChar32 c0;
    int32_t i0 = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(tok.data()), i0, static_cast<int32_t>(tok.size()), c0);
    if (u_isUWhiteSpace(c0)) continue;
    Token k;
    k.span = NormSpan(s, e);
    if (status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT) k.kind = TokenKind::kCjk;
    else if (status >= UBRK_WORD_KANA && status < UBRK_WORD_KANA_LIMIT) k.kind = TokenKind::kCjk;
    else if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) k.kind = TokenKind::kNumber;
    else if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_LETTER_LIMIT) k.kind = TokenKind::kWord;
    else if (u_ispunct(c0)) k.kind = TokenKind::kPunct;
    else k.kind = TokenKind::kSymbol;
    if (s > last_end || (s > 0 && (t[s - 1] == ' ' || t[s - 1] == '\n'))) k.flags |= kSpaceBefore;
    last_end = e;
    if (new_sentence) {
      k.flags |= kSentenceStart;
      Sentence sent;
      sent.tok_begin = sent.tok_end = static_cast<uint32_t>(out->tokens.size());
      sent.span = NormSpan(s, s);
      sent.paragraph = static_cast<uint32_t>(para_i);
      if (new_para) {
        k.flags |= kParagraphStart;
        Paragraph p;
        p.sent_begin = p.sent_end = static_cast<uint32_t>(out->sentences.size());
        p.span = NormSpan(s, s);
        out->paragraphs.push_back(p);
        new_para = false;
      }
      out->sentences.push_back(sent);
      out->paragraphs.back().sent_end = static_cast<uint32_t>(out->sentences.size());
      new_sentence = false;
    }
    k.sentence = static_cast<uint32_t>(out->sentences.size() - 1);
    std::string lower;
    for (char c : tok) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    k.lower_begin = static_cast<uint32_t>(out->pool.size());
    k.lower_len = static_cast<uint32_t>(lower.size());
    out->pool += lower;
    std::string shape = ShapeOf(tok);
    k.shape_begin = static_cast<uint32_t>(out->pool.size());
    k.shape_len = static_cast<uint32_t>(shape.size());
    out->pool += shape;
    out->tokens.push_back(k);
    out->sentences.back().tok_end = static_cast<uint32_t>(out->tokens.size());
    out->sentences.back().span.end = e;
    out->paragraphs.back().span.end = e;
  }
  // Paragraph index in sentences refers to the line index; renumber to paragraphs vector.
  uint32_t pi = 0;
  for (size_t p = 0; p < out->paragraphs.size(); ++p)
    for (uint32_t s = out->paragraphs[p].sent_begin; s < out->paragraphs[p].sent_end; ++s) out->sentences[s].paragraph = pi + p;
  utext_close(ut);
}

}  // namespace quarry::text
