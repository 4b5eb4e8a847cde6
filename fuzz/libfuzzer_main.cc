// The libFuzzer entry point; FUZZ_TARGET names the parser this binary exercises.
#include <cstdlib>
#include <iostream>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const statecraft::fuzz::Target target = [] {
    const auto t = statecraft::fuzz::find_target(FUZZ_TARGET);
    if (!t) {
      std::cerr << "unknown fuzz target " << FUZZ_TARGET << "\n";
      std::abort();
    }
    return t;
  }();
  target(data, size);
  return 0;
}
