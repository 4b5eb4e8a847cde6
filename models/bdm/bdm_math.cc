#include "models/bdm/bdm_math.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "models/bdm/sorted_pairs.h"

namespace statecraft::bdm {
namespace {

// pow(base, r) with the risk-neutral r = 1 exact and free (pow(x, 1) == x).
double power(double base, double r) { return r == 1.0 ? base : std::pow(base, r); }

// One bargaining state: current positions and the risk exponents in force.
class State {
 public:
  State(const std::vector<double>& c, const std::vector<double>& s, std::vector<double> x,
        double range, const Config& config)
      : c_(c), s_(s), x_(std::move(x)), range_(range), config_(config) {
    fast_ = !config.reference && !config.direct;
    for (std::size_t k = 0; k < x_.size(); ++k) {
      const double w = c_[k] * s_[k];
      if (!(w >= 0) || !std::isfinite(w)) fast_ = false;  // the prefix sums assume w >= 0
    }
    set_risk(std::vector<double>(x_.size(), 1.0));
  }

  const std::vector<double>& positions() const { return x_; }
  const std::vector<double>& risk() const { return r_; }
  std::size_t size() const { return x_.size(); }

  void set_risk(std::vector<double> r) {
    r_ = std::move(r);
    u_status_quo_.resize(r_.size());
    for (std::size_t p = 0; p < r_.size(); ++p) u_status_quo_[p] = 2 - 4 * power(0.5, r_[p]);
    pairs_.reset();
    total_ready_ = false;
  }

  // For actor a and every b: a_beats[b] = P(x_a beats x_b), b_beats[b] = P(x_b beats x_a).
  void against_all(std::size_t a, std::vector<double>* a_beats, std::vector<double>* b_beats) {
    if (fast_) {
      if (!pairs_) {
        std::vector<double> w(size());
        for (std::size_t k = 0; k < size(); ++k) w[k] = c_[k] * s_[k];
        pairs_.emplace(w, x_, r_, range_);
      }
      pairs_->against_all(a, a_beats, b_beats);
      return;
    }
    refresh_total();
    if (a_beats) a_beats->assign(size(), 0.0);
    if (b_beats) b_beats->assign(size(), 0.0);
    for (std::size_t b = 0; b < size(); ++b) {
      if (a_beats) (*a_beats)[b] = probability(x_[a], x_[b]);
      if (b_beats) (*b_beats)[b] = probability(x_[b], x_[a]);
    }
  }

  // Utilities of success and failure for a challenge between i and j, seen by actor p.
  struct Stakes {
    double success = 0, failure = 0;
  };
  Stakes stakes(std::size_t p, std::size_t i, std::size_t j) const {
    const double d = std::abs(x_[i] - x_[j]) / range_;
    return {2 - 4 * power(0.5 - 0.5 * d, r_[p]), 2 - 4 * power(0.5 + 0.5 * d, r_[p])};
  }

  // EU of some actor challenging j (who would win with probability `prob`), seen by p.
  double expected_utility(std::size_t p, std::size_t j, const Stakes& u, double prob) const {
    return s_[j] * (prob * u.success + (1 - prob) * u.failure) + (1 - s_[j]) * u.success -
           config_.q * u_status_quo_[p];
  }

 private:
  // v_k(a, b; r_k): positive when voter k is closer to a than to b.
  double vote(std::size_t k, double a, double b) const {
    return c_[k] * s_[k] *
           (std::pow(std::abs(x_[k] - b) / range_, r_[k]) -
            std::pow(std::abs(x_[k] - a) / range_, r_[k]));
  }

  // P(a beats b), the textbook O(n) sum (reference variant and test oracle).
  double probability(double a, double b) const {
    if (a == b || total_ == 0) return 0;
    double sum = 0;
    for (std::size_t k = 0; k < size(); ++k) sum += std::max(0.0, vote(k, a, b));
    return sum / total_;
  }

  void refresh_total() {
    if (total_ready_) return;
    total_ = config_.reference ? total_exact_order() : total_sorted();
    total_ready_ = true;
  }

  // T summed in the replication code's k, m, l order (bit-faithful, O(n^3)).
  double total_exact_order() const {
    double t = 0;
    for (std::size_t k = 0; k < size(); ++k)
      for (std::size_t m = 0; m < size(); ++m)
        for (std::size_t l = 0; l < size(); ++l) t += std::abs(vote(k, x_[m], x_[l]));
    return t;
  }

  // The same T in O(n^2 log n): for each voter, sum |f(x_l) - f(x_m)| over ordered pairs
  // is 2 * sum_j f_(j) (2j - n + 1) over the sorted values f_(j).
  double total_sorted() const {
    const std::size_t n = size();
    std::vector<double> f(n);
    double t = 0;
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t m = 0; m < n; ++m) f[m] = std::pow(std::abs(x_[k] - x_[m]) / range_, r_[k]);
      std::sort(f.begin(), f.end());
      double pairs = 0;
      for (std::size_t j = 0; j < n; ++j) pairs += f[j] * (2.0 * double(j) - double(n) + 1.0);
      t += std::abs(c_[k] * s_[k]) * 2.0 * pairs;
    }
    return t;
  }

  const std::vector<double>& c_;
  const std::vector<double>& s_;
  std::vector<double> x_;
  double range_;
  const Config& config_;
  bool fast_ = false;
  std::vector<double> r_;
  std::vector<double> u_status_quo_;
  std::optional<SortedPairs> pairs_;
  bool total_ready_ = false;
  double total_ = 0;
};

double weighted_mean(const std::vector<double>& c, const std::vector<double>& s,
                     const std::vector<double>& x) {
  double num = 0, den = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    num += c[k] * s[k] * x[k];
    den += c[k] * s[k];
  }
  return den == 0 ? x.front() : num / den;
}

// The actor position p minimising sum_k c s |x_k - p|, compared the replication's way.
double median(const std::vector<double>& c, const std::vector<double>& s,
              const std::vector<double>& x, double range, bool reference) {
  std::vector<double> candidates;
  for (double p : x)
    if (std::find(candidates.begin(), candidates.end(), p) == candidates.end())
      candidates.push_back(p);
  // The reference scans in CPython set order, which only matters on exact ties; we use
  // first appearance there and ascending order otherwise (order invariant).
  if (!reference) std::sort(candidates.begin(), candidates.end());
  double m = candidates.front();
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    const double p = candidates[i];
    double gain = 0;
    for (std::size_t k = 0; k < x.size(); ++k)
      gain += c[k] * s[k] * (std::abs(x[k] - m) / range - std::abs(x[k] - p) / range);
    if (gain > 0) m = p;
  }
  return m;
}

// Risk exponents from each actor's "danger": the EU others expect from challenging it.
std::vector<double> risk_exponents(State& state) {
  const std::size_t n = state.size();
  state.set_risk(std::vector<double>(n, 1.0));
  std::vector<double> danger(n, 0.0), i_beats_k;
  for (std::size_t k = 0; k < n; ++k) {
    state.against_all(k, nullptr, &i_beats_k);
    for (std::size_t i = 0; i < n; ++i)
      if (i != k) danger[k] += state.expected_utility(k, k, state.stakes(k, i, k), i_beats_k[i]);
  }
  const double dmax = *std::max_element(danger.begin(), danger.end());
  const double dmin = *std::min_element(danger.begin(), danger.end());
  std::vector<double> r(n, 1.0);
  if (dmax == dmin) return r;  // everyone equally exposed: risk neutral (reference divides by 0)
  for (std::size_t k = 0; k < n; ++k) {
    const double big_r = (2 * danger[k] - dmax - dmin) / (dmax - dmin);
    r[k] = (1 - big_r / 3) / (1 + big_r / 3);
  }
  return r;
}

struct Candidate {
  Offer offer;
  double key = 0;  // smaller is preferred
};

// Picks the best candidate; ties go to the first (reference) or to the lower position.
const Candidate* best(const std::vector<Candidate>& list, bool reference) {
  const Candidate* pick = nullptr;
  for (const auto& cand : list) {
    if (!pick || cand.key < pick->key ||
        (!reference && cand.key == pick->key && cand.offer.new_position < pick->offer.new_position))
      pick = &cand;
  }
  return pick;
}

std::optional<Offer> choose_offer(State& state, std::size_t a, const Config& config,
                                  std::vector<double>& a_beats, std::vector<double>& b_beats) {
  const auto& x = state.positions();
  std::vector<Candidate> confrontations, compromises, capitulations;
  state.against_all(a, &a_beats, &b_beats);
  for (std::size_t b = 0; b < state.size(); ++b) {
    if (b == a || x[b] == x[a]) continue;
    const State::Stakes u = state.stakes(a, a, b);
    const double e_ab = state.expected_utility(a, b, u, a_beats[b]);
    const double e_ba = state.expected_utility(a, a, u, b_beats[b]);
    Offer offer{a, b, OfferType::Confrontation, e_ab, e_ba, x[b]};
    if (e_ba > e_ab && e_ab > 0) {
      confrontations.push_back({offer, std::abs(x[a] - x[b])});
    } else if (e_ba > 0 && 0 > e_ab && e_ba > std::abs(e_ab)) {
      offer.type = OfferType::Compromise;
      offer.new_position = x[a] + (x[b] - x[a]) * std::abs(e_ab / e_ba);
      const double key = config.reference ? (std::abs(e_ab) * x[a] + std::abs(e_ba) * x[b]) /
                                                (std::abs(e_ab) + std::abs(e_ba))
                                          : std::abs(x[a] - offer.new_position);
      compromises.push_back({offer, key});
    } else if (e_ba > 0 && 0 > e_ab &&
               (config.reference ? e_ba < std::abs(e_ba) : e_ba < std::abs(e_ab))) {
      offer.type = OfferType::Capitulation;
      capitulations.push_back({offer, std::abs(x[a] - x[b])});
    }
  }
  for (const auto* list : {&confrontations, &compromises, &capitulations})
    if (const Candidate* pick = best(*list, config.reference)) return pick->offer;
  return std::nullopt;
}

}  // namespace

const char* to_string(OfferType type) {
  switch (type) {
    case OfferType::Confrontation:
      return "confrontation";
    case OfferType::Compromise:
      return "compromise";
    case OfferType::Capitulation:
      return "capitulation";
  }
  return "?";
}

Run simulate(const std::vector<double>& capability, const std::vector<double>& salience,
             const std::vector<double>& position, const Config& config, const RunContext& context) {
  Run run;
  run.initial_positions = position;
  const auto [lo, hi] = std::minmax_element(position.begin(), position.end());
  run.range = position.empty() ? 0 : *hi - *lo;
  if (position.empty()) return run;
  // With every actor at one point nothing can move; the formulas would divide by R = 0.
  const double range = run.range > 0 ? run.range : 1.0;
  run.initial_weighted_mean = weighted_mean(capability, salience, position);
  run.initial_median = median(capability, salience, position, range, config.reference);

  std::vector<double> x = position;
  for (int round = 1; round <= config.rounds; ++round) {
    context.check_cancelled();
    State state(capability, salience, x, range, config);
    Round out;
    if (run.range > 0 && x.size() > 1) {
      state.set_risk(risk_exponents(state));
      std::vector<double> a_beats, b_beats;
      for (std::size_t a = 0; a < x.size(); ++a)
        if (auto offer = choose_offer(state, a, config, a_beats, b_beats))
          out.offers.push_back(*offer);
    }
    out.risk = state.risk();
    for (const auto& offer : out.offers) x[offer.receiver] = offer.new_position;
    out.positions = x;
    out.weighted_mean = weighted_mean(capability, salience, x);
    out.median = median(capability, salience, x, range, config.reference);
    run.rounds.push_back(std::move(out));
    if (context.progress) context.progress(double(round) / config.rounds);
  }
  return run;
}

}  // namespace statecraft::bdm
