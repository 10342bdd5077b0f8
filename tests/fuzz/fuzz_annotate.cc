// libFuzzer target: the quantity and period annotators (and the date parser) over analyzed text.
// Body in targets.h, shared with the regression replay test.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::AnnotateOne(data, size);
}
