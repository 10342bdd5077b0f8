// Series pivot and the cell choice rule (Note [Choosing a cell's value] in series.h).
#include "verify/series.h"

#include <algorithm>
#include <set>

#include "base/period.h"

namespace quarry::verify {
namespace {

int ModalityRank(const std::string& m) {
  if (m == "actual") return 0;
  if (m == "forecast") return 1;
  if (m == "plan") return 2;
  if (m == "target") return 3;
  return 4;
}

int ApproxRank(Approx a) {
  switch (a) {
    case Approx::kExact: return 0;
    case Approx::kAbout: return 1;
    default: return 2;
  }
}

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

Series BuildSeries(const std::string& type, const std::vector<StoredFact>& facts, SeriesBy by) {
  Series s;
  s.type = type;
  // Specificity of a document: how many subjects it states this type for.
  std::map<int64_t, std::set<std::string>> doc_subjects;
  for (const auto& f : facts)
    if (f.type == type) doc_subjects[f.document].insert(f.subject);
  std::map<std::pair<std::string, std::string>, std::vector<const StoredFact*>> groups;
  std::map<std::pair<std::string, std::string>, std::vector<const StoredFact*>> month_groups;
  for (const auto& f : facts) {
    if (f.type != type || !f.object.empty() || !f.location.empty()) continue;
    // A scoped figure (BYD's PHEV sales) is a row of its own beside the subject's total.
    std::string row = f.scope.empty() ? f.subject : f.subject + " (" + f.scope + ")";
    if (PeriodIs(f.period, by)) groups[{row, f.period}].push_back(&f);
    if (by != SeriesBy::kMonth && IsKnownMonth(f.period)) month_groups[{row, f.period}].push_back(&f);
  }
  auto choose = [&](std::vector<const StoredFact*> fs) {
    std::stable_sort(fs.begin(), fs.end(), [&](const StoredFact* a, const StoredFact* b) {
      if (int x = ModalityRank(a->modality), y = ModalityRank(b->modality); x != y) return x < y;
      if (int x = ApproxRank(a->approx), y = ApproxRank(b->approx); x != y) return x < y;
      if (a->precision_exp != b->precision_exp) {
        // 0 means "as written, exact": finest.
        int pa = a->precision_exp, pb = b->precision_exp;
        return pa < pb;
      }
      size_t sa = doc_subjects[a->document].size(), sb = doc_subjects[b->document].size();
      if (sa != sb) return sa < sb;
      if (a->published != b->published) return a->published > b->published;
      return a->id < b->id;
    });
    SeriesCell c;
    c.chosen = *fs.front();
    c.subject = c.chosen.subject;
    c.period = c.chosen.period;
    c.value = Display(c.chosen);
    c.sources = fs.size();
    c.non_actual = c.chosen.modality != "actual";
    for (size_t i = 0; i < fs.size() && !c.disagree; ++i)
      for (size_t j = i + 1; j < fs.size(); ++j) {
        if (fs[i]->modality != "actual" || fs[j]->modality != "actual") continue;
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
      bool complete = true, disagree = false;
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
