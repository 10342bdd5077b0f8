// libFuzzer target: the grammar parser and compiler (one rule file, optional included file after a NUL).
// Body in targets.h, shared with the regression replay test.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::GrammarOne(data, size);
}
