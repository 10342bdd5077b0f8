// The consistency checks of `quarry check` (contract in check.h).
#include "verify/check.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "base/period.h"

namespace quarry::verify {
namespace {

bool IsPercentLike(const StoredFact& f) {
  return f.unit == "pct" || f.unit == "pp" ||
         (f.type.size() > 4 && f.type.compare(f.type.size() - 4, 4, "_pct") == 0);
}

// Figures that add up: counts and money, not percentages, ratios or prices.
bool IsAdditive(const StoredFact& f) {
  if (IsPercentLike(f)) return false;
  if (f.unit == "ratio" || f.unit == "times") return false;
  return f.type != "price" && f.type != "target_price";
}

// The interval a check compares: percentages are taken as rounded (see check.h).
Interval CheckInterval(const StoredFact& f) {
  return IsPercentLike(f) ? RoundedInterval(f.value, f.approx, f.precision_exp) : f.interval();
}

// A month with a known year ("2025-11").
std::optional<Period> KnownMonth(const std::string& p) {
  auto m = Period::Parse(p);
  if (!m || m->kind() != Period::Kind::kMonth || m->IsUnknownYear()) return std::nullopt;
  return m;
}

// A range from month to month with a known year ("2025-01..2025-11").
std::optional<Period> MonthRange(const std::string& p) {
  auto r = Period::Parse(p);
  if (!r || r->kind() != Period::Kind::kRange || r->IsUnknownYear()) return std::nullopt;
  using Kind = Period::Kind;
  return r->Begin().kind() == Kind::kMonth && r->End().kind() == Kind::kMonth ? r : std::nullopt;
}

// a above b: every value of a exceeds every value of b.
bool Above(const Interval& a, const Interval& b) { return !Overlaps(a, b) && a.lo && b.hi && *a.lo >= *b.hi; }

std::optional<Interval> Scale(const Interval& a, const Interval& factor) {
  // Both non-negative and bounded (callers check).
  auto lo = a.lo->Mul(*factor.lo), hi = a.hi->Mul(*factor.hi);
  if (!lo || !hi) return std::nullopt;
  return Interval{*lo, *hi, a.lo_open || factor.lo_open, a.hi_open || factor.hi_open};
}

std::string Show(const StoredFact& f) {
  return f.subject + (f.scope.empty() ? "" : " (" + f.scope + ")") + " " + f.type + " " + (f.period.empty() ? "(no period)" : f.period) + " = " +
         f.Written() + (f.unit.empty() ? "" : " " + f.unit);
}

// type, period, modality, unit, scope (ScopeKey): figures are compared only within one scope.
using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;

void PartsVsWholes(const std::vector<const StoredFact*>& doc, const gazetteer::Gazetteer& gaz,
                   std::vector<Finding>* out) {
  // Per key, the first fact of each subject.
  std::map<Key, std::map<std::string, const StoredFact*>> by_key;
  for (const StoredFact* f : doc) {
    if (!IsAdditive(*f) || f->period.empty() || !f->object.empty() || !f->location.empty()) continue;
    by_key[{f->type, f->period, f->modality, f->unit, f->ScopeKey()}].emplace(f->subject, f);
  }
  for (const auto& [key, subjects] : by_key) {
    if (subjects.size() < 2) continue;
    for (const auto& [whole_name, whole] : subjects) {
      std::vector<const StoredFact*> parts;
      for (const auto& [name, f] : subjects) {
        if (name == whole_name) continue;
        const auto* e = gaz.Find(name);
        if (e && !e->parent.empty() && gaz.Find(e->parent) && gaz.Find(e->parent)->name == whole_name)
          parts.push_back(f);
      }
      if (parts.empty()) continue;
      std::optional<Interval> sum = Interval::Point(Decimal(0));
      for (const auto* p : parts) {
        if (sum) sum = Sum(*sum, CheckInterval(*p));
      }
      if (!sum || !Above(*sum, CheckInterval(*whole))) continue;
      std::sort(parts.begin(), parts.end(), [](const StoredFact* a, const StoredFact* b) { return b->value < a->value; });
      Finding fd;
      fd.check = "parts_exceed_whole";
      fd.severity = Severity::kError;
      std::string names;
      for (const auto* p : parts) names += (names.empty() ? "" : " + ") + p->subject + " " + p->Written();
      fd.message = "parts of " + whole_name + " (" + names + " = " + sum->ToString() + ") exceed its " +
                   std::get<0>(key) + " total " + whole->Written() + " for " + std::get<1>(key);
      fd.facts.push_back(*whole);
      for (const auto* p : parts) fd.facts.push_back(*p);
      out->push_back(std::move(fd));
    }
  }
}

void MonthsVsYtd(const std::vector<const StoredFact*>& doc, std::vector<Finding>* out) {
  for (const StoredFact* r : doc) {
    auto range = MonthRange(r->period);
    if (!IsAdditive(*r) || !range) continue;
    Interval ri = CheckInterval(*r);
    // Monthly figures of the same subject inside the range: of the range's type, or for a
    // "cumulative" total, of any additive type with the same unit.
    std::map<std::string, const StoredFact*> months;
    for (const StoredFact* m : doc) {
      if (m == r || m->subject != r->subject || m->ScopeKey() != r->ScopeKey() || m->modality != r->modality)
        continue;
      auto month = KnownMonth(m->period);
      if (!month || !range->Contains(*month) || !IsAdditive(*m) || m->object != r->object) continue;
      if (!(m->type == r->type || (r->type == "cumulative" && m->unit == r->unit && m->type != "cumulative")))
        continue;
      if (r->type == "cumulative" && months.count(m->period) && months[m->period]->type != m->type) continue;
      months.emplace(m->period, m);
    }
    if (months.empty()) continue;
    for (const auto& [p, m] : months) {
      if (Above(CheckInterval(*m), ri)) {
        out->push_back(Finding{"month_exceeds_ytd", Severity::kError,
                               "monthly " + Show(*m) + " exceeds the total " + Show(*r) + " that covers it",
                               {*r, *m}});
      }
    }
    if (months.size() < 2) continue;
    std::optional<Interval> sum = Interval::Point(Decimal(0));
    const StoredFact* largest = nullptr;
    for (const auto& [p, m] : months) {
      if (sum) sum = Sum(*sum, CheckInterval(*m));
      if (!largest || largest->value < m->value) largest = m;
    }
    bool single_exceeds = false;
    for (const auto& [p, m] : months) single_exceeds = single_exceeds || Above(CheckInterval(*m), ri);
    if (sum && !single_exceeds && Above(*sum, ri)) {
      out->push_back(Finding{"month_exceeds_ytd", Severity::kError,
                             std::to_string(months.size()) + " monthly figures of " + r->subject + " sum to " +
                                 sum->ToString() + ", above the total " + Show(*r),
                             {*r, *largest}});
    }
  }
}

void StakesOver100(const std::vector<const StoredFact*>& doc, std::vector<Finding>* out) {
  std::map<std::string, std::map<std::string, const StoredFact*>> by_company;
  for (const StoredFact* f : doc) {
    if (f->type != "stake_pct" || f->object.empty() || f->modality != "actual") continue;
    by_company[f->object].emplace(f->subject, f);
  }
  for (const auto& [company, holders] : by_company) {
    if (holders.empty()) continue;
    std::optional<Interval> sum = Interval::Point(Decimal(0));
    std::vector<StoredFact> facts;
    for (const auto& [h, f] : holders) {
      if (sum) sum = Sum(*sum, CheckInterval(*f));
      facts.push_back(*f);
    }
    if (!sum || !Above(*sum, Interval::Point(Decimal(100)))) continue;
    std::sort(facts.begin(), facts.end(), [](const StoredFact& a, const StoredFact& b) { return b.value < a.value; });
    std::string names;
    for (const auto& f : facts) names += (names.empty() ? "" : " + ") + f.subject + " " + f.Written() + "%";
    out->push_back(Finding{"stakes_over_100", Severity::kError,
                           "stakes in " + company + " sum above 100%: " + names + " = " + sum->ToString(),
                           facts});
  }
}

// YoY check. `prior(v, period)` gives the facts of v's subject, type, modality and scope in
// `period` (any article), in fact id order: the prior-year lookups.
using PriorLookup = std::function<std::vector<StoredFact>(const StoredFact& v, const std::string& period)>;

void YoyMismatch(const std::vector<const StoredFact*>& doc, const PriorLookup& prior_of, std::vector<Finding>* out) {
  for (const StoredFact* y : doc) {
    if (y->type != "yoy_pct" || y->period.empty() || !y->object.empty()) continue;
    auto period = Period::Parse(y->period);
    auto prior_year = period && !period->IsUnknownYear() ? period->YearAgo() : std::nullopt;
    if (!prior_year) continue;
    std::string prior = prior_year->ToString();
    Interval yi = CheckInterval(*y);
    if (!yi.Bounded()) continue;
    auto factor_lo = yi.lo->Add(Decimal(100)), factor_hi = yi.hi->Add(Decimal(100));
    if (!factor_lo || !factor_hi || factor_lo->IsNegative()) continue;
    Interval factor{factor_lo->MulPow10(-2).value_or(Decimal(0)), factor_hi->MulPow10(-2).value_or(Decimal(0)),
                    yi.lo_open, yi.hi_open};
    // Base figures in the same article: same subject and period, an additive type.
    bool any_agree = false;
    std::vector<std::pair<const StoredFact*, StoredFact>> misses;
    bool prior_same_doc = false;
    for (const StoredFact* v : doc) {
      if (v->subject != y->subject || v->period != y->period || !IsAdditive(*v) || !v->object.empty() ||
          v->modality != y->modality || v->type == "cumulative" || v->ScopeKey() != y->ScopeKey())
        continue;
      Interval vi = CheckInterval(*v);
      if (!vi.Bounded()) continue;
      std::vector<StoredFact> priors = prior_of(*v, prior);
      if (priors.empty()) continue;
      // Prefer the prior-year figure stated in the same article.
      const StoredFact* p0 = nullptr;
      for (const StoredFact& pf : priors) {
        const StoredFact* p = &pf;
        if (!p->object.empty() || !p->location.empty()) continue;
        if (p->document == y->document) {
          p0 = p;
          break;
        }
        if (!p0) p0 = p;
      }
      if (!p0) continue;
      Interval pi = CheckInterval(*p0);
      if (!pi.Bounded() || pi.lo->IsNegative() || pi.lo->IsZero()) continue;
      auto implied = Scale(pi, factor);
      if (!implied) continue;
      if (Overlaps(*implied, vi)) {
        any_agree = true;
      } else {
        misses.push_back({v, *p0});
        prior_same_doc = prior_same_doc || p0->document == y->document;
      }
    }
    if (any_agree || misses.empty()) continue;
    const StoredFact* v = misses.front().first;
    const StoredFact* p0 = &misses.front().second;
    Finding fd;
    fd.check = "yoy_mismatch";
    fd.severity = p0->document == y->document ? Severity::kError : Severity::kWarning;
    fd.message = "stated " + Show(*y) + " but " + Show(*v) + " and prior-year " + Show(*p0) +
                 ": the stated change implies " + Scale(CheckInterval(*p0), factor)->ToString() + ", not " +
                 CheckInterval(*v).ToString() +
                 (p0->document == y->document ? "" : " (prior-year figure from another article)");
    fd.facts = {*y, *v, *p0};
    out->push_back(std::move(fd));
  }
}

// sources_disagree over one group: the facts of one subject, type, period, modality, object and
// scope (any articles), in fact id order.
void DisagreeInGroup(const std::vector<const StoredFact*>& fs, const CheckOptions& opts, std::vector<Finding>* out) {
  // One representative per document: its most specific figure (Note [Most specific figure]).
  std::map<int64_t, const StoredFact*> per_doc;
  for (const auto* f : fs) {
    auto [it, inserted] = per_doc.emplace(f->document, f);
    if (!inserted && MoreSpecific(*f, *it->second, 0, 0)) it->second = f;
  }
  if (per_doc.size() < 2) return;
  std::vector<const StoredFact*> reps;
  for (const auto& [d, f] : per_doc) reps.push_back(f);
  // One finding per subject/type/period: the first disagreeing pair leads (their sentences
  // are the two shown), the other sources follow, capped.
  size_t a = 0, b = 0;
  bool found = false;
  for (size_t i = 0; i < reps.size() && !found; ++i)
    for (size_t j = i + 1; j < reps.size() && !found; ++j)
      if (!Overlaps(CheckInterval(*reps[i]), CheckInterval(*reps[j]))) {
        a = i;
        b = j;
        found = true;
      }
  if (!found) return;
  Finding fd;
  fd.check = "sources_disagree";
  fd.severity = Severity::kWarning;
  fd.facts = {*reps[a], *reps[b]};
  for (size_t i = 0; i < reps.size() && fd.facts.size() < opts.max_per_group; ++i)
    if (i != a && i != b) fd.facts.push_back(*reps[i]);
  fd.message = Show(*reps[a]) + " in " + reps[a]->doc_id + " but " + reps[b]->Written() + " in " + reps[b]->doc_id;
  if (reps.size() > 2) fd.message += " (" + std::to_string(reps.size()) + " sources state it)";
  out->push_back(std::move(fd));
}

// Only periods on the time line compare.
bool OnTimeLine(const StoredFact& f) {
  auto period = Period::Parse(f.period);
  return period && !period->IsUnknownYear();
}

using GroupKey = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
GroupKey GroupOf(const StoredFact& f) { return {f.subject, f.type, f.period, f.modality, f.object, f.ScopeKey()}; }

void SourcesDisagree(const std::vector<StoredFact>& facts, const CheckOptions& opts, std::vector<Finding>* out) {
  std::map<GroupKey, std::vector<const StoredFact*>> groups;
  for (const auto& f : facts)
    if (OnTimeLine(f)) groups[GroupOf(f)].push_back(&f);
  for (auto& [key, fs] : groups) DisagreeInGroup(fs, opts, out);
}

// What a finding says, independent of where it was said: the check, its severity and each fact's
// figure in its role (subject, type, period, modality, object, location, unit, value as written).
// Two articles restating the same figures (a wire story and its translation both giving Lira Auto's
// 31,767 and -38.3% against the same prior-year figure) give findings with equal keys.
std::string FindingKey(const Finding& f) {
  std::string k = f.check + '\x1f' + SeverityName(f.severity);
  for (const auto& x : f.facts) {
    for (const std::string* field : {&x.subject, &x.type, &x.period, &x.modality, &x.object, &x.location, &x.scope,
                                     &x.unit, &x.value_text})
      k += '\x1f' + *field;
    k += '\x1f';
    k += ApproxSymbol(x.approx);
    k += '\x1e';
  }
  return k;
}

// Note [One finding per inconsistency]: the checks run per article, so the same figures stated
// in several articles (or twice in one) would be reported once per statement, with the same
// message. Findings with equal keys are merged into the first (in output order): it keeps its
// facts and message, gains the other statements' facts (each fact once) and says where else the
// same figures were stated.
void MergeDuplicates(std::vector<Finding>* findings) {
  std::vector<Finding> out;
  std::map<std::string, size_t> seen;  // key -> index in out
  std::vector<std::vector<std::string>> also;  // per out index: doc ids of merged duplicates
  for (auto& f : *findings) {
    auto [it, inserted] = seen.emplace(FindingKey(f), out.size());
    if (inserted) {
      out.push_back(std::move(f));
      also.emplace_back();
      continue;
    }
    Finding& kept = out[it->second];
    std::string doc = f.facts.empty() ? std::string() : f.facts.front().doc_id;
    if (!kept.facts.empty() && doc == kept.facts.front().doc_id) doc = "the same article";
    for (auto& x : f.facts) {
      bool have = false;
      for (const auto& y : kept.facts) have = have || y.id == x.id;
      if (!have) kept.facts.push_back(std::move(x));
    }
    auto& docs = also[it->second];
    if (std::find(docs.begin(), docs.end(), doc) == docs.end()) docs.push_back(doc);
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (also[i].empty()) continue;
    std::string list;
    for (const auto& d : also[i]) list += (list.empty() ? "" : ", ") + d;
    out[i].message += " (the same figures are also stated in " + list + ")";
  }
  *findings = std::move(out);
}

}  // namespace

const char* SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

namespace {

void RunDocumentChecks(const std::vector<const StoredFact*>& doc, const gazetteer::Gazetteer* gaz,
                       const PriorLookup& prior_of, std::vector<Finding>* out) {
  if (gaz) PartsVsWholes(doc, *gaz, out);
  MonthsVsYtd(doc, out);
  StakesOver100(doc, out);
  YoyMismatch(doc, prior_of, out);
}

// Errors first, then by check, then by first fact id; the same inconsistency merged.
void Order(std::vector<Finding>* out) {
  std::stable_sort(out->begin(), out->end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity == Severity::kError;
    if (a.check != b.check) return a.check < b.check;
    return a.facts.front().id < b.facts.front().id;
  });
  MergeDuplicates(out);
}

}  // namespace

std::vector<Finding> RunChecks(const std::vector<StoredFact>& facts, const gazetteer::Gazetteer* gaz,
                               const CheckOptions& opts) {
  std::map<int64_t, std::vector<const StoredFact*>> by_doc;
  std::map<Key, std::vector<const StoredFact*>> index;  // (subject, type, period, modality, scope)
  for (const auto& f : facts) {
    by_doc[f.document].push_back(&f);
    index[{f.subject, f.type, f.period, f.modality, f.ScopeKey()}].push_back(&f);
  }
  PriorLookup prior_of = [&](const StoredFact& v, const std::string& period) {
    std::vector<StoredFact> priors;
    auto it = index.find({v.subject, v.type, period, v.modality, v.ScopeKey()});
    if (it != index.end())
      for (const auto* p : it->second) priors.push_back(*p);
    return priors;
  };
  std::vector<Finding> out;
  for (const auto& [d, doc] : by_doc) RunDocumentChecks(doc, gaz, prior_of, &out);
  SourcesDisagree(facts, opts, &out);
  Order(&out);
  return out;
}

// Note [Streaming check]: the database is read in two passes, neither of which holds more than
// one article's or one group's facts: the per-article checks over facts in document order, with
// the prior-year figures of yoy_mismatch looked up by index (facts_lookup) as they are needed,
// then sources_disagree over facts in group order. What is kept is the findings, to be ordered
// and merged: memory grows with the findings printed, not with the facts.
std::vector<Finding> RunChecks(SQLite::Database& db, const gazetteer::Gazetteer* gaz, const CheckOptions& opts) {
  std::vector<Finding> out;
  FactFilter light;
  light.with_text = false;
  FactFilter prior_filter = light;
  prior_filter.exact_group = true;
  prior_filter.period = "-";  // the shape: an exact period (each lookup binds its own)
  FactQuery prior_query(db, prior_filter);
  PriorLookup prior_of = [&](const StoredFact& v, const std::string& period) {
    FactFilter f = prior_filter;
    f.exact_subject = v.subject;
    f.exact_type = v.type;
    f.period = period;
    f.exact_modality = v.modality;
    f.scope = v.scope;
    f.location = v.location;
    std::vector<StoredFact> priors;  // one key: in fact id order
    prior_query.Run(f, [&](StoredFact& x) {
      priors.push_back(x);
      return true;
    });
    return priors;
  };
  {
    std::vector<StoredFact> doc;
    auto flush = [&] {
      std::vector<const StoredFact*> ptrs;
      for (const auto& f : doc) ptrs.push_back(&f);
      if (!ptrs.empty()) RunDocumentChecks(ptrs, gaz, prior_of, &out);
      doc.clear();
    };
    FactFilter by_doc = light;
    by_doc.order = FactFilter::Order::kDocument;
    ForEachFact(db, by_doc, [&](StoredFact& f) {
      if (!doc.empty() && doc.front().document != f.document) flush();
      doc.push_back(f);
      return true;
    });
    flush();
  }
  {
    std::vector<StoredFact> group;
    auto flush = [&] {
      std::vector<const StoredFact*> ptrs;
      for (const auto& f : group) ptrs.push_back(&f);
      if (!ptrs.empty()) DisagreeInGroup(ptrs, opts, &out);
      group.clear();
    };
    FactFilter by_group = light;
    by_group.order = FactFilter::Order::kGroup;
    ForEachFact(db, by_group, [&](StoredFact& f) {
      if (!OnTimeLine(f)) return true;
      if (!group.empty() && GroupOf(group.front()) != GroupOf(f)) flush();
      group.push_back(f);
      return true;
    });
    flush();
  }
  Order(&out);
  return out;
}

}  // namespace quarry::verify
