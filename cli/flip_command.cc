#include "cli/flip_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/request_args.h"
#include "core/changes.h"
#include "core/errors.h"
#include "experiments/flip.h"
#include "experiments/pipeline.h"
#include "experiments/responses.h"
#include "io/atomic_write.h"
#include "io/input_file.h"

namespace statecraft::cli {
namespace {

std::string table(const Json& doc) {
  std::string out = fmt::format("{}\n  margin {:+.3f} at the declared values ({})\n\n",
                                doc["conclusion"].get<std::string>(), doc["margin"].get<double>(),
                                doc["holds"].get<bool>() ? "holds" : "does not hold");
  // Inputs that move the margin (the rest are listed in the JSON; here they would only bury
  // the ones that matter), each named with its declared value and cited range.
  std::vector<std::pair<std::string, const Json*>> shown;
  std::size_t inert = 0, width = 40;
  for (const auto& in : doc["inputs"]) {
    if (in["swing"].get<double>() == 0 && !in["searched"].get<bool>()) {
      ++inert;
      continue;
    }
    shown.emplace_back(fmt::format("{} ({:.4g}; {:.4g} to {:.4g})", in["name"].get<std::string>(),
                                   in["declared"].get<double>(), in["cited_range"][0].get<double>(),
                                   in["cited_range"][1].get<double>()),
                       &in);
    width = std::max(width, shown.back().first.size());  // names are ASCII ids and numbers
  }
  out += fmt::format("  {:<{}} {:>9} {:>9} {:>8}  {}\n", "input (declared; cited range)", width,
                     "at low", "at high", "swing", "what would flip it");
  for (const auto& [name, p] : shown) {
    const Json& in = *p;
    std::string line = fmt::format(
        "  {:<{}} {:>+9.3f} {:>+9.3f} {:>8.3f}  {}", name, width, in["margin_at_low"].get<double>(),
        in["margin_at_high"].get<double>(), in["swing"].get<double>(),
        in["searched"].get<bool>() ? in["verdict"].get<std::string>() : "");
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  if (doc["inputs"].empty()) out += "  (the scenario declares no uncertain numbers)\n";
  if (doc["runs_with_unsettled_responses"].get<int>() > 0)
    out += fmt::format(
        "  warning: in {} of {} runs of the coupled system the responses did not converge "
        "(cycle or iteration limit); those margins are the last model run's\n",
        doc["runs_with_unsettled_responses"].get<int>(), doc["runs"].get<int>());
  if (inert)
    out += fmt::format("  ({} more inputs do not move the margin at either end of their range)\n",
                       inert);
  return out;
}

}  // namespace

int flip_command(const FlipArgs& args) {
  if (args.format != "table" && args.format != "json")
    throw OptionError("--format", fmt::format("expected table or json, got '{}'", args.format));
  if (args.top < 0) throw OptionError("--top", "expected 0 or more");
  RequestArgs request_args;
  request_args.input = args.input;
  request_args.models = {args.model};
  request_args.params = args.params;
  request_args.rounds = args.rounds;
  request_args.seed = args.seed;
  request_args.threads = args.threads;
  if (!args.intervention.empty()) request_args.interventions = {args.intervention};
  const PreparedRequest request = prepare(to_request(request_args));
  if (request.models.size() != 1) throw OptionError("--model", "expected exactly one model");
  const ModelChoice& model = request.models[0];
  const std::string label = model.label();
  const ScenarioPtr scenario = request.base;
  const auto issue = scenario->issue_index(args.issue);
  if (!issue)
    throw OptionError("--issue",
                      fmt::format("scenario '{}' has no issue '{}'", scenario->id, args.issue));
  const Intervention* intervention =
      args.intervention.empty() ? nullptr : &find_intervention(*scenario, args.intervention);

  // The pipeline's model run (veto rules, responses solved around the model) at the point
  // forecast's seed node, one thread per run (flip spreads its evaluations over the
  // threads), without the models' explanatory detail, which no margin reads.
  const SeedTree node = point_node(request.seed);
  const std::size_t i = *issue;
  const Scale& scale = scenario->issues[i].scale;
  const double mid = 0.5 * (scale.min + scale.max);
  // Runs whose responses did not settle are counted: a margin read from a cycling or
  // non-converged loop is the last run's, and the reader should know how many there were.
  std::atomic<int> runs{0}, unsettled{0};
  auto outcome = [&](const Scenario& s) {
    const ModelResult r = run_model(s, model, node, 1, request.institutions, {}, false);
    ++runs;
    const auto responses = r.detail.find("responses");
    if (responses != r.detail.end() && !responses->value("converged", true)) ++unsettled;
    return r.issues[i].outcome;
  };
  auto raw = [&](const Scenario& s) {
    if (!intervention) return outcome(s) - mid;
    Scenario with = request.apply_to(s);
    pin_set_responses(intervention->changes, with);
    return outcome(with) - outcome(s);
  };
  // Orient the margin so that the conclusion drawn at the declared values holds (> 0).
  const double declared = raw(*scenario);
  const double sign = declared < 0 ? -1 : 1;
  std::string conclusion;
  if (intervention)
    conclusion = fmt::format("{}: '{}' {} the outcome of {} ({:+.3f})", label, intervention->id,
                             sign > 0 ? "raises" : "lowers", args.issue, declared);
  else
    conclusion = fmt::format("{}: the outcome of {} is {} the scale's midpoint {:g} ({:.3f})",
                             label, args.issue, sign > 0 ? "above" : "below", mid, declared + mid);
  FlipOptions options;
  options.top = args.top;
  options.threads = request.threads;
  const FlipReport report = what_would_flip(
      *scenario, [&](const Scenario& s) { return sign * raw(s); }, options);
  Json doc = to_json(report, intervention != nullptr);
  Json out = {{"scenario", scenario->id},
              {"model", label},
              {"issue", args.issue},
              {"intervention", intervention ? Json(intervention->id) : Json(nullptr)},
              {"conclusion", conclusion},
              {"runs", runs.load()},
              {"runs_with_unsettled_responses", unsettled.load()}};
  for (auto& [k, v] : doc.items()) out[k] = v;
  const std::string json = out.dump(2) + "\n";
  std::string written;
  if (!args.out_dir.empty()) {
    std::string model_part = label;
    std::replace(model_part.begin(), model_part.end(), ':', '-');
    written =
        io::write_file_into(args.out_dir,
                            fmt::format("{}.flip.{}.{}.{}.json", scenario->id, args.issue,
                                        intervention ? intervention->id : "outcome", model_part),
                            json);
  }
  std::cout << (args.format == "json" ? json : table(out));
  if (args.format == "table" && !written.empty())
    std::cout << fmt::format("\nResult: {} (add it to a report with --flip)\n", written);
  return 0;
}

}  // namespace statecraft::cli
