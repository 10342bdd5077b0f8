#include "base/annotation.h"

namespace quarry {

const char* ApproxSymbol(Approx a) {
  switch (a) {
    case Approx::kExact: return "=";
    case Approx::kGreater: return ">";
    case Approx::kGreaterEq: return ">=";
    case Approx::kLess: return "<";
    case Approx::kLessEq: return "<=";
    case Approx::kAbout: return "~";
  }
  return "=";
}

std::optional<Approx> ParseApprox(std::string_view s) {
  if (s == "=" || s.empty()) return Approx::kExact;
  if (s == ">") return Approx::kGreater;
  if (s == ">=") return Approx::kGreaterEq;
  if (s == "<") return Approx::kLess;
  if (s == "<=") return Approx::kLessEq;
  if (s == "~") return Approx::kAbout;
  return std::nullopt;
}

const char* AnnKindName(AnnKind k) {
  switch (k) {
    case AnnKind::kQuantity: return "quantity";
    case AnnKind::kPeriod: return "period";
    case AnnKind::kChange: return "change";
    case AnnKind::kEntity: return "entity";
    case AnnKind::kCustom: return "custom";
  }
  return "custom";
}

}  // namespace quarry
