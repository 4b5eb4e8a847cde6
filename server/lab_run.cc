#include "server/lab_run.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/errors.h"
#include "experiments/monte_carlo.h"
#include "experiments/package_deals.h"
#include "experiments/pipeline.h"
#include "experiments/responses.h"
#include "server/run_request.h"

namespace statecraft::server {
namespace {

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

// For the models both runs have: edited minus baseline outcome per issue (both after
// institutions), and whether the edits leave each actor better or worse off under the
// model's own utility (the package verdicts of `statecraft whatif`).
Json difference(const Scenario& baseline, const Forecast& base, const Forecast& edited) {
  Json runs = Json::array();
  for (std::size_t m = 0; m < edited.runs.size(); ++m)
    for (std::size_t b = 0; b < base.runs.size(); ++b) {
      if (base.ran[b].label() != edited.ran[m].label()) continue;
      Json issues = Json::array();
      for (std::size_t i = 0; i < edited.runs[m].issues.size(); ++i) {
        const double x = base.runs[b].issues[i].outcome, y = edited.runs[m].issues[i].outcome;
        issues.push_back({{"issue", edited.runs[m].issues[i].issue},
                          {"baseline", x},
                          {"edited", y},
                          {"difference", y - x}});
      }
      // How the responses carried the edits (values and drivers at the two point runs).
      auto diagnostics = [](const ModelResult& r) {
        return r.detail.is_object() && r.detail.contains("responses") ? r.detail["responses"]
                                                                      : Json::object();
      };
      runs.push_back({{"model", edited.runs[m].model},
                      {"variant", edited.runs[m].variant},
                      {"issues", issues},
                      {"package", package_verdicts(baseline, base.runs[b], edited.runs[m])},
                      {"responses",
                       response_effects(diagnostics(base.runs[b]), diagnostics(edited.runs[m]))}});
    }
  return {{"runs", runs}};
}

}  // namespace

const std::vector<std::string>& lab_default_models() { return default_models(); }

Json run_lab_request(const std::string& body, const std::map<std::string, ScenarioPtr>& scenarios,
                     const LabRunSettings& settings) {
  auto decoded = decode_run_request(body, scenarios);
  if (const auto* bad = std::get_if<ApiError>(&decoded))
    throw LabRequestError(bad->status, bad->message);
  const LabRequest& lab = std::get<LabRequest>(decoded);
  if (lab.mc_runs && *lab.mc_runs > settings.max_mc_runs)
    throw LabRequestError(400, fmt::format("mc runs must be in 1..{}", settings.max_mc_runs));
  // One pipeline for every front end: scenario -> interventions -> the request's edits.
  const PreparedRequest edited = prepare(lab.run);
  std::atomic<bool> cancel{false};
  const Watchdog watchdog(cancel, settings.time_limit);
  RunContext ctx;
  ctx.cancel = &cancel;  // models check it each round
  const Forecast edited_run = forecast(edited, ctx);
  // The page asks model by model when a scenario is refused, so a model that cannot run it
  // is a 422 here (the CLI and Python report it beside the others instead).
  if (!edited_run.failures.empty()) {
    std::vector<Problem> problems;
    for (const auto& f : edited_run.failures)
      problems.push_back({Location{"", 0, 0, f.model}, f.reason});
    throw InputError(std::move(problems));
  }
  Json out;
  const PreparedRequest base = edited.baseline();
  Forecast base_run;
  if (lab.compare) {
    base_run = forecast(base, ctx);
    out = {{"baseline", forecast_document(base, base_run)},
           {"edited", forecast_document(edited, edited_run)},
           {"difference", difference(*base.scenario, base_run, edited_run)}};
  } else {
    out = forecast_document(edited, edited_run);
  }
  if (!lab.mc_runs) return out;
  // Monte Carlo on common random numbers: run k draws the same parameters for the baseline
  // and the edited scenario, so their difference is the edits' effect alone.
  McOptions e;
  e.request = edited;
  e.request.models = edited_run.ran;
  e.runs = *lab.mc_runs;
  e.batch = 8;  // progress and cancellation between batches
  const int passes = lab.compare ? 2 : 1;
  int pass = 0;
  e.progress = [&](int done, int total) {
    if (cancel) throw Cancelled();
    if (settings.progress) settings.progress((pass + double(done) / total) / passes);
  };
  const McSamples edited_mc = run_monte_carlo(e);
  Json& edited_target = lab.compare ? out["edited"] : out;
  edited_target["monte_carlo"] = summarize_monte_carlo(e, edited_mc, edited_run.runs);
  if (lab.compare) {
    pass = 1;
    McOptions b = e;
    b.request = base;
    b.request.models = edited_run.ran;
    const McSamples base_mc = run_monte_carlo(b);
    const auto base_point = run_point(b);
    out["baseline"]["monte_carlo"] = summarize_monte_carlo(b, base_mc, base_point);
    out["difference"]["monte_carlo"] =
        summarize_whatif(e, base_mc, edited_mc, base_point, edited_run.runs);
  }
  return out;
}

}  // namespace statecraft::server
