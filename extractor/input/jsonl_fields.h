// JsonlFields: the top-level fields a document reader keeps, read straight from one JSONL line
// without a parser's event objects or a tree. Every byte of the line is still checked as JSON
// (RFC 8259, strict): what it accepts and refuses, and the values it keeps, are those of
// nlohmann::json's strict parser (Note [JSONL scanner] in jsonl_fields.cc). Reusable: Parse()
// resets the previous line's values; not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::input {

// Lines nested deeper than this (the top-level object is level 1) are refused: the scanner keeps
// one byte per open level, and nothing a reader keeps is nested at all.
inline constexpr size_t kMaxJsonDepth = 1000;

class JsonlFields {
 public:
  enum class Kind { kMissing, kString, kNumber, kOther };
  struct Value {
    Kind kind = Kind::kMissing;
    std::string text;  // a string's decoded UTF-8, or a number as nlohmann::json prints it
  };
  enum class Failure { kNone, kInvalid, kNotObject, kTooDeep };

  // `wanted`: the top-level keys to keep (compared after unescaping); a name given twice is kept
  // in its first place.
  explicit JsonlFields(std::vector<std::string> wanted);

  // Reads one line holding one JSON value, with whitespace and a UTF-8 byte-order mark allowed
  // before it and whitespace after it. True when the value is an object; otherwise failure()
  // says why and error_column() and error_reason() say where and what.
  bool Parse(std::string_view line);

  // The value of the wanted key `name` in the last line parsed (missing when absent; the last
  // occurrence when the key repeats; kOther for null, true, false, objects and arrays).
  Value& Get(std::string_view name);

  Failure failure() const { return failure_; }
  size_t error_column() const { return error_column_; }  // 1-based byte column
  const char* error_reason() const { return error_reason_; }

 private:
  bool Fail(Failure f, const char* at, const char* reason);
  bool ScanString(const char*& p, std::string* out);
  bool ScanNumber(const char*& p, Value* out);
  bool ScanLiteral(const char*& p);
  void SkipSpace(const char*& p) const;

  std::vector<std::string> wanted_;
  std::vector<Value> values_;
  Value missing_;
  std::string key_;       // the current top-level key, decoded
  std::string number_;    // a number's bytes, for strtod
  std::string open_;      // one byte per open level: '{' or '['
  const char* begin_ = nullptr;
  const char* end_ = nullptr;
  Failure failure_ = Failure::kNone;
  size_t error_column_ = 0;
  const char* error_reason_ = "";
};

}  // namespace quarry::input
