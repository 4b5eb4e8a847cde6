#include "models/compromise/model.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/parallel.h"

namespace statecraft {

double weighted_mean(const std::vector<double>& position, const std::vector<double>& weight) {
  double num = 0, den = 0;
  for (std::size_t k = 0; k < position.size(); ++k) {
    num += weight[k] * position[k];
    den += weight[k];
  }
  return num / den;
}

double weighted_median(const std::vector<double>& position, const std::vector<double>& weight) {
  std::vector<std::size_t> order(position.size());
  std::iota(order.begin(), order.end(), 0);
  // Sorting by (position, weight) makes the result independent of the input order.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return position[a] != position[b] ? position[a] < position[b] : weight[a] < weight[b];
  });
  std::vector<double> sorted_weight;
  for (std::size_t k : order) sorted_weight.push_back(weight[k]);
  std::sort(sorted_weight.begin(), sorted_weight.end());  // order-free total
  const double total = std::accumulate(sorted_weight.begin(), sorted_weight.end(), 0.0);
  const double half = total / 2;
  const double tolerance = 1e-12 * total;
  double cumulative = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    cumulative += weight[order[i]];
    if (cumulative < half - tolerance) continue;
    const double here = position[order[i]];
    if (cumulative <= half + tolerance) {
      // Exactly half the weight at or below `here`: every point up to the next position
      // minimises the loss; report the midpoint.
      for (std::size_t j = i + 1; j < order.size(); ++j)
        if (position[order[j]] != here && weight[order[j]] > 0)
          return (here + position[order[j]]) / 2;
    }
    return here;
  }
  return position[order.back()];
}

namespace {

class CompromiseModel final : public Model {
 public:
  std::string name() const override { return "compromise"; }
  std::string version() const override { return "1.0.0"; }
  std::string description() const override {
    return "capability x salience weighted mean (variant mean) or weighted median (variant "
           "median) of the actors' positions; no bargaining";
  }
  std::vector<VariantInfo> variants() const override {
    return {{"mean", "weighted mean: sum c s x / sum c s"},
            {"median", "weighted median: minimises sum c s |x - p|"}};
  }
  int default_rounds() const override { return 0; }
  bool actor_order_invariant(const std::string&) const override { return true; }
  bool stochastic(const std::string&) const override { return false; }

 protected:
  ModelResult run_checked(const Scenario& scenario, const ModelOptions& options,
                          const RunContext&) const override {
    ModelResult result{name(), options.variant, version(), options.seed, Json::object(), {}};
    result.issues.resize(scenario.issues.size());
    parallel_for(scenario.issues.size(), options.threads, [&](std::size_t i) {
      const IssueData data = issue_data(scenario, i);
      std::vector<double> weight(data.position.size());
      for (std::size_t k = 0; k < weight.size(); ++k)
        weight[k] = data.capability[k] * data.salience[k];
      IssueResult& out = result.issues[i];
      out.issue = scenario.issues[i].id;
      for (std::size_t a : data.actors) out.actors.push_back(scenario.actors[a].id);
      out.trajectory.push_back(data.position);
      const double mean = weighted_mean(data.position, weight);
      const double median = weighted_median(data.position, weight);
      out.outcome = options.variant == "median" ? median : mean;
      out.detail = {{"weighted_mean", mean}, {"weighted_median", median}};
    });
    return result;
  }
};

}  // namespace

std::unique_ptr<Model> make_compromise_model() { return std::make_unique<CompromiseModel>(); }

}  // namespace statecraft
