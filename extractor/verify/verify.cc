// Claim verification: candidate selection in SQL (indexed by subject, type, period), judgement on
// exact decimal intervals.
#include "verify/verify.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <filesystem>

namespace quarry::verify {
namespace {

// How one stored figure relates to the claim (the rows of docs/verify.md).
enum class Relation { kConfirms, kConsistent, kDisagrees };

Relation Relate(const Interval& ci, FigureKind ck, const StoredFact& f, Support* support) {
  Interval fi = f.interval();
  if (!Overlaps(ci, fi)) return Relation::kDisagrees;
  FigureKind fk = f.kind();
  if (ck == FigureKind::kBound || fk == FigureKind::kBound) {
    *support = Support::kBound;
    return Relation::kConsistent;
  }
  if (ck == FigureKind::kApprox || fk == FigureKind::kApprox) {
    *support = Support::kApprox;
    return Relation::kConsistent;
  }
  *support = ck == FigureKind::kExact && fk == FigureKind::kExact ? Support::kExact : Support::kRounded;
  return Relation::kConfirms;
}

// "Voltra deliveries 2025-08 = 48700 (BEV, actual) in voltra-2025-08 [rule a.rules:3]: \"...\"".
std::string Describe(const StoredFact& f) {
  Interval iv = f.interval();
  std::string s = f.Written() + (iv.IsPoint() ? "" : " " + iv.ToString()) + " (" + FigureKindName(f.kind());
  if (!f.ScopeKey().empty()) s += ", scope " + f.ScopeKey();
  if (f.modality != "actual") s += ", " + f.modality;
  s += ") in " + f.doc_id;
  if (!f.rule.empty()) s += " [rule " + f.rule + "]";
  if (!f.evidence.empty()) s += ": \"" + f.evidence + "\"";
  return s;
}

}  // namespace

const char* StatusName(Status s) {
  switch (s) {
    case Status::kConfirmed: return "confirmed";
    case Status::kConsistent: return "consistent";
    case Status::kContradicted: return "contradicted";
    case Status::kNotFound: return "not_found";
  }
  return "not_found";
}

const char* SupportName(Support s) {
  switch (s) {
    case Support::kNone: return "";
    case Support::kExact: return "exact";
    case Support::kRounded: return "rounded";
    case Support::kApprox: return "approx";
    case Support::kBound: return "bound";
  }
  return "";
}

std::unique_ptr<gazetteer::Gazetteer> LoadGazetteer(const std::string& grammar_dir, std::string* warning) {
  std::string dir = (std::filesystem::path(grammar_dir) / "gazetteer").string();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    *warning = dir + ": no gazetteer folder; subjects match by their exact name only";
    return nullptr;
  }
  std::vector<gazetteer::LoadError> errors;
  auto gaz = gazetteer::Gazetteer::Load(dir, &errors);
  if (!errors.empty()) {
    *warning = errors.front().ToString() + (errors.size() > 1 ? " (and " + std::to_string(errors.size() - 1) + " more)" : "") +
               "; subjects match by their exact name only";
    return nullptr;
  }
  return gaz;
}

std::string CanonicalSubject(const gazetteer::Gazetteer* gaz, const std::string& subject) {
  if (gaz) {
    if (const auto* e = gaz->Find(subject)) return e->name;
  }
  return subject;
}

std::vector<std::string> SubjectNames(const gazetteer::Gazetteer* gaz, const std::string& subject) {
  std::vector<std::string> names{subject};
  if (gaz) {
    if (const auto* e = gaz->Find(subject)) {
      names.push_back(e->name);
      for (const auto& a : e->aliases) names.push_back(a);
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Verdict Judge(const Claim& claim, std::vector<StoredFact> candidates) {
  Verdict v;
  v.claim = claim;
  const Interval& ci = claim.figure.interval;
  FigureKind ck = KindOf(claim.figure.approx, ci);
  std::string modality = claim.modality.empty() ? "actual" : claim.modality;
  // Best provenance first, so the first of each list is the figure a verdict names.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const StoredFact& a, const StoredFact& b) { return MoreSpecific(a, b, 0, 0); });
  std::vector<std::pair<StoredFact, Support>> confirm, consistent;
  std::vector<StoredFact> disagree;
  for (auto& f : candidates) {
    if (f.ScopeKey() != claim.scope || f.modality != modality) {
      v.other_scope.push_back(std::move(f));
      continue;
    }
    Support s = Support::kNone;
    switch (Relate(ci, ck, f, &s)) {
      case Relation::kConfirms: confirm.emplace_back(std::move(f), s); break;
      case Relation::kConsistent: consistent.emplace_back(std::move(f), s); break;
      case Relation::kDisagrees: disagree.push_back(std::move(f)); break;
    }
  }
  v.agreeing = confirm.size() + consistent.size();
  v.disagreeing = disagree.size();
  auto others = [&](size_t n) {
    return n ? "; " + std::to_string(n) + " other stored figure(s) disagree" : std::string();
  };
  if (!confirm.empty() || !consistent.empty()) {
    auto& best_list = confirm.empty() ? consistent : confirm;
    // Exact support before rounded; bound after approx (an approximation says more).
    std::stable_sort(best_list.begin(), best_list.end(), [](const auto& a, const auto& b) {
      return static_cast<int>(a.second) < static_cast<int>(b.second);
    });
    v.status = confirm.empty() ? Status::kConsistent : Status::kConfirmed;
    v.support = best_list.front().second;
    const StoredFact& best = best_list.front().first;
    switch (v.support) {
      case Support::kExact: v.note = "stated exactly as " + best.value_text + " in " + best.doc_id; break;
      case Support::kRounded:
        v.note = "claim " + ci.ToString() + " and stored " + Describe(best) + " agree within rounding";
        break;
      case Support::kApprox:
        v.note = "claim " + ci.ToString() + " agrees with " + Describe(best) +
                 ", but an approximation does not confirm a figure";
        break;
      default:
        v.note = "claim " + ci.ToString() + " is consistent with " + Describe(best) +
                 ", but a bound is no evidence for a figure";
    }
    if (best.type != claim.type) v.note += " (a " + best.type + " figure: one measure with " + claim.type + ")";
    v.note += others(disagree.size());
    for (auto& [f, s] : best_list) v.evidence.push_back(std::move(f));
    if (!confirm.empty())
      for (auto& [f, s] : consistent) v.evidence.push_back(std::move(f));
  } else if (!disagree.empty()) {
    v.status = Status::kContradicted;
    v.note = "claim " + ci.ToString() + " disagrees beyond rounding with " + Describe(disagree.front());
    if (disagree.front().type != claim.type) v.note += " (a " + disagree.front().type + " figure: one measure with " + claim.type + ")";
    if (disagree.size() > 1) v.note += " and " + std::to_string(disagree.size() - 1) + " other stored figure(s)";
    v.evidence = std::move(disagree);
  } else {
    v.status = Status::kNotFound;
    v.note = "no source states this subject, type and period (" +
             (claim.scope.empty() ? std::string("the subject as a whole") : "scope " + claim.scope) + ", " + modality +
             ")";
    if (!v.other_scope.empty())
      v.note += "; only figures of another scope or modality are stored, and they are no evidence: " +
                Describe(v.other_scope.front()) +
                (v.other_scope.size() > 1 ? " and " + std::to_string(v.other_scope.size() - 1) + " more" : "");
  }
  return v;
}

StoredNames LoadStoredNames(SQLite::Database& db) {
  StoredNames out;
  SQLite::Statement st(db, "SELECT DISTINCT subject FROM facts UNION SELECT DISTINCT object FROM facts WHERE object IS NOT NULL");
  while (st.executeStep()) {
    std::string name = st.getColumn(0).getString();
    out[gazetteer::Gazetteer::Key(name)].push_back(name);
  }
  return out;
}

std::vector<std::string> WithStored(std::vector<std::string> names, const StoredNames* stored) {
  if (!stored) return names;
  size_t n = names.size();
  for (size_t i = 0; i < n; ++i) {
    auto it = stored->find(gazetteer::Gazetteer::Key(names[i]));
    if (it != stored->end()) names.insert(names.end(), it->second.begin(), it->second.end());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Verdict VerifyClaim(SQLite::Database& db, const gazetteer::Gazetteer* gaz, const Claim& claim,
                    const std::string& only_url, const StoredNames* stored) {
  FactFilter f;
  f.subjects = WithStored(SubjectNames(gaz, claim.subject), stored);
  if (!claim.object.empty()) f.objects = WithStored(SubjectNames(gaz, claim.object), stored);
  f.type = claim.type;
  f.types = claim.types;
  f.period = claim.period;
  // Every modality and scope is loaded: Judge sets the others aside and names them.
  if (!claim.url.empty() && !only_url.empty() && claim.url != only_url) {
    // Both restrict: no source can satisfy both.
    Verdict v = Judge(claim, {});
    v.subject = CanonicalSubject(gaz, claim.subject);
    return v;
  }
  f.url = !claim.url.empty() ? claim.url : only_url;
  // Every scope is loaded: a claim (the subject as a whole unless its scope column says otherwise)
  // is judged against figures of its own scope only; Judge names the others (Voltra's BEV sales
  // for a total claim) as no evidence for or against it.
  Verdict v = Judge(claim, LoadFacts(db, f));
  v.subject = CanonicalSubject(gaz, claim.subject);
  return v;
}

}  // namespace quarry::verify
