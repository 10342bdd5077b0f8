// libFuzzer target: a whole grammar folder's loading (rules, gazetteer, lexicon, schema); body in
// targets.h (PackOne), shared with the regression replay test.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::PackOne(data, size);
}
