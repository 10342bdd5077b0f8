// Analyzer: wires the text stages for one document: decode (decode.h) -> HTML to text
// (html_text.h, HTML documents only) -> normalize (normalize.h) -> segment (segment.h), and
// composes their offset maps into TextDoc::map (normalized text -> raw bytes).
#include "text/analyzer.h"

#include <algorithm>

#include "text/decode.h"
#include "text/html_text.h"
#include "text/normalize.h"
#include "text/segment.h"

namespace quarry::text {

struct Analyzer::Impl {
  AnalyzerOptions opts;
  Decoder decoder;
  HtmlExtractor html;
  Normalizer normalizer;
  Segmenter segmenter;
  // Reused buffers (Note [OffsetMap]: each stage's map is relative to the previous stage's text).
  std::string decoded, html_text;
  OffsetMap decode_map, html_map, norm_map;
};

Analyzer::Analyzer(AnalyzerOptions opts) : impl_(std::make_unique<Impl>()) { impl_->opts = opts; }

Analyzer::~Analyzer() = default;

void Analyzer::Analyze(const Document& doc, TextDoc* out) {
  Impl& m = *impl_;
  out->Clear();
  std::string_view raw = doc.raw;
  if (raw.size() > m.opts.max_document_bytes) raw = raw.substr(0, m.opts.max_document_bytes);
  // A front matter block (Document::body_offset) is metadata, not article text: analyse the body
  // only, so its first line is paragraph 0 (the headline), and shift the map back onto the raw
  // bytes at the end so every span still indexes `doc.raw` from its first byte.
  const uint64_t body = std::min<uint64_t>(doc.body_offset, raw.size());
  raw.remove_prefix(body);

  // 1. Decode to valid UTF-8. When the raw bytes are already valid UTF-8 (the common case) the
  //    decoder copies nothing and the map is the identity.
  m.decoded.clear();
  m.decode_map.Clear();
  bool identity = m.decoder.Decode(raw, doc.charset_hint, doc.content_type == ContentType::kHtml, &m.decoded,
                                   &m.decode_map, &out->decode);
  std::string_view utf8 = identity ? raw : std::string_view(m.decoded);

  // 2. HTML to text.
  std::string_view src = utf8;
  bool html = doc.content_type == ContentType::kHtml;
  if (html) {
    m.html_text.clear();
    m.html_map.Clear();
    m.html.Extract(utf8, &m.html_text, &m.html_map);
    src = m.html_text;
  }

  // 3. Normalize; compose the maps back to raw bytes. Plain valid UTF-8 (the common case)
  //    normalizes straight into the document's map: nothing to compose.
  if (!html && identity) {
    m.normalizer.Run(src, &out->text, &out->map);
  } else {
    m.norm_map.Clear();
    m.normalizer.Run(src, &out->text, &m.norm_map);
    if (html) {
      OffsetMap to_utf8 = m.html_map.Compose(m.norm_map);
      out->map = identity ? std::move(to_utf8) : m.decode_map.Compose(to_utf8);
    } else {
      out->map = m.decode_map.Compose(m.norm_map);
    }
  }
  // An empty text needs no map. (Compose reads an empty inner map as the identity, so HTML whose
  // text is empty, e.g. everything inside an unclosed <title>, would otherwise keep the decoder's
  // map of the whole page: a map longer than its text.)
  if (out->text.empty()) out->map.Clear();

  if (body > 0) out->map.ShiftRaw(body, out->text.size());

  // 4. Segment.
  m.segmenter.Run(out);
}

}  // namespace quarry::text
