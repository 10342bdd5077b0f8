// libFuzzer target: the whole pipeline with the project's grammar pack.
// Body in targets.h, shared with the regression replay test.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::ExtractOne(data, size, QUARRY_SOURCE_DIR "/grammars");
}
