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
double vote(VotingRule rule, double w, double u1, double u2);

// (P(a beats b), P(b beats a)) from coalition strengths s1 (for a) and s2 (for b).
std::pair<double, double> victory_probability(VictoryModel model, double s1, double s2);

// Coalition strengths over options. `utility` is option-major: utility(option, voter).
// c(a, b) = 1e-8 + sum of the voters' positive votes for a over b, summed in voter order.
Matrix coalitions(VotingRule rule, const std::vector<double>& weight, const Matrix& utility);

// P(a beats b) for every pair; the diagonal is 1/2.
Matrix victory_matrix(VictoryModel model, const Matrix& coalition);

// Probability that each option is the outcome.
std::vector<double> pce(PceModel model, VictoryModel victory, const Matrix& coalition);

// The whole election over options: coalitions, then PCE.
std::vector<double> scalar_pce(VotingRule rule, VictoryModel victory, PceModel model,
                               const std::vector<double>& weight, const Matrix& utility);

// Name tables used for options and output; parse_* throws OptionError naming `option`.
const char* to_string(VotingRule v);
const char* to_string(VictoryModel v);
const char* to_string(PceModel v);
VotingRule parse_voting_rule(const std::string& text, const std::string& option);
VictoryModel parse_victory_model(const std::string& text, const std::string& option);
PceModel parse_pce_model(const std::string& text, const std::string& option);

}  // namespace statecraft::smp
