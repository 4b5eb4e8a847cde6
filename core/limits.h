// Caps on what one input may ask of the process, so that no file or request can exhaust
// memory or run forever. Process-wide; the CLI sets them from `--limit name=value` before
// any work starts (docs/reliability.md lists them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/errors.h"

namespace statecraft {

struct Limits {
  std::size_t file_bytes = std::size_t(64) << 20;    // any input file
  std::size_t actors = 1000;                         // per scenario
  std::size_t issues = 200;                          // per scenario
  std::size_t options = 26;                          // per conflict (states = 2^options)
  std::int64_t runs = 10'000'000;                    // Monte Carlo / what-if runs
  int rounds = 100'000;                              // rounds of an iterative model
  std::size_t request_bytes = std::size_t(1) << 20;  // policy-lab request body
  double seconds = 3600;                             // one command's model work (0 = none)
};

// The process-wide limits (defaults above until changed).
Limits& limits();

// Sets one limit from "name=value"; OptionError naming the limit on a bad name or value.
void set_limit(const std::string& assignment);

// (name, value, what it caps) for every limit, for docs and `statecraft limits`.
struct LimitInfo {
  std::string name, value, caps;
};
std::vector<LimitInfo> describe_limits();

// An input beyond a limit: says which, by how much, and how to raise it. Exit code 2.
class LimitError : public InputError {
 public:
  LimitError(Location where, const std::string& limit, const std::string& what,
             const std::string& value, const std::string& cap);
  const char* kind() const override { return "limit exceeded"; }
};

// Throws LimitError when a scenario has more actors or issues than allowed.
void check_scenario_size(std::size_t actors, std::size_t issues, const std::string& file);

}  // namespace statecraft
