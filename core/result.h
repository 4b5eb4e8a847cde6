// What every model returns: enough to reproduce the run (name, version, variant,
// parameters, seed) and to show it (per-issue trajectory, outcome, model detail).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace statecraft {

using Json = nlohmann::ordered_json;

struct IssueResult {
  std::string issue;                            // issue id
  std::vector<std::string> actors;              // actor ids, trajectory column order
  std::vector<std::vector<double>> trajectory;  // [round][actor]; round 0 = input
  double outcome = 0;                           // predicted outcome on the issue scale
  Json detail = Json::object();                 // model-specific (offers, risk, ...)
};

struct ModelResult {
  std::string model;
  std::string variant;
  std::string version;
  std::uint64_t seed = 0;
  Json parameters = Json::object();
  std::vector<IssueResult> issues;  // scenario issue order
  Json detail = Json::object();     // model-specific, across issues (e.g. SMP's joint options)
};

}  // namespace statecraft
