#include "models/smp/voting.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

// The proportional rule (KTAB's default) for 8 options at once in one explicit 8-wide
// vector: lane t computes exactly the scalar expression w * (u_i - u_j), so results are
// identical on every CPU. `b - min(v, 0)` equals `b + (v < 0 ? -v : 0)` bit for bit.
using V8 = double __attribute__((vector_size(64)));

STATECRAFT_AVX512_CLONES void proportional_block8(const double* w, const double* ut, std::size_t m,
                                                  std::size_t voters, std::size_t i, std::size_t j0,
                                                  double* for_i, double* for_j) {
  const V8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
  V8 a = zero + 1e-8, b = a;
  for (std::size_t k = 0; k < voters; ++k) {
    const double* row = ut + k * m;
    V8 uj;
    __builtin_memcpy(&uj, row + j0, sizeof uj);
    const V8 v = w[k] * (row[i] - uj);
    a = a + (v > 0 ? v : zero);
    b = b - (v < 0 ? v : zero);
  }
  for (int t = 0; t < 8; ++t) {
    for_i[t] = a[t];
    for_j[t] = b[t];
  }
}

#if defined(__x86_64__)
// The proportional sums for a tile of 4 options i0..i0+3 against 16 options j0..j0+15
// (all below i0), with AVX-512 intrinsics. Each utility row of the 16 is loaded once for
// the 4 options (the table is megabytes at 1,000 actors, so loads were the limit). Exact:
// max(v, 0) is `v > 0 ? v : 0` (MAXPD returns its second operand on equality and NaN),
// min(v, 0) is `v < 0 ? v : 0`, and every sum still runs over the voters in order.
__attribute__((target("avx512f"))) void proportional_tile4x16_avx512(
    const double* w, const double* ut, std::size_t m, std::size_t voters, std::size_t i0,
    std::size_t j0, double (*for_i)[16], double (*for_j)[16]) {
  const __m512d zero = _mm512_setzero_pd(), start = _mm512_set1_pd(1e-8);
  __m512d a[4][2], b[4][2];
  for (int r = 0; r < 4; ++r) a[r][0] = a[r][1] = b[r][0] = b[r][1] = start;
  for (std::size_t k = 0; k < voters; ++k) {
    const double* row = ut + k * m;
    const __m512d wk = _mm512_set1_pd(w[k]);
    const __m512d uj0 = _mm512_loadu_pd(row + j0), uj1 = _mm512_loadu_pd(row + j0 + 8);
    for (int r = 0; r < 4; ++r) {
      const __m512d ui = _mm512_set1_pd(row[i0 + r]);
      const __m512d v0 = _mm512_mul_pd(wk, _mm512_sub_pd(ui, uj0));
      const __m512d v1 = _mm512_mul_pd(wk, _mm512_sub_pd(ui, uj1));
      a[r][0] = _mm512_add_pd(a[r][0], _mm512_max_pd(v0, zero));
      a[r][1] = _mm512_add_pd(a[r][1], _mm512_max_pd(v1, zero));
      b[r][0] = _mm512_sub_pd(b[r][0], _mm512_min_pd(v0, zero));
      b[r][1] = _mm512_sub_pd(b[r][1], _mm512_min_pd(v1, zero));
    }
  }
  for (int r = 0; r < 4; ++r) {
    _mm512_storeu_pd(for_i[r], a[r][0]);
    _mm512_storeu_pd(for_i[r] + 8, a[r][1]);
    _mm512_storeu_pd(for_j[r], b[r][0]);
    _mm512_storeu_pd(for_j[r] + 8, b[r][1]);
  }
}

bool has_avx512() {
  static const bool yes = __builtin_cpu_supports("avx512f");
  return yes;
}
#else
void proportional_tile4x16_avx512(const double*, const double*, std::size_t, std::size_t,
                                  std::size_t, std::size_t, double (*)[16], double (*)[16]) {}
bool has_avx512() { return false; }
#endif

// Options i0..i0+3 (`rows` of them, fewer at the end) against every option below each.
template <VotingRule R>
void coalition_rows(const std::vector<double>& weight, const std::vector<double>& ut, std::size_t m,
                    std::size_t voters, std::size_t i0, std::size_t rows, Matrix& c) {
  std::size_t tiled = 0;  // options below this are done for all rows, by 4 x 16 tiles
  if (R == VotingRule::Proportional && rows == 4 && has_avx512()) {
    double for_i[4][16], for_j[4][16];
    for (; tiled + 16 <= i0; tiled += 16) {
      proportional_tile4x16_avx512(weight.data(), ut.data(), m, voters, i0, tiled, for_i, for_j);
      for (std::size_t r = 0; r < 4; ++r)
        for (std::size_t t = 0; t < 16; ++t) {
          c(i0 + r, tiled + t) = for_i[r][t];
          c(tiled + t, i0 + r) = for_j[r][t];
        }
    }
  }
  double for_i[8], for_j[8];
  for (std::size_t i = i0; i < i0 + rows; ++i) {
    auto store = [&](std::size_t from, int count) {
      for (int t = 0; t < count; ++t) {
        c(i, from + t) = for_i[t];
        c(from + t, i) = for_j[t];
      }
    };
    std::size_t j = tiled;
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
}

template <VotingRule R>
Matrix coalitions_for(const std::vector<double>& weight, const Matrix& u, int threads) {
  const std::size_t m = u.rows, voters = u.cols;
  std::vector<double> ut(m * voters);
  for (std::size_t o = 0; o < m; ++o)
    for (std::size_t k = 0; k < voters; ++k) ut[k * m + o] = u(o, k);
  Matrix c(m, m);
  parallel_for((m + 3) / 4, threads, [&](std::size_t g) {
    coalition_rows<R>(weight, ut, m, voters, 4 * g, std::min<std::size_t>(4, m - 4 * g), c);
  });
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

Matrix victory_matrix(VictoryModel model, const Matrix& c, int threads) {
  const std::size_t n = c.rows;
  Matrix p(n, n);
  // Row i writes p(i, j) and p(j, i) for j < i only: no two rows share a cell.
  parallel_for(n, threads, [&](std::size_t i) {
    for (std::size_t j = 0; j < i; ++j)
      std::tie(p(i, j), p(j, i)) = victory_probability(model, c(i, j), c(j, i));
    p(i, i) = 0.5;
  });
  return p;
}

namespace {

std::vector<double> conditional_pce(const Matrix& pv, int threads) {
  const std::size_t n = pv.rows;
  std::vector<double> p(n);
  double total = 0;
  parallel_for(n, threads, [&](std::size_t i) {
    double pi = 1.0;
    for (std::size_t j = 0; j < n; ++j) pi = pi * pv(i, j);
    p[i] = pi;
  });
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

std::vector<double> pce(PceModel model, VictoryModel victory, const Matrix& coalition,
                        int threads) {
  const Matrix pv = victory_matrix(victory, coalition, threads);
  switch (model) {
    case PceModel::Conditional:
      return conditional_pce(pv, threads);
    case PceModel::MarkovUniform:
      return markov_uniform_pce(pv);
    case PceModel::MarkovIncentive:
      return markov_incentive_pce(coalition, pv);
  }
  return conditional_pce(pv, threads);
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
