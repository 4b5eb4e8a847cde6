// One function per input parser, shared by the libFuzzer binaries (`make fuzz`, clang) and
// the corpus replay that `make test` runs with the normal compiler. Each must return
// normally for any bytes: an InputError is the expected answer to bad input; anything else
// (another exception, a crash, a sanitizer report) is a bug.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace statecraft::fuzz {

using Target = void (*)(const std::uint8_t* data, std::size_t size);

struct NamedTarget {
  std::string name;
  Target run;
};

// scenario_yaml, outcome_yaml, bdm_csv, ktab_csv, decide_csv, gmcr_file, api_run_json.
const std::vector<NamedTarget>& targets();
Target find_target(const std::string& name);  // nullptr when unknown

}  // namespace statecraft::fuzz
