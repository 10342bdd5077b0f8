// WarcReader implementation.
//
// Note [WARC resynchronization]
// A record is "WARC/1.x" CRLF, header lines, CRLF, Content-Length bytes, CRLF CRLF. Real crawls
// break this in three ways: a record cut short (truncated at 1 MiB, or a gzip member that ends
// early), a Content-Length off by one or two, and garbage between records. We trust a record
// only when its content is complete within its gzip member; after the content we skip line
// breaks, and whenever the position does not start with "WARC/1." we scan forward for the next
// line that does (reporting the skipped span if it is more than a few bytes). A record whose
// member ends before its declared length is reported as truncated and the reader continues at
// the member boundary, so one bad record never swallows the next. A plain (uncompressed) file
// has no members: there a record whose declared length runs past the end of the input or over
// the record cap is reported, and the reader scans on from the end of its header block for the
// next "WARC/1." line, so an absurd Content-Length costs that record only.
#include "input/warc.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace quarry::input {
namespace {

constexpr std::string_view kMagic = "WARC/1.";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Looks up header `name` (lowercase) in a header block of "Name: value" lines.
std::string Header(std::string_view block, std::string_view name) {
  size_t i = 0;
  while (i < block.size()) {
    size_t e = block.find('\n', i);
    if (e == std::string_view::npos) e = block.size();
    std::string_view line = block.substr(i, e - i);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && colon == name.size() && Lower(line.substr(0, colon)) == name)
      return std::string(Trim(line.substr(colon + 1)));
    i = e + 1;
  }
  return "";
}

bool ParseUint(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 19) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

// "text/html; charset=gbk" -> mime "text/html", charset "gbk".
void ParseContentType(const std::string& ct, std::string* mime, std::string* charset) {
  std::string l = Lower(ct);
  size_t semi = l.find(';');
  *mime = std::string(Trim(std::string_view(l).substr(0, semi)));
  charset->clear();
  size_t cs = l.find("charset=");
  if (cs != std::string::npos) {
    std::string_view v = std::string_view(ct).substr(cs + 8);
    size_t end = v.find_first_of(";, ");
    v = v.substr(0, end);
    if (!v.empty() && (v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
    if (!v.empty() && (v.back() == '"' || v.back() == '\'')) v.remove_suffix(1);
    *charset = std::string(v);
  }
}

bool IsHtml(const std::string& mime) { return mime == "text/html" || mime == "application/xhtml+xml"; }
bool IsText(const std::string& mime) { return mime == "text/plain" || mime == "text/markdown"; }

// Inflates gzip or raw/zlib deflate `in` into *out, capped. False + *error on failure.
bool Inflate(std::string_view in, bool gzip, uint64_t cap, std::string* out, std::string* error) {
  out->clear();
  z_stream zs{};
  // gzip: 16+15; "deflate" in HTTP is meant to be zlib, but servers send raw deflate too:
  // 32+15 auto-detects zlib/gzip headers, and we retry raw (-15) if that fails.
  for (int attempt = 0; attempt < 2; ++attempt) {
    int wbits = gzip ? 15 + 16 : attempt == 0 ? 15 + 32 : -15;
    if (inflateInit2(&zs, wbits) != Z_OK) {
      *error = "zlib init failed";
      return false;
    }
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    char chunk[64 << 10];
    while (rc == Z_OK) {
      zs.next_out = reinterpret_cast<Bytef*>(chunk);
      zs.avail_out = sizeof chunk;
      rc = inflate(&zs, Z_NO_FLUSH);
      out->append(chunk, sizeof chunk - zs.avail_out);
      if (out->size() > cap) {
        inflateEnd(&zs);
        *error = "HTTP body decompresses past the cap of " + std::to_string(cap) + " bytes";
        return false;
      }
      if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // truncated: keep what we have
    }
    inflateEnd(&zs);
    if (rc == Z_STREAM_END || (rc == Z_BUF_ERROR && !out->empty())) return true;
    if (gzip || attempt == 1) {
      *error = std::string("bad ") + (gzip ? "gzip" : "deflate") + " HTTP body";
      return false;
    }
    out->clear();
    zs = z_stream{};
  }
  return false;
}

// Undoes chunked transfer coding; false when the framing is broken.
bool Dechunk(std::string_view in, std::string* out) {
  out->clear();
  size_t i = 0;
  while (i < in.size()) {
    size_t e = in.find('\n', i);
    if (e == std::string_view::npos) return false;
    std::string_view line = Trim(in.substr(i, e - i));
    size_t semi = line.find(';');
    line = line.substr(0, semi);
    uint64_t n = 0;
    if (line.empty() || line.size() > 15) return false;
    for (char c : line) {
      int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
              : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                          : -1;
      if (d < 0) return false;
      n = n * 16 + static_cast<uint64_t>(d);
    }
    i = e + 1;
    if (n == 0) return true;
    if (n > in.size() - i) {  // truncated last chunk: keep what is there
      out->append(in.substr(i));
      return true;
    }
    out->append(in.substr(i, n));
    i += n;
    while (i < in.size() && (in[i] == '\r' || in[i] == '\n') && i < in.size()) ++i;
  }
  return true;
}

}  // namespace

// Returns the header block (without the blank line) starting at the position; *consumed is its
// length including the blank line. *ok = false when no blank line within the caps.
std::string_view WarcReader::ReadHeaderBlock(size_t* consumed, bool* ok) {
  *ok = false;
  size_t scanned = 0;
  for (;;) {
    std::string_view v = in_->View();
    size_t line_start = 0;
    // Walk complete lines from the start each time (blocks are small).
    size_t i = 0;
    while (true) {
      size_t e = v.find('\n', i);
      if (e == std::string_view::npos) {
        if (v.size() - i > limits_.max_header_line) return {};
        break;
      }
      if (e - i > limits_.max_header_line) return {};
      std::string_view line = v.substr(i, e - i);
      if (line == "\r" || line.empty()) {
        *consumed = e + 1;
        *ok = true;
        return v.substr(0, line_start);
      }
      i = e + 1;
      line_start = i;
      if (i > limits_.max_header_bytes) return {};
    }
    scanned = v.size();
    if (in_->Fill(scanned + 4096) <= scanned) return {};  // input ended inside the headers
  }
}

bool WarcReader::Resync(bool report) {
  uint64_t start = in_->offset();
  for (;;) {
    std::string_view v = in_->View();
    // Candidates: "WARC/1." at a line start (or at the start of a member).
    size_t i = 1;
    for (;;) {
      size_t hit = v.find(kMagic, i);
      if (hit == std::string_view::npos) break;
      uint64_t abs = in_->offset() + hit;
      bool at_line = v[hit - 1] == '\n' || in_->MemberEndWithin(abs - 1, abs + 1) == abs;
      if (at_line) {
        in_->Consume(hit);
        if (report && in_->offset() - start > 8 && on_error_)
          on_error_(start, "skipped " + std::to_string(in_->offset() - start) + " bytes of non-record data");
        return true;
      }
      i = hit + 1;
    }
    // Keep a tail that might hold the start of the magic, read more.
    size_t keep = std::min<size_t>(v.size(), kMagic.size() + 1);
    in_->Consume(v.size() - keep);
    size_t before = in_->View().size();
    if (in_->Fill(before + (1 << 16)) <= before) {
      in_->Consume(in_->View().size());
      if (report && in_->offset() - start > 8 && on_error_)
        on_error_(start, "skipped " + std::to_string(in_->offset() - start) + " bytes of non-record data at the end");
      return false;
    }
  }
}

bool WarcReader::Next(Document* doc) {
  for (;;) {
    // Skip the record separator and stray line breaks.
    for (;;) {
      if (in_->Fill(1) == 0) return false;
      char c = in_->View()[0];
      if (c != '\r' && c != '\n') break;
      in_->Consume(1);
    }
    if (in_->Fill(kMagic.size()) < kMagic.size() || in_->View().substr(0, kMagic.size()) != kMagic) {
      if (!Resync(true)) return false;
    }
    uint64_t rec_start = in_->offset();
    uint64_t report_at = in_->gzip() ? in_->MemberStart(rec_start) : rec_start;
    ++records_;
    size_t hdr_len = 0;
    bool ok = false;
    std::string_view block = ReadHeaderBlock(&hdr_len, &ok);
    if (!ok) {
      if (on_error_) on_error_(report_at, "malformed WARC record: header block missing its end or over the caps");
      in_->Consume(kMagic.size());
      if (!Resync(false)) return false;  // already reported: skip quietly to the next record
      continue;
    }
    std::string type = Lower(Header(block, "warc-type"));
    std::string length_s = Header(block, "content-length");
    std::string uri = Header(block, "warc-target-uri");
    std::string date = Header(block, "warc-date");
    std::string warc_ct = Header(block, "content-type");
    uint64_t length = 0;
    if (!ParseUint(length_s, &length)) {
      if (on_error_) on_error_(report_at, "malformed WARC record: missing or invalid Content-Length");
      in_->Consume(hdr_len);
      if (!Resync(false)) return false;
      continue;
    }
    // A gzip member that ends before the declared content: truncated record.
    uint64_t content_start = rec_start + hdr_len;
    uint64_t content_end = content_start + length;
    if (length > limits_.max_record_bytes) {
      if (on_error_)
        on_error_(report_at, "WARC record of " + std::to_string(length) + " bytes is over the cap of " +
                                 std::to_string(limits_.max_record_bytes) + ", skipped");
      in_->Consume(hdr_len);
      // A plain file has no member boundaries to stop at, and an absurd length (a corrupt
      // header, 10^18) would skip every later record: look for the next record's header line
      // instead (Note [WARC resynchronization]). Content over the cap is skipped either way.
      if (!in_->gzip()) {
        if (!Resync(false)) return false;
        continue;
      }
      // Skip the content without holding it, stopping early at a member end.
      uint64_t left = length;
      while (left > 0) {
        size_t avail = in_->Fill(static_cast<size_t>(std::min<uint64_t>(left, 1 << 20)));
        if (avail == 0) break;
        uint64_t cut = in_->MemberEndWithin(in_->offset(), in_->offset() + avail + 1);
        size_t step = static_cast<size_t>(std::min<uint64_t>(left, avail));
        if (cut) step = static_cast<size_t>(std::min<uint64_t>(step, cut - in_->offset()));
        in_->Consume(step);
        left -= step;
        if (cut && in_->offset() == cut) break;
      }
      continue;
    }
    size_t need = static_cast<size_t>(hdr_len + length);
    size_t avail = in_->Fill(need);
    uint64_t cut = in_->MemberEndWithin(rec_start, content_end);
    if (cut || avail < need) {
      uint64_t got = (cut ? cut : rec_start + avail) - std::min<uint64_t>(content_start, cut ? cut : rec_start + avail);
      if (on_error_)
        on_error_(report_at, "truncated WARC record: " + std::to_string(got) + " of " + std::to_string(length) +
                                 " content bytes, skipped");
      if (cut) {
        in_->Consume(static_cast<size_t>(cut - rec_start));
      } else {
        // The input ends before the declared content does: in a plain file, a length too large
        // swallowed the records after it; they are still there, after this header.
        in_->Consume(hdr_len);
        if (!Resync(false)) return false;
      }
      continue;
    }
    std::string_view content = in_->View().substr(hdr_len, length);

    std::string mime, charset;
    std::string_view body;
    if (type == "response") {
      // HTTP response: status line, headers, body.
      size_t http_hdr = 0;
      std::string_view hv = content;
      size_t eoh = hv.find("\r\n\r\n");
      size_t sep = 4;
      if (eoh == std::string_view::npos) {
        eoh = hv.find("\n\n");
        sep = 2;
      }
      if (eoh == std::string_view::npos || eoh > limits_.max_header_bytes || hv.substr(0, 5) != "HTTP/") {
        if (on_error_) on_error_(report_at, "malformed HTTP response in WARC record, skipped");
        in_->Consume(need);
        continue;
      }
      http_hdr = eoh + sep;
      std::string_view hblock = hv.substr(0, eoh);
      size_t sp = hblock.find(' ');
      int status = sp == std::string_view::npos ? 0 : std::atoi(std::string(hblock.substr(sp + 1, 3)).c_str());
      ParseContentType(Header(hblock, "content-type"), &mime, &charset);
      if (status < 200 || status > 299 || !(IsHtml(mime) || IsText(mime))) {
        in_->Consume(need);  // redirects, errors, images...: not documents, not errors
        continue;
      }
      body = hv.substr(http_hdr);
      std::string te = Lower(Header(hblock, "transfer-encoding"));
      std::string ce = Lower(Header(hblock, "content-encoding"));
      if (te.find("chunked") != std::string::npos) {
        if (!Dechunk(body, &body_)) {
          if (on_error_) on_error_(report_at, "broken chunked transfer encoding in WARC record, skipped");
          in_->Consume(need);
          continue;
        }
        body = body_;
      }
      if (ce == "gzip" || ce == "x-gzip" || ce == "deflate") {
        std::string err;
        if (!Inflate(body, ce != "deflate", limits_.max_decompressed_bytes, &decoded_, &err)) {
          if (on_error_) on_error_(report_at, err + ", record skipped");
          in_->Consume(need);
          continue;
        }
        body = decoded_;
      } else if (!ce.empty() && ce != "identity" && ce != "none") {
        if (on_error_) on_error_(report_at, "unsupported HTTP Content-Encoding \"" + ce + "\", record skipped");
        in_->Consume(need);
        continue;
      }
    } else if (type == "resource") {
      ParseContentType(warc_ct, &mime, &charset);
      if (!(IsHtml(mime) || IsText(mime))) {
        in_->Consume(need);
        continue;
      }
      body = content;
    } else {
      in_->Consume(need);  // warcinfo, request, metadata, revisit, conversion
      continue;
    }
    *doc = Document{};
    doc->raw.assign(body.data(), body.size());
    doc->content_type = IsHtml(mime) ? ContentType::kHtml : ContentType::kText;
    doc->charset_hint = charset;
    doc->url = uri;
    doc->published = date;
    doc->id = source_ + "#" + std::to_string(records_);
    doc->source_file = source_;
    doc->source_offset = report_at;
    in_->Consume(need);
    return true;
  }
}

}  // namespace quarry::input
