// PackSchema: the fact model a grammar pack declares in its `pack.schema` file (grammars/README.md,
// "The schema"): fact types with their measure family and units, units with their surface words,
// subject kinds, and the dimensions and values of a fact's scope. The grammar compiler checks
// every `set type=`, `unit=`, `kind=` and `scope=` against it; the resolver, `facts`, `series`
// and `verify` read it. Immutable after Parse().
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quarry {

struct SchemaError {
  int line = 0, col = 0;
  std::string message;
};

struct FactTypeDecl {
  std::string name;
  std::string family;               // measure family: types of one family are one series
  std::vector<std::string> units;   // units its value may take
  std::vector<std::string> subjects;  // subject kinds it may have; empty = any subject kind
  bool periodic = false;            // a figure of a period (a month, a quarter, a year)
  bool cumulative = false;          // a running total (year to date, all time)
  bool located = false;             // may carry a location (outlets in Brazil)
  bool change = false;              // a signed change in percent (yoy, mom)
  bool scoped = false;              // may cover a part of its subject's volume (a scope)
  bool volume = false;              // a volume that `set type=carry` rules may borrow
  bool dated = false;               // not periodic, but takes the period of its context (a target)
  bool holding = false;             // an ownership stake: its object may be a joint venture
  bool current = false;             // a count of what exists (outlets): undated, as of publication
  std::vector<std::string> implies;  // scope values the type is by itself (exports: overseas)
  std::string ranged;               // the (cumulative) type a figure of this type becomes when its
                                    // period is a range ("in Jan-Oct, ... delivered N")
  std::string market;               // the type a figure of this type becomes when its subject is a
                                    // market (a country's "market share" of BEVs is a part's share)
};

struct UnitDecl {
  std::string name;
  std::vector<std::string> words;  // surface words, lowercase ("vehicles", "passenger cars", "辆")
};

struct KindDecl {
  std::string name;
  bool subject = false;  // a default subject: carried from context to figures that name none
  bool market = false;   // a region: its figures are market figures (subject + scope)
  bool regional = false; // a market of several countries: a headline naming it places the report
  bool source = false;   // a reporting body: a market figure's source, standing for its `region`
  bool venture = false;  // a joint venture: what a jv_ref stands for, never a stake's object
  bool product = false;  // a product (a model): never the object of `set object=near`
};

struct ScopeDimension {
  std::string name;                 // powertrain
  std::vector<std::string> values;  // NEV, BEV, PHEV, ... in declaration order
  // `carried`: a market report states it once ("China's passenger NEV retail sales ... BEVs
  // accounted for 495,000"): a market figure whose clause names no value of it takes the value
  // of the market's figure before it (Note [Scope] in facts/scope.cc).
  bool carried = false;
};

class PackSchema {
 public:
  // Parses the text of a pack.schema file. Errors are appended with their line and column; the
  // result is nullopt when there was any.
  static std::optional<PackSchema> Parse(std::string_view text, std::vector<SchemaError>* errors);
  // Reads and parses GRAMMAR_DIR/pack.schema: the one loader for everything outside the grammar
  // compiler (the resolver's annotators in tests and benchmarks, `facts`, `series`, `verify`,
  // `types`). nullopt when the file is missing (*missing = true; a small test pack may have no
  // schema) or has errors; *error is then one line naming the file ("DIR/pack.schema:3:7: ..."
  // for the first error, "DIR/pack.schema: cannot read" when it is missing).
  static std::optional<PackSchema> Load(const std::string& grammar_dir, std::string* error,
                                        bool* missing = nullptr);

  const FactTypeDecl* Type(std::string_view name) const;
  const UnitDecl* Unit(std::string_view name) const;
  const KindDecl* Kind(std::string_view name) const;
  const std::vector<FactTypeDecl>& types() const { return types_; }
  const std::vector<UnitDecl>& units() const { return units_; }
  const std::vector<KindDecl>& kinds() const { return kinds_; }
  const std::vector<ScopeDimension>& dimensions() const { return dimensions_; }

  // The family of a type ("" when the type is unknown); types of one family, for queries that
  // match deliveries and sales together.
  std::string FamilyOf(std::string_view type) const;
  std::vector<std::string> TypesOfFamily(std::string_view family) const;
  // The types a query for `type` matches: `type` first, then the other types of its family in
  // declaration order ({type} alone for a type the schema does not declare).
  std::vector<std::string> SameMeasure(std::string_view type) const;
  // Names, comma-separated, for error messages.
  std::string TypeNames() const;
  std::string UnitNames() const;
  std::string KindNames() const;
  std::string ScopeValueNames() const;

  // The dimension a scope value belongs to, or nullptr.
  const ScopeDimension* DimensionOf(std::string_view value) const;
  // Canonical scope from values in any order, joined with '/' in the schema's dimension order
  // ("retail/NEV/passenger" -> "passenger/NEV/retail"; "" -> ""). An unknown value or two values
  // of one dimension: nullopt and *error says which.
  std::optional<std::string> Canonical(std::string_view scope, std::string* error) const;
  // `scope` with `value` added in its dimension unless that dimension already has a value.
  std::string WithValue(const std::string& scope, std::string_view value) const;

 private:
  std::vector<FactTypeDecl> types_;
  std::vector<UnitDecl> units_;
  std::vector<KindDecl> kinds_;
  std::vector<ScopeDimension> dimensions_;
  std::map<std::string, std::pair<int, int>, std::less<>> scope_value_;  // value -> (dimension, index)
};

}  // namespace quarry
