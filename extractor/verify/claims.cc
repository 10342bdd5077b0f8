// Claim file parsing: a small RFC 4180 CSV reader (quoted fields may hold commas, quotes and
// newlines) and a JSONL reader, both capped in size and reporting file:line on the first error.
#include "verify/claims.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/period.h"
#include "base/terminal.h"

namespace quarry::verify {
namespace {

constexpr size_t kMaxClaimsBytes = 256u << 20;  // a claims file is small; refuse runaway input
constexpr size_t kMaxClaims = 1000000;

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// Validates the record's fields and appends it.
bool AddClaim(Claim c, const std::string& where, std::vector<Claim>* out, std::string* error) {
  if (c.subject.empty()) {
    *error = where + ": empty subject";
    return false;
  }
  if (c.type.empty()) {
    *error = where + ": empty type";
    return false;
  }
  if (!ValidPeriod(c.period)) {
    *error = where + ": bad period \"" + Excerpt(c.period) +
             "\" (expected YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY-MM..YYYY-MM, or empty)";
    return false;
  }
  std::string err;
  auto f = ParseWrittenFigure(c.value_text, &err);
  if (!f) {
    *error = where + ": " + err;
    return false;
  }
  c.figure = *f;
  if (out->size() >= kMaxClaims) {
    *error = where + ": more than " + std::to_string(kMaxClaims) + " claims";
    return false;
  }
  out->push_back(std::move(c));
  return true;
}

// Splits CSV into records; each record remembers the line it starts on.
struct Record {
  int line;
  std::vector<std::string> fields;
};

bool SplitCsv(std::string_view s, const std::string& name, std::vector<Record>* out, std::string* error) {
  int line = 1;
  size_t i = 0;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // BOM
  while (i < s.size()) {
    Record rec{line, {}};
    std::string field;
    bool in_quotes = false, quoted = false, end_record = false;
    while (i < s.size() && !end_record) {
      char c = s[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          in_quotes = false;
          ++i;
          continue;
        }
        if (c == '\n') ++line;
        field += c;
        ++i;
        continue;
      }
      if (c == '"') {
        if (!Trim(field).empty()) {
          *error = name + ":" + std::to_string(line) + ": quote inside an unquoted field";
          return false;
        }
        field.clear();
        in_quotes = quoted = true;
        ++i;
        continue;
      }
      if (c == ',') {
        rec.fields.push_back(quoted ? field : Trim(field));
        field.clear();
        quoted = false;
        ++i;
        continue;
      }
      if (c == '\n') {
        ++line;
        ++i;
        end_record = true;
        continue;
      }
      if (quoted && c != '\r' && c != ' ' && c != '\t') {
        *error = name + ":" + std::to_string(line) + ": text after a closing quote";
        return false;
      }
      field += c;
      ++i;
    }
    if (in_quotes) {
      *error = name + ":" + std::to_string(rec.line) + ": unterminated quoted field";
      return false;
    }
    rec.fields.push_back(quoted ? field : Trim(field));
    // Blank lines and '#' comment lines are skipped.
    if (rec.fields.size() == 1 && rec.fields[0].empty()) continue;
    if (!rec.fields.empty() && !quoted && rec.fields[0].size() && rec.fields[0][0] == '#') continue;
    out->push_back(std::move(rec));
  }
  return true;
}

bool ParseCsv(std::string_view content, const std::string& name, std::vector<Claim>* out,
              std::string* error) {
  std::vector<Record> recs;
  if (!SplitCsv(content, name, &recs, error)) return false;
  if (recs.empty()) {
    *error = name + ":1: empty claims file (expected header subject,type,period,value[,url])";
    return false;
  }
  const Record& head = recs[0];
  std::map<std::string, size_t> col;
  static const char* kKnown[] = {"subject", "type", "period", "value", "url", "modality", "object", "scope", "note", "id"};
  for (size_t i = 0; i < head.fields.size(); ++i) {
    std::string h = head.fields[i];
    for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool known = false;
    for (const char* k : kKnown) known = known || h == k;
    if (!known) {
      *error = name + ":" + std::to_string(head.line) + ": unknown column \"" + Excerpt(head.fields[i]) +
               "\" (header must be subject,type,period,value[,url][,modality][,object][,scope])";
      return false;
    }
    if (col.count(h)) {
      *error = name + ":" + std::to_string(head.line) + ": duplicate column \"" + Excerpt(h) + "\"";
      return false;
    }
    col[h] = i;
  }
  for (const char* req : {"subject", "type", "period", "value"}) {
    if (!col.count(req)) {
      *error = name + ":" + std::to_string(head.line) + ": header lacks column \"" + req +
               "\" (expected subject,type,period,value[,url])";
      return false;
    }
  }
  for (size_t r = 1; r < recs.size(); ++r) {
    const Record& rec = recs[r];
    std::string where = name + ":" + std::to_string(rec.line);
    if (rec.fields.size() != head.fields.size()) {
      *error = where + ": expected " + std::to_string(head.fields.size()) + " fields, found " +
               std::to_string(rec.fields.size());
      return false;
    }
    auto get = [&](const char* k) { return col.count(k) ? rec.fields[col[k]] : std::string(); };
    Claim c;
    c.line = rec.line;
    c.subject = Trim(get("subject"));
    c.type = Trim(get("type"));
    c.period = Trim(get("period"));
    c.value_text = Trim(get("value"));
    c.url = Trim(get("url"));
    c.modality = Trim(get("modality"));
    c.object = Trim(get("object"));
    c.scope = Trim(get("scope"));
    if (!AddClaim(std::move(c), where, out, error)) return false;
  }
  return true;
}

bool ParseJsonl(std::string_view content, const std::string& name, std::vector<Claim>* out,
                std::string* error) {
  int line = 0;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    std::string_view l = content.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    ++line;
    std::string t = Trim(l);
    if (t.empty() || t[0] == '#') continue;
    std::string where = name + ":" + std::to_string(line);
    nlohmann::json j = nlohmann::json::parse(t, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      *error = where + ": not a JSON object";
      return false;
    }
    Claim c;
    c.line = line;
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
        *error = where + ": field \"" + Excerpt(k) + "\" must be a string or number";
        return false;
      }
      if (k == "subject") c.subject = Trim(s);
      else if (k == "type") c.type = Trim(s);
      else if (k == "period") c.period = Trim(s);
      else if (k == "value") c.value_text = Trim(s);
      else if (k == "url") c.url = Trim(s);
      else if (k == "modality") c.modality = Trim(s);
      else if (k == "object") c.object = Trim(s);
      else if (k == "scope") c.scope = Trim(s);
      // other keys (id, note, ...) are carried by the user, ignored here
    }
    if (!j.contains("value")) {
      *error = where + ": missing \"value\"";
      return false;
    }
    if (!AddClaim(std::move(c), where, out, error)) return false;
  }
  return true;
}

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

bool ParseClaims(std::string_view content, const std::string& name, bool jsonl,
                 std::vector<Claim>* out, std::string* error) {
  return jsonl ? ParseJsonl(content, name, out, error) : ParseCsv(content, name, out, error);
}

bool LoadClaims(const std::string& path, std::vector<Claim>* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot open claims file";
    return false;
  }
  std::string content;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    content.append(buf, static_cast<size_t>(in.gcount()));
    if (content.size() > kMaxClaimsBytes) {
      *error = path + ": claims file larger than 256 MiB";
      return false;
    }
  }
  auto ends = [&](std::string_view suf) {
    return path.size() >= suf.size() && path.compare(path.size() - suf.size(), suf.size(), suf) == 0;
  };
  bool jsonl = ends(".jsonl") || ends(".ndjson") || ends(".json");
  if (!jsonl && !ends(".csv")) {
    size_t p = content.find_first_not_of(" \t\r\n");
    jsonl = p != std::string::npos && content[p] == '{';
  }
  return ParseClaims(content, path, jsonl, out, error);
}

}  // namespace quarry::verify
