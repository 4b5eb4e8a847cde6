// The exchange model's round loop: find every profitable trade between pairs of actors on
// pairs of issues, realise them best-first (recalculating the rest after each), move the
// traders to their voting positions, and carry part of each move into the next round.
#pragma once

#include <cstdint>
#include <vector>

#include "core/registry.h"
#include "models/exchange/candidate.h"

namespace statecraft::exchange {

struct IssuePair {
  std::size_t p = 0, q = 0;           // p < q
  std::vector<char> actor_may_trade;  // [actor]
};

struct Settings {
  Rule rule = Rule::EqualGain;
  int rounds = 10;
  SeedTree streams{0};           // RandomRate draws: round t from streams -> Round(t)
  bool keep_candidates = false;  // record every candidate as first computed (tests)
  double salience_weight = 0.4;  // share of the move kept, scaled by (1 - salience)
  double fixed_weight = 0.1;     // share of the move kept regardless of salience
};

template <typename T>
struct RoundRecord {
  std::vector<double> preference_outcome;  // [issue] at the start of the round
  std::vector<double> voting_outcome;      // [issue] after the round's exchanges
  std::vector<Candidate<T>> realised;      // in the order they happened
  std::vector<Candidate<T>> candidates;    // creation order, only with keep_candidates
};

template <typename T>
struct Trajectory {
  std::vector<RoundRecord<T>> rounds;
  // positions[r][issue][actor]: preference positions at the start of round r (r = 0..rounds);
  // NaN where the actor has no stance.
  std::vector<std::vector<std::vector<double>>> positions;
};

// `board` holds the opening positions; `denominator` is filled in here.
template <typename T>
Trajectory<T> run(Board<T> board, const std::vector<IssuePair>& pairs, const Settings& settings,
                  const RunContext& context = {});

}  // namespace statecraft::exchange
