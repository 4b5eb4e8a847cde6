// The canonical result document: the scenario's identity and issue scales, then one
// entry per model run. Keys keep a fixed order, so equal results give equal bytes.
#pragma once

#include <string>
#include <vector>

#include "core/registry.h"
#include "core/result.h"
#include "core/scenario.h"

namespace statecraft::io {

// An issue's id, name and scale, as it opens every result and scenario summary.
Json issue_to_json(const Issue& issue);

// The registered models: name, version, description, default rounds, variants and
// parameter names (`statecraft models --format json`, the Python `models()`).
Json models_to_json(const Registry& registry);

Json result_to_json(const Scenario& scenario, const std::vector<ModelResult>& runs);
std::string result_json_text(const Scenario& scenario, const std::vector<ModelResult>& runs);

}  // namespace statecraft::io
