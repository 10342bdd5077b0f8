// quarry tokenize [--format text|jsonl] FILE|-: what the engine sees. Runs the text layer on each
// document and prints paragraphs, sentences and tokens with their raw byte spans. jsonl: one
// object per token {"doc","text","kind","span":[b,e),"sentence","shape","lower","flags"}.
#include <iostream>
#include <string>
#include <vector>

#include "cli/common.h"
#include "cli/options.h"
#include "text/analyzer.h"

namespace quarry::cli {

namespace {

std::string FlagNames(uint8_t f) {
  std::string s;
  auto add = [&](const char* n) {
    if (!s.empty()) s += ',';
    s += n;
  };
  if (f & text::kSentenceStart) add("sentence_start");
  if (f & text::kParagraphStart) add("paragraph_start");
  if (f & text::kSpaceBefore) add("space_before");
  if (f & text::kHeading) add("heading");
  return s;
}

void PrintJsonl(const Document& d, const text::TextDoc& t, std::string* out) {
  const std::string id = JsonEscape(d.id);
  for (const text::Token& k : t.tokens) {
    RawSpan r = t.ToRaw(k.span);
    *out += "{\"doc\":\"" + id + "\",\"text\":\"" + JsonEscape(t.TokenText(k)) + "\",\"kind\":\"" +
            text::TokenKindName(k.kind) + "\",\"span\":[" + std::to_string(r.begin) + "," + std::to_string(r.end) +
            "],\"sentence\":" + std::to_string(k.sentence) + ",\"shape\":\"" + JsonEscape(t.Shape(k)) +
            "\",\"lower\":\"" + JsonEscape(t.Lower(k)) + "\",\"flags\":[";
    std::string names = FlagNames(k.flags);
    size_t i = 0;
    bool first = true;
    while (i < names.size()) {
      size_t j = names.find(',', i);
      if (j == std::string::npos) j = names.size();
      *out += (first ? "\"" : ",\"") + names.substr(i, j - i) + "\"";
      first = false;
      i = j + 1;
    }
    *out += "]}\n";
  }
}

void PrintText(const Document& d, const text::TextDoc& t, std::string* out) {
  *out += "# doc " + d.id + "  charset " + t.decode.charset + " (" + t.decode.charset_source + ")";
  if (t.decode.invalid_sequences) *out += "  invalid sequences " + std::to_string(t.decode.invalid_sequences);
  *out += "  tokens " + std::to_string(t.tokens.size()) + "\n";
  for (size_t p = 0; p < t.paragraphs.size(); ++p) {
    const text::Paragraph& P = t.paragraphs[p];
    RawSpan pr = t.ToRaw(P.span);
    *out += "\n## paragraph " + std::to_string(p) + (P.heading ? " (heading)" : "") + " raw [" +
            std::to_string(pr.begin) + "," + std::to_string(pr.end) + ")\n";
    for (uint32_t s = P.sent_begin; s < P.sent_end; ++s) {
      const text::Sentence& S = t.sentences[s];
      RawSpan sr = t.ToRaw(S.span);
      *out += "sentence " + std::to_string(s) + " raw [" + std::to_string(sr.begin) + "," + std::to_string(sr.end) +
              "): " + std::string(S.span.Of(t.text)) + "\n";
      for (uint32_t k = S.tok_begin; k < S.tok_end; ++k) {
        const text::Token& tok = t.tokens[k];
        RawSpan r = t.ToRaw(tok.span);
        std::string line = "  " + std::string(t.TokenText(tok));
        if (line.size() < 20) line.resize(20, ' ');
        line += " ";
        line += text::TokenKindName(tok.kind);
        if (line.size() < 29) line.resize(29, ' ');
        line += " " + std::string(t.Shape(tok));
        if (line.size() < 40) line.resize(40, ' ');
        line += " [" + std::to_string(r.begin) + "," + std::to_string(r.end) + ")";
        if (tok.flags & (text::kSentenceStart | text::kParagraphStart | text::kHeading)) {
          std::string f = FlagNames(tok.flags & ~text::kSpaceBefore);
          line += "  " + f;
        }
        *out += line + "\n";
      }
    }
  }
}

}  // namespace

void RegisterTokenize(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("tokenize", "Print paragraphs, sentences and tokens with raw byte spans");
  static FormatOption format;
  static std::string input;
  AddFormat(cmd, &format, {"text", "jsonl"});
  cmd->add_option("input", input, "Document file (text, HTML, JSONL, ...) or - for JSONL on stdin")->required();
  cmd->callback([&ctx] {
    if (!CheckFormat("tokenize", format)) {
      ctx.exit_code = kExitUsage;
      return;
    }
    text::Analyzer analyzer;
    text::TextDoc t;
    std::string out;
    if (!ReadDocuments(ctx, input, "", /*text_ok=*/false, [&](const Document& d) {
          analyzer.Analyze(d, &t);
          out.clear();
          if (format.value == "jsonl") PrintJsonl(d, t, &out);
          else PrintText(d, t, &out);
          std::cout << out;
        }))
      return;
    std::cout.flush();
  });
}

}  // namespace quarry::cli
