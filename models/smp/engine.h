// KTAB's spatial model of politics (SMP): actors with vector positions challenge each
// other, bargain, and each picks the bargain a probabilistic Condorcet election among all
// actors favours. Pure numerics on [0, 1] coordinates; see docs/models/smp.md.
#pragma once

#include <cstdint>
#include <vector>

#include "core/registry.h"
#include "models/smp/voting.h"

namespace statecraft::smp {

enum class BigRRange { Min, Mid, Max };
enum class BigRAdjust { Full, TwoThirds, Half, OneThird, None };
enum class ThirdPartyCommit { Full, Semi, None };
enum class Interpolation { S1P1, S2P2, S2PMax };
enum class Transitions { Deterministic, Stochastic };

struct Config {
  VotingRule voting = VotingRule::Proportional;
  VictoryModel victory = VictoryModel::Linear;
  PceModel pce = PceModel::Conditional;
  Transitions transitions = Transitions::Deterministic;
  BigRRange big_r_range = BigRRange::Mid;
  BigRAdjust big_r_adjust = BigRAdjust::OneThird;
  ThirdPartyCommit commit = ThirdPartyCommit::Semi;
  Interpolation interpolation = Interpolation::S2P2;
  int max_turns = 100;
  int min_turns = 2;
  double stop_ratio = 0.02;
  double equivalence = 1e-3;  // positions closer than this (on [0,1]) are one option
  // How far an actor's ideal follows its own position each turn (KTAB's ideal accommodation,
  // the same for every actor): 1 = the ideal is always the current position (KTAB's
  // default), 0 = the ideal stays at the input position, in between a partial step.
  double accommodation = 1.0;
  // Skip targets whose bound on the gain cannot beat the best so far (exact; off only for
  // tests, which check the pruned search against the exhaustive one).
  bool prune_targets = true;
  // Reproduce KTAB's defects and exact summation orders (see docs/models/smp.md).
  bool reference = false;
  SeedTree streams{0};  // this run's node of the seed tree (stochastic transitions)
  int threads = 1;
  // Elect over every state's options (each turn's PCE, for the detailed report), or only
  // over the final state's, which is all the forecast needs: the election is O(N^3) and
  // skipping the intermediate ones halves a large run. Positions and risk are kept either way.
  bool report_every_state = true;
};

struct Input {
  std::vector<double> capability;  // per actor, > 0
  Matrix salience;                 // actor x dimension, in [0, 1]
  Matrix position;                 // actor x dimension, in [0, 1]
};

struct Challenge {
  std::size_t initiator = 0, target = 0;
  double probability = 0;  // initiator's estimate that it wins
  double gain = 0;         // initiator's expected gain over the status quo
  std::vector<double> initiator_position, target_position;  // the proposed bargain
};

struct Option {
  std::vector<double> position;
  std::vector<std::size_t> actors;
  double probability = 0;
};

struct StateReport {
  Matrix position;
  Matrix ideal;              // what each actor evaluates states by (= position at accommodation 1)
  std::vector<double> risk;  // R_i in [-1, 1]
  // Distinct positions and their PCE probability; empty for an intermediate state when
  // Config::report_every_state is off.
  std::vector<Option> options;
  std::vector<double> actor_probability;  // probability of the option each actor holds
};

struct TurnReport {
  std::vector<Challenge> challenges;  // at most one per initiator
  std::vector<int> accepted;          // per actor: -1 status quo, else index into challenges
  double change_ratio = 0;            // stop-rule ratio after this turn
};

struct Run {
  std::vector<StateReport> states;  // turn 0 = input
  std::vector<TurnReport> turns;
  std::size_t most_probable = 0;  // index into states.back().options
};

Run simulate(const Input& input, const Config& config, const RunContext& context = {});

}  // namespace statecraft::smp
