// Verification of claims against stored facts. Each claim's figure and each stored figure are
// intervals (verify/interval.h) of a kind: exact, rounded, approximate or bound. Against the
// stored figures of the same subject, type, period, scope and modality (default actual):
//   confirmed     an exact or rounded stored figure meets an exact or rounded claim within both
//                 roundings (support exact: the same point; rounded: otherwise);
//   consistent    no figure confirms, but a bound or an approximation (on either side) agrees;
//   contradicted  stored figures exist and every one disagrees beyond both roundings;
//   not_found     no such figure (figures of another scope or modality are named, never used).
// The table of rules with examples is docs/verify.md; `quarry verify --help` says the same.
// Subjects match through the gazetteer's aliases; an empty claim period matches any period.
#pragma once

#include <SQLiteCpp/Database.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gazetteer/gazetteer.h"
#include "verify/claims.h"
#include "verify/db.h"

namespace quarry::verify {

enum class Status { kConfirmed, kConsistent, kContradicted, kNotFound };
const char* StatusName(Status s);

// Why a claim is confirmed or consistent:
//   exact   (confirmed) the stored figure is exactly the claimed value;
//   rounded (confirmed) one or both are rounded and meet within both roundings (48,700 ~ 48,740);
//   approx  (consistent) an approximation ("about 15,100") on either side agrees;
//   bound   (consistent) a bound ("over 37,700") on either side agrees: no evidence for a value.
enum class Support { kNone, kExact, kRounded, kApprox, kBound };
const char* SupportName(Support s);

struct Verdict {
  Claim claim;
  std::string subject;  // canonical subject the claim resolved to
  Status status = Status::kNotFound;
  Support support = Support::kNone;
  // confirmed/consistent: the supporting facts, best first; contradicted: the disagreeing facts.
  std::vector<StoredFact> evidence;
  // Figures of the same subject, type and period but another scope or modality: never evidence,
  // named so a not_found says what the sources do state.
  std::vector<StoredFact> other_scope;
  size_t agreeing = 0, disagreeing = 0;
  std::string note;  // one human sentence on the verdict
};

// The gazetteer of a grammar folder (DIR/gazetteer/*.tsv), without compiling the rules: verify,
// check and report must not fail because a rule file is being edited. Returns nullptr with
// *warning set when the folder is missing or has errors (subjects then match by name only).
std::unique_ptr<gazetteer::Gazetteer> LoadGazetteer(const std::string& grammar_dir, std::string* warning);

// Canonical name for a subject as written (the gazetteer's entity, else the text itself), and
// the names a stored fact may carry for it (canonical name and aliases).
std::string CanonicalSubject(const gazetteer::Gazetteer* gaz, const std::string& subject);
std::vector<std::string> SubjectNames(const gazetteer::Gazetteer* gaz, const std::string& subject);

// The names stored in the database's subject and object columns, by Gazetteer::Key (case- and
// space-insensitive), so that "acme" finds facts stored as "ACME" while lookups stay exact and
// indexed. Built once per run.
using StoredNames = std::map<std::string, std::vector<std::string>>;
StoredNames LoadStoredNames(SQLite::Database& db);

// `names` plus every stored spelling of them (case-insensitive), for exact indexed lookups.
std::vector<std::string> WithStored(std::vector<std::string> names, const StoredNames* stored);

// Verifies one claim. `only_url`, when not empty, restricts sources to that URL (a claim's own
// url column restricts it further). `stored` may be null. Throws SQLite::Exception on database
// errors.
Verdict VerifyClaim(SQLite::Database& db, const gazetteer::Gazetteer* gaz, const Claim& claim,
                    const std::string& only_url, const StoredNames* stored = nullptr);

// Judges a claim against candidate facts already selected (pure; used by VerifyClaim and tests).
Verdict Judge(const Claim& claim, std::vector<StoredFact> candidates);

}  // namespace quarry::verify
