// Claim file parsing: a small RFC 4180 CSV reader (quoted fields may hold commas, quotes and
// newlines) and a JSONL reader, both reading one record at a time (Note [Streaming claims]),
// each record capped in size, reporting file:line on the first error.
#include "verify/claims.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "base/period.h"
#include "base/terminal.h"

namespace quarry::verify {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// Validates the record's fields and parses its figure.
bool ValidateClaim(Claim* c, const std::string& where, std::string* error) {
  if (c->subject.empty()) {
    *error = where + ": empty subject";
    return false;
  }
  if (c->type.empty()) {
    *error = where + ": empty type";
    return false;
  }
  if (!ValidPeriod(c->period)) {
    *error = where + ": bad period \"" + Excerpt(c->period) +
             "\" (expected YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY-MM..YYYY-MM, or empty)";
    return false;
  }
  std::string err;
  auto f = ParseWrittenFigure(c->value_text, &err);
  if (!f) {
    *error = where + ": " + err;
    return false;
  }
  c->figure = *f;
  return true;
}

// A CSV record and the line it starts on.
struct Record {
  int line = 0;
  std::vector<std::string> fields;
};

}  // namespace

struct ClaimReader::Impl {
  std::string name;
  bool jsonl = false;
  // The bytes: a file descriptor read 64 KiB at a time, or everything in `buf` (memory).
  int fd = -1;
  bool regular = false;  // fd is a regular file: Rewind() may seek
  std::string memory;    // OpenString's content, kept for Rewind()
  bool from_memory = false;
  std::string buf;
  size_t pos = 0;
  bool eof = false;
  std::string read_error;
  // Parser state.
  int line = 1;  // the line the next byte is on
  bool started = false, failed = false;
  std::vector<std::string> header;
  std::map<std::string, size_t> col;

  ~Impl() { Close(); }
  void Close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }

  void Reset() {
    buf.clear();
    pos = 0;
    eof = false;
    read_error.clear();
    line = 1;
    started = failed = false;
    header.clear();
    col.clear();
    if (from_memory) {
      buf = memory;
      eof = true;
    }
  }

  // Appends up to 64 KiB to buf; false at the end of input or on a read error.
  bool More() {
    if (eof) return false;
    char chunk[65536];
    for (;;) {
      ssize_t n = ::read(fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) read_error = name + ": cannot read claims file: " + std::strerror(errno);
      if (n <= 0) {
        eof = true;
        return false;
      }
      buf.append(chunk, static_cast<size_t>(n));
      return true;
    }
  }
  // The next byte, or -1 at the end. Consumed bytes are dropped whenever the buffer refills, so
  // the buffer stays at one chunk.
  int Peek() {
    if (pos == buf.size()) {
      buf.clear();
      pos = 0;
      if (!More()) return -1;
    }
    return static_cast<unsigned char>(buf[pos]);
  }
  int PeekAt(size_t k) {  // byte k after the next, without consuming (k small)
    while (pos + k >= buf.size())
      if (!More()) return -1;
    return static_cast<unsigned char>(buf[pos + k]);
  }
  void Bump() { ++pos; }

  // Decides CSV or JSONL from the first non-blank byte (the name decided it when it could).
  void Detect() {
    for (size_t k = 0;; ++k) {
      int c = PeekAt(k);
      if (c < 0 || k > (1u << 20)) return;  // nothing but blanks: CSV (an empty file)
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
      jsonl = c == '{';
      return;
    }
  }

  bool Fail(std::string* error, std::string message) {
    *error = std::move(message);
    failed = true;
    return false;
  }

  // One CSV record (RFC 4180: quoted fields may hold commas, quotes and newlines). False at the
  // end of input; false with *error set on a malformed record. Blank and '#' lines are skipped.
  bool ReadRecord(Record* rec, std::string* error) {
    for (;;) {
      if (Peek() < 0) return read_error.empty() ? false : Fail(error, read_error);
      rec->line = line;
      rec->fields.clear();
      std::string field;
      size_t bytes = 0;
      bool in_quotes = false, quoted = false, end_record = false;
      int c;
      while (!end_record && (c = Peek()) >= 0) {
        if (++bytes > kMaxClaimRecordBytes)
          return Fail(error, name + ":" + std::to_string(rec->line) + ": record longer than " +
                                 std::to_string(kMaxClaimRecordBytes >> 20) + " MiB");
        if (in_quotes) {
          Bump();
          if (c == '"') {
            if (Peek() == '"') {
              field += '"';
              Bump();
              continue;
            }
            in_quotes = false;
            continue;
          }
          if (c == '\n') ++line;
          field += static_cast<char>(c);
          continue;
        }
        if (c == '"') {
          if (!Trim(field).empty())
            return Fail(error, name + ":" + std::to_string(line) + ": quote inside an unquoted field");
          field.clear();
          in_quotes = quoted = true;
          Bump();
          continue;
        }
        if (c == ',') {
          rec->fields.push_back(quoted ? field : Trim(field));
          field.clear();
          quoted = false;
          Bump();
          continue;
        }
        if (c == '\n') {
          ++line;
          Bump();
          end_record = true;
          continue;
        }
        if (quoted && c != '\r' && c != ' ' && c != '\t')
          return Fail(error, name + ":" + std::to_string(line) + ": text after a closing quote");
        field += static_cast<char>(c);
        Bump();
      }
      if (!read_error.empty()) return Fail(error, read_error);
      if (in_quotes) return Fail(error, name + ":" + std::to_string(rec->line) + ": unterminated quoted field");
      rec->fields.push_back(quoted ? field : Trim(field));
      if (rec->fields.size() == 1 && rec->fields[0].empty()) continue;
      if (!quoted && !rec->fields[0].empty() && rec->fields[0][0] == '#') continue;
      return true;
    }
  }

  bool ReadHeader(std::string* error) {
    if (PeekAt(0) == 0xEF && PeekAt(1) == 0xBB && PeekAt(2) == 0xBF) pos += 3;  // BOM
    Record head;
    if (!ReadRecord(&head, error)) {
      if (failed) return false;
      if (!read_error.empty()) return Fail(error, read_error);
      return Fail(error, name + ":1: empty claims file (expected header subject,type,period,value[,url])");
    }
    static const char* kKnown[] = {"subject", "type", "period", "value", "url", "modality", "object", "scope", "note", "id"};
    for (size_t i = 0; i < head.fields.size(); ++i) {
      std::string h = head.fields[i];
      for (auto& ch : h) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      bool known = false;
      for (const char* k : kKnown) known = known || h == k;
      if (!known)
        return Fail(error, name + ":" + std::to_string(head.line) + ": unknown column \"" + Excerpt(head.fields[i]) +
                               "\" (header must be subject,type,period,value[,url][,modality][,object][,scope])");
      if (col.count(h))
        return Fail(error, name + ":" + std::to_string(head.line) + ": duplicate column \"" + Excerpt(h) + "\"");
      col[h] = i;
    }
    for (const char* req : {"subject", "type", "period", "value"}) {
      if (!col.count(req))
        return Fail(error, name + ":" + std::to_string(head.line) + ": header lacks column \"" + req +
                               "\" (expected subject,type,period,value[,url])");
    }
    header = std::move(head.fields);
    return true;
  }

  bool NextCsv(Claim* c, std::string* error) {
    if (!started) {
      started = true;
      if (!ReadHeader(error)) return false;
    }
    Record rec;
    if (!ReadRecord(&rec, error)) return false;
    std::string where = name + ":" + std::to_string(rec.line);
    if (rec.fields.size() != header.size())
      return Fail(error, where + ": expected " + std::to_string(header.size()) + " fields, found " +
                             std::to_string(rec.fields.size()));
    auto get = [&](const char* k) {
      auto it = col.find(k);
      return it != col.end() ? rec.fields[it->second] : std::string();
    };
    *c = Claim{};
    c->line = rec.line;
    c->subject = Trim(get("subject"));
    c->type = Trim(get("type"));
    c->period = Trim(get("period"));
    c->value_text = Trim(get("value"));
    c->url = Trim(get("url"));
    c->modality = Trim(get("modality"));
    c->object = Trim(get("object"));
    c->scope = Trim(get("scope"));
    if (!ValidateClaim(c, where, error)) return Fail(error, *error);
    return true;
  }

  // One line without its '\n'; false at the end of input.
  bool ReadLine(std::string* out, std::string* error) {
    out->clear();
    if (Peek() < 0) return read_error.empty() ? false : Fail(error, read_error);
    int c;
    while ((c = Peek()) >= 0) {
      Bump();
      if (c == '\n') break;
      if (out->size() >= kMaxClaimRecordBytes)
        return Fail(error, name + ":" + std::to_string(line) + ": line longer than " +
                               std::to_string(kMaxClaimRecordBytes >> 20) + " MiB");
      *out += static_cast<char>(c);
    }
    if (!read_error.empty()) return Fail(error, read_error);
    return true;
  }

  bool NextJsonl(Claim* c, std::string* error) {
    std::string l;
    for (;;) {
      int at = line;
      if (!ReadLine(&l, error)) return false;
      ++line;
      std::string t = Trim(l);
      if (t.empty() || t[0] == '#') continue;
      std::string where = name + ":" + std::to_string(at);
      nlohmann::json j = nlohmann::json::parse(t, nullptr, false);
      if (j.is_discarded() || !j.is_object()) return Fail(error, where + ": not a JSON object");
      *c = Claim{};
      c->line = at;
      for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const auto& v = it.value();
        std::string s;
        if (v.is_string()) {
          s = v.get<std::string>();
        } else if (v.is_number_integer() || v.is_number_unsigned()) {
          s = v.dump();
        } else if (v.is_number_float()) {
          s = v.dump();  // shortest round-trip form; write values as strings to keep "127.90"
        } else if (!v.is_null()) {
          return Fail(error, where + ": field \"" + Excerpt(k) + "\" must be a string or number");
        }
        if (k == "subject") c->subject = Trim(s);
        else if (k == "type") c->type = Trim(s);
        else if (k == "period") c->period = Trim(s);
        else if (k == "value") c->value_text = Trim(s);
        else if (k == "url") c->url = Trim(s);
        else if (k == "modality") c->modality = Trim(s);
        else if (k == "object") c->object = Trim(s);
        else if (k == "scope") c->scope = Trim(s);
        // other keys (id, note, ...) are carried by the user, ignored here
      }
      if (!j.contains("value")) return Fail(error, where + ": missing \"value\"");
      if (!ValidateClaim(c, where, error)) return Fail(error, *error);
      return true;
    }
  }
};

namespace {
}  // namespace

bool ValidPeriod(std::string_view p) {
  if (p.empty()) return true;
  auto period = Period::Parse(p);
  if (!period) return false;
  switch (period->kind()) {
    case Period::Kind::kDay: return false;
    case Period::Kind::kYear: return !period->IsUnknownYear();
    case Period::Kind::kRange: {
      Period begin = period->Begin(), end = period->End();
      return begin.kind() == Period::Kind::kMonth && end.kind() == Period::Kind::kMonth &&
             begin.FirstMonth() <= end.FirstMonth();
    }
    default: return true;
  }
}

ClaimReader::ClaimReader() : impl_(std::make_unique<Impl>()) {}
ClaimReader::~ClaimReader() = default;

bool ClaimReader::Open(const std::string& path, std::string* error) {
  impl_ = std::make_unique<Impl>();
  Impl& m = *impl_;
  m.name = path;
  m.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (m.fd < 0) {
    *error = path + ": cannot open claims file";
    return false;
  }
  struct stat st;
  m.regular = ::fstat(m.fd, &st) == 0 && S_ISREG(st.st_mode);
  auto ends = [&](std::string_view suf) {
    return path.size() >= suf.size() && path.compare(path.size() - suf.size(), suf.size(), suf) == 0;
  };
  m.jsonl = ends(".jsonl") || ends(".ndjson") || ends(".json");
  if (!m.jsonl && !ends(".csv")) m.Detect();
  if (!m.read_error.empty()) {
    *error = m.read_error;
    return false;
  }
  return true;
}

void ClaimReader::OpenString(std::string_view content, const std::string& name, bool jsonl) {
  impl_ = std::make_unique<Impl>();
  impl_->name = name;
  impl_->jsonl = jsonl;
  impl_->from_memory = true;
  impl_->memory.assign(content);
  impl_->Reset();
}

bool ClaimReader::Next(Claim* claim, std::string* error) {
  error->clear();
  Impl& m = *impl_;
  if (m.failed) {
    *error = m.name + ": claims file already failed";
    return false;
  }
  return m.jsonl ? m.NextJsonl(claim, error) : m.NextCsv(claim, error);
}

bool ClaimReader::Rewindable() const { return impl_->from_memory || impl_->regular; }

bool ClaimReader::Rewind(std::string* error) {
  Impl& m = *impl_;
  if (!Rewindable() || (!m.from_memory && ::lseek(m.fd, 0, SEEK_SET) != 0)) {
    *error = m.name + ": cannot read the claims file again";
    return false;
  }
  m.Reset();
  return true;
}

bool ParseClaims(std::string_view content, const std::string& name, bool jsonl,
                 std::vector<Claim>* out, std::string* error) {
  ClaimReader reader;
  reader.OpenString(content, name, jsonl);
  Claim c;
  while (reader.Next(&c, error)) out->push_back(std::move(c));
  return error->empty();
}

bool LoadClaims(const std::string& path, std::vector<Claim>* out, std::string* error) {
  ClaimReader reader;
  if (!reader.Open(path, error)) return false;
  Claim c;
  while (reader.Next(&c, error)) out->push_back(std::move(c));
  return error->empty();
}

}  // namespace quarry::verify
