#include "server/run_request.h"

#include <fmt/format.h>

#include "core/errors.h"
#include "core/result.h"
#include "experiments/sampling.h"
#include "io/scenario_loader.h"

namespace statecraft::server {
namespace {

// A scenario with the request's changes ({actor, issue, field, value}) applied.
Scenario with_changes(const Scenario& base, const Json& changes) {
  Scenario s = base;
  if (changes.is_null()) return s;
  if (!changes.is_array())
    throw OptionError("changes", "expected a list of {actor, issue, field, value}");
  Intervention iv;
  iv.id = "request";
  for (const auto& ch : changes) {
    if (!ch.is_object() || !ch.contains("actor") || !ch.contains("field") ||
        !ch.contains("value") || !ch["value"].is_number())
      throw OptionError(
          "changes",
          "each change needs actor, field and a numeric value (and issue for position/salience)");
    Change c;
    const auto actor = s.actor_index(ch["actor"].get<std::string>());
    if (!actor)
      throw OptionError("changes",
                        fmt::format("unknown actor '{}'", ch["actor"].get<std::string>()));
    c.actor = *actor;
    const std::string field = ch["field"].get<std::string>();
    if (field == "position")
      c.field = Change::Field::Position;
    else if (field == "salience")
      c.field = Change::Field::Salience;
    else if (field == "capability")
      c.field = Change::Field::Capability;
    else
      throw OptionError(
          "changes",
          fmt::format("field must be position, salience or capability, got '{}'", field));
    if (ch.contains("issue")) {
      const auto issue = s.issue_index(ch["issue"].get<std::string>());
      if (!issue)
        throw OptionError("changes",
                          fmt::format("unknown issue '{}'", ch["issue"].get<std::string>()));
      c.issue = *issue;
    } else if (c.field != Change::Field::Capability) {
      throw OptionError("changes", "a position or salience change needs an issue");
    }
    const double v = ch["value"].get<double>();
    c.set = c.field == Change::Field::Salience ? v / 100 : v;
    iv.changes.push_back(c);
  }
  apply_intervention(iv, s);
  return s;
}

}  // namespace

std::variant<RunRequest, ApiError> decode_run_request(
    const std::string& text, const std::map<std::string, ScenarioPtr>& scenarios) {
  Json body;
  try {
    body = Json::parse(text);
  } catch (const Json::exception& e) {  // syntax errors, but also numbers out of range
    return ApiError{400, fmt::format("malformed JSON: {}", e.what())};
  }
  if (!body.is_object()) return ApiError{400, "expected a JSON object"};
  try {
    ScenarioPtr base;
    if (body.contains("yaml")) {
      if (!body["yaml"].is_string()) return ApiError{400, "yaml must be text"};
      base = io::load_scenario_text(body["yaml"].get<std::string>(), "upload.yaml");
    } else {
      const auto& id_field = body.contains("scenario") ? body["scenario"] : Json("korea-peninsula");
      if (!id_field.is_string()) return ApiError{400, "scenario must be an id"};
      const auto it = scenarios.find(id_field.get<std::string>());
      if (it == scenarios.end())
        return ApiError{404, fmt::format("no scenario '{}'", id_field.get<std::string>())};
      base = it->second;
    }
    RunRequest run{with_changes(*base, body.contains("changes") ? body["changes"] : Json()),
                   {"compromise:mean", "bdm", "smp"}};
    if (body.contains("interventions")) {
      if (!body["interventions"].is_array())
        return ApiError{400, "interventions must be a list of ids"};
      for (const auto& id : body["interventions"]) {
        if (!id.is_string()) return ApiError{400, "interventions must be a list of ids"};
        apply_intervention(find_intervention(*base, id.get<std::string>()), run.scenario);
      }
    }
    if (body.contains("models")) {
      if (!body["models"].is_array() || body["models"].empty())
        return ApiError{400, "models must be a non-empty list"};
      run.models.clear();
      for (const auto& m : body["models"]) {
        if (!m.is_string()) return ApiError{400, "models must be a list of names"};
        run.models.push_back(m.get<std::string>());
      }
    }
    return run;
  } catch (const Json::exception& e) {
    // A field of the wrong JSON type (e.g. a number where an id belongs).
    return ApiError{400, fmt::format("bad request: {}", e.what())};
  }
}

}  // namespace statecraft::server
