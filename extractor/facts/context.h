// Context: what a document says around its figures, as the resolver (resolve.cc) reads it. Built
// once per document from its trace: annotations by kind, the matches of the context labels (Note
// [Context labels]), the headline and the headings; then the queries a decision asks (the subject
// or market before a figure, the period nearest it) and what the facts stored so far lend to the
// next ones (Carried). Internal to facts/.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "facts/extractor.h"

namespace quarry::facts {

// Annotations of one kind, sorted by tok_begin, for O(log n) lookups (a 150,000-figure table
// must not make resolution quadratic).
using AnnList = std::vector<const Annotation*>;
using MatchList = std::vector<const grammar::Match*>;

// The first (last) annotation in `list` lying inside tokens [b, e), or nullptr.
const Annotation* FirstInside(const AnnList& list, uint32_t b, uint32_t e);
const Annotation* LastInside(const AnnList& list, uint32_t b, uint32_t e);
const grammar::Capture* FindCapture(const grammar::Match& m, const std::string& name);
// A rule's `set` constant, or `def`.
std::string Const(const grammar::RuleInfo& r, const std::string& key, const std::string& def = "");

// What a period annotation is to the resolver, by the period annotator's subkind (base/annotation.h;
// the table in context.cc): a running total's range (ytd, range) is the period of cumulative
// figures only; a month is what a heading lends; a month, quarter or half is what a paragraph
// lends to the next one (PeriodBefore).
enum class PeriodRole : uint8_t { kOther, kMonth, kPart, kRunning };

// What the facts stored so far lend to later figures: the last fact's clause subject carries to
// a figure later in its sentence ("Voyah, the premium brand of Dongfeng, delivered 17,218
// vehicles, up 63%": Voyah, not Dongfeng), its period to later figures that state none ("in the
// quarter"), its scope to a change right after it.
struct Carried {
  int64_t last_sentence = -1;
  uint32_t last_end = 0, last_paragraph = UINT32_MAX;
  uint32_t last_subject_paragraph = UINT32_MAX;  // paragraph of the last stored fact
  std::string last_subject, last_period;
  std::string last_scope;  // scope of the last stored fact
  // Period of the last stored fact, whatever its type (a running total's range too): a change
  // right after a figure is that figure's change (ChoosePeriod).
  std::string last_fact_period;
  std::string last_type;  // type of the last stored fact
  // Note [Carried type]: the type and paragraph of the last volume fact, for rules that `set
  // type=carry` (ellipsis and breakdowns borrow the previous figure's noun and verb).
  std::string last_volume_type;
  uint32_t last_volume_paragraph = UINT32_MAX;
  // Note [Carried type]: the type of the last stored fact when it is a level in percent (a
  // periodic type, not a change: a share of a month), else empty. A `carry` rule whose figure is a
  // percentage borrows it, from its own sentence only ("X was 37.8 percent in the month, up from
  // 36.9 percent the month before": the base is a share too).
  std::string last_pct_level_type;
  // Per paragraph, the subject of the last fact stored from it.
  std::map<uint32_t, std::string> para_subject;
};

class Context {
 public:
  Context(const Trace& t, const Resources& r);

  const Trace& tr;
  const Resources& res;
  const PackSchema* schema;  // nullptr for a pack without pack.schema
  AnnList entities, subjects, quantities, changes, periods, cum_periods, month_periods;
  // Per sentence: the last subject entity at or before its end, within its paragraph.
  std::vector<const Annotation*> subject_upto;
  // Per paragraph: the subject and month period of the nearest heading at or above it (the
  // first paragraph counts as the headline).
  std::vector<std::string> heading_subject, heading_period;
  std::string headline_subject;  // first subject entity of the first paragraph
  // Note [Subject from the address]: a document with no title and no company in its first
  // paragraph takes the company its address names as its headline subject.
  void ReadAddressSubject(const Document& doc);
  std::string address_subject;  // the company the address names (empty unless read)
  // The headline leads with a market named as such (not as a place), before any company: "China
  // NEV retail penetration passes 59%; Voltra share slips" is a market report though it names one.
  bool headline_market = false;
  // The market of a report whose headline leads with it (or with a body standing for it) and names
  // no company: the subject of figures nothing else names one for.
  std::string headline_market_name;
  // The one `regional` market the headline names when it names no other market ("... take 7% of
  // Europe's car market"): the place of a report's figures.
  std::string headline_region;
  NormSpan headline_span;
  // Context label matches (Note [Context labels] in context.cc), in token order.
  MatchList pronouns, anaphors, forecast_cues, jv_refs, fact_locations, clause_breaks, market_refs, place_refs,
      unknown_names, plan_cues, caption_credits;
  // The one volume type the headline's volume_word words name; empty when none or several.
  std::string headline_type;
  // Every volume_word match, in token order (`set type=volume_word`, VolumeWordType).
  MatchList volume_words;
  Carried carried;

  // The kind flags of an entity annotation (nullptr without a schema or for an undeclared kind).
  const KindDecl* KindOf(const Annotation& a) const { return KindNamed(a.subkind); }
  const KindDecl* KindNamed(const std::string& kind) const { return schema ? schema->Kind(kind) : nullptr; }
  // True when the gazetteer entity `name` is of a kind the schema flags `market`.
  bool IsMarket(const std::string& name) const;
  PeriodRole RoleOf(const Annotation& period) const;

  // The annotation of `kind` a capture holds: the captured annotation itself, or the first one
  // inside the captured tokens.
  const Annotation* AnnotationOf(const grammar::Capture& c, AnnKind kind) const;
  // Entity name for a capture: its entity annotation, else the text looked up in the gazetteer,
  // else the text itself.
  std::string EntityOf(const grammar::Capture& c) const;

  // Note [Market subjects] in context.cc. Sets *source to the reporting body named, if any.
  std::string MarketFor(uint32_t sentence, uint32_t before, std::string* source) const;
  // The subject a figure that names none is carried to; `before` is the figure's first token.
  std::string SubjectFor(const grammar::Match& m, uint32_t before) const;
  // Note [Unknown names]: a company we cannot name stands before the token in its sentence.
  bool UnknownNameBefore(uint32_t sentence, uint32_t before) const;
  // Note [Asides]: the last subject entity in tokens [b, before) that is not inside brackets
  // closing before `before`.
  const Annotation* LastSubjectOutsideAsides(uint32_t b, uint32_t before) const;
  // Note [Anaphors]: an anaphor match before the figure in its sentence, with no subject between.
  bool RefersBack(uint32_t sentence, uint32_t before) const;
  // A comparison base ("up 18% from Oct") or an event's date: a base_period match captured it.
  bool IsComparisonBase(const Annotation& p) const { return Marked(base_period_, p); }
  // The period annotation in the sentence nearest to the tokens [b, e), comparison bases aside.
  const Annotation* PeriodNear(uint32_t sentence, uint32_t b, uint32_t e, bool cumulative) const;
  // The last month, quarter or half named before `sentence` in its paragraph or the one above;
  // with `before`, also those of the sentence ending at or before that token.
  const Annotation* PeriodBefore(uint32_t sentence, uint32_t before = UINT32_MAX) const;

  // The first match of `list` beginning in tokens [b, e), or nullptr.
  static const grammar::Match* FirstStarting(const MatchList& list, uint32_t b, uint32_t e);
  // True when a match of `list` overlaps tokens [b, e) of sentence `sentence`.
  static bool AnyOverlapping(const MatchList& list, uint32_t sentence, uint32_t b, uint32_t e);

 private:
  void SortAnnotations();
  void ReadContextLabels();
  void ReadSubjects();
  void ReadHeadline();
  void ReadHeadlineMarket(uint32_t hb, uint32_t he);
  void ReadHeadings();
  std::string HeadingSubject(uint32_t b, uint32_t e) const;

  const Annotation* AnnotationAt(const grammar::Capture& c, AnnKind kind, const AnnList& list) const;
  const AnnList& ListOf(AnnKind k) const;
  size_t IndexOf(const Annotation& a) const;
  void Mark(std::vector<char>* flags, const Annotation* a) const;
  bool Marked(const std::vector<char>& flags, const Annotation& a) const;

  // Per annotation (index into tr.annotations): a period a base_period match captured, an entity
  // a part_of match captured, a period's role. The period searches ask about every period of a
  // sentence or paragraph for every fact: each answer is one lookup (a giant CJK sentence of
  // 5,000 figures).
  std::vector<char> base_period_, part_of_;
  std::vector<PeriodRole> role_;
};

}  // namespace quarry::facts
