// libFuzzer target: the JSONL document reader, its line scanner checked against nlohmann's parser.
// Body in targets.h, shared with the regression replay test.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::JsonlOne(data, size);
}
