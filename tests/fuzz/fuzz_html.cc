// libFuzzer target: the HTML file reader and the HTML-to-text layer.
// Body in targets.h, shared with the regression replay test.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return quarry::fuzz::ReaderOne(data, size, ".html");
}
