// libFuzzer target: verify over claims against a small fixed database; body in
// targets.h (VerifyOne), shared with the regression replay test.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::VerifyOne(data, size);
}
