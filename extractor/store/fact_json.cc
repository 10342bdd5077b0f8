// Fact <-> JSON line. Writing is hand-rolled (fixed field order, exact decimals, no DOM); reading
// uses nlohmann's SAX interface so a number token reaches us as its original text and the
// decimal is parsed exactly (a DOM would have turned 127.93 into a double).
#include "store/fact_json.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace quarry::store {

namespace {

void AppendSpan(RawSpan s, std::string* out) {
  *out += '[';
  *out += std::to_string(s.begin);
  *out += ',';
  *out += std::to_string(s.end);
  *out += ']';
}

// SAX handler for one flat fact object: top-level scalar fields are kept as text (numbers as
// their original token), arrays of scalars / of [b,e] pairs are kept as lists.
struct FactSax {
  struct Field {
    std::string text;            // scalar text
    bool is_null = false, is_number = false, is_array = false;
    std::vector<std::string> items;  // array items, nested arrays flattened
  };
  std::vector<std::pair<std::string, Field>> fields;
  int depth = 0;  // 1 = inside the object, 2+ = inside arrays
  std::string cur_key, error;

  Field& Cur() { return fields.back().second; }
  bool Scalar(std::string text, bool is_number, bool is_null) {
    if (depth == 1) {
      fields.push_back({cur_key, Field{std::move(text), is_null, is_number, false, {}}});
    } else if (depth >= 2) {
      Cur().items.push_back(std::move(text));
    } else {
      error = "not a JSON object";
      return false;
    }
    return true;
  }
  bool null() { return Scalar("", false, true); }
  bool boolean(bool b) { return Scalar(b ? "true" : "false", false, false); }
  bool number_integer(int64_t v) { return Scalar(std::to_string(v), true, false); }
  bool number_unsigned(uint64_t v) { return Scalar(std::to_string(v), true, false); }
  bool number_float(double, const std::string& s) { return Scalar(s, true, false); }
  bool string(std::string& s) { return Scalar(std::move(s), false, false); }
  bool binary(std::vector<std::uint8_t>&) { return false; }
  bool start_object(std::size_t) {
    if (depth != 0) {
      error = "nested objects are not part of the fact format";
      return false;
    }
    depth = 1;
    return true;
  }
  bool key(std::string& k) {
    cur_key = k;
    return true;
  }
  bool end_object() {
    depth = 0;
    return true;
  }
  bool start_array(std::size_t) {
    if (depth == 0) {
      error = "not a JSON object";
      return false;
    }
    if (depth == 1) fields.push_back({cur_key, Field{"", false, false, true, {}}});
    ++depth;
    return true;
  }
  bool end_array() {
    --depth;
    return true;
  }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& e) {
    error = "invalid JSON at column " + std::to_string(pos) + ": " + e.what();
    return false;
  }

  const Field* Get(std::string_view name) const {
    for (const auto& [k, f] : fields)
      if (k == name) return &f;
    return nullptr;
  }
};

bool Span(const FactSax::Field* f, const char* name, RawSpan* out, std::string* error) {
  if (!f || !f->is_array || f->items.size() != 2) {
    *error = std::string("field \"") + name + "\" must be [begin, end]";
    return false;
  }
  try {
    out->begin = std::stoull(f->items[0]);
    out->end = std::stoull(f->items[1]);
  } catch (...) {
    *error = std::string("field \"") + name + "\" must hold two offsets";
    return false;
  }
  if (out->end < out->begin) {
    *error = std::string("field \"") + name + "\" ends before it begins";
    return false;
  }
  return true;
}

}  // namespace

void AppendFactJson(const Fact& f, std::string* out) {
  *out += "{\"doc\":";
  AppendJsonString(f.doc, out);
  *out += ",\"type\":";
  AppendJsonString(f.type, out);
  *out += ",\"subject\":";
  AppendJsonString(f.subject, out);
  *out += ",\"object\":";
  if (f.object.empty()) *out += "null"; else AppendJsonString(f.object, out);
  *out += ",\"value\":";
  *out += f.value.ToString();  // a valid JSON number: plain decimal, no exponent
  *out += ",\"unit\":";
  AppendJsonString(f.unit, out);
  *out += ",\"scope\":";
  AppendJsonString(f.scope, out);
  *out += ",\"period\":";
  AppendJsonString(f.period, out);
  *out += ",\"approx\":";
  AppendJsonString(ApproxSymbol(f.approx), out);
  *out += ",\"modality\":";
  AppendJsonString(f.modality, out);
  // Where the figure applies (36 outlets in Brazil) travels as a qualifier `location:Brazil`, so
  // every line has exactly the DESIGN.md contract fields.
  *out += ",\"qualifiers\":[";
  for (size_t i = 0; i < f.qualifiers.size(); ++i) {
    if (i) *out += ',';
    AppendJsonString(f.qualifiers[i], out);
  }
  if (!f.location.empty()) {
    if (!f.qualifiers.empty()) *out += ',';
    AppendJsonString(std::string(kLocationQualifier) + f.location, out);
  }
  *out += "],\"span\":";
  AppendSpan(f.span, out);
  *out += ",\"sentence\":";
  AppendSpan(f.sentence, out);
  *out += ",\"evidence\":";
  AppendJsonString(f.evidence, out);
  *out += ",\"rule\":";
  AppendJsonString(f.rule, out);
  *out += '}';
}

bool ParseFactJson(std::string_view line, Fact* f, std::string* error) {
  FactSax sax;
  bool ok = nlohmann::json::sax_parse(line.begin(), line.end(), &sax, nlohmann::json::input_format_t::json,
                                      /*strict=*/true);
  if (!ok) {
    *error = sax.error.empty() ? "invalid JSON" : sax.error;
    return false;
  }
  *f = Fact{};
  auto text = [&](const char* name, std::string* out, bool required) {
    const auto* fld = sax.Get(name);
    if (!fld || fld->is_null) {
      if (required) *error = std::string("missing field \"") + name + "\"";
      return !required;
    }
    if (fld->is_array) {
      *error = std::string("field \"") + name + "\" must not be an array";
      return false;
    }
    *out = fld->text;
    return true;
  };
  std::string value, approx;
  if (!text("doc", &f->doc, true) || !text("type", &f->type, true) || !text("subject", &f->subject, true) ||
      !text("object", &f->object, false) || !text("value", &value, true) || !text("unit", &f->unit, false) || !text("scope", &f->scope, false) ||
      !text("period", &f->period, false) || !text("approx", &approx, false) ||
      !text("modality", &f->modality, false) || !text("evidence", &f->evidence, false) ||
      !text("rule", &f->rule, false) || !text("location", &f->location, false))
    return false;
  auto d = Decimal::Parse(value);
  if (!d) {
    *error = "field \"value\" is not a plain decimal: " + value;
    return false;
  }
  f->value = *d;
  if (!approx.empty()) {
    auto a = ParseApprox(approx);
    if (!a) {
      *error = "field \"approx\" is not one of = > >= < <= ~: " + approx;
      return false;
    }
    f->approx = *a;
  }
  if (f->modality.empty()) f->modality = "actual";
  if (const auto* q = sax.Get("qualifiers"); q && q->is_array)
    for (const auto& item : q->items) {
      if (item.rfind(kLocationQualifier, 0) == 0) f->location = item.substr(kLocationQualifier.size());
      else f->qualifiers.push_back(item);
    }
  if (!Span(sax.Get("span"), "span", &f->span, error) || !Span(sax.Get("sentence"), "sentence", &f->sentence, error))
    return false;
  return true;
}

}  // namespace quarry::store
