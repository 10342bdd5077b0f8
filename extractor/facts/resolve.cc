// Note [Context]
// ~~~~~~~~~~~~~~
// A rule captures what its sentence says; a reader fills in the rest. For a fact-producing match:
// - subject: the `subject` capture's entity; else the nearest entity (brand, alliance, group,
//   jv, model, maker) before the match in the same sentence; else the last subject of a fact or
//   entity in the same paragraph; else the entity of the nearest heading above (listicles:
//   "AITO" as a heading, figures below); else the headline's. A figure with no subject at all is
//   dropped rather than guessed.
// - period: the `period` capture; else the period annotation in the sentence nearest the value
//   (ytd/range periods only for cumulative types); else the nearest heading's or headline's.
// - value, unit, approx: from the `value` capture's quantity or change annotation; `set` slots
//   override unit/approx/modality. A ratio value (51/49) with an `object` becomes one stake per
//   part, the holders from `subject`/`subject2` captures or the object's `owners` attribute.
// - duplicates: the same (type, subject, object, value, period, modality) in one document is one
//   fact, its first statement the span and the others in `also_at`.
#include "facts/resolve.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace quarry::facts {
namespace {

bool IsSubjectKind(const std::string& k) {
  return k == "brand" || k == "alliance" || k == "group" || k == "jv" || k == "model" || k == "maker";
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

// Entity name for a capture: its entity annotation, an entity inside its range, or the text
// looked up in the gazetteer (or the text itself).
std::string EntityOf(const grammar::Capture& c, const Trace& tr, const Resources& res) {
  const auto& anns = tr.annotations;
  if (c.annotation >= 0 && c.annotation < static_cast<int>(anns.size()) && anns[c.annotation].kind == AnnKind::kEntity)
    return anns[c.annotation].label;
  for (const auto& a : anns)
    if (a.kind == AnnKind::kEntity && a.tok_begin >= c.tok_begin && a.tok_end <= c.tok_end) return a.label;
  std::string text = TokText(tr.text, c.tok_begin, c.tok_end);
  if (const auto* e = res.gazetteer->Find(text)) return e->name;
  return text;
}

const Annotation* AnnotationOf(const grammar::Capture& c, const Trace& tr, AnnKind kind) {
  const auto& anns = tr.annotations;
  if (c.annotation >= 0 && c.annotation < static_cast<int>(anns.size()) && anns[c.annotation].kind == kind)
    return &anns[c.annotation];
  for (const auto& a : anns)
    if (a.kind == kind && a.tok_begin >= c.tok_begin && a.tok_end <= c.tok_end) return &a;
  return nullptr;
}

struct Context {
  const Trace& tr;
  const Resources& res;
  // Per paragraph, the last subject seen (entity or fact subject).
  std::map<uint32_t, std::string> para_subject;

  const text::Paragraph* ParagraphOf(uint32_t sentence) const {
    uint32_t p = tr.text.sentences[sentence].paragraph;
    return p < tr.text.paragraphs.size() ? &tr.text.paragraphs[p] : nullptr;
  }

  // Last subject-like entity in tokens [b, e).
  const Annotation* LastEntity(uint32_t b, uint32_t e) const {
    const Annotation* best = nullptr;
    for (const auto& a : tr.annotations)
      if (a.kind == AnnKind::kEntity && IsSubjectKind(a.subkind) && a.tok_begin >= b && a.tok_end <= e) best = &a;
    return best;
  }

  // Nearest heading paragraph above `para` holding an entity; its entity.
  std::string HeadingSubject(uint32_t para) const {
    for (int64_t p = static_cast<int64_t>(para); p >= 0; --p) {
      const auto& P = tr.text.paragraphs[p];
      if (!P.heading && p != 0) continue;
      if (P.sent_begin >= P.sent_end) continue;
      uint32_t b = tr.text.sentences[P.sent_begin].tok_begin, e = tr.text.sentences[P.sent_end - 1].tok_end;
      if (const Annotation* a = LastEntity(b, e)) return a->label;
    }
    return "";
  }

  std::string SubjectFor(const grammar::Match& m) {
    const auto& sent = tr.text.sentences[m.sentence];
    if (const Annotation* a = LastEntity(sent.tok_begin, m.tok_begin)) return a->label;
    uint32_t para = sent.paragraph;
    // Earlier sentences of the same paragraph.
    if (para < tr.text.paragraphs.size()) {
      const auto& P = tr.text.paragraphs[para];
      for (int64_t s = static_cast<int64_t>(m.sentence) - 1; s >= static_cast<int64_t>(P.sent_begin); --s) {
        const auto& S = tr.text.sentences[s];
        if (const Annotation* a = LastEntity(S.tok_begin, S.tok_end)) return a->label;
      }
    }
    if (auto it = para_subject.find(para); it != para_subject.end()) return it->second;
    return HeadingSubject(para);
  }

  // The period annotation in the match's sentence nearest to token `near`.
  const Annotation* PeriodNear(uint32_t sentence, uint32_t near, bool cumulative) const {
    const auto& sent = tr.text.sentences[sentence];
    const Annotation* best = nullptr;
    uint32_t best_d = UINT32_MAX;
    for (const auto& a : tr.annotations) {
      if (a.kind != AnnKind::kPeriod || a.tok_begin < sent.tok_begin || a.tok_end > sent.tok_end) continue;
      bool is_cum = a.subkind == "ytd" || a.subkind == "range";
      if (is_cum != cumulative) continue;
      uint32_t d = a.tok_begin >= near ? a.tok_begin - near : near - a.tok_end;
      if (d < best_d) {
        best_d = d;
        best = &a;
      }
    }
    return best;
  }

  std::string HeadingPeriod(uint32_t para) const {
    for (int64_t p = static_cast<int64_t>(para); p >= 0; --p) {
      const auto& P = tr.text.paragraphs[p];
      if (!P.heading && p != 0) continue;
      if (P.sent_begin >= P.sent_end) continue;
      uint32_t b = tr.text.sentences[P.sent_begin].tok_begin, e = tr.text.sentences[P.sent_end - 1].tok_end;
      for (const auto& a : tr.annotations)
        if (a.kind == AnnKind::kPeriod && a.tok_begin >= b && a.tok_end <= e && a.subkind == "month") return a.period;
    }
    return "";
  }
};

std::vector<std::string> SplitList(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

void Resolve(const Document& doc, const Trace& tr, const Resources& res, std::vector<Fact>* out) {
  const auto& rules = res.grammar->rules();
  Context ctx{tr, res, {}};
  size_t first = out->size();
  for (const auto& m : tr.matches.matches) {
    if (m.rule < 0 || m.rule >= static_cast<int>(rules.size())) continue;
    const auto& rule = rules[m.rule];
    if (!rule.emit.empty()) continue;
    std::string type = Const(rule, "type");
    if (type.empty()) continue;
    const grammar::Capture* vcap = FindCapture(m, "value");
    if (!vcap) continue;
    const Annotation* v = AnnotationOf(*vcap, tr, AnnKind::kQuantity);
    if (!v) v = AnnotationOf(*vcap, tr, AnnKind::kChange);
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

    if (const auto* c = FindCapture(m, "subject")) f.subject = EntityOf(*c, tr, res);
    if (f.subject.empty()) f.subject = ctx.SubjectFor(m);
    if (const auto* c = FindCapture(m, "object")) f.object = EntityOf(*c, tr, res);
    if (const auto* c = FindCapture(m, "location")) f.location = EntityOf(*c, tr, res);
    if (const auto* c = FindCapture(m, "period")) {
      if (const Annotation* p = AnnotationOf(*c, tr, AnnKind::kPeriod)) f.period = p->period;
    }
    bool cumulative = type == "cumulative";
    if (f.period.empty() && Const(rule, "period") != "none") {
      if (const Annotation* p = ctx.PeriodNear(m.sentence, vcap->tok_begin, cumulative)) f.period = p->period;
      else if (!cumulative) f.period = ctx.HeadingPeriod(tr.text.sentences[m.sentence].paragraph);
    }
    if (!Const(rule, "period").empty() && Const(rule, "period") != "none" && f.period.empty()) f.period = Const(rule, "period");

    const auto& sent = tr.text.sentences[m.sentence];
    // The figure as written: the annotation's figure span when the capture is that annotation.
    NormSpan fig = TokSpan(tr.text, vcap->tok_begin, vcap->tok_end);
    if (!v->figure.empty() && fig.Contains(v->figure)) fig = v->figure;
    f.span = tr.text.ToRaw(fig);
    f.sentence = tr.text.ToRaw(sent.span);
    f.evidence = std::string(sent.span.Of(tr.text.text));

    // Ratio splits (51/49 JV): one stake per part.
    if (v->parts.size() >= 2 && !f.object.empty()) {
      std::vector<std::string> holders;
      if (const auto* c = FindCapture(m, "subject")) holders.push_back(EntityOf(*c, tr, res));
      if (const auto* c = FindCapture(m, "subject2")) holders.push_back(EntityOf(*c, tr, res));
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
    out->push_back(std::move(f));
  }

  // Merge duplicates within the document.
  std::vector<Fact> merged;
  for (size_t i = first; i < out->size(); ++i) {
    Fact& f = (*out)[i];
    bool dup = false;
    for (auto& g : merged) {
      if (g.type == f.type && g.subject == f.subject && g.object == f.object && g.value == f.value &&
          g.period == f.period && g.modality == f.modality && g.unit == f.unit) {
        if (!(g.span == f.span)) g.also_at.push_back(f.span);
        for (const auto& q : f.qualifiers)
          if (std::find(g.qualifiers.begin(), g.qualifiers.end(), q) == g.qualifiers.end()) g.qualifiers.push_back(q);
        dup = true;
        break;
      }
    }
    if (!dup) merged.push_back(std::move(f));
  }
  out->resize(first);
  for (auto& f : merged) out->push_back(std::move(f));
}

}  // namespace quarry::facts
