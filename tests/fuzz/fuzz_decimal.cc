// libFuzzer target: Decimal::Parse and its canonical round trip.
// Body in targets.h, shared with the regression replay test.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::DecimalOne(data, size);
}
