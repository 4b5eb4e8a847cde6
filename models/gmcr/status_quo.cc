#include "models/gmcr/status_quo.h"

#include <algorithm>
#include <deque>

namespace statecraft::gmcr {
namespace {

struct Tree {
  std::vector<int> parent, mover;
};

// Breadth-first search over unilateral moves (improvements only if asked).
Tree search(const Conflict& c, const std::vector<Player>& players, int start, bool improvements) {
  const int n = int(c.states.size());
  Tree t{std::vector<int>(n, -2), std::vector<int>(n, -1)};
  std::deque<int> queue{start};
  t.parent[start] = -1;
  while (!queue.empty()) {
    const int v = queue.front();
    queue.pop_front();
    for (std::size_t p = 0; p < players.size(); ++p)
      for (int w : unilateral_moves(c, players[p], v)) {
        if (t.parent[w] != -2) continue;
        if (improvements) {
          bool better = true;
          for (int d : players[p].dms) better = better && c.dms[d].payoff[w] > c.dms[d].payoff[v];
          if (!better) continue;
        }
        t.parent[w] = v;
        t.mover[w] = int(p);
        queue.push_back(w);
      }
  }
  return t;
}

std::vector<Move> path_to(const Conflict& c, const Tree& t, int target) {
  std::vector<Move> out;
  for (int v = target; t.parent[v] >= 0; v = t.parent[v])
    out.push_back({t.mover[v], c.states[t.parent[v]], c.states[v]});
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<Reachability> reach_from(const Conflict& c, const std::vector<Player>& players,
                                     State status_quo, const std::vector<State>& targets) {
  const int start = c.index(status_quo);
  std::vector<Reachability> out;
  if (start < 0) return out;
  const Tree any = search(c, players, start, false);
  const Tree better = search(c, players, start, true);
  for (State s : targets) {
    Reachability r;
    r.target = s;
    const int v = c.index(s);
    if (v >= 0 && any.parent[v] != -2) {
      r.reachable = true;
      r.path = path_to(c, any, v);
    }
    if (v >= 0 && better.parent[v] != -2) {
      r.reachable_by_improvements = true;
      r.improving_path = path_to(c, better, v);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace statecraft::gmcr
