// One potential exchange of the Stokman / Van den Bos exchange model: actor i moves on its
// supply issue q towards j, j moves on p towards i, so each gains on the issue it cares about
// more. The arithmetic follows the reference implementation (decide-exchange-model) operation
// for operation, including the bookkeeping of earlier moves that decides when a recalculated
// exchange is still valid. T is double or Decimal28 (models/exchange/number.h).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "models/exchange/number.h"

namespace statecraft::exchange {

// An actor's stake in an issue on the model's 0-100 scale.
template <typename T>
struct Stake {
  T x = 0;  // position
  T s = 0;  // salience in [0, 1]
  T c = 0;  // power (capability)
};

// Everyone's positions at the start of a round; candidates never change it.
template <typename T>
struct Board {
  std::vector<std::vector<std::optional<Stake<T>>>> stake;  // [issue][actor]
  std::vector<T> denominator;                               // sum s c per issue

  T outcome(std::size_t issue) const;  // sum x s c / sum s c (0 without weight)
};

enum class Rule { EqualGain, RandomRate };

template <typename T>
struct Side {
  std::size_t actor = 0, supply = 0, demand = 0;
  T x = 0;         // supply position, moved by realised exchanges on the same issue
  T x_start = 0;   // supply position at the start of the round
  T demand_x = 0;  // own position on the demand issue
  T s_supply = 0, s_demand = 0, c_supply = 0;
  T move = 0, y = 0;     // proposed move and the resulting voting position
  T nbs0 = 0, nbs1 = 0;  // outcome of the supply issue before / after the move
  std::vector<T> moves;  // move history that must keep one direction
};

template <typename T>
struct Candidate {
  Side<T> i, j;           // i supplies q and demands p; j the reverse
  std::size_t index = 0;  // creation order
  T shift_i = 0;          // outcome shift on i's supply issue
  T shift_j = 0;          // outcome shift on j's supply issue
  T gain = 0;             // equal gain; under RandomRate the smaller of the two
  T gain_i = 0, gain_j = 0;
  T rate = 0;  // RandomRate: shift_i / shift_j, drawn once
  bool valid = true;
  bool adjusted_i = false, adjusted_j = false;  // the outcome-overshoot correction fired
  struct Update {
    std::size_t issue, actor;
    T x;
  };
  std::vector<Update> updates;  // others' positions moved by realised exchanges
};

// Builds the exchange between actors a (first group) and b on issues p < q and computes it.
template <typename T>
Candidate<T> make_candidate(const Board<T>& board, std::size_t a, std::size_t b, std::size_t p,
                            std::size_t q, std::size_t index, Rule rule, double rate_draw);

// Recomputes the moves, gain and validity from the candidate's current state.
template <typename T>
void calculate(Candidate<T>& e, const Board<T>& board, Rule rule);

// Brings `e` up to date after `realised` happened; recomputes it when it is affected.
template <typename T>
void recalculate(Candidate<T>& e, const Candidate<T>& realised, const Board<T>& board, Rule rule);

}  // namespace statecraft::exchange
