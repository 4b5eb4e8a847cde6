// statecraft: forecast where contested issues land. With no arguments it analyses the
// embedded Korean peninsula scenario.
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <exception>
#include <iostream>
#include <limits>

#include "cli/commands.h"
#include "cli/evaluate_commands.h"
#include "cli/experiment_commands.h"
#include "cli/flip_command.h"
#include "cli/show_command.h"
#include "core/errors.h"
#include "core/limits.h"
#include "core/version.h"
#include "experiments/distributed.h"
#include "experiments/pipeline.h"
#include "io/importers.h"
#include "io/warnings.h"
#include "server/lab_server.h"

namespace {

using namespace statecraft;

// A whole number in [lo, hi] written in decimal digits. CLI11 alone would read "-1" for
// an unsigned option as 2^64 - 1 and saturate values beyond the type silently.
CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi) {
  const std::string expected = fmt::format("expected a whole number {}..{}", lo, hi);
  return CLI::Validator(
      [lo, hi, expected](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, ec] = std::from_chars(text.data(), end, value);
        if (text.empty() || ec != std::errc() || stop != end || value < lo || value > hi)
          return fmt::format("{}, got '{}'", expected, text);
        return {};
      },
      fmt::format("INT {}..{}", lo, hi));
}

const std::uint64_t kMaxInt = std::uint64_t(std::numeric_limits<int>::max());
const std::uint64_t kMaxThreads = 1024;

// Model, rounds, seed, threads, parameters and interventions: the same words for run, mc,
// whatif and backtest, all read into one pipeline request (experiments/pipeline.h).
void add_request_options(CLI::App& cmd, cli::RequestArgs& a) {
  cmd.add_option("-m,--model", a.models,
                 "model to run as name or name:variant, repeatable (default: " +
                     default_models_text() + "); see `statecraft models`")
      ->allow_extra_args(false)
      ->delimiter(',');
  cmd.add_option("-r,--rounds", a.rounds, "rounds for iterative models (default: the model's)")
      ->check(whole_number(0, kMaxInt));
  cmd.add_option("-s,--seed", a.seed, "master random seed")
      ->capture_default_str()
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  cmd.add_option("-t,--threads", a.threads,
                 "worker threads, 0 = all cores (results never depend on it)")
      ->capture_default_str()
      ->check(whole_number(0, kMaxThreads));
  cmd.add_option("-p,--param", a.params, "model parameter key=value or model.key=value, repeatable")
      ->allow_extra_args(false);
  cmd.add_option("-i,--intervention", a.interventions,
                 "apply this intervention of the scenario, repeatable")
      ->allow_extra_args(false);
  cmd.add_flag("--no-institutions", a.no_institutions, "do not apply veto rules to outcomes");
  cmd.add_option("--ensemble", a.ensemble,
                 "weights file of `statecraft fit`: add the fitted ensemble and its intervals");
}

void add_run_options(CLI::App& cmd, cli::RunArgs& args) {
  cmd.add_option("input", args.request.input,
                 "scenario YAML, BDM actor CSV, KTAB SMP CSV or decide table (default: the "
                 "embedded Korean scenario)");
  add_request_options(cmd, args.request);
  cmd.add_option("-f,--format", args.format, "stdout format: table, json or csv")
      ->capture_default_str();
  cmd.add_option("-o,--out", args.out_dir, "directory for result files; '' writes none")
      ->capture_default_str();
  cmd.add_flag("-w,--why", args.why,
               "under each forecast, why it lands there (the same text as the JSON's 'why')");
}

int report(const InputError& e) {
  for (const auto& p : e.problems())
    std::cerr << fmt::format("statecraft: {}: {}\n", e.kind(), p.str());
  return e.exit_code();
}

}  // namespace

int run_cli(int argc, char** argv);

int main(int argc, char** argv) {
  // Under mpirun the processes share the Monte Carlo runs; only rank 0 prints and writes.
  statecraft::distributed_init(&argc, &argv);
  const int code = run_cli(argc, argv);
  statecraft::distributed_finalize();
  return code;
}

int run_cli(int argc, char** argv) {
  CLI::App app{
      "statecraft — forecast how states bargain over issues (no arguments: analyse the "
      "embedded Korean peninsula scenario)",
      "statecraft"};
  app.set_version_flag("--version", kVersion);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "log progress to stderr (before or after the command)");
  // Global options also after the subcommand: `statecraft run -v`.
  app.fallthrough();
  std::vector<std::string> limit_settings;
  app.add_option("--limit", limit_settings,
                 "raise or lower a limit, name=value, repeatable (see `statecraft limits`)")
      ->take_all();

  cli::RunArgs run_args;
  auto* run = app.add_subcommand("run", "run models on a scenario and print each issue's forecast");
  add_run_options(*run, run_args);

  std::vector<std::string> validate_files;
  std::string validate_against;
  auto* validate =
      app.add_subcommand("validate", "check scenario (or outcomes) files and report every problem");
  validate
      ->add_option("files", validate_files,
                   "scenario YAML, BDM actor CSV, KTAB SMP CSV, exchange-model '#A/#P/#M/#D' "
                   "file, or an outcomes YAML (checked against --scenario)")
      ->required();
  validate->add_option("--scenario", validate_against,
                       "scenario an outcomes file is checked against (default: the Korean one)");

  cli::ShowArgs show_args;
  auto* show = app.add_subcommand(
      "show", "list a scenario's actors, issues, interventions, conflicts, responses, outcomes");
  show->add_option("input", show_args.input,
                   "scenario YAML, BDM actor CSV, KTAB SMP CSV or decide exchange-model file "
                   "(default: the Korean scenario)");
  show->add_option("-f,--format", show_args.format, "text or json")->capture_default_str();

  std::string models_format = "table";
  auto* models = app.add_subcommand("models", "list the registered models and their variants");
  models->add_option("-f,--format", models_format, "table or json")->capture_default_str();

  cli::ConflictArgs conflict_args;
  auto* conflict =
      app.add_subcommand("conflict", "stability analysis of the discrete conflicts (graph model)");
  conflict->add_option("input", conflict_args.input,
                       "scenario YAML or gmcr-py .gmcr file (default: the Korean scenario)");
  conflict->add_option("-c,--conflict", conflict_args.conflict, "analyse only this conflict id");
  conflict
      ->add_option("--concept", conflict_args.concepts,
                   "Nash, GMR, SMR, SEQ, SIM or SEQ-SIM; repeatable (default: all)")
      ->allow_extra_args(false)
      ->delimiter(',');
  conflict->add_option(
      "--status-quo", conflict_args.status_quo,
      "state to analyse: option ids separated by commas, a Y/N string or a decimal code");
  conflict
      ->add_option("--semantics", conflict_args.semantics,
                   "textbook (Fang-Hipel-Kilgour) or gmcr-py")
      ->capture_default_str();
  conflict
      ->add_option("--coalition", conflict_args.coalitions,
                   "decision makers acting as one player, e.g. USA,ROK; repeatable")
      ->allow_extra_args(false);
  conflict->add_option("-f,--format", conflict_args.format, "table or json")->capture_default_str();
  conflict->add_option("-t,--threads", conflict_args.threads, "worker threads, 0 = all cores")
      ->capture_default_str()
      ->check(whole_number(0, kMaxThreads));

  cli::ExperimentArgs mc_args, whatif_args;
  auto add_experiment_options = [](CLI::App& cmd, cli::ExperimentArgs& a) {
    add_request_options(cmd, a.request);
    cmd.add_option("-n,--runs", a.runs, "Monte Carlo runs")
        ->capture_default_str()
        ->check(whole_number(1, kMaxInt));
    cmd.add_option("-f,--format", a.format, "table or json")->capture_default_str();
    cmd.add_option("-o,--out", a.out_dir, "directory for the result JSON; '' writes none")
        ->capture_default_str();
    cmd.add_flag("-q,--quiet", a.quiet, "no progress bar");
    cmd.add_option("--db", a.db, "SQLite study database to write runs, draws and results to");
  };
  auto* mc = app.add_subcommand("mc", "Monte Carlo over the scenario's declared uncertainty");
  mc->add_option("args", mc_args.positional,
                 "[SCENARIO] [INTERVENTION...] (default: the Korean scenario)");
  add_experiment_options(*mc, mc_args);
  auto* whatif = app.add_subcommand(
      "whatif", "compare interventions with the baseline on the same random draws");
  whatif
      ->add_option("args", whatif_args.positional,
                   "[SCENARIO] INTERVENTION... (e.g. us_engages_russia)")
      ->required();
  add_experiment_options(*whatif, whatif_args);

  cli::ExperimentArgs backtest_args;
  auto* backtest =
      app.add_subcommand("backtest", "compare each model's forecast with dated real outcomes");
  backtest->add_option("args", backtest_args.positional,
                       "[SCENARIO] (default: the Korean scenario)");
  add_experiment_options(*backtest, backtest_args);
  backtest->add_option("--outcomes", backtest_args.outcomes,
                       "outcomes file (YAML; default: the scenario's own)");
  backtest
      ->add_option("--tolerance", backtest_args.tolerance,
                   "hit if within this % of the scale width")
      ->capture_default_str();

  cli::FlipArgs flip_args;
  auto* flip = app.add_subcommand(
      "flip", "what would flip a conclusion: a tornado over the uncertain inputs and thresholds");
  flip->add_option("input", flip_args.input, "scenario YAML (default: the Korean scenario)");
  flip->add_option("--issue", flip_args.issue, "the issue the conclusion is about")->required();
  flip->add_option("--intervention", flip_args.intervention,
                   "conclude on the sign of this intervention's effect (default: the outcome's "
                   "side of the scale midpoint)");
  flip->add_option("-m,--model", flip_args.model, "one model as name or name:variant")
      ->capture_default_str();
  flip->add_option("-p,--param", flip_args.params, "model parameter key=value")
      ->allow_extra_args(false);
  flip->add_option("-r,--rounds", flip_args.rounds, "rounds for an iterative model");
  flip->add_option("-s,--seed", flip_args.seed, "master random seed")->capture_default_str();
  flip->add_option("--top", flip_args.top, "inputs to find thresholds for")->capture_default_str();
  flip->add_option("-t,--threads", flip_args.threads,
                   "worker threads, 0 = all cores (results never depend on it)")
      ->capture_default_str();
  flip->add_option("-f,--format", flip_args.format, "table or json")->capture_default_str();
  flip->add_option("-o,--out", flip_args.out_dir,
                   "directory for the result JSON (for `report --flip`); '' writes none")
      ->capture_default_str();

  cli::ReportArgs report_args;
  auto* report_cmd =
      app.add_subcommand("report", "write a self-contained HTML report (opens offline)");
  report_cmd->add_option("result", report_args.result, "result JSON of 'statecraft run'")
      ->required();
  report_cmd->add_option("-o,--output", report_args.output,
                         "HTML file (default: the result's name with .html)");
  report_cmd->add_option("--mc", report_args.mc, "Monte Carlo result JSON to include");
  report_cmd
      ->add_option("--whatif", report_args.whatifs, "what-if result JSON to include (repeatable)")
      ->allow_extra_args(false);
  report_cmd->add_option("--backtest", report_args.backtest, "backtest result JSON to include");
  report_cmd
      ->add_option("--flip", report_args.flips,
                   "result JSON of 'statecraft flip' to include (repeatable)")
      ->allow_extra_args(false);

  std::string import_kind, import_file, import_out;
  auto* import = app.add_subcommand("import", "convert another tool's input file to scenario YAML");
  std::string import_kinds;
  for (const auto& imp : io::importers())
    import_kinds +=
        fmt::format("{}{} ({})", import_kinds.empty() ? "" : ", ", imp.name, imp.description);
  import->add_option("kind", import_kind, "input kind: " + import_kinds)->required();
  import->add_option("file", import_file, "the file to import")->required();
  import->add_option("-o,--output", import_out, "YAML file to write (default: stdout)");
  server::LabOptions lab;
  auto* serve = app.add_subcommand("serve", "start the local policy lab (web page + JSON API)");
  serve->add_option("--host", lab.host, "address to listen on")->capture_default_str();
  serve->add_option("--port", lab.port, "port (0 = any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--time-limit", lab.time_limit, "seconds a model run may take")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve
      ->add_option("--max-body", lab.max_body,
                   "largest accepted request, bytes (default: --limit request_bytes)")
      ->check(whole_number(1, std::numeric_limits<std::uint32_t>::max()));
  serve->add_option("--scenarios", lab.scenario_dir, "folder of scenario YAML files to offer")
      ->capture_default_str();
  auto* limits_cmd = app.add_subcommand("limits", "print the limits on inputs and runs");
  cli::EvaluateCommands evaluation;
  cli::add_evaluate_commands(app, evaluation);
  app.require_subcommand(0, 1);
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
    sub->footer(
        "\nGlobal options, before or after the command:\n  -v,--verbose                log "
        "progress to stderr\n  --limit name=value          raise or lower a limit (statecraft "
        "limits)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);       // --help, --version
    if (dynamic_cast<const CLI::ValidationError*>(&e)) {  // a value out of its range
      std::cerr << fmt::format("statecraft: option error: {}\n", e.what());
      return 2;
    }
    std::cerr << fmt::format("statecraft: usage error: {}\nRun 'statecraft --help' for usage.\n",
                             e.what());
    return 2;
  }

  auto logger = spdlog::stderr_color_mt("statecraft");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("statecraft: %v");
  spdlog::set_level(verbose ? spdlog::level::info : spdlog::level::warn);
  io::set_warning_handler([](const Problem& p) { spdlog::warn("warning: {}", p.str()); });

  try {
    for (const auto& setting : limit_settings) set_limit(setting);
    if (*limits_cmd) return cli::limits_command();
    if (!*serve) cli::start_time_limit(limits().seconds);
    if (*validate) return cli::validate_command(validate_files, validate_against);
    if (*show) return cli::show_command(show_args);
    if (*models) return cli::models_command(models_format);
    if (*import) return cli::import_command(import_kind, import_file, import_out);
    if (*conflict) return cli::conflict_command(conflict_args);
    if (*mc) return cli::mc_command(mc_args);
    if (*whatif) return cli::whatif_command(whatif_args);
    if (*backtest) return cli::backtest_command(backtest_args);
    if (*flip) return cli::flip_command(flip_args);
    if (int code = 0; evaluation.dispatch(code)) return code;
    if (*report_cmd) return cli::report_command(report_args);
    if (*serve && serve->count("--max-body") == 0) lab.max_body = limits().request_bytes;
    if (*serve)
      return server::serve(lab, [&](int port) {
        std::cout << fmt::format("statecraft policy lab: http://{}:{}/  (Ctrl-C stops)\n", lab.host,
                                 port)
                  << std::flush;
      });
    return cli::run_command(run_args);  // `run`, or no subcommand at all
  } catch (const InputError& e) {
    return report(e);
  } catch (const std::exception& e) {
    std::cerr << fmt::format("statecraft: internal error: {}\n", e.what());
    return 1;
  }
}
