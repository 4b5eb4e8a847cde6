#include "models/bdm/model.h"

#include "core/errors.h"
#include "core/parallel.h"
#include "models/bdm/bdm_math.h"

namespace statecraft {
namespace {

constexpr const char* kReference = "reference";

// `full` = false keeps what the convergence check reads (each round's median and mean).
Json round_detail(const bdm::Round& round, int number, const std::vector<std::string>& ids,
                  bool full) {
  if (!full)
    return {{"round", number}, {"weighted_mean", round.weighted_mean}, {"median", round.median}};
  Json risk = Json::object();
  for (std::size_t k = 0; k < ids.size(); ++k) risk[ids[k]] = round.risk[k];
  Json offers = Json::array();
  for (const auto& o : round.offers)
    offers.push_back({{"actor", ids[o.receiver]},
                      {"proposer", ids[o.proposer]},
                      {"type", bdm::to_string(o.type)},
                      {"eu_receiver", o.eu_receiver},
                      {"eu_proposer", o.eu_proposer},
                      {"new_position", o.new_position}});
  return {{"round", number},
          {"risk", std::move(risk)},
          {"offers", std::move(offers)},
          {"weighted_mean", round.weighted_mean},
          {"median", round.median}};
}

class BdmModel final : public Model {
 public:
  std::string name() const override { return "bdm"; }
  std::string version() const override { return "1.0.0"; }
  std::string description() const override {
    return "Bueno de Mesquita expected-utility bargaining (Scholz, Calbert & Smith 2011); "
           "forecast = weighted median after the last round";
  }
  std::vector<VariantInfo> variants() const override {
    return {{"scholz", "the published model, with the replication code's defects corrected"},
            {kReference, "reproduces the Scholz replication code exactly, quirks included"}};
  }
  int default_rounds() const override { return 10; }
  bool actor_order_invariant(const std::string& variant) const override {
    return variant != kReference;
  }

  bool stochastic(const std::string&) const override { return false; }
  bool uses_status_quo() const override { return false; }
  std::vector<ParamSpec> params() const override {
    return {ParamSpec::real("q", 1.0, 0, 1,
                            "probability that the status quo holds when a challenger is not "
                            "opposed (Scholz et al.'s Q)")};
  }

 protected:
  ModelResult run_checked(const Scenario& scenario, const ModelOptions& options,
                          const RunContext& context) const override {
    bdm::Config config;
    config.reference = options.variant == kReference;
    config.rounds = options.rounds;
    config.q = options.values.real("q");

    ModelResult result{name(),
                       options.variant,
                       version(),
                       options.seed,
                       {{"rounds", config.rounds}, {"q", config.q}},
                       {}};
    result.issues.resize(scenario.issues.size());
    parallel_for(scenario.issues.size(), options.threads, [&](std::size_t i) {
      const IssueData data = issue_data(scenario, i);
      IssueResult& out = result.issues[i];
      out.issue = scenario.issues[i].id;
      for (std::size_t a : data.actors) out.actors.push_back(scenario.actors[a].id);
      const bdm::Run run = bdm::simulate(data.capability, data.salience, data.position, config,
                                         i == 0 ? context : RunContext{nullptr, context.cancel});
      out.trajectory.push_back(run.initial_positions);
      Json rounds = Json::array();
      for (std::size_t r = 0; r < run.rounds.size(); ++r) {
        out.trajectory.push_back(run.rounds[r].positions);
        rounds.push_back(round_detail(run.rounds[r], int(r) + 1, out.actors, options.detail));
      }
      out.outcome = run.rounds.empty() ? run.initial_median : run.rounds.back().median;
      out.detail = {{"position_range", run.range},
                    {"initial_weighted_mean", run.initial_weighted_mean},
                    {"initial_median", run.initial_median},
                    {"final_weighted_mean", run.rounds.empty() ? run.initial_weighted_mean
                                                               : run.rounds.back().weighted_mean},
                    {"rounds", std::move(rounds)}};
    });
    return result;
  }
};

}  // namespace

std::unique_ptr<Model> make_bdm_model() { return std::make_unique<BdmModel>(); }

}  // namespace statecraft
