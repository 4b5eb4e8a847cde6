// One function per input parser, shared by the libFuzzer binary (`make fuzz`, clang) and
// the corpus replay that `make test` runs with the normal compiler. Each must return
// normally for any bytes: an InputError is the expected answer to bad input; anything else
// (another exception, a crash, a sanitizer report) is a bug.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace statecraft::fuzz {

using Target = std::function<void(const std::uint8_t* data, std::size_t size)>;

struct NamedTarget {
  std::string name;  // also the folder of its seed corpus: fuzz/corpus/NAME
  Target run;
};

// One target per importer of io/importers.h (NAME_EXT: scenario_yaml, decide_csv, bdm_csv,
// ktab_csv, ...), then outcome_yaml, gmcr_file and api_run_json.
const std::vector<NamedTarget>& targets();
Target find_target(const std::string& name);  // empty when unknown

}  // namespace statecraft::fuzz
