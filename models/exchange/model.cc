#include "models/exchange/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/errors.h"

namespace statecraft {
namespace exchange {

template <typename T>
Board<T> board_from(const Scenario& scenario) {
  Board<T> board;
  board.stake.assign(scenario.issues.size(),
                     std::vector<std::optional<Stake<T>>>(scenario.actors.size()));
  for (std::size_t k = 0; k < scenario.issues.size(); ++k) {
    const Issue& issue = scenario.issues[k];
    const IssueData data = issue_data(scenario, k);
    const double width = issue.scale.max - issue.scale.min;
    for (std::size_t n = 0; n < data.actors.size(); ++n)
      board.stake[k][data.actors[n]] =
          Stake<T>{Number<T>::input((data.position[n] - issue.scale.min) * 100 / width),
                   Number<T>::input(data.salience[n]), Number<T>::input(data.capability[n])};
  }
  return board;
}
template Board<double> board_from(const Scenario&);
template Board<Decimal28> board_from(const Scenario&);

std::vector<IssuePair> trade_pairs(const Scenario& scenario) {
  const std::size_t n_issues = scenario.issues.size(), n_actors = scenario.actors.size();
  std::map<std::pair<std::size_t, std::size_t>, std::vector<char>> allowed;
  auto allow = [&](std::size_t a, std::size_t b, const std::vector<std::size_t>& actors) {
    auto& row = allowed[{std::min(a, b), std::max(a, b)}];
    row.resize(n_actors, 0);
    if (actors.empty())
      std::fill(row.begin(), row.end(), 1);
    else
      for (std::size_t x : actors) row[x] = 1;
  };
  if (scenario.links.empty()) {
    for (std::size_t p = 0; p < n_issues; ++p)
      for (std::size_t q = p + 1; q < n_issues; ++q) allow(p, q, {});
  }
  for (const Link& link : scenario.links)
    for (std::size_t x = 0; x < link.issues.size(); ++x)
      for (std::size_t y = x + 1; y < link.issues.size(); ++y)
        if (link.issues[x] != link.issues[y]) allow(link.issues[x], link.issues[y], link.actors);
  std::vector<IssuePair> pairs;  // issue order, like the reference's combinations
  for (auto& [key, row] : allowed) pairs.push_back({key.first, key.second, std::move(row)});
  return pairs;
}

}  // namespace exchange

namespace {

constexpr const char* kRandomRate = "random_rate";
constexpr const char* kReference = "reference";

double to_scale(const Issue& issue, double x) {
  return issue.scale.min + x * (issue.scale.max - issue.scale.min) / 100;
}

template <typename T>
Json side_json(const Scenario& s, const exchange::Side<T>& side) {
  const Issue& issue = s.issues[side.supply];
  return {{"actor", s.actors[side.actor].id},
          {"supply", issue.id},
          {"demand", s.issues[side.demand].id},
          {"from", to_scale(issue, exchange::Number<T>::to_double(side.x))},
          {"to", to_scale(issue, exchange::Number<T>::to_double(side.y))}};
}

// The run on number type T, as the model's result.
template <typename T>
ModelResult exchange_result(const Scenario& scenario, const exchange::Settings& settings,
                            const std::vector<exchange::IssuePair>& pairs,
                            const RunContext& context, ModelResult result, bool detail) {
  using exchange::Number;
  const exchange::Trajectory<T> run =
      exchange::run(exchange::board_from<T>(scenario), pairs, settings, context);
  for (std::size_t k = 0; k < scenario.issues.size(); ++k) {
    const Issue& issue = scenario.issues[k];
    IssueResult out;
    out.issue = issue.id;
    const IssueData data = issue_data(scenario, k);
    for (std::size_t a : data.actors) out.actors.push_back(scenario.actors[a].id);
    for (const auto& positions : run.positions) {
      std::vector<double> row;
      for (std::size_t a : data.actors) row.push_back(to_scale(issue, positions[k][a]));
      out.trajectory.push_back(std::move(row));
    }
    Json preference = Json::array(), voting = Json::array();
    for (const auto& r : run.rounds) {
      preference.push_back(to_scale(issue, r.preference_outcome[k]));
      voting.push_back(to_scale(issue, r.voting_outcome[k]));
    }
    out.outcome = voting.back().get<double>();  // Model::run guarantees >= 1 round
    out.detail = {{"preference_outcome", preference}, {"voting_outcome", voting}};
    result.issues.push_back(std::move(out));
  }
  Json rounds = Json::array();
  for (std::size_t r = 0; detail && r < run.rounds.size(); ++r) {
    Json trades = Json::array();
    for (const auto& e : run.rounds[r].realised)
      trades.push_back({{"i", side_json(scenario, e.i)},
                        {"j", side_json(scenario, e.j)},
                        {"gain_i", Number<T>::to_double(e.gain_i)},
                        {"gain_j", Number<T>::to_double(e.gain_j)}});
    rounds.push_back({{"round", r + 1}, {"exchanges", std::move(trades)}});
  }
  result.detail = {{"rounds", std::move(rounds)}};
  return result;
}

class ExchangeModel final : public Model {
 public:
  std::string name() const override { return "exchange"; }
  std::string version() const override { return "1.0.0"; }
  std::string description() const override {
    return "Stokman / Van den Bos exchange model: actors trade moves across linked issues "
           "(links:); forecast = capability x salience weighted mean of the voting positions "
           "after the last round";
  }
  std::vector<VariantInfo> variants() const override {
    return {{"equal_gain", "both partners gain equally (the reference's Equal Gain model)"},
            {kReference,
             "equal gain in 28-digit decimals like the reference, so that its choices between "
             "exchanges of equal gain (and every later round) are reproduced exactly; slower"},
            {kRandomRate,
             "exchange rate drawn between the partners' salience ratios (reproducible by "
             "seed); an exchange happens when it is acceptable to both partners"}};
  }
  int default_rounds() const override { return 10; }
  // Ties between equal gains keep creation order, which follows the actor order.
  bool actor_order_invariant(const std::string&) const override { return false; }
  bool stochastic(const std::string& variant) const override { return variant == kRandomRate; }
  std::vector<ParamSpec> params() const override {
    return {ParamSpec::real("salience_weight", 0.4, 0, 1,
                            "weight of (1 - salience) in carrying a round's voting position "
                            "over: x' = x + (fixed_weight + salience_weight (1 - s)) (y - x)"),
            ParamSpec::real("fixed_weight", 0.1, 0, 1,
                            "part of that carry-over every actor takes regardless of salience; "
                            "fixed_weight + salience_weight <= 1")};
  }

 protected:
  ModelResult run_checked(const Scenario& scenario, const ModelOptions& options,
                          const RunContext& context) const override {
    exchange::Settings settings;
    settings.rule =
        options.variant == kRandomRate ? exchange::Rule::RandomRate : exchange::Rule::EqualGain;
    settings.rounds = options.rounds;
    settings.streams = *options.streams;
    settings.salience_weight = options.values.real("salience_weight");
    settings.fixed_weight = options.values.real("fixed_weight");
    if (settings.salience_weight + settings.fixed_weight > 1)
      throw OptionError("param salience_weight",
                        "expected salience_weight + fixed_weight to be at most 1");
    const auto pairs = exchange::trade_pairs(scenario);
    ModelResult result{name(),
                       options.variant,
                       version(),
                       options.seed,
                       {{"rounds", settings.rounds},
                        {"salience_weight", settings.salience_weight},
                        {"fixed_weight", settings.fixed_weight},
                        {"issue_pairs", pairs.size()}},
                       {}};
    if (options.variant == kReference)
      return exchange_result<exchange::Decimal28>(scenario, settings, pairs, context,
                                                  std::move(result), options.detail);
    return exchange_result<double>(scenario, settings, pairs, context, std::move(result),
                                   options.detail);
  }
};

}  // namespace

std::unique_ptr<Model> make_exchange_model() { return std::make_unique<ExchangeModel>(); }

}  // namespace statecraft
