// `statecraft show [SCENARIO]`: what a scenario contains, in words: actors, issues with
// their scales, interventions, conflicts, responses, outcomes and sources.
#pragma once

#include <string>

#include "core/scenario.h"

namespace statecraft::cli {

struct ShowArgs {
  std::string input;            // scenario YAML, BDM or KTAB CSV; empty = the Korean default
  std::string format = "text";  // text | json
};

int show_command(const ShowArgs& args);

// The text listing (exposed for tests).
std::string show_text(const Scenario& scenario);

}  // namespace statecraft::cli
