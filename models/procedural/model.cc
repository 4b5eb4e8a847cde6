#include "models/procedural/model.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/parallel.h"
#include "models/compromise/model.h"

namespace statecraft {
namespace procedural {

bool carries(const VotingProcedure& rule, double weight, double total) {
  // A relative tolerance keeps exact thresholds (e.g. 3 of 4 votes at 75%) exact.
  const double eps = 1e-12 * total;
  switch (rule.rule) {
    case VotingProcedure::Rule::Majority:
      return weight > total / 2 + eps;
    case VotingProcedure::Rule::Qualified:
      return weight >= rule.threshold * total - eps;
    case VotingProcedure::Rule::Unanimity:
      return weight >= total - eps;
  }
  return false;
}

namespace {

double total_weight(const std::vector<Voter>& voters) {
  std::vector<double> w;
  for (const Voter& v : voters) w.push_back(v.weight);
  std::sort(w.begin(), w.end());  // an order-free sum
  return std::accumulate(w.begin(), w.end(), 0.0);
}

}  // namespace

double setter_proposal(const VotingProcedure& rule, const std::vector<Voter>& voters,
                       double setter_ideal, double status_quo) {
  if (setter_ideal == status_quo) return status_quo;
  // Work on the setter's side of the status quo, mirrored so that "towards the setter" is up.
  const double dir = setter_ideal > status_quo ? 1.0 : -1.0;
  const double total = total_weight(voters);
  // Voter m accepts x (beyond sq, on the setter's side) iff x <= its mirror of sq,
  // 2 p_m - sq; voters at or behind sq accept nothing there. The highest x a winning
  // coalition accepts: walk the mirror points from the top, accumulating weight.
  std::vector<std::pair<double, double>> reach;  // (mirror point in setter direction, weight)
  for (const Voter& v : voters) {
    const double p = dir * v.ideal, q = dir * status_quo;
    if (p > q) reach.emplace_back(2 * p - q, v.weight);
  }
  std::sort(reach.begin(), reach.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  double accepted = 0;
  for (const auto& [limit, weight] : reach) {
    accepted += weight;
    if (carries(rule, accepted, total)) {
      const double best = std::min(dir * setter_ideal, limit);  // the setter stops at its ideal
      return dir * best;
    }
  }
  return status_quo;  // no winning coalition prefers any move towards the setter
}

std::pair<double, double> core(const VotingProcedure& rule, const std::vector<Voter>& voters) {
  std::vector<Voter> sorted = voters;
  std::sort(sorted.begin(), sorted.end(), [](const Voter& a, const Voter& b) {
    return a.ideal != b.ideal ? a.ideal < b.ideal : a.weight < b.weight;
  });
  const double total = total_weight(voters);
  // x is stable to the right iff the voters strictly right of it cannot carry a move.
  double low = sorted.back().ideal, high = sorted.front().ideal;
  for (const Voter& v : sorted) {
    double right = 0, left = 0;
    for (const Voter& u : sorted) {
      if (u.ideal > v.ideal) right += u.weight;
      if (u.ideal < v.ideal) left += u.weight;
    }
    if (!carries(rule, right, total)) low = std::min(low, v.ideal);
    if (!carries(rule, left, total)) high = std::max(high, v.ideal);
  }
  return {low, high};
}

}  // namespace procedural

namespace {

using procedural::Voter;

const Institution* voting_body(const Scenario& s, const Issue& is) {
  if (!is.institution) return nullptr;
  for (const auto& inst : s.institutions)
    if (inst.id == *is.institution && inst.voting) return &inst;
  return nullptr;
}

class ProceduralModel final : public Model {
 public:
  std::string name() const override { return "procedural"; }
  std::string version() const override { return "1.0.0"; }
  std::string description() const override {
    return "agenda-setter model of a voting body (institution kind 'voting': majority, "
           "qualified majority or unanimity): the setter proposes the point nearest its ideal "
           "that a winning coalition prefers to the status quo; READS the issue's status_quo "
           "and institution (without a status quo: the setter's ideal within the rule's core; "
           "without a voting institution: the capability-weighted median)";
  }
  std::vector<VariantInfo> variants() const override {
    return {{"setter", "Romer-Rosenthal agenda setter, one dimension per issue"}};
  }
  int default_rounds() const override { return 0; }
  bool actor_order_invariant(const std::string&) const override { return true; }
  bool stochastic(const std::string&) const override { return false; }
  bool uses_status_quo() const override { return true; }

 protected:
  ModelResult run_checked(const Scenario& scenario, const ModelOptions& options,
                          const RunContext&) const override {
    ModelResult result{name(), options.variant, version(), options.seed, Json::object(), {}};
    result.issues.resize(scenario.issues.size());
    parallel_for(scenario.issues.size(), options.threads, [&](std::size_t i) {
      const Issue& is = scenario.issues[i];
      const IssueData data = issue_data(scenario, i);
      IssueResult& out = result.issues[i];
      out.issue = is.id;
      for (std::size_t a : data.actors) out.actors.push_back(scenario.actors[a].id);
      out.trajectory.push_back(data.position);
      const Institution* body = voting_body(scenario, is);
      if (!body) {
        // Open agenda, simple majority weighted by capability: the median voter's point.
        out.outcome = weighted_median(data.position, data.capability);
        out.detail = {{"procedure",
                       "no voting institution: capability-weighted median "
                       "(simple majority, open agenda)"}};
        return;
      }
      const VotingProcedure& rule = *body->voting;
      std::vector<Voter> voters;
      double setter_ideal = 0;
      bool setter_present = false;
      for (std::size_t k = 0; k < data.actors.size(); ++k) {
        if (data.actors[k] == rule.agenda_setter) {
          setter_ideal = data.position[k];
          setter_present = true;
        }
        for (const auto& [actor, weight] : rule.votes)
          if (actor == data.actors[k]) voters.push_back({data.position[k], weight});
      }
      Json detail = {{"voting_body", body->id},
                     {"agenda_setter", scenario.actors[rule.agenda_setter].id},
                     {"setter_ideal", setter_ideal},
                     {"voters_present", voters.size()}};
      if (!setter_present) {
        // The loader rejects this; a scenario built in memory may still have it.
        out.outcome =
            is.status_quo ? is.status_quo->value : weighted_median(data.position, data.capability);
        detail["procedure"] = is.status_quo ? "the agenda setter holds no position: no proposal, "
                                              "the status quo stands"
                                            : "the agenda setter holds no position and there is "
                                              "no status quo: capability-weighted median";
      } else if (voters.empty()) {
        out.outcome = is.status_quo ? is.status_quo->value : setter_ideal;
        detail["procedure"] = "no voting member holds a position: nothing can be outvoted";
      } else if (is.status_quo) {
        out.outcome = procedural::setter_proposal(rule, voters, setter_ideal, is.status_quo->value);
        detail["status_quo"] = is.status_quo->value;
        detail["procedure"] = out.outcome == is.status_quo->value
                                  ? "no winning coalition prefers a move towards the setter"
                                  : "setter's best proposal a winning coalition accepts";
      } else {
        const auto [low, high] = procedural::core(rule, voters);
        out.outcome = std::clamp(setter_ideal, low, high);
        detail["core"] = {low, high};
        detail["procedure"] = "no status quo: the setter's ideal within the core of the rule";
      }
      out.detail = std::move(detail);
    });
    return result;
  }
};

}  // namespace

std::unique_ptr<Model> make_procedural_model() { return std::make_unique<ProceduralModel>(); }

}  // namespace statecraft
