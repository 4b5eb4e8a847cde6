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

// The scenario's inputs as a report needs them: actors with capabilities, each issue's
// stances (saliences 0-100, as files write them) and status quo, institutions,
// interventions in words, and the sources every number cites.
// `stated`, if given, is the scenario as written when `scenario` has interventions or edits
// applied: interventions are then described against the stated values.
Json inputs_to_json(const Scenario& scenario, const Scenario* stated = nullptr);

// The result document: scenario identity, issues, one entry per run (each issue with a
// plain-language "why", core/explain.h) and the inputs.
Json result_to_json(const Scenario& scenario, const std::vector<ModelResult>& runs,
                    const Scenario* stated = nullptr);
std::string result_json_text(const Scenario& scenario, const std::vector<ModelResult>& runs);

}  // namespace statecraft::io
