// Claim verification: candidate selection in SQL (indexed by subject, type, period), judgement on
// exact decimal intervals.
#include "verify/verify.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <filesystem>

namespace quarry::verify {
namespace {

// Width of an interval for ranking supports (unbounded = largest).
bool Narrower(const Interval& a, const Interval& b) {
  if (a.Bounded() != b.Bounded()) return a.Bounded();
  if (!a.Bounded()) return false;
  auto wa = a.hi->Add(a.lo->Negated()), wb = b.hi->Add(b.lo->Negated());
  if (!wa || !wb) return false;
  return *wa < *wb;
}

Support SupportOf(const Interval& claim, const Interval& stored) {
  if (claim.IsPoint() && stored.IsPoint()) return Support::kExact;
  if (claim.Bounded() && stored.Bounded()) return Support::kRounded;
  return Support::kBound;
}

}  // namespace

const char* StatusName(Status s) {
  switch (s) {
    case Status::kConfirmed: return "confirmed";
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
  std::vector<StoredFact> agree, disagree;
  for (auto& f : candidates) (Overlaps(ci, f.interval()) ? agree : disagree).push_back(std::move(f));
  v.agreeing = agree.size();
  v.disagreeing = disagree.size();
  if (!agree.empty()) {
    // Best support first: exact, then rounded, then bound; then the narrower stored figure.
    std::stable_sort(agree.begin(), agree.end(), [&](const StoredFact& a, const StoredFact& b) {
      Support sa = SupportOf(ci, a.interval()), sb = SupportOf(ci, b.interval());
      if (sa != sb) return static_cast<int>(sa) < static_cast<int>(sb);
      return Narrower(a.interval(), b.interval());
    });
    v.status = Status::kConfirmed;
    v.support = SupportOf(ci, agree.front().interval());
    const StoredFact& best = agree.front();
    switch (v.support) {
      case Support::kExact:
        v.note = "stated exactly as " + best.value_text;
        break;
      case Support::kRounded:
        v.note = "claim " + ci.ToString() + " meets stored " + best.Written() + " " +
                 best.interval().ToString() + " within rounding";
        break;
      default:
        v.note = "claim " + ci.ToString() + " is consistent with stored " + best.Written() + " " +
                 best.interval().ToString() + " (a bound, not a figure)";
    }
    if (!disagree.empty())
      v.note += "; " + std::to_string(disagree.size()) + " other stored figure(s) disagree";
    v.evidence = std::move(agree);
  } else if (!disagree.empty()) {
    v.status = Status::kContradicted;
    v.note = "claim " + ci.ToString() + " misses every stored figure (" +
             disagree.front().Written() + " " + disagree.front().interval().ToString() +
             (disagree.size() > 1 ? ", ..." : "") + ")";
    v.evidence = std::move(disagree);
  } else {
    v.status = Status::kNotFound;
    v.note = "no source states this subject, type and period";
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
  f.period = claim.period;
  f.modality = claim.modality.empty() ? "actual" : claim.modality;
  if (!claim.url.empty() && !only_url.empty() && claim.url != only_url) {
    // Both restrict: no source can satisfy both.
    Verdict v = Judge(claim, {});
    v.subject = CanonicalSubject(gaz, claim.subject);
    return v;
  }
  f.url = !claim.url.empty() ? claim.url : only_url;
  // A claim names the subject as a whole: a figure of a part of it (BYD's BEV sales) is no
  // evidence for or against it.
  auto facts = LoadFacts(db, f);
  facts.erase(std::remove_if(facts.begin(), facts.end(), [](const StoredFact& x) { return !x.scope.empty(); }),
              facts.end());
  Verdict v = Judge(claim, facts);
  v.subject = CanonicalSubject(gaz, claim.subject);
  return v;
}

}  // namespace quarry::verify
