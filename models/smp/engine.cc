#include "models/smp/engine.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <numeric>
#include <optional>
#include <tuple>

#include "core/errors.h"
#include "core/parallel.h"
#include "core/rng.h"
#include "core/target_clones.h"

namespace statecraft::smp {
namespace {

// Adds four contests' third-party votes (v[b][0..n), in third-party order) to their
// coalition sums: positive votes to for_i[b], negative ones (negated) to for_j[b]. Lanes are
// the contests, so each sum still runs over the third parties in order (bit-identical to
// one contest at a time); four votes of each contest are loaded and transposed at once.
using V4 = double __attribute__((vector_size(32)));
using V4i = long long __attribute__((vector_size(32)));
#if defined(__clang__)
#define STATECRAFT_SHUFFLE(a, b, i, j, k, l) __builtin_shufflevector(a, b, i, j, k, l)
#else
#define STATECRAFT_SHUFFLE(a, b, i, j, k, l) __builtin_shuffle(a, b, V4i{i, j, k, l})
#endif

STATECRAFT_AVX2_CLONES void add_votes4(const double* const (&v)[4], std::size_t n, double* for_i,
                                       double* for_j) {
  const V4 zero = {0, 0, 0, 0};
  V4 ci = {for_i[0], for_i[1], for_i[2], for_i[3]}, cj = {for_j[0], for_j[1], for_j[2], for_j[3]};
  auto add = [&](V4 t) {
    ci = ci + (t > zero ? t : zero);
    cj = cj - (t < zero ? t : zero);
  };
  std::size_t k = 0;
  for (; k + 4 <= n; k += 4) {
    V4 r0, r1, r2, r3;
    __builtin_memcpy(&r0, v[0] + k, sizeof r0);
    __builtin_memcpy(&r1, v[1] + k, sizeof r1);
    __builtin_memcpy(&r2, v[2] + k, sizeof r2);
    __builtin_memcpy(&r3, v[3] + k, sizeof r3);
    const V4 lo01 = STATECRAFT_SHUFFLE(r0, r1, 0, 4, 1, 5);
    const V4 hi01 = STATECRAFT_SHUFFLE(r0, r1, 2, 6, 3, 7);
    const V4 lo23 = STATECRAFT_SHUFFLE(r2, r3, 0, 4, 1, 5);
    const V4 hi23 = STATECRAFT_SHUFFLE(r2, r3, 2, 6, 3, 7);
    add(STATECRAFT_SHUFFLE(lo01, lo23, 0, 1, 4, 5));
    add(STATECRAFT_SHUFFLE(lo01, lo23, 2, 3, 6, 7));
    add(STATECRAFT_SHUFFLE(hi01, hi23, 0, 1, 4, 5));
    add(STATECRAFT_SHUFFLE(hi01, hi23, 2, 3, 6, 7));
  }
  for (; k < n; ++k) add(V4{v[0][k], v[1][k], v[2][k], v[3][k]});
  for (int b = 0; b < 4; ++b) {
    for_i[b] = ci[b];
    for_j[b] = cj[b];
  }
}

// (bound, target) as one integer that is larger for a larger bound and, on equal bounds,
// for a lower target: the double's bits made monotonic (after + 0.0, so -0 ties with +0 as
// it compares equal) above the complemented index.
__extension__ typedef unsigned __int128 BoundKey;  // GCC and Clang; -Wpedantic knows no __int128

BoundKey bound_key(double bound, std::size_t target) {
  std::uint64_t bits;
  const double b = bound + 0.0;
  std::memcpy(&bits, &b, sizeof bits);
  bits = (bits >> 63) ? ~bits : bits | (std::uint64_t(1) << 63);
  return (BoundKey(bits) << 64) | ~std::uint64_t(target);
}

std::pair<double, std::size_t> bound_of(BoundKey key) {
  std::uint64_t bits = std::uint64_t(key >> 64);
  bits = (bits >> 63) ? bits & ~(std::uint64_t(1) << 63) : ~bits;
  double b;
  std::memcpy(&b, &bits, sizeof b);
  return {b, std::size_t(~std::uint64_t(key))};
}

// Utility of a point at salience-weighted distance d for risk attitude r: concave for
// r > 0 (risk averse), convex for r < 0.
double bs_util(double d, double r) { return d <= 1 ? (1 - d) * (1 + d * r) : (1 - d) * (1 + r); }

// Salience-weighted, normalised Euclidean distance of (a - b) for an actor with saliences s.
double weighted_distance(const double* a, const double* b, const double* s, std::size_t dims) {
  double ds_sqr = 0, s_sqr = 0;
  for (std::size_t k = 0; k < dims; ++k) {
    const double ds = (a[k] - b[k]) * s[k];
    ds_sqr = ds_sqr + ds * ds;
    s_sqr = s_sqr + s[k] * s[k];
  }
  return s_sqr > 0 ? std::sqrt(ds_sqr / s_sqr)
                   : 0.0;  // an actor caring about nothing is indifferent
}

double plain_distance(const double* a, const double* b, std::size_t dims) {
  double sum = 0;
  for (std::size_t k = 0; k < dims; ++k) sum = sum + (a[k] - b[k]) * (a[k] - b[k]);
  return std::sqrt(sum);
}

double round4(double x) { return double(int(0.5 + x * 10000.0)) / 10000.0; }

double estimate_risk(BigRAdjust adjust, double rh, double ri) {
  switch (adjust) {
    case BigRAdjust::Full:
      return ri;
    case BigRAdjust::TwoThirds:
      return (rh + (2.0 * ri)) / 3.0;
    case BigRAdjust::Half:
      return (rh + ri) / 2;
    case BigRAdjust::OneThird:
      return ((2.0 * rh) + ri) / 3.0;
    case BigRAdjust::None:
      return rh;
  }
  return ri;
}

std::vector<double> risk_from_probability(const std::vector<double>& p, BigRRange range) {
  double lo = 1.0, hi = 0.0;
  for (double x : p) {
    lo = x < lo ? x : lo;
    hi = x > hi ? x : hi;
  }
  std::vector<double> r(p.size(), 0.0);
  if (!(hi > lo)) return r;  // every position equally likely: everyone risk neutral
  for (std::size_t i = 0; i < p.size(); ++i) {
    switch (range) {
      case BigRRange::Min:
        r[i] = (p[i] - lo) / (hi - lo);
        break;
      case BigRRange::Mid:
        r[i] = (3 * p[i] - (hi + 2 * lo)) / (2 * (hi - lo));
        break;
      case BigRRange::Max:
        r[i] = (2 * p[i] - (hi + lo)) / (hi - lo);
        break;
    }
  }
  return r;
}

struct Bargain {
  std::size_t initiator, receiver;
  std::vector<double> initiator_position, receiver_position;
  int challenge = -1;  // index into the turn's challenges; -1 = status quo
};

// One state: positions and ideals with everything derived from them (distances, risk,
// utilities). Actors advocate their positions and judge every position by their ideal.
class State {
 public:
  State(const Input& in, const Config& cfg, Matrix x, Matrix y)
      : in_(in), cfg_(cfg), x_(std::move(x)), y_(std::move(y)) {
    n_ = x_.rows;
    dims_ = x_.cols;
    total_salience_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      double s = 0;
      for (std::size_t k = 0; k < dims_; ++k) s = s + in_.salience(i, k);
      total_salience_[i] = s;
    }
    compute_distances();
    compute_risk();
  }

  const Matrix& positions() const { return x_; }
  const Matrix& ideals() const { return y_; }
  const std::vector<double>& risk() const { return risk_; }

  // h's estimate of the utility to actor i of actor j's position.
  double util(std::size_t h, std::size_t i, std::size_t j) const {
    return bs_util(dist_(i, j), rhi_(h, i));
  }

  // Actor a's true utility of an arbitrary point.
  double point_util(std::size_t a, const std::vector<double>& p) const {
    return bs_util(
        weighted_distance(&y_.data[a * dims_], p.data(), &in_.salience.data[a * dims_], dims_),
        risk_[a]);
  }

  // What initiator i needs about every third party n, whatever the target: its weight and
  // (as i estimates them) its utility for i's position and for its own.
  struct ThirdParties {
    std::vector<double> weight, risk, u_initiator, u_own;
  };

  ThirdParties third_parties(std::size_t i) const {
    ThirdParties tp;
    tp.weight.resize(n_);
    tp.risk.resize(n_);
    tp.u_initiator.resize(n_);
    tp.u_own.resize(n_);
    for (std::size_t n = 0; n < n_; ++n) {
      tp.weight[n] = total_salience_[n] * in_.capability[n];
      tp.risk[n] = rhi_(i, n);
      tp.u_initiator[n] = bs_util(dist_t_(i, n), tp.risk[n]);
      tp.u_own[n] = bs_util(dist_(n, n), tp.risk[n]);
    }
    return tp;
  }

  // For each target j in `targets` (at most 4): the probability that i beats j and the
  // expected gain of i's challenge, both as i sees them. Several targets at once let the
  // in-order coalition sums of different contests overlap.
  void challenge_values(std::size_t i, const std::size_t* targets, int count,
                        const ThirdParties& tp, std::vector<double>& votes, double* p_out,
                        double* gain_out) const {
    const std::size_t h = i, k = i;
    const VotingRule vr = cfg_.voting;
    votes.resize(4 * n_);
    double chij[4], chji[4], u_win[4], u_lose[4], eu_sq[4], sj[4];
    for (int b = 0; b < count; ++b) {
      const std::size_t j = targets[b];
      const double uii = util(h, i, i), uij = util(h, i, j), uji = util(h, j, i),
                   ujj = util(h, j, j);
      eu_sq[b] = util(h, k, i) + util(h, k, j);
      u_win[b] = util(h, k, i) + util(h, k, i);
      u_lose[b] = util(h, k, j) + util(h, k, j);
      const double si = total_salience_[i], ci = in_.capability[i];
      sj[b] = total_salience_[j];
      const double cj = in_.capability[j];
      const double contrib_i = vote(vr, si * ci, uii, uij);
      const double contrib_j = vote(vr, sj[b] * cj, uji, ujj);
      double for_i = 1e-10, for_j = 1e-10;
      if (contrib_i > 0.0) for_i = for_i + contrib_i;
      if (contrib_i < 0.0) for_j = for_j - contrib_i;
      if (contrib_j > 0.0) for_i = for_i + contrib_j;
      if (contrib_j < 0.0) for_j = for_j - contrib_j;
      chij[b] = for_i;
      chji[b] = for_j;
      double* v = &votes[std::size_t(b) * n_];
      dispatch_vote_values(j, tp, for_i, for_j, v);
      // The principals are not third parties; a zero vote adds nothing (+0.0 is exact).
      v[i] = 0.0;
      v[j] = 0.0;
    }
    if (count == 4) {
      const double* const v[4] = {&votes[0], &votes[n_], &votes[2 * n_], &votes[3 * n_]};
      add_votes4(v, n_, chij, chji);
    } else {
      for (int b = 0; b < count; ++b) {
        const double* v = &votes[std::size_t(b) * n_];
        for (std::size_t n = 0; n < n_; ++n) {
          chij[b] = chij[b] + (v[n] > 0 ? v[n] : 0.0);
          chji[b] = chji[b] - (v[n] < 0 ? v[n] : 0.0);
        }
      }
    }
    for (int b = 0; b < count; ++b) {
      double pij = chij[b] / (chij[b] + chji[b]), pji = chji[b] / (chij[b] + chji[b]);
      if (!cfg_.reference && cfg_.victory != VictoryModel::Linear)
        std::tie(pij, pji) = victory_probability(cfg_.victory, chij[b], chji[b]);
      const double eu_contest = pij * u_win[b] + pji * u_lose[b];
      const double eu_challenge = (1 - sj[b]) * u_win[b] + sj[b] * eu_contest;
      p_out[b] = pij;
      gain_out[b] = eu_challenge - eu_sq[b];
    }
  }

  // i's best target: the largest gain above 1e-5, lowest index on ties; -1 if none.
  std::optional<Challenge> best_challenge(std::size_t i) const {
    const double min_gain = 1e-5;
    int best = -1;
    double best_p = 0, best_gain = -1.0;
    const ThirdParties tp = third_parties(i);
    std::vector<double> votes;  // scratch for up to four contests' third-party votes
    std::size_t batch[4];
    int count = 0;
    auto flush = [&] {
      double p[4], gain[4];
      challenge_values(i, batch, count, tp, votes, p, gain);
      for (int b = 0; b < count; ++b) {
        const int j = int(batch[b]);
        if (min_gain < gain[b] && (best_gain < gain[b] || (gain[b] == best_gain && j < best))) {
          best = j;
          best_p = p[b];
          best_gain = gain[b];
        }
      }
      count = 0;
    };
    if (cfg_.reference || !cfg_.prune_targets) {
      for (std::size_t j = 0; j < n_; ++j) {
        if (j == i) continue;
        batch[count++] = j;
        if (count == 4) flush();
      }
      if (count) flush();
    } else {
      // The gain is (U_ii - U_ij)(1 - 2 S_j (1 - P)) with P in [0, 1] and S_j >= 0: at most
      // U_ii - U_ij when that is >= 0 (always, when ideals follow positions: U_ii = 1), and at
      // most (U_ij - U_ii) max(0, 2 S_j - 1) otherwise (i's ideal is nearer j's position than
      // its own). Targets whose bound cannot beat the best so far are skipped without the O(n)
      // coalition estimate.
      // Evaluating a few extra targets in a batch changes nothing: the best is kept.
      // Targets come off a heap in decreasing bound order (lower index on ties, the same
      // order as a full sort), so the search pays O(log n) only for the targets it tries.
      // Each (bound, target) is one 128-bit key that orders the same way, so the heap
      // compares integers instead of pairs.
      std::vector<BoundKey> key;
      key.reserve(n_);
      for (std::size_t j = 0; j < n_; ++j) {
        if (j == i) continue;
        const double d = util(i, i, i) - util(i, i, j);
        key.push_back(bound_key(d >= 0 ? d : -d * std::max(0.0, 2 * total_salience_[j] - 1), j));
      }
      std::make_heap(key.begin(), key.end());
      for (auto end = key.end(); end != key.begin(); --end) {
        std::pop_heap(key.begin(), end);
        const auto [b, j] = bound_of(*(end - 1));
        if (b + 1e-9 < std::max(best_gain, min_gain)) {
          if (count == 0) break;
          flush();
          if (b + 1e-9 < std::max(best_gain, min_gain)) break;
        }
        batch[count++] = j;
        if (count == 4) flush();
      }
      if (count) flush();
    }
    if (best < 0) return std::nullopt;
    Challenge c;
    c.initiator = i;
    c.target = std::size_t(best);
    c.probability = best_p;
    c.gain = best_gain;
    interpolate(c);
    return c;
  }

  // The bargain i proposes: each coordinate a compromise weighted by salience and power.
  void interpolate(Challenge& c) const {
    const std::size_t i = c.initiator, j = c.target;
    const double prb_i = c.probability, prb_j = 1 - c.probability;
    c.initiator_position.resize(dims_);
    c.target_position.resize(dims_);
    for (std::size_t k = 0; k < dims_; ++k) {
      const double ti = x_(i, k), tj = x_(j, k), si = in_.salience(i, k), sj = in_.salience(j, k);
      const double min_w = 1e-6;
      if (cfg_.interpolation == Interpolation::S2PMax) {
        const double di = prb_j > prb_i ? prb_j - prb_i : 0, dj = prb_i > prb_j ? prb_i - prb_j : 0;
        const double si2 = si * si, sj2 = sj * sj;
        const double dik = (di * sj2) / ((di * sj2) + min_w + ((1 - di) * si2));
        const double djk = (dj * si2) / ((dj * si2) + min_w + ((1 - dj) * sj2));
        c.initiator_position[k] = ti + dik * (tj - ti);
        c.target_position[k] = tj + djk * (ti - tj);
        continue;
      }
      const double e = cfg_.interpolation == Interpolation::S2P2 ? 2 : 1;
      const double wi = std::pow(si, e) * std::pow(prb_i, e);
      const double wj = std::pow(sj, e) * std::pow(prb_j, e);
      c.initiator_position[k] = round4(((wi + min_w) * ti + wj * tj) / (wi + min_w + wj));
      c.target_position[k] = round4((wi * ti + (min_w + wj) * tj) / (wi + min_w + wj));
    }
  }

  // Actor a's value of the state after bargain b (status quo if b.challenge < 0).
  double bargain_value(std::size_t a, const Bargain& b, const std::vector<double>& row_sum) const {
    if (b.challenge < 0) return row_sum[a] / double(n_);
    const double u_init = point_util(a, b.initiator_position);
    const double u_rcvr = point_util(a, b.receiver_position);
    if (!cfg_.reference)
      return (u_init + u_rcvr + (row_sum[a] - util(a, a, b.initiator) - util(a, a, b.receiver))) /
             double(n_);
    double sum = 0.0;
    sum = sum + u_init;
    sum = sum + u_rcvr;
    for (std::size_t m = 0; m < n_; ++m)
      if (m != b.initiator && m != b.receiver) sum = sum + util(a, a, m);
    return sum / double(n_);
  }

  // Sum over positions of each actor's own utility (the status quo's value times n).
  std::vector<double> own_row_sums() const {
    std::vector<double> out(n_);
    parallel_for(n_, cfg_.threads, [&](std::size_t a) {
      double sum = 0.0;
      for (std::size_t m = 0; m < n_; ++m) sum = sum + util(a, a, m);
      out[a] = sum;
    });
    return out;
  }

  // Positions and risk attitudes only, without the election over the options.
  void report_positions(StateReport& out) const {
    out.position = x_;
    out.ideal = y_;
    out.risk = risk_;
  }

  // The distinct positions, their PCE probability, and each actor's option probability.
  void report(StateReport& out) const {
    std::vector<std::size_t> reps;
    std::vector<std::size_t> group(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      bool found = false;
      for (std::size_t u = 0; u < reps.size() && !found; ++u)
        if (plain_distance(&x_.data[i * dims_], &x_.data[reps[u] * dims_], dims_) <
            cfg_.equivalence) {
          group[i] = u;
          found = true;
        }
      if (!found) {
        group[i] = reps.size();
        reps.push_back(i);
      }
    }
    Matrix utility(reps.size(), n_);
    for (std::size_t u = 0; u < reps.size(); ++u)
      for (std::size_t a = 0; a < n_; ++a) utility(u, a) = util(a, a, reps[u]);
    const auto p = scalar_pce(VotingRule::Proportional, cfg_.victory, cfg_.pce, in_.capability,
                              utility, cfg_.threads);
    report_positions(out);
    out.options.clear();
    for (std::size_t u = 0; u < reps.size(); ++u)
      out.options.push_back(
          {std::vector<double>(&x_.data[reps[u] * dims_], &x_.data[reps[u] * dims_] + dims_),
           {},
           p[u]});
    out.actor_probability.assign(n_, 0);
    for (std::size_t i = 0; i < n_; ++i) {
      out.options[group[i]].actors.push_back(i);
      std::size_t shown = group[i];
      if (cfg_.reference)  // KTAB prints the probability of the LAST equivalent representative
        for (std::size_t u = 0; u < reps.size(); ++u)
          if (plain_distance(&x_.data[i * dims_], &x_.data[reps[u] * dims_], dims_) <
              cfg_.equivalence)
            shown = u;
      out.actor_probability[i] = p[shown];
    }
  }

  // Adds every third party's vote in the (i:j) contest to the coalition sums, in actor
  // order. Templated on the voting rule and commitment so the hot loop has no switch, and
  // branch-free: adding +0.0 to a positive sum changes nothing, so it is bit-identical to
  // "add if positive".
  template <VotingRule R, ThirdPartyCommit C>
  void third_party_votes(std::size_t j, const ThirdParties& tp, double principal_i,
                         double principal_j, double* out) const {
    if (cfg_.reference || cfg_.victory == VictoryModel::Linear)
      third_party_vote_values<R, C, true>(j, tp, principal_i, principal_j, out);
    else
      third_party_vote_values<R, C, false>(j, tp, principal_i, principal_j, out);
  }

  template <VotingRule R, ThirdPartyCommit C, bool Linear>
  STATECRAFT_AVX512_CLONES void third_party_vote_values(std::size_t j, const ThirdParties& tp,
                                                        double principal_i, double principal_j,
                                                        double* out) const {
    const double* dj = &dist_t_.data[j * n_];
    const double* weight = tp.weight.data();
    const double* risk = tp.risk.data();
    const double* u_init = tp.u_initiator.data();
    const double* u_own = tp.u_own.data();
    for (std::size_t n = 0; n < n_; ++n) {
      const double wn = weight[n], d = dj[n], r = risk[n];
      const double uni = u_init[n], unn = u_own[n];
      const double unj = d <= 1 ? (1 - d) * (1 + d * r) : (1 - d) * (1 + r);
      // Third party n first judges the little contest (principals plus itself) ...
      const double cn = vote(R, wn, uni, unj);
      const double cni = principal_i + (cn > 0 ? cn : 0.0);
      const double cnj = principal_j - (cn < 0 ? cn : 0.0);
      double pin;
      if constexpr (Linear)
        pin = cni / (cni + cnj);
      else
        pin = victory_probability(cfg_.victory, cni, cnj).first;
      const double pjn = 1.0 - pin;
      // ... then votes by the value of joining i versus joining j.
      double join_i_wins, j_beats_joined_i, i_beats_joined_j, join_j_wins;
      if constexpr (C == ThirdPartyCommit::Full) {
        join_i_wins = uni + uni + uni;
        j_beats_joined_i = unj + unj + unj;
        i_beats_joined_j = uni + uni + uni;
        join_j_wins = unj + unj + unj;
      } else if constexpr (C == ThirdPartyCommit::Semi) {
        join_i_wins = uni + uni + unn;
        j_beats_joined_i = unj + unj + unj;
        i_beats_joined_j = uni + uni + uni;
        join_j_wins = unj + unj + unn;
      } else {
        join_i_wins = uni + uni + unn;
        j_beats_joined_i = unj + unj + unn;
        i_beats_joined_j = uni + uni + unn;
        join_j_wins = unj + unj + unn;
      }
      const double value_join_i = (pin * join_i_wins) + (pjn * j_beats_joined_i);
      const double value_join_j = (pin * i_beats_joined_j) + (pjn * join_j_wins);
      out[n] = vote(R, wn, value_join_i, value_join_j);
    }
  }

  template <VotingRule R>
  void vote_values_for_rule(std::size_t j, const ThirdParties& tp, double pi, double pj,
                            double* out) const {
    switch (cfg_.commit) {
      case ThirdPartyCommit::Full:
        return third_party_votes<R, ThirdPartyCommit::Full>(j, tp, pi, pj, out);
      case ThirdPartyCommit::Semi:
        return third_party_votes<R, ThirdPartyCommit::Semi>(j, tp, pi, pj, out);
      case ThirdPartyCommit::None:
        return third_party_votes<R, ThirdPartyCommit::None>(j, tp, pi, pj, out);
    }
  }

  // Every third party's vote in the (i:j) contest, into out[0..n) (principals included;
  // the caller zeroes them).
  void dispatch_vote_values(std::size_t j, const ThirdParties& tp, double pi, double pj,
                            double* out) const {
    switch (cfg_.voting) {
      case VotingRule::Binary:
        return vote_values_for_rule<VotingRule::Binary>(j, tp, pi, pj, out);
      case VotingRule::PropBin:
        return vote_values_for_rule<VotingRule::PropBin>(j, tp, pi, pj, out);
      case VotingRule::Proportional:
        return vote_values_for_rule<VotingRule::Proportional>(j, tp, pi, pj, out);
      case VotingRule::PropCbc:
        return vote_values_for_rule<VotingRule::PropCbc>(j, tp, pi, pj, out);
      case VotingRule::Cubic:
        return vote_values_for_rule<VotingRule::Cubic>(j, tp, pi, pj, out);
      case VotingRule::ASymProsp:
        return vote_values_for_rule<VotingRule::ASymProsp>(j, tp, pi, pj, out);
    }
  }

 private:
  void compute_distances() {
    dist_ = Matrix(n_, n_);
    parallel_for(n_, cfg_.threads, [&](std::size_t i) {
      for (std::size_t j = 0; j < n_; ++j)
        dist_(i, j) = weighted_distance(&y_.data[i * dims_], &x_.data[j * dims_],
                                        &in_.salience.data[i * dims_], dims_);
    });
    dist_t_ = Matrix(n_, n_);
    parallel_for(n_, cfg_.threads, [&](std::size_t j) {
      for (std::size_t i = 0; i < n_; ++i) dist_t_(j, i) = dist_(i, j);
    });
  }

  // Risk attitudes from how likely each actor's position is to win a risk-neutral PCE
  // over all actors' positions (duplicates included), votes weighted by capability.
  void compute_risk() {
    // Identical positions give identical utility columns: elect among distinct ones and
    // expand (exact, because equal inputs give equal coalition sums). Asymmetric voting
    // breaks the symmetry this relies on, so it keeps the full matrix.
    std::vector<std::size_t> rep_of(n_), reps;
    for (std::size_t i = 0; i < n_; ++i) {
      std::size_t found = reps.size();
      if (cfg_.voting != VotingRule::ASymProsp)
        for (std::size_t u = 0; u < reps.size(); ++u)
          if (std::equal(&x_.data[i * dims_], &x_.data[i * dims_] + dims_,
                         &x_.data[reps[u] * dims_])) {
            found = u;
            break;
          }
      if (found == reps.size()) reps.push_back(i);
      rep_of[i] = found;
    }
    Matrix utility(reps.size(), n_);
    parallel_for(reps.size(), cfg_.threads, [&](std::size_t u) {
      for (std::size_t k = 0; k < n_; ++k) utility(u, k) = bs_util(dist_t_(reps[u], k), 0);
    });
    const Matrix cu = coalitions(cfg_.voting, in_.capability, utility, cfg_.threads);
    Matrix c(n_, n_);
    parallel_for(n_, cfg_.threads, [&](std::size_t i) {
      for (std::size_t j = 0; j < n_; ++j)
        c(i, j) = (i == j || rep_of[i] == rep_of[j]) ? 1e-8 : cu(rep_of[i], rep_of[j]);
    });
    risk_ = risk_from_probability(pce(cfg_.pce, cfg_.victory, c, cfg_.threads), cfg_.big_r_range);
    rhi_ = Matrix(n_, n_);
    parallel_for(n_, cfg_.threads, [&](std::size_t h) {
      for (std::size_t i = 0; i < n_; ++i)
        rhi_(h, i) = estimate_risk(cfg_.big_r_adjust, risk_[h], risk_[i]);
    });
  }

  const Input& in_;
  const Config& cfg_;
  Matrix x_, y_;  // positions and ideals, actor x dimension
  std::size_t n_ = 0, dims_ = 0;
  std::vector<double> total_salience_;
  Matrix dist_, dist_t_;  // dist_(i, j): from actor i's ideal to j's position, i's weights
  std::vector<double> risk_;
  Matrix rhi_;  // rhi_(h, i): h's estimate of i's risk attitude
};

// The ideals after a turn: each moves the accommodation's share of the way to the actor's
// new position. The ends are exact (1: the new positions; 0: the ideals unchanged).
Matrix next_ideals(const Matrix& ideal, const Matrix& position, double accommodation) {
  if (accommodation == 1.0) return position;
  Matrix out = ideal;
  if (accommodation == 0.0) return out;
  for (std::size_t q = 0; q < out.data.size(); ++q)
    out.data[q] = out.data[q] + accommodation * (position.data[q] - out.data[q]);
  return out;
}

double state_distance(const Matrix& a, const Matrix& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.rows; ++i)
    sum = sum + plain_distance(&a.data[i * a.cols], &b.data[i * b.cols], a.cols);
  return sum;
}

std::size_t first_max(const std::vector<double>& p) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < p.size(); ++i)
    if (std::abs(p[i]) > std::abs(p[best])) best = i;
  return best;
}

std::size_t sample(const std::vector<double>& p, Rng& rng) {
  const double u = rng.uniform();
  double cumulative = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    cumulative += p[i];
    if (u < cumulative) return i;
  }
  return p.size() - 1;
}

// One turn: challenges, bargains, and each actor's choice among the bargains it is party to.
Matrix step(const State& state, const Config& cfg, const Input& in, int turn, TurnReport& report) {
  const std::size_t n = in.capability.size(), dims = in.position.cols;
  std::vector<std::optional<Challenge>> best(n);
  parallel_for(n, cfg.threads, [&](std::size_t i) { best[i] = state.best_challenge(i); });

  // Queue order follows KTAB: actor i's status quo is added when i's turn comes, after
  // bargains from lower-numbered initiators that target it.
  std::vector<std::vector<Bargain>> queue(n);
  for (std::size_t i = 0; i < n; ++i) {
    queue[i].push_back({i, i, {}, {}, -1});
    if (!best[i]) continue;
    const Challenge& c = *best[i];
    report.challenges.push_back(c);
    const Bargain b{c.initiator, c.target, c.initiator_position, c.target_position,
                    int(report.challenges.size()) - 1};
    queue[i].push_back(b);
    queue[c.target].push_back(b);
  }

  const std::vector<double> row_sum = state.own_row_sums();
  // Every actor's value of each bargain, once: a bargain is on the table in two queues (its
  // initiator's and its target's) and its value does not depend on whose queue it is in.
  const std::size_t bargains = report.challenges.size();
  std::vector<double> value(bargains * n);
  parallel_for(bargains, cfg.threads, [&](std::size_t c) {
    const Challenge& ch = report.challenges[c];
    const Bargain b{ch.initiator, ch.target, ch.initiator_position, ch.target_position, int(c)};
    for (std::size_t a = 0; a < n; ++a) value[c * n + a] = state.bargain_value(a, b, row_sum);
  });
  Matrix next = state.positions();
  report.accepted.assign(n, -1);
  parallel_for(n, cfg.threads, [&](std::size_t k) {
    const auto& options = queue[k];
    Matrix utility(options.size(), n);
    for (std::size_t m = 0; m < options.size(); ++m)
      for (std::size_t a = 0; a < n; ++a)
        utility(m, a) = options[m].challenge < 0 ? state.bargain_value(a, options[m], row_sum)
                                                 : value[std::size_t(options[m].challenge) * n + a];
    const auto p = scalar_pce(cfg.voting, cfg.victory, cfg.pce, in.capability, utility);
    std::size_t pick = 0;
    if (cfg.transitions == Transitions::Deterministic) {
      pick = first_max(p);
    } else {
      Rng rng = cfg.streams.child(StreamPurpose::Turn, std::uint64_t(turn))
                    .child(StreamPurpose::Transition, k)
                    .rng();
      pick = sample(p, rng);
    }
    const Bargain& b = options[pick];
    report.accepted[k] = b.challenge;
    if (b.challenge < 0) return;
    const auto& mine = b.initiator == k ? b.initiator_position : b.receiver_position;
    for (std::size_t d = 0; d < dims; ++d) next(k, d) = mine[d];
  });
  return next;
}

}  // namespace

Run simulate(const Input& input, const Config& config, const RunContext& context) {
  const std::size_t n = input.capability.size();
  if (n < 2) throw OptionError("smp", "the spatial model needs at least two actors");
  Run run;
  auto state = std::make_unique<State>(input, config, input.position, input.position);
  auto record = [&](bool final_state) {
    run.states.emplace_back();
    if (config.report_every_state || final_state)
      state->report(run.states.back());
    else
      state->report_positions(run.states.back());
  };
  record(false);  // the loop runs at least one turn
  double first_change = 0;
  for (int turn = 1;; ++turn) {
    context.check_cancelled();
    TurnReport report;
    Matrix next = step(*state, config, input, turn, report);
    const double change = state_distance(next, state->positions());
    if (turn == 1) first_change = change;
    report.change_ratio = change / (first_change + 1e-4);
    Matrix ideal = next_ideals(state->ideals(), next, config.accommodation);
    state = std::make_unique<State>(input, config, std::move(next), std::move(ideal));
    const bool done = turn >= config.max_turns ||
                      (turn >= config.min_turns && report.change_ratio < config.stop_ratio);
    record(done);
    run.turns.push_back(std::move(report));
    if (context.progress) context.progress(std::min(1.0, double(turn) / config.max_turns));
    if (done) break;
  }
  const auto& final_options = run.states.back().options;
  for (std::size_t u = 1; u < final_options.size(); ++u)
    if (final_options[u].probability > final_options[run.most_probable].probability)
      run.most_probable = u;
  return run;
}

}  // namespace statecraft::smp
