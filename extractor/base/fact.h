// A fact: one figure about one subject, with its period and exact provenance (DESIGN.md, Facts).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/annotation.h"
#include "base/decimal.h"
#include "base/span.h"

namespace quarry {

struct Fact {
  std::string doc;       // document id
  std::string type;      // deliveries, sales, yoy_pct, stake_pct, ...
  std::string subject;   // canonical entity name
  std::string object;    // second entity, or empty
  // The part of the subject's volume the figure covers, canonical as the pack's schema orders
  // its dimensions ("PHEV", "passenger/NEV/retail"); empty = the subject as a whole.
  std::string scope;
  std::string location;  // a place the figure is about (outlets in Brazil), or empty
  Decimal value;
  std::string unit;      // vehicle, pct, outlet, cny, ...
  std::string period;    // DESIGN.md period syntax, or empty when none applies
  Approx approx = Approx::kExact;
  int32_t precision_exp = 0;  // see Annotation::precision_exp
  std::string modality = "actual";  // actual, target, plan, forecast
  std::vector<std::string> qualifiers;  // record, new-high, ahead-of-schedule, achieved, ...

  RawSpan span;          // the figure as written, in the raw document
  RawSpan sentence;      // its sentence, in the raw document
  std::string evidence;  // the sentence text (normalized)
  std::string rule;      // rule id, "file:line name"
  std::string grammar_version;
  // Further raw spans where the same fact is stated again in the same document.
  std::vector<RawSpan> also_at;
};

}  // namespace quarry
