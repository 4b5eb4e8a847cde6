#include "models/gmcr/stability.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <deque>
#include <memory>
#include <mutex>

#include "core/errors.h"
#include "core/parallel.h"

namespace statecraft::gmcr {
namespace {

constexpr int kInf = INT_MAX;

class Solver {
 public:
  Solver(const Conflict& c, const AnalysisOptions& o) : c_(c), o_(o) {
    for (std::size_t k = 0; k < c.options.size(); ++k) {
      if (c.options[k].direction == Direction::Forward) forward_ |= State(1) << k;
      if (c.options[k].direction == Direction::Backward) backward_ |= State(1) << k;
    }
    if (o.coalitions.empty()) {
      for (std::size_t d = 0; d < c.dms.size(); ++d) players_.push_back(make_player({int(d)}));
    } else {
      std::vector<int> count(c.dms.size(), 0);
      for (const auto& group : o.coalitions) {
        if (group.empty()) throw OptionError("coalitions", "a coalition needs at least one member");
        for (int d : group) {
          if (d < 0 || d >= int(c.dms.size()))
            throw OptionError("coalitions", "unknown decision maker");
          ++count[d];
        }
        players_.push_back(make_player(group));
      }
      for (int n : count)
        if (n != 1)
          throw OptionError("coalitions", "every decision maker must be in exactly one coalition");
    }
  }

  const std::vector<Player>& players() const { return players_; }

  void prepare_fibres() {
    fibres_.assign(players_.size(), {});
    fibre_once_ = std::make_unique<std::once_flag[]>(players_.size());
  }

  // Calls f(target index) for every unilateral move of player p from state index v.
  template <class F>
  void for_each_move(const Player& p, int v, F&& f) const {
    const State s = c_.states[v], base = s & ~p.mask;
    for (State sub = p.mask;; sub = (sub - 1) & p.mask) {
      const State t = base | sub;
      if (t != s) {
        const int w = c_.index(t);
        if (w >= 0 && allowed(p, s, t)) f(w);
      }
      if (sub == 0) break;
    }
  }

  // Every member strictly prefers state b to state a.
  bool improves(const Player& p, int a, int b) const {
    for (int d : p.dms)
      if (!(c_.dms[d].payoff[b] > c_.dms[d].payoff[a])) return false;
    return true;
  }

  void analyse(Analysis& out) const {
    const std::size_t n = c_.states.size(), np = players_.size();
    out.players = players_;
    for (Concept k : {Concept::Nash, Concept::GMR, Concept::SMR, Concept::SEQ})
      out.stable[int(k)].assign(np, std::vector<std::uint8_t>(n, 0));
    if (o_.simultaneous) {
      out.stable[int(Concept::SIM)].assign(np, std::vector<std::uint8_t>(n, 0));
      out.stable[int(Concept::SEQSIM)].assign(np, std::vector<std::uint8_t>(n, 0));
    }
    parallel_for(np, o_.threads, [&](std::size_t i) { analyse_player(int(i), out); });
    for (Concept k : kConcepts) {
      if (!out.has(k)) continue;
      for (std::size_t v = 0; v < n; ++v) {
        bool all = true;
        for (std::size_t i = 0; i < np && all; ++i) all = out.stable[int(k)][i][v];
        if (all) out.equilibria[int(k)].push_back(c_.states[v]);
      }
    }
  }

 private:
  Player make_player(const std::vector<int>& dms) const {
    Player p;
    p.dms = dms;
    for (int d : dms) {
      p.mask |= c_.option_mask(d);
      p.name += (p.name.empty() ? "" : " + ") + c_.dms[d].name;
    }
    return p;
  }

  bool allowed(const Player& p, State s, State t) const {
    if ((s & ~t & forward_) || (~s & t & backward_)) return false;  // irreversible options
    // A decision maker does not move into or out of states it does not perceive. (As in
    // gmcr-py, a coalition acting as one player carries no misperceptions.)
    if (p.dms.size() == 1 && (!c_.perceives(p.dms[0], s) || !c_.perceives(p.dms[0], t)))
      return false;
    return true;
  }

  // --- sanction search, scalar preferences (a single decision maker as the focal player) --
  // For every state v: the least payoff, for the focal DM, of a state the opponents can
  // reach from v in one or more moves (UMs, or UIs for SEQ).
  struct Reach {
    std::vector<int> p_min;  // of the payoff
    std::vector<int> q_min;  // of max(payoff, best countermove), for SMR
  };

  // Textbook reachability: opponents' moves in any order (a DM may move again after
  // another DM). Strongly connected components collapse cycles; each component's minimum
  // covers everything reachable from it.
  Reach textbook_reach(int focal, bool improvements_only, const std::vector<int>& pval,
                       const std::vector<int>& qval) const {
    const int n = int(c_.states.size());
    std::vector<int> index(n, -1), low(n, 0), comp_p(n, kInf), comp_q(n, kInf);
    std::vector<int> acc_p(n, kInf), acc_q(n, kInf);
    std::vector<std::uint8_t> on_stack(n, 0);
    std::vector<int> scc_stack;
    struct Frame {
      int v;
      std::size_t player;
      State sub;
      bool started;
    };
    std::vector<Frame> frames;
    int counter = 0;
    auto next_edge = [&](Frame& f, int& w) {
      const State s = c_.states[f.v];
      while (f.player < players_.size()) {
        if (int(f.player) == focal) {
          ++f.player;
          f.started = false;
          continue;
        }
        const Player& p = players_[f.player];
        if (!f.started) {
          f.sub = p.mask;
          f.started = true;
        } else if (f.sub == 0) {
          ++f.player;
          f.started = false;
          continue;
        } else {
          f.sub = (f.sub - 1) & p.mask;
        }
        const State t = (s & ~p.mask) | f.sub;
        if (t == s) continue;
        const int idx = c_.index(t);
        if (idx < 0 || !allowed(p, s, t)) continue;
        if (improvements_only && !improves(p, f.v, idx)) continue;
        w = idx;
        return true;
      }
      return false;
    };
    for (int root = 0; root < n; ++root) {
      if (index[root] >= 0) continue;
      frames.push_back({root, 0, 0, false});
      index[root] = low[root] = counter++;
      scc_stack.push_back(root);
      on_stack[root] = 1;
      while (!frames.empty()) {
        Frame& f = frames.back();
        int w;
        if (next_edge(f, w)) {
          if (index[w] < 0) {
            const int v = f.v;
            (void)v;
            frames.push_back({w, 0, 0, false});
            index[w] = low[w] = counter++;
            scc_stack.push_back(w);
            on_stack[w] = 1;
          } else if (on_stack[w]) {
            low[f.v] = std::min(low[f.v], index[w]);
          } else {
            acc_p[f.v] = std::min(acc_p[f.v], comp_p[w]);
            acc_q[f.v] = std::min(acc_q[f.v], comp_q[w]);
          }
          continue;
        }
        const int v = f.v;
        frames.pop_back();
        if (low[v] == index[v]) {
          int mp = kInf, mq = kInf;
          std::size_t from = scc_stack.size();
          while (true) {
            const int x = scc_stack[--from];
            mp = std::min({mp, pval[x], acc_p[x]});
            mq = std::min({mq, qval[x], acc_q[x]});
            if (x == v) break;
          }
          for (std::size_t k = from; k < scc_stack.size(); ++k) {
            const int x = scc_stack[k];
            on_stack[x] = 0;
            comp_p[x] = mp;
            comp_q[x] = mq;
          }
          scc_stack.resize(from);
        }
        if (!frames.empty()) {
          Frame& parent = frames.back();
          if (on_stack[v]) {
            low[parent.v] = std::min(low[parent.v], low[v]);
          } else {
            acc_p[parent.v] = std::min(acc_p[parent.v], comp_p[v]);
            acc_q[parent.v] = std::min(acc_q[parent.v], comp_q[v]);
          }
        }
      }
    }
    // One or more moves: the minimum over the components of v's successors.
    Reach r{std::vector<int>(n, kInf), std::vector<int>(n, kInf)};
    for (int v = 0; v < n; ++v)
      for (std::size_t j = 0; j < players_.size(); ++j) {
        if (int(j) == focal) continue;
        for_each_move(players_[j], v, [&](int w) {
          if (improvements_only && !improves(players_[j], v, w)) return;
          r.p_min[v] = std::min(r.p_min[v], comp_p[w]);
          r.q_min[v] = std::min(r.q_min[v], comp_q[w]);
        });
      }
    return r;
  }

  // gmcr-py reachability: chains in which each opponent moves at most once, any order.
  // f(v, used) = min over opponents k not in `used` and their moves v -> w of
  // min(pval[w], f(w, used + k)), computed bottom-up from the largest `used` sets.
  Reach gmcrpy_reach(int focal, bool improvements_only, const std::vector<int>& pval,
                     const std::vector<int>& qval) const {
    const int n = int(c_.states.size());
    std::vector<int> opponents;
    for (std::size_t j = 0; j < players_.size(); ++j)
      if (int(j) != focal) opponents.push_back(int(j));
    const std::size_t masks = std::size_t(1) << opponents.size();
    if (double(n) * double(masks) > double(1 << 27))
      throw OptionError("semantics",
                        "gmcr-py semantics are limited to conflicts of at most 2^27 "
                        "(states x opponent subsets); use the textbook semantics");
    const bool same = &pval == &qval || pval == qval;
    // memo[used * n + v]; the full set of opponents leaves no move (kInf).
    std::vector<int> memo_p(masks * std::size_t(n), kInf);
    std::vector<int> memo_q(same ? 0 : masks * std::size_t(n), kInf);
    std::vector<int> g_p(n), g_q(same ? 0 : n);
    for (std::size_t used = masks - 1; used-- > 0;) {
      int* fp = &memo_p[used * n];
      int* fq = same ? fp : &memo_q[used * n];
      for (std::size_t k = 0; k < opponents.size(); ++k) {
        if (used >> k & 1) continue;
        const std::size_t next = used | (std::size_t(1) << k);
        const int* np = &memo_p[next * n];
        const int* nq = same ? np : &memo_q[next * n];
        // g(w): the best outcome once k has moved to w.
        for (int w = 0; w < n; ++w) g_p[w] = std::min(pval[w], np[w]);
        if (!same)
          for (int w = 0; w < n; ++w) g_q[w] = std::min(qval[w], nq[w]);
        relax_over_moves(players_[opponents[k]], improvements_only, g_p, fp);
        if (!same) relax_over_moves(players_[opponents[k]], improvements_only, g_q, fq);
      }
    }
    Reach r{std::vector<int>(memo_p.begin(), memo_p.begin() + n),
            same ? std::vector<int>(memo_p.begin(), memo_p.begin() + n)
                 : std::vector<int>(memo_q.begin(), memo_q.begin() + n)};
    return r;
  }

  // f[v] = min(f[v], min of g[w] over p's moves v -> w (improvements only if asked)).
  void relax_over_moves(const Player& p, bool improvements_only, const std::vector<int>& g,
                        int* f) const {
    const int n = int(c_.states.size());
    const bool free_moves = !(p.mask & (forward_ | backward_)) &&
                            (p.dms.size() != 1 || c_.dms[p.dms[0]].misperceived.empty());
    if (!free_moves || (improvements_only && p.dms.size() != 1)) {
      for (int v = 0; v < n; ++v)
        for_each_move(p, v, [&](int w) {
          if (!improvements_only || improves(p, v, w)) f[v] = std::min(f[v], g[w]);
        });
      return;
    }
    // Without irreversible options or misperceptions, p's moves from v are the other
    // feasible states of v's fibre (same bits outside p's options): one pass per fibre.
    const auto& fibres = fibres_of(p);
    const std::vector<int>* pay = improvements_only ? &c_.dms[p.dms[0]].payoff : nullptr;
    for (std::size_t start = 0; start < fibres.size();) {
      std::size_t end = start;
      while (end < fibres.size() && fibres[end] >= 0) ++end;
      const int* fib = &fibres[start];
      const std::size_t size = end - start;
      if (!pay) {
        // Minimum over the others: the smallest value, or the second smallest for its owner.
        int best = kInf, second = kInf;
        std::size_t at = size;
        for (std::size_t t = 0; t < size; ++t) {
          const int x = g[fib[t]];
          if (x < best) {
            second = best;
            best = x;
            at = t;
          } else if (x < second) {
            second = x;
          }
        }
        for (std::size_t t = 0; t < size; ++t)
          f[fib[t]] = std::min(f[fib[t]], t == at ? second : best);
      } else {
        // The fibre is sorted by p's payoff, best first: v's improvements are the states
        // before the first one that is not strictly better than v.
        int running = kInf;
        std::size_t t = 0;
        while (t < size) {
          std::size_t u = t;
          while (u < size && (*pay)[fib[u]] == (*pay)[fib[t]]) ++u;
          for (std::size_t x = t; x < u; ++x) f[fib[x]] = std::min(f[fib[x]], running);
          for (std::size_t x = t; x < u; ++x) running = std::min(running, g[fib[x]]);
          t = u;
        }
      }
      start = end + 1;
    }
  }

  // Every fibre of p (feasible states equal outside p's options), -1 after each; for a
  // single decision maker sorted by its payoff, best first. Built once per player.
  const std::vector<int>& fibres_of(const Player& p) const {
    const std::size_t slot = std::size_t(&p - players_.data());
    std::call_once(fibre_once_[slot], [&] {
      std::vector<int>& out = fibres_[slot];
      const auto* pay = p.dms.size() == 1 ? &c_.dms[p.dms[0]].payoff : nullptr;
      std::vector<std::uint8_t> done(c_.states.size(), 0);
      for (std::size_t v = 0; v < c_.states.size(); ++v) {
        if (done[v]) continue;
        const std::size_t first = out.size();
        const State base = c_.states[v] & ~p.mask;
        for (State sub = p.mask;; sub = (sub - 1) & p.mask) {
          const int w = c_.index(base | sub);
          if (w >= 0) {
            out.push_back(w);
            done[w] = 1;
          }
          if (sub == 0) break;
        }
        if (pay)
          std::stable_sort(out.begin() + std::ptrdiff_t(first), out.end(),
                           [&](int a, int b) { return (*pay)[a] > (*pay)[b]; });
        out.push_back(-1);
      }
    });
    return fibres_[slot];
  }

  void analyse_player(int i, Analysis& out) const {
    const Player& me = players_[i];
    const int n = int(c_.states.size());
    std::vector<std::vector<int>> uis(n);
    for (int v = 0; v < n; ++v)
      for_each_move(me, v, [&](int w) {
        if (improves(me, v, w)) uis[v].push_back(w);
      });
    auto& nash = out.stable[int(Concept::Nash)][i];
    for (int v = 0; v < n; ++v) nash[v] = uis[v].empty();
    if (me.dms.size() == 1 && !o_.explicit_search)
      scalar_sanctions(i, uis, out);
    else
      coalition_sanctions(i, uis, out);
    if (!o_.simultaneous) return;
    auto& sim = out.stable[int(Concept::SIM)][i];
    auto& seqsim = out.stable[int(Concept::SEQSIM)][i];
    for (int v = 0; v < n; ++v) {
      sim[v] = simultaneous_stable(i, v, uis[v]);
      seqsim[v] = sim[v] || out.stable[int(Concept::SEQ)][i][v];
    }
  }

  void scalar_sanctions(int i, const std::vector<std::vector<int>>& uis, Analysis& out) const {
    const Player& me = players_[i];
    const auto& pay = c_.dms[me.dms[0]].payoff;
    const int n = int(c_.states.size());
    // q: a state is an SMR sanction only if the focal DM cannot then move above s0.
    std::vector<int> q(n);
    for (int v = 0; v < n; ++v) {
      int best = pay[v];
      for_each_move(me, v, [&](int w) { best = std::max(best, pay[w]); });
      q[v] = best;
    }
    const bool textbook = o_.semantics == Semantics::Textbook;
    const Reach moves =
        textbook ? textbook_reach(i, false, pay, q) : gmcrpy_reach(i, false, pay, q);
    const Reach improvements =
        textbook ? textbook_reach(i, true, pay, pay) : gmcrpy_reach(i, true, pay, pay);
    auto& gmr = out.stable[int(Concept::GMR)][i];
    auto& smr = out.stable[int(Concept::SMR)][i];
    auto& seq = out.stable[int(Concept::SEQ)][i];
    for (int v = 0; v < n; ++v) {
      bool g = true, s = true, e = true;
      for (int w : uis[v]) {
        g = g && moves.p_min[w] <= pay[v];
        s = s && moves.q_min[w] <= pay[v];
        e = e && improvements.p_min[w] <= pay[v];
      }
      gmr[v] = g;
      smr[v] = s;
      seq[v] = e;
    }
  }

  // Sanctions against a coalition player: a state is a sanction if some member is not
  // strictly better off than at s0; explicit search over the opponents' sequences.
  void coalition_sanctions(int i, const std::vector<std::vector<int>>& uis, Analysis& out) const {
    const Player& me = players_[i];
    const int n = int(c_.states.size());
    auto sanction = [&](int s0, int s2) { return !improves(me, s0, s2); };
    auto countered = [&](int s0, int s2) {
      bool any = false;
      for_each_move(me, s2,
                    [&](int s3) { any = any || (improves(me, s2, s3) && improves(me, s0, s3)); });
      return any;
    };
    for (int v = 0; v < n; ++v) {
      bool g = true, s = true, e = true;
      for (int w : uis[v]) {
        g = g && search(i, v, w, false, [&](int x) { return sanction(v, x); });
        s = s && search(i, v, w, false, [&](int x) { return sanction(v, x) && !countered(v, x); });
        e = e && search(i, v, w, true, [&](int x) { return sanction(v, x); });
      }
      out.stable[int(Concept::GMR)][i][v] = g;
      out.stable[int(Concept::SMR)][i][v] = s;
      out.stable[int(Concept::SEQ)][i][v] = e;
    }
  }

  // Is some state the opponents can reach from s1 (one or more moves) accepted by `ok`?
  template <class Ok>
  bool search(int focal, int /*s0*/, int s1, bool improvements_only, Ok&& ok) const {
    if (o_.semantics == Semantics::Textbook) {
      std::vector<std::uint8_t> seen(c_.states.size(), 0);
      std::deque<int> queue{s1};
      while (!queue.empty()) {
        const int v = queue.front();
        queue.pop_front();
        for (std::size_t j = 0; j < players_.size(); ++j) {
          if (int(j) == focal) continue;
          bool found = false;
          for_each_move(players_[j], v, [&](int w) {
            if (found || seen[w] || (improvements_only && !improves(players_[j], v, w))) return;
            seen[w] = 1;
            if (ok(w)) found = true;
            queue.push_back(w);
          });
          if (found) return true;
        }
      }
      return false;
    }
    std::function<bool(int, std::size_t)> chain = [&](int v, std::size_t used) {
      for (std::size_t j = 0; j < players_.size(); ++j) {
        if (int(j) == focal || (used >> j & 1)) continue;
        bool found = false;
        for_each_move(players_[j], v, [&](int w) {
          if (found || (improvements_only && !improves(players_[j], v, w))) return;
          found = ok(w) || chain(w, used | (std::size_t(1) << j));
        });
        if (found) return true;
      }
      return false;
    };
    return chain(s1, 0);
  }

  // SIM: for every UI of the focal player, some combination of opponents each staying or
  // taking one of its own UIs from s0, all at once, gives a feasible state that is a sanction.
  bool simultaneous_stable(int i, int v, const std::vector<int>& focal_uis) const {
    if (focal_uis.empty()) return true;
    const Player& me = players_[i];
    std::vector<int> opponents;
    std::vector<std::vector<State>> choices;  // the option bits each opponent may set
    for (std::size_t j = 0; j < players_.size(); ++j) {
      if (int(j) == i) continue;
      std::vector<State> bits;
      for_each_move(players_[j], v, [&](int w) {
        if (improves(players_[j], v, w)) bits.push_back(c_.states[w] & players_[j].mask);
      });
      opponents.push_back(int(j));
      choices.push_back(std::move(bits));
    }
    const State s0 = c_.states[v];
    for (int w : focal_uis) {
      const State start = (s0 & ~me.mask) | (c_.states[w] & me.mask);
      bool sanctioned = false;
      std::function<void(std::size_t, State, bool)> pick = [&](std::size_t k, State s, bool moved) {
        if (sanctioned) return;
        if (k == opponents.size()) {
          if (!moved) return;
          const int x = c_.index(s);
          if (x >= 0 && !improves(me, v, x)) sanctioned = true;
          return;
        }
        pick(k + 1, s, moved);
        const State mask = players_[opponents[k]].mask;
        for (State bits : choices[k]) pick(k + 1, (s & ~mask) | bits, true);
      };
      pick(0, start, false);
      if (!sanctioned) return false;
    }
    return true;
  }

  const Conflict& c_;
  const AnalysisOptions& o_;
  std::vector<Player> players_;
  State forward_ = 0, backward_ = 0;
  // Per player: its fibres (see fibres_of), built on first use by whichever thread needs it.
  mutable std::vector<std::vector<int>> fibres_;
  mutable std::unique_ptr<std::once_flag[]> fibre_once_;
};

}  // namespace

const char* to_string(Concept c) {
  switch (c) {
    case Concept::Nash:
      return "Nash";
    case Concept::GMR:
      return "GMR";
    case Concept::SMR:
      return "SMR";
    case Concept::SEQ:
      return "SEQ";
    case Concept::SIM:
      return "SIM";
    case Concept::SEQSIM:
      return "SEQ-SIM";
  }
  return "?";
}

Analysis analyse(const Conflict& conflict, const AnalysisOptions& options) {
  if (conflict.states.empty())
    throw OptionError("conflict " + conflict.name, "conflict has no feasible states");
  Solver solver(conflict, options);
  solver.prepare_fibres();
  Analysis out;
  solver.analyse(out);
  return out;
}

std::vector<int> unilateral_moves(const Conflict& c, const Player& player, int from) {
  AnalysisOptions o;
  Solver solver(c, o);
  std::vector<int> out;
  solver.for_each_move(player, from, [&](int w) { out.push_back(w); });
  return out;
}

}  // namespace statecraft::gmcr
