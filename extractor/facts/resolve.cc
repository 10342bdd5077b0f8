// Note [Context]
// ~~~~~~~~~~~~~~
// A rule captures what its sentence says; a reader fills in the rest. For a fact-producing match:
// - subject: the `subject` capture's entity; else the nearest entity (brand, alliance, group,
//   jv, model, maker) before the match in the same sentence; else the last subject of a fact or
//   entity in the same paragraph; else the entity of the nearest heading above (listicles:
//   "AITO" as a heading, figures below); else the headline's. A figure with no subject at all is
//   dropped rather than guessed.
// - period: the `period` capture; else the period annotation in the sentence nearest the value
//   (ytd/range periods only for cumulative types; comparison bases aside); else the nearest
//   heading's or headline's.
// - what the words around a figure say (a comparison base, a pronoun, a part, a location, the
//   headline's volume noun) comes from the grammar: Note [Context labels].
// - value, unit, approx: from the `value` capture's quantity or change annotation; `set` slots
//   override unit/approx/modality. A ratio value (51/49) with an `object` becomes one stake per
//   part, the holders from `subject`/`subject2` captures or the object's `owners` attribute.
// - duplicates: the same (type, subject, object, value, period, modality) in one document is one
//   fact, its first statement the span and the others in `also_at`.
#include "facts/resolve.h"

#include "facts/scope.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "base/period.h"

namespace quarry::facts {
namespace {

// A default subject: an entity of a kind the pack's schema flags `subject` (companies, brands,
// models; not places or reporting bodies). A pack without a schema has every entity as one.
bool IsSubjectKind(const PackSchema* schema, const std::string& k) {
  if (!schema) return true;
  const KindDecl* d = schema->Kind(k);
  return d && d->subject;
}

const grammar::Capture* FindCapture(const grammar::Match& m, const std::string& name) {
  for (const auto& c : m.captures)
    if (c.name == name) return &c;
  return nullptr;
}

std::string Const(const grammar::RuleInfo& r, const std::string& key, const std::string& def = "") {
  auto it = r.constants.find(key);
  return it == r.constants.end() ? def : it->second;
}

// Text of tokens [b, e) in the normalized text.
std::string TokText(const text::TextDoc& t, uint32_t b, uint32_t e) {
  if (b >= e || e > t.tokens.size()) return "";
  return std::string(NormSpan(t.tokens[b].span.begin, t.tokens[e - 1].span.end).Of(t.text));
}

NormSpan TokSpan(const text::TextDoc& t, uint32_t b, uint32_t e) {
  if (b >= e || e > t.tokens.size()) return {};
  return NormSpan(t.tokens[b].span.begin, t.tokens[e - 1].span.end);
}

// Annotations of one kind, sorted by tok_begin, for O(log n) lookups (a 150,000-figure table
// must not make resolution quadratic).
using AnnList = std::vector<const Annotation*>;

// The first annotation in `list` lying inside tokens [b, e), or nullptr.
const Annotation* FirstInside(const AnnList& list, uint32_t b, uint32_t e) {
  auto it = std::lower_bound(list.begin(), list.end(), b,
                             [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
  for (; it != list.end() && (*it)->tok_begin < e; ++it)
    if ((*it)->tok_end <= e) return *it;
  return nullptr;
}

// The last annotation in `list` lying inside tokens [b, e), or nullptr.
const Annotation* LastInside(const AnnList& list, uint32_t b, uint32_t e) {
  auto it = std::lower_bound(list.begin(), list.end(), e,
                             [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
  while (it != list.begin()) {
    --it;
    if ((*it)->tok_begin < b) return nullptr;
    if ((*it)->tok_end <= e) return *it;
  }
  return nullptr;
}

struct Context {
  const Trace& tr;
  const Resources& res;
  AnnList entities, subjects, quantities, changes, periods, cum_periods, month_periods;
  // Per sentence: the last subject entity at or before its end, within its paragraph.
  std::vector<const Annotation*> subject_upto;
  // Per paragraph: the subject and month period of the nearest heading at or above it (the
  // first paragraph counts as the headline).
  std::vector<std::string> heading_subject, heading_period;
  std::string headline_subject;  // first subject entity of the first paragraph
  // The one region the headline names when it names no country ("... take 7% of Europe's car
  // market"): the market a report's figures are about.
  std::string headline_region;
  NormSpan headline_span;
  // Per paragraph, the subject of the last fact stored from it.
  std::map<uint32_t, std::string> para_subject;

  // Note [Context labels]: what the grammar tells the resolver about the words around a figure
  // (grammars/auto/context.rules; grammars/README.md, "What the resolver reads from the
  // grammar"), read from the matches of the rules that emit these labels, in token order:
  //   base_period    its `period` capture is a comparison base or an event's date, never the
  //                  period of a figure (PeriodNear, PeriodBefore)
  //   part_of        its `subject` capture is a part named in an appositive, never carried
  //   pronoun        one before a figure in its sentence: the paragraph's subject (SubjectFor)
  //   headline_type  one in the first paragraph: the fact type its rule sets (`set type=`), for
  //                  `type=carry_or_headline`; none, or two types, give none
  //   jv_ref         one overlapping a `subject` capture that names no entity: the company's JV
  //   fact_location  the first beginning within 10 tokens after a figure: its `location` capture
  //                  is the figure's location, unless a clause_break begins in between
  //   clause_break   the end of a figure's clause
  // The words are the rules'; the C++ reads only positions, captures and constants.
  using MatchList = std::vector<const grammar::Match*>;
  MatchList pronouns, jv_refs, fact_locations, clause_breaks, market_refs, place_refs;
  // Per annotation (index into tr.annotations): a period a base_period match captured, an entity
  // a part_of match captured. The period searches below ask about every period of a sentence or
  // paragraph for every fact: each answer is one lookup (a giant CJK sentence of 5,000 figures).
  std::vector<char> base_period, part_of;
  // The one volume type the headline's headline_type words name; empty when none or several.
  std::string headline_type;

  // The annotation of `kind` that a capture designates: the captured annotation itself, else the
  // one beginning at the capture's first token (a capture written as words: "上月份" is the
  // period over the tokens 上|月份).
  const Annotation* AnnotationAt(const grammar::Capture& c, AnnKind kind, const AnnList& list) const {
    const auto& anns = tr.annotations;
    if (c.annotation >= 0 && c.annotation < static_cast<int>(anns.size()) && anns[c.annotation].kind == kind)
      return &anns[c.annotation];
    if (c.tok_end <= c.tok_begin) return nullptr;
    auto it = std::lower_bound(list.begin(), list.end(), c.tok_begin,
                               [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
    return it != list.end() && (*it)->tok_begin == c.tok_begin ? *it : nullptr;
  }

  size_t IndexOf(const Annotation& a) const {
    const auto& all = tr.annotations;
    if (all.empty() || &a < all.data() || &a >= all.data() + all.size()) return SIZE_MAX;
    return static_cast<size_t>(&a - all.data());
  }
  void Mark(std::vector<char>* flags, const Annotation* a) const {
    if (size_t i = a ? IndexOf(*a) : SIZE_MAX; i < flags->size()) (*flags)[i] = 1;
  }
  bool Marked(const std::vector<char>& flags, const Annotation& a) const {
    size_t i = IndexOf(a);
    return i < flags.size() && flags[i];
  }

  // Reads the matches of the context labels (Note [Context labels]).
  void ReadContextLabels() {
    const auto& rules = res.grammar->rules();
    base_period.assign(tr.annotations.size(), 0);
    part_of.assign(tr.annotations.size(), 0);
    std::string found;
    bool clash = false;
    for (const auto& m : tr.matches.matches) {
      if (m.rule < 0 || m.rule >= static_cast<int>(rules.size())) continue;
      const std::string& label = rules[m.rule].emit;
      if (label.empty()) continue;
      if (label == "base_period") {
        if (const auto* c = FindCapture(m, "period")) Mark(&base_period, AnnotationAt(*c, AnnKind::kPeriod, periods));
      } else if (label == "part_of") {
        if (const auto* c = FindCapture(m, "subject")) Mark(&part_of, AnnotationAt(*c, AnnKind::kEntity, entities));
      } else if (label == "pronoun") {
        pronouns.push_back(&m);
      } else if (label == "jv_ref") {
        jv_refs.push_back(&m);
      } else if (label == "fact_location") {
        fact_locations.push_back(&m);
      } else if (label == "clause_break") {
        clause_breaks.push_back(&m);
      } else if (label == "market_ref") {
        market_refs.push_back(&m);
      } else if (label == "place_ref") {
        place_refs.push_back(&m);
      } else if (label == "headline_type") {
        if (m.sentence >= tr.text.sentences.size() || tr.text.sentences[m.sentence].paragraph != 0) continue;
        std::string t = Const(rules[m.rule], "type");
        if (t.empty()) continue;
        if (!found.empty() && found != t) clash = true;
        found = t;
      }
    }
    if (!clash) headline_type = found;
  }

  // The first match of `list` beginning in tokens [b, e), or nullptr.
  static const grammar::Match* FirstStarting(const MatchList& list, uint32_t b, uint32_t e) {
    auto it = std::lower_bound(list.begin(), list.end(), b,
                               [](const grammar::Match* m, uint32_t v) { return m->tok_begin < v; });
    return it != list.end() && (*it)->tok_begin < e ? *it : nullptr;
  }

  // True when a match of `list` overlaps tokens [b, e) of sentence `sentence`.
  static bool AnyOverlapping(const MatchList& list, uint32_t sentence, uint32_t b, uint32_t e) {
    auto it = std::lower_bound(list.begin(), list.end(), sentence,
                               [](const grammar::Match* m, uint32_t s) { return m->sentence < s; });
    for (; it != list.end() && (*it)->sentence == sentence && (*it)->tok_begin < e; ++it)
      if ((*it)->tok_end > b) return true;
    return false;
  }

  Context(const Trace& t, const Resources& r) : tr(t), res(r) {
    for (const auto& a : tr.annotations) {
      switch (a.kind) {
        case AnnKind::kEntity: entities.push_back(&a); break;
        case AnnKind::kQuantity: quantities.push_back(&a); break;
        case AnnKind::kChange: changes.push_back(&a); break;
        case AnnKind::kPeriod:
          periods.push_back(&a);
          if (a.subkind == "ytd" || a.subkind == "range") cum_periods.push_back(&a);
          else month_periods.push_back(&a);
          break;
        default: break;
      }
    }
    ReadContextLabels();
    // A part named in an appositive ("its worldwide sales, including the Lexus luxury brand, rose
    // 3.1%") is never the subject a later figure is carried to. Captured subjects are unaffected
    // (they are read from the capture).
    for (const Annotation* a : entities)
      if (IsSubjectKind(res.grammar->schema(), a->subkind) && !Marked(part_of, *a)) subjects.push_back(a);
    const auto& sents = tr.text.sentences;
    subject_upto.assign(sents.size(), nullptr);
    for (size_t s = 0; s < sents.size(); ++s) {
      const Annotation* a = LastInside(subjects, sents[s].tok_begin, sents[s].tok_end);
      if (!a && s > 0 && sents[s - 1].paragraph == sents[s].paragraph) a = subject_upto[s - 1];
      subject_upto[s] = a;
    }
    const auto& paras = tr.text.paragraphs;
    // The first paragraph is the headline when it is headline-sized: a document that is one
    // long paragraph (a 50 MB line) has none, and its facts are not all "in the headline" (the
    // headline folds below compare each headline fact with every other fact).
    constexpr uint32_t kMaxHeadlineSentences = 3;
    if (!paras.empty() && paras[0].sent_begin < paras[0].sent_end &&
        paras[0].sent_end - paras[0].sent_begin <= kMaxHeadlineSentences) {
      headline_span = paras[0].span;
      if (const Annotation* a = FirstInside(subjects, sents[paras[0].sent_begin].tok_begin, sents[paras[0].sent_end - 1].tok_end))
        headline_subject = a->label;
      // Grammar pack fix (heldout2): a regional market report's headline names its region.
      uint32_t hb = sents[paras[0].sent_begin].tok_begin, he = sents[paras[0].sent_end - 1].tok_end;
      bool country = false, several = false;
      for (const Annotation* a = FirstInside(entities, hb, he); a; a = FirstInside(entities, a->tok_end, he)) {
        if (a->subkind == "country") country = true;
        if (a->subkind != "region") continue;
        if (!headline_region.empty() && headline_region != a->label) several = true;
        headline_region = a->label;
      }
      if (country || several) headline_region.clear();
    }
    heading_subject.assign(paras.size(), "");
    heading_period.assign(paras.size(), "");
    std::string subj, period;
    for (size_t p = 0; p < paras.size(); ++p) {
      const auto& P = paras[p];
      if ((P.heading || p == 0) && P.sent_begin < P.sent_end) {
        uint32_t b = sents[P.sent_begin].tok_begin, e = sents[P.sent_end - 1].tok_end;
        // A heading that names several unrelated companies ("Tesla, BYD, Geely lead October
        // sales") does not say whose figures follow; one company (or a brand and its models) does.
        if (const Annotation* a = LastInside(subjects, b, e)) {
          subj = a->label;
          for (const Annotation* o = FirstInside(subjects, b, e); o && o != a; o = FirstInside(subjects, o->tok_end, e)) {
            if (!res.gazetteer->IsUnder(o->label, a->label) && !res.gazetteer->IsUnder(a->label, o->label)) {
              subj.clear();
              break;
            }
            // Grammar pack fix: a heading naming a brand and its model ("Xiaomi EV deliveries top
            // 40,000, YU7 accounts for most") heads the brand's figures, not the model's.
            if (res.gazetteer->IsUnder(subj, o->label)) subj = o->label;
          }
        }
        for (const Annotation* a = FirstInside(month_periods, b, e); a; a = nullptr)
          if (a->subkind == "month") period = a->period;
      }
      heading_subject[p] = subj;
      heading_period[p] = period;
    }
  }

  const AnnList& ListOf(AnnKind k) const {
    switch (k) {
      case AnnKind::kEntity: return entities;
      case AnnKind::kQuantity: return quantities;
      case AnnKind::kChange: return changes;
      default: return periods;
    }
  }

  // The annotation of `kind` a capture holds: the captured annotation itself, or the first one
  // inside the captured tokens.
  const Annotation* AnnotationOf(const grammar::Capture& c, AnnKind kind) const {
    const auto& anns = tr.annotations;
    if (c.annotation >= 0 && c.annotation < static_cast<int>(anns.size()) && anns[c.annotation].kind == kind)
      return &anns[c.annotation];
    return FirstInside(ListOf(kind), c.tok_begin, c.tok_end);
  }

  // Entity name for a capture: its entity annotation, else the text looked up in the gazetteer,
  // else the text itself.
  std::string EntityOf(const grammar::Capture& c) const {
    if (const Annotation* a = AnnotationOf(c, AnnKind::kEntity)) return a->label;
    std::string text = TokText(tr.text, c.tok_begin, c.tok_end);
    if (const auto* e = res.gazetteer->Find(text)) return e->name;
    return text;
  }

  // Note [Market subjects]: a market report's figures belong to a market, not to a company:
  // "China's passenger car retail sales were 2.2 million", "据乘联会数据, 全国乘用车零售171万辆".
  // A figure is a market's when its sentence names no company before it and names a market
  // before it: an entity of a kind the schema flags `market` (a country or region), else a
  // reporting body (gazetteer kind `body`) standing for its `region` attribute. A sentence that
  // names only a place ("In Europe, sales rose 20%") in an article or paragraph about a company
  // (its headline, a fact, the sentence before, its heading) is still that company's unless a
  // market_ref word ("market", "市场", "nationwide") or a body
  // says it is the market's. The body is the fact's source (qualifier `source:CPCA`).
  std::string MarketFor(uint32_t sentence, uint32_t before, std::string* source) const {
    const PackSchema* schema = res.grammar->schema();
    if (!schema) return "";
    const auto& sent = tr.text.sentences[sentence];
    if (LastInside(subjects, sent.tok_begin, before)) return "";
    uint32_t para = sent.paragraph;
    bool company_context = !headline_subject.empty() || para_subject.count(para) ||
                           (para < heading_subject.size() && !heading_subject[para].empty()) ||
                           (sentence > 0 && tr.text.sentences[sentence - 1].paragraph == para && subject_upto[sentence - 1]);
    std::string market, body_region;
    for (const Annotation* a = FirstInside(entities, sent.tok_begin, sent.tok_end); a;
         a = FirstInside(entities, a->tok_end, sent.tok_end)) {
      // A place ("sales outside mainland China") in a company's paragraph is where the company
      // sold, not the market whose figure it is.
      // (fact_location and place_ref are both such places; they share a stage, so either may win.)
      if (company_context && (AnyOverlapping(place_refs, sentence, a->tok_begin, a->tok_end) ||
                              AnyOverlapping(fact_locations, sentence, a->tok_begin, a->tok_end)))
        continue;
      const KindDecl* k = schema->Kind(a->subkind);
      if (a->subkind == "body") {
        if (source->empty()) *source = a->label;
        if (const auto* e = res.gazetteer->Find(a->label); e && body_region.empty())
          if (auto it = e->attrs.find("region"); it != e->attrs.end()) body_region = it->second;
      } else if (k && k->market && a->tok_end <= before) {
        market = a->label;
      }
    }
    // In a company's paragraph only a market named as such counts; elsewhere a body alone
    // names its market ("据乘联会数据, 零售171万辆").
    if (market.empty() && !company_context) market = body_region;
    if (market.empty()) return "";
    bool cue = !source->empty() || FirstStarting(market_refs, sent.tok_begin, sent.tok_end);
    if (!cue && company_context) return "";
    return market;
  }

  // `before`: the first token of the figure; entities inside the match before the figure count
  // ("1-11月,赛力斯...累计销量为419,836辆" matched from the period on).
  std::string SubjectFor(const grammar::Match& m, uint32_t before) {
    const auto& sent = tr.text.sentences[m.sentence];
    if (last_sentence == static_cast<int64_t>(m.sentence) &&
        !LastInside(subjects, std::min(last_end, before), before))
      return last_subject;
    if (const Annotation* a = LastInside(subjects, sent.tok_begin, before)) return a->label;
    uint32_t para = sent.paragraph;
    // A pronoun before the figure ("Zeekr operates 430 stores in China ... with Lynk & Co
    // locations. Overseas it has 96 stores") is the paragraph's subject (its last fact's), not
    // the last company the sentence before mentions.
    if (auto it = para_subject.find(para); it != para_subject.end())
      if (FirstStarting(pronouns, sent.tok_begin, before)) return it->second;
    if (m.sentence > 0 && tr.text.sentences[m.sentence - 1].paragraph == para)
      if (const Annotation* a = subject_upto[m.sentence - 1]) return a->label;
    if (auto it = para_subject.find(para); it != para_subject.end()) return it->second;
    return para < heading_subject.size() ? heading_subject[para] : "";
  }

  // A comparison base ("up 18% from October", "an increase of 87% over 2023") or an event's date
  // ("launched in April") is not the figure's period: a base_period match captured it.
  bool IsComparisonBase(const Annotation& p) const { return Marked(base_period, p); }

  // Grammar pack fix (heldout2): the last month, quarter or half named before `sentence` in its
  // paragraph or the one above (the headline aside, comparison bases aside): "Li Auto reported a
  // net loss ... for the fourth quarter of 2025. || Quarterly deliveries were 100,357 vehicles".
  const Annotation* PeriodBefore(uint32_t sentence) const {
    const auto& sents = tr.text.sentences;
    uint32_t para = sents[sentence].paragraph;
    uint32_t begin = sents[sentence].tok_begin;
    const Annotation* best = nullptr;
    // Only the paragraph above and this one count: start at the first period of the one above.
    const auto& paras = tr.text.paragraphs;
    uint32_t from_para = para > 0 ? para - 1 : 0;
    uint32_t from_tok = from_para < paras.size() && paras[from_para].sent_begin < sents.size()
                            ? sents[paras[from_para].sent_begin].tok_begin
                            : 0;
    auto first = std::lower_bound(month_periods.begin(), month_periods.end(), from_tok,
                                  [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
    for (auto it = first; it != month_periods.end(); ++it) {
      const Annotation* a = *it;
      if (a->tok_end > begin) break;
      uint32_t ap = sents[tr.text.tokens[a->tok_begin].sentence].paragraph;
      if (ap == 0 || ap + 1 < para) continue;
      if (a->subkind != "month" && a->subkind != "quarter" && a->subkind != "half") continue;
      if (IsComparisonBase(*a)) continue;
      best = a;
    }
    return best;
  }

  // The period annotation in the sentence nearest to the tokens [b, e), comparison bases aside.
  const Annotation* PeriodNear(uint32_t sentence, uint32_t b, uint32_t e, bool cumulative) const {
    const auto& sent = tr.text.sentences[sentence];
    const AnnList& list = cumulative ? cum_periods : month_periods;
    auto it = std::lower_bound(list.begin(), list.end(), sent.tok_begin,
                               [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
    const Annotation* best = nullptr;
    uint32_t best_d = UINT32_MAX;
    for (; it != list.end() && (*it)->tok_begin < sent.tok_end; ++it) {
      const Annotation& a = **it;
      // Past the value, distances only grow: nothing later can beat the best so far.
      if (a.tok_begin >= e && a.tok_begin - e >= best_d) break;
      if (a.tok_end > sent.tok_end || IsComparisonBase(a)) continue;
      uint32_t d;
      if (a.tok_end <= b) d = b - a.tok_end;
      else if (a.tok_begin >= e) d = a.tok_begin - e;
      else continue;  // inside the value itself ("from the same month last year")
      if (d < best_d) best_d = d, best = &a;
    }
    return best;
  }

  // The last stored fact: its clause's subject carries to a figure later in the same sentence
  // ("Voyah, the premium brand of Dongfeng, delivered 17,218 vehicles, up 63%": Voyah, not
  // Dongfeng), and its period to later figures that state none ("in the quarter").
  int64_t last_sentence = -1;
  uint32_t last_end = 0, last_paragraph = UINT32_MAX;
  uint32_t last_subject_paragraph = UINT32_MAX;  // paragraph of the last stored fact
  std::string last_subject, last_period;
  std::string last_scope;  // scope of the last stored fact
  // Note [Carried type] (grammar pack): the type and paragraph of the last volume fact, for rules
  // that `set type=carry` (ellipsis and breakdowns borrow the previous figure's noun and verb).
  std::string last_volume_type;
  uint32_t last_volume_paragraph = UINT32_MAX;
};

// What the pack's schema says of a type (pack.schema flags): `volume` types are what a
// `type=carry` rule may borrow; `located` ones take the place their clause states after the
// figure ("registered 17,470 cars in Europe"); `periodic` ones (volumes, changes, shares of a
// month) take a period from context and lend theirs to later figures, `dated` ones (a target)
// only take one, and a stake's deal date neither; `cumulative` ones are running totals. The
// directive `change_by_period` is periodic (it becomes yoy_pct or mom_pct).
struct TypeFlags {
  bool volume = false, located = false, periodic = false, dated = false, cumulative = false;
};

TypeFlags FlagsOf(const PackSchema* schema, const std::string& type) {
  TypeFlags f;
  if (type == "change_by_period") f.periodic = true;
  const FactTypeDecl* t = schema ? schema->Type(type) : nullptr;
  if (!t) return f;
  f.volume = t->volume;
  f.located = t->located;
  f.periodic = t->periodic;
  f.dated = t->dated;
  f.cumulative = t->cumulative;
  return f;
}

// Note [Basis from the base period] (grammar pack, heldout2): a change whose text names the
// period it compares with ("14% more than in January 2025", "a decrease of 37.5% from 158,696
// vehicles in the fourth quarter of 2024") is year-on-year when that period is a year before the
// figure's, month-on-month (quarter-on-quarter) when it is the month (quarter) before; any other
// distance states no basis we store. Rules `set type=change_by_period` and capture `base`.
std::string BasisBetween(const std::string& p, const std::string& b) {
  auto figure = Period::Parse(p), base = Period::Parse(b);
  if (!figure || !base || figure->kind() != base->kind() ||
      figure->IsUnknownYear() != base->IsUnknownYear())
    return "";
  Period::Kind kind = figure->kind();
  if (kind == Period::Kind::kDay || kind == Period::Kind::kRange) return "";
  int months = figure->FirstMonth() - base->FirstMonth();
  if (months == 12) return "yoy";
  if (months == 1 && kind == Period::Kind::kMonth) return "mom";
  if (months == 3 && kind == Period::Kind::kQuarter) return "qoq";
  return "";
}

// A rule's period directive (`set period=year|ytd|year_ago`, described where Resolve applies it)
// applied to the period found. Text that is not a period is kept as it is.
std::string WithDirective(const std::string& directive, const std::string& period) {
  auto p = Period::Parse(period);
  if (!p) return period;
  using Kind = Period::Kind;
  Kind kind = p->kind();
  if (directive == "year" && p->Begin().kind() != Kind::kYear)
    return p->Enclosing(Kind::kYear).ToString();
  if (directive == "ytd" && (kind == Kind::kMonth || kind == Kind::kQuarter || kind == Kind::kHalf))
    return p->SinceYearStart().ToString();
  if (directive == "year_ago")
    if (auto ago = p->YearAgo()) return ago->ToString();
  return period;
}

bool IsRange(const std::string& period) {
  auto p = Period::Parse(period);
  return p && p->kind() == Period::Kind::kRange;
}

std::vector<std::string> SplitList(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

// A fact's evidence is its sentence's text (DESIGN.md). A "sentence" can be a 200 KB run without
// punctuation (CJK, tables): every fact in it would copy all of it, quadratic in bytes. Past
// kMaxEvidence bytes the evidence is the part of the sentence around the figure, marked with "…"
// where cut (on character boundaries); `sentence` still gives the whole sentence's span.
std::string Evidence(std::string_view text, NormSpan sent, NormSpan fig) {
  constexpr uint32_t kMaxEvidence = 2000, kSide = 900;
  if (sent.end - sent.begin <= kMaxEvidence) return std::string(sent.Of(text));
  auto cont = [&](uint32_t i) { return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
  uint32_t b = fig.begin > sent.begin + kSide ? fig.begin - kSide : sent.begin;
  uint32_t e = fig.end + kSide < sent.end ? fig.end + kSide : sent.end;
  while (b > sent.begin && cont(b)) --b;
  while (e < sent.end && cont(e)) ++e;
  std::string out;
  if (b > sent.begin) out += "\u2026";
  out.append(text.substr(b, e - b));
  if (e < sent.end) out += "\u2026";
  return out;
}

}  // namespace

namespace {

// Note [Frames]: a rule with `set frame=true` (grammars/auto/frames.rules) reads a figure the
// general way: a vehicle count with a volume word in its clause. Its fact is a candidate, kept
// only when no other match covers the figure: a fact rule's or a blocker's (any emitted label
// but the context labels the resolver reads, which say something about the words, not the
// figure). So the specific rules refine and veto, and the frame adds what no rule was written
// for.
const std::set<std::string> kContextLabels = {"base_period",   "part_of",      "pronoun",    "headline_type", "jv_ref",
                                              "fact_location", "clause_break", "market_ref", "place_ref",     "scope"};

// The token ranges of the matches that claim figures: every match but frames' and context
// labels', in (sentence, begin) order.
struct Claims {
  struct Range {
    uint32_t sentence, begin, end;
  };
  std::vector<Range> ranges;

  Claims(const Trace& tr, const std::vector<grammar::RuleInfo>& rules) {
    for (const auto& m : tr.matches.matches) {
      if (m.rule < 0 || m.rule >= static_cast<int>(rules.size())) continue;
      const auto& r = rules[m.rule];
      if (Const(r, "frame") == "true" || kContextLabels.count(r.emit)) continue;
      ranges.push_back({m.sentence, m.tok_begin, m.tok_end});
    }
    std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
      return a.sentence != b.sentence ? a.sentence < b.sentence : a.begin < b.begin;
    });
  }

  // True when a claiming match overlaps tokens [b, e) of `sentence`.
  bool Cover(uint32_t sentence, uint32_t b, uint32_t e) const {
    auto it = std::lower_bound(ranges.begin(), ranges.end(), sentence,
                               [](const Range& r, uint32_t s) { return r.sentence < s; });
    for (; it != ranges.end() && it->sentence == sentence && it->begin < e; ++it)
      if (it->end > b) return true;
    return false;
  }
};

}  // namespace

void Resolve(const Document& doc, const Trace& tr, const Resources& res, std::vector<Fact>* out) {
  const auto& rules = res.grammar->rules();
  Context ctx(tr, res);
  Claims claims(tr, rules);
  ScopeReader scopes(tr, res);
  const PackSchema* schema = res.grammar->schema();
  size_t first = out->size();
  for (const auto& m : tr.matches.matches) {
    if (m.rule < 0 || m.rule >= static_cast<int>(rules.size())) continue;
    const auto& rule = rules[m.rule];
    if (!rule.emit.empty()) continue;
    std::string type = Const(rule, "type");
    if (type.empty()) continue;
    // Note [Carried type] (grammar pack fix): "Zeekr deliveries stood at 25,706 and Lynk & Co's at
    // 32,110", "including 22,017 from the NIO brand": the figure has the type of the volume fact
    // before it in the same paragraph; with none, it is not a fact we can type.
    if (type == "carry") {
      if (ctx.last_volume_type.empty() || ctx.last_volume_paragraph != tr.text.sentences[m.sentence].paragraph)
        continue;
      type = ctx.last_volume_type;
    }
    // `set type=carry_or_headline` (grammar pack, heldout3): a data line ("Leapmotor: 30,112", "NIO
    // brand 9,102; Onvo 5,318") types like `carry`; with no volume fact before it in its paragraph,
    // it takes the one volume type its headline names ("Feb 2026 deliveries: ...": headline_type
    // words), or none.
    if (type == "carry_or_headline") {
      if (!ctx.last_volume_type.empty() && ctx.last_volume_paragraph == tr.text.sentences[m.sentence].paragraph)
        type = ctx.last_volume_type;
      else if (!ctx.headline_type.empty())
        type = ctx.headline_type;
      else
        continue;
    }
    const grammar::Capture* vcap = FindCapture(m, "value");
    if (!vcap) continue;
    if (Const(rule, "frame") == "true" && claims.Cover(m.sentence, vcap->tok_begin, vcap->tok_end)) continue;
    // The captured annotation itself first: a change ("down 5.3%") holds an unsigned quantity
    // inside it, and searching inside would lose the sign.
    const Annotation* v = nullptr;
    if (vcap->annotation >= 0 && vcap->annotation < static_cast<int>(tr.annotations.size())) {
      const Annotation& a = tr.annotations[vcap->annotation];
      if (a.kind == AnnKind::kQuantity || a.kind == AnnKind::kChange) v = &a;
    }
    if (!v) v = ctx.AnnotationOf(*vcap, AnnKind::kQuantity);
    if (!v) v = ctx.AnnotationOf(*vcap, AnnKind::kChange);
    if (!v) continue;

    Fact f;
    f.doc = doc.id;
    f.type = type;
    f.value = v->value;
    f.unit = Const(rule, "unit", v->unit);
    f.approx = v->approx;
    if (auto a = ParseApprox(Const(rule, "approx", "")); a && !Const(rule, "approx").empty()) f.approx = *a;
    f.precision_exp = v->precision_exp;
    f.modality = Const(rule, "modality", "actual");
    f.qualifiers = SplitList(Const(rule, "qualifier"), ',');
    f.rule = rule.id;
    f.grammar_version = res.version;

    if (const auto* c = FindCapture(m, "subject")) {
      f.subject = ctx.EntityOf(*c);
      // "the company", "the group": the company the article is about, the headline's first;
      // "the joint venture": that company's joint venture, when the gazetteer knows one.
      if (!res.gazetteer->Find(f.subject)) {
        bool jv = Context::AnyOverlapping(ctx.jv_refs, m.sentence, c->tok_begin, c->tok_end);
        f.subject = ctx.headline_subject;
        // Grammar pack fix (heldout2): a headline naming no company ("Chinese EV makers race to add
        // showrooms abroad"): "the company" is the one of the fact just before, in this paragraph
        // or the one above it.
        uint32_t para = tr.text.sentences[m.sentence].paragraph;
        if (f.subject.empty() && !ctx.last_subject.empty() && ctx.last_subject_paragraph != UINT32_MAX &&
            ctx.last_subject_paragraph + 1 >= para)
          f.subject = ctx.last_subject;
        if (jv)
          for (const auto& e : res.gazetteer->entities())
            if (e.kind == "jv" && !f.subject.empty() && e.parent == f.subject) f.subject = e.name;
      }
    }
    std::string source;
    if (f.subject.empty()) f.subject = ctx.MarketFor(m.sentence, vcap->tok_begin, &source);
    if (f.subject.empty()) f.subject = ctx.SubjectFor(m, vcap->tok_begin);
    if (!source.empty()) f.qualifiers.push_back("source:" + source);
    if (const auto* c = FindCapture(m, "object")) f.object = ctx.EntityOf(*c);
    if (const auto* c = FindCapture(m, "location")) f.location = ctx.EntityOf(*c);
    // A location the clause states after the figure ("registered 17,470 new cars in Europe last
    // month", "402 stores across 119 cities in China"): the first fact_location match beginning
    // within 10 tokens after the value, unless a clause_break begins first.
    const TypeFlags flags = FlagsOf(schema, type);
    if (f.location.empty() && flags.located) {
      const auto& sent = tr.text.sentences[m.sentence];
      uint32_t limit = std::min<uint32_t>(sent.tok_end, vcap->tok_end + 10);
      const grammar::Match* at = Context::FirstStarting(ctx.fact_locations, vcap->tok_end, limit);
      const grammar::Match* stop = at ? Context::FirstStarting(ctx.clause_breaks, vcap->tok_end, at->tok_begin + 1) : nullptr;
      const grammar::Capture* c = at && !stop ? FindCapture(*at, "location") : nullptr;
      if (c) f.location = ctx.EntityOf(*c);
    }
    // Grammar pack fix (heldout2): a figure of a regional market report ("Chinese brands take 7% of
    // Europe's car market in January": "BYD led the group with 18,232 registrations") is of that
    // region when its clause names none.
    if (f.location.empty() && !ctx.headline_region.empty() && f.modality == "actual" &&
        flags.located && flags.periodic)
      f.location = ctx.headline_region;
    if (f.location == f.subject) f.location.clear();  // China's sales "in China"
    // `set object=near`: the object is the sentence's other company, when the clause does not name
    // it ("Stellantis acquired a 21% stake and formed the JV, ... Leapmotor is now ..."): the
    // nearest subject-like entity after the match, else before it, that is neither the subject
    // nor a joint venture.
    if (f.object.empty() && Const(rule, "object") == "near") {
      const auto& sent = tr.text.sentences[m.sentence];
      // After the match a joint venture is the deal's product ("formed the 51/49 JV"), not the
      // stake's object; before it, it is the sentence's topic ("The JV, 51% owned by ...").
      auto usable = [&](const Annotation* a) {
        return a && a->label != f.subject && a->subkind != "jv" && a->subkind != "model";
      };
      for (const Annotation* a = FirstInside(ctx.subjects, m.tok_end, sent.tok_end); a && f.object.empty();
           a = FirstInside(ctx.subjects, a->tok_end, sent.tok_end))
        if (usable(a)) f.object = a->label;
      for (uint32_t e = m.tok_begin; f.object.empty();) {
        const Annotation* a = LastInside(ctx.subjects, sent.tok_begin, e);
        if (!a) break;
        if (a->label != f.subject) f.object = a->label;
        e = a->tok_begin;
      }
      // "... accounted for 40% of the total": the whole belongs to the paragraph's or section's
      // subject.
      if (f.object.empty()) {
        auto it = ctx.para_subject.find(sent.paragraph);
        std::string cand = it != ctx.para_subject.end() ? it->second : ctx.heading_subject[sent.paragraph];
        const auto* ce = res.gazetteer->Find(cand);
        if (!cand.empty() && cand != f.subject && !(ce && ce->kind == "jv" && f.type != "stake_pct")) f.object = cand;
      }
    }
    if (const auto* c = FindCapture(m, "period")) {
      if (const Annotation* p = ctx.AnnotationOf(*c, AnnKind::kPeriod)) f.period = p->period;
    }
    bool cumulative = flags.cumulative;
    if (f.period.empty() && Const(rule, "period") != "none" && Const(rule, "period") != "ytd") {
      if (const Annotation* p = ctx.PeriodNear(m.sentence, vcap->tok_begin, vcap->tok_end, cumulative))
        f.period = p->period;
      else if (!cumulative && (flags.periodic || flags.dated)) {
        // Carried periods only for figures of a period; a stake or a price states its own date.
        uint32_t para = tr.text.sentences[m.sentence].paragraph;
        if (ctx.last_paragraph == para && !ctx.last_period.empty()) f.period = ctx.last_period;
        if (f.period.empty()) f.period = ctx.heading_period[para];
        if (f.period.empty()) f.period = ctx.last_period;
        if (f.period.empty() && flags.periodic)
          if (const Annotation* p = ctx.PeriodBefore(m.sentence)) f.period = p->period;
      }
    }
    // Period directives of a rule (`set period=...`), applied to the period found:
    //   year      the figure is about a whole year ("its full-year goal"): 2025-11 -> 2025
    //   ytd       a year-to-date total with no range written ("so far this year"): the month found
    //             (sentence, heading, previous figure) closes the range: 2025-11 -> 2025-01..2025-11
    //   year_ago  the same period a year earlier ("compared with 506,804 a year earlier")
    const std::string pdir = Const(rule, "period");
    if (pdir == "ytd" && f.period.empty()) {
      uint32_t para = tr.text.sentences[m.sentence].paragraph;
      f.period = !ctx.heading_period[para].empty() ? ctx.heading_period[para] : ctx.last_period;
    }
    if (pdir == "year" || pdir == "ytd" || pdir == "year_ago") {
      f.period = WithDirective(pdir, f.period);
    } else if (!pdir.empty() && pdir != "none" && f.period.empty()) {
      f.period = pdir;
    }

    if (type == "change_by_period") {  // Note [Basis from the base period]
      const auto* c = FindCapture(m, "base");
      const Annotation* bp = c ? ctx.AnnotationOf(*c, AnnKind::kPeriod) : nullptr;
      std::string basis = bp ? BasisBetween(f.period, bp->period) : "";
      if (basis.empty()) continue;
      f.type = type = basis == "yoy" ? "yoy_pct" : basis == "mom" ? "mom_pct" : "qoq_pct";
    }
    f.scope = scopes.For(m.sentence, vcap->tok_begin, vcap->tok_end, f.type, f.subject, Const(rule, "scope"));
    // A change right after a figure of the same subject ("1.1 million NEVs, up 5% year on year")
    // is that figure's change: it has its scope unless it names one of its own.
    const FactTypeDecl* decl = schema ? schema->Type(f.type) : nullptr;
    if (f.scope.empty() && decl && decl->change && decl->scoped && ctx.last_sentence == m.sentence &&
        ctx.last_subject == f.subject)
      f.scope = ctx.last_scope;
    const auto& sent = tr.text.sentences[m.sentence];
    // The figure as written: the annotation's figure span when the capture is that annotation.
    NormSpan fig = TokSpan(tr.text, vcap->tok_begin, vcap->tok_end);
    if (!v->figure.empty() && fig.Contains(v->figure)) fig = v->figure;
    f.span = tr.text.ToRaw(fig);
    f.sentence = tr.text.ToRaw(sent.span);
    f.evidence = Evidence(tr.text.text, sent.span, fig);

    // Ratio splits (51/49 JV): one stake per part.
    if (v->parts.size() >= 2 && !f.object.empty()) {
      std::vector<std::string> holders;
      if (const auto* c = FindCapture(m, "subject")) holders.push_back(ctx.EntityOf(*c));
      if (const auto* c = FindCapture(m, "subject2")) holders.push_back(ctx.EntityOf(*c));
      if (holders.size() < v->parts.size()) {
        holders.clear();
        if (const auto* e = res.gazetteer->Find(f.object)) {
          auto it = e->attrs.find("owners");
          if (it != e->attrs.end()) holders = SplitList(it->second, '|');
        }
      }
      if (holders.size() != v->parts.size()) continue;
      for (size_t i = 0; i < holders.size(); ++i) {
        Fact g = f;
        g.subject = holders[i];
        g.value = v->parts[i];
        g.unit = "pct";
        out->push_back(std::move(g));
      }
      continue;
    }
    if (f.subject.empty()) continue;
    ctx.para_subject[sent.paragraph] = f.subject;
    const TypeFlags final_flags = FlagsOf(schema, f.type);
    if (final_flags.volume && f.modality == "actual") {
      ctx.last_volume_type = f.type;
      ctx.last_volume_paragraph = sent.paragraph;
    }
    ctx.last_sentence = m.sentence;
    ctx.last_end = m.tok_end;
    ctx.last_subject = f.subject;
    ctx.last_scope = f.scope;
    ctx.last_subject_paragraph = sent.paragraph;
    // Only figures of a period (volumes, changes, shares of a month) lend it to later figures;
    // a stake's deal date or a target's year does not.
    // Grammar pack fix: nor does a whole-year total (`set period=year`, "bringing its annual total
    // to 596,555"): the next brand's monthly figure in a roundup is not a year's.
    // Nor a comparison base ("compared with 506,804 a year earlier", `set period=year_ago`; "down
    // 43.1% from December's record 47,753", `set period=none` and a captured period): the figures
    // after it are the report's.
    if (final_flags.periodic && f.modality == "actual" && !f.period.empty() && pdir != "year" &&
        pdir != "none" && pdir != "year_ago" && !IsRange(f.period)) {
      ctx.last_period = f.period;
      ctx.last_paragraph = sent.paragraph;
    }
    out->push_back(std::move(f));
  }

  // Merge duplicates within the document (hash on the identifying fields).
  std::vector<Fact> merged;
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = first; i < out->size(); ++i) {
    Fact& f = (*out)[i];
    std::string key = f.type + '\x1f' + f.subject + '\x1f' + f.scope + '\x1f' + f.object + '\x1f' + f.value.ToString() + '\x1f' +
                      f.period + '\x1f' + f.modality + '\x1f' + f.unit + '\x1f' + f.location;
    auto [it, inserted] = seen.emplace(std::move(key), merged.size());
    if (inserted) {
      merged.push_back(std::move(f));
      continue;
    }
    Fact& g = merged[it->second];
    if (!(g.span == f.span)) g.also_at.push_back(f.span);
    for (const auto& q : f.qualifiers)
      if (std::find(g.qualifiers.begin(), g.qualifiers.end(), q) == g.qualifiers.end()) g.qualifiers.push_back(q);
  }
  // A figure stated without a period (a headline: "NIO delivers 36,275 vehicles") and again with
  // one in the body is one fact: fold the period-less statement into the dated one.
  std::unordered_map<std::string, size_t> dated;
  auto undated_key = [](const Fact& f) {
    return f.type + '\x1f' + f.subject + '\x1f' + f.object + '\x1f' + f.value.ToString() + '\x1f' + f.modality +
           '\x1f' + f.unit + '\x1f' + f.location;
  };
  for (size_t i = 0; i < merged.size(); ++i)
    if (!merged[i].period.empty()) dated.emplace(undated_key(merged[i]), i);
  std::vector<bool> folded(merged.size(), false);
  for (size_t i = 0; i < merged.size(); ++i) {
    if (!merged[i].period.empty()) continue;
    auto it = dated.find(undated_key(merged[i]));
    if (it == dated.end()) continue;
    Fact& g = merged[it->second];
    g.also_at.push_back(merged[i].span);
    for (const auto& q : merged[i].qualifiers)
      if (std::find(g.qualifiers.begin(), g.qualifiers.end(), q) == g.qualifiers.end()) g.qualifiers.push_back(q);
    folded[i] = true;
  }
  // A headline rounds ("Geely sells 310,000 vehicles", "up 27%"); the body gives the figure
  // (310,123; 27.3). A headline fact whose value is the body fact's value rounded to the
  // headline's precision is the same fact: fold it.
  RawSpan headline = tr.text.ToRaw(ctx.headline_span);
  auto rounds_to = [](Decimal precise, Decimal rounded, int32_t written_exp) {
    // The rounding step: trailing zeros count up to thousands (310,000 -> 1e3; 27 -> 1), a scale
    // word's precision beyond that (4.27 million -> 1e4).
    Decimal r = rounded.Normalized();
    double step = std::pow(10.0, std::max(std::min(r.exponent(), 3), written_exp));
    double diff = std::fabs(precise.ToDouble() - r.ToDouble());
    // Grammar pack fix: headlines also truncate ("8.9万" for 89,611, "tops 40,000"): a rounded
    // figure below the precise one by less than one step is the same figure.
    bool truncated = precise.ToDouble() > r.ToDouble() && diff < step - 1e-9;
    return !(precise == rounded) && (diff <= step / 2 + 1e-9 || truncated);
  };
  for (size_t i = 0; i < merged.size(); ++i) {
    if (folded[i] || headline.empty() || !headline.Contains(merged[i].span)) continue;
    for (size_t j = 0; j < merged.size(); ++j) {
      if (j == i || folded[j] || headline.Contains(merged[j].span)) continue;
      const Fact& h = merged[i];
      Fact& g = merged[j];
      if (g.type != h.type || g.subject != h.subject || g.object != h.object || g.modality != h.modality ||
          (!h.period.empty() && g.period != h.period) || !rounds_to(g.value, h.value, h.precision_exp))
        continue;
      g.also_at.push_back(h.span);
      for (const auto& q : h.qualifiers)
        if (std::find(g.qualifiers.begin(), g.qualifiers.end(), q) == g.qualifiers.end()) g.qualifiers.push_back(q);
      folded[i] = true;
      break;
    }
  }
  out->resize(first);
  for (size_t i = 0; i < merged.size(); ++i)
    if (!folded[i]) out->push_back(std::move(merged[i]));
}

}  // namespace quarry::facts
