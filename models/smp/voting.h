// Voting, coalitions, victory probabilities and the probabilistic Condorcet election
// (PCE) of KTAB's spatial model, as described in the shared KTAB reference README.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace statecraft::smp {

enum class VotingRule { Binary, PropBin, Proportional, PropCbc, Cubic, ASymProsp };
enum class VictoryModel { Linear, Square, Quartic, Octic, Binary };
enum class PceModel { Conditional, MarkovUniform, MarkovIncentive };

// Row-major dense matrix, just enough for this model.
struct Matrix {
  std::size_t rows = 0, cols = 0;
  std::vector<double> data;
  Matrix() = default;
  Matrix(std::size_t r, std::size_t c, double fill = 0) : rows(r), cols(c), data(r * c, fill) {}
  double& operator()(std::size_t r, std::size_t c) { return data[r * cols + c]; }
  double operator()(std::size_t r, std::size_t c) const { return data[r * cols + c]; }
};

// Voter with weight w comparing utilities u1 (option a) and u2 (option b); > 0 favours a.
// Inline: it is the innermost operation of every election.
inline double vote(VotingRule rule, double w, double u1, double u2) {
  const double du = u1 - u2;
  // Binary is a steep ramp rather than a step so that tiny utility differences do not
  // flip whole votes.
  double binary = du / 1e-8;
  binary = binary > 1 ? 1 : (binary < -1 ? -1 : binary);
  switch (rule) {
    case VotingRule::Binary:
      return w * binary;
    case VotingRule::PropBin:
      return w * ((1 - 0.2) * du + 0.2 * binary);
    case VotingRule::Proportional:
      return w * du;
    case VotingRule::PropCbc:
      return w * ((1 - 0.5) * du + 0.5 * (du * du * du));
    case VotingRule::Cubic:
      return w * (du * du * du);
    case VotingRule::ASymProsp:
      // Losses count fully, gains two thirds (prospect-theory asymmetry).
      if (du < 0) return w * du;
      if (du > 0) return (2.0 * w * du) / 3.0;
      return 0;
  }
  return 0;
}

// P(a beats b) and P(b beats a) for the linear model, the common case (inline for speed).
inline std::pair<double, double> linear_victory(double s1, double s2) {
  return {s1 / (s1 + s2), s2 / (s1 + s2)};
}

// (P(a beats b), P(b beats a)) from coalition strengths s1 (for a) and s2 (for b).
std::pair<double, double> victory_probability(VictoryModel model, double s1, double s2);

// Coalition strengths over options. `utility` is option-major: utility(option, voter).
// c(a, b) = 1e-8 + sum of the voters' positive votes for a over b, summed in voter order
// (so the result is the same for any thread count).
Matrix coalitions(VotingRule rule, const std::vector<double>& weight, const Matrix& utility,
                  int threads = 1);

// P(a beats b) for every pair; the diagonal is 1/2.
Matrix victory_matrix(VictoryModel model, const Matrix& coalition, int threads = 1);

// Probability that each option is the outcome.
// Rows run in parallel on `threads` where they are independent; the result does not depend
// on the thread count.
std::vector<double> pce(PceModel model, VictoryModel victory, const Matrix& coalition,
                        int threads = 1);

// The whole election over options: coalitions, then PCE.
std::vector<double> scalar_pce(VotingRule rule, VictoryModel victory, PceModel model,
                               const std::vector<double>& weight, const Matrix& utility,
                               int threads = 1);

// Name tables used for options and output; parse_* throws OptionError naming `option`.
const char* to_string(VotingRule v);
const char* to_string(VictoryModel v);
const char* to_string(PceModel v);
VotingRule parse_voting_rule(const std::string& text, const std::string& option);
VictoryModel parse_victory_model(const std::string& text, const std::string& option);
PceModel parse_pce_model(const std::string& text, const std::string& option);

}  // namespace statecraft::smp
