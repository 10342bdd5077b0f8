// Test helpers: synthetic TextDocs (one sentence of given tokens) and grammars from strings, so
// matcher tests do not depend on the tokenizer's current behaviour.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/annotation.h"
#include "grammar/grammar.h"
#include "grammar/match.h"
#include "text/text_doc.h"

namespace quarry::grammar::testing {

// Tokens separated by spaces; a token written "+x" is glued to the previous one (no space).
// Kinds: digits -> number, "%"-ending -> percent, ASCII letters -> word, ASCII other -> punct,
// non-ASCII -> cjk.
inline text::TextDoc MakeDoc(const std::vector<std::string>& toks) {
  text::TextDoc d;
  for (size_t i = 0; i < toks.size(); ++i) {
    std::string t = toks[i];
    bool glued = !t.empty() && t[0] == '+' && t.size() > 1;
    if (glued) t = t.substr(1);
    if (i > 0 && !glued) d.text += " ";
    text::Token k;
    k.span = NormSpan(d.text.size(), d.text.size() + t.size());
    d.text += t;
    unsigned char c0 = static_cast<unsigned char>(t[0]);
    if (c0 >= 0x80) k.kind = text::TokenKind::kCjk;
    else if (t.back() == '%') k.kind = text::TokenKind::kPercent;
    else if (std::isdigit(c0)) k.kind = text::TokenKind::kNumber;
    else if (std::isalpha(c0)) k.kind = text::TokenKind::kWord;
    else k.kind = text::TokenKind::kPunct;
    if (i > 0 && !glued) k.flags |= text::kSpaceBefore;
    if (i == 0) k.flags |= text::kSentenceStart | text::kParagraphStart;
    std::string lower = t, shape;
    for (auto& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    for (unsigned char c : t) shape.push_back(std::isdigit(c) ? 'd' : std::isupper(c) ? 'X' : std::islower(c) ? 'x' : c < 0x80 ? static_cast<char>(c) : 'u');
    k.lower_begin = static_cast<uint32_t>(d.pool.size());
    k.lower_len = static_cast<uint32_t>(lower.size());
    d.pool += lower;
    k.shape_begin = static_cast<uint32_t>(d.pool.size());
    k.shape_len = static_cast<uint32_t>(shape.size());
    d.pool += shape;
    d.tokens.push_back(k);
  }
  text::Sentence s;
  s.tok_begin = 0;
  s.tok_end = static_cast<uint32_t>(d.tokens.size());
  s.span = NormSpan(0, d.text.size());
  d.sentences.push_back(s);
  text::Paragraph p;
  p.sent_begin = 0;
  p.sent_end = 1;
  p.span = s.span;
  d.paragraphs.push_back(p);
  return d;
}

inline std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t e = i;
    while (e < s.size() && s[e] != ' ') ++e;
    if (e > i) out.push_back(s.substr(i, e - i));
    i = e;
  }
  return out;
}

inline Annotation Ann(AnnKind kind, uint32_t b, uint32_t e, const text::TextDoc& d) {
  Annotation a;
  a.kind = kind;
  a.tok_begin = b;
  a.tok_end = e;
  a.span = NormSpan(d.tokens[b].span.begin, d.tokens[e - 1].span.end);
  return a;
}

inline std::unique_ptr<Grammar> FromText(const std::string& rules, std::vector<LoadError>* errors,
                                         const std::string& file = "t.rules") {
  return Grammar::FromSources({{file, rules}}, errors);
}

inline std::string Errors(const std::vector<LoadError>& errs) {
  std::string s;
  for (const auto& e : errs) s += e.ToString() + "\n";
  return s;
}

// The whole of `d` as one sentence, indexed for the matcher.
inline SentenceView WholeView(const text::TextDoc& d, const std::vector<Annotation>& anns) {
  SentenceView v;
  v.doc = &d;
  v.anns = &anns;
  v.begin = 0;
  v.end = static_cast<uint32_t>(d.tokens.size());
  v.Index();
  return v;
}

}  // namespace quarry::grammar::testing
