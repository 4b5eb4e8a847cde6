// CSV views of results: one row per (model, issue) outcome, and a long table of every
// actor's position in every round.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/scenario.h"

namespace statecraft::io {

// model,variant,issue,outcome,scale_min,scale_max,low,high
std::string outcomes_csv(const Scenario& scenario, const std::vector<ModelResult>& runs);
// model,variant,issue,round,actor,position
std::string trajectories_csv(const std::vector<ModelResult>& runs);
// Quotes a field when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);

}  // namespace statecraft::io
