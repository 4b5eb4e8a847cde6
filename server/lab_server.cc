#include "server/lab_server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "core/errors.h"
#include "core/registry.h"
#include "experiments/institutions.h"
#include "experiments/sampling.h"
#include "io/input_file.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "models/gmcr/report.h"
#include "server/lab_page.h"

namespace statecraft::server {
namespace {

std::atomic<httplib::Server*> running{nullptr};

void stop_on_signal(int) {
  if (httplib::Server* srv = running.load()) srv->stop();
}

struct Catalogue {
  std::map<std::string, ScenarioPtr> scenarios;  // by scenario id
  std::map<std::string, std::string> yaml;       // its text, for download
};

Catalogue load_catalogue(const std::string& dir) {
  Catalogue c;
  const ScenarioPtr korea = io::load_default_scenario();
  c.scenarios[korea->id] = korea;
  c.yaml[korea->id] = io::scenario_to_yaml(*korea);
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec))
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      if (e.path().extension() != ".yaml") continue;
      try {
        const ScenarioPtr s = io::load_scenario_file(e.path().string());
        c.scenarios.emplace(s->id, s);
        c.yaml.emplace(s->id, io::read_text_file(e.path().string()));
      } catch (const InputError&) {
        // a broken file in the folder is skipped; `statecraft validate` reports it
      }
    }
  return c;
}

void reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& message,
                 const Json& problems = Json::array()) {
  reply(res, status, {{"error", message}, {"problems", problems}});
}

// A request about an invalid scenario, actor, model...: 422 with every located problem.
void reply_input_error(httplib::Response& res, const InputError& e) {
  Json problems = Json::array();
  for (const auto& p : e.problems()) problems.push_back(p.str());
  reply_error(res, 422, e.what(), problems);
}

Json summary(const Scenario& s) {
  Json issues = Json::array();
  for (const auto& is : s.issues) {
    Json stances = Json::array();
    for (const auto& st : is.stances)
      stances.push_back({{"actor", s.actors[st.actor].id},
                         {"position", st.position.value},
                         {"salience", st.salience.value * 100}});
    Json entry = io::issue_to_json(is);
    entry["stances"] = std::move(stances);
    issues.push_back(std::move(entry));
  }
  Json actors = Json::array();
  for (const auto& a : s.actors)
    actors.push_back({{"id", a.id}, {"name", a.name}, {"capability", a.capability.value}});
  Json interventions = Json::array();
  for (const auto& iv : s.interventions)
    interventions.push_back({{"id", iv.id}, {"name", iv.name}, {"description", iv.description}});
  return {{"id", s.id},       {"title", s.title}, {"as_of", s.as_of},
          {"actors", actors}, {"issues", issues}, {"interventions", interventions}};
}

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

Json run_models(const Scenario& s, const std::vector<std::string>& models, double time_limit) {
  std::atomic<bool> cancel{false};
  std::vector<ModelResult> results;
  {
    // Models check the token each round, so an over-long run stops with Cancelled.
    const Watchdog watchdog(cancel, time_limit);
    for (const auto& name : models) {
      const ModelSpec spec = parse_model_spec(name);
      ModelOptions o;
      o.variant = spec.variant;
      RunContext ctx;
      ctx.cancel = &cancel;
      ModelResult r = spec.model->run(s, o, ctx);
      apply_institutions(s, r);
      results.push_back(std::move(r));
    }
  }
  Json doc = io::result_to_json(s, results);
  Json conflicts = Json::array();
  for (const auto& c : s.conflicts)
    conflicts.push_back(gmcr::report_conflict(c, {}, std::nullopt, {}).json);
  if (!conflicts.empty()) doc["conflicts"] = conflicts;
  return doc;
}

}  // namespace

void stop_serving() { stop_on_signal(0); }

int serve(const LabOptions& o, const std::function<void(int)>& on_ready) {
  const Catalogue catalogue = load_catalogue(o.scenario_dir);
  httplib::Server srv;
  // SO_REUSEADDR but not httplib's default SO_REUSEPORT: a second lab on a busy port must fail.
  srv.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  srv.set_payload_max_length(o.max_body);
  srv.set_read_timeout(5, 0);
  srv.set_write_timeout(5, 0);
  srv.new_task_queue = [n = std::max(1, o.threads)] {
    return new httplib::ThreadPool(std::size_t(n) + 2);
  };

  srv.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(lab_page(), "text/html; charset=utf-8");
  });
  srv.Get("/api/health", [](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, {{"ok", true}});
  });
  srv.Get("/api/models", [](const httplib::Request&, httplib::Response& res) {
    Json list = Json::array();
    for (const Model* m : registry().models())
      for (const auto& v : m->variants()) list.push_back(m->name() + ":" + v.name);
    reply(res, 200, list);
  });
  srv.Get("/api/scenarios", [&](const httplib::Request&, httplib::Response& res) {
    Json list = Json::array();
    for (const auto& [id, s] : catalogue.scenarios)
      list.push_back({{"id", id}, {"title", s->title}});
    reply(res, 200, list);
  });
  srv.Get(R"(/api/scenarios/([A-Za-z0-9_.-]+))", [&](const httplib::Request& req,
                                                     httplib::Response& res) {
    const auto it = catalogue.scenarios.find(req.matches[1]);
    if (it == catalogue.scenarios.end()) return reply_error(res, 404, "no such scenario");
    reply(res, 200, {{"summary", summary(*it->second)}, {"yaml", catalogue.yaml.at(it->first)}});
  });
  srv.Post("/api/validate", [&](const httplib::Request& req, httplib::Response& res) {
    try {
      const ScenarioPtr s = io::load_scenario_text(req.body, "upload.yaml");
      reply(res, 200, {{"ok", true}, {"summary", summary(*s)}});
    } catch (const InputError& e) {
      reply_input_error(res, e);
    }
  });
  srv.Post("/api/run", [&](const httplib::Request& req, httplib::Response& res) {
    Json body;
    try {
      body = Json::parse(req.body);
    } catch (const Json::parse_error& e) {
      return reply_error(res, 400, fmt::format("malformed JSON: {}", e.what()));
    }
    if (!body.is_object()) return reply_error(res, 400, "expected a JSON object");
    try {
      ScenarioPtr base;
      if (body.contains("yaml")) {
        if (!body["yaml"].is_string()) return reply_error(res, 400, "yaml must be text");
        base = io::load_scenario_text(body["yaml"].get<std::string>(), "upload.yaml");
      } else {
        const std::string id = body.value("scenario", std::string("korea-peninsula"));
        const auto it = catalogue.scenarios.find(id);
        if (it == catalogue.scenarios.end())
          return reply_error(res, 404, fmt::format("no scenario '{}'", id));
        base = it->second;
      }
      Scenario s = with_changes(*base, body.contains("changes") ? body["changes"] : Json());
      if (body.contains("interventions")) {
        if (!body["interventions"].is_array())
          return reply_error(res, 400, "interventions must be a list of ids");
        for (const auto& id : body["interventions"]) {
          if (!id.is_string()) return reply_error(res, 400, "interventions must be a list of ids");
          apply_intervention(find_intervention(*base, id.get<std::string>()), s);
        }
      }
      std::vector<std::string> models = {"compromise:mean", "bdm", "smp"};
      if (body.contains("models")) {
        if (!body["models"].is_array() || body["models"].empty())
          return reply_error(res, 400, "models must be a non-empty list");
        models.clear();
        for (const auto& m : body["models"]) {
          if (!m.is_string()) return reply_error(res, 400, "models must be a list of names");
          models.push_back(m.get<std::string>());
        }
      }
      reply(res, 200, run_models(s, models, o.time_limit));
    } catch (const InputError& e) {
      reply_input_error(res, e);
    } catch (const Cancelled&) {
      reply_error(res, 503, fmt::format("the run exceeded the {} s time limit", o.time_limit));
    } catch (const Json::exception& e) {
      reply_error(res, 400, fmt::format("bad request: {}", e.what()));
    }
  });
  srv.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "internal error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        reply_error(res, 500, what);
      });
  srv.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty())
      reply_error(res, res.status, res.status == 413 ? "request too large" : "not found");
  });

  const int port =
      o.port == 0 ? srv.bind_to_any_port(o.host) : (srv.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port < 0)
    throw OutputError(fmt::format("{}:{}", o.host, o.port), "cannot listen on this address");
  running = &srv;
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  on_ready(port);
  srv.listen_after_bind();
  running = nullptr;
  return 0;
}

}  // namespace statecraft::server
