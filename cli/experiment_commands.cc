#include "cli/experiment_commands.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/evaluate_commands.h"
#include "cli/progress.h"
#include "cli/table.h"
#include "core/errors.h"
#include "core/limits.h"
#include "experiments/backtest.h"
#include "experiments/distributed.h"
#include "experiments/monte_carlo.h"
#include "experiments/package_deals.h"
#include "io/atomic_write.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
#include "io/study_db.h"

namespace statecraft::cli {
namespace {

bool looks_like_file(const std::string& s) {
  const std::string ext = std::filesystem::path(s).extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".csv";
}

struct Setup {
  McOptions options;              // the request with every intervention named
  std::vector<std::string> rest;  // positional arguments after the scenario
};

// [SCENARIO] [INTERVENTION...]: the interventions (positional or --intervention) go into the
// request, validated with everything else by the pipeline.
Setup setup(const ExperimentArgs& args, bool interventions_allowed) {
  if (args.format != "table" && args.format != "json")
    throw OptionError("--format", fmt::format("expected table or json, got '{}'", args.format));
  RequestArgs ra = args.request;
  std::size_t first = 0;
  if (!args.positional.empty() && looks_like_file(args.positional[0])) {
    ra.input = args.positional[0];
    first = 1;
  }
  Setup s;
  s.rest.assign(args.positional.begin() + long(first), args.positional.end());
  if (interventions_allowed)
    ra.interventions.insert(ra.interventions.end(), s.rest.begin(), s.rest.end());
  if (args.runs < 1 || args.runs > limits().runs)
    throw OptionError("--runs", fmt::format("expected 1..{} runs (--limit runs), got {}",
                                            limits().runs, args.runs));
  s.options.request = prepare(to_request(ra));
  s.options.runs = args.runs;
  return s;
}

// Models that cannot run the scenario are left out of the experiment, with a note.
// Returns the point forecast of the models kept.
std::vector<ModelResult> drop_failed_models(McOptions& o, bool quiet) {
  Forecast f = keep_runnable_models(o.request);
  for (const auto& x : f.failures)
    if (!quiet) std::cerr << fmt::format("statecraft: {} left out: {}\n", x.model, x.reason);
  return std::move(f.runs);
}

std::string interval(const Json& summary) {
  return fmt::format("{:6.1f} – {:<6.1f}", summary["p05"].get<double>(),
                     summary["p95"].get<double>());
}

void write_json(const ExperimentArgs& args, const std::string& name, const std::string& text) {
  if (!args.out_dir.empty()) io::write_file_into(args.out_dir, name, text);
}

// Writes every batch of a Monte Carlo arm to the study database, if one was asked for.
struct Study {
  std::unique_ptr<io::StudyDb> db;

  Study(const ExperimentArgs& args, const McOptions& o, const std::string& command) {
    if (args.db.empty() || distributed().rank != 0) return;
    std::string models;
    for (const auto& m : o.request.models) models += (models.empty() ? "" : ",") + m.label();
    std::string ivs;
    for (const auto& i : o.request.interventions) ivs += (ivs.empty() ? "" : ",") + i;
    db = std::make_unique<io::StudyDb>(
        args.db, io::StudyInfo{command, o.request.base->id, models, ivs, o.request.seed, o.runs});
    std::vector<io::StudyDb::ParameterRow> rows;
    for (const auto& p : uncertain_parameters(*o.request.base))
      rows.push_back({p.name, p.low, p.mode, p.high});
    db->add_parameters(rows);
  }

  void attach(McOptions& o, const Scenario& scenario, const std::string& arm, bool with_draws) {
    if (!db) return;
    o.on_batch = [this, &scenario, arm, with_draws, &o](const McSamples& mc, int from, int to) {
      std::vector<io::StudyDb::DrawRow> draws;
      std::vector<io::StudyDb::ResultRow> results;
      for (int r = from; r < to; ++r) {
        if (with_draws)
          for (std::size_t p = 0; p < mc.draws[r].size(); ++p)
            draws.push_back({r, int(p), mc.draws[r][p]});
        for (std::size_t m = 0; m < o.request.models.size(); ++m)
          for (std::size_t i = 0; i < scenario.issues.size(); ++i)
            results.push_back({arm, r, o.request.models[m].spec.model->name(),
                               o.request.models[m].spec.variant, scenario.issues[i].id,
                               mc.outcomes[m][i][r]});
      }
      db->add_batch(draws, results);
    };
  }
};

// `backtest --db`: the study row and every scored outcome of every method.
void write_backtest_study(const ExperimentArgs& args, const McOptions& o, const Json& result) {
  std::string models;
  for (const auto& m : o.request.models) models += (models.empty() ? "" : ",") + m.label();
  io::StudyDb db(args.db, io::StudyInfo{"backtest", o.request.base->id, models, "", o.request.seed,
                                        args.runs});
  std::vector<io::StudyDb::ScoreRow> rows;
  auto add = [&](const Json& method, const char* kind) {
    for (const auto& r : method.value("outcomes", Json::array()))
      rows.push_back({method["model"].get<std::string>(), kind, r["issue"].get<std::string>(),
                      r.value("actor", std::string()), r["date"].get<std::string>(),
                      r["outcome"].get<double>(), r["forecast"].get<double>(),
                      r["error"].get<double>(), r.value("hit", false)});
  };
  for (const auto& m : result["models"]) add(m, "model");
  for (const auto& e : result.value("ensembles", Json::array())) add(e, "ensemble");
  for (const auto& b : result.value("baselines", Json::array())) add(b, "baseline");
  db.add_scores(rows);
}

// Which models' Monte Carlo runs ended with a response loop that did not settle (summary
// ["models"][m]["runs_with_unsettled_responses"]: a count, or {baseline, with} in a
// what-if); empty when every run settled.
std::string unsettled_runs_note(const Json& summary, const std::vector<ModelChoice>& models) {
  std::string out;
  const int runs = summary["runs"].get<int>();
  for (std::size_t m = 0; m < models.size(); ++m) {
    const Json& n = summary["models"][m].value("runs_with_unsettled_responses", Json(0));
    const std::string counts =
        n.is_object() ? (n["baseline"].get<int>() + n["with"].get<int>() > 0
                             ? fmt::format("{} of {} runs without, {} with",
                                           n["baseline"].get<int>(), runs, n["with"].get<int>())
                             : "")
                      : (n.get<int>() > 0 ? fmt::format("{} of {} runs", n.get<int>(), runs) : "");
    if (!counts.empty()) out += fmt::format("  {:<20} {}\n", models[m].label(), counts);
  }
  if (out.empty()) return "";
  return "\nRuns whose responses did not settle (a cycle or the iteration limit: the last run's "
         "values count in the ranges above)\n" +
         out;
}

}  // namespace

int mc_command(const ExperimentArgs& args) {
  Setup s = setup(args, true);
  McOptions& o = s.options;
  const auto point = drop_failed_models(o, args.quiet);
  const Scenario& scenario = *o.request.base;
  const auto& ivs = o.request.interventions;
  ProgressBar bar("monte carlo", args.quiet);
  o.progress = [&](int done, int total) { bar.update(done, total); };
  Study study(args, o, "mc");
  study.attach(o, scenario, ivs.empty() ? "baseline" : "intervention", true);
  const McSamples samples = run_monte_carlo(o);
  if (distributed().rank != 0) return 0;  // rank 0 holds the gathered runs and reports
  Json summary = summarize_monte_carlo(o, samples, point);
  if (const auto weights = load_ensemble(args.request))
    summary["ensemble"] =
        ensemble_json(*weights, scenario, o.request.models, point, samples.outcomes);
  const std::string json = Json{{"scenario", scenario.id}, {"monte_carlo", summary}}.dump(2) + "\n";
  // Under interventions the file is named after them, so the baseline's mc.json survives.
  std::string name = scenario.id + ".mc";
  for (const auto& id : ivs) name += "." + id;
  write_json(args, name + ".json", json);
  if (args.format == "json") {
    std::cout << json;
    return 0;
  }
  std::cout << fmt::format(
      "Monte Carlo: {} runs of {} (seed {}); {} uncertain parameters drawn from "
      "triangular(low, declared value, high){}\n",
      o.runs, scenario.id, o.request.seed, samples.parameters.size(),
      o.request.institutions ? "; veto rules applied" : "");
  for (const auto& id : ivs) {
    const Intervention& iv = find_intervention(scenario, id);
    std::cout << fmt::format("Under the intervention: {}{}\n", iv.name.empty() ? iv.id : iv.name,
                             iv.description.empty() ? "" : " — " + iv.description);
  }
  for (std::size_t i = 0; i < scenario.issues.size(); ++i) {
    const Issue& is = scenario.issues[i];
    std::cout << fmt::format("\n{} — {} … {}\n", is.id, is.scale.low, is.scale.high);
    std::cout << fmt::format("  {:<20} {:>6} {:>6} {:>6}  {:<15}  {}\n", "model", "point", "mean",
                             "median", "5% – 95%", "most sensitive to (Spearman)");
    for (std::size_t m = 0; m < o.request.models.size(); ++m) {
      const Json& e = summary["models"][m]["issues"][i];
      std::string sens;
      for (std::size_t k = 0; k < std::min<std::size_t>(2, e["sensitivity"].size()); ++k)
        sens += fmt::format("{}{} ({:+.2f})", k ? ", " : "",
                            e["sensitivity"][k]["parameter"].get<std::string>(),
                            e["sensitivity"][k]["spearman"].get<double>());
      std::cout << fmt::format("  {:<20} {:6.1f} {:6.1f} {:6.1f}  {}  {}\n",
                               o.request.models[m].label(), e["point"].get<double>(),
                               e["outcome"]["mean"].get<double>(),
                               e["outcome"]["median"].get<double>(), interval(e["outcome"]), sens);
    }
  }
  std::cout << unsettled_runs_note(summary, o.request.models);
  if (!args.out_dir.empty())
    std::cout << fmt::format("\nResults: {}/{}.json\n", args.out_dir, name);
  return 0;
}

namespace {

// How the responses carried a what-if (summary["models"][m]["responses"]): per response,
// one row per model with its driver and value without and with, the part of the change the
// response made (the rest is the intervention's own change to the value) and that part over
// the paired draws. Empty when the scenario has no responses.
std::string response_effect_table(const Json& summary, const std::vector<ModelChoice>& models) {
  const Json& first = summary["models"][0]["responses"];
  if (first.empty()) return "";
  std::string out =
      "\nThrough the responses (each responding value at the point forecasts without and with, "
      "beside the driver value it was computed from; the part of the change the response made "
      "— an intervention that shifts or sets the value itself makes the rest — and that part "
      "over the paired draws)\n";
  bool any_unsettled = false;
  for (std::size_t j = 0; j < first.size(); ++j) {
    out += fmt::format("{} {} on {} <- {}\n", first[j]["actor"].get<std::string>(),
                       first[j]["field"].get<std::string>(), first[j]["issue"].get<std::string>(),
                       first[j]["driver"].get<std::string>());
    out += fmt::format("  {:<20} {:>15} {:>8} {:>8} {:>8} {:>9}  {}\n", "model", "driver",
                       "baseline", "with", "change", "response", "response's part 5% – 95%");
    for (std::size_t m = 0; m < models.size(); ++m) {
      const Json& e = summary["models"][m]["responses"][j];
      const Json& c = e["change_over_draws"];
      // A loop that did not settle (a cycle or the iteration limit) leaves the last run's values.
      std::vector<std::string> notes;
      for (const auto& [arm, words] :
           {std::pair{"solved_baseline", "without"}, std::pair{"solved_with", "with"}})
        if (const std::string st = e.value(arm, std::string("converged")); st != "converged")
          notes.push_back(fmt::format("{} {}", st, words));
      any_unsettled = any_unsettled || !notes.empty();
      const double own = e.value("from_intervention", 0.0);
      if (std::abs(own) > 1e-9) notes.push_back(fmt::format("intervention's own {:+.1f}", own));
      const std::string note = notes.empty() ? "" : fmt::format("  ({})", fmt::join(notes, "; "));
      out += fmt::format(
          "  {:<20} {:>6.1f} → {:<6.1f} {:8.1f} {:8.1f} {:+8.1f} {:+9.1f}  {:+.1f} … {:+.1f} (mean "
          "{:+.1f}){}{}\n",
          models[m].label(), e["driver_baseline"].get<double>(), e["driver_with"].get<double>(),
          e["value_baseline"].get<double>(), e["value_with"].get<double>(),
          e["change"].get<double>(), e.value("through_response", e["change"].get<double>()),
          c["p05"].get<double>(), c["p95"].get<double>(), c["mean"].get<double>(),
          e["direction"] == "uncertain" ? "  direction uncertain" : "", note);
    }
  }
  if (any_unsettled)
    out +=
        "  \"cycle without/with\": that point run's response loop did not settle (the model's "
        "outcome and the responses feed each other round a cycle); its last run's values are "
        "shown. docs/models/linkage.md, \"Diagnostics\".\n";
  return out;
}

}  // namespace

int whatif_command(const ExperimentArgs& args) {
  Setup s = setup(args, true);
  McOptions& changed = s.options;
  if (changed.request.interventions.empty())
    throw OptionError("intervention", "name at least one intervention of the scenario");
  const auto point_changed = drop_failed_models(changed, args.quiet);
  McOptions base = changed;
  base.request = changed.request.baseline();
  const Scenario& scenario = *changed.request.base;
  const auto& ivs = changed.request.interventions;
  ProgressBar bar("what-if", args.quiet);
  base.progress = [&](int done, int total) { bar.update(done, 2 * total); };
  changed.progress = [&](int done, int total) { bar.update(total + done, 2 * total); };
  Study study(args, changed, "whatif");
  study.attach(base, scenario, "baseline", true);
  study.attach(changed, scenario, "intervention", false);  // same draws as the baseline
  const auto point_base = run_point(base);
  const McSamples without = run_monte_carlo(base);
  const McSamples with = run_monte_carlo(changed);
  if (distributed().rank != 0) return 0;
  Json summary = summarize_whatif(changed, without, with, point_base, point_changed);
  const Json packages = summary["packages"];  // who is better off (summarize_whatif)
  if (const auto weights = load_ensemble(args.request)) {
    const auto& models = changed.request.models;
    summary["ensemble"] = {
        {"baseline", ensemble_json(*weights, scenario, models, point_base, without.outcomes)},
        {"with", ensemble_json(*weights, scenario, models, point_changed, with.outcomes)}};
  }
  const std::string json = Json{{"scenario", scenario.id}, {"whatif", summary}}.dump(2) + "\n";
  std::string name = scenario.id + ".whatif";
  for (const auto& id : ivs) name += "." + id;
  write_json(args, name + ".json", json);
  if (args.format == "json") {
    std::cout << json;
    return 0;
  }
  for (const auto& id : ivs) {
    const Intervention& iv = find_intervention(scenario, id);
    std::cout << fmt::format("What if: {}{}\n", iv.name.empty() ? iv.id : iv.name,
                             iv.description.empty() ? "" : " — " + iv.description);
  }
  std::cout << fmt::format("{} paired runs (the same draws with and without; seed {}){}\n",
                           changed.runs, changed.request.seed,
                           changed.request.institutions ? "; veto rules applied" : "");
  for (std::size_t i = 0; i < scenario.issues.size(); ++i) {
    const Issue& is = scenario.issues[i];
    std::cout << fmt::format("\n{} — {} … {}\n", is.id, is.scale.low, is.scale.high);
    std::cout << fmt::format("  {:<20} {:>8} {:>8} {:>8}  {}\n", "model", "baseline", "with",
                             "shift", "shift 5% – 95% over draws");
    for (std::size_t m = 0; m < changed.request.models.size(); ++m) {
      const Json& e = summary["models"][m]["issues"][i];
      std::cout << fmt::format(
          "  {:<20} {:8.1f} {:8.1f} {:+8.1f}  {:+.1f} … {:+.1f} (mean {:+.1f}){}\n",
          changed.request.models[m].label(), e["baseline"].get<double>(),
          e["intervention"].get<double>(), e["point_shift"].get<double>(),
          e["shift"]["p05"].get<double>(), e["shift"]["p95"].get<double>(),
          e["shift"]["mean"].get<double>(),
          e["direction"] == "uncertain" ? "  direction uncertain" : "");
    }
  }
  std::cout << response_effect_table(summary, changed.request.models);
  std::cout << unsettled_runs_note(summary, changed.request.models);
  std::cout << "\nWho is better off (each model's own utility, baseline stances as ideals)\n"
            << package_table(packages);
  if (!args.out_dir.empty())
    std::cout << fmt::format("\nResults: {}/{}.json\n", args.out_dir, name);
  return 0;
}

int backtest_command(const ExperimentArgs& args) {
  Setup s = setup(args, false);
  if (!s.rest.empty())
    throw OptionError("backtest", fmt::format("unexpected argument '{}'", s.rest.front()));
  const PreparedRequest& request = s.options.request;
  const Scenario& scenario = *request.base;
  const std::vector<Outcome> outcomes =
      args.outcomes.empty() ? scenario.outcomes : io::load_outcomes_file(args.outcomes, scenario);
  BacktestOptions bo;
  bo.tolerance = args.tolerance;
  bo.mc_runs = args.runs;  // Monte Carlo runs per model for the intervals (0 = none)
  bo.weights = load_ensemble(args.request);
  const Json result = backtest(request, outcomes, bo);
  const std::string json = Json{{"backtest", result}}.dump(2) + "\n";
  write_json(args, scenario.id + ".backtest.json", json);
  if (!args.db.empty()) write_backtest_study(args, s.options, result);
  if (args.format == "json") {
    std::cout << json;
    return 0;
  }
  std::cout << backtest_table(result);
  return 0;
}

}  // namespace statecraft::cli
