#include "cli/evaluate_commands.h"

#include <fmt/format.h>

#include <iostream>
#include <map>

#include "core/errors.h"
#include "experiments/cases.h"
#include "experiments/evaluate.h"
#include "experiments/pipeline.h"
#include "io/atomic_write.h"

namespace statecraft::cli {
namespace {

std::string pct(const Json& j, const char* key) {
  return j.contains(key) ? fmt::format("{:.0f}%", 100 * j[key].get<double>()) : std::string("—");
}

std::string signed_skill(const Json& m, const char* key) {
  if (!m.contains("skill_vs_persistence") || !m["skill_vs_persistence"].contains(key)) return "—";
  return fmt::format("{:+.2f}", m["skill_vs_persistence"][key].get<double>());
}

std::string pit_bar(const Json& pit) {
  static const char* kBars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  int top = 1;
  for (const auto& b : pit["bins"]) top = std::max(top, b["count"].get<int>());
  std::string out;
  for (const auto& b : pit["bins"])
    out += kBars[std::min(7, b["count"].get<int>() * 8 / (top + 1))];
  return out;
}

struct Setup {
  Catalogue catalogue;
  PreparedRequest request;  // models, parameters, seed; the scenario is each case's
  EvaluateOptions options;
};

Setup setup(const EvaluateArgs& a) {
  if (a.format != "table" && a.format != "json")
    throw OptionError("--format", fmt::format("expected table or json, got '{}'", a.format));
  if (a.runs < 0 || a.runs > 1'000'000) throw OptionError("--runs", "expected 0..1000000");
  if (a.folds < 2) throw OptionError("--folds", "expected at least 2 folds");
  if (a.horizon < 0) throw OptionError("--horizon", "expected years >= 0 (0 = no limit)");
  Setup s;
  RunRequest r;  // checked against the embedded scenario; each case brings its own
  for (const auto& m : a.models) r.models.push_back({m, 0, {}});
  r.params = a.params;
  r.seed = a.seed;
  r.threads = 1;  // cases run in parallel instead
  r.institutions = !a.no_institutions;
  r.conflicts = false;
  s.request = prepare(r);
  s.options.threads = resolve_threads(a.threads);
  s.options.score.tolerance_pct = a.tolerance;
  s.options.fit.folds = a.folds;
  s.options.fit.seed = a.seed;
  s.options.rows = a.rows;
  if (a.horizon > 0) s.options.max_horizon = a.horizon;
  if (!a.ensemble.empty()) s.options.weights = load_weights_file(a.ensemble);
  s.catalogue = load_catalogue(a.catalogue);
  s.options.folds_by_issue = s.catalogue.folds_by_issue;
  return s;
}

void write_out(const std::string& dir, const std::string& name, const std::string& text) {
  if (!dir.empty()) io::write_file_into(dir, name, text);
}

}  // namespace

std::string scores_table(const Json& methods, const Json& ensemble) {
  std::string out =
      fmt::format("  {:<44} {:>4} {:>6} {:>5} {:>5} {:>5} {:>5} {:>6} {:>7} {:>7}\n", "method", "n",
                  "MAE%", "hit", "dir", "cov50", "cov90", "CRPS%", "skill", "skillC");
  std::string kind;
  for (const auto& m : methods) {
    if (m["kind"] != kind && !kind.empty()) out += "\n";
    kind = m["kind"];
    const bool cov = m.contains("coverage");
    out += fmt::format(
        "  {:<44} {:>4} {:6.1f} {:>5} {:>5} {:>5} {:>5} {:6.1f} {:>7} {:>7}{}\n",
        m["method"].get<std::string>(), m["n"].get<int>(), m["mae_pct_of_scale"].get<double>(),
        pct(m, "hit_rate"),
        m["method"] == "persistence" ? "—" : pct(m, "direction_rate"),  // never moves
        cov ? pct(m["coverage"], "nominal_50") : "—", cov ? pct(m["coverage"], "nominal_90") : "—",
        m["crps_pct_of_scale"].get<double>(), signed_skill(m, "mae"), signed_skill(m, "crps"),
        m.value("out_of_fold", false) ? "  (out of fold)" : "");
  }
  out +=
      "\n  MAE% and CRPS% in % of the scale width; hit = within the tolerance; dir = moved the way "
      "reality did from the value at as_of;\n  cov50/cov90 = share inside the central 50%/90% "
      "interval; skill = 1 - MAE/MAE(persistence), skillC the same for CRPS (> 0 beats "
      "persistence).\n";
  for (const auto& m : methods) {
    if (m.contains("conformal")) {
      const Json& c = m["conformal"];
      out += fmt::format("\n  Conformal intervals ({}): {}\n", m["method"].get<std::string>(),
                         c["calibration"].get<std::string>());
      for (const auto& l : c["levels"])
        out += fmt::format("    nominal {:.0f}% -> achieved {:.1f}% of {} outcomes\n",
                           100 * l["nominal"].get<double>(), 100 * l["achieved"].get<double>(),
                           c["n"].get<int>());
    }
  }
  bool header = false;
  for (const auto& m : methods)
    if (m.contains("pit")) {
      if (!header)
        out += "\n  PIT histogram (10 bins, 0 → 1; flat = calibrated, U = too narrow):\n";
      header = true;
      out += fmt::format("    {:<44} {}  n={}\n", m["method"].get<std::string>(), pit_bar(m["pit"]),
                         m["pit"]["n"].get<int>());
    }
  if (!ensemble.is_null()) {
    out += fmt::format("\n  Ensemble weights ({}): ", ensemble["method"].get<std::string>());
    for (const auto& w : ensemble["models"])
      out += fmt::format("{} {:.2f}  ", w["model"].get<std::string>(), w["weight"].get<double>());
    out += "\n  " + ensemble.value("reason", std::string()) + "\n";
    if (ensemble.contains("note")) out += "  " + ensemble["note"].get<std::string>() + "\n";
  }
  return out;
}

std::string backtest_table(const Json& b) {
  std::string out = fmt::format(
      "Backtest of {} (as of {}) against {} outcomes{}{} (hit = within {}% of the scale)\n\n",
      b["scenario"].get<std::string>(), b.value("as_of", std::string("?")), b["scored"].get<int>(),
      b.value("in_sample", false) ? " — IN SAMPLE: none is dated after as_of"
                                  : " dated after as_of",
      b.contains("horizon_years")
          ? fmt::format(" within {} years", b["horizon_years"].get<double>())
          : "",
      b["tolerance_pct"].get<double>());
  Json methods = Json::array();
  for (const char* part : {"models", "ensembles", "baselines"})
    for (const auto& m : b[part]) methods.push_back(m);
  out += scores_table(methods, b.contains("weights") ? b["weights"] : Json());
  if (b.contains("model_errors"))
    for (const auto& [model, why] : b["model_errors"].items())
      out += fmt::format("\n  {} did not run: {}\n", model, why.get<std::string>());
  out += "\n  per horizon (MAE % of scale):\n";
  for (const auto& m : methods) {
    std::string line;
    for (const auto& h : m["horizons"])
      line += fmt::format("  {} {:.1f} (n={})", h["horizon"].get<std::string>(),
                          h["mae_pct_of_scale"].get<double>(), h["n"].get<int>());
    out += fmt::format("    {:<44}{}\n", m["method"].get<std::string>(), line);
  }
  out += fmt::format("\n  {:<24} {:<8} {:<12} {:>7} {:>9} {:>11}\n", "outcome", "actor", "date",
                     "value", "ensemble", "persistence");
  const Json& ens = b["ensemble"]["outcomes"];
  const Json* persistence = nullptr;
  for (const auto& m : b["baselines"])
    if (m["method"] == "persistence") persistence = &m["outcomes"];
  for (std::size_t k = 0; k < ens.size(); ++k) {
    std::string per = "—";
    if (persistence)
      for (const auto& p : *persistence)
        if (p["issue"] == ens[k]["issue"] && p["date"] == ens[k]["date"] &&
            p.value("actor", std::string()) == ens[k].value("actor", std::string()))
          per = fmt::format("{:.1f}", p["forecast"].get<double>());
    out += fmt::format("  {:<24} {:<8} {:<12} {:7.1f} {:9.1f} {:>11}\n",
                       ens[k]["issue"].get<std::string>(), ens[k].value("actor", std::string("—")),
                       ens[k]["date"].get<std::string>(), ens[k]["outcome"].get<double>(),
                       ens[k]["forecast"].get<double>(), per);
  }
  return out;
}

int evaluate_command(const EvaluateArgs& a) {
  const Setup s = setup(a);
  Json r = evaluate(s.catalogue.cases, forecast_with(s.request, a.runs), s.options);
  r = Json{{"catalogue", s.catalogue.id},
           {"origin", s.catalogue.origin},
           {"monte_carlo_runs", a.runs},
           {"seed", a.seed},
           {"evaluation", r}};
  const std::string json = Json{{"evaluate", r}}.dump(2) + "\n";
  write_out(a.out_dir, s.catalogue.id + ".evaluate.json", json);
  if (a.format == "json") {
    std::cout << json;
    return 0;
  }
  const Json& e = r["evaluation"];
  int skipped = 0;
  for (const auto& c : e["cases"]) skipped += c.contains("skipped");
  std::cout << fmt::format(
      "Evaluation of {}: {} outcomes from {} cases ({} skipped), {} Monte Carlo runs per case; "
      "hit = within {}% of the scale\n\n",
      s.catalogue.id, e["targets"].get<int>(), e["cases"].size(), skipped, a.runs, a.tolerance);
  std::cout << scores_table(e["methods"], e["ensemble"]);
  // Per model: on how many cases it could not run, with the first reason.
  std::map<std::string, std::pair<int, std::string>> failures;
  for (const auto& c : e["cases"]) {
    if (c.contains("skipped"))
      std::cout << fmt::format("  case {} skipped: {}\n", c["id"].get<std::string>(),
                               c["skipped"].get<std::string>());
    if (c.contains("model_errors"))
      for (const auto& [model, why] : c["model_errors"].items()) {
        auto& f = failures[model];
        if (!f.first++) f.second = c["id"].get<std::string>() + ": " + why.get<std::string>();
      }
  }
  for (const auto& [model, f] : failures)
    std::cout << fmt::format("  {} did not run on {} case(s), e.g. {}\n", model, f.first, f.second);
  if (!a.out_dir.empty())
    std::cout << fmt::format("\nResults: {}/{}.evaluate.json\n", a.out_dir, s.catalogue.id);
  return 0;
}

int fit_command(const EvaluateArgs& a) {
  if (a.output.empty()) throw OptionError("-o", "name the weights file to write (-o weights.yaml)");
  const Setup s = setup(a);
  const EnsembleWeights w =
      fit_cases(s.catalogue.cases, forecast_with(s.request, a.runs), s.options);
  io::write_file_atomically(a.output, weights_to_yaml(w));
  if (a.format == "json") {
    std::cout << to_json(w).dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("Fitted on {} outcomes from {} cases of {} ({} folds)\n", w.outcomes,
                           w.cases, s.catalogue.id, w.folds);
  for (std::size_t m = 0; m < w.models.size(); ++m)
    std::cout << fmt::format("  {:<24} {:.3f}\n", w.models[m], w.weights[m]);
  std::cout << fmt::format("{}\n", w.reason);
  for (const auto& l : w.conformal.levels)
    std::cout << fmt::format(
        "conformal {:.0f}%: ± {:.1f}% of the scale (from {} out-of-fold "
        "residuals)\n",
        100 * l.level, l.half_width, w.conformal.n);
  std::cout << fmt::format("Weights: {}\n", a.output);
  return 0;
}

void add_evaluate_commands(CLI::App& app, EvaluateCommands& c) {
  auto add = [](CLI::App& cmd, EvaluateArgs& a) {
    cmd.add_option("catalogue", a.catalogue,
                   "catalogue: a directory with catalogue.yaml, a catalogue YAML file, or a "
                   "directory of scenario files with outcomes")
        ->required();
    cmd.add_option("-m,--model", a.models, "models (default: " + default_models_text() + ")")
        ->allow_extra_args(false)
        ->delimiter(',');
    cmd.add_option("-p,--param", a.params, "model parameter key=value or model.key=value")
        ->allow_extra_args(false);
    cmd.add_option("-n,--runs", a.runs,
                   "Monte Carlo runs per case for the models' own intervals (0 = none)")
        ->capture_default_str();
    cmd.add_option("-s,--seed", a.seed, "master random seed (draws and folds)")
        ->capture_default_str();
    cmd.add_option("-t,--threads", a.threads, "worker threads over cases, 0 = all cores")
        ->capture_default_str();
    cmd.add_option("--folds", a.folds, "cross-validation folds over cases")->capture_default_str();
    cmd.add_option("--tolerance", a.tolerance, "hit if within this % of the scale width")
        ->capture_default_str();
    cmd.add_option("--horizon", a.horizon, "score only outcomes within this many years of as_of");
    cmd.add_flag("--no-institutions", a.no_institutions, "do not apply veto rules to outcomes");
    cmd.add_option("-f,--format", a.format, "table or json")->capture_default_str();
  };
  c.evaluate = app.add_subcommand(
      "evaluate", "score every model, ensemble and baseline on a catalogue of cases with outcomes");
  add(*c.evaluate, c.evaluate_args);
  c.evaluate->add_option("--ensemble", c.evaluate_args.ensemble,
                         "weights file of `statecraft fit` (fixed weights, no refit)");
  c.evaluate->add_option("-o,--out", c.evaluate_args.out_dir, "directory for the result JSON")
      ->capture_default_str();
  c.evaluate->add_flag("--rows", c.evaluate_args.rows, "include every scored outcome in the JSON");
  c.fit = app.add_subcommand(
      "fit", "fit ensemble weights (stacking, cross-validated) and conformal intervals");
  add(*c.fit, c.fit_args);
  c.fit->add_option("-o,--output", c.fit_args.output, "weights YAML to write")->required();
}

bool EvaluateCommands::dispatch(int& code) const {
  if (evaluate && evaluate->parsed()) {
    code = evaluate_command(evaluate_args);
    return true;
  }
  if (fit && fit->parsed()) {
    code = fit_command(fit_args);
    return true;
  }
  return false;
}

}  // namespace statecraft::cli
