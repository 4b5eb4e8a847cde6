// Decoding a policy-lab /api/run request body into the scenario and models to run, apart
// from HTTP so that it can be fuzzed and tested on its own.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/scenario.h"

namespace statecraft::server {

struct RunRequest {
  Scenario scenario;  // the base scenario with the request's changes and interventions
  std::vector<std::string> models;
};

// A request the lab refuses before running anything (400 malformed, 404 unknown scenario).
struct ApiError {
  int status = 400;
  std::string message;
};

// Body: {"scenario": id | "yaml": text, "changes": [...], "interventions": [...],
// "models": [...]} (docs/api.md). InputError (422) for bad scenario content or unknown
// actors/issues/interventions; never throws anything else for any body.
std::variant<RunRequest, ApiError> decode_run_request(
    const std::string& body, const std::map<std::string, ScenarioPtr>& scenarios);

}  // namespace statecraft::server
