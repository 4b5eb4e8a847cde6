// Human-readable output of the `run` command.
#pragma once

#include <string>
#include <vector>

#include "core/registry.h"
#include "core/result.h"
#include "core/scenario.h"

namespace statecraft::cli {

// "close to 'tighten them further'" etc.: where a value sits between the scale's ends.
std::string describe_position(const Scale& scale, double value);

// Per issue: the scale in words, then one line per model run with its outcome.
std::string outcome_table(const Scenario& scenario, const std::vector<ModelSpec>& specs,
                          const std::vector<ModelResult>& runs);

// The `models` listing.
std::string models_table(const Registry& registry);

}  // namespace statecraft::cli
