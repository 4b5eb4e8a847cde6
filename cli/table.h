// Human-readable output of the `run` command.
#pragma once

#include <string>
#include <vector>

#include "core/registry.h"
#include "core/result.h"
#include "core/scenario.h"

namespace statecraft::cli {

// Per issue: the scale in words, then one line per model run with its outcome. With
// `color`, ANSI styles mark issues, outcomes and vetoes (for terminals only); with `why`,
// each line is followed by the plain-language reason (core/explain.h).
std::string outcome_table(const Scenario& scenario, const std::vector<ModelSpec>& specs,
                          const std::vector<ModelResult>& runs, bool color = false,
                          bool why = false);

// Colour when stdout is a terminal and NO_COLOR (no-color.org) is unset.
bool stdout_wants_color();

// The `models` listing.
std::string models_table(const Registry& registry);

}  // namespace statecraft::cli
