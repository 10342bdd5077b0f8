// Evaluation of extracted facts against gold facts (corpus/gold/*.jsonl): matching, precision,
// recall and F1 per fact type and per rule, false positives/negatives, and the recall blind spot
// (figures in the text that no fact used). Pure computation; the CLI (cmd_eval.cc) does the IO.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/decimal.h"
#include "base/fact.h"
#include "facts/extractor.h"

namespace quarry::facts {

// One gold line. Optional fields are compared only when the gold line gives them.
struct GoldFact {
  std::string doc;  // document key: the article's file name ("01-x.txt")
  std::string type, subject;
  Decimal value;
  std::optional<std::string> object, location, unit, period, approx, modality, scope;
  std::vector<std::string> qualifiers;  // each must be among the predicted fact's qualifiers
  std::optional<RawSpan> span;          // the figure's [begin, end) in the raw article, when given
  std::string source;                   // "gold/x.jsonl:3", for messages
};

// Parses one JSONL gold line. `default_doc` is used when the line has no "doc". On error returns
// nullopt and sets *error (without the file/line prefix).
std::optional<GoldFact> ParseGoldLine(std::string_view line, const std::string& default_doc,
                                      std::string* error);

// What extraction produced for one document, as eval needs it.
struct EvalDoc {
  std::string key;          // file name, matches GoldFact::doc
  std::vector<Fact> facts;  // predicted
  Trace trace;              // for sentences of false negatives and the blind spot
};

struct Counts {
  int gold = 0, pred = 0, tp = 0;
  double Precision() const { return pred ? static_cast<double>(tp) / pred : (gold ? 0.0 : 1.0); }
  double Recall() const { return gold ? static_cast<double>(tp) / gold : (pred ? 0.0 : 1.0); }
  double F1() const {
    double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

struct Miss {
  std::string doc;
  std::string what;      // the fact, one line
  std::string sentence;  // where it is (or where its figure appears), normalized text
  std::string note;      // e.g. the nearest predicted fact and the fields that differ
  std::string rule;      // a false positive's rule; the rule a false negative counts against, or kNoRule
};

// The by_rule row of false negatives that no rule came near (see Note [Per-rule recall]).
inline constexpr const char* kNoRule = "(no rule)";

// Note [Per-rule recall]: a rule's precision is over the facts it produced. Its recall needs the
// gold facts it was responsible for, which gold does not say; so a false negative counts against
// a rule when some fact that rule extracted from the same document stands on the same figure:
// its figure span (or a repeat of it, Fact::also_at) overlaps the gold line's "span", or it has
// the gold value (or its negation: a sign is a field like any other) in the same sentence (the
// sentence holding the gold span, else any sentence where the value is annotated). The rule found
// the figure and got a field wrong. Among several such facts, one not matched to other gold
// wins, then one of the gold's type, then of its subject, then the first. A miss no rule came
// near goes to the row kNoRule. Per rule: gold = tp + the misses counted against it, so
// Precision() = tp / pred, Recall() = tp / (tp + fn), F1 as usual.

struct EvalReport {
  std::map<std::string, Counts> by_type;
  std::map<std::string, Counts> by_rule;  // per rule id, plus kNoRule (Note [Per-rule recall])
  Counts micro;
  Counts core;  // over EvalOptions::core_types (all types when empty)
  std::vector<Miss> false_positives, false_negatives, blind_spots;
  int documents = 0;
};

struct EvalOptions {
  std::set<std::string> core_types;  // empty: all types
};

// Matches predicted to gold per document (same doc, type, subject, value exactly, and every
// optional field the gold line gives), greedily in gold order, each predicted fact used once.
// False negatives are counted against rules per Note [Per-rule recall].
EvalReport Evaluate(const std::vector<EvalDoc>& docs, const std::vector<GoldFact>& gold,
                    const EvalOptions& opts);
// The same for one document, added to *report (documents, counts, misses in document order):
// Evaluate is this over every document. `golds`: the gold lines of this document, in gold order.
// The caller may drop the document (and its trace) afterwards: eval keeps no trace longer.
void EvaluateDoc(const EvalDoc& doc, const std::vector<const GoldFact*>& golds, const EvalOptions& opts,
                 EvalReport* report);

// One-line rendering of a predicted fact (for reports).
std::string Describe(const Fact& f);
std::string Describe(const GoldFact& g);

}  // namespace quarry::facts
