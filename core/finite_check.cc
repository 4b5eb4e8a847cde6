#include "core/finite_check.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>

namespace statecraft {
namespace {

// The JSON path ("offers[2].value") of the first non-finite number in `j`.
std::optional<std::pair<std::string, double>> first_non_finite(const Json& j,
                                                               const std::string& path) {
  if (j.is_number_float()) {
    const double v = j.get<double>();
    if (!std::isfinite(v)) return std::make_pair(path, v);
  } else if (j.is_array()) {
    for (std::size_t k = 0; k < j.size(); ++k)
      if (auto hit = first_non_finite(j[k], fmt::format("{}[{}]", path, k))) return hit;
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items())
      if (auto hit = first_non_finite(value, path.empty() ? key : path + "." + key)) return hit;
  }
  return std::nullopt;
}

}  // namespace

NonFiniteResult::NonFiniteResult(const std::string& model_label, const std::string& where,
                                 double value)
    : InputError(Location{"", 0, 0, fmt::format("model {}: {}", model_label, where)},
                 fmt::format("the model computed {} here: the scenario's magnitudes exceed what "
                             "double precision can carry through this model (rescale the "
                             "capabilities or the scale; docs/scenario-format.md#magnitudes)",
                             value)) {}

void check_finite(const ModelResult& result, const std::string& model_label) {
  for (const auto& is : result.issues) {
    const std::string owner = fmt::format("issue '{}'", is.issue);
    if (!std::isfinite(is.outcome))
      throw NonFiniteResult(model_label, owner + " outcome", is.outcome);
    for (std::size_t r = 0; r < is.trajectory.size(); ++r)
      for (std::size_t a = 0; a < is.trajectory[r].size(); ++a) {
        const double v = is.trajectory[r][a];
        if (std::isfinite(v)) continue;
        const std::string actor = a < is.actors.size() ? is.actors[a] : std::to_string(a);
        throw NonFiniteResult(model_label,
                              fmt::format("{} trajectory round {} actor '{}'", owner, r, actor), v);
      }
    if (auto hit = first_non_finite(is.detail, ""))
      throw NonFiniteResult(model_label, fmt::format("{} detail {}", owner, hit->first),
                            hit->second);
  }
  if (auto hit = first_non_finite(result.detail, ""))
    throw NonFiniteResult(model_label, "detail " + hit->first, hit->second);
}

}  // namespace statecraft
