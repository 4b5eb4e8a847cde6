#include "server/lab_server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

#include "core/errors.h"
#include "core/limits.h"
#include "core/registry.h"
#include "io/importers.h"
#include "io/input_file.h"
#include "io/result_json.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "server/lab_document.h"
#include "server/lab_page.h"
#include "server/lab_run.h"

namespace statecraft {
std::string_view embedded_default_scenario();  // build/embedded_scenario.cc
}

namespace statecraft::server {
namespace {

std::atomic<httplib::Server*> running{nullptr};

// Clients stalled mid-request that cannot delay a valid one, and how long each may stall.
constexpr std::size_t kStalledAllowance = 64;
constexpr int kReadTimeoutSeconds = 3;

void stop_on_signal(int) {
  if (httplib::Server* srv = running.load()) srv->stop();
}

struct Catalogue {
  std::map<std::string, ScenarioPtr> scenarios;  // by scenario id
  std::map<std::string, std::string> yaml;       // its text, for download
  std::map<std::string, Json> documents;         // the same as JSON, for the page's editor
};

// The text the page edits and downloads: the file as written, or, for a snapshot that
// `extends:` another file, the whole merged scenario (a download must stand alone).
std::string offered_text(std::string text, const Scenario& s) {
  const bool extends =
      text.rfind("extends:", 0) == 0 || text.find("\nextends:") != std::string::npos;
  return extends ? io::scenario_to_yaml(s) : text;
}

Catalogue load_catalogue(const std::string& dir) {
  Catalogue c;
  const ScenarioPtr korea = io::load_default_scenario();
  c.scenarios[korea->id] = korea;
  c.yaml[korea->id] = offered_text(std::string(embedded_default_scenario()), *korea);
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec))
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      if (e.path().extension() != ".yaml") continue;
      try {
        const std::string path = e.path().string();
        // Read once: loaded (which checks the UTF-8) and offered for download as is.
        std::string text = io::read_text_file(path, limits().file_bytes);
        const ScenarioPtr s = io::load_scenario_text(text, path);
        if (!c.scenarios.emplace(s->id, s).second) continue;  // the first of one id wins
        c.yaml.emplace(s->id, offered_text(std::move(text), *s));
      } catch (const InputError&) {
        // a broken file in the folder is skipped; `statecraft validate` reports it
      }
    }
  for (const auto& [id, text] : c.yaml) c.documents[id] = yaml_to_document(text, id);
  return c;
}

// Monte Carlo progress by the token the page passes as ?progress=... (GET /api/progress/TOKEN).
class ProgressBoard {
 public:
  void set(const std::string& token, double fraction) {
    std::lock_guard<std::mutex> lock(m_);
    if (board_.size() > 1000) board_.clear();  // tokens of finished runs are only a courtesy
    board_[token] = fraction;
  }
  std::optional<double> get(const std::string& token) {
    std::lock_guard<std::mutex> lock(m_);
    const auto it = board_.find(token);
    if (it == board_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::mutex m_;
  std::map<std::string, double> board_;
};

void reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  // Replace invalid UTF-8 (a request may echo binary junk into a message) rather than throw.
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
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
  // A client that stalls mid-request holds a worker for at most the read timeout. Workers
  // waiting on a socket cost a thread stack and no CPU, so the pool keeps kStalledAllowance
  // of them beyond those that run models: that many stalled clients delay nobody
  // (docs/reliability.md, section 4).
  srv.set_read_timeout(kReadTimeoutSeconds, 0);
  srv.set_write_timeout(5, 0);
  srv.set_keep_alive_timeout(5);
  srv.set_keep_alive_max_count(1000);
  srv.new_task_queue = [n = std::max(1, o.threads)] {
    return new httplib::ThreadPool(std::size_t(2 * n + 6) + kStalledAllowance);
  };

  ProgressBoard progress;
  srv.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(lab_page(), "text/html; charset=utf-8");
  });
  srv.Get(R"(/lab\.(js|css))", [](const httplib::Request& req, httplib::Response& res) {
    const std::string kind = req.matches[1];
    res.set_content(std::string(lab_asset("lab." + kind)),
                    kind == "js" ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
  });
  srv.Get("/api/health", [](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, {{"ok", true}});
  });
  srv.Get("/api/models", [](const httplib::Request&, httplib::Response& res) {
    reply(res, 200,
          {{"models", io::models_to_json(registry())}, {"default", lab_default_models()}});
  });
  srv.Get("/api/scenarios", [&](const httplib::Request&, httplib::Response& res) {
    Json list = Json::array();
    for (const auto& [id, s] : catalogue.scenarios)
      list.push_back({{"id", id}, {"title", s->title}});
    reply(res, 200, list);
  });
  srv.Get(R"(/api/scenarios/([A-Za-z0-9_.-]+))",
          [&](const httplib::Request& req, httplib::Response& res) {
            const auto it = catalogue.scenarios.find(req.matches[1]);
            if (it == catalogue.scenarios.end()) return reply_error(res, 404, "no such scenario");
            reply(res, 200,
                  {{"summary", summary(*it->second)},
                   {"yaml", catalogue.yaml.at(it->first)},
                   {"document", catalogue.documents.at(it->first)}});
          });
  // ?name=FILE names the upload in every message (default upload.yaml) and, by its
  // extension, chooses the importer of io/importers.h: any format is answered as scenario
  // YAML and its document.
  srv.Post("/api/validate", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string name =
        req.has_param("name") ? req.get_param_value("name") : std::string("upload.yaml");
    try {
      // Scenario YAML resolves its referenced files among the embedded ones, as /api/run does.
      const io::Importer& importer = io::choose_importer(req.body, name);
      const bool yaml = &importer == io::find_importer("scenario");
      const ScenarioPtr s =
          yaml ? io::load_scenario_text(req.body, name, io::embedded_scenario_files())
               : io::load_input_text(req.body, name);
      const std::string text = yaml ? req.body : io::scenario_to_yaml(*s);
      reply(res, 200,
            {{"ok", true},
             {"summary", summary(*s)},
             {"yaml", text},
             {"document", yaml_to_document(text, name)}});
    } catch (const InputError& e) {
      reply_input_error(res, e);
    }
  });
  // An edited document (JSON) back to scenario YAML, validated first.
  srv.Post("/api/yaml", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string name =
        req.has_param("name") ? req.get_param_value("name") : std::string("scenario.yaml");
    try {
      const Json doc = Json::parse(req.body);
      const std::string text = document_to_yaml(doc);
      io::load_scenario_text(text, name, io::embedded_scenario_files());
      res.set_content(text, "text/yaml; charset=utf-8");
    } catch (const Json::exception& e) {
      reply_error(res, 400, fmt::format("malformed JSON: {}", e.what()));
    } catch (const InputError& e) {
      reply_input_error(res, e);
    }
  });
  srv.Get(R"(/api/progress/([A-Za-z0-9_-]{1,64}))",
          [&](const httplib::Request& req, httplib::Response& res) {
            const auto f = progress.get(req.matches[1]);
            if (!f) return reply_error(res, 404, "no run with this progress token");
            reply(res, 200, {{"progress", *f}});
          });
  srv.Post("/api/run", [&](const httplib::Request& req, httplib::Response& res) {
    LabRunSettings settings;
    settings.time_limit = o.time_limit;
    if (req.has_param("progress")) {
      const std::string token = req.get_param_value("progress").substr(0, 64);
      progress.set(token, 0);
      settings.progress = [&progress, token](double f) { progress.set(token, f); };
    }
    try {
      reply(res, 200, run_lab_request(req.body, catalogue.scenarios, settings));
    } catch (const LabRequestError& e) {
      reply_error(res, e.status(), e.what());
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
