// Tables: the figure cells of text tables (rows of cells separated by '|', tabs, or runs of two
// or more spaces; an HTML <table> arrives as tab-separated rows, Note [HTML text]) read one fact
// per cell, typed by the column header. See Note [Tables] in tables.cc. Internal to facts/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "facts/extractor.h"

namespace quarry::facts {

// One figure cell of a table the reader can type: a match as a rule would have made it (captures
// `value`, and `subject` from the row header, `period` from the column header or the caption
// when they name one), with the type its column header (or caption) names.
struct TableCell {
  grammar::Match match;  // rule = -1: no rule of the grammar; the resolver uses `type`
  std::string type;
  std::string scope;     // the scope the caption, corner cell and column header name ('' = none)
  std::string period;    // a period the table fixes for the cell (Note [Stacked tables]); '' = none
};

struct TableCells {
  std::vector<TableCell> cells;  // in document order
  // True when tokens [b, e) overlap a cell the reader read (its figure is the table's).
  bool Claimed(uint32_t b, uint32_t e) const;
};

class ScopeReader;

// Reads the tables of a document: the matches of rules emitting `column_type` (their `set
// type=`) name a header cell's type; `scopes` says which scope words a caption or header holds.
TableCells ReadTables(const Trace& tr, const Resources& res, const ScopeReader& scopes);

}  // namespace quarry::facts
