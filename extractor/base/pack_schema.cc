// pack.schema parsing and the scope algebra (see pack_schema.h; format in grammars/README.md).
#include "base/pack_schema.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

namespace quarry {
namespace {

constexpr size_t kMaxLine = 64 * 1024;

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool IsName(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsNameChar); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// One whitespace-separated field of a line and its 1-based column.
struct Field {
  std::string_view text;
  int col = 0;
};

std::vector<Field> Fields(std::string_view line) {
  std::vector<Field> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t b = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > b) out.push_back({line.substr(b, i - b), static_cast<int>(b) + 1});
  }
  return out;
}

std::vector<std::string> SplitBar(std::string_view s) {
  std::vector<std::string> out;
  size_t b = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == '|') {
      out.emplace_back(Trim(s.substr(b, i - b)));
      b = i + 1;
    }
  return out;
}

template <class T>
const T* FindByName(const std::vector<T>& v, std::string_view name) {
  for (const auto& x : v)
    if (x.name == name) return &x;
  return nullptr;
}

template <class T>
std::string Names(const std::vector<T>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x.name;
  return out;
}

// Parser state for one file: declarations are checked against each other after every line is
// read, so a type may name a unit declared below it.
class Parser {
 public:
  explicit Parser(std::vector<SchemaError>* errors) : errors_(errors) {}

  void Line(std::string_view line, int n) {
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    if (Trim(line).empty()) return;
    if (line.size() > kMaxLine) return Error(n, 1, "line longer than 64 KB");
    auto f = Fields(line);
    std::string_view kw = f[0].text;
    if (f.size() < 2 || !IsName(f[1].text))
      return Error(n, f.size() < 2 ? static_cast<int>(line.size()) + 1 : f[1].col,
                   std::string(kw) + " needs a name (letters, digits, _ and -)");
    std::string name(f[1].text);
    if (kw == "unit") return Unit(line, f, n);
    if (kw == "kind") return KindLine(f, n);
    if (kw == "type") return TypeLine(f, n);
    if (kw == "scope") return ScopeLine(f, n);
    Error(n, f[0].col, "unknown declaration '" + std::string(kw) + "' (known: unit, kind, type, scope)");
  }

  // Cross-references, once every line is read.
  void Finish(const std::vector<UnitDecl>& units, const std::vector<KindDecl>& kinds) {
    for (const auto& [ref, line, col] : unit_refs_)
      if (!FindByName(units, ref)) Error(line, col, "unknown unit '" + ref + "' (declared: " + Names(units) + ")");
    for (const auto& [ref, line, col] : kind_refs_)
      if (!FindByName(kinds, ref)) Error(line, col, "unknown kind '" + ref + "' (declared: " + Names(kinds) + ")");
    for (const auto& [ref, line, col] : implied_refs_)
      if (!value_names_.count(ref)) Error(line, col, "unknown scope value '" + ref + "' in implies");
    for (const auto& [ref, line, col] : ranged_refs_) {
      const FactTypeDecl* t = FindByName(types, ref);
      if (!t) Error(line, col, "unknown type '" + ref + "' in ranged (declared: " + Names(types) + ")");
      else if (!t->cumulative)
        Error(line, col, "ranged=" + ref + ": a figure of a range is a running total, declare " + ref + " cumulative");
    }
    for (const auto& [ref, line, col] : market_refs_)
      if (!FindByName(types, ref)) Error(line, col, "unknown type '" + ref + "' in market (declared: " + Names(types) + ")");
  }

  std::vector<UnitDecl> units;
  std::vector<KindDecl> kinds;
  std::vector<FactTypeDecl> types;
  std::vector<ScopeDimension> dimensions;

 private:
  struct Ref {
    std::string name;
    int line, col;
  };

  void Error(int line, int col, std::string msg) { errors_->push_back({line, col, std::move(msg)}); }

  bool Fresh(std::set<std::string>* seen, const std::string& what, const std::string& name, int n, int col) {
    if (seen->insert(name).second) return true;
    Error(n, col, what + " '" + name + "' is declared twice");
    return false;
  }

  // unit NAME word | word words | ...
  void Unit(std::string_view line, const std::vector<Field>& f, int n) {
    UnitDecl u;
    u.name = std::string(f[1].text);
    if (!Fresh(&unit_names_, "unit", u.name, n, f[1].col)) return;
    size_t rest = static_cast<size_t>(f[1].col - 1) + f[1].text.size();
    std::string_view words = Trim(line.substr(rest));
    if (!words.empty()) {
      int col = static_cast<int>(line.size() - words.size()) + 1;
      for (auto& w : SplitBar(words)) {
        if (w.empty()) {
          Error(n, col, "empty word in the word list of unit " + u.name + " (a stray '|')");
          continue;
        }
        u.words.push_back(Lower(w));
      }
    }
    units.push_back(std::move(u));
  }

  // kind NAME [subject] [market] [regional] [source] [venture] [product]
  void KindLine(const std::vector<Field>& f, int n) {
    KindDecl k;
    k.name = std::string(f[1].text);
    if (!Fresh(&kind_names_, "kind", k.name, n, f[1].col)) return;
    const std::pair<std::string_view, bool KindDecl::*> flags[] = {
        {"subject", &KindDecl::subject}, {"market", &KindDecl::market},   {"regional", &KindDecl::regional},
        {"source", &KindDecl::source},   {"venture", &KindDecl::venture}, {"product", &KindDecl::product}};
    for (size_t i = 2; i < f.size(); ++i) {
      auto it = std::find_if(std::begin(flags), std::end(flags), [&](const auto& x) { return x.first == f[i].text; });
      if (it != std::end(flags)) k.*(it->second) = true;
      else Error(n, f[i].col, "unknown kind flag '" + std::string(f[i].text) +
                                  "' (known: subject, market, regional, source, venture, product)");
    }
    kinds.push_back(std::move(k));
  }

  // type NAME family=F units=U|U [subjects=K|K] [implies=V|V] [ranged=T] [market=T] [periodic] [cumulative]
//      [located] [change] [scoped] [volume] [dated] [holding] [current]
  void TypeLine(const std::vector<Field>& f, int n) {
    FactTypeDecl t;
    t.name = std::string(f[1].text);
    if (!Fresh(&type_names_, "type", t.name, n, f[1].col)) return;
    for (size_t i = 2; i < f.size(); ++i) {
      std::string_view a = f[i].text;
      auto eq = a.find('=');
      std::string_view key = a.substr(0, eq), val = eq == std::string_view::npos ? "" : a.substr(eq + 1);
      int vcol = f[i].col + static_cast<int>(key.size()) + 1;
      if (eq == std::string_view::npos) {
        if (a == "periodic") t.periodic = true;
        else if (a == "cumulative") t.cumulative = true;
        else if (a == "located") t.located = true;
        else if (a == "change") t.change = true;
        else if (a == "scoped") t.scoped = true;
        else if (a == "volume") t.volume = true;
        else if (a == "dated") t.dated = true;
        else if (a == "holding") t.holding = true;
        else if (a == "current") t.current = true;
        else Error(n, f[i].col, "unknown type flag '" + std::string(a) +
                                    "' (known: periodic, cumulative, located, change, scoped, volume, dated, holding, "
                                    "current)");
      } else if (key == "family") {
        if (!IsName(val)) Error(n, vcol, "family needs a name");
        t.family = std::string(val);
      } else if (key == "implies") {
        for (auto& v : SplitBar(val)) {
          implied_refs_.push_back({v, n, vcol});
          t.implies.push_back(v);
        }
      } else if (key == "ranged") {
        if (!IsName(val)) Error(n, vcol, "ranged needs a type name");
        ranged_refs_.push_back({std::string(val), n, vcol});
        t.ranged = std::string(val);
      } else if (key == "market") {
        if (!IsName(val)) Error(n, vcol, "market needs a type name");
        market_refs_.push_back({std::string(val), n, vcol});
        t.market = std::string(val);
      } else if (key == "units" || key == "subjects") {
        auto& list = key == "units" ? t.units : t.subjects;
        auto& refs = key == "units" ? unit_refs_ : kind_refs_;
        for (auto& v : SplitBar(val)) {
          if (!IsName(v)) {
            Error(n, vcol, std::string(key) + " lists names separated by '|'");
            break;
          }
          refs.push_back({v, n, vcol});
          list.push_back(v);
        }
      } else {
        Error(n, f[i].col, "unknown type attribute '" + std::string(key) + "' (known: family, units, subjects, implies, ranged, "
                                     "market)");
      }
    }
    if (t.family.empty()) Error(n, f[1].col, "type " + t.name + " needs family=NAME");
    if (t.units.empty()) Error(n, f[1].col, "type " + t.name + " needs units=NAME|NAME");
    types.push_back(std::move(t));
  }

  // scope DIMENSION [carried] VALUE VALUE ...
  void ScopeLine(const std::vector<Field>& f, int n) {
    ScopeDimension d;
    d.name = std::string(f[1].text);
    if (!Fresh(&dimension_names_, "scope dimension", d.name, n, f[1].col)) return;
    size_t first = 2;
    if (f.size() > 2 && f[2].text == "carried") d.carried = true, first = 3;
    for (size_t i = first; i < f.size(); ++i) {
      std::string v(f[i].text);
      if (!IsName(v)) {
        Error(n, f[i].col, "a scope value is a name (letters, digits, _ and -): '" + v + "'");
        continue;
      }
      if (!Fresh(&value_names_, "scope value", v, n, f[i].col)) continue;
      d.values.push_back(v);
    }
    if (d.values.empty()) Error(n, f[1].col, "scope " + d.name + " lists no values");
    dimensions.push_back(std::move(d));
  }

  std::vector<SchemaError>* errors_;
  std::set<std::string> unit_names_, kind_names_, type_names_, dimension_names_, value_names_;
  std::vector<Ref> unit_refs_, kind_refs_, implied_refs_, ranged_refs_, market_refs_;
};

}  // namespace

std::optional<PackSchema> PackSchema::Parse(std::string_view text, std::vector<SchemaError>* errors) {
  size_t before = errors->size();
  PackSchema s;
  Parser p(errors);
  int n = 0;
  size_t b = 0;
  while (b <= text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    p.Line(text.substr(b, e - b), ++n);
    b = e + 1;
  }
  p.Finish(p.units, p.kinds);
  if (errors->size() != before) return std::nullopt;
  s.units_ = std::move(p.units);
  s.kinds_ = std::move(p.kinds);
  s.types_ = std::move(p.types);
  s.dimensions_ = std::move(p.dimensions);
  for (size_t d = 0; d < s.dimensions_.size(); ++d)
    for (size_t v = 0; v < s.dimensions_[d].values.size(); ++v)
      s.scope_value_[s.dimensions_[d].values[v]] = {static_cast<int>(d), static_cast<int>(v)};
  return s;
}

std::optional<PackSchema> PackSchema::Load(const std::string& grammar_dir, std::string* error, bool* missing) {
  std::string path = (std::filesystem::path(grammar_dir) / "pack.schema").string();
  if (missing) *missing = false;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (missing) *missing = true;
    *error = path + ": cannot read";
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<SchemaError> errors;
  auto schema = Parse(text, &errors);
  if (!schema)
    *error = path + ":" + (errors.empty() ? std::string("1:1: cannot parse")
                                          : std::to_string(errors[0].line) + ":" + std::to_string(errors[0].col) +
                                                ": " + errors[0].message);
  return schema;
}

const FactTypeDecl* PackSchema::Type(std::string_view name) const { return FindByName(types_, name); }
const UnitDecl* PackSchema::Unit(std::string_view name) const { return FindByName(units_, name); }
const KindDecl* PackSchema::Kind(std::string_view name) const { return FindByName(kinds_, name); }

std::string PackSchema::FamilyOf(std::string_view type) const {
  const auto* t = Type(type);
  return t ? t->family : "";
}

std::vector<std::string> PackSchema::TypesOfFamily(std::string_view family) const {
  std::vector<std::string> out;
  for (const auto& t : types_)
    if (t.family == family) out.push_back(t.name);
  return out;
}

std::vector<std::string> PackSchema::SameMeasure(std::string_view type) const {
  std::vector<std::string> out{std::string(type)};
  const auto* t = Type(type);
  if (!t) return out;
  for (const auto& other : types_)
    if (other.family == t->family && other.name != t->name) out.push_back(other.name);
  return out;
}

std::string PackSchema::TypeNames() const { return Names(types_); }
std::string PackSchema::UnitNames() const { return Names(units_); }
std::string PackSchema::KindNames() const { return Names(kinds_); }

std::string PackSchema::ScopeValueNames() const {
  std::string out;
  for (const auto& d : dimensions_) {
    out += (out.empty() ? "" : "; ") + d.name + ":";
    for (const auto& v : d.values) out += " " + v;
  }
  return out;
}

const ScopeDimension* PackSchema::DimensionOf(std::string_view value) const {
  auto it = scope_value_.find(value);
  return it == scope_value_.end() ? nullptr : &dimensions_[it->second.first];
}

std::optional<std::string> PackSchema::Canonical(std::string_view scope, std::string* error) const {
  if (scope.empty()) return std::string();
  std::vector<std::pair<int, int>> at;
  size_t b = 0;
  for (size_t i = 0; i <= scope.size(); ++i) {
    if (i < scope.size() && scope[i] != '/') continue;
    std::string_view v = scope.substr(b, i - b);
    b = i + 1;
    auto it = scope_value_.find(v);
    if (it == scope_value_.end()) {
      if (error) *error = "unknown scope value '" + std::string(v) + "' (known: " + ScopeValueNames() + ")";
      return std::nullopt;
    }
    for (const auto& [d, x] : at)
      if (d == it->second.first) {
        if (error)
          *error = "scope '" + std::string(scope) + "' has two values of " + dimensions_[d].name + " (" +
                   dimensions_[d].values[x] + ", " + std::string(v) + ")";
        return std::nullopt;
      }
    at.push_back(it->second);
  }
  std::sort(at.begin(), at.end());
  std::string out;
  for (const auto& [d, x] : at) out += (out.empty() ? "" : "/") + dimensions_[d].values[x];
  return out;
}

std::string PackSchema::WithValue(const std::string& scope, std::string_view value) const {
  auto it = scope_value_.find(value);
  if (it == scope_value_.end()) return scope;
  int dim = it->second.first;
  size_t b = 0;
  for (size_t i = 0; i <= scope.size() && !scope.empty(); ++i) {
    if (i < scope.size() && scope[i] != '/') continue;
    auto jt = scope_value_.find(std::string_view(scope).substr(b, i - b));
    if (jt != scope_value_.end() && jt->second.first == dim) return scope;
    b = i + 1;
  }
  auto joined = Canonical(scope.empty() ? std::string(value) : scope + "/" + std::string(value), nullptr);
  return joined ? *joined : scope;
}

}  // namespace quarry
