// Note [Context]
// ~~~~~~~~~~~~~~
// A rule captures what its sentence says; a reader fills in the rest. For a fact-producing match,
// Resolve runs one decision per field, in this order (each below says what it reads):
// - type (ChooseType): the rule's `set type=`, or the type a `carry` rule borrows.
// - veto (Vetoed): a frame's figure that another rule's value or a blocker claims is not a fact
//   (Note [Frames]).
// - subject (ChooseSubject): the `subject` capture's entity; else a market (Note [Market
//   subjects]); else the nearest default subject (a kind the schema flags `subject`) before the
//   figure in the same sentence; else the last subject of a fact or entity in the same paragraph;
//   else the entity of the nearest heading above (listicles: "AITO" as a heading, figures below);
//   else the headline's. A figure with no subject at all is dropped rather than guessed.
// - location, object (ChooseLocation, ChooseObject): captures, else the clause after the figure.
// - period (ChoosePeriod): the `period` capture; else the period annotation in the sentence
//   nearest the value (running totals' periods only for `cumulative` types; comparison bases
//   aside); else the paragraph's, heading's or headline's; then the rule's period directive.
// - basis, scope (ChooseBasis, ChooseScope): a change's basis from its base period; the scope
//   from its clause.
// - what the words around a figure say (a comparison base, a pronoun, a part, a location, the
//   headline's volume noun) comes from the grammar: Note [Context labels] in context.cc; what an
//   entity or a type is, from the kind and type flags of pack.schema.
// - value, unit, approx: from the `value` capture's quantity or change annotation; `set` slots
//   override unit/approx/modality; `set sign=-` makes the value negative. A ratio value (51/49)
//   with an `object` becomes one stake per part, the holders from `subject`/`subject2` captures
//   or the object's `owners` attribute.
// - duplicates: the same (type, subject, object, value, period, modality) in one document is one
//   fact, its first statement the span and the others in `also_at` (Fold).
// - tables: the figure cells the table reader reads (Note [Tables] in tables.cc) are matches
//   resolved by these same decisions, in document order with the rules' matches.
// - parallel lists: a `set list=parallel` match ("Zenith and Orla delivered 26,100 and 25,000,
//   respectively") is one match per pair of its lists, each resolved by these same decisions
//   (Note [Parallel lists]).
// A decision that drops a match records why (Output::Drop: the decision's name and the reason,
// e.g. "Vetoed: a frame's figure claimed by the fact rule ..."), for `explain`.
#include "facts/resolve.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <span>
#include <sstream>
#include <unordered_map>

#include "base/period.h"
#include "facts/context.h"
#include "facts/scope.h"
#include "facts/tables.h"
#include "grammar/compile.h"

namespace quarry::facts {
namespace {

// The resolver's `set type=` directives (grammars/README.md, "The schema").
const std::string kPct = "pct";
const std::string kCarry = "carry", kCarryOrHeadline = "carry_or_headline", kChangeByPeriod = "change_by_period",
                  kVolumeWord = "volume_word";

NormSpan TokSpan(const text::TextDoc& t, uint32_t b, uint32_t e) {
  if (b >= e || e > t.tokens.size()) return {};
  return NormSpan(t.tokens[b].span.begin, t.tokens[e - 1].span.end);
}

// What the pack's schema says of a type (pack.schema flags): `volume` types are what a
// `type=carry` rule may borrow; `located` ones take the place their clause states after the
// figure ("registered 17,470 cars in Europe"); `periodic` ones (volumes, changes, shares of a
// month) take a period from context and lend theirs to later figures, `dated` ones (a target)
// only take one, and a stake's deal date neither; `cumulative` ones are running totals;
// `holding` ones are ownership stakes; `current` ones count what exists (Note [As of
// publication]); a type `ranged=T` becomes T, a running total, when its
// period is a range (Note [Ranged figures]). The directive `change_by_period` is periodic (it
// becomes yoy_pct or mom_pct).
struct TypeFlags {
  bool volume = false, located = false, periodic = false, dated = false, cumulative = false, holding = false;
  bool change = false, current = false;
  std::string ranged;
};

// A share of a whole (market_share, share_pct): a figure of a period in percent that is neither a
// volume nor a change.
bool IsShare(const TypeFlags& f, const std::string& unit) { return f.periodic && !f.volume && !f.change && unit == kPct; }

TypeFlags FlagsOf(const PackSchema* schema, const std::string& type) {
  TypeFlags f;
  if (type == kChangeByPeriod) f.periodic = f.change = true;  // a change whose basis its base's period decides
  const FactTypeDecl* t = schema ? schema->Type(type) : nullptr;
  if (!t) return f;
  f.volume = t->volume;
  f.located = t->located;
  f.periodic = t->periodic;
  f.dated = t->dated;
  f.cumulative = t->cumulative;
  f.holding = t->holding;
  f.change = t->change;
  f.current = t->current;
  f.ranged = t->ranged;
  return f;
}

// Note [Basis from the base period]: a change whose text names the period it compares with
// ("14% more than in Jan 2025", "a decrease of 37.5% from 158,696 vehicles in the fourth
// quarter of 2024") is year-on-year when that period is a year before the figure's,
// month-on-month (quarter-on-quarter) when it is the month (quarter) before; any other distance
// states no basis we store. Rules `set type=change_by_period` and capture `base`. Such a change
// is a change (TypeFlags::change): right after its figure it has the figure's period (Note [A
// figure's change]), never the base's, however near the base's period is ("sold 12,400 vehicles,
// an 18% rise from the 10,500 units sold in the same period last year").
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

// A rule's period directive (`set period=year|ytd|year_ago`, described at ChoosePeriod) applied
// to the period found. Text that is not a period is kept as it is.
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

// A running total's range: months, or days across more than two months ("2025-01-01..2025-08-10",
// year to date). A span of days within a month or across one month's end is a week or a
// stretch of a month ("2023-02-27..2023-03-05", "August 1 to 10"): a period of its own, whose
// figure is no running total (Note [Ranged figures]). Nor are a quarter's, half's or year's
// months (Note [Named ranges]: "from January to June" is the first half's figure).
bool IsRunningRange(const std::string& period) {
  auto p = Period::Parse(period);
  if (!p || p->kind() != Period::Kind::kRange || p->Named()) return false;
  bool days = p->Begin().kind() == Period::Kind::kDay && p->End().kind() == Period::Kind::kDay;
  return !days || p->LastMonth() - p->FirstMonth() > 1;
}

// Tokens between an annotation and the figure at [b, e); 0 when they overlap.
uint32_t TokenDistance(const Annotation& a, uint32_t b, uint32_t e) {
  if (a.tok_end <= b) return b - a.tok_end;
  return a.tok_begin >= e ? a.tok_begin - e : 0;
}

std::vector<std::string> SplitList(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

void AddQualifiers(const std::vector<std::string>& from, Fact* to) {
  for (const auto& q : from)
    if (std::find(to->qualifiers.begin(), to->qualifiers.end(), q) == to->qualifiers.end()) to->qualifiers.push_back(q);
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

// Note [Frames]: a rule with `set frame=true` (grammars/auto/frames.rules) reads a figure the
// general way: a vehicle count with a volume word in its clause. Its fact is a candidate, kept
// only when no other match claims the figure: a fact rule whose `value` capture is on it, or a
// blocker (any emitted label but the context labels the resolver reads, which say something
// about the words, not the figure) whose span covers it. So the specific rules refine and veto,
// and the frame adds what no rule was written for. A fact rule claims its value, not every word
// it runs past: in "Sales of the Zenith S rose 12% to 15,000 in May" the change rule's value is
// 12%, and 15,000 stays the frame's sales figure.
const std::set<std::string> kContextLabels = {"base_period",   "part_of",      "pronoun",    "anaphor",
                                              "forecast_cue",  "volume_word", "jv_ref",    "fact_location",
                                              "clause_break",  "market_ref",   "place_ref", "scope",       "plan_cue",
                                              "scope_stop",    "column_type",  "unknown_name", "table_total", "caption_credit",
                                              "column_period"};

// The token ranges that claim figures: a fact rule's `value` capture, a blocker's whole span
// (frames and context labels claim nothing), in (sentence, begin) order.
struct Claims {
  struct Range {
    uint32_t sentence, begin, end;
    int rule;  // the claiming match's rule
  };
  std::vector<Range> ranges;

  Claims(const Trace& tr, const std::vector<grammar::RuleInfo>& rules) {
    for (const auto& m : tr.matches.matches) {
      if (m.rule < 0 || m.rule >= static_cast<int>(rules.size())) continue;
      const auto& r = rules[m.rule];
      if (Const(r, "frame") == "true" || kContextLabels.count(r.emit)) continue;
      // A parallel list claims every figure of its list (Note [Parallel lists]).
      const grammar::Capture* v = nullptr;
      if (r.emit.empty() && r.parallel_list) v = FindCapture(m, "values");
      if (r.emit.empty() && !v) v = FindCapture(m, "value");
      if (v) ranges.push_back({m.sentence, v->tok_begin, v->tok_end, m.rule});
      else ranges.push_back({m.sentence, m.tok_begin, m.tok_end, m.rule});
    }
    std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
      return a.sentence != b.sentence ? a.sentence < b.sentence : a.begin < b.begin;
    });
  }

  // The claiming match overlapping tokens [b, e) of `sentence`, or nullptr.
  const Range* Cover(uint32_t sentence, uint32_t b, uint32_t e) const {
    auto it = std::lower_bound(ranges.begin(), ranges.end(), sentence,
                               [](const Range& r, uint32_t s) { return r.sentence < s; });
    for (; it != ranges.end() && it->sentence == sentence && it->begin < e; ++it)
      if (it->end > b) return &*it;
    return nullptr;
  }
};

// One fact-producing match being resolved: the match, its rule, its figure (the `value` capture
// and the quantity or change it holds) and where it stands.
struct Figure {
  const grammar::Match& m;
  const grammar::RuleInfo& rule;
  const grammar::Capture& vcap;
  const Annotation& v;
  const text::Sentence& sent;
  std::string pdir;  // the rule's period directive (`set period=`), "" when none
};

// Note [Volume words]: the type a `volume_word` match names for a figure matched by `m`: the
// last one inside the match before its value ("expects fourth-quarter deliveries to be between
// ..."), else the first one inside the match after it ("expects 120,000 deliveries"), else the
// nearest before the match in its sentence ("retail sales are expected to be 2.4 million"), else
// the first after it in its sentence. Empty when the sentence names no measure.
std::string VolumeWordType(const Context& ctx, const grammar::Match& m) {
  const auto& rules = ctx.res.grammar->rules();
  const grammar::Capture* v = FindCapture(m, "value");
  uint32_t at = v ? v->tok_begin : m.tok_begin;
  const grammar::Match *in_before = nullptr, *in_after = nullptr, *before = nullptr, *after = nullptr;
  // Only the figure's sentence (volume_words is in token order): a carry rule asks for every
  // figure that borrowed nothing, so a scan of the whole list would grow with the document twice.
  const text::Sentence& sent = ctx.tr.text.sentences[m.sentence];
  auto it = std::lower_bound(ctx.volume_words.begin(), ctx.volume_words.end(), sent.tok_begin,
                             [](const grammar::Match* w, uint32_t v) { return w->tok_begin < v; });
  for (; it != ctx.volume_words.end() && (*it)->tok_begin < sent.tok_end; ++it) {
    const grammar::Match* w = *it;
    bool inside = w->tok_begin >= m.tok_begin && w->tok_end <= m.tok_end;
    if (inside && w->tok_end <= at) in_before = w;
    else if (inside && w->tok_begin >= at && !in_after) in_after = w;
    else if (w->tok_end <= m.tok_begin) before = w;
    else if (w->tok_begin >= m.tok_end && !after) after = w;
  }
  for (const grammar::Match* w : {in_before, in_after, before, after})
    if (w) return Const(rules[w->rule], "type");
  return "";
}

// Note [List intros]: a list of data lines ("Q1 2019: 77,138", "Zenith: 30,112", "1. Orla -
// 504,003") is often announced by the sentence just above it, which names its measure and ends
// with a colon: "Here is how many vehicles Tesla produced each quarter since 2019:". The lines
// take the measure the last volume word of that sentence names. The intro is the first sentence
// above the line that is not itself a short line (kListLine tokens or fewer), at most kListRows
// lines up.
constexpr uint32_t kListLine = 8, kListRows = 256;

std::string ListIntroType(const Context& ctx, uint32_t sentence) {
  const auto& sents = ctx.tr.text.sentences;
  uint32_t s = sentence;
  for (uint32_t rows = 0; s > 0 && rows < kListRows; ++rows) {
    --s;
    if (sents[s].tok_end - sents[s].tok_begin > kListLine) break;
    if (s == 0) return "";
  }
  const auto& sent = sents[s];
  if (s == sentence || sent.tok_end == sent.tok_begin || sent.tok_end - sent.tok_begin <= kListLine) return "";
  const auto& text = ctx.tr.text;
  const NormSpan last = text.tokens[sent.tok_end - 1].span;
  if (text.text.compare(last.begin, last.end - last.begin, ":") != 0) return "";
  // The last volume word of the intro (volume_words is in token order).
  auto it = std::lower_bound(ctx.volume_words.begin(), ctx.volume_words.end(), sent.tok_end,
                             [](const grammar::Match* w, uint32_t v) { return w->tok_begin < v; });
  if (it == ctx.volume_words.begin() || (*(it - 1))->tok_begin < sent.tok_begin) return "";
  return Const(ctx.res.grammar->rules()[(*(it - 1))->rule], "type");
}

// The type of a rule's fact, "" when it has none here. Reads the rule's `set type=` and, for the
// directives, what the paragraph and the headline lent:
// - Note [Carried type]: `carry` ("Zenith deliveries stood at 25,706 and Lumen & Co's at 32,110",
//   "including 22,017 from the Norda brand"): the type of the volume fact before it in the same
//   paragraph; with none, the type its sentence's volume word names (VolumeWordType); with
//   neither, it is not a fact we can type. A rule that `set unit=pct` borrows
//   instead the type of the fact just before it in its sentence when that is a level in percent
//   (periodic, not a change): "a 37.8% share in the month, up from 36.9% the month before", "56.4%
//   of its sales, against 54.9% in the previous month" (the base of a share is a share).
// - `carry_or_headline`: a data line ("Leapwell: 30,112", "Norda brand 9,102; Onda 5,318") types
//   like `carry`; with no volume fact before it in its paragraph, it takes the measure of the
//   sentence introducing its list (Note [List intros]), else the one volume type its headline
//   names (volume_word words: "Feb 2026 deliveries: ..."), or none.
// - `volume_word`: a forecast or guidance says which measure it forecasts with a word, not with
//   its rule ("expects to deliver", "predicted shipments of", "retail sales are estimated at"):
//   the type the nearest volume_word names (VolumeWordType), else `carry`'s, else the headline's.
std::string ChooseType(const Context& ctx, const grammar::Match& m, const grammar::RuleInfo& rule) {
  std::string type = Const(rule, "type");
  const bool by_word = type == kVolumeWord;
  if (by_word) {
    if (std::string t = VolumeWordType(ctx, m); !t.empty()) return t;
    type = kCarryOrHeadline;
  }
  if (type != kCarry && type != kCarryOrHeadline) return type;
  const Carried& c = ctx.carried;
  if (Const(rule, "unit") == kPct)  // Note [Carried type]: a percentage borrows a level in percent
    return c.last_sentence == static_cast<int64_t>(m.sentence) ? c.last_pct_level_type : "";
  uint32_t para = ctx.tr.text.sentences[m.sentence].paragraph;
  // Note [Anaphors]: "This was up 37.5% from 554,664 units ..." opening the next paragraph.
  bool carried = !c.last_volume_type.empty() &&
                 (c.last_volume_paragraph == para ||
                  (c.last_volume_paragraph + 1 == para && ctx.RefersBack(m.sentence, m.tok_end)));
  if (carried) return c.last_volume_type;
  // Nothing to borrow: the measure its own sentence names ("The deliveries in October consisted
  // of 218 ES8s, 2,528 ES6s ...": Note [Volume words]).
  if (!by_word)
    if (std::string t = VolumeWordType(ctx, m); !t.empty()) return t;
  if (type != kCarryOrHeadline) return "";
  if (std::string t = ListIntroType(ctx, m.sentence); !t.empty()) return t;
  return ctx.headline_type;
}

// The quantity or change a `value` capture holds: the captured annotation itself first (a change,
// "down 5.3%", holds an unsigned quantity inside it, and searching inside would lose the sign).
const Annotation* FigureOf(const Context& ctx, const grammar::Capture& vcap) {
  const auto& anns = ctx.tr.annotations;
  if (vcap.annotation >= 0 && vcap.annotation < static_cast<int>(anns.size())) {
    const Annotation& a = anns[vcap.annotation];
    if (a.kind == AnnKind::kQuantity || a.kind == AnnKind::kChange) return &a;
  }
  if (const Annotation* v = ctx.AnnotationOf(vcap, AnnKind::kQuantity)) return v;
  return ctx.AnnotationOf(vcap, AnnKind::kChange);
}

// Note [Frames]: a frame's figure that another match claims is not a fact; Note [Tables] in
// tables.cc: a rule's figure in a table cell the table reader read is the table's. Returns why,
// or "" when the figure is the match's.
std::string Vetoed(const Context& ctx, const Claims& claims, const TableCells& tables, const grammar::Match& m,
                   const grammar::RuleInfo& rule, const grammar::Capture& vcap) {
  if (m.rule >= 0 && tables.Claimed(vcap.tok_begin, vcap.tok_end))
    return "Vetoed: the figure is a table cell, read by its column header (table.cell)";
  if (Const(rule, "frame") != "true") return "";
  const Claims::Range* by = claims.Cover(m.sentence, vcap.tok_begin, vcap.tok_end);
  if (!by) return "";
  const auto& rules = ctx.res.grammar->rules();
  const grammar::RuleInfo& r = rules[by->rule];
  return "Vetoed: a frame's figure claimed by " + std::string(r.emit.empty() ? "the fact rule " : "the blocker ") +
         r.id + (r.emit.empty() ? "" : " (emits " + r.emit + ")");
}

// A fact with what the rule and the figure say by themselves: value, unit, approx, modality,
// qualifiers (`set` slots override the figure's unit and approx).
Fact NewFact(const Document& doc, const Resources& res, const Figure& fig, const std::string& type) {
  const auto& rule = fig.rule;
  Fact f;
  f.doc = doc.id;
  f.type = type;
  f.value = fig.v.value;
  // `set sign=-`: the words say the figure is negative though it is written unsigned (净亏损15亿元,
  // 同比分别下降3%和2.9%): a loss is a negative income, a fall a negative change. A figure whose
  // own words already gave it a sign ("down 3%") stays negative.
  if (Const(rule, "sign") == "-" && f.value.ToDouble() > 0) f.value = f.value.Negated();
  f.unit = Const(rule, "unit", fig.v.unit);
  f.approx = fig.v.approx;
  if (auto a = ParseApprox(Const(rule, "approx", "")); a && !Const(rule, "approx").empty()) f.approx = *a;
  f.precision_exp = fig.v.precision_exp;
  f.modality = Const(rule, "modality", "actual");
  f.qualifiers = SplitList(Const(rule, "qualifier"), ',');
  f.rule = rule.id;
  f.grammar_version = res.version;
  return f;
}

// A captured subject. One that names no gazetteer entity ("the company", "the group") is the
// company the article is about, the headline's first; a headline naming no company ("Chinese EV
// makers race to add showrooms abroad") leaves the company of the fact just before, in this
// paragraph or the one above. A jv_ref over the capture ("the joint venture") makes it that
// company's joint venture: the entity of a kind flagged `venture` whose parent it is.
std::string CapturedSubject(const Context& ctx, const grammar::Match& m, const grammar::Capture& c) {
  std::string subject = ctx.EntityOf(c);
  const auto& gaz = *ctx.res.gazetteer;
  if (gaz.Find(subject)) return subject;
  bool jv = Context::AnyOverlapping(ctx.jv_refs, m.sentence, c.tok_begin, c.tok_end);
  subject = ctx.IsMarket(ctx.headline_subject) ? "" : ctx.headline_subject;
  const Carried& last = ctx.carried;
  uint32_t para = ctx.tr.text.sentences[m.sentence].paragraph;
  // "the company", "the Group" names a company: never a market the headline or a figure before
  // it was about ("Europe was in the lead with 128,078 vehicles. In the USA, the Group handed
  // over 18,514").
  if (subject.empty() && !last.last_subject.empty() && last.last_subject_paragraph != UINT32_MAX &&
      last.last_subject_paragraph + 1 >= para && !ctx.IsMarket(last.last_subject))
    subject = last.last_subject;
  if (jv)
    for (const auto& e : gaz.entities()) {
      const KindDecl* k = ctx.KindNamed(e.kind);
      if (k && k->venture && !subject.empty() && e.parent == subject) subject = e.name;
    }
  return subject;
}

// The subject: the capture (CapturedSubject); else the market whose figure it is, with its
// source qualifier (Note [Market subjects]); else carried from context (Context::SubjectFor).
void ChooseSubject(const Context& ctx, const Figure& fig, Fact* f) {
  const auto* c = FindCapture(fig.m, "subject");
  if (c) f->subject = CapturedSubject(ctx, fig.m, *c);
  std::string source;
  // A captured company reference that named no company we know ("the Group") is no market's.
  if (f->subject.empty() && !c && !ctx.UnknownNameBefore(fig.m.sentence, fig.vcap.tok_begin))
    f->subject = ctx.MarketFor(fig.m.sentence, fig.vcap.tok_begin, &source);
  if (f->subject.empty()) f->subject = ctx.SubjectFor(fig.m, fig.vcap.tok_begin);
  if (c && ctx.IsMarket(f->subject) && ctx.EntityOf(*c) != f->subject) f->subject.clear();
  if (!source.empty()) f->qualifiers.push_back("source:" + source);
}

// The location of a `located` type: the `location` capture; else the place the clause states
// after the figure ("registered 17,470 new cars in Europe last month", "402 stores across 119
// cities in China"): the first fact_location match beginning within 10 tokens after the value,
// unless a clause_break begins first; else, for an actual figure of a period, the `regional`
// market a report's headline names alone ("Chinese brands take 7% of Europe's car market":
// "Voltra led the group with 18,232 registrations"). Never the subject itself (China's sales "in
// China").
void ChooseLocation(const Context& ctx, const Figure& fig, const TypeFlags& flags, Fact* f) {
  if (const auto* c = FindCapture(fig.m, "location")) f->location = ctx.EntityOf(*c);
  if (f->location.empty() && flags.located) {
    uint32_t end = fig.vcap.tok_end;
    uint32_t limit = std::min<uint32_t>(fig.sent.tok_end, end + 10);
    const grammar::Match* at = Context::FirstStarting(ctx.fact_locations, end, limit);
    const grammar::Match* stop = at ? Context::FirstStarting(ctx.clause_breaks, end, at->tok_begin + 1) : nullptr;
    const grammar::Capture* c = at && !stop ? FindCapture(*at, "location") : nullptr;
    if (c) f->location = ctx.EntityOf(*c);
  }
  if (f->location.empty() && !ctx.headline_region.empty() && f->modality == "actual" && flags.located &&
      flags.periodic)
    f->location = ctx.headline_region;
  if (f->location == f->subject) f->location.clear();
}

// `set object=near`, when the clause does not name the object ("Stellantis acquired a 21% stake
// and formed the JV, ... Leapwell is now ..."): the nearest default subject after the match,
// else before it, other than the subject. After the match a joint venture (`venture`) is the
// deal's product ("formed the 51/49 JV"), not the stake's object, and a `product` is no holder;
// before it, the sentence's topic ("The JV, 51% owned by ..."). "... accounted for 40% of the
// total": else the whole is the paragraph's or section's subject, a joint venture only for a
// `holding` type.
void ChooseObject(const Context& ctx, const Figure& fig, const TypeFlags& flags, Fact* f) {
  if (const auto* c = FindCapture(fig.m, "object")) f->object = ctx.EntityOf(*c);
  if (!f->object.empty() || Const(fig.rule, "object") != "near") return;
  const auto& sent = fig.sent;
  auto usable = [&](const Annotation* a) {
    const KindDecl* k = a ? ctx.KindOf(*a) : nullptr;
    return a && a->label != f->subject && !(k && (k->venture || k->product));
  };
  for (const Annotation* a = FirstInside(ctx.subjects, fig.m.tok_end, sent.tok_end); a && f->object.empty();
       a = FirstInside(ctx.subjects, a->tok_end, sent.tok_end))
    if (usable(a)) f->object = a->label;
  for (uint32_t e = fig.vcap.tok_begin; f->object.empty();) {  // before the figure, in its match too
    const Annotation* a = LastInside(ctx.subjects, sent.tok_begin, e);
    if (!a) break;
    if (a->label != f->subject) f->object = a->label;
    e = a->tok_begin;
  }
  if (!f->object.empty()) return;
  auto it = ctx.carried.para_subject.find(sent.paragraph);
  std::string cand = it != ctx.carried.para_subject.end() ? it->second : ctx.heading_subject[sent.paragraph];
  const auto* ce = ctx.res.gazetteer->Find(cand);
  const KindDecl* k = ce ? ctx.KindNamed(ce->kind) : nullptr;
  if (!cand.empty() && cand != f->subject && !(k && k->venture && !flags.holding)) f->object = cand;
}

// Note [Year to date]: "so far this year", "year-to-date" run to the publication's month (or the
// month before, early in a month: the period annotator's guess). A report about an earlier month
// ("Europe's BEV share so far this year fell to 13.1%", published on 24 October about September)
// runs to that month: the last period named before it in its sentence, its paragraph or the one
// above (Context::PeriodBefore), else its heading's, when that is a month. Only ever shortened,
// within its year.
std::string PeriodOf(const Context& ctx, const Figure& fig, const Annotation& a) {
  if (a.subkind != "ytd") return a.period;
  auto p = Period::Parse(a.period);
  if (!p || p->kind() != Period::Kind::kRange || p->IsUnknownYear()) return a.period;
  const Annotation* before = ctx.PeriodBefore(fig.m.sentence, a.tok_begin);
  auto m = Period::Parse(before ? before->period : ctx.heading_period[fig.sent.paragraph]);
  if (!m || m->kind() != Period::Kind::kMonth || m->Year() != p->Year() || m->LastMonth() >= p->LastMonth())
    return a.period;
  return m->SinceYearStart().ToString();
}

// The period a figure that captures none takes from its context: the nearest period of its
// sentence (running totals' only for `cumulative` types); else, for `periodic` and `dated` types
// (a stake or a price states its own date), the period the paragraph's last figure lent, its
// heading's, the document's last, and for `periodic` ones the last month, quarter or half of the
// paragraph or the one above (Context::PeriodBefore).
std::string PeriodFromContext(const Context& ctx, const Figure& fig, const TypeFlags& flags) {
  uint32_t s = fig.m.sentence;
  uint32_t b = fig.vcap.tok_begin, e = fig.vcap.tok_end;
  const Annotation* near = ctx.PeriodNear(s, b, e, flags.cumulative);
  // Note [Ranged figures]: a `ranged` type also reads the running totals' ranges; the nearer wins.
  // So does a change ("rose 14% year on year from January to October" is the running total's),
  // and a share when the range frames its clause, before it ("From January to November, BEVs
  // took a 16.9% share"; in "6,324 units (a 17.2% share), and 71,471 in Jan-Nov" the range after
  // it is the next figure's).
  const bool share = IsShare(flags, fig.v.unit);
  if ((!flags.ranged.empty() || flags.change || share) && !flags.cumulative)
    if (const Annotation* r = ctx.PeriodNear(s, b, e, true); r && IsRange(r->period) && (!share || r->tok_end <= b))
      if (!near || TokenDistance(*r, b, e) < TokenDistance(*near, b, e)) near = r;
  if (near) return PeriodOf(ctx, fig, *near);
  if (flags.cumulative || !(flags.periodic || flags.dated)) return "";
  const Carried& c = ctx.carried;
  uint32_t para = fig.sent.paragraph;
  std::string period;
  if (c.last_paragraph == para && !c.last_period.empty()) period = c.last_period;
  if (period.empty()) period = ctx.heading_period[para];
  if (period.empty()) period = c.last_period;
  if (period.empty() && flags.periodic)
    if (const Annotation* p = ctx.PeriodBefore(s)) period = p->period;
  return period;
}

// Note [A figure's change]: a change right after a figure of its subject in its sentence, with
// no period between them or right after it, is that figure's change and has its period: "As of
// November, Aion sold a total of 241,149 units for the year with a 128% increase" (the running
// total's 2022-01..2022-11, not the as-of month nearest the change); "bringing its Jan-Oct total to
// 3.7 million, up 14%". Its scope likewise (ChooseScope). "" when it is not.
std::string FiguresChangePeriod(const Context& ctx, const Figure& fig, const Fact& f) {
  const Carried& c = ctx.carried;
  if (c.last_sentence != static_cast<int64_t>(fig.m.sentence) || c.last_subject != f.subject ||
      c.last_fact_period.empty() || c.last_end > fig.vcap.tok_begin)
    return "";
  if (FirstInside(ctx.periods, c.last_end, fig.vcap.tok_begin)) return "";
  // A period beginning within three tokens after the change ("up 20% in the first 11 months").
  auto next = std::lower_bound(ctx.periods.begin(), ctx.periods.end(), fig.vcap.tok_end,
                               [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
  if (next != ctx.periods.end() && (*next)->tok_begin < std::min(fig.vcap.tok_end + 3, fig.sent.tok_end)) return "";
  return c.last_fact_period;
}

// Note [Ranged figures]: "2022年1-10月,飞跃交付92493台", "In Jan-Oct, Leapwell delivered
// 92,493 vehicles": the verb is a monthly one's, the figure a running total. What a periodic
// volume becomes when its period is a range is the schema's word: `type deliveries ...
// ranged=cumulative`. Such a type reads the ranges running totals take (PeriodFromContext; the
// nearest period wins, so "480,186 in Nov, bringing its Jan-Nov total to ..."
// keeps its month) and, once its period is a range (from there, a capture or `set period=ytd`),
// it is a fact of the ranged type: a running total with that range. A span of days of one month
// or across one month's end (a week, "August 1 to 10") is no running total (IsRunningRange).

// The period: the `period` capture, else from context (PeriodFromContext; not for `set
// period=none` or `ytd`), then the rule's period directive (`set period=...`):
//   year      the figure is about a whole year ("its full-year goal"): 2025-11 -> 2025
//   ytd       a year-to-date total with no range written ("so far this year"): the month found
//             (heading, previous figure) closes the range: 2025-11 -> 2025-01..2025-11
//   year_ago  the same period a year earlier ("compared with 506,804 a year earlier")
//   other     a fixed period, when none was found
void ChoosePeriod(const Context& ctx, const Figure& fig, const TypeFlags& flags, Fact* f) {
  // A stacked table's cell has the period its column and the table's month fix (Note [Stacked
  // tables] in tables.cc).
  if (std::string fixed = Const(fig.rule, "table_period"); !fixed.empty()) {
    f->period = fixed;
    return;
  }
  if (const auto* c = FindCapture(fig.m, "period"))
    if (const Annotation* p = ctx.AnnotationOf(*c, AnnKind::kPeriod)) f->period = PeriodOf(ctx, fig, *p);
  const std::string& pdir = fig.pdir;
  // A share right after its figure ("6,324 units (17.22% share)") is that figure's, like its change.
  if (f->period.empty() && pdir.empty() && (flags.change || IsShare(flags, f->unit)))
    f->period = FiguresChangePeriod(ctx, fig, *f);
  if (f->period.empty() && pdir != "none" && pdir != "ytd") f->period = PeriodFromContext(ctx, fig, flags);
  if (pdir == "ytd" && f->period.empty()) {
    uint32_t para = fig.sent.paragraph;
    f->period = !ctx.heading_period[para].empty() ? ctx.heading_period[para] : ctx.carried.last_period;
  }
  if (pdir == "year" || pdir == "ytd" || pdir == "year_ago") {
    f->period = WithDirective(pdir, f->period);
  } else if (!pdir.empty() && pdir != "none" && f->period.empty()) {
    f->period = pdir;
  }
}

// `set type=change_by_period` (Note [Basis from the base period]): the type from the basis
// between the figure's period and its `base` capture's: the schema's `change` type whose family
// is that basis (yoy, mom, qoq). False when they state none the pack stores.
bool ChooseBasis(const Context& ctx, const Figure& fig, Fact* f) {
  if (f->type != kChangeByPeriod) return true;
  const auto* c = FindCapture(fig.m, "base");
  const Annotation* bp = c ? ctx.AnnotationOf(*c, AnnKind::kPeriod) : nullptr;
  std::string basis = bp ? BasisBetween(f->period, bp->period) : "";
  if (basis.empty() || !ctx.schema) return false;
  for (const auto& t : ctx.schema->types())
    if (t.change && t.family == basis) {
      f->type = t.name;
      return true;
    }
  return false;
}

// The scope from the figure's clause (Note [Scope] in scope.cc) and the rule's `set scope=`;
// `set scope=carry`: the figure's before it in the sentence, of the same subject. A
// `change` right after a figure of the same subject ("1.1 million NEVs, up 5% year on year") is
// that figure's change: it has its scope unless it names one of its own.
void ChooseScope(const Context& ctx, const ScopeReader& scopes, const Figure& fig, Fact* f) {
  const Carried& c = ctx.carried;
  // The last stored fact is the figure before this one in its clause: same sentence and subject.
  const bool after_own_figure = c.last_sentence == fig.m.sentence && c.last_subject == f->subject;
  std::string rule_scope = Const(fig.rule, "scope");
  if (rule_scope == grammar::kScopeCarry) {  // the words after it name the whole, not the part
    if (after_own_figure) {
      f->scope = c.last_scope;
      return;
    }
    rule_scope.clear();
  }
  const FactTypeDecl* decl = ctx.schema ? ctx.schema->Type(f->type) : nullptr;
  const bool figures_change = decl && decl->change && decl->scoped && after_own_figure && ctx.schema;
  f->scope = scopes.For(fig.m.sentence, fig.vcap.tok_begin, fig.vcap.tok_end, f->type, f->subject, rule_scope,
                        fig.m.tok_begin, figures_change ? c.last_end : 0);
  // Note [A figure's change]: what the change's own clause names (after the figure's match), and the
  // figure's scope in the dimensions it does not name ("registered 188,730 new battery-electric cars ... marking a 44.1%
  // increase": BEV too; "BEV sales rose 8.1% to 271,045 units, while PHEV sales dropped 17.6%": PHEV).
  if (figures_change) {
    for (const std::string& v : SplitList(c.last_scope, '/')) f->scope = ctx.schema->WithValue(f->scope, v);
    // What the figure's type is by itself, its change is not: "51,774 units were exported, up
    // 152.7%" is the overseas part's change.
    if (const FactTypeDecl* figure = ctx.schema->Type(c.last_type))
      for (const std::string& v : figure->implies) f->scope = ctx.schema->WithValue(f->scope, v);
  }
  // Note [Anaphors] (context.cc): "This was up 24.1% ..." is the last figure's, scope and all.
  if (f->scope.empty() && decl && decl->scoped && c.last_subject == f->subject &&
      ctx.RefersBack(fig.m.sentence, fig.vcap.tok_begin))
    f->scope = c.last_scope;
  // A `carried` dimension of a market's figure: the same market's figure before it lends it.
  if (decl && decl->scoped && ctx.schema && !c.last_scope.empty() && c.last_subject == f->subject &&
      ctx.IsMarket(f->subject))
    for (const std::string& v : SplitList(c.last_scope, '/'))
      if (const ScopeDimension* d = ctx.schema->DimensionOf(v); d && d->carried)
        f->scope = ctx.schema->WithValue(f->scope, v);
}

// A forecast cue (the pack's `forecast_cue` rules: "are expected to", 预计) before an actual figure
// in its sentence makes it a forecast, unless the figure's period ended before the publication
// month: "Norda, which delivered 10,000 in Oct, expects 14,000 in Nov" (published in
// Nov) keeps Oct's actual.
// The month a document was published in; nullopt when it states no date with a known year.
std::optional<Period> PublicationMonth(const Document& doc) {
  auto pub = Period::Parse(doc.published.substr(0, std::min<size_t>(7, doc.published.size())));
  if (!pub || pub->IsUnknownYear()) return std::nullopt;
  return pub;
}

void ChooseModality(const Context& ctx, const Document& doc, const Figure& fig, const TypeFlags& flags, Fact* f) {
  if (f->modality != "actual") return;
  // A stake frame's stake in a deal not yet done ("will invest ... in exchange for a 50% stake"):
  // a plan_cue before it in its sentence makes the holding a plan. (A specific rule says its own
  // modality: "will keep its 5% stake" is held now, "will reduce its holding to 40% from 50%"
  // starts from an actual 50%.)
  if (flags.holding && Const(fig.rule, "frame") == "true" &&
      Context::FirstStarting(ctx.plan_cues, fig.sent.tok_begin, fig.vcap.tok_begin)) {
    f->modality = "plan";
    return;
  }
  if (!Context::FirstStarting(ctx.forecast_cues, fig.sent.tok_begin, fig.vcap.tok_begin)) return;
  auto period = Period::Parse(f->period);
  auto pub = PublicationMonth(doc);
  if (period && pub && !period->IsUnknownYear() && period->LastMonth() < pub->FirstMonth())
    return;
  f->modality = "forecast";
}

// Note [As of publication]: a count of what exists (a `current` type: stores, charging stations)
// is a count at some date. Stated as a fact, in the present or perfect ("NIO has 1,200 swap
// stations", "operates 324 stores") with no period in its clause or paragraph, it is the count
// when the article was written: the publication month. A plan or target keeps its own period (its
// year, or none), and an undated document leaves the count undated.
void ChooseAsOf(const Document& doc, const TypeFlags& flags, Fact* f) {
  if (!flags.current || !f->period.empty() || f->modality != "actual") return;
  if (auto pub = PublicationMonth(doc)) f->period = pub->ToString();
}

// Where the fact was read: the figure as written (the annotation's figure span when the capture
// is that annotation), its sentence, and the evidence text.
void SetProvenance(const text::TextDoc& t, const Figure& fig, Fact* f) {
  NormSpan span = TokSpan(t, fig.vcap.tok_begin, fig.vcap.tok_end);
  if (!fig.v.figure.empty() && span.Contains(fig.v.figure)) span = fig.v.figure;
  f->span = t.ToRaw(span);
  f->sentence = t.ToRaw(fig.sent.span);
  f->evidence = Evidence(t.text, fig.sent.span, span);
}

// Ratio splits (a 51/49 JV): one stake per part, the holders from the `subject` and `subject2`
// captures, else the object's `owners` attribute; none when they do not pair up with the parts.
void SplitByParts(const Context& ctx, const Figure& fig, const Fact& f, std::vector<Fact>* out) {
  std::vector<std::string> holders;
  if (const auto* c = FindCapture(fig.m, "subject")) holders.push_back(ctx.EntityOf(*c));
  if (const auto* c = FindCapture(fig.m, "subject2")) holders.push_back(ctx.EntityOf(*c));
  const auto& parts = fig.v.parts;
  if (holders.size() < parts.size()) {
    holders.clear();
    if (const auto* e = ctx.res.gazetteer->Find(f.object)) {
      auto it = e->attrs.find("owners");
      if (it != e->attrs.end()) holders = SplitList(it->second, '|');
    }
  }
  if (holders.size() != parts.size()) return;
  for (size_t i = 0; i < holders.size(); ++i) {
    Fact g = f;
    g.subject = holders[i];
    g.value = parts[i];
    g.unit = kPct;
    out->push_back(std::move(g));
  }
}

// What a stored fact lends to the figures after it (Carried): its subject to its paragraph and
// clause, its type when a `volume` actual, its scope. Only figures of a period (`periodic`
// volumes, changes, shares of a month) lend it to later figures; a stake's deal date or a
// target's year does not; nor does a whole-year total (`set period=year`, "bringing its annual
// total to 596,555": the next brand's monthly figure in a roundup is not a year's), a comparison
// base ("compared with 506,804 a year earlier", `set period=year_ago`; "down 43.1% from
// Dec's record 47,753", `set period=none` and a captured period: the figures after it are
// the report's) or a running total's range (a span of days that is no running total, "the week
// ending March 26", lends its days: IsRunningRange).
void Remember(Context* ctx, const Figure& fig, const Fact& f) {
  Carried& c = ctx->carried;
  uint32_t para = fig.sent.paragraph;
  c.para_subject[para] = f.subject;
  const TypeFlags flags = FlagsOf(ctx->schema, f.type);
  if (flags.volume && f.modality == "actual") {
    c.last_volume_type = f.type;
    c.last_volume_paragraph = para;
  }
  c.last_pct_level_type = f.unit == kPct && flags.periodic && !flags.change ? f.type : "";
  c.last_sentence = fig.m.sentence;
  c.last_end = fig.m.tok_end;
  c.last_subject = f.subject;
  c.last_scope = f.scope;
  // A comparison base (period=year_ago, or none and a captured period) lends its period to nothing.
  c.last_fact_period = fig.pdir == "year_ago" || fig.pdir == "none" ? "" : f.period;
  c.last_type = f.type;
  c.last_subject_paragraph = para;
  const std::string& pdir = fig.pdir;
  if (flags.periodic && f.modality == "actual" && !f.period.empty() && pdir != "year" && pdir != "none" &&
      pdir != "year_ago" && !IsRunningRange(f.period)) {  // a week lends its days, a running total nothing
    c.last_period = f.period;
    c.last_paragraph = para;
  }
}

// Where the resolver's decisions go: the facts, and why a match gave none.
struct Output {
  std::vector<Fact>* facts;
  std::vector<Dropped>* dropped;  // may be null

  void Drop(const grammar::Match& m, const grammar::RuleInfo& rule, std::string reason) const {
    if (!dropped) return;
    const grammar::Capture* v = FindCapture(m, "value");
    dropped->push_back({m.sentence, v ? v->tok_begin : m.tok_begin, v ? v->tok_end : m.tok_end, rule.id,
                        std::move(reason)});
  }
};

// One fact-producing match: its facts appended to out (none, one, or one per part of a ratio).
void ResolveMatch(const Document& doc, Context* ctx, const Claims& claims, const TableCells& tables,
                  const ScopeReader& scopes, const grammar::Match& m, const grammar::RuleInfo& rule,
                  const Output& out) {
  std::string type = ChooseType(*ctx, m, rule);
  if (type.empty())
    return out.Drop(m, rule, "ChooseType: `set type=" + Const(rule, "type") +
                                 "` found no type (no volume fact before it in its paragraph" +
                                 (Const(rule, "type") == kCarryOrHeadline
                                      ? ", no volume word in a sentence introducing its list or in the headline)"
                                      : ")"));
  const grammar::Capture* vcap = FindCapture(m, "value");
  if (!vcap) return out.Drop(m, rule, "FigureOf: the match has no `value` capture");
  if (std::string why = Vetoed(*ctx, claims, tables, m, rule, *vcap); !why.empty()) return out.Drop(m, rule, why);
  const Annotation* v = FigureOf(*ctx, *vcap);
  if (!v) return out.Drop(m, rule, "FigureOf: the `value` capture holds no quantity or change");
  const Figure fig{m, rule, *vcap, *v, ctx->tr.text.sentences[m.sentence], Const(rule, "period")};
  TypeFlags flags = FlagsOf(ctx->schema, type);

  Fact f = NewFact(doc, ctx->res, fig, type);
  ChooseSubject(*ctx, fig, &f);
  // A type's `market=T`: its figure of a market is a T ("Norway's BEV market share reached 80%" is
  // the part's share of the market, not a maker's market share).
  if (const FactTypeDecl* d = ctx->schema ? ctx->schema->Type(f.type) : nullptr;
      d && !d->market.empty() && ctx->IsMarket(f.subject)) {
    f.type = d->market;
    flags = FlagsOf(ctx->schema, f.type);
  }
  ChooseLocation(*ctx, fig, flags, &f);
  ChooseObject(*ctx, fig, flags, &f);
  ChoosePeriod(*ctx, fig, flags, &f);
  // Note [Ranged figures]; the scope the type implied is written out ("1-11月出口441万辆": a
  // running total of exports is the overseas part of the running total).
  const FactTypeDecl* implying = nullptr;
  if (!flags.ranged.empty() && IsRunningRange(f.period)) {
    implying = ctx->schema ? ctx->schema->Type(f.type) : nullptr;
    f.type = flags.ranged;
    if (!FlagsOf(ctx->schema, f.type).located) f.location.clear();
  }
  // Note [Named ranges]: "from January to June 2023" is 2023-H1 (a quarter's, half's or year's
  // months are that period, not a running total: IsRunningRange).
  if (auto p = Period::Parse(f.period))
    if (auto named = p->Named()) f.period = named->ToString();
  if (!ChooseBasis(*ctx, fig, &f))
    return out.Drop(m, rule, "ChooseBasis: no yoy, mom or qoq basis between the period '" + f.period +
                                 "' and the captured base period");
  ChooseModality(*ctx, doc, fig, flags, &f);
  ChooseAsOf(doc, flags, &f);
  ChooseScope(*ctx, scopes, fig, &f);
  if (implying)
    for (const std::string& v : implying->implies) f.scope = ctx->schema->WithValue(f.scope, v);
  SetProvenance(ctx->tr.text, fig, &f);
  if (v->parts.size() >= 2 && !f.object.empty()) {
    size_t before = out.facts->size();
    SplitByParts(*ctx, fig, f, out.facts);
    if (out.facts->size() == before)
      out.Drop(m, rule, "SplitByParts: the holders named do not pair with the ratio's parts");
    return;
  }
  if (f.subject.empty())
    return out.Drop(m, rule, "ChooseSubject: no subject (none captured, no market, none before the figure in its "
                             "sentence or paragraph, no heading's or headline's)");
  Remember(ctx, fig, f);
  // Note [Range bounds]: `set range=bounds` (guidance: "expects 23,500 to 25,500 deliveries")
  // states two figures, the least it expects and the most; other ranges are their low end.
  if (Const(rule, "range") == "bounds" && v->value_hi && f.approx == Approx::kExact) {
    Fact hi = f;
    f.approx = Approx::kGreaterEq;
    hi.approx = Approx::kLessEq;
    hi.value = *v->value_hi;
    out.facts->push_back(std::move(f));
    out.facts->push_back(std::move(hi));
    return;
  }
  out.facts->push_back(std::move(f));
}

// Note [Parallel lists]
// ~~~~~~~~~~~~~~~~~~~~~~
// "Zenith and Orla delivered 26,100 and 25,000, respectively", "sales of Alder, Birch, Cedar and
// Dune fell by 16%, 25%, 32% and 8%, respectively", "were 9,120 and 8,433 in January and
// February", "岚图与极狐的销量分别上涨31%和57%": two coordinated lists whose k-th items go
// together. The grammar says which phrasings are such lists, with the cue words ("respectively",
// 分别) and the separators in its pattern: one rule per kind of list `set list=parallel` and
// captures the coordinated figures as `values` (the first of them also as `value`) and the
// coordinated items as `subjects` (companies) or `periods`, or neither (figures of one subject:
// "同比分别增长10%和9%"). Here only positions are read:
// - the items are the outermost entities of a subject or market kind (pack.schema flags `subject`,
//   `market`) or period annotations inside their capture, in order; the figures the outermost quantities and changes
//   inside `values` whose unit is the `value` figure's, or that have none (a list of counts with
//   shares in brackets is a list of counts; "26,100 and 25,000 cars" are two counts of cars);
// - when both lists have N >= 2 members (or there is no item list and N >= 2 figures), pair k
//   is a match of its own, the rule's match with `value` on figure k and `subject` (or `period`)
//   on item k, resolved by the usual decisions (type, period, scope, basis) in list order;
// - a bare percentage after a change ("fell by 16%, 25% and 32%") says its direction once: a
//   figure that is no change takes the sign of the list's first change when that is a fall;
// - lists of different lengths pair nothing (the match gives no fact, and no guess);
// - items and figures captured over one stretch ("in Chile (2%), Mexico (1.5%) and Peru (-0.5%)")
//   are interleaved: each figure goes with the last item before it, an item with none is skipped.
// A list match claims all its figures (Claims), so no frame reads them again.
struct ParallelList {
  std::vector<const Annotation*> items, figures;
};

// The outermost annotations of `list` inside tokens [b, e), in order.
void Outermost(const AnnList& list, uint32_t b, uint32_t e, std::vector<const Annotation*>* out) {
  auto it = std::lower_bound(list.begin(), list.end(), b, [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
  uint32_t end = b;
  for (; it != list.end() && (*it)->tok_begin < e; ++it)
    if ((*it)->tok_end <= e && (*it)->tok_begin >= end) {
      out->push_back(*it);
      end = (*it)->tok_end;
    }
}

ParallelList ReadParallelList(const Context& ctx, const grammar::Match& m, const Annotation& first) {
  ParallelList l;
  // Items are default subjects or markets ("sales in Germany and France rose 12% and 8%,
  // respectively"): the outermost of those.
  if (const grammar::Capture* c = FindCapture(m, "subjects")) {
    auto by_begin = [](const Annotation* a, uint32_t v) { return a->tok_begin < v; };
    AnnList candidates;
    for (auto it = std::lower_bound(ctx.entities.begin(), ctx.entities.end(), c->tok_begin, by_begin);
         it != ctx.entities.end() && (*it)->tok_begin < c->tok_end; ++it) {
      const KindDecl* k = ctx.KindOf(**it);
      auto s = std::lower_bound(ctx.subjects.begin(), ctx.subjects.end(), (*it)->tok_begin, by_begin);
      while (s != ctx.subjects.end() && (*s)->tok_begin == (*it)->tok_begin && *s != *it) ++s;
      bool subject = s != ctx.subjects.end() && *s == *it;
      if (subject || (k && k->market)) candidates.push_back(*it);
    }
    Outermost(candidates, c->tok_begin, c->tok_end, &l.items);
  }
  if (const grammar::Capture* c = FindCapture(m, "periods")) Outermost(ctx.periods, c->tok_begin, c->tok_end, &l.items);
  const grammar::Capture* vs = FindCapture(m, "values");
  if (!vs) return l;
  std::vector<const Annotation*> changes, all;
  Outermost(ctx.changes, vs->tok_begin, vs->tok_end, &changes);
  size_t next = 0;  // quantities inside a change ("fell by 16%") are the change's
  for (auto it = std::lower_bound(ctx.quantities.begin(), ctx.quantities.end(), vs->tok_begin,
                                  [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
       it != ctx.quantities.end() && (*it)->tok_begin < vs->tok_end; ++it) {
    const Annotation* q = *it;
    while (next < changes.size() && changes[next]->tok_begin <= q->tok_begin) all.push_back(changes[next++]);
    if (q->tok_end > vs->tok_end || (!all.empty() && q->tok_begin < all.back()->tok_end)) continue;
    all.push_back(q);
  }
  all.insert(all.end(), changes.begin() + static_cast<std::ptrdiff_t>(next), changes.end());
  for (const Annotation* a : all)  // a figure with no unit word ("26,100 and 25,000 cars") is of the list's unit
    if (a->unit == first.unit || a->unit.empty() || first.unit.empty()) l.figures.push_back(a);
  // Items and figures in one stretch, each item with its figure after it ("in Chile (2%), Mexico
  // (1.5%), held flat in Brazil, and ... Peru (-0.5%)"): a figure's item is the last one before it,
  // and an item with no figure of its own is none.
  const grammar::Capture* ss = FindCapture(m, "subjects");
  if (ss && ss->tok_begin == vs->tok_begin && ss->tok_end == vs->tok_end) {
    std::vector<const Annotation*> paired;
    size_t i = 0;
    for (const Annotation* f : l.figures) {
      const Annotation* last = nullptr;
      while (i < l.items.size() && l.items[i]->tok_end <= f->tok_begin) last = l.items[i++];
      if (!last) return {};  // a figure before any item: no list
      paired.push_back(last);
    }
    l.items = std::move(paired);
  }
  return l;
}

grammar::Capture CaptureOf(const Context& ctx, const std::string& name, const Annotation& a) {
  return {name, a.tok_begin, a.tok_end, static_cast<int>(&a - ctx.tr.annotations.data())};
}

// Note [Parallel lists]: a list match's pairs, each resolved as a match of its own.
void ResolveList(const Document& doc, Context* ctx, const Claims& claims, const TableCells& tables,
                 const ScopeReader& scopes, const grammar::Match& m, const grammar::RuleInfo& rule, const Output& out) {
  const grammar::Capture* vcap = FindCapture(m, "value");
  const Annotation* first = vcap ? FigureOf(*ctx, *vcap) : nullptr;
  if (!first) return out.Drop(m, rule, "FigureOf: the `value` capture holds no quantity or change");
  const ParallelList l = ReadParallelList(*ctx, m, *first);
  const bool by_subject = FindCapture(m, "subjects") != nullptr, by_period = FindCapture(m, "periods") != nullptr;
  const size_t n = l.figures.size();
  if (n < 2 || ((by_subject || by_period) && l.items.size() != n))
    return out.Drop(m, rule, "ParallelList: " + std::to_string(l.items.size()) + " items and " + std::to_string(n) +
                                 " figures of the first one's unit pair nothing");
  const bool falls = l.figures.front()->kind == AnnKind::kChange && l.figures.front()->value.IsNegative();
  grammar::RuleInfo fall = rule;
  fall.constants["sign"] = "-";
  const char* item_slot = by_subject ? "subject" : "period";
  for (size_t k = 0; k < n; ++k) {
    grammar::Match pair{m.rule, m.sentence, m.tok_begin, m.tok_end, {}};
    for (const auto& c : m.captures)
      if (c.name != "values" && c.name != "subjects" && c.name != "periods" && c.name != "value" &&
          ((!by_subject && !by_period) || c.name != item_slot))
        pair.captures.push_back(c);
    pair.captures.push_back(CaptureOf(*ctx, "value", *l.figures[k]));
    if (by_subject || by_period) pair.captures.push_back(CaptureOf(*ctx, item_slot, *l.items[k]));
    bool bare = l.figures[k]->kind != AnnKind::kChange;
    ResolveMatch(doc, ctx, claims, tables, scopes, pair, falls && bare ? fall : rule, out);
  }
}

// The same (type, subject, scope, object, value, period, modality, unit, location) stated twice
// is one fact: its first statement, the others in also_at.
// Merges in place: the first statement of each fact moves down to out[first + k] (its k-th
// distinct fact) and the vector is cut after the last; no second vector of facts is held.
void MergeDuplicates(std::vector<Fact>* out, size_t first) {
  std::unordered_map<std::string, size_t> seen;
  size_t kept = first;
  for (size_t i = first; i < out->size(); ++i) {
    Fact& f = (*out)[i];
    std::string key = f.type + '\x1f' + f.subject + '\x1f' + f.scope + '\x1f' + f.object + '\x1f' + f.value.ToString() +
                      '\x1f' + f.period + '\x1f' + f.modality + '\x1f' + f.unit + '\x1f' + f.location;
    auto [it, inserted] = seen.emplace(std::move(key), kept);
    if (inserted) {
      if (kept != i) (*out)[kept] = std::move(f);
      ++kept;
      continue;
    }
    Fact& g = (*out)[it->second];
    if (!(g.span == f.span)) g.also_at.push_back(f.span);
    AddQualifiers(f.qualifiers, &g);
  }
  out->resize(kept);
}

// A figure stated without a period (a headline: "Norda delivers 36,275 vehicles") and again with
// one in the body is one fact: the period-less statement folds into the dated one.
void FoldUndated(std::span<Fact> facts, std::vector<bool>* folded) {
  std::unordered_map<std::string, size_t> dated;
  auto undated_key = [](const Fact& f) {
    return f.type + '\x1f' + f.subject + '\x1f' + f.object + '\x1f' + f.value.ToString() + '\x1f' + f.modality +
           '\x1f' + f.unit + '\x1f' + f.location;
  };
  for (size_t i = 0; i < facts.size(); ++i)
    if (!facts[i].period.empty()) dated.emplace(undated_key(facts[i]), i);
  for (size_t i = 0; i < facts.size(); ++i) {
    if (!facts[i].period.empty()) continue;
    auto it = dated.find(undated_key(facts[i]));
    if (it == dated.end()) continue;
    Fact& g = facts[it->second];
    g.also_at.push_back(facts[i].span);
    AddQualifiers(facts[i].qualifiers, &g);
    (*folded)[i] = true;
  }
}

// True when a headline's `rounded` figure (written to precision 10^written_exp) is the body's
// `precise` one rounded: the step is the trailing zeros up to thousands (310,000 -> 1e3; 27 -> 1)
// or a scale word's precision beyond that (4.27 million -> 1e4). Headlines also truncate
// ("8.9万" for 89,611, "tops 40,000"): a rounded figure below the precise one by less than one
// step is the same figure.
bool RoundsTo(Decimal precise, Decimal rounded, int32_t written_exp) {
  Decimal r = rounded.Normalized();
  double step = std::pow(10.0, std::max(std::min(r.exponent(), 3), written_exp));
  double diff = std::fabs(precise.ToDouble() - r.ToDouble());
  bool truncated = precise.ToDouble() > r.ToDouble() && diff < step - 1e-9;
  return !(precise == rounded) && (diff <= step / 2 + 1e-9 || truncated);
}

// A headline rounds ("Gemo sells 310,000 vehicles", "up 27%"); the body gives the figure
// (310,123; 27.3). A headline fact whose value is the body fact's rounded (RoundsTo) is the same
// fact: it folds into the body's.
void FoldHeadlineRoundings(RawSpan headline, std::span<Fact> facts, std::vector<bool>* folded) {
  for (size_t i = 0; i < facts.size(); ++i) {
    if ((*folded)[i] || headline.empty() || !headline.Contains(facts[i].span)) continue;
    for (size_t j = 0; j < facts.size(); ++j) {
      if (j == i || (*folded)[j] || headline.Contains(facts[j].span)) continue;
      const Fact& h = facts[i];
      Fact& g = facts[j];
      if (g.type != h.type || g.subject != h.subject || g.object != h.object || g.modality != h.modality ||
          (!h.period.empty() && g.period != h.period) || !RoundsTo(g.value, h.value, h.precision_exp))
        continue;
      g.also_at.push_back(h.span);
      AddQualifiers(h.qualifiers, &g);
      (*folded)[i] = true;
      break;
    }
  }
}

// The document's facts from out[first] on, each figure stated once (Note [Context], duplicates).
void Fold(RawSpan headline, size_t first, std::vector<Fact>* out) {
  MergeDuplicates(out, first);
  std::span<Fact> merged(out->data() + first, out->size() - first);
  std::vector<bool> folded(merged.size(), false);
  FoldUndated(merged, &folded);
  FoldHeadlineRoundings(headline, merged, &folded);
  size_t kept = first;
  for (size_t i = 0; i < merged.size(); ++i)
    if (!folded[i]) {
      if (kept != first + i) (*out)[kept] = std::move(merged[i]);
      ++kept;
    }
  out->resize(kept);
}

}  // namespace

void Resolve(const Document& doc, const Trace& tr, const Resources& res, std::vector<Fact>* out,
             std::vector<Dropped>* dropped) {
  const auto& rules = res.grammar->rules();
  Context ctx(tr, res);
  ctx.ReadAddressSubject(doc);
  Claims claims(tr, rules);
  ScopeReader scopes(tr, res);
  TableCells tables = ReadTables(tr, res, scopes);
  const Output output{out, dropped};
  size_t first = out->size();
  // Table cells (Note [Tables]) resolve in document order with the rules' matches, so what they
  // lend to later figures (subject, period) is lent in reading order.
  size_t next_cell = 0;
  auto cells_before = [&](uint32_t sentence, uint32_t tok) {
    for (; next_cell < tables.cells.size(); ++next_cell) {
      const TableCell& c = tables.cells[next_cell];
      if (c.match.sentence > sentence || (c.match.sentence == sentence && c.match.tok_begin >= tok)) break;
      grammar::RuleInfo rule;
      rule.name = "table.cell";
      rule.id = "table.cell";
      rule.constants = {{"type", c.type}, {"modality", "actual"}};
      if (!c.scope.empty()) rule.constants["scope"] = c.scope;
      if (!c.period.empty()) rule.constants["table_period"] = c.period;
      const FactTypeDecl* decl = ctx.schema ? ctx.schema->Type(c.type) : nullptr;
      const Annotation* v = FigureOf(ctx, c.match.captures.front());
      if (decl && !decl->units.empty() && v && v->unit.empty()) rule.constants["unit"] = decl->units.front();
      ResolveMatch(doc, &ctx, claims, tables, scopes, c.match, rule, output);
    }
  };
  for (const auto& m : tr.matches.matches) {
    if (m.rule < 0 || m.rule >= static_cast<int>(rules.size()) || !rules[m.rule].emit.empty()) continue;
    cells_before(m.sentence, m.tok_begin);
    if (rules[m.rule].parallel_list) ResolveList(doc, &ctx, claims, tables, scopes, m, rules[m.rule], output);
    else ResolveMatch(doc, &ctx, claims, tables, scopes, m, rules[m.rule], output);
  }
  cells_before(UINT32_MAX, UINT32_MAX);
  Fold(tr.text.ToRaw(ctx.headline_span), first, out);
}

}  // namespace quarry::facts
