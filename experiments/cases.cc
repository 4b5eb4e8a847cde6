#include "experiments/cases.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/errors.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
#include "io/yaml_reader.h"

namespace statecraft {
namespace fs = std::filesystem;

namespace {

Catalogue from_yaml(const std::string& file) {
  const YAML::Node root = io::parse_yaml(io::read_text_file(file), file);
  io::YamlReader r(file);
  Catalogue cat;
  cat.origin = file;
  const fs::path base = fs::path(file).parent_path();
  if (!r.check_map(root, "catalogue", {"cases"}, {"catalogue", "description", "folds"}))
    throw ScenarioError(r.take_problems());
  // The id names the result file; default: the folder the catalogue is in.
  cat.id = root["catalogue"] ? r.identifier(root["catalogue"], "catalogue").value_or("")
                             : fs::absolute(base).filename().string();
  if (cat.id.empty()) cat.id = "catalogue";
  if (root["description"])
    cat.description = r.text(root["description"], "description").value_or("");
  if (root["folds"]) {
    const auto f = r.text(root["folds"], "folds");
    if (f && *f != "case" && *f != "issue")
      r.problem(root["folds"], fmt::format("folds: expected case or issue, got '{}'", *f));
    cat.folds_by_issue = f && *f == "issue";
  }
  std::set<std::string> ids;
  if (r.check_sequence(root["cases"], "cases")) {
    for (const auto& item : root["cases"]) {
      if (!r.check_map(item, "case", {"scenario"}, {"id", "outcomes", "horizon", "note"})) continue;
      const auto scenario = r.text(item["scenario"], "case scenario");
      std::optional<std::string> id;
      if (item["id"]) id = r.identifier(item["id"], "case id");
      std::optional<double> horizon;
      if (item["horizon"]) {
        horizon = r.number(item["horizon"], "case horizon (years)");
        if (horizon && !(*horizon > 0))
          r.problem(item["horizon"],
                    fmt::format("case horizon: expected years > 0, got {}", *horizon));
      }
      if (!scenario) continue;
      Case c;
      // A scenario or outcomes file that fails reports its own file:line; the catalogue
      // line says which case asked for it.
      try {
        c.scenario = io::load_input((base / *scenario).string());
        c.outcomes =
            item["outcomes"]
                ? io::load_outcomes_file(
                      (base / r.text(item["outcomes"], "case outcomes").value_or("")).string(),
                      *c.scenario)
                : c.scenario->outcomes;
      } catch (const InputError& e) {
        for (const auto& p : e.problems())
          r.problem(item["scenario"], fmt::format("case '{}': {}", *scenario, p.str()));
        continue;
      }
      c.id = id.value_or(c.scenario->id);
      c.horizon_years = horizon;
      if (!ids.insert(c.id).second)
        r.problem(item, fmt::format("case id '{}' appears twice (give each case an id)", c.id));
      cat.cases.push_back(std::move(c));
    }
    if (cat.cases.empty() && r.ok()) r.problem(root["cases"], "cases: expected at least one case");
  }
  if (!r.ok()) throw ScenarioError(r.take_problems());
  return cat;
}

}  // namespace

Catalogue load_catalogue(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return from_yaml(path);
  const fs::path listed = fs::path(path) / "catalogue.yaml";
  if (fs::exists(listed, ec)) return from_yaml(listed.string());
  Catalogue cat;
  cat.id = fs::path(path).filename().string();
  cat.origin = path;
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
      files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::set<std::string> ids;
  for (const auto& f : files) {
    Case c;
    c.scenario = io::load_input(f);
    c.outcomes = c.scenario->outcomes;
    c.id = ids.insert(c.scenario->id).second ? c.scenario->id : fs::path(f).stem().string();
    cat.cases.push_back(std::move(c));
  }
  if (cat.cases.empty())
    throw InputError(Location{path, 0, 0, ""},
                     "no catalogue.yaml and no scenario files (*.yaml) in this directory");
  return cat;
}

}  // namespace statecraft
