// The weights file of `statecraft fit`, read back by `--ensemble`.
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "core/errors.h"
#include "experiments/ensemble.h"
#include "io/input_file.h"
#include "io/yaml_reader.h"

namespace statecraft {
namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

}  // namespace

std::string weights_to_yaml(const EnsembleWeights& w) {
  std::string out =
      "# statecraft ensemble weights, written by `statecraft fit`; use with --ensemble FILE.\n"
      "# Weights are non-negative and sum to 1; half widths are in % of each issue's scale.\n"
      "statecraft_ensemble: 1\n";
  out += fmt::format("method: {}\nreason: {}\n", w.method, quoted(w.reason));
  if (w.folds)
    out += fmt::format(
        "cases: {}\noutcomes: {}\nfolds: {}\ncross_validation: {{mae_pct_of_scale_stacking: {}, "
        "mae_pct_of_scale_average: {}}}\n",
        w.cases, w.outcomes, w.folds, w.cv_mae_pct_stacking, w.cv_mae_pct_average);
  out += "models:\n";
  for (std::size_t m = 0; m < w.models.size(); ++m)
    out += fmt::format("  - {{model: {}, weight: {}}}\n", quoted(w.models[m]), w.weights[m]);
  if (!w.conformal.levels.empty()) {
    out += fmt::format("conformal:\n  calibration_residuals: {}\n  levels:\n", w.conformal.n);
    for (const auto& l : w.conformal.levels)
      out += fmt::format(
          "    - {{nominal: {}, half_width_pct_of_scale: {}}}\n", l.level,
          std::isfinite(l.half_width) ? fmt::format("{}", l.half_width) : std::string("unbounded"));
  }
  return out;
}

EnsembleWeights weights_from_yaml(const std::string& text, const std::string& file) {
  const YAML::Node root = io::parse_yaml(text, file);
  io::YamlReader r(file);
  EnsembleWeights w;
  w.origin = file;
  if (!r.check_map(root, "ensemble weights", {"statecraft_ensemble", "method", "models"},
                   {"reason", "cases", "outcomes", "folds", "cross_validation", "conformal"}))
    throw ScenarioError(r.take_problems());
  if (auto v = r.integer(root["statecraft_ensemble"], "statecraft_ensemble"); v && *v != 1)
    r.problem(root["statecraft_ensemble"], "statecraft_ensemble: expected format version 1");
  if (auto m = r.text(root["method"], "method")) {
    if (*m != "stacking" && *m != "average")
      r.problem(root["method"], fmt::format("method: expected stacking or average, got '{}'", *m));
    w.method = *m;
  }
  if (root["reason"]) w.reason = r.text(root["reason"], "reason").value_or("");
  if (root["cases"]) w.cases = int(r.integer(root["cases"], "cases").value_or(0));
  if (root["outcomes"]) w.outcomes = int(r.integer(root["outcomes"], "outcomes").value_or(0));
  if (root["folds"]) w.folds = int(r.integer(root["folds"], "folds").value_or(0));
  if (const auto& cv = root["cross_validation"]; cv) {
    if (r.check_map(cv, "cross_validation", {},
                    {"mae_pct_of_scale_stacking", "mae_pct_of_scale_average"})) {
      if (cv["mae_pct_of_scale_stacking"])
        w.cv_mae_pct_stacking = r.number(cv["mae_pct_of_scale_stacking"], "cross_validation")
                                    .value_or(w.cv_mae_pct_stacking);
      if (cv["mae_pct_of_scale_average"])
        w.cv_mae_pct_average = r.number(cv["mae_pct_of_scale_average"], "cross_validation")
                                   .value_or(w.cv_mae_pct_average);
    }
  }
  double sum = 0;
  std::set<std::string> seen;
  if (r.check_sequence(root["models"], "models")) {
    for (const auto& item : root["models"]) {
      if (!r.check_map(item, "models entry", {"model", "weight"}, {})) continue;
      const auto model = r.text(item["model"], "model");
      const auto weight = r.number(item["weight"], "weight");
      if (model && !seen.insert(*model).second)
        r.problem(item["model"], fmt::format("model: '{}' is listed twice", *model));
      if (weight && *weight < 0)
        r.problem(item["weight"], fmt::format("weight: expected a number >= 0, got {}", *weight));
      if (!model || !weight) continue;
      w.models.push_back(*model);
      w.weights.push_back(*weight);
      sum += *weight;
    }
    if (w.models.empty())
      r.problem(root["models"], "models: expected at least one {model, weight} entry");
    else if (std::abs(sum - 1) > 1e-6)
      r.problem(root["models"], fmt::format("models: the weights sum to {}, expected 1", sum));
  }
  if (const auto& c = root["conformal"];
      c && r.check_map(c, "conformal", {"levels"}, {"calibration_residuals"})) {
    if (c["calibration_residuals"])
      w.conformal.n =
          int(r.integer(c["calibration_residuals"], "calibration_residuals").value_or(0));
    if (r.check_sequence(c["levels"], "conformal levels"))
      for (const auto& item : c["levels"]) {
        if (!r.check_map(item, "conformal level", {"nominal", "half_width_pct_of_scale"}, {}))
          continue;
        const auto level = r.number(item["nominal"], "nominal");
        if (level && !(*level > 0 && *level < 1))
          r.problem(item["nominal"],
                    fmt::format("nominal: expected a level in (0, 1), got {}", *level));
        std::optional<double> half;
        const YAML::Node& h = item["half_width_pct_of_scale"];
        if (h.IsScalar() && h.Scalar() == "unbounded")
          half = std::numeric_limits<double>::infinity();
        else if ((half = r.number(h, "half_width_pct_of_scale")) && *half < 0)
          r.problem(h, fmt::format("half_width_pct_of_scale: expected >= 0, got {}", *half));
        if (level && half) w.conformal.levels.push_back({*level, *half});
      }
  }
  if (!r.ok()) throw ScenarioError(r.take_problems());
  return w;
}

EnsembleWeights load_weights_file(const std::string& path) {
  return weights_from_yaml(io::read_text_file(path), path);
}

}  // namespace statecraft
