#include <catch2/catch.hpp>

#include "base/decimal.h"

using quarry::Decimal;

TEST_CASE("Decimal parses and prints canonically") {
  struct Row {
    const char* in;
    const char* out;
  } rows[] = {
      {"81864", "81864"}, {"127.93", "127.93"}, {"-34.07", "-34.07"}, {"0.50", "0.5"},
      {"70000", "70000"}, {"1.200", "1.2"},     {"+5", "5"},          {"0", "0"},
      {"-0.0", "0"},      {".5", "0.5"},        {"00012", "12"},
  };
  for (const auto& r : rows) {
    auto d = Decimal::Parse(r.in);
    INFO(r.in);
    REQUIRE(d.has_value());
    CHECK(d->ToString() == r.out);
  }
  for (const char* bad : {"", "-", "1.2.3", "1e3", "12a", "."}) {
    INFO(bad);
    CHECK_FALSE(Decimal::Parse(bad).has_value());
  }
}

TEST_CASE("Decimal arithmetic is exact") {
  auto a = *Decimal::Parse("8.19");
  CHECK(a.MulPow10(4)->ToString() == "81900");
  CHECK(Decimal::Parse("0.1")->Add(*Decimal::Parse("0.2"))->ToString() == "0.3");
  CHECK(Decimal::Parse("1.5")->Mul(Decimal(1000000000))->ToString() == "1500000000");
  CHECK(*Decimal::Parse("70327") > *Decimal::Parse("70000"));
  CHECK(*Decimal::Parse("-34.07") < Decimal(0));
  CHECK(*Decimal::Parse("1.50") == *Decimal::Parse("1.5"));
  CHECK(Decimal(INT64_MAX).Mul(Decimal(10)).has_value());  // trailing zero moves to the exponent
  CHECK(Decimal(INT64_MAX).Mul(Decimal(3)) == std::nullopt);
}
