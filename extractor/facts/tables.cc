// Note [Tables]
// ~~~~~~~~~~~~~
// A table states its figures in cells, and what each figure is in its headers: the row header
// names the subject ("Zenith", or a part of the article's subject: "BEVs"), the column header the
// type and period ("Jan", "Nov 2025 Deliveries", "YoY"). A rule over one line sees only the row,
// so tables are read here, by position, the same way whatever their layout:
// - A row is a line (a paragraph: every line break ends one) split into cells at '|' (a pipe
//   table; a leading and a trailing pipe open and close the row, "| a | b |"), else at tabs (an
//   HTML <table>: Note [HTML text] writes a row per <tr> and a tab before every cell but the
//   first, empty cells included), else at runs of two or more spaces (an aligned table). A row has
//   at least two non-empty cells. Lines between rows holding only '|', '-', ':', '+', '=' and
//   blanks (a markdown rule "|---|---|") are skipped.
// - A table is a header row followed by data rows of the same layout. The header holds no figure
//   but periods ("Q3 2025" is a column's period, not a figure); a data row holds at least one.
//   Data cell j sits under header cell j, or, when the header has k fewer cells (an empty corner
//   cell written as nothing), under header cell j - k.
// - A column's type is the `set type=` of a `column_type` match (or a `volume_word` one: the
//   headline's volume words win their stage over the column words) inside its header cell; else, for
//   a column headed by a period alone ("Jan"), the type the corner cell or the caption (the line
//   just above the header) names. Its period is the period annotation inside its header cell,
//   else the corner cell's, else the caption's, else the resolver's context (as for any figure).
//   The words are the grammar's (auto/tables.rules); here only positions are read.
// - A figure cell holds one quantity or change (the outermost annotation) and nothing else but
//   signs, brackets and at most one word ("70,289 units"): prose split by double spaces is no
//   table. Its unit must be one the type takes (a number with no unit takes the type's first).
//   The row header's first entity (of a kind pack.schema flags `subject` or `market`) is the
//   subject capture; with none ("BEVs", "Total"), the corner cell's or the caption's ("Zenith's
//   sales by powertrain"), else the resolver carries one from context as for any figure. A row
//   header that names no entity, no scope value, no period and no `table_total` word ("Apple"
//   under "China Smartphone Market Share") is a subject we cannot name: its row gives nothing.
//   A pipe header written one cell per line ("Brands | Q3 2021 |", "Q4 2021 |", ...) is joined. The
//   scope is what the caption, the corner cell, the column header and the row header name, in
//   that order, a later value of a dimension replacing an earlier one ("Zenith's passenger car
//   sales" above a "BEVs" row: passenger/BEV), then refined by the words next to the figure as for
//   any figure.
// The cells read become matches (TableCell) that the resolver resolves like a rule's, in document
// order with the rules' matches; a rule's figure inside a cell read here is the table's (Vetoed),
// so a table gives the same facts as HTML, as a pipe table or aligned with spaces.
//
// Note [Stacked tables]
// ~~~~~~~~~~~~~~~~~~~~~
// A table copied out of a PDF filing often arrives one cell per line: the header cells' lines,
// wrapped row by row ("Current month", "The same", "Year-on-year", ..., "(Unit)", "period last",
// ...), then each row as its label line followed by one line per figure ("Zenith", "107,382",
// "101,369", "6", ...; "-" for an empty cell). Such a table is a run of at least two rows of
// short lines whose figure groups have the same size k >= 2. The lines above the first row's
// label are its header: k or more short lines, dealt to the columns in turn as the wrapped
// header was written, a column leaving the deal once a line closes it with its unit ("(Unit)",
// "(%)"). A label's line after a row's figures that starts in lower case or closes a bracket
// the label left open ("Pure electric (battery" ... "including battery swap)") is that label's.
// A column's type is its header's (column_type or volume_word), else the measure the paragraph
// introducing the table names; its period is the table's month (the first month the
// introducing paragraph names) moved by the header's `column_period` words: `ytd` (January to
// that month), `year_ago` (the same period a year before), `month_ago`; a change column with no
// such words is the change of the level column before it and has its period. A row label
// naming a volume type ("Export") types the row's level figures.
#include "facts/tables.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <tuple>
#include <utility>
#include <string_view>

#include "base/period.h"

#include "facts/context.h"
#include "facts/scope.h"

namespace quarry::facts {
namespace {

enum class Layout : uint8_t { kNone, kPipe, kTab, kSpaces };

struct Cell {
  uint64_t b = 0, e = 0;        // normalized bytes, trimmed
  uint32_t tb = 0, te = 0;      // tokens [tb, te)
};

struct Row {
  uint32_t paragraph = 0;
  Layout layout = Layout::kNone;
  std::vector<Cell> cells;
  size_t filled = 0;            // non-empty cells
  bool rule = false;            // a rule line between rows ("|---|---|"): no row, skipped
  bool lone_pipe_cell = false;  // a pipe line with one cell ("Q4 2021 |"): a header's next cell?
};

bool Blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

// Splits text[b, e) (one line) into cells by its layout.
Row SplitRow(std::string_view text, uint64_t b, uint64_t e) {
  Row row;
  std::string_view line = text.substr(b, e - b);
  if (line.find('|') != std::string_view::npos) row.layout = Layout::kPipe;
  else if (line.find('\t') != std::string_view::npos) row.layout = Layout::kTab;
  else if (line.find("  ") != std::string_view::npos) row.layout = Layout::kSpaces;
  else return row;
  auto add = [&](uint64_t cb, uint64_t ce) {
    while (cb < ce && Blank(text[cb])) ++cb;
    while (ce > cb && Blank(text[ce - 1])) --ce;
    row.cells.push_back({cb, ce});
  };
  uint64_t start = b;
  for (uint64_t i = b; i < e;) {
    char c = text[i];
    uint64_t sep_end = 0;
    if (row.layout == Layout::kPipe && c == '|') sep_end = i + 1;
    if (row.layout == Layout::kTab && c == '\t') sep_end = i + 1;
    if (row.layout == Layout::kSpaces && c == ' ' && i + 1 < e && text[i + 1] == ' ') {
      sep_end = i;
      while (sep_end < e && text[sep_end] == ' ') ++sep_end;
    }
    if (!sep_end) {
      ++i;
      continue;
    }
    add(start, i);
    start = i = sep_end;
  }
  add(start, e);
  // "| a | b |": the outer pipes open and close the row; an aligned row's indentation is no cell
  // unless the line is indented by a run (an empty corner cell).
  if (row.layout == Layout::kPipe || row.layout == Layout::kSpaces) {
    if (!row.cells.empty() && row.cells.back().b == row.cells.back().e) row.cells.pop_back();
    if (row.layout == Layout::kPipe && !row.cells.empty() && row.cells.front().b == row.cells.front().e)
      row.cells.erase(row.cells.begin());
  }
  while (!row.cells.empty() && row.cells.back().b == row.cells.back().e) row.cells.pop_back();
  for (const Cell& c : row.cells) row.filled += c.e > c.b;
  if (row.filled < 2) {
    row.lone_pipe_cell = row.layout == Layout::kPipe && row.filled == 1;
    row.layout = Layout::kNone;
  }
  return row;
}

// True when text[b, e) holds only rule characters and blanks (a markdown "|---|---|" line).
bool RuleLine(std::string_view text, uint64_t b, uint64_t e) {
  for (uint64_t i = b; i < e; ++i)
    if (!Blank(text[i]) && text[i] != '|' && text[i] != '-' && text[i] != ':' && text[i] != '+' && text[i] != '=')
      return false;
  return true;
}

// Annotations sorted by tok_begin; the ones inside tokens [b, e).
std::vector<const Annotation*> Inside(const std::vector<const Annotation*>& list, uint32_t b, uint32_t e) {
  std::vector<const Annotation*> out;
  auto it = std::lower_bound(list.begin(), list.end(), b,
                             [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
  for (; it != list.end() && (*it)->tok_begin < e; ++it)
    if ((*it)->tok_end <= e) out.push_back(*it);
  return out;
}

class Reader {
 public:
  Reader(const Trace& tr, const Resources& res, const ScopeReader& scopes)
      : tr_(tr), res_(res), schema_(res.grammar->schema()), scopes_(scopes) {
    for (const auto& a : tr.annotations) {
      if (a.kind == AnnKind::kQuantity || a.kind == AnnKind::kChange) figures_.push_back(&a);
      else if (a.kind == AnnKind::kPeriod) periods_.push_back(&a);
      else if (a.kind == AnnKind::kEntity) entities_.push_back(&a);
    }
    const auto& rules = res.grammar->rules();
    for (const auto& m : tr.matches.matches)
      if (m.rule >= 0 && m.rule < static_cast<int>(rules.size())) {
        const std::string& emit = rules[m.rule].emit;
        if (emit == "column_type" || emit == "volume_word") column_types_.push_back(&m);
        if (emit == "column_period") column_periods_.push_back(&m);
        if (emit == "table_total") totals_.push_back(&m);
      }
    auto by_begin = [](const grammar::Match* a, const grammar::Match* b) { return a->tok_begin < b->tok_begin; };
    std::stable_sort(column_types_.begin(), column_types_.end(), by_begin);
    std::stable_sort(totals_.begin(), totals_.end(), by_begin);
    std::stable_sort(column_periods_.begin(), column_periods_.end(), by_begin);
  }

  TableCells Read() {
    TableCells out;
    const auto& t = tr_.text;
    std::vector<Row> rows;
    for (uint32_t p = 0; p < t.paragraphs.size(); ++p) rows.push_back(RowOf(p));
    uint32_t p = 0;
    while (p < rows.size()) {
      if (rows[p].layout == Layout::kNone || !IsHeader(rows[p])) {
        ++p;
        continue;
      }
      std::vector<uint32_t> table = {p};
      uint32_t q = p + 1, last = p;
      // A pipe header whose cells were written one per line (a web table copied as text: "Brand |
      // Q3 2021 |", "Q4 2021 |", "Q1 2022 |", then the data rows): each lone cell of a line
      // holding no figure but periods is the header's next cell.
      for (; rows[p].layout == Layout::kPipe && q < rows.size() && rows[q].lone_pipe_cell && Adjacent(last, q) &&
             IsHeaderCell(rows[q].cells.front());
           ++q) {
        rows[p].cells.push_back(rows[q].cells.front());
        ++rows[p].filled;
        last = q;
      }
      for (; q < rows.size(); ++q) {
        if (rows[q].rule) continue;
        if (rows[q].layout != rows[p].layout || !Adjacent(last, q) || IsHeader(rows[q])) break;
        table.push_back(q);
        last = q;
      }
      if (table.size() > 1) ReadTable(rows, table, &out);
      p = q;
    }
    const size_t plain = out.cells.size();
    ReadStacked(rows, &out);
    if (out.cells.size() > plain)  // both runs are in document order: merge them
      std::inplace_merge(out.cells.begin(), out.cells.begin() + static_cast<std::ptrdiff_t>(plain), out.cells.end(),
                         [](const TableCell& a, const TableCell& b) {
                           return a.match.captures.front().tok_begin < b.match.captures.front().tok_begin;
                         });
    return out;
  }

 private:
  Row RowOf(uint32_t p) const {
    const auto& t = tr_.text;
    const text::Paragraph& para = t.paragraphs[p];
    if (para.sent_begin >= para.sent_end) return {};
    // The whole line: an aligned row's leading run is its empty corner cell.
    uint64_t b = para.span.begin;
    while (b > 0 && t.text[b - 1] != '\n') --b;
    if (RuleLine(t.text, b, para.span.end)) {
      Row rule;
      rule.rule = true;
      return rule;
    }
    Row row = SplitRow(t.text, b, para.span.end);
    row.paragraph = p;
    if (row.layout == Layout::kNone && !row.lone_pipe_cell) return row;
    uint32_t tb = t.sentences[para.sent_begin].tok_begin, te = t.sentences[para.sent_end - 1].tok_end;
    for (Cell& c : row.cells) {
      while (tb < te && t.tokens[tb].span.begin < c.b) ++tb;
      c.tb = tb;
      while (tb < te && t.tokens[tb].span.begin < c.e) ++tb;
      c.te = tb;
    }
    return row;
  }

  // Rows p and q follow each other: only blanks and rule lines between them.
  bool Adjacent(uint32_t p, uint32_t q) const {
    const auto& t = tr_.text;
    return RuleLine(t.text, t.paragraphs[p].span.end, t.paragraphs[q].span.begin);
  }

  // Figures in a cell that are not inside one of its periods ("2025" in "Nov 2025").
  std::vector<const Annotation*> FiguresIn(const Cell& c) const {
    std::vector<const Annotation*> out;
    auto periods = Inside(periods_, c.tb, c.te);
    for (const Annotation* a : Inside(figures_, c.tb, c.te)) {
      bool in_period = std::any_of(periods.begin(), periods.end(), [&](const Annotation* p) {
        return p->tok_begin <= a->tok_begin && a->tok_end <= p->tok_end;
      });
      // The outermost only: a change holds its quantity.
      bool nested = !out.empty() && out.back()->tok_begin <= a->tok_begin && a->tok_end <= out.back()->tok_end;
      if (!in_period && !nested) out.push_back(a);
    }
    return out;
  }

  bool IsHeader(const Row& row) const {
    for (size_t j = 1; j < row.cells.size(); ++j)
      if (!IsHeaderCell(row.cells[j])) return false;
    return true;
  }
  bool IsHeaderCell(const Cell& c) const { return FiguresIn(c).empty(); }

  // The matches of `list` (sorted by tok_begin) inside tokens [b, e).
  static std::vector<const grammar::Match*> MatchesIn(const std::vector<const grammar::Match*>& list, uint32_t b,
                                                       uint32_t e) {
    std::vector<const grammar::Match*> out;
    auto it = std::lower_bound(list.begin(), list.end(), b,
                               [](const grammar::Match* m, uint32_t v) { return m->tok_begin < v; });
    for (; it != list.end() && (*it)->tok_begin < e; ++it)
      if ((*it)->tok_end <= e) out.push_back(*it);
    return out;
  }

  std::string TypeIn(uint32_t b, uint32_t e) const {
    auto in = MatchesIn(column_types_, b, e);
    return in.empty() ? "" : Const(res_.grammar->rules()[in.front()->rule], "type");
  }
  // The scope values named inside tokens [b, e), added to `scope` (ScopeReader::Named).
  std::string ScopeIn(uint32_t b, uint32_t e, std::string scope) const { return scopes_.Named(b, e, std::move(scope)); }

  // The first entity of a subject or market kind (pack.schema) inside tokens [b, e).
  const Annotation* SubjectIn(uint32_t b, uint32_t e) const {
    for (const Annotation* a : Inside(entities_, b, e)) {
      const KindDecl* k = schema_ ? schema_->Kind(a->subkind) : nullptr;
      if (!schema_ || (k && (k->subject || k->market))) return a;
    }
    return nullptr;
  }
  const Annotation* PeriodIn(uint32_t b, uint32_t e) const {
    auto in = Inside(periods_, b, e);
    return in.empty() ? nullptr : in.front();
  }

  // The figure a cell holds when it holds nothing else (signs, brackets and one word aside).
  const Annotation* FigureCell(const Cell& c) const {
    auto figs = FiguresIn(c);
    if (figs.size() != 1) return nullptr;
    const Annotation* v = figs[0];
    int words = 0;
    for (uint32_t k = c.tb; k < c.te; ++k) {
      if (k >= v->tok_begin && k < v->tok_end) continue;
      auto kind = tr_.text.tokens[k].kind;
      if (kind == text::TokenKind::kPunct || kind == text::TokenKind::kSymbol) continue;
      if (kind != text::TokenKind::kWord || ++words > 1) return nullptr;
    }
    return v;
  }

  int IndexOf(const Annotation* a) const { return static_cast<int>(a - tr_.annotations.data()); }

  // rows[table[0]] is the header, the others its data rows.
  void ReadTable(const std::vector<Row>& rows, const std::vector<uint32_t>& table, TableCells* out) const {
    const auto& t = tr_.text;
    const Row& head = rows[table[0]];
    // The caption: the line right above the header, when it is no row of a table.
    uint32_t cap_b = 0, cap_e = 0;
    uint32_t hp = head.paragraph;
    if (hp > 0 && rows[hp - 1].layout == Layout::kNone && !rows[hp - 1].rule) {
      const text::Paragraph& cp = t.paragraphs[hp - 1];
      if (cp.sent_begin < cp.sent_end) {
        cap_b = t.sentences[cp.sent_begin].tok_begin;
        cap_e = t.sentences[cp.sent_end - 1].tok_end;
      }
    }
    const Cell& corner = head.cells[0];
    std::string fallback_type = TypeIn(corner.tb, corner.te);
    if (fallback_type.empty()) fallback_type = TypeIn(cap_b, cap_e);
    const Annotation* fallback_period = PeriodIn(corner.tb, corner.te);
    if (!fallback_period) fallback_period = PeriodIn(cap_b, cap_e);
    // What the caption and the corner cell say of the whole table: its scope ("passenger car sales").
    std::string table_scope = ScopeIn(corner.tb, corner.te, ScopeIn(cap_b, cap_e, ""));
    const Annotation* fallback_subject = SubjectIn(corner.tb, corner.te);
    if (!fallback_subject) fallback_subject = SubjectIn(cap_b, cap_e);
    for (size_t r = 1; r < table.size(); ++r) {
      const Row& row = rows[table[r]];
      size_t shift = row.cells.size() > head.cells.size() ? row.cells.size() - head.cells.size() : 0;
      const Cell& rh = row.cells[0];
      const Annotation* subject = SubjectIn(rh.tb, rh.te);
      // A row header that names a company we do not know ("Apple" in a phone maker table under
      // "China Smartphone Market Share"): no entity, no scope value, no period and no total word
      // (`table_total`: "Total", "Overall") is a subject we cannot name, so no facts, rather
      // than the caption's.
      if (!subject && rh.e > rh.b && ScopeIn(rh.tb, rh.te, "").empty() && !PeriodIn(rh.tb, rh.te) &&
          MatchesIn(totals_, rh.tb, rh.te).empty() && Inside(entities_, rh.tb, rh.te).empty())
        continue;
      if (!subject) subject = fallback_subject;
      for (size_t j = 1; j < row.cells.size(); ++j) {
        if (j < shift || j - shift >= head.cells.size() || (shift > 0 && j - shift == 0)) continue;
        const Cell& hc = head.cells[j - shift];
        const Annotation* v = FigureCell(row.cells[j]);
        if (!v) continue;
        const Annotation* period = PeriodIn(hc.tb, hc.te);
        std::string type = TypeIn(hc.tb, hc.te);
        if (type.empty() && (period || hc.e == hc.b)) type = fallback_type;
        if (type.empty()) continue;
        if (!period) period = fallback_period;
        const FactTypeDecl* decl = schema_ ? schema_->Type(type) : nullptr;
        if (!decl) continue;
        if (!v->unit.empty() && std::find(decl->units.begin(), decl->units.end(), v->unit) == decl->units.end())
          continue;
        TableCell cell;
        cell.type = type;
        cell.scope = ScopeIn(row.cells[0].tb, row.cells[0].te, ScopeIn(hc.tb, hc.te, table_scope));
        grammar::Match& m = cell.match;  // captures.front() is the value (TableCells::Claimed)
        m.sentence = t.tokens[v->tok_begin].sentence;
        m.tok_begin = row.cells[0].tb;
        m.tok_end = v->tok_end;
        m.captures.push_back({"value", v->tok_begin, v->tok_end, IndexOf(v)});
        if (subject) m.captures.push_back({"subject", subject->tok_begin, subject->tok_end, IndexOf(subject)});
        if (period) m.captures.push_back({"period", period->tok_begin, period->tok_end, IndexOf(period)});
        out->cells.push_back(std::move(cell));
      }
    }
  }

  // Tokens [b, e) of paragraph p; {0, 0} for one without a sentence.
  std::pair<uint32_t, uint32_t> TokensOf(uint32_t p) const {
    const auto& t = tr_.text;
    if (p >= t.paragraphs.size() || t.paragraphs[p].sent_begin >= t.paragraphs[p].sent_end) return {0, 0};
    return {t.sentences[t.paragraphs[p].sent_begin].tok_begin, t.sentences[t.paragraphs[p].sent_end - 1].tok_end};
  }
  // The volume type the first (or last) `column_type` or `volume_word` match inside tokens [b, e) names.
  std::string VolumeTypeIn(uint32_t b, uint32_t e, bool last) const {
    std::string found;
    for (const grammar::Match* m : MatchesIn(column_types_, b, e))
      if (const FactTypeDecl* d = schema_ ? schema_->Type(Const(res_.grammar->rules()[m->rule], "type")) : nullptr;
          d && d->volume) {
        found = d->name;
        if (!last) break;
      }
    return found;
  }

  // Note [Stacked tables]. A line of one paragraph: its tokens, and what it holds.
  struct Line {
    uint32_t tb = 0, te = 0;
    bool value = false;  // one figure and nothing else, or an empty cell's placeholder
    const Annotation* figure = nullptr;
  };
  static constexpr uint32_t kShortLine = 8;  // tokens; a longer line is prose (the table's end)

  Line LineOf(uint32_t p) const {
    const auto& t = tr_.text;
    const text::Paragraph& para = t.paragraphs[p];
    Line line;
    std::tie(line.tb, line.te) = TokensOf(p);
    if (line.te == line.tb || line.te - line.tb > kShortLine) return line;  // prose: neither a label nor a figure line
    Cell c{para.span.begin, para.span.end, line.tb, line.te};
    if ((line.figure = FigureCell(c))) {
      line.value = true;
      return line;
    }
    std::string_view text(t.text.data() + para.span.begin, para.span.end - para.span.begin);
    while (!text.empty() && Blank(text.back())) text.remove_suffix(1);
    while (!text.empty() && Blank(text.front())) text.remove_prefix(1);
    line.value = text == "-" || text == "\u2013" || text == "\u2014" || text == "n/a" || text == "N/A" ||
                 text == "n.a." || text == "/" || text == "--";
    return line;
  }

  std::string_view LineText(const Line& l) const {
    const auto& t = tr_.text;
    uint64_t b = t.tokens[l.tb].span.begin, e = t.tokens[l.te - 1].span.end;
    return std::string_view(t.text.data() + b, e - b);
  }
  // Brackets a line opens and leaves open (negative: closes more than it opens).
  static int OpenBrackets(std::string_view s) {
    int n = 0;
    for (char c : s) n += c == '(' ? 1 : c == ')' ? -1 : 0;
    return n;
  }
  // A header line that ends its column's header: it ends with its unit in brackets.
  static bool ClosesColumn(std::string_view s) {
    if (s.empty() || s.back() != ')') return false;
    size_t open = s.rfind('(');
    if (open == std::string_view::npos) return false;
    std::string inner(s.substr(open + 1, s.size() - open - 2));
    for (char& c : inner) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return inner == "%" || inner == "unit" || inner == "units" || inner == "vehicles" || inner == "pct" ||
           inner == "\u8f86" || inner == "\u8f1b" || inner == "%, yoy";
  }

  // The type and period directives the matches of `list` inside the lines name.
  std::string TypeInLines(const std::vector<Line>& lines) const {
    for (const Line& l : lines)
      if (std::string t = TypeIn(l.tb, l.te); !t.empty()) return t;
    return "";
  }
  std::vector<std::string> DirectivesIn(const std::vector<Line>& lines) const {
    std::vector<std::string> out;
    for (const Line& l : lines)
      for (const grammar::Match* m : MatchesIn(column_periods_, l.tb, l.te))
        out.push_back(Const(res_.grammar->rules()[m->rule], "period"));
    return out;
  }

  void ReadStacked(const std::vector<Row>& rows, TableCells* out) const {
    const auto& t = tr_.text;
    const uint32_t n = static_cast<uint32_t>(t.paragraphs.size());
    std::vector<Line> lines(n);
    // A line of a dash alone reads as a rule line between rows; here it is an empty cell.
    for (uint32_t p = 0; p < n; ++p)
      if (rows[p].layout == Layout::kNone) lines[p] = LineOf(p);
    auto short_text = [&](uint32_t p) {
      return lines[p].te > lines[p].tb && !lines[p].value && lines[p].te - lines[p].tb <= kShortLine &&
             rows[p].layout == Layout::kNone && !rows[p].rule;
    };
    // Runs of adjacent lines: text lines then value lines, again and again.
    uint32_t p = 0;
    while (p < n) {
      if (!short_text(p)) {
        ++p;
        continue;
      }
      struct Group {
        uint32_t text_b, text_e, val_b, val_e;  // paragraphs
      };
      std::vector<Group> groups;
      uint32_t q = p, first_text_end = p + 1;
      while (q < n) {
        Group g{q, q, q, q};
        while (q < n && short_text(q) && (q == g.text_b || Adjacent(q - 1, q))) ++q;
        g.text_e = g.val_b = q;
        if (groups.empty()) first_text_end = q;
        while (q < n && lines[q].value && q > g.text_b && Adjacent(q - 1, q)) ++q;
        g.val_e = q;
        if (g.text_e == g.text_b || g.val_e - g.val_b < 2) break;
        if (!groups.empty() && g.val_e - g.val_b != groups.front().val_e - groups.front().val_b) break;
        groups.push_back(g);
        if (q >= n || !short_text(q) || !Adjacent(q - 1, q)) break;
      }
      if (groups.size() >= 2) {
        ReadStackedTable(lines, groups.front().text_b, groups, out);
        p = groups.back().val_e;
      } else {
        p = std::max(p + 1, first_text_end);  // no table starts inside a run of text lines: linear
      }
    }
  }

  template <typename Group>
  void ReadStackedTable(const std::vector<Line>& lines, uint32_t first, const std::vector<Group>& groups,
                        TableCells* out) const {
    const auto& t = tr_.text;
    const uint32_t k = groups.front().val_e - groups.front().val_b;
    // The labels: the first row's is its last text line; a later row's text lines that continue
    // the label above (lower case, or inside its open bracket) are that label's.
    std::vector<std::vector<Line>> labels(groups.size());
    std::vector<Line> header;
    for (uint32_t p = first; p + 1 < groups.front().text_e; ++p) header.push_back(lines[p]);
    labels[0].push_back(lines[groups.front().text_e - 1]);
    for (size_t r = 1; r < groups.size(); ++r) {
      int open = 0;
      for (const Line& l : labels[r - 1]) open += OpenBrackets(LineText(l));
      uint32_t p = groups[r].text_b;
      for (; p + 1 < groups[r].text_e; ++p) {
        std::string_view s = LineText(lines[p]);
        bool lower = !s.empty() && (std::islower(static_cast<unsigned char>(s.front())) || s.front() == '(' ||
                                    s.front() == '"');
        if (open <= 0 && !lower) break;
        labels[r - 1].push_back(lines[p]);
        open += OpenBrackets(s);
      }
      for (; p < groups[r].text_e; ++p) labels[r].push_back(lines[p]);
    }
    if (header.size() < k) return;
    // Deal the header lines to the columns (Note [Stacked tables]).
    std::vector<std::vector<Line>> heads(k);
    std::vector<bool> closed(k, false);
    uint32_t col = 0;
    for (const Line& l : header) {
      uint32_t tries = 0;
      while (closed[col] && tries++ < k) col = (col + 1) % k;
      if (closed[col]) break;
      heads[col].push_back(l);
      if (ClosesColumn(LineText(l))) closed[col] = true;
      col = (col + 1) % k;
    }
    // The introducing paragraph: the one right above the header. Its measure (the last volume
    // word, nearest the table) and its first month.
    auto [ib, ie] = first > 0 ? TokensOf(first - 1) : std::pair<uint32_t, uint32_t>{0, 0};
    const std::string intro_type = VolumeTypeIn(ib, ie, /*last=*/true);
    // The first month it names (a comparison base, "the same period last year", comes after).
    std::optional<Period> month;
    for (const Annotation* a : Inside(periods_, ib, ie))
      if (auto pp = Period::Parse(a->period); pp && pp->kind() == Period::Kind::kMonth && !pp->IsUnknownYear()) {
        month = pp;
        break;
      }
    // Its company (a dateline's place is no subject), else the headline's, else its market: the
    // subject of the rows that name none ("Total", "Pure electric").
    auto company_in = [&](uint32_t b, uint32_t e) -> const Annotation* {
      for (const Annotation* a : Inside(entities_, b, e))
        if (const KindDecl* kd = schema_ ? schema_->Kind(a->subkind) : nullptr; kd && kd->subject) return a;
      return nullptr;
    };
    const Annotation* intro_subject = company_in(ib, ie);
    if (!intro_subject) {
      auto [hb, he] = TokensOf(0);
      intro_subject = company_in(hb, he);
    }
    if (!intro_subject) intro_subject = SubjectIn(ib, ie);
    // Each column: its type, period and the scope its own header lines name (other columns'
    // lines lie between them).
    std::vector<std::string> types(k), periods(k), head_scopes(k);
    for (uint32_t c = 0; c < k; ++c)
      for (const Line& h : heads[c]) head_scopes[c] = ScopeIn(h.tb, h.te, head_scopes[c]);
    std::vector<bool> levels(k, false);
    for (uint32_t c = 0; c < k; ++c) {
      types[c] = TypeInLines(heads[c]);
      if (types[c].empty()) types[c] = intro_type;
      const FactTypeDecl* decl = schema_ && !types[c].empty() ? schema_->Type(types[c]) : nullptr;
      if (!decl) {
        types[c].clear();
        continue;
      }
      auto dirs = DirectivesIn(heads[c]);
      auto has = [&](const char* d) { return std::find(dirs.begin(), dirs.end(), d) != dirs.end(); };
      if (dirs.empty() && decl->change) {
        // The change of the level column before it.
        for (uint32_t b = c; b-- > 0;)
          if (levels[b]) {
            periods[c] = periods[b];
            break;
          }
        continue;
      }
      if (!month) continue;
      std::optional<Period> per = month;
      if (has("month_ago")) {
        int m = month->FirstMonth();
        per = Period::Month((m - 1) / 12, (m - 1) % 12 + 1);
      }
      if (has("ytd") && per) per = per->SinceYearStart();
      if (has("year_ago") && per) per = per->YearAgo();
      if (per) periods[c] = per->ToString();
      levels[c] = !decl->change && !has("year_ago") && !has("month_ago");
    }
    for (size_t r = 0; r < groups.size(); ++r) {
      const Annotation* subject = nullptr;
      bool total = false, named = false;
      std::string row_type, row_scope;
      for (const Line& l : labels[r]) {
        if (!subject) subject = SubjectIn(l.tb, l.te);
        total = total || !MatchesIn(totals_, l.tb, l.te).empty();
        named = named || !Inside(entities_, l.tb, l.te).empty() || !Inside(periods_, l.tb, l.te).empty();
        if (row_type.empty()) row_type = VolumeTypeIn(l.tb, l.te, /*last=*/false);
        row_scope = ScopeIn(l.tb, l.te, row_scope);
      }
      // A label naming nothing we can read is a subject we cannot name (Note [Tables]).
      if (!subject && !total && !named && row_scope.empty() && row_type.empty()) continue;
      if (!subject) subject = intro_subject;
      for (uint32_t c = 0; c < k; ++c) {
        const Line& cell = lines[groups[r].val_b + c];
        const Annotation* v = cell.figure;
        if (!v || types[c].empty()) continue;
        std::string type = types[c];
        const FactTypeDecl* decl = schema_ ? schema_->Type(type) : nullptr;
        if (decl && decl->volume && !row_type.empty()) type = row_type, decl = schema_->Type(type);
        if (!decl) continue;
        // The column's scope, then the row's (as in Note [Tables]); the change of a row its label
        // types ("Export") is that part's change: exports' is overseas.
        std::string scope = head_scopes[c];
        for (const Line& l : labels[r]) scope = ScopeIn(l.tb, l.te, scope);
        if (decl->change && !row_type.empty())
          if (const FactTypeDecl* rd = schema_->Type(row_type))
            for (const std::string& v : rd->implies) scope = schema_->WithValue(scope, v);
        if (!v->unit.empty() && std::find(decl->units.begin(), decl->units.end(), v->unit) == decl->units.end())
          continue;
        TableCell tc;
        tc.type = type;
        tc.scope = scope;
        tc.period = periods[c];
        grammar::Match& m = tc.match;
        m.sentence = t.tokens[v->tok_begin].sentence;
        m.tok_begin = v->tok_begin;
        m.tok_end = v->tok_end;
        m.captures.push_back({"value", v->tok_begin, v->tok_end, IndexOf(v)});
        if (subject) m.captures.push_back({"subject", subject->tok_begin, subject->tok_end, IndexOf(subject)});
        out->cells.push_back(std::move(tc));
      }
    }
  }

  std::vector<const grammar::Match*> column_periods_;  // `column_period` matches, by tok_begin
  std::vector<const grammar::Match*> totals_;  // `table_total` matches, by tok_begin
  const Trace& tr_;
  const Resources& res_;
  const PackSchema* schema_;
  std::vector<const Annotation*> figures_, periods_, entities_;
  std::vector<const grammar::Match*> column_types_;
  const ScopeReader& scopes_;
};

}  // namespace

bool TableCells::Claimed(uint32_t b, uint32_t e) const {
  // Cells are in document order and their figures do not overlap: the first figure ending after
  // b is the only candidate.
  auto it = std::lower_bound(cells.begin(), cells.end(), b, [](const TableCell& c, uint32_t v) {
    return c.match.captures.front().tok_end <= v;
  });
  return it != cells.end() && it->match.captures.front().tok_begin < e;
}

TableCells ReadTables(const Trace& tr, const Resources& res, const ScopeReader& scopes) {
  return Reader(tr, res, scopes).Read();
}

}  // namespace quarry::facts
