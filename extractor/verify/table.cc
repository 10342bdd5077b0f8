// Row formatting for query, facts, series and verify output.
#include "verify/table.h"

#include <algorithm>
#include <cstdio>

#include "base/terminal.h"

namespace quarry::verify {
namespace {

// Decodes one UTF-8 code point at s[i]; advances i. Invalid bytes count as one narrow char.
uint32_t NextCp(std::string_view s, size_t* i) {
  unsigned char c = static_cast<unsigned char>(s[*i]);
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (*i + n > s.size()) n = 1;
  uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += n;
  return cp;
}

bool IsWide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Table cells are one line: line breaks and tabs become spaces, other controls visible escapes.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return TerminalSafe(out);
}

// "-34.07", "+5", "1e5": a number a spreadsheet reads as a value, not a formula.
bool PlainNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

std::string JsonValue(const Cell& c) {
  switch (c.kind) {
    case Cell::kNull: return "null";
    case Cell::kInt:
    case Cell::kReal: return c.text;
    case Cell::kText: return JsonString(c.text);
  }
  return "null";
}

}  // namespace

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "table") return Format::kTable;
  if (name == "csv") return Format::kCsv;
  if (name == "json") return Format::kJson;
  if (name == "jsonl") return Format::kJsonl;
  if (name == "md") return Format::kMd;
  return std::nullopt;
}

size_t DisplayWidth(std::string_view s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = NextCp(s, &i);
    if ((cp >= 0x300 && cp <= 0x36F) || cp == 0x200B) continue;  // combining, zero width
    w += IsWide(cp) ? 2 : 1;
  }
  return w;
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Note [CSV formulas]: spreadsheets run a cell that starts with = + - @ (and, in some, tab or CR)
// as a formula, so a sentence from an article could call =HYPERLINK or =cmd|... on the analyst's
// machine. Such text cells get a leading ' (OWASP's advice), which spreadsheets show as text;
// plain numbers (-34.07) are left alone, so figures stay figures.
std::string CsvCell(const Cell& c) {
  std::string s = TerminalSafe(c.text);
  if (c.kind == Cell::kText && !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos &&
      !PlainNumber(s))
    s.insert(0, 1, '\'');
  return CsvField(s);
}

TableWriter::TableWriter(std::ostream& out, Format format, std::vector<std::string> columns,
                         size_t max_cell_width)
    : out_(out), format_(format), columns_(std::move(columns)), max_cell_width_(max_cell_width) {
  if (format_ == Format::kCsv) {
    for (size_t i = 0; i < columns_.size(); ++i) out_ << (i ? "," : "") << CsvField(columns_[i]);
    out_ << "\n";
    header_done_ = true;
  } else if (format_ == Format::kJson) {
    out_ << "[";
  }
}

TableWriter::~TableWriter() { Finish(); }

std::string TableWriter::Fit(const std::string& s, size_t width) const {
  std::string one = OneLine(s);
  if (max_cell_width_ == 0 || DisplayWidth(one) <= width) return one;
  // Cut at a code point boundary so the ellipsis fits in `width`.
  std::string out;
  size_t w = 0;
  for (size_t i = 0; i < one.size();) {
    size_t start = i;
    uint32_t cp = NextCp(one, &i);
    size_t cw = IsWide(cp) ? 2 : 1;
    if (w + cw + 1 > width) break;
    out.append(one, start, i - start);
    w += cw;
  }
  return out + "\xE2\x80\xA6";
}

void TableWriter::Add(std::vector<Cell> row) {
  row.resize(columns_.size());
  ++rows_;
  if (format_ == Format::kTable || format_ == Format::kMd) {
    if (!header_done_) {
      pending_.push_back(std::move(row));
      if (pending_.size() >= kWidthSample) Flush();
      return;
    }
  }
  WriteRow(row);
}

void TableWriter::Flush() {
  if (header_done_) return;
  widths_.assign(columns_.size(), 1);
  for (size_t i = 0; i < columns_.size(); ++i) widths_[i] = std::max<size_t>(1, DisplayWidth(columns_[i]));
  for (const auto& r : pending_)
    for (size_t i = 0; i < r.size(); ++i) {
      size_t w = DisplayWidth(OneLine(r[i].text));
      if (max_cell_width_) w = std::min(w, max_cell_width_);
      widths_[i] = std::max(widths_[i], w);
    }
  header_done_ = true;
  std::vector<Cell> head;
  for (const auto& c : columns_) head.push_back(Cell::Text(c));
  if (format_ == Format::kMd) {
    WriteRow(head);
    out_ << "|";
    for (size_t w : widths_) out_ << std::string(w + 2, '-') << "|";
    out_ << "\n";
  } else {
    WriteRow(head);
    for (size_t i = 0; i < widths_.size(); ++i) out_ << (i ? "  " : "") << std::string(widths_[i], '-');
    out_ << "\n";
  }
  for (const auto& r : pending_) WriteRow(r);
  pending_.clear();
}

void TableWriter::WriteRow(const std::vector<Cell>& row) {
  switch (format_) {
    case Format::kCsv:
      for (size_t i = 0; i < row.size(); ++i) out_ << (i ? "," : "") << CsvCell(row[i]);
      out_ << "\n";
      break;
    case Format::kJson:
    case Format::kJsonl: {
      if (format_ == Format::kJson) out_ << (rows_ > 1 ? ",\n" : "\n");
      out_ << "{";
      for (size_t i = 0; i < row.size(); ++i)
        out_ << (i ? "," : "") << JsonString(columns_[i]) << ":" << JsonValue(row[i]);
      out_ << "}";
      if (format_ == Format::kJsonl) out_ << "\n";
      break;
    }
    case Format::kTable: {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        std::string s = Fit(row[i].text, widths_[i]);
        size_t w = DisplayWidth(s);
        bool right = row[i].kind == Cell::kInt || row[i].kind == Cell::kReal;
        if (i) line += "  ";
        std::string pad(w < widths_[i] ? widths_[i] - w : 0, ' ');
        line += right ? pad + s : s + (i + 1 < row.size() ? pad : "");
      }
      out_ << line << "\n";
      break;
    }
    case Format::kMd: {
      out_ << "|";
      for (size_t i = 0; i < row.size(); ++i) {
        std::string s = OneLine(row[i].text);
        std::string esc;
        for (char c : s) {
          if (c == '|') esc += '\\';
          esc += c;
        }
        size_t w = DisplayWidth(esc);
        out_ << " " << esc << std::string(w < widths_[i] ? widths_[i] - w : 0, ' ') << " |";
      }
      out_ << "\n";
      break;
    }
  }
}

void TableWriter::Finish() {
  if (finished_) return;
  finished_ = true;
  if (format_ == Format::kTable || format_ == Format::kMd) Flush();
  if (format_ == Format::kJson) out_ << (rows_ ? "\n]\n" : "]\n");
  out_.flush();
}

}  // namespace quarry::verify
