#include "models/exchange/engine.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/rng.h"

namespace statecraft::exchange {
namespace {

template <typename T>
bool can_trade(const Board<T>& board, std::size_t issue, std::size_t actor) {
  const auto& st = board.stake[issue][actor];
  return st && st->s > T(0) && st->c > T(0);
}

template <typename T>
void fill_denominators(Board<T>& board) {
  board.denominator.assign(board.stake.size(), T(0));
  for (std::size_t k = 0; k < board.stake.size(); ++k)
    for (const auto& st : board.stake[k])
      if (st) board.denominator[k] += st->s * st->c;
}

template <typename T>
std::vector<Candidate<T>> build_candidates(const Board<T>& board,
                                           const std::vector<IssuePair>& pairs,
                                           const Settings& settings, int round) {
  std::vector<Candidate<T>> out;
  const std::size_t n = board.stake.empty() ? 0 : board.stake[0].size();
  Rng rng = settings.streams.child(StreamPurpose::Round, std::uint64_t(round)).rng();
  for (const auto& pair : pairs) {
    const T op = board.outcome(pair.p), oq = board.outcome(pair.q);
    // Groups by side of the outcome: a (right, right), b (left, right), c (right, left),
    // d (left, left). Trades pair opposite corners: a with d, b with c.
    std::vector<std::size_t> group[4];
    for (std::size_t a = 0; a < n; ++a) {
      if (!pair.actor_may_trade[a] || !can_trade(board, pair.p, a) || !can_trade(board, pair.q, a))
        continue;
      const bool left_p = board.stake[pair.p][a]->x <= op;
      const bool left_q = board.stake[pair.q][a]->x <= oq;
      group[int(left_p) | int(left_q) << 1].push_back(a);
    }
    for (const auto& [g1, g2] : {std::pair{0, 3}, std::pair{1, 2}})
      for (std::size_t a : group[g1])
        for (std::size_t b : group[g2]) {
          // One draw per candidate in creation order keeps RandomRate reproducible.
          const double draw = settings.rule == Rule::RandomRate ? rng.uniform() : 0.0;
          out.push_back(
              make_candidate(board, a, b, pair.p, pair.q, out.size(), settings.rule, draw));
        }
  }
  return out;
}

// EqualGain: the largest gain first; ties keep the current order (a stable sort).
template <typename T>
std::size_t pick_equal_gain(std::vector<Candidate<T>*>& list) {
  std::stable_sort(list.begin(), list.end(), [](const Candidate<T>* x, const Candidate<T>* y) {
    return Number<T>::higher_gain(x->gain, y->gain);
  });
  return 0;
}

// RandomRate: each actor lowers its aspiration from its best own gain, step by step, until
// some exchange is acceptable to both partners; among those the one whose worse-off partner
// gains most (then creation order).
template <typename T>
std::size_t pick_random_rate(const std::vector<Candidate<T>*>& list) {
  std::vector<std::vector<T>> gains;  // per actor, distinct own gains, best first
  auto own = [&](std::size_t actor) -> std::vector<T>& {
    if (gains.size() <= actor) gains.resize(actor + 1);
    return gains[actor];
  };
  for (const Candidate<T>* e : list) {
    if (!e->valid) continue;
    own(e->i.actor).push_back(e->gain_i);
    own(e->j.actor).push_back(e->gain_j);
  }
  std::size_t levels = 0;
  for (auto& g : gains) {
    std::sort(g.begin(), g.end(), std::greater<>());
    g.erase(std::unique(g.begin(), g.end()), g.end());
    levels = std::max(levels, g.size());
  }
  for (std::size_t level = 0; level < levels; ++level) {
    auto aspiration = [&](std::size_t actor) {
      const auto& g = gains[actor];
      return g[std::min(level, g.size() - 1)];
    };
    std::size_t best = list.size();
    for (std::size_t k = 0; k < list.size(); ++k) {
      const Candidate<T>* e = list[k];
      if (!e->valid || e->gain_i < aspiration(e->i.actor) || e->gain_j < aspiration(e->j.actor))
        continue;
      if (best == list.size() || e->gain > list[best]->gain ||
          (e->gain == list[best]->gain && e->index < list[best]->index))
        best = k;
    }
    if (best != list.size()) return best;
  }
  return 0;  // only invalid candidates left
}

// A realised actor-issue keeps part of its move: more when the issue matters less to it.
// x' = (1 - s) sw y + fw y + (1 - (1 - s) sw - fw) x, in the reference's order of operations.
template <typename T>
T next_position(const Side<T>& side, const Settings& settings) {
  const T sw = Number<T>::constant(settings.salience_weight);
  const T fw = Number<T>::constant(settings.fixed_weight);
  const T one = 1;
  const T swv = (one - side.s_supply) * sw * side.y;
  const T fwv = fw * side.y;
  const T pv = (one - (one - side.s_supply) * sw - fw) * side.x_start;
  return swv + fwv + pv;
}

template <typename T>
std::vector<std::vector<double>> snapshot(const Board<T>& board) {
  std::vector<std::vector<double>> out(board.stake.size());
  for (std::size_t k = 0; k < board.stake.size(); ++k)
    for (const auto& st : board.stake[k])
      out[k].push_back(st ? Number<T>::to_double(st->x) : std::numeric_limits<double>::quiet_NaN());
  return out;
}

template <typename T>
std::vector<double> outcomes(const Board<T>& board) {
  std::vector<double> out;
  for (std::size_t k = 0; k < board.stake.size(); ++k)
    out.push_back(Number<T>::to_double(board.outcome(k)));
  return out;
}

}  // namespace

template <typename T>
Trajectory<T> run(Board<T> board, const std::vector<IssuePair>& pairs, const Settings& settings,
                  const RunContext& context) {
  Trajectory<T> t;
  t.positions.push_back(snapshot(board));
  for (int round = 0; round < settings.rounds; ++round) {
    context.check_cancelled();
    fill_denominators(board);
    RoundRecord<T> rec;
    rec.preference_outcome = outcomes(board);
    std::vector<Candidate<T>> all = build_candidates(board, pairs, settings, round);
    if (settings.keep_candidates) rec.candidates = all;
    std::vector<Candidate<T>*> list;
    for (auto& e : all) list.push_back(&e);
    while (!list.empty()) {
      const std::size_t k =
          settings.rule == Rule::EqualGain ? pick_equal_gain(list) : pick_random_rate(list);
      Candidate<T>* chosen = list[k];
      list.erase(list.begin() + std::ptrdiff_t(k));
      if (!chosen->valid) continue;
      std::vector<Candidate<T>*> still;
      for (Candidate<T>* e : list) {
        if (!e->valid) continue;
        recalculate(*e, *chosen, board, settings.rule);
        if (e->valid) still.push_back(e);
      }
      list.swap(still);
      rec.realised.push_back(*chosen);
    }
    // Voting: traders stand at their voting positions (later exchanges override earlier).
    for (const auto& e : rec.realised)
      for (const Side<T>* side : {&e.i, &e.j}) board.stake[side->supply][side->actor]->x = side->y;
    rec.voting_outcome = outcomes(board);
    for (const auto& e : rec.realised)
      for (const Side<T>* side : {&e.i, &e.j})
        board.stake[side->supply][side->actor]->x = next_position(*side, settings);
    t.rounds.push_back(std::move(rec));
    t.positions.push_back(snapshot(board));
    if (context.progress) context.progress(double(round + 1) / settings.rounds);
  }
  return t;
}

template Trajectory<double> run(Board<double>, const std::vector<IssuePair>&, const Settings&,
                                const RunContext&);
template Trajectory<Decimal28> run(Board<Decimal28>, const std::vector<IssuePair>&, const Settings&,
                                   const RunContext&);

}  // namespace statecraft::exchange
