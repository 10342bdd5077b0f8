// Series pivot and the cell choice rule (Note [Choosing a cell's value] in series.h).
#include "verify/series.h"

#include <algorithm>
#include <set>

#include "base/period.h"

namespace quarry::verify {
namespace {

bool Additive(const StoredFact& f) {
  bool pct = f.unit == "pct" || f.unit == "pp" ||
             (f.type.size() > 4 && f.type.compare(f.type.size() - 4, 4, "_pct") == 0);
  return !pct && f.unit != "ratio" && f.unit != "times" && f.type != "price";
}

std::string Display(const StoredFact& f) { return f.Written(); }

// Months of a quarter or year period ("2025-Q3" -> 2025-07, 2025-08, 2025-09).
std::vector<std::string> MonthsOf(const std::string& p) {
  std::vector<std::string> out;
  if (auto period = Period::Parse(p))
    for (const Period& m : period->Months()) out.push_back(m.ToString());
  return out;
}

// The quarter or year of a month ("2025-11" -> "2025-Q4" or "2025").
std::string PeriodOfMonth(const std::string& month, SeriesBy by) {
  Period::Kind unit = by == SeriesBy::kYear ? Period::Kind::kYear : Period::Kind::kQuarter;
  return Period::Parse(month)->Enclosing(unit).ToString();
}

// A month with a known year: what a quarter's or year's derived cell sums.
bool IsKnownMonth(const std::string& p) {
  auto period = Period::Parse(p);
  return period && period->kind() == Period::Kind::kMonth && !period->IsUnknownYear();
}

}  // namespace

std::string RowName(const StoredFact& f) {
  std::string scope = f.ScopeKey();
  return scope.empty() ? f.subject : f.subject + " (" + scope + ")";
}

bool PeriodIs(const std::string& p, SeriesBy by) {
  auto period = Period::Parse(p);
  if (!period) return false;
  // Months may have an unknown year (a column of their own); quarters and years may not.
  switch (by) {
    case SeriesBy::kMonth: return period->kind() == Period::Kind::kMonth;
    case SeriesBy::kQuarter:
      return period->kind() == Period::Kind::kQuarter && !period->IsUnknownYear();
    case SeriesBy::kYear: return period->kind() == Period::Kind::kYear && !period->IsUnknownYear();
  }
  return false;
}

Series BuildSeries(const std::string& type, const std::vector<StoredFact>& facts, SeriesBy by,
                   const std::vector<std::string>& family) {
  Series s;
  s.type = type;
  auto counts = [&](const StoredFact& f) {
    return f.type == type || std::find(family.begin(), family.end(), f.type) != family.end();
  };
  // Specificity of a document: how many subjects it states this measure for.
  std::map<int64_t, std::set<std::string>> doc_subjects;
  for (const auto& f : facts)
    if (counts(f)) doc_subjects[f.document].insert(f.subject);
  std::map<std::pair<std::string, std::string>, std::vector<const StoredFact*>> groups;
  std::map<std::pair<std::string, std::string>, std::vector<const StoredFact*>> month_groups;
  for (const auto& f : facts) {
    if (!counts(f) || !f.object.empty() || !f.location.empty()) continue;
    std::string row = RowName(f);
    if (PeriodIs(f.period, by)) groups[{row, f.period}].push_back(&f);
    if (by != SeriesBy::kMonth && IsKnownMonth(f.period)) month_groups[{row, f.period}].push_back(&f);
  }
  auto choose = [&](std::vector<const StoredFact*> fs) {
    std::stable_sort(fs.begin(), fs.end(), [&](const StoredFact* a, const StoredFact* b) {
      return MoreSpecific(*a, *b, doc_subjects[a->document].size(), doc_subjects[b->document].size(), &type);
    });
    SeriesCell c;
    c.chosen = *fs.front();
    c.subject = RowName(c.chosen);
    c.period = c.chosen.period;
    c.value = Display(c.chosen);
    c.sources = fs.size();
    c.non_actual = c.chosen.modality != "actual";
    c.other_type = c.chosen.type != type;
    // Sources disagree: two actual figures from two different documents that cannot both be
    // true. One article giving two figures is an extraction matter, not a disagreement.
    for (size_t i = 0; i < fs.size() && !c.disagree; ++i)
      for (size_t j = i + 1; j < fs.size(); ++j) {
        if (fs[i]->modality != "actual" || fs[j]->modality != "actual") continue;
        if (fs[i]->document == fs[j]->document) continue;
        if (!Overlaps(fs[i]->interval(), fs[j]->interval())) {
          c.disagree = true;
          break;
        }
      }
    return c;
  };
  std::set<std::string> subjects, periods;
  for (const auto& [key, fs] : groups) {
    s.cells[key] = choose(fs);
    subjects.insert(key.first);
    periods.insert(key.second);
  }
  if (by != SeriesBy::kMonth) {
    // Derived cells: sum of every month of the period, when stated and additive.
    std::map<std::pair<std::string, std::string>, bool> candidates;
    for (const auto& [key, fs] : month_groups) candidates[{key.first, PeriodOfMonth(key.second, by)}] = true;
    for (const auto& [key, unused] : candidates) {
      if (s.cells.count(key)) continue;
      std::optional<Decimal> total = Decimal(0);
      bool complete = true, disagree = false, other_type = false;
      SeriesCell first;
      size_t sources = 0;
      for (const auto& m : MonthsOf(key.second)) {
        auto it = month_groups.find({key.first, m});
        if (it == month_groups.end()) {
          complete = false;
          break;
        }
        SeriesCell mc = choose(it->second);
        if (!Additive(mc.chosen) || mc.chosen.approx != Approx::kExact || mc.non_actual) {
          complete = false;
          break;
        }
        if (sources == 0) first = mc;
        sources += mc.sources;
        disagree = disagree || mc.disagree;
        other_type = other_type || mc.other_type;
        if (total) total = total->Add(mc.chosen.value);
      }
      if (!complete || !total) continue;
      SeriesCell c = first;
      c.period = key.second;
      c.chosen.value = *total;
      c.chosen.value_text = total->ToString();
      c.chosen.period = key.second;
      c.value = total->ToString();
      c.derived = true;
      c.disagree = disagree;
      c.other_type = other_type;
      c.sources = sources;
      s.cells[key] = c;
      subjects.insert(key.first);
      periods.insert(key.second);
    }
  }
  s.subjects.assign(subjects.begin(), subjects.end());
  s.periods.assign(periods.begin(), periods.end());
  return s;
}

}  // namespace quarry::verify
