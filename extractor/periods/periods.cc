// Placeholder until the period annotator (issue 4) lands.
#include "periods/periods.h"

#include <cstdio>

namespace quarry::periods {

std::optional<Date> Date::Parse(std::string_view iso) {
  Date d;
  if (iso.size() < 7) return std::nullopt;
  std::string s(iso);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d", &d.year, &d.month, &d.day) < 2) return std::nullopt;
  if (d.month < 1 || d.month > 12) return std::nullopt;
  return d;
}

PeriodAnnotator::PeriodAnnotator() = default;
void PeriodAnnotator::Annotate(const text::TextDoc&, const std::optional<Date>&,
                               const std::vector<Annotation>&, std::vector<Annotation>*) const {}

}  // namespace quarry::periods
