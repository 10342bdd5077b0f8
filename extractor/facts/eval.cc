// Gold matching and scoring for `quarry eval` (see eval.h).
#include "facts/eval.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace quarry::facts {
namespace {

std::optional<std::string> OptField(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return std::nullopt;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Fields of a gold fact that the predicted fact gets wrong ("" when it matches).
std::string Differences(const GoldFact& g, const Fact& f) {
  std::string d;
  auto add = [&](const char* name, const std::string& want, const std::string& got) {
    if (want == got) return;
    if (!d.empty()) d += ", ";
    d += std::string(name) + " " + (got.empty() ? "(none)" : got) + " != " + (want.empty() ? "(none)" : want);
  };
  if (g.type != f.type) add("type", g.type, f.type);
  if (g.subject != f.subject) add("subject", g.subject, f.subject);
  if (!(g.value == f.value)) add("value", g.value.ToString(), f.value.ToString());
  if (g.object) add("object", *g.object, f.object);
  if (g.location) add("location", *g.location, f.location);
  if (g.scope) add("scope", *g.scope, f.scope);
  if (g.unit) add("unit", *g.unit, f.unit);
  if (g.period) add("period", *g.period, f.period);
  if (g.approx) add("approx", *g.approx, ApproxSymbol(f.approx));
  if (g.modality) add("modality", *g.modality, f.modality);
  for (const auto& q : g.qualifiers)
    if (!Has(f.qualifiers, q)) add("qualifier", q, "missing");
  return d;
}

std::string SentenceOf(const Trace& tr, NormSpan s) {
  for (const auto& sent : tr.text.sentences)
    if (sent.span.Contains(s) || sent.span.Overlaps(s)) return std::string(sent.span.Of(tr.text.text));
  return "";
}

// A sentence of the document that shows the gold value, for false negatives.
std::string WhereIs(const Trace& tr, const GoldFact& g) {
  for (const auto& a : tr.annotations)
    if ((a.kind == AnnKind::kQuantity || a.kind == AnnKind::kChange) && a.value == g.value)
      return SentenceOf(tr, a.span);
  // Changes are signed; the text may say "down 5.3%" while the annotation missed the sign.
  for (const auto& a : tr.annotations)
    if ((a.kind == AnnKind::kQuantity || a.kind == AnnKind::kChange) && a.value == g.value.Negated())
      return SentenceOf(tr, a.span);
  return "(no annotation in the text has this value)";
}

// The fact whose rule a false negative counts against (Note [Per-rule recall]), or -1.
int ResponsibleFact(const Trace& tr, const std::vector<Fact>& facts, const std::vector<bool>& used,
                    const GoldFact& g) {
  // The sentences (raw) the gold figure is in.
  std::vector<RawSpan> sentences;
  for (const auto& sent : tr.text.sentences) {
    RawSpan raw = tr.text.ToRaw(sent.span);
    bool holds = false;
    if (g.span) {
      holds = raw.Overlaps(*g.span);
    } else {
      for (const auto& a : tr.annotations)
        if ((a.kind == AnnKind::kQuantity || a.kind == AnnKind::kChange) && sent.span.Overlaps(a.span) &&
            (a.value == g.value || a.value == g.value.Negated()))
          holds = true;
    }
    if (holds) sentences.push_back(raw);
  }
  auto in_sentences = [&](RawSpan s) {
    for (const auto& r : sentences)
      if (r.Overlaps(s)) return true;
    return false;
  };
  int best = -1, best_rank = 0;
  for (size_t i = 0; i < facts.size(); ++i) {
    const Fact& f = facts[i];
    bool same_figure = false;
    if (g.span) {
      same_figure = f.span.Overlaps(*g.span);
      for (const auto& s : f.also_at) same_figure = same_figure || s.Overlaps(*g.span);
    }
    if (!same_figure && (f.value == g.value || f.value == g.value.Negated())) {
      same_figure = in_sentences(f.span);
      for (const auto& s : f.also_at) same_figure = same_figure || in_sentences(s);
    }
    if (!same_figure) continue;
    int rank = (used[i] ? 0 : 4) + (f.type == g.type ? 2 : 0) + (f.subject == g.subject ? 1 : 0);
    if (best < 0 || rank > best_rank) {
      best = static_cast<int>(i);
      best_rank = rank;
    }
  }
  return best;
}

}  // namespace

std::optional<GoldFact> ParseGoldLine(std::string_view line, const std::string& default_doc,
                                      std::string* error) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "not a JSON object";
    return std::nullopt;
  }
  GoldFact g;
  g.doc = OptField(j, "doc").value_or(default_doc);
  g.type = OptField(j, "type").value_or("");
  g.subject = OptField(j, "subject").value_or("");
  auto v = OptField(j, "value");
  if (g.type.empty() || g.subject.empty() || !v) {
    *error = "a gold fact needs type, subject and value";
    return std::nullopt;
  }
  auto d = Decimal::Parse(*v);
  if (!d) {
    *error = "value is not a plain decimal: " + *v;
    return std::nullopt;
  }
  g.value = d->Normalized();
  g.object = OptField(j, "object");
  g.location = OptField(j, "location");
  g.scope = OptField(j, "scope");
  g.unit = OptField(j, "unit");
  g.period = OptField(j, "period");
  g.approx = OptField(j, "approx");
  g.modality = OptField(j, "modality");
  if (auto it = j.find("qualifiers"); it != j.end() && it->is_array())
    for (const auto& q : *it)
      if (q.is_string()) g.qualifiers.push_back(q.get<std::string>());
  if (auto it = j.find("span"); it != j.end() && !it->is_null()) {
    if (!it->is_array() || it->size() != 2 || !(*it)[0].is_number_unsigned() || !(*it)[1].is_number_unsigned() ||
        (*it)[1].get<uint64_t>() < (*it)[0].get<uint64_t>()) {
      *error = "span must be [begin, end] byte offsets";
      return std::nullopt;
    }
    g.span = RawSpan((*it)[0].get<uint64_t>(), (*it)[1].get<uint64_t>());
  }
  return g;
}

std::string Describe(const Fact& f) {
  std::string s = f.type + " " + f.subject;
  if (!f.scope.empty()) s += " [" + f.scope + "]";
  if (!f.object.empty()) s += " -> " + f.object;
  s += " " + std::string(ApproxSymbol(f.approx)) + f.value.ToString();
  if (!f.unit.empty()) s += " " + f.unit;
  if (!f.period.empty()) s += " @" + f.period;
  if (!f.location.empty()) s += " in " + f.location;
  if (f.modality != "actual") s += " [" + f.modality + "]";
  for (const auto& q : f.qualifiers) s += " +" + q;
  if (!f.rule.empty()) s += "  (" + f.rule + ")";
  return s;
}

std::string Describe(const GoldFact& g) {
  std::string s = g.type + " " + g.subject;
  if (g.scope && !g.scope->empty()) s += " [" + *g.scope + "]";
  if (g.object) s += " -> " + *g.object;
  s += " " + g.approx.value_or("") + g.value.ToString();
  if (g.unit) s += " " + *g.unit;
  if (g.period) s += " @" + *g.period;
  if (g.location) s += " in " + *g.location;
  if (g.modality && *g.modality != "actual") s += " [" + *g.modality + "]";
  for (const auto& q : g.qualifiers) s += " +" + q;
  s += "  (" + g.source + ")";
  return s;
}

EvalReport Evaluate(const std::vector<EvalDoc>& docs, const std::vector<GoldFact>& gold,
                    const EvalOptions& opts) {
  EvalReport rep;
  for (const auto& doc : docs) {
    std::vector<const GoldFact*> golds;
    for (const auto& g : gold)
      if (g.doc == doc.key) golds.push_back(&g);
    EvaluateDoc(doc, golds, opts, &rep);
  }
  return rep;
}

void EvaluateDoc(const EvalDoc& doc, const std::vector<const GoldFact*>& golds, const EvalOptions& opts,
                 EvalReport* report) {
  EvalReport& rep = *report;
  ++rep.documents;
  auto is_core = [&](const std::string& type) { return opts.core_types.empty() || opts.core_types.count(type); };
  {
    std::vector<bool> used(doc.facts.size(), false);
    std::vector<const GoldFact*> missed;
    for (const auto& f : doc.facts) {
      rep.by_type[f.type].pred++;
      rep.by_rule[f.rule].pred++;
      rep.micro.pred++;
      if (is_core(f.type)) rep.core.pred++;
    }
    for (const GoldFact* g : golds) {
      rep.by_type[g->type].gold++;
      rep.micro.gold++;
      if (is_core(g->type)) rep.core.gold++;
      int hit = -1;
      for (size_t i = 0; i < doc.facts.size() && hit < 0; ++i)
        if (!used[i] && Differences(*g, doc.facts[i]).empty()) hit = static_cast<int>(i);
      if (hit >= 0) {
        used[hit] = true;
        const Fact& f = doc.facts[hit];
        rep.by_type[g->type].tp++;
        rep.by_rule[f.rule].tp++;
        rep.by_rule[f.rule].gold++;
        rep.micro.tp++;
        if (is_core(g->type)) rep.core.tp++;
        continue;
      }
      // A near miss: an unused predicted fact with the same value, else the same type and subject.
      std::string note;
      for (int pass = 0; pass < 2 && note.empty(); ++pass)
        for (size_t i = 0; i < doc.facts.size() && note.empty(); ++i) {
          const Fact& f = doc.facts[i];
          bool near = pass == 0 ? f.value == g->value : (f.type == g->type && f.subject == g->subject);
          if (!used[i] && near) note = "nearest: " + Describe(f) + " -- " + Differences(*g, f);
        }
      rep.false_negatives.push_back({doc.key, Describe(*g), WhereIs(doc.trace, *g), note, ""});
      missed.push_back(g);
    }
    // Misses are counted against rules once every gold line of the document has been matched, so
    // that "not matched to other gold" is known (Note [Per-rule recall]).
    for (size_t k = 0; k < missed.size(); ++k) {
      int i = ResponsibleFact(doc.trace, doc.facts, used, *missed[k]);
      std::string rule = i >= 0 ? doc.facts[i].rule : kNoRule;
      rep.by_rule[rule].gold++;
      rep.false_negatives[rep.false_negatives.size() - missed.size() + k].rule = rule;
    }
    for (size_t i = 0; i < doc.facts.size(); ++i) {
      if (used[i]) continue;
      const Fact& f = doc.facts[i];
      rep.false_positives.push_back({doc.key, Describe(f), f.evidence, "", f.rule});
    }
    // Blind spot: figures (quantities, changes) that no predicted fact points at, excluding
    // numbers inside an entity ("Model 3", "<model> 001") or a period ("2025").
    const auto& tr = doc.trace;
    for (const auto& a : tr.annotations) {
      if (a.kind != AnnKind::kQuantity && a.kind != AnnKind::kChange) continue;
      bool inside_other = false;
      for (const auto& b : tr.annotations)
        if ((b.kind == AnnKind::kEntity || b.kind == AnnKind::kPeriod) && b.tok_begin <= a.tok_begin &&
            a.tok_end <= b.tok_end)
          inside_other = true;
      if (inside_other) continue;
      RawSpan raw = tr.text.ToRaw(a.figure.empty() ? a.span : a.figure);
      bool covered = false;
      for (const auto& f : doc.facts) {
        if (f.span.Overlaps(raw)) covered = true;
        for (const auto& s : f.also_at)
          if (s.Overlaps(raw)) covered = true;
      }
      if (covered) continue;
      std::string what = std::string(a.span.Of(tr.text.text));
      if (!a.unit.empty()) what += "  [" + a.unit + "]";
      rep.blind_spots.push_back({doc.key, what, SentenceOf(tr, a.span), "", ""});
    }
  }
}

}  // namespace quarry::facts
