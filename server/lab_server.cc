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
#include "core/limits.h"
#include "core/registry.h"
#include "experiments/monte_carlo.h"
#include "experiments/pipeline.h"
#include "io/input_file.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "models/gmcr/report.h"
#include "server/lab_page.h"
#include "server/run_request.h"

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
        const std::string path = e.path().string();
        // Read once: loaded (which checks the UTF-8) and offered for download as is.
        std::string text = io::read_text_file(path, limits().file_bytes);
        const ScenarioPtr s = io::load_scenario_text(text, path);
        c.scenarios.emplace(s->id, s);
        c.yaml.emplace(s->id, std::move(text));
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

// Outcome differences edited - baseline, per model and issue (models both runs have).
Json difference(const Json& baseline, const Json& edited) {
  Json out = Json::array();
  for (const auto& e : edited["runs"])
    for (const auto& b : baseline["runs"]) {
      if (b["model"] != e["model"] || b["variant"] != e["variant"]) continue;
      Json issues = Json::array();
      for (std::size_t i = 0; i < e["issues"].size() && i < b["issues"].size(); ++i)
        issues.push_back({{"issue", e["issues"][i]["issue"]},
                          {"baseline", b["issues"][i]["outcome"]},
                          {"edited", e["issues"][i]["outcome"]},
                          {"difference", e["issues"][i]["outcome"].get<double>() -
                                             b["issues"][i]["outcome"].get<double>()}});
      out.push_back({{"model", e["model"]}, {"variant", e["variant"]}, {"issues", issues}});
    }
  return out;
}

// One lab request through the pipeline: the edited run, and on demand the baseline beside
// it and Monte Carlo bands. Without those it answers exactly the CLI's result document.
Json run_lab_request(const LabRequest& lab, double time_limit) {
  std::atomic<bool> cancel{false};
  // Models check the token each round, so an over-long run stops with Cancelled.
  const Watchdog watchdog(cancel, time_limit);
  RunContext ctx;
  ctx.cancel = &cancel;
  const PreparedRequest edited = prepare(lab.run);
  Json doc = forecast_document(edited, forecast(edited, ctx));
  if (!lab.compare && !lab.mc_runs) return doc;
  Json out = {{"edited", doc}};
  if (lab.compare) {
    const PreparedRequest base = edited.baseline();
    Json base_doc = forecast_document(base, forecast(base, ctx));
    out["difference"] = difference(base_doc, doc);
    out["baseline"] = std::move(base_doc);
  }
  if (lab.mc_runs) {
    McOptions o;
    o.request = edited;
    o.runs = *lab.mc_runs;
    const auto point = run_point(o);
    out["monte_carlo"] = summarize_monte_carlo(o, run_monte_carlo(o), point);
  }
  return out;
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
  // A client that stalls mid-request holds a worker for at most the read timeout; a pool
  // wider than the run threads keeps a few stalled clients from blocking everyone else.
  srv.set_read_timeout(3, 0);
  srv.set_write_timeout(5, 0);
  srv.set_keep_alive_timeout(5);
  srv.set_keep_alive_max_count(1000);
  srv.new_task_queue = [n = std::max(1, o.threads)] {
    return new httplib::ThreadPool(std::size_t(2 * n + 6));
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
    try {
      auto decoded = decode_run_request(req.body, catalogue.scenarios);
      if (const auto* bad = std::get_if<ApiError>(&decoded))
        return reply_error(res, bad->status, bad->message);
      reply(res, 200, run_lab_request(std::get<LabRequest>(decoded), o.time_limit));
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
