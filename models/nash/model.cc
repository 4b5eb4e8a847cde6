#include "models/nash/model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/parallel.h"

namespace statecraft {
namespace nash {
namespace {

// Right derivative of sum_a w_a log g_a(x); +-inf where some gain is zero.
double slope(const std::vector<Bargainer>& bargainers, Utility utility, double x) {
  double total = 0;
  for (const Bargainer& b : bargainers) {
    const double d = x - b.ideal;
    const double gain =
        utility == Utility::Quadratic ? b.radius * b.radius - d * d : b.radius - std::abs(d);
    const double dgain = utility == Utility::Quadratic ? -2 * d : (d >= 0 ? -1.0 : 1.0);
    if (gain <= 0)
      return dgain > 0 ? std::numeric_limits<double>::infinity()
                       : -std::numeric_limits<double>::infinity();
    total += b.weight * dgain / gain;
  }
  return total;
}

}  // namespace

Solution solve(const std::vector<Bargainer>& bargainers, Utility utility, double lo, double hi,
               double fallback) {
  Solution s;
  // Each bargainer accepts [p - r, p + r]; the feasible set is the intersection.
  double low = lo, high = hi;
  for (const Bargainer& b : bargainers) {
    low = std::max(low, b.ideal - b.radius);
    high = std::min(high, b.ideal + b.radius);
  }
  s.feasible_low = low;
  s.feasible_high = high;
  if (!(high - low > 1e-12 * (hi - lo))) {
    s.gridlock = true;
    s.outcome = fallback;
    s.feasible_low = s.feasible_high = fallback;
    return s;
  }
  // The objective is strictly concave on the feasible interval (each log g_a is concave and
  // the weights are positive), so its maximiser is where the right derivative changes sign.
  double a = low, b = high;
  for (int step = 0; step < 200; ++step) {
    const double mid = a + (b - a) / 2;
    if (mid <= a || mid >= b) break;
    (slope(bargainers, utility, mid) > 0 ? a : b) = mid;
  }
  s.outcome = a + (b - a) / 2;
  return s;
}

}  // namespace nash

namespace {

using nash::Bargainer;
using nash::Utility;

class NashModel final : public Model {
 public:
  std::string name() const override { return "nash"; }
  std::string version() const override { return "1.0.0"; }
  std::string description() const override {
    return "asymmetric Nash bargaining solution per issue: maximises sum w log(U(x) - U(status "
           "quo)), w = capability x salience, over the points every actor weakly prefers to the "
           "status quo; READS the issue's status_quo (without one: each actor's worst point "
           "on the scale is its disagreement point)";
  }
  std::vector<VariantInfo> variants() const override {
    return {{"quadratic", "U_a(x) = -(x - p_a)^2"}, {"linear", "U_a(x) = -|x - p_a|"}};
  }
  int default_rounds() const override { return 0; }
  bool actor_order_invariant(const std::string&) const override { return true; }
  bool stochastic(const std::string&) const override { return false; }
  bool uses_status_quo() const override { return true; }

 protected:
  ModelResult run_checked(const Scenario& scenario, const ModelOptions& options,
                          const RunContext&) const override {
    const Utility utility = options.variant == "linear" ? Utility::Linear : Utility::Quadratic;
    ModelResult result{name(), options.variant, version(), options.seed, Json::object(), {}};
    result.issues.resize(scenario.issues.size());
    parallel_for(scenario.issues.size(), options.threads, [&](std::size_t i) {
      const Issue& issue = scenario.issues[i];
      const IssueData data = issue_data(scenario, i);
      const Scale& sc = issue.scale;
      IssueResult& out = result.issues[i];
      out.issue = issue.id;
      for (std::size_t a : data.actors) out.actors.push_back(scenario.actors[a].id);
      out.trajectory.push_back(data.position);
      // Actors with zero weight do not bargain (nothing at stake, or no capability).
      std::vector<Bargainer> bargainers;
      Json blocking = Json::array();
      for (std::size_t k = 0; k < data.position.size(); ++k) {
        const double w = data.capability[k] * data.salience[k];
        if (!(w > 0)) continue;
        const double p = data.position[k];
        const double radius = issue.status_quo
                                  ? std::abs(issue.status_quo->value - p)
                                  : std::max(p - sc.min, sc.max - p);  // worst point on the scale
        bargainers.push_back({p, w, radius});
      }
      const double fallback = issue.status_quo ? issue.status_quo->value : (sc.min + sc.max) / 2;
      const nash::Solution s = nash::solve(bargainers, utility, sc.min, sc.max, fallback);
      out.outcome = s.outcome;
      if (issue.status_quo && s.gridlock) {
        // Who makes the status quo the only acceptable point: those at it, and (when
        // actors sit on both sides) everyone, since any move hurts one side.
        const double sq = issue.status_quo->value;
        bool below = false, above = false;
        for (const Bargainer& b : bargainers) {
          below = below || b.ideal < sq;
          above = above || b.ideal > sq;
        }
        for (std::size_t k = 0; k < data.position.size(); ++k)
          if (data.capability[k] * data.salience[k] > 0 &&
              (data.position[k] == sq || (below && above)))
            blocking.push_back(scenario.actors[data.actors[k]].id);
      }
      out.detail = {{"disagreement", issue.status_quo ? Json(issue.status_quo->value)
                                                      : Json("each actor's worst scale point")},
                    {"status_quo_given", bool(issue.status_quo)},
                    {"feasible", {s.feasible_low, s.feasible_high}},
                    {"gridlock", s.gridlock},
                    {"blocking", blocking}};
    });
    return result;
  }
};

}  // namespace

std::unique_ptr<Model> make_nash_model() { return std::make_unique<NashModel>(); }

}  // namespace statecraft
