#include "models/exchange/candidate.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace statecraft::exchange {
namespace {

// Double arithmetic cannot see the exact ties of the reference's 28-digit decimals; an
// outcome this close to the partner's position counts as reaching it.
constexpr double kTouch = 1e-9;
constexpr double kTiny = 1e-10;  // the reference's smallest move and gain

const Stake& stake(const Board& board, std::size_t issue, std::size_t actor) {
  return *board.stake[issue][actor];
}

const Candidate::Update* find_update(const Candidate& e, std::size_t issue, std::size_t actor) {
  for (const auto& u : e.updates)
    if (u.issue == issue && u.actor == actor) return &u;
  return nullptr;
}

// sum c s x over the supply issue with this candidate's view of the others and `side` at x.
double weighted_sum(const Candidate& e, const Board& board, const Side& side, double x) {
  double sum = 0;
  const auto& row = board.stake[side.supply];
  for (std::size_t a = 0; a < row.size(); ++a) {
    if (!row[a]) continue;
    double pos = row[a]->x;
    if (a == side.actor) {
      pos = x;
    } else if (const auto* u = find_update(e, side.supply, a)) {
      pos = u->x;
    }
    sum += pos * row[a]->s * row[a]->c;
  }
  return sum;
}

double outcome_with(const Candidate& e, const Board& board, const Side& side, double x) {
  return weighted_sum(e, board, side, x) / board.denominator[side.supply];
}

// Shift of the outcome on `side`'s supply issue when it moves by `distance`.
double shift_of(const Board& board, const Side& side, double distance) {
  return distance * side.s_supply * side.c_supply / board.denominator[side.supply];
}

// Distance `side` must move to shift its supply issue's outcome by `shift`.
double distance_for(const Board& board, const Side& side, double shift) {
  return shift * board.denominator[side.supply] / (side.c_supply * side.s_supply);
}

// The exchange ratio: i's shift for a given j shift, and back.
double shift_i_for(const Candidate& e, Rule rule, double shift_j) {
  if (rule == Rule::RandomRate) return e.rate * shift_j;
  return ((e.j.s_supply + e.i.s_demand) / (e.j.s_demand + e.i.s_supply)) * shift_j;
}
double shift_j_for(const Candidate& e, Rule rule, double shift_i) {
  if (rule == Rule::RandomRate) return shift_i / e.rate;
  return ((e.i.s_supply + e.j.s_demand) / (e.i.s_demand + e.j.s_supply)) * shift_i;
}

void set_gains(Candidate& e, Rule rule) {
  // Each side gains on its demand issue and loses on its supply issue.
  e.gain_i = e.shift_j * e.i.s_demand - e.shift_i * e.i.s_supply;
  e.gain_j = e.shift_i * e.j.s_demand - e.shift_j * e.j.s_supply;
  e.gain = rule == Rule::EqualGain ? std::abs(e.shift_i * e.i.s_supply - e.shift_j * e.i.s_demand)
                                   : std::min(e.gain_i, e.gain_j);
}

bool move_valid(const Side& side) {
  const double move = side.move;
  if (std::abs(move) > 100 || std::abs(move) <= kTiny) return false;
  if (side.x + move < -kTouch || side.x + move > 100 + kTouch) return false;
  if (std::accumulate(side.moves.begin(), side.moves.end(), 0.0) > 100) return false;
  const auto [lo, hi] = std::minmax_element(side.moves.begin(), side.moves.end());
  return (*lo < 0 && *hi < 0) || (*lo > 0 && *hi > 0);
}

void orient(Side& mover, const Side& partner) {
  if (mover.x > partner.demand_x) mover.move = -mover.move;
}

// If `self`'s move pushes its supply issue's outcome past the partner's position, shrink it so
// the outcome lands on the partner, and rescale the partner's move by the exchange ratio.
void check_overshoot(Candidate& e, const Board& board, Rule rule, bool self_is_i) {
  Side& self = self_is_i ? e.i : e.j;
  Side& other = self_is_i ? e.j : e.i;
  self.nbs0 = outcome_with(e, board, self, self.x);
  self.nbs1 = outcome_with(e, board, self, self.y);
  const double target = other.demand_x;
  if (target - self.nbs0 >= -kTouch && target - self.nbs1 >= -kTouch) return;
  if (target - self.nbs0 <= kTouch && target - self.nbs1 <= kTouch) return;

  const double D = board.denominator[self.supply];
  const double distance = std::abs((target * D - weighted_sum(e, board, self, self.x)) /
                                   (self.s_supply * self.c_supply));
  const double self_shift = shift_of(board, self, distance);
  if (self_is_i) {
    e.shift_i = self_shift;
    e.shift_j = shift_j_for(e, rule, self_shift);
    other.move = std::abs(distance_for(board, other, e.shift_j));
  } else {
    e.shift_j = self_shift;
    e.shift_i = shift_i_for(e, rule, self_shift);
    other.move = std::abs(distance_for(board, other, e.shift_i));
  }
  self.move = distance;
  orient(other, self);
  orient(self, other);
  other.moves.back() = other.move;
  self.moves.back() = self.move;
  other.y = other.x + other.move;
  self.y = self.x + self.move;
  set_gains(e, rule);
  e.valid = move_valid(other) && move_valid(self);
  self.nbs1 = outcome_with(e, board, self, self.y);
  (self_is_i ? e.adjusted_i : e.adjusted_j) = true;
}

Side make_side(const Board& board, std::size_t actor, std::size_t supply, std::size_t demand) {
  Side side;
  side.actor = actor;
  side.supply = supply;
  side.demand = demand;
  const Stake& sup = stake(board, supply, actor);
  const Stake& dem = stake(board, demand, actor);
  side.x = side.x_start = sup.x;
  side.demand_x = dem.x;
  side.s_supply = sup.s;
  side.s_demand = dem.s;
  side.c_supply = sup.c;
  return side;
}

void record_update(Candidate& e, std::size_t issue, const Side& mover, double y) {
  for (auto& u : e.updates) {
    if (u.issue != issue || u.actor != mover.actor) continue;
    // Keep the position nearer the mover's start, as the reference does.
    if (mover.x_start <= u.x)
      u.x = u.x < y ? u.x : y;
    else
      u.x = u.x > y ? u.x : y;
    return;
  }
  e.updates.push_back({issue, mover.actor, y});
}

bool same_supply(const Side& a, const Side& b) {
  return a.actor == b.actor && a.supply == b.supply;
}
bool same_demand(const Side& a, const Side& b) {
  return a.actor == b.actor && a.demand == b.demand;
}

}  // namespace

double Board::outcome(std::size_t issue) const {
  if (denominator[issue] == 0) return 0;
  double sum = 0;
  for (const auto& st : stake[issue])
    if (st) sum += st->x * st->s * st->c;
  return sum / denominator[issue];
}

Candidate make_candidate(const Board& board, std::size_t a, std::size_t b, std::size_t p,
                         std::size_t q, std::size_t index, Rule rule, double rate_draw) {
  Candidate e;
  e.index = index;
  // The actor with the larger salience ratio s_p / s_q demands p and supplies q.
  const double ratio_a = stake(board, p, a).s / stake(board, q, a).s;
  const double ratio_b = stake(board, p, b).s / stake(board, q, b).s;
  const bool swap = ratio_a < ratio_b;
  e.i = make_side(board, swap ? b : a, q, p);
  e.j = make_side(board, swap ? a : b, p, q);
  if (rule == Rule::RandomRate) {
    // Any rate between the two salience ratios leaves both better off.
    const double low = e.j.s_supply / e.j.s_demand;
    const double high = e.i.s_demand / e.i.s_supply;
    e.rate = low + rate_draw * (high - low);
  }
  calculate(e, board, rule);
  return e;
}

void calculate(Candidate& e, const Board& board, Rule rule) {
  Side& i = e.i;
  Side& j = e.j;
  // First j moves all the way to i's position on p ...
  const double gap_p = std::abs(i.demand_x - j.x);
  const double gap_q = std::abs(j.demand_x - i.x);
  e.shift_j = shift_of(board, j, gap_p);
  e.shift_i = shift_i_for(e, rule, e.shift_j);
  i.move = distance_for(board, i, e.shift_i);
  j.move = gap_p;
  // ... unless that asks i to move past j; then i moves all the way to j on q.
  if (std::abs(i.move) > gap_q) {
    e.shift_i = shift_of(board, i, gap_q);
    e.shift_j = shift_j_for(e, rule, e.shift_i);
    i.move = gap_q;
    j.move = distance_for(board, j, e.shift_j);
  }
  orient(i, j);
  orient(j, i);
  i.moves.push_back(i.move);
  j.moves.push_back(j.move);
  i.y = i.x + i.move;
  j.y = j.x + j.move;
  set_gains(e, rule);
  e.adjusted_i = e.adjusted_j = false;
  e.valid = move_valid(i) && move_valid(j) && e.gain >= kTiny;
  if (!e.valid) return;
  check_overshoot(e, board, rule, true);
  check_overshoot(e, board, rule, false);
  e.valid = move_valid(i) && move_valid(j);
}

void recalculate(Candidate& e, const Candidate& r, const Board& board, Rule rule) {
  // A side that supplies the same issue as a realised side starts from its voting position.
  bool moved = false;
  for (Side* side : {&e.i, &e.j}) {
    for (const Side* done : {&r.i, &r.j}) {
      if (!same_supply(*side, *done)) continue;
      side->x = done->y;
      side->moves.push_back(done->moves.back());
      moved = true;
      break;
    }
  }
  // The reference then drops the last recorded move of both sides before recomputing.
  if (moved) {
    e.i.moves.pop_back();
    e.j.moves.pop_back();
  }
  bool recompute = moved;
  // A realised partner demanding what this candidate's side demands has moved the supplier.
  const std::pair<const Side*, const Side*> pairs[] = {{&r.j, &r.i}, {&r.i, &r.j}};
  for (const auto& [demander, supplier] : pairs) {
    if (!same_demand(*demander, e.j) && !same_demand(*demander, e.i)) continue;
    record_update(e, demander->demand, *supplier, supplier->y);
    if (!recompute) {
      e.i.moves.pop_back();
      e.j.moves.pop_back();
      recompute = true;
    }
  }
  if (recompute) calculate(e, board, rule);
}

}  // namespace statecraft::exchange
