#include "server/run_request.h"

#include <fmt/format.h>

#include <limits>

#include "core/changes.h"
#include "core/errors.h"
#include "core/result.h"
#include "io/input_file.h"
#include "io/scenario_loader.h"

namespace statecraft::server {
namespace {

struct Bad {
  int status;
  std::string message;
};

const Json& field(const Json& body, const char* key) { return body.at(key); }

bool known_key(const std::string& k) {
  static const char* const keys[] = {
      "scenario",      "yaml",    "origin",       "models",    "rounds",  "seed", "threads",
      "interventions", "changes", "institutions", "conflicts", "compare", "mc"};
  for (const char* key : keys)
    if (k == key) return true;
  return false;
}

int integer(const Json& v, const char* what, long long lo, long long hi) {
  if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
    throw Bad{400, fmt::format("{} must be an integer in {}..{}", what, lo, hi)};
  return int(v.get<long long>());
}

bool boolean(const Json& v, const char* what) {
  if (!v.is_boolean()) throw Bad{400, fmt::format("{} must be true or false", what)};
  return v.get<bool>();
}

std::vector<std::string> strings(const Json& v, const char* what) {
  if (!v.is_array()) throw Bad{400, fmt::format("{} must be a list of ids", what)};
  std::vector<std::string> out;
  for (const auto& x : v) {
    if (!x.is_string()) throw Bad{400, fmt::format("{} must be a list of ids", what)};
    out.push_back(x.get<std::string>());
  }
  return out;
}

ModelRequest model_request(const Json& m) {
  if (m.is_string()) return {m.get<std::string>(), 0, {}};
  if (!m.is_object() || !m.contains("model") || !m["model"].is_string())
    throw Bad{400, "each model is a name (\"bdm:scholz\") or {\"model\", \"rounds\", \"params\"}"};
  ModelRequest r{m["model"].get<std::string>(), 0, {}};
  for (const auto& [k, v] : m.items()) {
    if (k == "model") continue;
    if (k == "rounds") {
      r.rounds = integer(v, "rounds", 1, std::numeric_limits<int>::max());
    } else if (k == "params") {
      if (!v.is_object()) throw Bad{400, "params must be an object of name: value"};
      for (const auto& [name, value] : v.items()) {
        if (value.is_string())
          r.params[name] = value.get<std::string>();
        else if (value.is_number())
          r.params[name] = value.dump();
        else
          throw Bad{400, fmt::format("param {} must be a number or text", name)};
      }
    } else {
      throw Bad{400, fmt::format("unknown model field '{}' (expected model, rounds, params)", k)};
    }
  }
  return r;
}

// Changes {actor, issue, field, value} -> Change, with the position of each in the request
// as its location; ids are resolved here, values are checked by the pipeline.
void decode_changes(const Json& changes, const Scenario& s, RunRequest& run) {
  if (!changes.is_array()) throw Bad{400, "changes must be a list of {actor, issue, field, value}"};
  std::vector<Problem> problems;
  for (std::size_t k = 0; k < changes.size(); ++k) {
    const Json& ch = changes[k];
    const Location where{"", 0, 0, fmt::format("changes[{}]", k)};
    if (!ch.is_object() || !ch.contains("actor") || !ch["actor"].is_string() ||
        !ch.contains("field") || !ch["field"].is_string() || !ch.contains("value") ||
        !ch["value"].is_number())
      throw Bad{400, fmt::format("changes[{}] needs actor, field and a numeric value (and issue "
                                 "for position/salience)",
                                 k)};
    for (const auto& [key, v] : ch.items())
      if (key != "actor" && key != "issue" && key != "field" && key != "value")
        throw Bad{400, fmt::format("changes[{}]: unknown field '{}'", k, key)};
    Change c;
    const std::string actor = ch["actor"].get<std::string>();
    const auto a = s.actor_index(actor);
    if (!a) {
      problems.push_back({where, fmt::format("unknown actor '{}'", actor)});
      continue;
    }
    c.actor = *a;
    const std::string f = ch["field"].get<std::string>();
    if (f == "position")
      c.field = Change::Field::Position;
    else if (f == "salience")
      c.field = Change::Field::Salience;
    else if (f == "capability")
      c.field = Change::Field::Capability;
    else {
      problems.push_back(
          {where, fmt::format("field must be position, salience or capability, got '{}'", f)});
      continue;
    }
    if (ch.contains("issue")) {
      if (!ch["issue"].is_string())
        throw Bad{400, fmt::format("changes[{}].issue must be an id", k)};
      const auto i = s.issue_index(ch["issue"].get<std::string>());
      if (!i) {
        problems.push_back(
            {where, fmt::format("unknown issue '{}'", ch["issue"].get<std::string>())});
        continue;
      }
      c.issue = *i;
    }
    const double v = ch["value"].get<double>();
    c.set = c.field == Change::Field::Salience ? v / 100 : v;  // salience 0-100 on the wire
    // Checked here too, so that one answer lists every problem of the request; the
    // pipeline checks again against the scenario with the interventions applied.
    auto found = validate_change(c, s, where);
    problems.insert(problems.end(), found.begin(), found.end());
    run.changes.push_back(c);
    run.change_locations.push_back(where);
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

}  // namespace

std::variant<LabRequest, ApiError> decode_run_request(
    const std::string& text, const std::map<std::string, ScenarioPtr>& scenarios,
    const std::string& upload_name) {
  Json body;
  try {
    body = Json::parse(text);
  } catch (const Json::exception& e) {  // syntax errors, but also numbers out of range
    return ApiError{400, fmt::format("malformed JSON: {}", e.what())};
  }
  if (!body.is_object()) return ApiError{400, "expected a JSON object"};
  try {
    for (const auto& [k, v] : body.items())
      if (!known_key(k))
        throw Bad{400, fmt::format("unknown field '{}' (expected scenario or yaml and origin, "
                                   "models, rounds, seed, threads, interventions, changes, "
                                   "institutions, conflicts, compare, mc)",
                                   k)};
    LabRequest lab;
    RunRequest& run = lab.run;
    if (body.contains("yaml")) {
      if (!body["yaml"].is_string()) throw Bad{400, "yaml must be text"};
      std::string name = upload_name;
      if (body.contains("origin")) {
        if (!body["origin"].is_string() || body["origin"].get<std::string>().empty())
          throw Bad{400, "origin must be a file name"};
        name = body["origin"].get<std::string>();
      }
      run.scenario = io::load_scenario_text(body["yaml"].get<std::string>(), name,
                                            io::embedded_scenario_files());
    } else {
      const Json id = body.contains("scenario") ? body["scenario"] : Json("korea-peninsula");
      if (!id.is_string()) throw Bad{400, "scenario must be an id"};
      const auto it = scenarios.find(id.get<std::string>());
      if (it == scenarios.end())
        throw Bad{404, fmt::format("no scenario '{}'", id.get<std::string>())};
      run.scenario = it->second;
    }
    if (body.contains("models")) {
      const Json& models = field(body, "models");
      if (!models.is_array() || models.empty()) throw Bad{400, "models must be a non-empty list"};
      for (const auto& m : models) run.models.push_back(model_request(m));
    }
    if (body.contains("rounds"))
      run.rounds = integer(body["rounds"], "rounds", 1, std::numeric_limits<int>::max());
    if (body.contains("seed")) {
      const Json& seed = body["seed"];
      if (!seed.is_number_unsigned() && !(seed.is_number_integer() && seed.get<long long>() >= 0))
        throw Bad{400, "seed must be an integer in 0..18446744073709551615"};
      run.seed = seed.get<std::uint64_t>();
    }
    if (body.contains("threads")) run.threads = integer(body["threads"], "threads", 0, 1024);
    if (body.contains("interventions"))
      run.interventions = strings(body["interventions"], "interventions");
    if (body.contains("institutions"))
      run.institutions = boolean(body["institutions"], "institutions");
    if (body.contains("conflicts")) run.conflicts = boolean(body["conflicts"], "conflicts");
    if (body.contains("compare")) lab.compare = boolean(body["compare"], "compare");
    if (body.contains("mc")) {
      const Json& mc = body["mc"];
      if (!mc.is_object() || !mc.contains("runs") || mc.size() != 1)
        throw Bad{400, "mc must be {\"runs\": N}"};
      lab.mc_runs = integer(mc["runs"], "mc.runs", 1, 100000);
    }
    if (body.contains("changes")) decode_changes(body["changes"], *run.scenario, run);
    return lab;
  } catch (const Bad& b) {
    return ApiError{b.status, b.message};
  } catch (const Json::exception& e) {
    return ApiError{400, fmt::format("bad request: {}", e.what())};
  }
}

}  // namespace statecraft::server
