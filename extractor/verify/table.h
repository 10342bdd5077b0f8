// Output of rows in the formats the query commands share: an aligned text table, CSV (RFC 4180),
// one JSON array, JSON Lines, or a Markdown table. Rows stream: csv/jsonl/json write as they
// come; table and md size their columns from the first kWidthSample rows and then stream too, so
// output never buffers an unbounded result.
// Output is safe to look at and to open: table, md and csv show terminal controls as visible
// escapes (base/terminal.h) and JSON escapes them; a CSV text cell that a spreadsheet would run
// as a formula (starting with = + - @, tab or CR, and not a plain number) gets a leading '.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"

namespace quarry::verify {

enum class Format { kTable, kCsv, kJson, kJsonl, kMd };

// "table", "csv", "json", "jsonl", "md"; nullopt otherwise.
std::optional<Format> ParseFormat(std::string_view name);

struct Cell {
  enum Kind : uint8_t { kNull, kInt, kReal, kText } kind = kNull;
  std::string text;  // the value's text (numbers as SQLite prints them)
  static Cell Null() { return Cell{}; }
  static Cell Text(std::string s) { return Cell{kText, std::move(s)}; }
  static Cell Int(int64_t v) { return Cell{kInt, std::to_string(v)}; }
  // A number already as text (exact decimals are printed as numbers in JSON, unquoted).
  static Cell Number(std::string s) { return Cell{kReal, std::move(s)}; }
};

// Display width of UTF-8 text in a terminal (East Asian wide characters count 2).
size_t DisplayWidth(std::string_view s);

class TableWriter {
 public:
  static constexpr size_t kWidthSample = 1000;
  // `max_cell_width`: table format truncates longer cells with an ellipsis (0 = never).
  TableWriter(std::ostream& out, Format format, std::vector<std::string> columns,
              size_t max_cell_width = 0);
  ~TableWriter();
  void Add(std::vector<Cell> row);
  // Writes anything buffered and closes the JSON array. Called by the destructor if not before.
  void Finish();
  size_t rows() const { return rows_; }
  // A write to the stream failed (disk full, closed descriptor): callers stop producing rows.
  bool failed() const { return out_.fail(); }

 private:
  void Flush();
  void WriteRow(const std::vector<Cell>& row);
  std::string Fit(const std::string& s, size_t width) const;
  std::ostream& out_;
  Format format_;
  std::vector<std::string> columns_;
  size_t max_cell_width_;
  std::vector<std::vector<Cell>> pending_;
  std::vector<size_t> widths_;
  bool header_done_ = false, finished_ = false;
  size_t rows_ = 0;
};

}  // namespace quarry::verify
