// Thin DocumentReader: plain text, Markdown and HTML files, directories of them, and JSONL
// documents from files or stdin. Each JSONL line is one document (DESIGN.md contract).
#include "input/reader.h"

#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <system_error>

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

enum class Format { kText, kHtml, kJsonl, kUnknown };

Format FormatOf(const std::string& path) {
  if (path == "-") return Format::kJsonl;
  std::string ext = Lower(fs::path(path).extension().string());
  if (ext == ".txt" || ext == ".md" || ext == ".text") return Format::kText;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::kHtml;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::kJsonl;
  return Format::kUnknown;
}

bool Matches(const std::vector<std::string>& globs, const std::string& name) {
  for (const auto& g : globs)
    if (fnmatch(g.c_str(), name.c_str(), 0) == 0) return true;
  return false;
}

bool Selected(const fs::path& p, const ReadOptions& opts) {
  std::string name = p.filename().string();
  if (!opts.include.empty() && !Matches(opts.include, name)) return false;
  if (Matches(opts.exclude, name)) return false;
  return FormatOf(p.string()) != Format::kUnknown;
}

// A JSON field as a string: strings as is, numbers printed, null/missing -> "".
std::string Field(const nlohmann::json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return "";
}

}  // namespace

std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs, const ReadOptions& opts,
                                      std::string* error) {
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
      fs::recursive_directory_iterator it(in, fs::directory_options::skip_permission_denied, ec), end;
      if (ec) {
        *error = in + ": cannot read directory: " + ec.message();
        return {};
      }
      for (; it != end; it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec) && Selected(it->path(), opts)) found.push_back(it->path().string());
      }
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
  // Current JSONL stream, if any.
  std::unique_ptr<std::ifstream> jsonl_file;
  std::istream* jsonl = nullptr;
  std::string jsonl_name;
  uint64_t jsonl_line = 0, jsonl_offset = 0;
  uint64_t bytes_read = 0, total_bytes = 0;
  std::string line;

  void Report(const std::string& src, uint64_t line_no, uint64_t offset, const std::string& msg) {
    if (on_error) on_error(ReadError{src, line_no, offset, msg});
  }

  bool NextJsonl(Document* doc) {
    while (std::getline(*jsonl, line)) {
      ++jsonl_line;
      uint64_t offset = jsonl_offset;
      jsonl_offset += line.size() + 1;
      bytes_read += line.size() + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      if (line.size() > opts.max_document_bytes) {
        Report(jsonl_name, jsonl_line, offset, "document larger than the cap of " +
                                                   std::to_string(opts.max_document_bytes) + " bytes, skipped");
        continue;
      }
      nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) {
        Report(jsonl_name, jsonl_line, offset, "invalid JSON, line skipped");
        continue;
      }
      if (!j.is_object()) {
        Report(jsonl_name, jsonl_line, offset, "not a JSON object, line skipped");
        continue;
      }
      auto text_it = j.find(opts.text_field);
      auto html_it = j.find(opts.html_field);
      bool has_text = text_it != j.end() && text_it->is_string();
      bool has_html = html_it != j.end() && html_it->is_string();
      if (!has_text && !has_html) {
        Report(jsonl_name, jsonl_line, offset,
               "no string field \"" + opts.text_field + "\" or \"" + opts.html_field + "\", line skipped");
        continue;
      }
      *doc = Document{};
      doc->id = Field(j, opts.id_field);
      if (doc->id.empty()) doc->id = jsonl_name + ":" + std::to_string(jsonl_line);
      doc->url = Field(j, opts.url_field);
      doc->title = Field(j, opts.title_field);
      doc->published = Field(j, opts.date_field);
      if (doc->published.empty()) doc->published = opts.published;
      if (has_text) {
        doc->raw = text_it->get<std::string>();
        doc->content_type = ContentType::kText;
      } else {
        doc->raw = html_it->get<std::string>();
        doc->content_type = ContentType::kHtml;
      }
      doc->charset_hint = "UTF-8";
      doc->source_file = jsonl_name;
      doc->source_offset = offset;
      doc->source_line = jsonl_line;
      return true;
    }
    jsonl = nullptr;
    jsonl_file.reset();
    return false;
  }

  bool ReadWholeFile(const std::string& path, Format fmt, Document* doc) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
      Report(path, 0, 0, std::string("cannot open: ") + std::strerror(errno));
      return false;
    }
    std::error_code ec;
    uint64_t size = fs::file_size(path, ec);
    if (!ec && size > opts.max_document_bytes) {
      Report(path, 0, 0, "document larger than the cap of " + std::to_string(opts.max_document_bytes) +
                             " bytes, skipped");
      bytes_read += size;
      return false;
    }
    *doc = Document{};
    doc->raw.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    if (f.bad()) {
      Report(path, 0, 0, "read error");
      return false;
    }
    bytes_read += doc->raw.size();
    doc->id = path;
    doc->published = opts.published;
    doc->content_type = fmt == Format::kHtml ? ContentType::kHtml : ContentType::kText;
    doc->source_file = path;
    return true;
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
  auto files = ExpandInputs(impl_->inputs, impl_->opts, error);
  if (!error->empty()) return false;
  for (const auto& f : files) {
    if (f == "-") continue;
    std::ifstream probe(f, std::ios::binary);
    if (!probe) {
      *error = f + ": cannot open: " + std::strerror(errno);
      return false;
    }
  }
  return true;
}

bool DocumentReader::Next(Document* doc) {
  auto& m = *impl_;
  if (!m.expanded) {
    std::string err;
    m.files = ExpandInputs(m.inputs, m.opts, &err);
    if (!err.empty()) m.Report("quarry", 0, 0, err);
    m.expanded = true;
    for (const auto& f : m.files) {
      std::error_code ec;
      if (f != "-") m.total_bytes += fs::file_size(f, ec);
    }
  }
  for (;;) {
    if (m.jsonl && m.NextJsonl(doc)) return true;
    if (m.next_file >= m.files.size()) return false;
    const std::string& path = m.files[m.next_file++];
    Format fmt = FormatOf(path);
    if (fmt == Format::kJsonl) {
      m.jsonl_name = path;
      m.jsonl_line = 0;
      m.jsonl_offset = 0;
      if (path == "-") {
        m.jsonl = &std::cin;
      } else {
        m.jsonl_file = std::make_unique<std::ifstream>(path, std::ios::binary);
        if (!*m.jsonl_file) {
          m.Report(path, 0, 0, std::string("cannot open: ") + std::strerror(errno));
          m.jsonl_file.reset();
          continue;
        }
        m.jsonl = m.jsonl_file.get();
      }
      continue;
    }
    // Unknown extensions given explicitly are read as text.
    if (m.ReadWholeFile(path, fmt == Format::kUnknown ? Format::kText : fmt, doc)) return true;
  }
}

uint64_t DocumentReader::TotalBytes() const { return impl_->total_bytes; }
uint64_t DocumentReader::BytesRead() const { return impl_->bytes_read; }

}  // namespace quarry::input
