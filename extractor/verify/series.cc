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

SeriesBuilder::SeriesBuilder(std::string type, SeriesBy by, std::vector<std::string> family)
    : type_(std::move(type)), by_(by), family_(std::move(family)) {
  s_.type = type_;
}

void SeriesBuilder::Add(const StoredFact& f) {
  bool counts = f.type == type_ || std::find(family_.begin(), family_.end(), f.type) != family_.end();
  if (!counts || !f.object.empty() || !f.location.empty()) return;
  bool cell = PeriodIs(f.period, by_);
  bool month = by_ != SeriesBy::kMonth && IsKnownMonth(f.period);
  if (!cell && !month) return;
  std::pair<std::string, std::string> key{RowName(f), f.period};
  if (!group_.empty() && key != key_) FlushGroup();
  key_ = std::move(key);
  group_.push_back(f);
}

SeriesCell SeriesBuilder::Choose(std::vector<const StoredFact*> fs) const {
  std::stable_sort(fs.begin(), fs.end(), [&](const StoredFact* a, const StoredFact* b) {
    return MoreSpecific(*a, *b, a->doc_subjects, b->doc_subjects, &type_);
  });
  SeriesCell c;
  c.chosen = *fs.front();
  c.subject = RowName(c.chosen);
  c.period = c.chosen.period;
  c.value = Display(c.chosen);
  c.sources = fs.size();
  c.non_actual = c.chosen.modality != "actual";
  c.other_type = c.chosen.type != type_;
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
}

void SeriesBuilder::FlushGroup() {
  if (group_.empty()) return;
  std::vector<const StoredFact*> fs;
  for (const auto& f : group_) fs.push_back(&f);
  if (PeriodIs(key_.second, by_)) s_.cells[key_] = Choose(fs);
  if (by_ != SeriesBy::kMonth && IsKnownMonth(key_.second)) month_cells_[key_] = Choose(fs);
  group_.clear();
}

Series SeriesBuilder::Finish() {
  FlushGroup();
  std::set<std::string> subjects, periods;
  for (const auto& [key, c] : s_.cells) {
    subjects.insert(key.first);
    periods.insert(key.second);
  }
  if (by_ != SeriesBy::kMonth) {
    // Derived cells: sum of every month of the period, when stated and additive.
    std::set<std::pair<std::string, std::string>> candidates;
    for (const auto& [key, c] : month_cells_) candidates.insert({key.first, PeriodOfMonth(key.second, by_)});
    for (const auto& key : candidates) {
      if (s_.cells.count(key)) continue;
      std::optional<Decimal> total = Decimal(0);
      bool complete = true, disagree = false, other_type = false;
      SeriesCell first;
      size_t sources = 0;
      for (const auto& m : MonthsOf(key.second)) {
        auto it = month_cells_.find({key.first, m});
        if (it == month_cells_.end()) {
          complete = false;
          break;
        }
        const SeriesCell& mc = it->second;
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
      s_.cells[key] = c;
      subjects.insert(key.first);
      periods.insert(key.second);
    }
  }
  month_cells_.clear();
  s_.subjects.assign(subjects.begin(), subjects.end());
  s_.periods.assign(periods.begin(), periods.end());
  return std::move(s_);
}

Series BuildSeries(const std::string& type, const std::vector<StoredFact>& facts, SeriesBy by,
                   const std::vector<std::string>& family) {
  auto counts = [&](const StoredFact& f) {
    return f.type == type || std::find(family.begin(), family.end(), f.type) != family.end();
  };
  // Specificity of a document: how many subjects it states this measure for.
  std::map<int64_t, std::set<std::string>> doc_subjects;
  for (const auto& f : facts)
    if (counts(f)) doc_subjects[f.document].insert(f.subject);
  // Cell by cell, each cell's figures in input order, as the builder takes them.
  std::vector<const StoredFact*> order;
  for (const auto& f : facts)
    if (counts(f) && f.object.empty() && f.location.empty()) order.push_back(&f);
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto* f : order) keys.push_back({RowName(*f), f->period});
  std::vector<size_t> idx(order.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  SeriesBuilder builder(type, by, family);
  for (size_t i : idx) {
    StoredFact f = *order[i];
    f.doc_subjects = doc_subjects[f.document].size();
    builder.Add(f);
  }
  return builder.Finish();
}

Series BuildSeries(SQLite::Database& db, const std::string& type, FactFilter filter, SeriesBy by,
                   const std::vector<std::string>& family) {
  return std::move(BuildSeries(db, type, std::move(filter), std::vector<SeriesBy>{by}, family).front());
}

std::vector<Series> BuildSeries(SQLite::Database& db, const std::string& type, FactFilter filter,
                                const std::vector<SeriesBy>& bys, const std::vector<std::string>& family) {
  filter.order = FactFilter::Order::kRow;
  filter.with_text = false;
  filter.with_doc_subjects = true;
  std::vector<SeriesBuilder> builders;
  for (SeriesBy by : bys) builders.emplace_back(type, by, family);
  ForEachFact(db, filter, [&](StoredFact& f) {
    for (auto& b : builders) b.Add(f);
    return true;
  });
  std::vector<Series> out;
  for (auto& b : builders) out.push_back(b.Finish());
  return out;
}

}  // namespace quarry::verify
