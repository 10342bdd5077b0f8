// DocumentReader: plain text, Markdown and HTML files, directories of them, JSONL documents
// (files or stdin), WARC files, and any of these gzip-compressed (detected by the gzip magic,
// the format by the name without ".gz"). Every input goes through a ByteStream, so caps and
// gzip handling are the same for all formats. HTML documents get their date and title from the
// page head when the container gave none better.
#include "input/reader.h"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "input/byte_stream.h"
#include "input/front_matter.h"
#include "input/html_meta.h"
#include "input/jsonl_fields.h"
#include "input/warc.h"

// Note [Memory budget]
// ~~~~~~~~~~~~~~~~~~~~
// extract promises about 1 GB of memory per worker whatever the input (issue 17, row 3).
// Extraction holds several structures per token and per fact besides the text, so its peak
// grows with the document: measured on this project's Release build, 33-45 MB per MB of
// prose and news (plain or HTML), about 70 of Chinese news, and up to about 110 MB per MB of
// text that is nothing but figures (a fact every 90 bytes, each carrying its evidence sentence). Rather than letting a 63 MB
// document take 3 GB, the default document cap (kDefaultMaxDocumentMb, extract
// --max-document-mb) is 8 MB, which fits the worst shape in the budget; larger documents are
// reported with their file and position and skipped. Shapes whose cost is not proportional to
// their size are capped on their own, each a per-document error: HTML elements
// (max_html_elements; gumbo's tree costs several hundred bytes per element), JSON nesting
// (kMaxJsonDepth; JSONL lines are never read into a tree), and sentence length
// (text::SegmentOptions::max_sentence_tokens, which keeps time linear). extract also caps the
// raw bytes of documents in flight at two documents' cap per worker. The test behind each
// number: tests/scripts/memory_*.sh, listed in docs/reliability.md.

namespace quarry::input {
namespace fs = std::filesystem;

std::string ReadError::ToString() const {
  if (line > 0) return source + ":" + std::to_string(line) + ": " + message;
  if (offset > 0) return source + "@" + std::to_string(offset) + ": " + message;
  return source + ": " + message;
}

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

enum class Format { kText, kHtml, kJsonl, kWarc, kUnknown };

Format FormatOf(const std::string& path) {
  if (path == "-") return Format::kJsonl;
  fs::path p(path);
  std::string ext = Lower(p.extension().string());
  if (ext == ".gz") ext = Lower(p.stem().extension().string());
  if (ext == ".txt" || ext == ".md" || ext == ".text") return Format::kText;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::kHtml;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::kJsonl;
  if (ext == ".warc" || ext == ".arc") return ext == ".warc" ? Format::kWarc : Format::kUnknown;
  return Format::kUnknown;
}

bool Matches(const std::vector<std::string>& globs, const std::string& path, const std::string& name) {
  for (const auto& g : globs)
    if (fnmatch(g.c_str(), name.c_str(), 0) == 0 || fnmatch(g.c_str(), path.c_str(), FNM_PATHNAME) == 0)
      return true;
  return false;
}

bool Selected(const fs::path& p, const ReadOptions& opts) {
  std::string name = p.filename().string(), path = p.string();
  if (!opts.include.empty() && !Matches(opts.include, path, name)) return false;
  if (Matches(opts.exclude, path, name)) return false;
  return FormatOf(path) != Format::kUnknown;
}

// Note [JSONL documents without a tree]
// A JSONL line is never read into a json tree: JsonlFields (Note [JSONL scanner] in
// jsonl_fields.cc) keeps only the top-level fields the reader uses (id, url, title, date, text,
// html, as named by the --*-field options), as strings; every other value, however large or
// deeply nested, is checked and dropped as it goes. A tree cost about 80 bytes per value: a
// 20-million-deep array in an ignored field took 1.6 GB (issue 17, row 3). The scanner keeps a
// byte per open level, and nesting deeper than kMaxJsonDepth is refused: the line is reported
// and skipped.

// Start tags in `html` ('<' then an ASCII letter), counting stops once past `cap`.
uint64_t StartTags(std::string_view html, uint64_t cap) {
  uint64_t n = 0;
  for (size_t i = html.find('<'); i != std::string_view::npos && n <= cap; i = html.find('<', i + 1))
    if (i + 1 < html.size() && (static_cast<unsigned char>(html[i + 1]) | 32) >= 'a' &&
        (static_cast<unsigned char>(html[i + 1]) | 32) <= 'z')
      ++n;
  return n;
}

// A JSON field as a string: strings as is, numbers printed, null/missing/anything else -> "".
std::string Field(JsonlFields& j, const std::string& key) {
  const auto& v = j.Get(key);
  return v.kind == JsonlFields::Kind::kString || v.kind == JsonlFields::Kind::kNumber ? v.text : "";
}

}  // namespace

namespace {

// Adds the selected files under `dir` (not following symlinked directories). A directory that
// cannot be read is not an error of the run: it goes to *unreadable, like an unreadable file,
// and the walk goes on.
void Walk(const fs::path& dir, const ReadOptions& opts, std::vector<std::string>* found,
          std::vector<std::string>* unreadable) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) {
    if (unreadable) unreadable->push_back(dir.string() + ": cannot read directory: " + ec.message());
    return;
  }
  for (; it != end; it.increment(ec)) {
    std::error_code e2;
    auto st = it->symlink_status(e2);
    if (!e2 && fs::is_directory(st)) {
      Walk(it->path(), opts, found, unreadable);
    } else if (it->is_regular_file(e2) && Selected(it->path(), opts)) {
      found->push_back(it->path().string());
    }
  }
  if (ec && unreadable) unreadable->push_back(dir.string() + ": cannot read directory: " + ec.message());
}

}  // namespace

std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs, const ReadOptions& opts,
                                      std::string* error, std::vector<std::string>* unreadable) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    if (in == "-") {
      files.push_back(in);
      continue;
    }
    std::error_code ec;
    auto st = fs::status(in, ec);
    if (ec || !fs::exists(st)) {
      *error = in + ": no such file or directory";
      return {};
    }
    if (fs::is_directory(st)) {
      std::vector<std::string> found;
      Walk(in, opts, &found, unreadable);
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(in);
    }
  }
  return files;
}

struct DocumentReader::Impl {
  std::vector<std::string> inputs;
  ReadOptions opts;
  ErrorFn on_error;
  std::vector<std::string> files;
  size_t next_file = 0;
  bool expanded = false;

  // The input being read.
  ByteStream stream;
  bool open = false;
  Format fmt = Format::kUnknown;
  std::string name;
  uint64_t line_no = 0;
  std::unique_ptr<WarcReader> warc;
  std::unique_ptr<JsonlFields> jsonl;  // reused from line to line
  uint64_t done_bytes = 0;  // raw bytes of inputs finished
  uint64_t total_bytes = 0;
  bool stdin_used = false;
  bool total_unknown = false;  // stdin is among the inputs

  void Report(const std::string& src, uint64_t line, uint64_t offset, const std::string& msg) {
    if (on_error) on_error(ReadError{src, line, offset, msg});
  }

  StreamLimits Limits() const {
    StreamLimits l;
    l.max_decompressed_bytes = opts.max_decompressed_bytes;
    l.max_ratio = opts.max_ratio;
    l.ratio_grace_bytes = kRatioGraceBytes;
    return l;
  }

  void CloseInput() {
    if (!open) return;
    done_bytes += stream.raw_bytes_read();
    stream.Close();
    warc.reset();
    open = false;
  }

  // Date and title from the page head; the container's date (WARC-Date) only as a fallback.
  void FillFromHtml(Document* doc, bool have_strong_date) {
    if (doc->content_type != ContentType::kHtml) return;
    HtmlMeta meta = ScanHtmlMeta(doc->raw);
    if (!have_strong_date && !meta.published.empty()) doc->published = meta.published;
    if (doc->title.empty()) doc->title = meta.title;
  }

  // One JSONL line -> document; false (reported) when the line is not a document.
  bool JsonlDoc(std::string_view line, uint64_t offset, Document* doc) {
    // Note [JSONL documents without a tree].
    if (!jsonl)
      jsonl = std::make_unique<JsonlFields>(std::vector<std::string>{
          opts.id_field, opts.url_field, opts.title_field, opts.date_field, opts.text_field, opts.html_field});
    JsonlFields& j = *jsonl;
    if (!j.Parse(line)) {
      switch (j.failure()) {
        case JsonlFields::Failure::kNotObject:
          Report(name, line_no, offset, "not a JSON object, line skipped");
          break;
        case JsonlFields::Failure::kTooDeep:
          Report(name, line_no, offset,
                 "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels, line skipped");
          break;
        default:
          Report(name, line_no, offset,
                 "invalid JSON at column " + std::to_string(j.error_column()) + " (" + j.error_reason() +
                     "), line skipped");
      }
      return false;
    }
    bool has_text = j.Get(opts.text_field).kind == JsonlFields::Kind::kString;
    bool has_html = j.Get(opts.html_field).kind == JsonlFields::Kind::kString;
    if (!has_text && !has_html) {
      Report(name, line_no, offset,
             "no string field \"" + opts.text_field + "\" or \"" + opts.html_field + "\", line skipped");
      return false;
    }
    *doc = Document{};
    doc->id = Field(j, opts.id_field);
    if (doc->id.empty()) doc->id = name + ":" + std::to_string(line_no);
    doc->url = Field(j, opts.url_field);
    doc->title = Field(j, opts.title_field);
    doc->published = Field(j, opts.date_field);
    if (has_text) {
      doc->raw = std::move(j.Get(opts.text_field).text);
      doc->content_type = ContentType::kText;
    } else {
      doc->raw = std::move(j.Get(opts.html_field).text);
      doc->content_type = ContentType::kHtml;
    }
    if (doc->raw.size() > opts.max_document_bytes) {
      Report(name, line_no, offset, "document larger than the cap of " + std::to_string(opts.max_document_bytes) +
                                        " bytes, skipped");
      return false;
    }
    FillFromHtml(doc, !doc->published.empty());
    doc->charset_hint = "UTF-8";
    doc->source_file = name;
    doc->source_offset = offset;
    doc->source_line = line_no;
    return true;
  }

  bool NextJsonl(Document* doc) {
    // JSON escaping can double a document's size; allow for it plus metadata.
    const uint64_t max_line = opts.max_document_bytes * 2 + (1 << 20);
    for (;;) {
      size_t scanned = 0;
      size_t nl = std::string_view::npos;
      bool too_long = false;
      for (;;) {
        std::string_view v = stream.View();
        nl = v.find('\n', scanned);
        if (nl != std::string_view::npos) break;
        scanned = v.size();
        if (scanned > max_line) {
          too_long = true;
          break;
        }
        if (stream.Fill(scanned + (1 << 16)) <= scanned) break;  // end of input
      }
      std::string_view v = stream.View();
      if (v.empty()) return false;
      uint64_t offset = stream.offset();
      ++line_no;
      if (too_long) {
        Report(name, line_no, offset, "line longer than the cap of " + std::to_string(max_line) + " bytes, skipped");
        // Skip to the end of this line without buffering it.
        for (;;) {
          std::string_view w = stream.View();
          size_t e = w.find('\n');
          if (e != std::string_view::npos) {
            stream.Consume(e + 1);
            break;
          }
          stream.Consume(w.size());
          if (stream.Fill(1 << 16) == 0) break;
        }
        continue;
      }
      size_t len = nl == std::string_view::npos ? v.size() : nl;
      std::string_view line = v.substr(0, len);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
      bool got = !blank && JsonlDoc(line, offset, doc);
      stream.Consume(nl == std::string_view::npos ? len : len + 1);
      if (got) return true;
    }
  }

  bool NextWholeFile(Document* doc) {
    const uint64_t cap = opts.max_document_bytes;
    size_t avail = stream.Fill(static_cast<size_t>(cap + 1));
    if (avail > cap) {
      Report(name, 0, 0, "document larger than the cap of " + std::to_string(cap) + " bytes, skipped");
      return false;
    }
    *doc = Document{};
    doc->raw.assign(stream.View());
    doc->id = name;
    doc->content_type = fmt == Format::kHtml ? ContentType::kHtml : ContentType::kText;
    doc->source_file = name;
    FrontMatter fm;
    if (doc->content_type == ContentType::kText && ParseFrontMatter(doc->raw, &fm)) {
      if (!fm.id.empty()) doc->id = fm.id;
      doc->url = fm.url;
      doc->title = fm.title;
      doc->published = fm.published;
      doc->body_offset = fm.body_offset;
    }
    FillFromHtml(doc, false);
    return true;
  }

  bool OpenNext() {
    while (next_file < files.size()) {
      name = files[next_file++];
      fmt = FormatOf(name);
      if (fmt == Format::kUnknown) fmt = Format::kText;  // named explicitly: read as text
      if (name == "-") {
        if (stdin_used) {
          Report(name, 0, 0, "stdin given more than once, ignored");
          continue;
        }
        stdin_used = true;
      }
      std::string err;
      auto on_stream_error = [this](uint64_t offset, const std::string& msg) { Report(name, 0, offset, msg); };
      if (!stream.Open(name, Limits(), on_stream_error, &err)) {
        Report(name, 0, 0, err.substr(name.size() + 2));
        continue;
      }
      open = true;
      line_no = 0;
      if (fmt == Format::kWarc) {
        WarcLimits wl;
        wl.max_record_bytes = opts.max_document_bytes;
        wl.max_header_line = opts.max_header_line;
        wl.max_decompressed_bytes = opts.max_document_bytes;
        warc = std::make_unique<WarcReader>(&stream, name, wl, on_stream_error);
      }
      return true;
    }
    return false;
  }
};

DocumentReader::DocumentReader(std::vector<std::string> inputs, ReadOptions opts, ErrorFn on_error)
    : impl_(std::make_unique<Impl>()) {
  impl_->inputs = std::move(inputs);
  impl_->opts = std::move(opts);
  impl_->on_error = std::move(on_error);
}

DocumentReader::~DocumentReader() = default;

bool DocumentReader::Validate(std::string* error) const {
  error->clear();
  // Unreadable files and directories are not checked here: like a bad document, each is
  // reported when the run reaches it, counted, and skipped while the rest is read.
  ExpandInputs(impl_->inputs, impl_->opts, error);
  return error->empty();
}

bool DocumentReader::Next(Document* doc) {
  auto& m = *impl_;
  if (!m.expanded) {
    std::string err;
    std::vector<std::string> unreadable;
    m.files = ExpandInputs(m.inputs, m.opts, &err, &unreadable);
    if (!err.empty()) m.Report("quarry", 0, 0, err);
    for (const auto& u : unreadable) {
      size_t colon = u.find(": cannot read directory");
      m.Report(u.substr(0, colon), 0, 0, u.substr(colon + 2));
    }
    m.expanded = true;
    for (const auto& f : m.files) {
      std::error_code ec;
      if (f != "-") m.total_bytes += fs::file_size(f, ec);
      else m.total_unknown = true;
    }
  }
  for (;;) {
    if (!m.open && !m.OpenNext()) return false;
    bool got = false;
    switch (m.fmt) {
      case Format::kJsonl:
        got = m.NextJsonl(doc);
        break;
      case Format::kWarc:
        got = m.warc->Next(doc);
        if (got) {
          std::string warc_date = doc->published;
          doc->published.clear();
          m.FillFromHtml(doc, false);
          if (doc->published.empty()) doc->published = warc_date;
          if (doc->raw.size() > m.opts.max_document_bytes) {
            m.Report(m.name, 0, doc->source_offset, "document larger than the cap, skipped");
            continue;
          }
        }
        break;
      default:
        got = m.NextWholeFile(doc);
        m.CloseInput();
        if (!got) continue;
        break;
    }
    if (got && doc->content_type == ContentType::kHtml &&
        StartTags(doc->raw, m.opts.max_html_elements) > m.opts.max_html_elements) {
      m.Report(m.name, doc->source_line, doc->source_offset,
               "HTML document with more than " + std::to_string(m.opts.max_html_elements) +
                   " elements (the cap), skipped");
      continue;  // the next record of this input, or the next input
    }
    if (got) {
      if (doc->published.empty()) doc->published = m.opts.published;
      return true;
    }
    m.CloseInput();
  }
}

uint64_t DocumentReader::TotalBytes() const {
  return impl_->total_unknown ? 0 : impl_->total_bytes;
}
uint64_t DocumentReader::BytesRead() const {
  return impl_->done_bytes + (impl_->open ? impl_->stream.raw_position() : 0);
}

}  // namespace quarry::input
