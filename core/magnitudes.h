// The magnitudes every model can handle. Beyond them, sums of squared distances or
// products of capabilities overflow or underflow double precision and a model would
// return NaN, so the loaders reject such input with a located error instead
// (docs/scenario-format.md#magnitudes states the bounds).
#pragma once

#include <optional>
#include <string>

#include "core/errors.h"

namespace statecraft {

struct Scenario;

// |scale min|, |scale max| and so every position, status quo and outcome.
inline constexpr double kMaxScaleMagnitude = 1e9;
// A scale's width relative to its larger end: narrower scales lose every digit.
inline constexpr double kMinRelativeScaleWidth = 1e-9;
// Capabilities: 0, or between these (any unit shared by the scenario's actors).
inline constexpr double kMinPositiveCapability = 1e-9;
inline constexpr double kMaxCapability = 1e12;
// Saliences (0..1 internally): 0, or at least this.
inline constexpr double kMinPositiveSalience = 1e-9;

// Each returns nullopt when the value is within bounds, else what was expected
// ("expected |value| <= 1e+09, got 1e+20"), for the loaders to place at a location.
std::optional<std::string> scale_end_problem(double value);
std::optional<std::string> scale_width_problem(double min, double max);
std::optional<std::string> capability_problem(double value);
std::optional<std::string> salience_problem(double value);  // 0..1

// The last line of defence, run on every loaded scenario (io::finish_import): a
// ScenarioError naming the actor, issue and field of every value out of bounds.
void check_magnitudes(const Scenario& scenario, const std::string& file);

}  // namespace statecraft
