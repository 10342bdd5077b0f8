// Verification of claims against stored facts (issue 8). Each claim's figure and each stored
// figure are intervals (verify/interval.h); a claim is
//   confirmed     when some stored figure for the same subject, type and period (and modality,
//                 default actual) meets the claim's interval,
//   contradicted  when stored figures exist and all of them miss it,
//   not_found     when no stored figure exists.
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

enum class Status { kConfirmed, kContradicted, kNotFound };
const char* StatusName(Status s);

// How precise the support of a confirmed claim is:
//   exact  the stored figure is exactly the claimed value;
//   rounded one or both figures are rounded or approximate and their ranges meet (70K ~ 70,327);
//   bound  one figure is only a bound ("over 20,000") that the other is consistent with.
enum class Support { kNone, kExact, kRounded, kBound };
const char* SupportName(Support s);

struct Verdict {
  Claim claim;
  std::string subject;  // canonical subject the claim resolved to
  Status status = Status::kNotFound;
  Support support = Support::kNone;
  // confirmed: the supporting facts, best first; contradicted: the disagreeing facts.
  std::vector<StoredFact> evidence;
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
