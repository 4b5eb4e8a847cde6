#include "server/lab_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "core/errors.h"
#include "core/registry.h"
#include "experiments/institutions.h"
#include "experiments/monte_carlo.h"
#include "experiments/sampling.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"
#include "models/gmcr/report.h"

namespace statecraft::server {
namespace {

// The user's edits travel through the engine as one more intervention, applied after the
// chosen ones (scenario -> interventions -> edits), in the point run and in every draw.
const char* const kEditsId = "request_changes";

// Sets `cancel` once `seconds` pass, unless destroyed first (run finished or failed).
class Watchdog {
 public:
  Watchdog(std::atomic<bool>& cancel, double seconds)
      : thread_([this, &cancel, seconds] {
          std::unique_lock<std::mutex> lock(m_);
          if (!cv_.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return done_; }))
            cancel = true;
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(m_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

struct LabModel {
  ModelSpec spec;
  int rounds = 0;  // 0 = the request's rounds, else the model's default
  std::map<std::string, std::string> params;
};

struct LabRequest {
  ScenarioPtr base;
  std::vector<LabModel> models;
  int rounds = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> interventions;
  Intervention edits;  // the request's changes as `set`s
  bool institutions = true, conflicts = true, compare = false;
  int mc_runs = 0;  // 0 = no Monte Carlo
  std::uint64_t mc_seed = 1;
};

[[noreturn]] void bad(const std::string& message) { throw LabRequestError(400, message); }

void check_keys(const Json& object, const std::set<std::string>& allowed, const std::string& what) {
  for (const auto& [key, value] : object.items())
    if (!allowed.count(key))
      bad(fmt::format("{}: unknown key '{}' (expected {})", what, key, fmt::join(allowed, ", ")));
}

bool flag(const Json& body, const char* key, bool fallback) {
  if (!body.contains(key)) return fallback;
  if (!body[key].is_boolean()) bad(fmt::format("{} must be true or false", key));
  return body[key].get<bool>();
}

long long integer(const Json& value, const std::string& what, long long lo, long long hi) {
  if (!value.is_number_integer() || value.get<long long>() < lo || value.get<long long>() > hi)
    bad(fmt::format("{} must be a whole number in {}..{}", what, lo, hi));
  return value.get<long long>();
}

LabModel decode_model(const Json& m) {
  LabModel out;
  if (m.is_string()) {
    out.spec = parse_model_spec(m.get<std::string>());
    return out;
  }
  if (!m.is_object() || !m.contains("model") || !m["model"].is_string())
    bad("each model is a name (\"bdm:scholz\") or {\"model\": name, \"rounds\": N, \"params\": "
        "{}}");
  check_keys(m, {"model", "rounds", "params"}, "model");
  out.spec = parse_model_spec(m["model"].get<std::string>());
  if (m.contains("rounds")) out.rounds = int(integer(m["rounds"], "rounds", 1, 100000));
  if (m.contains("params")) {
    if (!m["params"].is_object()) bad("params must be an object of name: value");
    for (const auto& [name, value] : m["params"].items()) {
      if (value.is_string())
        out.params[name] = value.get<std::string>();
      else if (value.is_number())
        out.params[name] = value.dump();
      else
        bad(fmt::format("parameter '{}' must be a number or text", name));
    }
  }
  return out;
}

// Every change is checked and every problem reported; a value is never clamped.
Intervention decode_changes(const Json& changes, const Scenario& s) {
  Intervention iv;
  iv.id = kEditsId;
  iv.name = "the request's changes";
  if (!changes.is_array()) bad("changes must be a list of {actor, issue, field, value}");
  std::vector<Problem> problems;
  auto problem = [&](std::size_t k, const std::string& message) {
    problems.push_back({Location{"", 0, 0, fmt::format("changes[{}]", k)}, message});
  };
  for (std::size_t k = 0; k < changes.size(); ++k) {
    const Json& ch = changes[k];
    if (!ch.is_object()) bad("each change is an object {actor, issue, field, value}");
    check_keys(ch, {"actor", "issue", "field", "value"}, fmt::format("changes[{}]", k));
    if (!ch.contains("actor") || !ch["actor"].is_string() || !ch.contains("field") ||
        !ch["field"].is_string() || !ch.contains("value") || !ch["value"].is_number() ||
        (ch.contains("issue") && !ch["issue"].is_string()))
      bad(
          fmt::format("changes[{}]: needs actor and field (text), value (a number) and, for "
                      "position or salience, issue (text)",
                      k));
    Change c;
    const std::string actor = ch["actor"], field = ch["field"];
    const double value = ch["value"];
    const auto a = s.actor_index(actor);
    if (!a) problem(k, fmt::format("unknown actor '{}'", actor));
    std::optional<std::size_t> issue;
    if (ch.contains("issue")) {
      issue = s.issue_index(ch["issue"].get<std::string>());
      if (!issue) problem(k, fmt::format("unknown issue '{}'", ch["issue"].get<std::string>()));
    }
    if (field == "position")
      c.field = Change::Field::Position;
    else if (field == "salience")
      c.field = Change::Field::Salience;
    else if (field == "capability")
      c.field = Change::Field::Capability;
    else {
      problem(k, fmt::format("field must be position, salience or capability, got '{}'", field));
      continue;
    }
    if (c.field != Change::Field::Capability && !ch.contains("issue")) {
      problem(k, fmt::format("a {} change needs an issue", field));
      continue;
    }
    if (!a || (ch.contains("issue") && !issue)) continue;
    if (issue) {
      const Issue& is = s.issues[*issue];
      const bool holds = std::any_of(is.stances.begin(), is.stances.end(),
                                     [&](const Stance& st) { return st.actor == *a; });
      if (!holds) problem(k, fmt::format("actor '{}' has no position on issue '{}'", actor, is.id));
      if (c.field == Change::Field::Position && (value < is.scale.min || value > is.scale.max))
        problem(k, fmt::format("position {} is outside the scale [{}, {}] of '{}'", value,
                               is.scale.min, is.scale.max, is.id));
    }
    if (c.field == Change::Field::Salience && (value < 0 || value > 100))
      problem(k, fmt::format("salience {} is outside [0, 100]", value));
    if (c.field == Change::Field::Capability && value < 0)
      problem(k, fmt::format("capability {} is negative", value));
    c.actor = *a;
    c.issue = issue;
    c.set = c.field == Change::Field::Salience ? value / 100 : value;
    iv.changes.push_back(c);
  }
  if (!problems.empty()) throw InputError(problems);
  return iv;
}

LabRequest decode(const std::string& text, const std::map<std::string, ScenarioPtr>& scenarios,
                  const LabRunSettings& settings) {
  Json body;
  try {
    body = Json::parse(text);
  } catch (const Json::exception& e) {  // syntax errors, but also numbers out of range
    bad(fmt::format("malformed JSON: {}", e.what()));
  }
  if (!body.is_object()) bad("expected a JSON object");
  check_keys(body,
             {"yaml", "scenario", "origin", "models", "rounds", "seed", "interventions", "changes",
              "institutions", "conflicts", "compare", "mc"},
             "request");
  LabRequest r;
  if (body.contains("yaml")) {
    if (!body["yaml"].is_string()) bad("yaml must be text");
    std::string origin = "upload.yaml";
    if (body.contains("origin")) {
      if (!body["origin"].is_string() || body["origin"].get<std::string>().empty())
        bad("origin must be a file name");
      origin = body["origin"].get<std::string>();
    }
    r.base = io::load_scenario_text(body["yaml"].get<std::string>(), origin);
  } else {
    const Json id = body.value("scenario", Json("korea-peninsula"));
    if (!id.is_string()) bad("scenario must be an id");
    const auto it = scenarios.find(id.get<std::string>());
    if (it == scenarios.end())
      throw LabRequestError(404, fmt::format("no scenario '{}'", id.get<std::string>()));
    r.base = it->second;
  }
  if (body.contains("models")) {
    if (!body["models"].is_array() || body["models"].empty())
      bad("models must be a non-empty list");
    for (const auto& m : body["models"]) r.models.push_back(decode_model(m));
  } else {
    for (const auto& name : lab_default_models()) r.models.push_back({parse_model_spec(name)});
  }
  if (body.contains("rounds")) r.rounds = int(integer(body["rounds"], "rounds", 1, 100000));
  if (body.contains("seed")) r.seed = std::uint64_t(integer(body["seed"], "seed", 0, (1LL << 53)));
  if (body.contains("interventions")) {
    if (!body["interventions"].is_array()) bad("interventions must be a list of ids");
    for (const auto& id : body["interventions"]) {
      if (!id.is_string()) bad("interventions must be a list of ids");
      find_intervention(*r.base, id.get<std::string>());  // 422 naming the ones there are
      r.interventions.push_back(id.get<std::string>());
    }
  }
  r.edits = decode_changes(body.value("changes", Json::array()), *r.base);
  r.institutions = flag(body, "institutions", true);
  r.conflicts = flag(body, "conflicts", true);
  r.compare = flag(body, "compare", false);
  if (body.contains("mc")) {
    const Json& mc = body["mc"];
    if (!mc.is_object()) bad("mc must be {\"runs\": N, \"seed\": S}");
    check_keys(mc, {"runs", "seed"}, "mc");
    r.mc_runs = int(integer(mc.value("runs", Json(200)), "mc runs", 1, settings.max_mc_runs));
    if (mc.contains("seed"))
      r.mc_seed = std::uint64_t(integer(mc["seed"], "mc seed", 0, 1LL << 53));
    for (const auto& m : r.models)
      if (m.rounds || r.rounds)
        throw OptionError("mc",
                          "Monte Carlo runs use each model's default rounds; drop 'rounds' "
                          "or run without mc");
  }
  return r;
}

// The base scenario with the edits as one more (last) intervention.
Scenario with_edits_intervention(const LabRequest& r) {
  Scenario s = *r.base;
  s.interventions.push_back(r.edits);
  return s;
}

std::vector<ModelResult> run_models(const Scenario& s, const LabRequest& r,
                                    const std::atomic<bool>& cancel) {
  std::vector<ModelResult> results;
  for (const auto& m : r.models) {
    ModelOptions o;
    o.variant = m.spec.variant;
    o.rounds = m.rounds ? m.rounds : r.rounds;
    o.seed = r.seed;
    o.params = m.params;
    RunContext ctx;
    ctx.cancel = &cancel;  // models check it each round
    ModelResult result = m.spec.model->run(s, o, ctx);
    if (r.institutions) apply_institutions(s, result);
    results.push_back(std::move(result));
  }
  return results;
}

Json document(const Scenario& s, const std::vector<ModelResult>& results, const LabRequest& r) {
  Json doc = io::result_to_json(s, results);
  if (!r.conflicts) return doc;
  Json conflicts = Json::array();
  for (const auto& c : s.conflicts)
    conflicts.push_back(gmcr::report_conflict(c, {}, std::nullopt, {}).json);
  if (!conflicts.empty()) doc["conflicts"] = conflicts;
  return doc;
}

// Edited minus baseline outcome per model and issue (both after institutions).
Json difference(const std::vector<ModelResult>& base, const std::vector<ModelResult>& edited) {
  Json runs = Json::array();
  for (std::size_t m = 0; m < base.size(); ++m) {
    Json issues = Json::array();
    for (std::size_t i = 0; i < base[m].issues.size(); ++i) {
      const double b = base[m].issues[i].outcome, e = edited[m].issues[i].outcome;
      issues.push_back({{"issue", base[m].issues[i].issue},
                        {"baseline", b},
                        {"edited", e},
                        {"difference", e - b}});
    }
    runs.push_back({{"model", base[m].model}, {"variant", base[m].variant}, {"issues", issues}});
  }
  return {{"runs", runs}};
}

}  // namespace

const std::vector<std::string>& lab_default_models() {
  static const std::vector<std::string> models = {"compromise:mean", "compromise:median", "bdm",
                                                  "smp", "exchange"};
  return models;
}

Json run_lab_request(const std::string& body, const std::map<std::string, ScenarioPtr>& scenarios,
                     const LabRunSettings& settings) {
  const LabRequest r = decode(body, scenarios, settings);
  const Scenario s = with_edits_intervention(r);
  std::vector<std::string> applied = r.interventions;
  applied.push_back(kEditsId);
  Scenario edited = s;
  for (const auto& id : applied) apply_intervention(find_intervention(s, id), edited);
  edited.interventions.pop_back();  // the edits are in the numbers now

  std::atomic<bool> cancel{false};
  const Watchdog watchdog(cancel, settings.time_limit);
  const auto edited_results = run_models(edited, r, cancel);
  Json edited_doc = document(edited, edited_results, r);
  std::vector<ModelResult> base_results;
  Json out;
  if (r.compare) {
    base_results = run_models(*r.base, r, cancel);
    out = {{"baseline", document(*r.base, base_results, r)},
           {"edited", std::move(edited_doc)},
           {"difference", difference(base_results, edited_results)}};
  } else {
    out = std::move(edited_doc);
  }
  if (r.mc_runs == 0) return out;

  // Monte Carlo on common random numbers: run k draws the same parameters for the baseline
  // and the edited scenario, so their difference is the edits' effect alone.
  McOptions o;
  o.runs = r.mc_runs;
  o.seed = r.mc_seed;
  o.institutions = r.institutions;
  o.batch = 8;  // progress and cancellation between batches
  for (const auto& m : r.models) o.models.push_back({m.spec, m.params});
  const int passes = r.compare ? 2 : 1;
  int pass = 0;
  o.progress = [&](int done, int total) {
    if (cancel) throw Cancelled();
    if (settings.progress) settings.progress((pass + double(done) / total) / passes);
  };
  McOptions edited_o = o;
  edited_o.interventions = applied;
  const McSamples edited_mc = run_monte_carlo(s, edited_o);
  const auto edited_point = run_point(s, edited_o);
  Json& edited_target = r.compare ? out["edited"] : out;
  edited_target["monte_carlo"] = summarize_monte_carlo(s, edited_o, edited_mc, edited_point);
  if (r.compare) {
    pass = 1;
    const McSamples base_mc = run_monte_carlo(s, o);
    const auto base_point = run_point(s, o);
    out["baseline"]["monte_carlo"] = summarize_monte_carlo(s, o, base_mc, base_point);
    out["difference"]["monte_carlo"] =
        summarize_whatif(s, edited_o, base_mc, edited_mc, base_point, edited_point);
  }
  return out;
}

}  // namespace statecraft::server
