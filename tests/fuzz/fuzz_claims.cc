// libFuzzer target: verify's claim parser (CSV/JSONL claims and written figures); body in
// targets.h, shared with the regression replay test.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::ClaimsOne(data, size);
}
