// One policy-lab run request (POST /api/run) from body to result document, apart from
// HTTP. The request contract is docs/api.md's; the lab server's handler only calls this.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>

#include "core/result.h"
#include "core/scenario.h"

namespace statecraft::server {

// A request refused before anything runs: 400 (malformed, unknown key, wrong type) or
// 404 (unknown scenario id). Bad scenario content, models or changes are InputError (422).
class LabRequestError : public std::runtime_error {
 public:
  LabRequestError(int status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

struct LabRunSettings {
  double time_limit = 10;  // seconds; past it the run stops with Cancelled (HTTP 503)
  int max_mc_runs = 5000;  // Monte Carlo draws one request may ask for
  // Fraction done in [0, 1] while a Monte Carlo request runs (the page's progress bar).
  std::function<void(double)> progress;
};

// The result document, or with "compare": {"baseline", "edited", "difference"}.
// Throws LabRequestError, InputError (422) or Cancelled.
Json run_lab_request(const std::string& body, const std::map<std::string, ScenarioPtr>& scenarios,
                     const LabRunSettings& settings);

// The models the lab runs when a request names none (the same as `statecraft run`).
const std::vector<std::string>& lab_default_models();

}  // namespace statecraft::server
