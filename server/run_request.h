// Decoding a policy-lab /api/run request body into the pipeline's RunRequest, apart from
// HTTP so that it can be fuzzed and tested on its own. Decoding checks shapes and names
// (400 malformed, 404 unknown scenario); the pipeline's `prepare` then checks every value
// against the scenario (422 listing every problem). Nothing is clamped.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>

#include "experiments/pipeline.h"

namespace statecraft::server {

struct LabRequest {
  RunRequest run;              // the edited run: scenario + interventions + changes
  bool compare = false;        // also run the baseline (no interventions, no changes)
  std::optional<int> mc_runs;  // Monte Carlo bands on demand
};

// A request the lab refuses before running anything (400 malformed, 404 unknown scenario).
struct ApiError {
  int status = 400;
  std::string message;
};

// Body (docs/api.md): {"scenario": id | "yaml": text (+ "origin": its file name), "models": [...],
// "rounds": N, "seed": S, "interventions": [...], "changes": [...], "institutions": bool,
// "conflicts": bool, "compare": bool, "mc": {"runs": N}}; an unknown key is an error.
// Throws InputError (422) for bad scenario content; never anything else for any body.
std::variant<LabRequest, ApiError> decode_run_request(
    const std::string& body, const std::map<std::string, ScenarioPtr>& scenarios,
    const std::string& upload_name = "upload.yaml");

}  // namespace statecraft::server
