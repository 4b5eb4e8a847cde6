// One potential exchange of the Stokman / Van den Bos exchange model: actor i moves on its
// supply issue q towards j, j moves on p towards i, so each gains on the issue it cares about
// more. The arithmetic follows the reference implementation (decide-exchange-model), including
// the bookkeeping of earlier moves that decides when a recalculated exchange is still valid.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace statecraft::exchange {

// An actor's stake in an issue on the model's 0-100 scale.
struct Stake {
  double x = 0;  // position
  double s = 0;  // salience in [0, 1]
  double c = 0;  // power (capability)
};

// Everyone's positions at the start of a round; candidates never change it.
struct Board {
  std::vector<std::vector<std::optional<Stake>>> stake;  // [issue][actor]
  std::vector<double> denominator;                       // sum c s per issue

  double outcome(std::size_t issue) const;  // sum c s x / sum c s (0 without weight)
};

enum class Rule { EqualGain, RandomRate };

struct Side {
  std::size_t actor = 0, supply = 0, demand = 0;
  double x = 0;         // supply position, moved by realised exchanges on the same issue
  double x_start = 0;   // supply position at the start of the round
  double demand_x = 0;  // own position on the demand issue
  double s_supply = 0, s_demand = 0, c_supply = 0;
  double move = 0, y = 0;     // proposed move and the resulting voting position
  double nbs0 = 0, nbs1 = 0;  // outcome of the supply issue before / after the move
  std::vector<double> moves;  // move history that must keep one direction
};

struct Candidate {
  Side i, j;              // i supplies q and demands p; j the reverse
  std::size_t index = 0;  // creation order (ties keep it)
  double shift_i = 0;     // outcome shift on i's supply issue
  double shift_j = 0;     // outcome shift on j's supply issue
  double gain = 0;        // equal gain; under RandomRate the smaller of the two
  double gain_i = 0, gain_j = 0;
  double rate = 0;  // RandomRate: shift_i / shift_j, drawn once
  bool valid = true;
  bool adjusted_i = false, adjusted_j = false;  // the outcome-overshoot correction fired
  struct Update {
    std::size_t issue, actor;
    double x;
  };
  std::vector<Update> updates;  // others' positions moved by realised exchanges
};

// Builds the exchange between actors a (first group) and b on issues p < q and computes it.
Candidate make_candidate(const Board& board, std::size_t a, std::size_t b, std::size_t p,
                         std::size_t q, std::size_t index, Rule rule, double rate_draw);

// Recomputes the moves, gain and validity from the candidate's current state.
void calculate(Candidate& e, const Board& board, Rule rule);

// Brings `e` up to date after `realised` happened; recomputes it when it is affected.
void recalculate(Candidate& e, const Candidate& realised, const Board& board, Rule rule);

}  // namespace statecraft::exchange
