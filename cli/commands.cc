#include "cli/commands.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/conflict_text.h"
#include "cli/table.h"
#include "core/errors.h"
#include "core/finite_check.h"
#include "core/limits.h"
#include "core/registry.h"
#include "experiments/pipeline.h"
#include "io/atomic_write.h"
#include "io/conflict_json.h"
#include "io/gmcr_file.h"
#include "io/importers.h"
#include "io/input_file.h"
#include "io/ktab_csv.h"
#include "io/outcome_yaml.h"
#include "io/result_csv.h"
#include "io/result_json.h"
#include "io/scenario_writer.h"
#include "io/yaml_reader.h"
#include "report/document_check.h"
#include "report/flip_section.h"
#include "report/html_report.h"

namespace statecraft::cli {
namespace {

// Renders every output in memory first, then writes them all or none.
void write_outputs(const std::string& dir, const Scenario& scenario,
                   const std::vector<ModelResult>& runs, const std::string& json) {
  io::create_output_directory(dir);
  const std::string stem = (std::filesystem::path(dir) / scenario.id).string();
  const std::string outcomes = io::outcomes_csv(scenario, runs);
  const std::string trajectories = io::trajectories_csv(runs);
  const std::string html = report::html_report({Json::parse(json), nullptr, {}, nullptr});
  io::write_files_atomically({{stem + ".json", json},
                              {stem + ".csv", outcomes},
                              {stem + ".trajectories.csv", trajectories},
                              {stem + ".html", html}});
  spdlog::info("wrote {0}.json, {0}.csv and {0}.trajectories.csv", stem);
}

}  // namespace

int run_command(const RunArgs& args) {
  if (args.format != "table" && args.format != "json" && args.format != "csv")
    throw OptionError("--format",
                      fmt::format("expected table, json or csv, got '{}'", args.format));
  PreparedRequest request = prepare(to_request(args.request));
  // The result document (and the models' detail in it, which --why also reads) only when
  // it is printed or written.
  const bool document_wanted = args.format == "json" || !args.out_dir.empty();
  request.detail = document_wanted || args.why;
  const Scenario& scenario = *request.scenario;
  spdlog::info("loaded {} ({} actors, {} issues)", scenario.origin, scenario.actors.size(),
               scenario.issues.size());
  const Forecast f = forecast(request);
  if (f.runs.empty() && !f.failures.empty()) {
    std::vector<Problem> problems;
    for (const auto& x : f.failures) problems.push_back({Location{"", 0, 0, x.model}, x.reason});
    throw InputError(std::move(problems));
  }
  // Until the pipeline checks it itself: no NaN reaches a result document or file.
  for (std::size_t i = 0; i < f.runs.size(); ++i) check_finite(f.runs[i], f.ran[i].spec.label());
  const auto weights = load_ensemble(args.request);
  Json document;
  if (document_wanted) document = forecast_document(request, f);
  if (weights) document["ensemble"] = ensemble_json(*weights, scenario, f.ran, f.runs);
  const std::string json_text = document_wanted ? document.dump(2) + "\n" : std::string();
  if (!args.out_dir.empty()) write_outputs(args.out_dir, scenario, f.runs, json_text);
  if (args.format == "json") {
    std::cout << json_text;
  } else if (args.format == "csv") {
    std::cout << io::outcomes_csv(scenario, f.runs);
  } else {
    std::vector<ModelSpec> specs;
    for (const auto& m : f.ran) specs.push_back(m.spec);
    if (!request.interventions.empty())
      std::cout << fmt::format("With interventions: {}\n\n",
                               fmt::join(request.interventions, ", "));
    std::cout << outcome_table(scenario, specs, f.runs, stdout_wants_color(), args.why);
    for (const auto& x : f.failures)
      std::cout << fmt::format("\n{} could not run this scenario: {}\n", x.model, x.reason);
    if (weights) {
      std::cout << fmt::format("\nFitted ensemble ({}, {})\n", args.request.ensemble,
                               weights->method);
      for (const auto& e : document["ensemble"]["issues"]) {
        if (!e.contains("forecast")) continue;
        const Json& fc = e["forecast"];
        std::cout << fmt::format("  {:<28} {:8.2f}", e["issue"].get<std::string>(),
                                 fc["point"].get<double>());
        if (fc.contains("conformal_90") && fc["conformal_90"].is_array())
          std::cout << fmt::format("   90% conformal {:.1f} – {:.1f}",
                                   fc["conformal_90"][0].get<double>(),
                                   fc["conformal_90"][1].get<double>());
        std::cout << "\n";
      }
    }
    if (!f.conflicts.empty()) {
      std::cout << "\nConflicts (graph model, textbook stability definitions)\n";
      for (const auto& c : f.conflicts) std::cout << "\n" << conflict_summary(*c);
    }
  }
  if (args.format == "table" && !args.out_dir.empty())
    std::cout << fmt::format(
        "\nResults: {0}/{1}.json, {0}/{1}.csv, {0}/{1}.trajectories.csv; report {0}/{1}.html\n",
        args.out_dir, scenario.id);
  return 0;
}

namespace {

// "A,B" -> {"A", "B"}.
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start <= text.size();) {
    const auto comma = text.find(',', start);
    out.push_back(
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

int conflict_command(const ConflictArgs& args) {
  if (args.format != "table" && args.format != "json")
    throw OptionError("--format", fmt::format("expected table or json, got '{}'", args.format));
  if (args.threads < 0) throw OptionError("--threads", "expected 0 (all cores) or more");
  ConflictOptions options;
  options.variant = args.semantics;
  options.threads = resolve_threads(args.threads);
  options.concepts = args.concepts;
  for (const auto& group : args.coalitions) options.coalitions.push_back(split_list(group));
  if (!args.status_quo.empty()) options.status_quo = args.status_quo;
  const ConflictModel& model = registry().default_conflict_model();

  std::vector<ConflictSpec> specs;
  const std::string ext = std::filesystem::path(args.input).extension().string();
  if (ext == ".gmcr") {
    specs.push_back(io::load_gmcr_file(args.input));
  } else {
    const ScenarioPtr scenario =
        args.input.empty() ? io::load_default_scenario() : io::load_input(args.input);
    specs = scenario->conflicts;
    if (specs.empty())
      throw OptionError("conflict", fmt::format("{} has no conflicts", scenario->origin));
  }
  if (!args.conflict.empty()) {
    std::erase_if(specs, [&](const ConflictSpec& c) { return c.id != args.conflict; });
    if (specs.empty())
      throw OptionError("--conflict", fmt::format("no conflict with id '{}'", args.conflict));
  }
  Json all = Json::array();
  std::string text;
  for (const auto& spec : specs) {
    const ConflictFindingsPtr findings = model.analyse(spec, options, {});
    // The full document (every state) only when it is printed: a 2^20-state conflict's
    // document costs more memory than its analysis.
    if (args.format == "json")
      all.push_back(io::conflict_document(findings));
    else
      text += (text.empty() ? "" : "\n") + conflict_summary(*findings);
  }
  if (args.format == "json")
    std::cout << Json{{"conflicts", std::move(all)}}.dump(2) << "\n";
  else
    std::cout << text;
  return 0;
}

namespace {

Json parse_result_file(const std::string& path) {
  try {
    return Json::parse(io::read_text_file(path, 256u << 20));
  } catch (const Json::exception& e) {  // syntax, or numbers out of range
    throw InputError(Location{path, 0, 0, ""}, fmt::format("invalid JSON: {}", e.what()));
  }
}

// With `scenario` set, the file (a result of scenario `of`) must be a result of that one.
void check_same_scenario(const std::string& path, const std::string& of,
                         const std::string& scenario) {
  if (!scenario.empty() && of != scenario)
    throw InputError(Location{path, 0, 0, "scenario"},
                     fmt::format("a result of scenario '{}', not '{}': a report combines the "
                                 "files of one scenario",
                                 of.empty() ? "unknown" : of, scenario));
}

// Reads a JSON result file and returns `key` inside it (or the whole document if empty).
// With `scenario` set, the file must be a result of that scenario.
Json read_result(const std::string& path, const std::string& key,
                 const std::string& scenario = "") {
  Json doc = parse_result_file(path);
  if (key.empty()) {
    if (!doc.is_object() || !doc.contains("runs") || !doc.contains("issues") ||
        !doc.contains("scenario"))
      throw InputError(Location{path, 0, 0, ""},
                       "expected a result of 'statecraft run --format json'");
    return doc;
  }
  if (!doc.is_object() || !doc.contains(key))
    throw InputError(Location{path, 0, 0, key}, fmt::format("expected a '{}' result file", key));
  std::string of = report::document_scenario(doc);
  if (of.empty()) of = report::document_scenario(doc[key]);
  check_same_scenario(path, of, scenario);
  return doc[key];
}

// A `statecraft flip --format json` document, checked field by field before the report
// reads it, of `scenario`.
Json read_flip(const std::string& path, const std::string& scenario) {
  Json doc = parse_result_file(path);
  if (const std::string problem = report::flip_document_problem(doc); !problem.empty())
    throw InputError(Location{path, 0, 0, "flip"},
                     fmt::format("not a result of 'statecraft flip': {}", problem));
  check_same_scenario(path, report::document_scenario(doc), scenario);
  return doc;
}

}  // namespace

namespace {

// Which file a report could not render: the run alone, then the run with each other
// document in turn (rendering is cheap; a document's sections read only it and the run).
std::string report_culprit(const report::ReportInputs& in, const ReportArgs& args) {
  auto fails = [](const report::ReportInputs& part) {
    try {
      report::html_report(part);
      return false;
    } catch (const Json::exception&) {
      return true;
    }
  };
  report::ReportInputs part{in.run, nullptr, {}, nullptr};
  if (fails(part)) return args.result;
  if (!args.mc.empty() && fails({in.run, in.monte_carlo, {}, nullptr})) return args.mc;
  for (std::size_t k = 0; k < in.whatifs.size(); ++k)
    if (fails({in.run, nullptr, {in.whatifs[k]}, nullptr})) return args.whatifs[k];
  if (!args.backtest.empty() && fails({in.run, nullptr, {}, in.backtest})) return args.backtest;
  for (std::size_t k = 0; k < in.flips.size(); ++k)
    if (fails({in.run, nullptr, {}, nullptr, {in.flips[k]}})) return args.flips[k];
  return args.result;  // only the combination fails (e.g. what-ifs sharing an axis)
}

// A document whose shape the report cannot read is refused naming the field.
Json checked(Json doc, const std::string& path, const char* what,
             std::string (*problem)(const Json&)) {
  if (const std::string p = problem(doc); !p.empty())
    throw InputError(Location{path, 0, 0, what}, fmt::format("not a {} result: {}", what, p));
  return doc;
}

}  // namespace

int report_command(const ReportArgs& args) {
  report::ReportInputs in;
  in.run = checked(read_result(args.result, ""), args.result, "run", report::run_document_problem);
  const std::string scenario = report::document_scenario(in.run);
  if (!args.mc.empty())
    in.monte_carlo = checked(read_result(args.mc, "monte_carlo", scenario), args.mc, "mc",
                             report::monte_carlo_document_problem);
  for (const auto& w : args.whatifs)
    in.whatifs.push_back(
        checked(read_result(w, "whatif", scenario), w, "whatif", report::whatif_document_problem));
  if (!args.backtest.empty())
    in.backtest = checked(read_result(args.backtest, "backtest", scenario), args.backtest,
                          "backtest", report::backtest_document_problem);
  for (const auto& f : args.flips) in.flips.push_back(read_flip(f, scenario));
  std::string html;
  try {
    html = report::html_report(in);
  } catch (const Json::exception& e) {
    throw InputError(Location{report_culprit(in, args), 0, 0, ""},
                     fmt::format("a field the report reads is missing or of the wrong type "
                                 "(e.g. null where a number or an object belongs): {}",
                                 e.what()));
  }
  std::string output = args.output;
  if (output.empty())
    output = std::filesystem::path(args.result).replace_extension(".html").string();
  io::write_file_atomically(output, html);
  std::cout << "report: " << output << "\n";
  return 0;
}

namespace {

// An outcomes file is a YAML map with `outcomes:` and no `scenario:` key.
bool is_outcomes_file(const std::string& file) {
  const std::string ext = std::filesystem::path(file).extension().string();
  if (ext != ".yaml" && ext != ".yml") return false;
  const YAML::Node root = io::parse_yaml(io::read_text_file(file), file);
  return root.IsMap() && root["outcomes"] && !root["scenario"];
}

}  // namespace

int validate_command(const std::vector<std::string>& files, const std::string& outcomes_scenario) {
  int code = 0;
  for (const auto& file : files) {
    try {
      if (is_outcomes_file(file)) {
        const ScenarioPtr against = outcomes_scenario.empty() ? io::load_default_scenario()
                                                              : io::load_input(outcomes_scenario);
        const auto outcomes = io::load_outcomes_file(file, *against);
        std::cout << fmt::format("{}: ok — {} outcomes for scenario '{}'\n", file, outcomes.size(),
                                 against->id);
        continue;
      }
      const ScenarioPtr s = io::load_input(file);
      std::size_t stances = 0;
      for (const auto& is : s->issues) stances += is.stances.size();
      std::cout << fmt::format(
          "{}: ok — scenario '{}', {} actors, {} issues, {} positions, {} "
          "sources, {} interventions, {} outcomes\n",
          file, s->id, s->actors.size(), s->issues.size(), stances, s->sources.size(),
          s->interventions.size(), s->outcomes.size());
    } catch (const InputError& e) {
      for (const auto& p : e.problems())
        std::cerr << fmt::format("statecraft: {}: {}\n", e.kind(), p.str());
      code = 2;
    }
  }
  return code;
}

int models_command(const std::string& format) {
  if (format == "json") {
    std::cout << io::models_to_json(registry()).dump(2) << "\n";
  } else if (format == "table") {
    std::cout << models_table(registry());
  } else {
    throw OptionError("--format", fmt::format("expected table or json, got '{}'", format));
  }
  return 0;
}

int limits_command() {
  std::cout << "limit           value        caps\n";
  for (const auto& l : describe_limits())
    std::cout << fmt::format("{:<15} {:<12} {}\n", l.name, l.value, l.caps);
  std::cout << "\nChange one with --limit name=value (before the command, repeatable).\n";
  return 0;
}

void start_time_limit(double seconds) {
  if (seconds <= 0) return;
  std::thread([seconds] {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    std::cerr << fmt::format(
        "statecraft: limit exceeded: the command ran longer than the limit of {} s (raise it "
        "with --limit seconds=N; 0 = none)\n",
        seconds);
    std::_Exit(2);
  }).detach();
}

int import_command(const std::string& kind, const std::string& file, const std::string& output) {
  const io::Importer* importer = io::find_importer(kind);
  if (!importer)
    throw OptionError(
        "kind", fmt::format("unknown import kind '{}' (expected: {})", kind, io::importer_names()));
  const std::string text = io::read_text_file(file);  // size cap and UTF-8 check
  const ScenarioPtr scenario = importer->load(std::string(io::without_bom(text)), file);
  const std::string yaml = io::scenario_to_yaml(*scenario);
  if (output.empty() || output == "-")
    std::cout << yaml;
  else
    io::write_file_atomically(output, yaml);
  return 0;
}

}  // namespace statecraft::cli
