// Shared helpers for the spec tables under tests/specs/ (quantities*.tsv, periods*.tsv): reading
// rows, running a text through the real Analyzer and annotators, and printing annotations so a
// failing row shows input, expected and got side by side.
#pragma once

#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/annotation.h"
#include "base/document.h"
#include "facts/extractor.h"
#include "numbers/quantities.h"
#include "periods/periods.h"
#include "text/analyzer.h"

namespace quarry::testing {

struct SpecRow {
  int line = 0;
  std::vector<std::string> cols;
};

// Tab-separated rows; '#' starts a comment line; blank lines skipped. Missing trailing columns
// read as empty.
inline std::vector<SpecRow> ReadSpec(const std::string& path, size_t ncols) {
  std::vector<SpecRow> rows;
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    SpecRow r;
    r.line = n;
    std::string cell;
    std::istringstream ss(line);
    while (std::getline(ss, cell, '\t')) r.cols.push_back(cell);
    while (r.cols.size() < ncols) r.cols.emplace_back();
    rows.push_back(std::move(r));
  }
  return rows;
}

// Everything the annotators say about one text.
struct Annotated {
  text::TextDoc doc;
  std::vector<Annotation> quantities;  // kQuantity only
  std::vector<Annotation> all;         // quantities, then periods and changes
};

// The project's own lexicon (grammars/lexicon), loaded once.
inline const Lexicon& ProjectLexicon() {
  static const std::unique_ptr<Lexicon> lexicon = [] {
    std::vector<std::string> errors;
    auto lex = facts::LoadLexicon(std::string(QUARRY_SOURCE_DIR) + "/grammars/lexicon", &errors);
    if (!lex) {
      std::string all;
      for (const auto& e : errors) all += e + "\n";
      throw std::runtime_error("grammars/lexicon does not load:\n" + all);
    }
    return lex;
  }();
  return *lexicon;
}

class Pipeline {
 public:
  Annotated Run(const std::string& text, const std::string& published = "") {
    Document d;
    d.id = "spec";
    d.raw = text;
    d.published = published;
    Annotated r;
    analyzer_.Analyze(d, &r.doc);
    quantities_.Annotate(r.doc, &r.quantities);
    r.all = r.quantities;
    periods_.Annotate(r.doc, periods::Date::Parse(published), r.quantities, &r.all);
    return r;
  }

 private:
  text::Analyzer analyzer_;
  numbers::QuantityAnnotator quantities_{ProjectLexicon(), facts::LoadSchemaUnits(QUARRY_SOURCE_DIR "/grammars")};
  periods::PeriodAnnotator periods_{ProjectLexicon()};
};

// "quantity '81,864 vehicles' figure='81,864' value=81864 unit=vehicle approx== period= ..."
inline std::string Describe(const Annotation& a, const text::TextDoc& doc) {
  std::ostringstream o;
  o << AnnKindName(a.kind) << " '" << a.span.Of(doc.text) << "' figure='"
    << (a.figure.empty() ? a.span : a.figure).Of(doc.text) << "' value=" << a.value.ToString();
  if (a.value_hi) o << ".." << a.value_hi->ToString();
  o << " unit=" << a.unit << " approx=" << ApproxSymbol(a.approx) << " prec=" << a.precision_exp;
  if (!a.period.empty()) o << " period=" << a.period;
  if (!a.subkind.empty()) o << " subkind=" << a.subkind;
  if (!a.parts.empty()) {
    o << " parts=";
    for (size_t i = 0; i < a.parts.size(); ++i) o << (i ? "/" : "") << a.parts[i].ToString();
  }
  return o.str();
}

inline std::string DescribeAll(const std::vector<Annotation>& v, const text::TextDoc& doc,
                               std::optional<AnnKind> kind = std::nullopt) {
  std::string s;
  for (const auto& a : v) {
    if (kind && a.kind != *kind) continue;
    s += "\n    " + Describe(a, doc);
  }
  return s.empty() ? " (none)" : s;
}

inline std::string ValueText(const Annotation& a) {
  std::string v = a.value.ToString();
  if (a.value_hi) v += ".." + a.value_hi->ToString();
  return v;
}

}  // namespace quarry::testing
