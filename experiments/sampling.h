// Drawing uncertain scenario parameters, and applying interventions.
#pragma once

#include <string>
#include <vector>

#include "core/changes.h"
#include "core/rng.h"
#include "core/scenario.h"

namespace statecraft {

// One uncertain number of a scenario: where it lives and the range it is drawn from.
struct Parameter {
  std::string name;  // "capability/RUS", "position/sanctions_enforcement/RUS", ...
  // ResponseSlope: the slope of scenario.responses[stance] (issue 14).
  enum class Kind {
    Capability,
    Position,
    Salience,
    IssueCapability,
    StatusQuo,
    ResponseSlope
  } kind;
  std::size_t actor = 0, issue = 0, stance = 0;
  double low = 0, mode = 0, high = 0;
};

// Every parameter with a declared range, in a fixed order (actors, then issues in file
// order, then response slopes in file order).
std::vector<Parameter> uncertain_parameters(const Scenario& scenario);

// Draws each parameter from a triangular distribution (low, declared value, high) and
// writes the draw into `scenario`; returns the values drawn, in parameter order.
std::vector<double> draw_parameters(const std::vector<Parameter>& params, Rng& rng,
                                    Scenario& scenario);

// "slope/<issue>/<actor>/<driver issue>[/<driver actor>][/salience]": a response's slope.
std::string response_slope_name(const Scenario& scenario, const Response& response);

// Writes one parameter's value into `scenario`.
void set_parameter(const Parameter& parameter, double value, Scenario& scenario);

}  // namespace statecraft
