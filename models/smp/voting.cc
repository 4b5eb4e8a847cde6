#include "models/smp/voting.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/errors.h"
#include "core/parallel.h"
#include "core/target_clones.h"

namespace statecraft::smp {

namespace {

// Coalition sums of option i against options j0..j0+B-1, with utilities stored
// voter-major (ut[k * m + option]) so the B options of one voter sit side by side. Each
// sum still runs over the voters in order (bit-identical to one pair at a time); doing B
// pairs together hides the latency of the sequential additions and vectorises. Adding
// +0.0 leaves a positive sum unchanged, so the branchless form equals "add v if positive".
template <VotingRule R, int B>
void coalition_block(const double* w, const double* ut, std::size_t m, std::size_t voters,
                     std::size_t i, std::size_t j0, double* for_i, double* for_j) {
  double a[B], b[B];
  for (int t = 0; t < B; ++t) a[t] = b[t] = 1e-8;
  for (std::size_t k = 0; k < voters; ++k) {
    const double* row = ut + k * m;
    const double ui = row[i], wk = w[k];
    for (int t = 0; t < B; ++t) {
      const double v = vote(R, wk, ui, row[j0 + t]);
      a[t] = a[t] + (v > 0 ? v : 0.0);
      b[t] = b[t] + (v < 0 ? -v : 0.0);
    }
  }
  for (int t = 0; t < B; ++t) {
    for_i[t] = a[t];
    for_j[t] = b[t];
  }
}

// The proportional rule (KTAB's default) for 8 options at once in explicit 4-wide vectors:
// lane t computes exactly the scalar expression w * (u_i - u_j), so results are identical.
using V4 = double __attribute__((vector_size(32)));

STATECRAFT_AVX2_CLONES void proportional_block8(const double* w, const double* ut, std::size_t m,
                                                std::size_t voters, std::size_t i, std::size_t j0,
                                                double* for_i, double* for_j) {
  const V4 zero = {0, 0, 0, 0};
  V4 a0 = {1e-8, 1e-8, 1e-8, 1e-8}, a1 = a0, b0 = a0, b1 = a0;
  for (std::size_t k = 0; k < voters; ++k) {
    const double* row = ut + k * m;
    V4 uj0, uj1;
    __builtin_memcpy(&uj0, row + j0, sizeof uj0);
    __builtin_memcpy(&uj1, row + j0 + 4, sizeof uj1);
    const double ui = row[i], wk = w[k];
    const V4 v0 = wk * (ui - uj0), v1 = wk * (ui - uj1);
    a0 = a0 + (v0 > 0 ? v0 : zero);
    a1 = a1 + (v1 > 0 ? v1 : zero);
    b0 = b0 + (v0 < 0 ? -v0 : zero);
    b1 = b1 + (v1 < 0 ? -v1 : zero);
  }
  for (int t = 0; t < 4; ++t) {
    for_i[t] = a0[t];
    for_i[t + 4] = a1[t];
    for_j[t] = b0[t];
    for_j[t + 4] = b1[t];
  }
}

template <VotingRule R>
void coalition_row(const std::vector<double>& weight, const std::vector<double>& ut, std::size_t m,
                   std::size_t voters, std::size_t i, Matrix& c) {
  std::size_t j = 0;
  double for_i[8], for_j[8];
  auto store = [&](std::size_t from, int count) {
    for (int t = 0; t < count; ++t) {
      c(i, from + t) = for_i[t];
      c(from + t, i) = for_j[t];
    }
  };
  for (; j + 8 <= i; j += 8) {
    if constexpr (R == VotingRule::Proportional)
      proportional_block8(weight.data(), ut.data(), m, voters, i, j, for_i, for_j);
    else
      coalition_block<R, 8>(weight.data(), ut.data(), m, voters, i, j, for_i, for_j);
    store(j, 8);
  }
  for (; j < i; ++j) {
    coalition_block<R, 1>(weight.data(), ut.data(), m, voters, i, j, for_i, for_j);
    store(j, 1);
  }
  c(i, i) = 1e-8;
}

template <VotingRule R>
Matrix coalitions_for(const std::vector<double>& weight, const Matrix& u, int threads) {
  const std::size_t m = u.rows, voters = u.cols;
  std::vector<double> ut(m * voters);
  for (std::size_t o = 0; o < m; ++o)
    for (std::size_t k = 0; k < voters; ++k) ut[k * m + o] = u(o, k);
  Matrix c(m, m);
  parallel_for(m, threads, [&](std::size_t i) { coalition_row<R>(weight, ut, m, voters, i, c); });
  return c;
}

}  // namespace

Matrix coalitions(VotingRule rule, const std::vector<double>& weight, const Matrix& utility,
                  int threads) {
  switch (rule) {
    case VotingRule::Binary:
      return coalitions_for<VotingRule::Binary>(weight, utility, threads);
    case VotingRule::PropBin:
      return coalitions_for<VotingRule::PropBin>(weight, utility, threads);
    case VotingRule::Proportional:
      return coalitions_for<VotingRule::Proportional>(weight, utility, threads);
    case VotingRule::PropCbc:
      return coalitions_for<VotingRule::PropCbc>(weight, utility, threads);
    case VotingRule::Cubic:
      return coalitions_for<VotingRule::Cubic>(weight, utility, threads);
    case VotingRule::ASymProsp:
      return coalitions_for<VotingRule::ASymProsp>(weight, utility, threads);
  }
  return {};
}

std::pair<double, double> victory_probability(VictoryModel model, double s1, double s2) {
  double x1 = s1, x2 = s2;
  switch (model) {
    case VictoryModel::Linear:
      break;
    case VictoryModel::Square:
      x1 = s1 * s1;
      x2 = s2 * s2;
      break;
    case VictoryModel::Quartic:
      x1 = (s1 * s1) * (s1 * s1);
      x2 = (s2 * s2) * (s2 * s2);
      break;
    case VictoryModel::Octic: {
      const double q1 = (s1 * s1) * (s1 * s1), q2 = (s2 * s2) * (s2 * s2);
      x1 = q1 * q1;
      x2 = q2 * q2;
      break;
    }
    case VictoryModel::Binary: {
      // A 10% advantage either way decides the contest; linear ramp in between.
      const double threshold = 1.10;
      if (s1 >= threshold * s2) {
        x1 = 1.0;
        x2 = 1e-6;
      } else if (s2 >= threshold * s1) {
        x1 = 1e-6;
        x2 = 1.0;
      } else {
        const double p = ((s1 / (s1 + s2)) * (threshold + 1.0) - 1.0) / (threshold - 1.0);
        x1 = p;
        x2 = 1 - p;
      }
      break;
    }
  }
  return {x1 / (x1 + x2), x2 / (x1 + x2)};
}

Matrix victory_matrix(VictoryModel model, const Matrix& c) {
  const std::size_t n = c.rows;
  Matrix p(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      std::tie(p(i, j), p(j, i)) = victory_probability(model, c(i, j), c(j, i));
    }
    p(i, i) = 0.5;
  }
  return p;
}

namespace {

std::vector<double> conditional_pce(const Matrix& pv) {
  const std::size_t n = pv.rows;
  std::vector<double> p(n);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double pi = 1.0;
    for (std::size_t j = 0; j < n; ++j) pi = pi * pv(i, j);
    p[i] = pi;
  }
  for (double x : p) total = total + x;
  for (double& x : p) x = x / total;
  return p;
}

// Iterates a Markov chain of challenges to its stationary distribution; `challenge(i, j)`
// is the probability that option i is the challenger when j is the favourite.
template <class Step>
std::vector<double> markov_iterate(std::size_t n, double tolerance, Step step) {
  std::vector<double> p(n, 1.0 / double(n)), q(n);
  double change = 1.0;
  int iterations = 0;
  while (tolerance < change) {
    change = step(p, q);
    for (std::size_t i = 0; i < n; ++i) p[i] = (p[i] + q[i]) / 2.0;  // damped update
    if (++iterations > 100000) throw Error("smp: Markov PCE did not converge");
  }
  return p;
}

std::vector<double> markov_uniform_pce(const Matrix& pv) {
  const std::size_t n = pv.rows;
  return markov_iterate(n, 1e-6, [&](const std::vector<double>& p, std::vector<double>& q) {
    double change = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double pi = 0.0;
      for (std::size_t j = 0; j < n; ++j) pi = pi + pv(i, j) * (p[i] + p[j]);
      q[i] = pi / double(n);
      change = std::max(change, std::abs(q[i] - p[i]));
    }
    return change;
  });
}

std::vector<double> markov_incentive_pce(const Matrix& c, const Matrix& pv) {
  const std::size_t n = c.rows;
  Matrix incentive(n, n), challenge(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) incentive(i, j) = c(i, j) * pv(i, j) + (i == j ? 1e-10 : 0);
  for (std::size_t j = 0; j < n; ++j) {
    double sum = 0.0;
    for (std::size_t k = 0; k < n; ++k) sum = sum + incentive(k, j);
    for (std::size_t i = 0; i < n; ++i) challenge(i, j) = incentive(i, j) / sum;
  }
  return markov_iterate(n, 1e-8, [&](const std::vector<double>& p, std::vector<double>& q) {
    double change = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double qi = 0.0;
      for (std::size_t j = 0; j < n; ++j)
        qi = qi + pv(i, j) * (p[i] * challenge(j, i) + p[j] * challenge(i, j));
      q[i] = qi;
      change = std::max(change, std::abs(q[i] - p[i]));
    }
    return change;
  });
}

}  // namespace

std::vector<double> pce(PceModel model, VictoryModel victory, const Matrix& coalition) {
  const Matrix pv = victory_matrix(victory, coalition);
  switch (model) {
    case PceModel::Conditional:
      return conditional_pce(pv);
    case PceModel::MarkovUniform:
      return markov_uniform_pce(pv);
    case PceModel::MarkovIncentive:
      return markov_incentive_pce(coalition, pv);
  }
  return conditional_pce(pv);
}

std::vector<double> scalar_pce(VotingRule rule, VictoryModel victory, PceModel model,
                               const std::vector<double>& weight, const Matrix& utility,
                               int threads) {
  return pce(model, victory, coalitions(rule, weight, utility, threads));
}

namespace {

template <class E, std::size_t N>
E parse_enum(const std::string& text, const std::string& option, const char* const (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (text == names[i]) return E(i);
  std::string all;
  for (const char* n : names) all += (all.empty() ? "" : ", ") + std::string(n);
  throw OptionError(option, fmt::format("expected one of {}, got '{}'", all, text));
}

const char* const kVotingRules[] = {"binary",  "propbin", "proportional",
                                    "propcbc", "cubic",   "asymprosp"};
const char* const kVictoryModels[] = {"linear", "square", "quartic", "octic", "binary"};
const char* const kPceModels[] = {"conditional", "markov-uniform", "markov-incentive"};

}  // namespace

const char* to_string(VotingRule v) { return kVotingRules[int(v)]; }
const char* to_string(VictoryModel v) { return kVictoryModels[int(v)]; }
const char* to_string(PceModel v) { return kPceModels[int(v)]; }
VotingRule parse_voting_rule(const std::string& t, const std::string& o) {
  return parse_enum<VotingRule>(t, o, kVotingRules);
}
VictoryModel parse_victory_model(const std::string& t, const std::string& o) {
  return parse_enum<VictoryModel>(t, o, kVictoryModels);
}
PceModel parse_pce_model(const std::string& t, const std::string& o) {
  return parse_enum<PceModel>(t, o, kPceModels);
}

}  // namespace statecraft::smp
