// libFuzzer target: the whole pipeline with the project's grammar pack.
// Body in targets.h, shared with the regression replay test.
#include "fuzz/targets.h"

// Loads the grammar pack before the first timed input: -timeout=1 applies to each input, and
// the first one would otherwise also pay for compiling the pack (a time-out on a loaded machine).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static const uint8_t kNothing[1] = {0};
  quarry::fuzz::ExtractOne(kNothing, 0, QUARRY_SOURCE_DIR "/grammars");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::ExtractOne(data, size, QUARRY_SOURCE_DIR "/grammars");
}
