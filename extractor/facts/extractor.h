// The whole pipeline for one document: analyze (text/), annotate (numbers/, periods/,
// gazetteer/), match (grammar/), resolve captures into Facts with context (resolve.cc).
// Resources are loaded once and shared; an Extractor is per thread (it owns buffers).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/annotation.h"
#include "base/document.h"
#include "base/fact.h"
#include "gazetteer/gazetteer.h"
#include "grammar/grammar.h"
#include "numbers/quantities.h"
#include "periods/periods.h"
#include "text/analyzer.h"

namespace quarry::facts {

// The lexicon lists the annotators read (numbers/ and periods/ together).
const std::vector<LexListSpec>& LexiconLists();

// Loads a lexicon folder (`<grammar dir>/lexicon`) against LexiconLists(). On failure returns
// nullptr and appends "file:line:col: message" lines (file names start with `dir`).
std::unique_ptr<Lexicon> LoadLexicon(const std::string& dir, std::vector<std::string>* errors);
// The units of the pack.schema in grammar folder `dir` (none when it has no valid schema), for
// annotators built outside Resources (tests, benchmarks).
std::vector<UnitDecl> LoadSchemaUnits(const std::string& dir);

// Everything loaded from the grammar folder, immutable, shared by all threads.
struct Resources {
  std::string grammar_dir;
  std::unique_ptr<gazetteer::Gazetteer> gazetteer;
  std::unique_ptr<grammar::Grammar> grammar;
  std::unique_ptr<numbers::QuantityAnnotator> quantities;  // built from lexicon/
  std::unique_ptr<periods::PeriodAnnotator> periods;       // built from lexicon/
  // The word ids the annotators and the matcher share (Note [Word ids] in text/word_ids.cc):
  // Extractor::Annotate looks each token up once.
  std::shared_ptr<text::WordIds> words;
  std::string version;  // grammar version: hash of rules + gazetteer + lexicon

  // Loads `dir` (rules, gazetteer/, lexicon/). On failure returns nullptr and fills `errors`
  // with "file:line:col: message" lines.
  static std::shared_ptr<const Resources> Load(const std::string& dir,
                                               std::vector<std::string>* errors);
};

// The default grammar folder: $QUARRY_GRAMMARS, else <dir of executable>/../grammars, else
// ./grammars.
std::string DefaultGrammarDir();

// A fact-producing match (or table cell) the resolver made no fact of, and the decision that
// dropped it (Note [Context] in resolve.cc), for `explain`.
struct Dropped {
  uint32_t sentence = 0;
  uint32_t tok_begin = 0, tok_end = 0;  // the `value` capture, else the whole match
  std::string rule;                     // rule id ("file:line name"), or "table.cell"
  std::string reason;                   // "Decision: why", e.g. "Vetoed: claimed by ..."
};

// Everything learned about one document, for `explain`, `annotate`, `eval`.
struct Trace {
  text::TextDoc text;
  std::vector<Annotation> annotations;
  grammar::MatchResult matches;
  std::vector<Dropped> dropped;  // filled by Extractor::Extract
  // Note [Unread figures] in extractor.cc: the quantity annotations (indexes into `annotations`)
  // that look like facts but that no fact of the document states. Filled by Extractor::Extract.
  std::vector<uint32_t> unread;
};

struct ExtractOptions {
  std::string published_override;  // --published: used when the document has no date
  bool force_published = false;    // --published overrides the document's own date
};

class Extractor {
 public:
  explicit Extractor(std::shared_ptr<const Resources> res, ExtractOptions opts = {});
  // Appends the document's facts to *out. If trace is non-null it receives the intermediate
  // results. Never throws for any document content.
  void Extract(const Document& doc, std::vector<Fact>* out, Trace* trace = nullptr);
  // Analyze + annotate only.
  void Annotate(const Document& doc, Trace* trace);
  // Note [Unread figures]: how many figures of the last document Extract read look like facts
  // but gave none.
  size_t unread_figures() const { return unread_; }
  const Resources& resources() const { return *res_; }

 private:
  std::shared_ptr<const Resources> res_;
  ExtractOptions opts_;
  text::Analyzer analyzer_;
  Trace scratch_;
  std::vector<Annotation> quantities_;  // Annotate's scratch: the quantities the periods read
  std::vector<std::string> volume_units_;  // units of the schema's `volume` types
  size_t unread_ = 0;
};

}  // namespace quarry::facts
