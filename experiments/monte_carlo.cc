#include "experiments/monte_carlo.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/errors.h"
#include "core/limits.h"
#include "core/parallel.h"
#include "core/rng.h"
#include "experiments/distributed.h"
#include "experiments/institutions.h"
#include "experiments/package_deals.h"
#include "experiments/responses.h"
#include "experiments/statistics.h"

namespace statecraft {
namespace {

Json summary_json(const Summary& s) {
  return {{"mean", s.mean}, {"sd", s.sd}, {"p05", s.p05}, {"median", s.median}, {"p95", s.p95}};
}

// Under MPI: every process holds its own runs and zeros elsewhere; summing onto rank 0
// assembles the full samples exactly.
void gather_to_root(McSamples& out, int runs) {
  std::vector<double> flat;
  for (const auto& draw : out.draws) {
    if (draw.empty())
      flat.insert(flat.end(), out.parameters.size(), 0.0);
    else
      flat.insert(flat.end(), draw.begin(), draw.end());
  }
  for (const auto& model : out.outcomes)
    for (const auto& issue : model) flat.insert(flat.end(), issue.begin(), issue.end());
  for (const auto& model : out.positions)
    for (const auto& issue : model)
      for (const auto& actor : issue) flat.insert(flat.end(), actor.begin(), actor.end());
  for (const auto& model : out.responses)
    for (const auto& response : model) flat.insert(flat.end(), response.begin(), response.end());
  for (const auto& model : out.unsettled) flat.insert(flat.end(), model.begin(), model.end());
  combine_to_root(flat);
  if (flat.empty()) return;  // not rank 0
  std::size_t k = 0;
  for (int r = 0; r < runs; ++r) {
    out.draws[r].assign(flat.begin() + long(k), flat.begin() + long(k + out.parameters.size()));
    k += out.parameters.size();
  }
  for (auto& model : out.outcomes)
    for (auto& issue : model)
      for (auto& x : issue) x = flat[k++];
  for (auto& model : out.positions)
    for (auto& issue : model)
      for (auto& actor : issue)
        for (auto& x : actor) x = flat[k++];
  for (auto& model : out.responses)
    for (auto& response : model)
      for (auto& x : response) x = flat[k++];
  for (auto& model : out.unsettled)
    for (auto& x : model) x = flat[k++];
}

// What every response did in a run (value - base: the intervention's own change to the
// starting point is not the response's) and whether its loop settled; nothing without
// responses.
void read_responses(const ModelResult& r, std::vector<std::vector<double>>& into, double& unsettled,
                    int run) {
  if (!r.detail.is_object() || !r.detail.contains("responses")) return;
  const Json& diag = r.detail["responses"];
  const Json& per = diag["per_response"];
  for (std::size_t j = 0; j < per.size() && j < into.size(); ++j)
    into[j][std::size_t(run)] = per[j]["value"].get<double>() - per[j]["base"].get<double>();
  unsettled = diag.value("status", std::string("converged")) == "converged" ? 0 : 1;
}

// How many Monte Carlo runs of model m ended with a response loop that did not settle.
int unsettled_runs(const McSamples& samples, std::size_t m) {
  if (m >= samples.unsettled.size()) return 0;
  double n = 0;
  for (double x : samples.unsettled[m]) n += x;
  return int(n);
}

}  // namespace

std::vector<ModelResult> run_point(const McOptions& o) { return forecast(o.request).runs; }

McSamples run_monte_carlo(const McOptions& o) {
  if (o.runs < 1 || o.runs > limits().runs)
    throw OptionError(
        "runs", fmt::format("expected 1..{} runs (--limit runs), got {}", limits().runs, o.runs));
  const PreparedRequest& req = o.request;
  if (req.models.empty()) throw OptionError("model", "choose at least one model");
  const Scenario& scenario = *req.base;
  McSamples out;
  out.parameters = uncertain_parameters(scenario);
  const std::size_t nm = req.models.size(), ni = scenario.issues.size();
  // A point run fixes the shapes (actor slots per model and issue).
  std::vector<ModelResult> point;
  for (const auto& m : req.models)
    point.push_back(
        run_model(*req.scenario, m, point_node(req.seed), req.threads, req.institutions));
  out.draws.assign(o.runs, {});
  out.outcomes.assign(nm, std::vector<std::vector<double>>(ni, std::vector<double>(o.runs)));
  out.positions.assign(nm, std::vector<std::vector<std::vector<double>>>(ni));
  out.actors.assign(nm, std::vector<std::vector<std::string>>(ni));
  out.responses.assign(
      nm, std::vector<std::vector<double>>(scenario.responses.size(), std::vector<double>(o.runs)));
  out.unsettled.assign(nm, std::vector<double>(o.runs, 0.0));
  for (std::size_t m = 0; m < nm; ++m)
    for (std::size_t i = 0; i < ni; ++i) {
      out.actors[m][i] = point[m].issues[i].actors;
      out.positions[m][i].assign(out.actors[m][i].size(), std::vector<double>(o.runs));
    }
  const int batch = std::max(1, o.batch);
  const Distributed mpi = distributed();
  std::vector<int> mine;  // the runs this process computes (all of them without MPI)
  for (int run = 0; run < o.runs; ++run)
    if (run % mpi.size == mpi.rank) mine.push_back(run);
  for (std::size_t from = 0; from < mine.size(); from += std::size_t(batch)) {
    const std::size_t to = std::min(mine.size(), from + std::size_t(batch));
    parallel_for(to - from, req.threads, [&](std::size_t k) {
      const int run = mine[from + k];
      const SeedTree node = SeedTree(req.seed).child(StreamPurpose::McRun, std::uint64_t(run));
      Rng rng = node.child(StreamPurpose::Draws).rng();
      Scenario drawn = scenario;
      out.draws[run] = draw_parameters(out.parameters, rng, drawn);
      const Scenario s = req.apply_to(drawn);
      for (std::size_t m = 0; m < nm; ++m) {
        // Outcomes and positions only: the explanatory detail would cost more than the model.
        const ModelResult result =
            run_model(s, req.models[m], node, 1, req.institutions, {}, false);
        for (std::size_t i = 0; i < ni; ++i) {
          out.outcomes[m][i][run] = result.issues[i].outcome;
          const auto& last = result.issues[i].trajectory.back();
          for (std::size_t a = 0; a < last.size() && a < out.positions[m][i].size(); ++a)
            out.positions[m][i][a][run] = last[a];
        }
        read_responses(result, out.responses[m], out.unsettled[m][std::size_t(run)], run);
      }
    });
    if (mpi.size == 1) {
      if (o.on_batch) o.on_batch(out, mine[from], mine[to - 1] + 1);
      if (o.progress) o.progress(mine[to - 1] + 1, o.runs);
    }
  }
  if (mpi.size > 1) {
    gather_to_root(out, o.runs);
    if (mpi.rank == 0)
      for (int from = 0; from < o.runs; from += batch) {
        const int to = std::min(o.runs, from + batch);
        if (o.on_batch) o.on_batch(out, from, to);
        if (o.progress) o.progress(to, o.runs);
      }
  }
  return out;
}

Json summarize_monte_carlo(const McOptions& o, const McSamples& mc,
                           const std::vector<ModelResult>& point) {
  const Scenario& s = *o.request.base;
  const auto& chosen = o.request.models;
  Json models = Json::array();
  for (std::size_t m = 0; m < chosen.size(); ++m) {
    Json issues = Json::array();
    for (std::size_t i = 0; i < s.issues.size(); ++i) {
      const auto& outcomes = mc.outcomes[m][i];
      Json actors = Json::object();
      for (std::size_t a = 0; a < mc.actors[m][i].size(); ++a)
        actors[mc.actors[m][i][a]] = summary_json(summarize(mc.positions[m][i][a]));
      // Sensitivity: Spearman rank correlation of each drawn parameter with the outcome.
      std::vector<std::pair<double, std::size_t>> rho;
      for (std::size_t p = 0; p < mc.parameters.size(); ++p) {
        std::vector<double> x(mc.draws.size());
        for (std::size_t r = 0; r < mc.draws.size(); ++r) x[r] = mc.draws[r][p];
        rho.emplace_back(spearman(x, outcomes), p);
      }
      std::stable_sort(rho.begin(), rho.end(), [](const auto& a, const auto& b) {
        return std::abs(a.first) > std::abs(b.first);
      });
      Json sensitivity = Json::array();
      for (std::size_t k = 0; k < std::min<std::size_t>(5, rho.size()); ++k)
        sensitivity.push_back(
            {{"parameter", mc.parameters[rho[k].second].name}, {"spearman", rho[k].first}});
      issues.push_back({{"issue", s.issues[i].id},
                        {"point", point[m].issues[i].outcome},
                        {"outcome", summary_json(summarize(outcomes))},
                        {"actors", actors},
                        {"sensitivity", sensitivity}});
    }
    Json model = {{"model", chosen[m].spec.model->name()},
                  {"variant", chosen[m].spec.variant},
                  {"issues", issues}};
    if (!s.responses.empty()) model["runs_with_unsettled_responses"] = unsettled_runs(mc, m);
    models.push_back(std::move(model));
  }
  Json params = Json::array();
  for (const auto& p : mc.parameters)
    params.push_back({{"name", p.name}, {"low", p.low}, {"mode", p.mode}, {"high", p.high}});
  return {{"runs", o.runs},
          {"seed", o.request.seed},
          {"distribution", "triangular(low, declared value, high)"},
          {"institutions_applied", o.request.institutions},
          {"interventions", o.request.interventions},
          {"parameters", params},
          {"models", models}};
}

namespace {

// The response solver's diagnostics of a run (empty without responses).
Json response_diagnostics(const ModelResult& r) {
  return r.detail.is_object() && r.detail.contains("responses") ? r.detail["responses"]
                                                                : Json::object();
}

// The direction of an effect over the paired draws: "up" or "down" when the 5-95% range of
// the difference lies on one side of zero, "none" when nothing moves, else "uncertain".
std::string effect_direction(double p05, double p95) {
  constexpr double tol = 1e-9;
  if (std::abs(p05) <= tol && std::abs(p95) <= tol) return "none";
  if (p05 >= -tol) return "up";
  if (p95 <= tol) return "down";
  return "uncertain";
}

}  // namespace

Json summarize_whatif(const McOptions& o, const McSamples& base, const McSamples& changed,
                      const std::vector<ModelResult>& point_base,
                      const std::vector<ModelResult>& point_changed) {
  const Scenario& s = *o.request.base;
  const auto& chosen = o.request.models;
  // A model that could run only one of the two scenarios (its point forecast was dropped)
  // has nothing to compare: say which, rather than pair the wrong results.
  for (const auto* point : {&point_base, &point_changed})
    if (point->size() != chosen.size() || base.outcomes.size() != chosen.size() ||
        changed.outcomes.size() != chosen.size()) {
      std::vector<std::string> ran;
      for (const auto& r : *point) ran.push_back(r.model + ":" + r.variant);
      throw OptionError(
          "model", fmt::format("a what-if needs every model to run with and without the changes; "
                               "only {} of {} ran on one side ({})",
                               point->size(), chosen.size(), fmt::join(ran, ", ")));
    }
  Json models = Json::array();
  for (std::size_t m = 0; m < chosen.size(); ++m) {
    Json issues = Json::array();
    for (std::size_t i = 0; i < s.issues.size(); ++i) {
      std::vector<double> diff(base.outcomes[m][i].size());
      for (std::size_t r = 0; r < diff.size(); ++r)
        diff[r] = changed.outcomes[m][i][r] - base.outcomes[m][i][r];
      Json actors = Json::object();
      for (std::size_t a = 0; a < base.actors[m][i].size(); ++a) {
        std::vector<double> d(diff.size());
        for (std::size_t r = 0; r < d.size(); ++r)
          d[r] = changed.positions[m][i][a][r] - base.positions[m][i][a][r];
        actors[base.actors[m][i][a]] = summary_json(summarize(d));
      }
      const Summary shift = summarize(diff);
      issues.push_back(
          {{"issue", s.issues[i].id},
           {"baseline", point_base[m].issues[i].outcome},
           {"intervention", point_changed[m].issues[i].outcome},
           {"point_shift", point_changed[m].issues[i].outcome - point_base[m].issues[i].outcome},
           {"shift", summary_json(shift)},
           {"direction", effect_direction(shift.p05, shift.p95)},
           {"actor_shift", actors}});
    }
    // How the responses carried the intervention: values at the point forecasts, and the
    // change the response itself made over the paired draws (not the intervention's own
    // change to the value's starting point).
    Json responses = response_effects(response_diagnostics(point_base[m]),
                                      response_diagnostics(point_changed[m]));
    for (std::size_t j = 0; j < responses.size() && j < base.responses[m].size(); ++j) {
      std::vector<double> d(base.responses[m][j].size());
      for (std::size_t r = 0; r < d.size(); ++r)
        d[r] = changed.responses[m][j][r] - base.responses[m][j][r];
      const Summary change = summarize(d);
      responses[j]["change_over_draws"] = summary_json(change);
      responses[j]["direction"] = effect_direction(change.p05, change.p95);
    }
    Json model = {{"model", chosen[m].spec.model->name()},
                  {"variant", chosen[m].spec.variant},
                  {"issues", issues},
                  {"responses", responses}};
    if (!s.responses.empty())
      model["runs_with_unsettled_responses"] = {{"baseline", unsettled_runs(base, m)},
                                                {"with", unsettled_runs(changed, m)}};
    models.push_back(std::move(model));
  }
  // Would each actor accept the package? Each model's own utility at the point forecasts,
  // with the actors' baseline stances as ideals, and how many paired draws agree.
  Json packages = Json::array();
  for (std::size_t m = 0; m < chosen.size(); ++m) {
    Json p = package_verdicts(*o.request.base, point_base[m], point_changed[m]);
    add_draw_shares(p, *o.request.base, point_base[m], base.outcomes[m], changed.outcomes[m]);
    packages.push_back(std::move(p));
  }
  return {{"runs", o.runs},
          {"seed", o.request.seed},
          {"interventions", o.request.interventions},
          {"common_random_numbers", true},
          {"models", models},
          {"packages", packages}};
}

}  // namespace statecraft
