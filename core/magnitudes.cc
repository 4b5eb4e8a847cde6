#include "core/magnitudes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/scenario.h"

namespace statecraft {

std::optional<std::string> scale_end_problem(double value) {
  if (std::isfinite(value) && std::abs(value) <= kMaxScaleMagnitude) return std::nullopt;
  return fmt::format("expected a scale end within [-{0:g}, {0:g}], got {1:g}", kMaxScaleMagnitude,
                     value);
}

std::optional<std::string> scale_width_problem(double min, double max) {
  const double largest = std::max({1.0, std::abs(min), std::abs(max)});
  if (max - min >= kMinRelativeScaleWidth * largest) return std::nullopt;
  return fmt::format(
      "scale [{:g}, {:g}] is too narrow: its width must be at least {:g} times "
      "its larger end",
      min, max, kMinRelativeScaleWidth);
}

std::optional<std::string> capability_problem(double value) {
  if (value == 0 || (value >= kMinPositiveCapability && value <= kMaxCapability))
    return std::nullopt;
  return fmt::format("expected a capability of 0 or within [{:g}, {:g}], got {:g}",
                     kMinPositiveCapability, kMaxCapability, value);
}

std::optional<std::string> salience_problem(double value) {
  if (value == 0 || (value >= kMinPositiveSalience && value <= 1)) return std::nullopt;
  return fmt::format("expected a salience of 0 or within [{:g}, 100], got {:g}",
                     kMinPositiveSalience * 100, value * 100);
}

void check_magnitudes(const Scenario& s, const std::string& file) {
  std::vector<Problem> problems;
  auto add = [&](const std::string& field, const std::optional<std::string>& problem) {
    if (problem) problems.push_back({Location{file, 0, 0, field}, *problem});
  };
  auto add_range = [&](const std::string& field, const std::optional<std::pair<double, double>>& r,
                       auto check) {
    if (!r) return;
    add(field + " range low", check(r->first));
    add(field + " range high", check(r->second));
  };
  for (const auto& a : s.actors) {
    const std::string field = fmt::format("actor '{}' capability", a.id);
    add(field, capability_problem(a.capability.value));
    add_range(field, a.capability.range, capability_problem);
  }
  for (const auto& is : s.issues) {
    const std::string owner = fmt::format("issue '{}'", is.id);
    add(owner + " scale min", scale_end_problem(is.scale.min));
    add(owner + " scale max", scale_end_problem(is.scale.max));
    add(owner + " scale", scale_width_problem(is.scale.min, is.scale.max));
    for (const auto& st : is.stances) {
      const std::string what = fmt::format("{} actor '{}'", owner, s.actors[st.actor].id);
      add(what + " salience", salience_problem(st.salience.value));
      add_range(what + " salience", st.salience.range, salience_problem);
      if (st.capability) {
        add(what + " capability", capability_problem(st.capability->value));
        add_range(what + " capability", st.capability->range, capability_problem);
      }
    }
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
}

}  // namespace statecraft
