// The JSONL reader's field extraction as it was done through nlohmann::json's SAX parser, kept as
// the reference JsonlFields (extractor/input/jsonl_fields.h) must agree with: same verdict (an
// object, not an object, too deep, invalid) and same kept values. Used by the differential test
// in tests/input/jsonl_fields_test.cc and by the `jsonl` fuzz target.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "input/jsonl_fields.h"

namespace quarry::testing {

struct JsonlVerdict {
  input::JsonlFields::Failure failure = input::JsonlFields::Failure::kNone;
  std::vector<std::pair<input::JsonlFields::Kind, std::string>> values;  // per wanted key
  bool operator==(const JsonlVerdict&) const = default;
};

class ReferenceSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  using Kind = input::JsonlFields::Kind;
  using Failure = input::JsonlFields::Failure;
  explicit ReferenceSax(const std::vector<std::string>& wanted) : wanted_(wanted), values_(wanted.size()) {}

  bool null() override { return Scalar(Kind::kOther, nullptr); }
  bool boolean(bool) override { return Scalar(Kind::kOther, nullptr); }
  bool number_integer(number_integer_t v) override { return Number(nlohmann::json(v).dump()); }
  bool number_unsigned(number_unsigned_t v) override { return Number(nlohmann::json(v).dump()); }
  bool number_float(number_float_t v, const string_t&) override { return Number(nlohmann::json(v).dump()); }
  bool string(string_t& v) override { return Scalar(Kind::kString, &v); }
  bool binary(binary_t&) override { return Scalar(Kind::kOther, nullptr); }
  bool start_object(std::size_t) override { return Open(true); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(false); }
  bool end_array() override { return Close(); }
  bool key(string_t& k) override {
    if (depth_ == 1) {
      current_ = -1;
      for (size_t i = 0; i < wanted_.size(); ++i)
        if (wanted_[i] == k) {
          current_ = static_cast<int>(i);
          break;
        }
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    if (failure_ == Failure::kNone) failure_ = Failure::kInvalid;
    return false;
  }

  JsonlVerdict Verdict(bool ok) const {
    JsonlVerdict v;
    v.failure = !ok && failure_ == Failure::kNone ? Failure::kInvalid : failure_;
    if (v.failure != Failure::kNone) return v;
    for (const auto& name : wanted_)  // a name wanted twice reads its first place, as Get() does
      for (size_t i = 0; i < wanted_.size(); ++i)
        if (wanted_[i] == name) {
          v.values.push_back(values_[i]);
          break;
        }
    return v;
  }

 private:
  bool Scalar(Kind kind, string_t* s) {
    if (depth_ == 0) return NotObject();
    if (depth_ == 1 && current_ >= 0) values_[current_] = {kind, s ? *s : std::string()};
    return true;
  }
  bool Number(std::string text) {
    if (depth_ == 0) return NotObject();
    if (depth_ == 1 && current_ >= 0) values_[current_] = {Kind::kNumber, std::move(text)};
    return true;
  }
  bool Open(bool object) {
    if (depth_ == 0 && !object) return NotObject();
    if (depth_ == 1 && current_ >= 0) values_[current_] = {Kind::kOther, {}};
    if (++depth_ > input::kMaxJsonDepth) {
      failure_ = Failure::kTooDeep;
      return false;
    }
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }
  bool NotObject() {
    failure_ = Failure::kNotObject;
    return false;
  }

  const std::vector<std::string>& wanted_;
  std::vector<std::pair<Kind, std::string>> values_;
  int current_ = -1;
  size_t depth_ = 0;
  Failure failure_ = Failure::kNone;
};

inline JsonlVerdict ReferenceVerdict(std::string_view line, const std::vector<std::string>& wanted) {
  ReferenceSax sax(wanted);
  bool ok = nlohmann::json::sax_parse(line.begin(), line.end(), &sax);
  return sax.Verdict(ok);
}

inline JsonlVerdict ScannerVerdict(input::JsonlFields& fields, std::string_view line,
                                   const std::vector<std::string>& wanted) {
  JsonlVerdict v;
  if (!fields.Parse(line)) {
    v.failure = fields.failure();
    return v;
  }
  for (const auto& name : wanted) {
    auto& x = fields.Get(name);
    v.values.emplace_back(x.kind, x.text);
  }
  return v;
}

}  // namespace quarry::testing
