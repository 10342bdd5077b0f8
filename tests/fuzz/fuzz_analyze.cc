// libFuzzer target: decode + HTML to text + normalize + segment, first byte picks HTML/date/charset.
// Body in targets.h, shared with the regression replay test.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::AnalyzeOne(data, size);
}
