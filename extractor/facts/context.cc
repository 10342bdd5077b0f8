// The document context the resolver reads (see context.h).
//
// Note [Context labels]: what the grammar tells the resolver about the words around a figure
// (grammars/auto/context.rules; grammars/README.md, "What the resolver reads from the
// grammar"), read from the matches of the rules that emit these labels, in token order:
//   base_period    its `period` capture is a comparison base or an event's date, never the
//                  period of a figure (PeriodNear, PeriodBefore)
//   part_of        its `subject` capture is a part named in an appositive, never carried
//   pronoun        one before a figure in its sentence: the paragraph's subject (SubjectFor)
//   volume_word    a volume word, `set type=` the fact type it names: for `type=volume_word`
//                  the nearest in the figure's sentence (VolumeWordType in resolve.cc); those
//                  of the first paragraph type a `type=carry_or_headline` line (none, or two
//                  types, give none)
//   jv_ref         one overlapping a `subject` capture that names no entity: the company's
//                  `venture`
//   fact_location  the first beginning within 10 tokens after a figure: its `location` capture
//                  is the figure's location, unless a clause_break begins in between
//   clause_break   the end of a figure's clause
//   caption_credit one opening a paragraph ("Image: ...", "Photo: ..."): the line above it is an
//                  image's caption, no heading (ReadHeadings)
//   plan_cue       one before a stake frame's figure in its sentence: the deal is not done yet,
//                  the stake is a plan (ChooseModality in resolve.cc)
//   market_ref, place_ref   a market named as such, a place named as where (Note [Market subjects])
// The words are the rules'; the C++ reads only positions, captures and constants. What an
// entity is (a default subject, a market, a reporting body, a joint venture) is its kind's flags
// in pack.schema, never the kind's name.
#include "facts/context.h"

#include <algorithm>
#include <string_view>

namespace quarry::facts {

const Annotation* FirstInside(const AnnList& list, uint32_t b, uint32_t e) {
  auto it = std::lower_bound(list.begin(), list.end(), b,
                             [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
  for (; it != list.end() && (*it)->tok_begin < e; ++it)
    if ((*it)->tok_end <= e) return *it;
  return nullptr;
}

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

const grammar::Capture* FindCapture(const grammar::Match& m, const std::string& name) {
  for (const auto& c : m.captures)
    if (c.name == name) return &c;
  return nullptr;
}

std::string Const(const grammar::RuleInfo& r, const std::string& key, const std::string& def) {
  auto it = r.constants.find(key);
  return it == r.constants.end() ? def : it->second;
}

namespace {

// The period annotator's subkinds (base/annotation.h) and what each is to the resolver; "year"
// and "date" are kOther.
struct PeriodRoleRow {
  std::string_view subkind;
  PeriodRole role;
};
constexpr PeriodRoleRow kPeriodRoles[] = {{"month", PeriodRole::kMonth},
                                          {"quarter", PeriodRole::kPart},
                                          {"half", PeriodRole::kPart},
                                          {"ytd", PeriodRole::kRunning},
                                          {"range", PeriodRole::kRunning}};

PeriodRole RoleOfSubkind(std::string_view subkind) {
  for (const auto& row : kPeriodRoles)
    if (row.subkind == subkind) return row.role;
  return PeriodRole::kOther;
}

// The labels read only by position: each label's matches, in document order, in one list.
struct LabelList {
  std::string_view label;
  MatchList Context::*list;
};
const LabelList kLabelLists[] = {{"pronoun", &Context::pronouns},           {"anaphor", &Context::anaphors},
                                 {"forecast_cue", &Context::forecast_cues}, {"jv_ref", &Context::jv_refs},
                                 {"fact_location", &Context::fact_locations}, {"clause_break", &Context::clause_breaks},
                                 {"market_ref", &Context::market_refs},     {"place_ref", &Context::place_refs},
                                 {"unknown_name", &Context::unknown_names}, {"plan_cue", &Context::plan_cues},
                                 {"caption_credit", &Context::caption_credits}};

}  // namespace

Context::Context(const Trace& t, const Resources& r) : tr(t), res(r), schema(r.grammar->schema()) {
  SortAnnotations();
  ReadContextLabels();
  ReadSubjects();
  ReadHeadline();
  ReadHeadings();
}

void Context::SortAnnotations() {
  role_.assign(tr.annotations.size(), PeriodRole::kOther);
  for (const auto& a : tr.annotations) {
    switch (a.kind) {
      case AnnKind::kEntity: entities.push_back(&a); break;
      case AnnKind::kQuantity: quantities.push_back(&a); break;
      case AnnKind::kChange: changes.push_back(&a); break;
      case AnnKind::kPeriod: {
        periods.push_back(&a);
        PeriodRole role = RoleOfSubkind(a.subkind);
        role_[IndexOf(a)] = role;
        (role == PeriodRole::kRunning ? cum_periods : month_periods).push_back(&a);
        break;
      }
      default: break;
    }
  }
}

PeriodRole Context::RoleOf(const Annotation& period) const {
  size_t i = IndexOf(period);
  return i < role_.size() ? role_[i] : RoleOfSubkind(period.subkind);
}

void Context::ReadContextLabels() {
  const auto& rules = res.grammar->rules();
  base_period_.assign(tr.annotations.size(), 0);
  part_of_.assign(tr.annotations.size(), 0);
  std::string found;
  bool clash = false;
  for (const auto& m : tr.matches.matches) {
    if (m.rule < 0 || m.rule >= static_cast<int>(rules.size())) continue;
    const std::string& label = rules[m.rule].emit;
    if (label.empty()) continue;
    if (label == "base_period") {
      if (const auto* c = FindCapture(m, "period")) Mark(&base_period_, AnnotationAt(*c, AnnKind::kPeriod, periods));
    } else if (label == "part_of") {
      if (const auto* c = FindCapture(m, "subject")) Mark(&part_of_, AnnotationAt(*c, AnnKind::kEntity, entities));
    } else if (label == "volume_word") {
      volume_words.push_back(&m);
      if (m.sentence >= tr.text.sentences.size() || tr.text.sentences[m.sentence].paragraph != 0) continue;
      std::string t = Const(rules[m.rule], "type");
      if (t.empty()) continue;
      if (!found.empty() && found != t) clash = true;
      found = t;
    } else {
      for (const auto& row : kLabelLists)
        if (row.label == label) {
          (this->*row.list).push_back(&m);
          break;
        }
    }
  }
  if (!clash) headline_type = found;
}

// Default subjects: entities of a kind the schema flags `subject` (a pack without a schema has
// every entity as one). A part named in an appositive ("its worldwide sales, including the Lexus
// luxury brand, rose 3.1%") is never the subject a later figure is carried to; captured subjects
// are unaffected (they are read from the capture).
void Context::ReadSubjects() {
  for (const Annotation* a : entities) {
    const KindDecl* k = KindOf(*a);
    if ((!schema || (k && k->subject)) && !Marked(part_of_, *a)) subjects.push_back(a);
  }
  const auto& sents = tr.text.sentences;
  subject_upto.assign(sents.size(), nullptr);
  for (size_t s = 0; s < sents.size(); ++s) {
    const Annotation* a = LastInside(subjects, sents[s].tok_begin, sents[s].tok_end);
    if (!a && s > 0 && sents[s - 1].paragraph == sents[s].paragraph) a = subject_upto[s - 1];
    subject_upto[s] = a;
  }
}

// The first paragraph is the headline when it is headline-sized: a document that is one long
// paragraph (a 50 MB line) has none, and its facts are not all "in the headline" (the headline
// folds compare each headline fact with every other fact). A regional market report's headline
// names its region and no other market ("Chinese brands take 7% of Europe's car market").
void Context::ReadHeadline() {
  const auto& paras = tr.text.paragraphs;
  const auto& sents = tr.text.sentences;
  constexpr uint32_t kMaxHeadlineSentences = 3;
  if (paras.empty() || paras[0].sent_begin >= paras[0].sent_end ||
      paras[0].sent_end - paras[0].sent_begin > kMaxHeadlineSentences)
    return;
  headline_span = paras[0].span;
  uint32_t hb = sents[paras[0].sent_begin].tok_begin, he = sents[paras[0].sent_end - 1].tok_end;
  if (const Annotation* a = FirstInside(subjects, hb, he)) headline_subject = a->label;
  bool other_market = false, several = false;
  for (const Annotation* a = FirstInside(entities, hb, he); a; a = FirstInside(entities, a->tok_end, he)) {
    const KindDecl* k = KindOf(*a);
    if (k && k->market && !k->regional) other_market = true;
    if (!k || !k->regional) continue;
    if (!headline_region.empty() && headline_region != a->label) several = true;
    headline_region = a->label;
  }
  if (other_market || several) headline_region.clear();
  ReadHeadlineMarket(hb, he);
}

// Note [Subject from the address]: a page whose title was lost (a text saved without it, a feed
// entry with no title) often begins with a sentence that names no company ("As regards BEV
// deliveries by regions, the Group's home market of Europe ..."), yet its address is the title's
// words: ".../volkswagen-group-more-than-doubles-deliveries-of-all-electric-vehicles-...". When
// the document has no title, the first paragraph names no company and no market, the first
// company the last path segment of the address names (words split at '-', '_' and '+', the
// longest run of up to three words the gazetteer knows first) is the headline subject, and the
// subject of a figure nothing else in the document names one for (SubjectFor). Only a
// default subject that is neither a market nor a product: a model's name in an address is too
// often a common word.
void Context::ReadAddressSubject(const Document& doc) {
  if (!doc.title.empty() || !headline_subject.empty() || headline_market || doc.url.empty()) return;
  std::string_view url = doc.url;
  if (size_t q = url.find_first_of("?#"); q != std::string_view::npos) url = url.substr(0, q);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  std::string_view slug = url.substr(url.find_last_of('/') == std::string_view::npos ? 0 : url.find_last_of('/') + 1);
  if (size_t dot = slug.rfind('.'); dot != std::string_view::npos) slug = slug.substr(0, dot);  // ".html"
  std::vector<std::string> words;
  std::string w;
  for (char ch : slug) {
    if (ch == '-' || ch == '_' || ch == '+') {
      if (!w.empty()) words.push_back(std::move(w));
      w.clear();
    } else {
      w.push_back(ch);
    }
  }
  if (!w.empty()) words.push_back(std::move(w));
  const auto& gaz = *res.gazetteer;
  for (size_t i = 0; i < words.size(); ++i)
    for (size_t n = std::min<size_t>(3, words.size() - i); n >= 1; --n) {
      std::string name = words[i];
      for (size_t k = 1; k < n; ++k) name += " " + words[i + k];
      const gazetteer::Entity* e = gaz.Find(name);
      const KindDecl* k = e ? KindNamed(e->kind) : nullptr;
      if (!e || (schema && (!k || !k->subject || k->market || k->product))) continue;
      headline_subject = address_subject = e->name;
      return;
    }
}

// headline_market: the first entity of the headline that is a default subject makes the article
// a company story; a market before it, named as such (not as a place), a market report.
void Context::ReadHeadlineMarket(uint32_t hb, uint32_t he) {
  if (!schema) return;
  const auto& paras = tr.text.paragraphs;
  const auto& sents = tr.text.sentences;
  uint32_t hs = paras[0].sent_begin;
  for (const Annotation* a = FirstInside(entities, hb, he); a; a = FirstInside(entities, a->tok_end, he)) {
    const KindDecl* k = KindOf(*a);
    uint32_t s = hs;
    while (s + 1 < paras[0].sent_end && sents[s].tok_end <= a->tok_begin) ++s;
    if (k && k->subject) break;
    if (k && k->market && !AnyOverlapping(place_refs, s, a->tok_begin, a->tok_end) &&
        !AnyOverlapping(fact_locations, s, a->tok_begin, a->tok_end)) {
      headline_market = true;
      headline_market_name = a->label;
      break;
    }
    // A reporting body before any company ("CAAM: NEV output and sales ..."): its region's
    // report, for the figures nothing else names a subject for.
    if (k && k->source && headline_market_name.empty())
      if (const auto* e = res.gazetteer->Find(a->label))
        if (auto it = e->attrs.find("region"); it != e->attrs.end()) headline_market_name = it->second;
  }
  // The fallback subject only where the headline names no company at all ("U.S.-listed Lira
  // Auto ..." leads with a market but is a company's story).
  for (const Annotation* a = FirstInside(entities, hb, he); a && !headline_market_name.empty();
       a = FirstInside(entities, a->tok_end, he))
    if (const KindDecl* k = KindOf(*a); k && k->subject) headline_market_name.clear();
}

// A heading lends its subject and its month to the paragraphs below it, until the next heading
// that names one.
void Context::ReadHeadings() {
  const auto& paras = tr.text.paragraphs;
  const auto& sents = tr.text.sentences;
  heading_subject.assign(paras.size(), "");
  heading_period.assign(paras.size(), "");
  std::string subj, period;
  // An image's caption reads like a heading ("Fiat grande panda la padina"); the credit line under
  // it ("Image: ...") says it is none.
  auto caption = [&](size_t p) {
    if (p + 1 >= paras.size() || paras[p + 1].sent_begin >= paras[p + 1].sent_end) return false;
    uint32_t first = sents[paras[p + 1].sent_begin].tok_begin;
    return FirstStarting(caption_credits, first, first + 1) != nullptr;
  };
  for (size_t p = 0; p < paras.size(); ++p) {
    const auto& P = paras[p];
    if ((P.heading || p == 0) && P.sent_begin < P.sent_end && !caption(p)) {
      uint32_t b = sents[P.sent_begin].tok_begin, e = sents[P.sent_end - 1].tok_end;
      if (LastInside(subjects, b, e)) subj = HeadingSubject(b, e);
      const Annotation* a = FirstInside(month_periods, b, e);
      if (a && RoleOf(*a) == PeriodRole::kMonth) period = a->period;
    }
    heading_subject[p] = subj;
    heading_period[p] = period;
  }
}

// The subject of a heading over tokens [b, e) that names one. A heading that names several
// unrelated companies ("Tessa, Voltra, Gemo lead Oct sales") does not say whose figures follow
// (""); one company, or a brand and its models ("Xiaomi EV deliveries top 40,000, YU7 accounts for
// most"), heads that company's (the brand's) figures.
std::string Context::HeadingSubject(uint32_t b, uint32_t e) const {
  const Annotation* a = LastInside(subjects, b, e);
  std::string subj = a->label;
  for (const Annotation* o = FirstInside(subjects, b, e); o && o != a; o = FirstInside(subjects, o->tok_end, e)) {
    if (!res.gazetteer->IsUnder(o->label, a->label) && !res.gazetteer->IsUnder(a->label, o->label)) return "";
    if (res.gazetteer->IsUnder(subj, o->label)) subj = o->label;
  }
  return subj;
}

// The annotation of `kind` that a capture designates: the captured annotation itself, else the
// one beginning at the capture's first token (a capture written as words: "上月份" is the period
// over the tokens 上|月份).
const Annotation* Context::AnnotationAt(const grammar::Capture& c, AnnKind kind, const AnnList& list) const {
  const auto& anns = tr.annotations;
  if (c.annotation >= 0 && c.annotation < static_cast<int>(anns.size()) && anns[c.annotation].kind == kind)
    return &anns[c.annotation];
  if (c.tok_end <= c.tok_begin) return nullptr;
  auto it = std::lower_bound(list.begin(), list.end(), c.tok_begin,
                             [](const Annotation* a, uint32_t v) { return a->tok_begin < v; });
  return it != list.end() && (*it)->tok_begin == c.tok_begin ? *it : nullptr;
}

size_t Context::IndexOf(const Annotation& a) const {
  const auto& all = tr.annotations;
  if (all.empty() || &a < all.data() || &a >= all.data() + all.size()) return SIZE_MAX;
  return static_cast<size_t>(&a - all.data());
}

void Context::Mark(std::vector<char>* flags, const Annotation* a) const {
  if (size_t i = a ? IndexOf(*a) : SIZE_MAX; i < flags->size()) (*flags)[i] = 1;
}

bool Context::Marked(const std::vector<char>& flags, const Annotation& a) const {
  size_t i = IndexOf(a);
  return i < flags.size() && flags[i];
}

const grammar::Match* Context::FirstStarting(const MatchList& list, uint32_t b, uint32_t e) {
  auto it = std::lower_bound(list.begin(), list.end(), b,
                             [](const grammar::Match* m, uint32_t v) { return m->tok_begin < v; });
  return it != list.end() && (*it)->tok_begin < e ? *it : nullptr;
}

bool Context::AnyOverlapping(const MatchList& list, uint32_t sentence, uint32_t b, uint32_t e) {
  auto it = std::lower_bound(list.begin(), list.end(), sentence,
                             [](const grammar::Match* m, uint32_t s) { return m->sentence < s; });
  for (; it != list.end() && (*it)->sentence == sentence && (*it)->tok_begin < e; ++it)
    if ((*it)->tok_end > b) return true;
  return false;
}

const AnnList& Context::ListOf(AnnKind k) const {
  switch (k) {
    case AnnKind::kEntity: return entities;
    case AnnKind::kQuantity: return quantities;
    case AnnKind::kChange: return changes;
    default: return periods;
  }
}

const Annotation* Context::AnnotationOf(const grammar::Capture& c, AnnKind kind) const {
  const auto& anns = tr.annotations;
  if (c.annotation >= 0 && c.annotation < static_cast<int>(anns.size()) && anns[c.annotation].kind == kind)
    return &anns[c.annotation];
  return FirstInside(ListOf(kind), c.tok_begin, c.tok_end);
}

std::string Context::EntityOf(const grammar::Capture& c) const {
  if (const Annotation* a = AnnotationOf(c, AnnKind::kEntity)) return a->label;
  std::string text;
  if (c.tok_begin < c.tok_end && c.tok_end <= tr.text.tokens.size())
    text = std::string(NormSpan(tr.text.tokens[c.tok_begin].span.begin, tr.text.tokens[c.tok_end - 1].span.end).Of(tr.text.text));
  if (const auto* e = res.gazetteer->Find(text)) return e->name;
  return text;
}

// Note [Market subjects]: a market report's figures belong to a market, not to a company:
// "China's passenger car retail sales were 2.2 million", "据乘联会数据, 全国乘用车零售171万辆".
// A figure is a market's when its sentence names no company before it and names a market
// before it: an entity of a kind the schema flags `market` (a country or region), else a
// reporting body (a kind flagged `source`) standing for its `region` attribute. A sentence that
// names only a place ("In Europe, sales rose 20%") in an article or paragraph about a company
// (its headline, a fact, the sentence before, its heading) is still that company's unless a
// market_ref word ("market", "市场", "nationwide") or a body says it is the market's. The body is
// the fact's source (qualifier `source:CPCA`).
std::string Context::MarketFor(uint32_t sentence, uint32_t before, std::string* source) const {
  if (!schema) return "";
  const auto& sent = tr.text.sentences[sentence];
  if (LastInside(subjects, sent.tok_begin, before)) return "";
  uint32_t para = sent.paragraph;
  const auto& para_subject = carried.para_subject;
  bool company_context = (!headline_subject.empty() && !headline_market) || para_subject.count(para) ||
                         (!headline_market && para < heading_subject.size() && !heading_subject[para].empty()) ||
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
    const KindDecl* k = KindOf(*a);
    if (k && k->source) {
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
  // A figure that no market precedes, outside a company's paragraph, registered or sold "in" a
  // market named right after it in its clause ("188,730 new cars were registered in the EU in
  // November"): that market's, not the headline's wider one ("to Europe" is a destination).
  if (market.empty() && !company_context) {
    const grammar::Match* at = FirstStarting(place_refs, before, std::min<uint32_t>(sent.tok_end, before + 12));
    const grammar::Match* stop = at ? FirstStarting(clause_breaks, before, at->tok_begin) : nullptr;
    if (at && !stop) {
      const Annotation* e = LastInside(entities, at->tok_begin, at->tok_end);
      if (e && IsMarket(e->label) && tr.text.Lower(tr.text.tokens[at->tok_begin]) == "in") market = e->label;
    }
  }
  if (market.empty()) return "";
  bool cue = !source->empty() || FirstStarting(market_refs, sent.tok_begin, sent.tok_end);
  if (!cue && company_context) return "";
  return market;
}

// Note [Asides]
// ~~~~~~~~~~~~~
// A name inside brackets that close before the figure is said in passing: "the total sales of
// the Group (including those of Lynk & Co-branded cars sold by its 50%-owned venture) were
// 21,168 units" are the Group's, "集团8月的总销量(包含...领克品牌汽车的销量)为88,348部" the
// group's. The subject before a figure is the last one outside such brackets (a figure inside
// the brackets still reads the names beside it there). Brackets that open the sentence are no
// aside; square brackets never are (a Markdown link's text: "[BYD](https://...) sold"). The scans
// stop at 200 tokens.
const Annotation* Context::LastSubjectOutsideAsides(uint32_t b, uint32_t before) const {
  auto closes_before = [&](uint32_t from) {
    int depth = 0;
    for (uint32_t k = from; k < before && k < from + 200; ++k) {
      std::string_view t = tr.text.Lower(tr.text.tokens[k]);
      if (t == "(" || t == "（") ++depth;
      else if (t == ")" || t == "）") {
        if (depth == 0) return true;
        --depth;
      }
    }
    return false;
  };
  // The brackets open after the sentence's first token: "(OTCMKTS: BYDDY) NEVs registered 43,490
  // units", a page's ticker that lost the name before it, names the subject.
  auto opens_inside = [&](uint32_t to) {
    int depth = 0;
    for (uint32_t k = to; k-- > b && k + 200 > to;) {
      std::string_view t = tr.text.Lower(tr.text.tokens[k]);
      if (t == ")" || t == "）") ++depth;
      else if (t == "(" || t == "（") {
        if (depth == 0) return k > b;
        --depth;
      }
    }
    return false;
  };
  for (const Annotation* a = LastInside(subjects, b, before); a; a = LastInside(subjects, b, a->tok_begin))
    if (!closes_before(a->tok_end) || !opens_inside(a->tok_begin)) return a;
  return nullptr;
}

// `before`: the first token of the figure; entities inside the match before the figure count
// ("1-11月,赛力斯...累计销量为419,836辆" matched from the period on). In order: the last stored
// fact's subject when its clause is this one (no subject between); the last subject before the
// figure in the sentence; after a pronoun, the paragraph's subject; the last subject of the
// sentence before in the paragraph; the paragraph's subject; its heading's; with no heading, the
// subject of the paragraph just above; a market report's market.
// Note [Unknown names]: a company the gazetteer does not know, named before the figure ("Foobar
// Motors delivered 5,000 vehicles", "Chinese carmakers took a 7% share": the pack's
// `unknown_name` rules), is the figure's subject: no subject we can name, so no fact, rather than
// the paragraph's company or the market the share is of.
bool Context::UnknownNameBefore(uint32_t sentence, uint32_t before) const {
  for (const grammar::Match* u = FirstStarting(unknown_names, tr.text.sentences[sentence].tok_begin, before); u;
       u = FirstStarting(unknown_names, u->tok_end, before))
    if (!LastInside(entities, u->tok_begin, u->tok_end)) return true;
  return false;
}

std::string Context::SubjectFor(const grammar::Match& m, uint32_t before) const {
  const auto& sent = tr.text.sentences[m.sentence];
  if (carried.last_sentence == static_cast<int64_t>(m.sentence) &&
      !LastInside(subjects, std::min(carried.last_end, before), before))
    return carried.last_subject;
  if (const Annotation* a = LastSubjectOutsideAsides(sent.tok_begin, before)) return a->label;
  if (UnknownNameBefore(m.sentence, before)) return "";
  uint32_t para = sent.paragraph;
  const auto& para_subject = carried.para_subject;
  // A pronoun before the figure ("Zenith operates 430 stores in China ... with Lumen & Co
  // locations. Overseas it has 96 stores") is the paragraph's subject (its last fact's), not
  // the last company the sentence before mentions.
  if (auto it = para_subject.find(para); it != para_subject.end())
    if (FirstStarting(pronouns, sent.tok_begin, before)) return it->second;
  // Note [Anaphors]: "This was up 37.5% from ..." opening a paragraph is the last figure's.
  if (RefersBack(m.sentence, before) && !carried.last_subject.empty() &&
      carried.last_subject_paragraph != UINT32_MAX && carried.last_subject_paragraph + 1 >= para)
    return carried.last_subject;
  if (m.sentence > 0 && tr.text.sentences[m.sentence - 1].paragraph == para)
    if (const Annotation* a = subject_upto[m.sentence - 1]) return a->label;
  // A pronoun in a paragraph that has named no subject yet stands for the company of the
  // paragraph just above, not the headline's ("Zeekr handed over 21,400 cars in November." /
  // "With that month counted, it stands below its full-year target of 180,000 vehicles": Zeekr's,
  // in a round-up headed by another maker).
  // (A pronoun in a paragraph with a subject returned that subject above.)
  const bool from_above = !carried.last_subject.empty() && carried.last_subject_paragraph != UINT32_MAX &&
                          carried.last_subject_paragraph + 1 == para;
  if (from_above && FirstStarting(pronouns, sent.tok_begin, before) && !IsMarket(carried.last_subject))
    return carried.last_subject;
  if (auto it = para_subject.find(para); it != para_subject.end()) return it->second;
  if (para < heading_subject.size() && !heading_subject[para].empty()) return heading_subject[para];
  // No heading or headline names one (a page whose title was lost): a paragraph that names no
  // subject continues the paragraph just above it ("Insurance registrations for NEVs were 128,300"
  // after "... registrations for all passenger vehicles in China were 400,400 units").
  if (from_above) return carried.last_subject;
  // Note [Subject from the address]: a page without a title is the company its address names.
  if (!address_subject.empty()) return address_subject;
  // A market report (its headline leads with a market named as such, or a reporting body, and
  // names no company): a figure that nothing above names a subject for is that market's ("BEVs accounted for 495,000 retail
  // sales in Oct"): its scope words say which part of the market.
  return headline_market_name;
}

// Note [Anaphors]: a sentence that opens with a word standing for the figure before it ("This
// was up 37.5 percent from 554,664 units a year earlier", "That compares with ...", "The figure
// was ..."; the pack's `anaphor` rules) says more of that figure: a figure after the anaphor with
// no subject named between takes the last stored fact's subject, even across the paragraph break
// news copy puts there (only from the paragraph just above), and its scope (ChooseScope). A
// pronoun ("it") only stands for its paragraph's subject: it may begin a new topic.
bool Context::RefersBack(uint32_t sentence, uint32_t before) const {
  const auto& sent = tr.text.sentences[sentence];
  const grammar::Match* a = FirstStarting(anaphors, sent.tok_begin, before);
  if (!a || LastInside(subjects, a->tok_end, before)) return false;
  // The figure before must be the last fact: a figure in a sentence between that gave no fact
  // ("BEVs accounted for 495,000 retail sales. This was up 24.1%") is what "this" stands for.
  if (carried.last_sentence < 0 || carried.last_sentence >= static_cast<int64_t>(sentence)) return true;
  uint32_t from = tr.text.sentences[carried.last_sentence].tok_end;
  return !FirstInside(quantities, from, sent.tok_begin);
}

bool Context::IsMarket(const std::string& name) const {
  const auto* e = res.gazetteer->Find(name);
  const KindDecl* k = e ? KindNamed(e->kind) : nullptr;
  return k && k->market;
}

// A figure may take the period of the paragraph above when its own paragraph names none yet:
// "Lira Auto reported a net loss ... for the fourth quarter of 2025. || Quarterly deliveries were
// 100,357 vehicles". The last month, quarter or half before `sentence`, in its paragraph or the
// one above (the headline aside, comparison bases aside); with `before`, also the sentence's own
// up to that token.
const Annotation* Context::PeriodBefore(uint32_t sentence, uint32_t before) const {
  const auto& sents = tr.text.sentences;
  uint32_t para = sents[sentence].paragraph;
  uint32_t begin = before == UINT32_MAX ? sents[sentence].tok_begin : before;
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
    PeriodRole role = RoleOf(*a);
    if (role != PeriodRole::kMonth && role != PeriodRole::kPart) continue;
    if (IsComparisonBase(*a)) continue;
    best = a;
  }
  return best;
}

const Annotation* Context::PeriodNear(uint32_t sentence, uint32_t b, uint32_t e, bool cumulative) const {
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

}  // namespace quarry::facts
