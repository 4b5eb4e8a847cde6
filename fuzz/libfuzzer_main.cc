// The libFuzzer entry point. One binary serves every target of fuzz_targets(): the
// environment variable STATECRAFT_FUZZ_TARGET names the parser it exercises, and
// STATECRAFT_FUZZ_LIST=1 prints the target names (scripts/run-fuzzers.sh uses both).
#include <cstdlib>
#include <iostream>

#include "fuzz/fuzz_targets.h"

namespace {
statecraft::fuzz::Target target;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (std::getenv("STATECRAFT_FUZZ_LIST")) {
    for (const auto& t : statecraft::fuzz::targets()) std::cout << t.name << "\n";
    std::exit(0);
  }
  const char* name = std::getenv("STATECRAFT_FUZZ_TARGET");
  target = statecraft::fuzz::find_target(name ? name : "");
  if (!target) {
    std::cerr << "set STATECRAFT_FUZZ_TARGET to one of:";
    for (const auto& t : statecraft::fuzz::targets()) std::cerr << " " << t.name;
    std::cerr << "\n";
    std::exit(2);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  target(data, size);
  return 0;
}
