#include "models/exchange/candidate.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace statecraft::exchange {
namespace {

template <typename T>
T tiny() {  // the reference's smallest move and gain, the binary 1e-10 it compares with
  static const T value = Number<T>::constant(1e-10);
  return value;
}
template <typename T>
T touch() {
  static const T value = Number<T>::constant(Number<T>::touch);
  return value;
}
template <typename T>
T magnitude(const T& v) {
  return Number<T>::magnitude(v);
}

template <typename T>
const Stake<T>& stake(const Board<T>& board, std::size_t issue, std::size_t actor) {
  return *board.stake[issue][actor];
}

template <typename T>
const typename Candidate<T>::Update* find_update(const Candidate<T>& e, std::size_t issue,
                                                 std::size_t actor) {
  for (const auto& u : e.updates)
    if (u.issue == issue && u.actor == actor) return &u;
  return nullptr;
}

// sum x s c over the supply issue with this candidate's view of the others and `side` at x.
template <typename T>
T weighted_sum(const Candidate<T>& e, const Board<T>& board, const Side<T>& side, const T& x) {
  T sum = 0;
  const auto& row = board.stake[side.supply];
  for (std::size_t a = 0; a < row.size(); ++a) {
    if (!row[a]) continue;
    T pos = row[a]->x;
    if (a == side.actor) {
      pos = x;
    } else if (const auto* u = find_update(e, side.supply, a)) {
      pos = u->x;
    }
    sum += pos * row[a]->s * row[a]->c;
  }
  return sum;
}

template <typename T>
T outcome_with(const Candidate<T>& e, const Board<T>& board, const Side<T>& side, const T& x) {
  return weighted_sum(e, board, side, x) / board.denominator[side.supply];
}

// Shift of the outcome on `side`'s supply issue when it moves by `distance`.
template <typename T>
T shift_of(const Board<T>& board, const Side<T>& side, const T& distance) {
  return distance * side.s_supply * side.c_supply / board.denominator[side.supply];
}

// Distance `side` must move to shift its supply issue's outcome by `shift`.
template <typename T>
T distance_for(const Board<T>& board, const Side<T>& side, const T& shift) {
  return shift * board.denominator[side.supply] / (side.c_supply * side.s_supply);
}

// The exchange ratio: i's shift for a given j shift, and back.
template <typename T>
T shift_i_for(const Candidate<T>& e, Rule rule, const T& shift_j) {
  if (rule == Rule::RandomRate) return e.rate * shift_j;
  return ((e.j.s_supply + e.i.s_demand) / (e.j.s_demand + e.i.s_supply)) * shift_j;
}
template <typename T>
T shift_j_for(const Candidate<T>& e, Rule rule, const T& shift_i) {
  if (rule == Rule::RandomRate) return shift_i / e.rate;
  return ((e.i.s_supply + e.j.s_demand) / (e.i.s_demand + e.j.s_supply)) * shift_i;
}

// Each side gains on its demand issue and loses on its supply issue. The equal gain is
// computed from i's side, or from j's after a correction of i (as the reference does: the
// two agree up to the last digit).
template <typename T>
void set_gains(Candidate<T>& e, Rule rule, bool from_j = false) {
  e.gain_i = e.shift_j * e.i.s_demand - e.shift_i * e.i.s_supply;
  e.gain_j = e.shift_i * e.j.s_demand - e.shift_j * e.j.s_supply;
  if (rule == Rule::RandomRate)
    e.gain = std::min(e.gain_i, e.gain_j);
  else if (from_j)
    e.gain = magnitude(T(e.shift_j * e.j.s_supply - e.shift_i * e.j.s_demand));
  else
    e.gain = magnitude(T(e.shift_i * e.i.s_supply - e.shift_j * e.i.s_demand));
}

template <typename T>
bool move_valid(const Side<T>& side) {
  const T& move = side.move;
  const T hundred = 100, zero = 0;
  if (magnitude(move) > hundred || magnitude(move) <= tiny<T>()) return false;
  const T y = side.x + move;
  if (y < zero - touch<T>() || y > hundred + touch<T>()) return false;
  T sum = 0;
  for (const T& m : side.moves) sum += m;
  if (sum > hundred) return false;
  const auto [lo, hi] = std::minmax_element(side.moves.begin(), side.moves.end());
  return (*lo < zero && *hi < zero) || (*lo > zero && *hi > zero);
}

template <typename T>
void orient(Side<T>& mover, const Side<T>& partner) {
  if (mover.x > partner.demand_x) mover.move = -mover.move;
}

// If `self`'s move pushes its supply issue's outcome past the partner's position, shrink it so
// the outcome lands on the partner, and rescale the partner's move by the exchange ratio.
template <typename T>
void check_overshoot(Candidate<T>& e, const Board<T>& board, Rule rule, bool self_is_i) {
  Side<T>& self = self_is_i ? e.i : e.j;
  Side<T>& other = self_is_i ? e.j : e.i;
  self.nbs0 = outcome_with(e, board, self, self.x);
  self.nbs1 = outcome_with(e, board, self, self.y);
  const T target = other.demand_x;
  const T t0 = target - self.nbs0, t1 = target - self.nbs1, zero = 0;
  if (t0 >= zero - touch<T>() && t1 >= zero - touch<T>()) return;
  if (t0 <= touch<T>() && t1 <= touch<T>()) return;

  const T& D = board.denominator[self.supply];
  const T distance = magnitude(
      T((target * D - weighted_sum(e, board, self, self.x)) / (self.s_supply * self.c_supply)));
  const T self_shift = shift_of(board, self, distance);
  if (self_is_i) {
    e.shift_i = self_shift;
    e.shift_j = shift_j_for(e, rule, self_shift);
    other.move = magnitude(distance_for(board, other, e.shift_j));
  } else {
    e.shift_j = self_shift;
    e.shift_i = shift_i_for(e, rule, self_shift);
    other.move = magnitude(distance_for(board, other, e.shift_i));
  }
  self.move = distance;
  orient(other, self);
  orient(self, other);
  other.moves.back() = other.move;
  self.moves.back() = self.move;
  other.y = other.x + other.move;
  self.y = self.x + self.move;
  set_gains(e, rule, self_is_i);
  e.valid = move_valid(other) && move_valid(self);
  self.nbs1 = outcome_with(e, board, self, self.y);
  (self_is_i ? e.adjusted_i : e.adjusted_j) = true;
}

template <typename T>
Side<T> make_side(const Board<T>& board, std::size_t actor, std::size_t supply,
                  std::size_t demand) {
  Side<T> side;
  side.actor = actor;
  side.supply = supply;
  side.demand = demand;
  const Stake<T>& sup = stake(board, supply, actor);
  const Stake<T>& dem = stake(board, demand, actor);
  side.x = side.x_start = sup.x;
  side.demand_x = dem.x;
  side.s_supply = sup.s;
  side.s_demand = dem.s;
  side.c_supply = sup.c;
  return side;
}

template <typename T>
void record_update(Candidate<T>& e, std::size_t issue, const Side<T>& mover, const T& y) {
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

template <typename T>
bool same_supply(const Side<T>& a, const Side<T>& b) {
  return a.actor == b.actor && a.supply == b.supply;
}
template <typename T>
bool same_demand(const Side<T>& a, const Side<T>& b) {
  return a.actor == b.actor && a.demand == b.demand;
}

}  // namespace

template <typename T>
T Board<T>::outcome(std::size_t issue) const {
  if (denominator[issue] == T(0)) return 0;
  T sum = 0;
  for (const auto& st : stake[issue])
    if (st) sum += st->x * st->s * st->c;
  return sum / denominator[issue];
}

template <typename T>
Candidate<T> make_candidate(const Board<T>& board, std::size_t a, std::size_t b, std::size_t p,
                            std::size_t q, std::size_t index, Rule rule, double rate_draw) {
  Candidate<T> e;
  e.index = index;
  // The actor with the larger salience ratio s_p / s_q demands p and supplies q.
  const T ratio_a = stake(board, p, a).s / stake(board, q, a).s;
  const T ratio_b = stake(board, p, b).s / stake(board, q, b).s;
  const bool swap = ratio_a < ratio_b;
  e.i = make_side(board, swap ? b : a, q, p);
  e.j = make_side(board, swap ? a : b, p, q);
  if (rule == Rule::RandomRate) {
    // Any rate between the two salience ratios leaves both better off.
    const T low = e.j.s_supply / e.j.s_demand;
    const T high = e.i.s_demand / e.i.s_supply;
    e.rate = low + Number<T>::constant(rate_draw) * (high - low);
  }
  calculate(e, board, rule);
  return e;
}

template <typename T>
void calculate(Candidate<T>& e, const Board<T>& board, Rule rule) {
  Side<T>& i = e.i;
  Side<T>& j = e.j;
  // First j moves all the way to i's position on p ...
  const T gap_p = magnitude(T(i.demand_x - j.x));
  const T gap_q = magnitude(T(j.demand_x - i.x));
  e.shift_j = shift_of(board, j, gap_p);
  e.shift_i = shift_i_for(e, rule, e.shift_j);
  i.move = distance_for(board, i, e.shift_i);
  j.move = gap_p;
  // ... unless that asks i to move past j; then i moves all the way to j on q.
  if (magnitude(i.move) > gap_q) {
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
  e.valid = move_valid(i) && move_valid(j) && !(e.gain < tiny<T>());
  if (!e.valid) return;
  check_overshoot(e, board, rule, true);
  check_overshoot(e, board, rule, false);
  e.valid = move_valid(i) && move_valid(j);
}

template <typename T>
void recalculate(Candidate<T>& e, const Candidate<T>& r, const Board<T>& board, Rule rule) {
  // A side that supplies the same issue as a realised side starts from its voting position.
  bool moved = false;
  for (Side<T>* side : {&e.i, &e.j}) {
    for (const Side<T>* done : {&r.i, &r.j}) {
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
  const std::pair<const Side<T>*, const Side<T>*> pairs[] = {{&r.j, &r.i}, {&r.i, &r.j}};
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

#define STATECRAFT_EXCHANGE_INSTANTIATE(T)                                                     \
  template struct Board<T>;                                                                    \
  template Candidate<T> make_candidate(const Board<T>&, std::size_t, std::size_t, std::size_t, \
                                       std::size_t, std::size_t, Rule, double);                \
  template void calculate(Candidate<T>&, const Board<T>&, Rule);                               \
  template void recalculate(Candidate<T>&, const Candidate<T>&, const Board<T>&, Rule);
STATECRAFT_EXCHANGE_INSTANTIATE(double)
STATECRAFT_EXCHANGE_INSTANTIATE(Decimal28)

}  // namespace statecraft::exchange
