#include "models/bdm/sorted_pairs.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace statecraft::bdm {
namespace {

// (|y_t - y_s| / R)^r for every s; r = 1 (the risk-neutral pass) needs no pow.
void utilities_of_voter(const std::vector<double>& y, std::size_t t, double r, double range,
                        std::vector<double>& out) {
  const double yt = y[t];
  if (r == 1.0) {
    for (std::size_t s = 0; s < y.size(); ++s) out[s] = std::abs(yt - y[s]) / range;
  } else {
    for (std::size_t s = 0; s < y.size(); ++s) out[s] = std::pow(std::abs(yt - y[s]) / range, r);
  }
}

// Sum over ordered pairs (l, m) of |f_l - f_m| = 2 * sum_j f_(j) (2j - n + 1) over the
// values in ascending order; f grows with distance from y_t, so that order is a merge
// of the two sides of t (O(n), no sort).
double ordered_pair_spread(const std::vector<double>& y, std::size_t t,
                           const std::vector<double>& f) {
  const std::size_t n = y.size();
  const double yt = y[t];
  std::size_t left = t, right = t + 1;  // next candidates: left - 1 and right
  double sum = f[t] * (1.0 - double(n));
  for (std::size_t j = 1; j < n; ++j) {
    std::size_t s;
    if (left == 0) {
      s = right++;
    } else if (right == n) {
      s = --left;
    } else if (yt - y[left - 1] <= y[right] - yt) {
      s = --left;
    } else {
      s = right++;
    }
    sum += f[s] * (2.0 * double(j) - double(n) + 1.0);
  }
  return 2.0 * sum;
}

}  // namespace

SortedPairs::SortedPairs(const std::vector<double>& weight, const std::vector<double>& position,
                         const std::vector<double>& risk, double range)
    : n_(position.size()), order_(n_), rank_(n_), y_(n_), prefix_(n_ * n_) {
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  std::stable_sort(order_.begin(), order_.end(),
                   [&](std::size_t a, std::size_t b) { return position[a] < position[b]; });
  for (std::size_t t = 0; t < n_; ++t) {
    rank_[order_[t]] = t;
    y_[t] = position[order_[t]];
  }
  std::vector<double> f(n_);
  for (std::size_t t = 0; t < n_; ++t) {
    const std::size_t k = order_[t];
    utilities_of_voter(y_, t, risk[k], range, f);
    total_ += weight[k] * ordered_pair_spread(y_, t, f);
    double* row = &prefix_[t * n_];
    const double* previous = t == 0 ? nullptr : &prefix_[(t - 1) * n_];
    for (std::size_t s = 0; s < n_; ++s) row[s] = (previous ? previous[s] : 0.0) + weight[k] * f[s];
  }
}

void SortedPairs::against_all(std::size_t a, std::vector<double>* a_beats,
                              std::vector<double>* b_beats) const {
  if (a_beats) a_beats->assign(n_, 0.0);
  if (b_beats) b_beats->assign(n_, 0.0);
  if (total_ == 0) return;
  const std::size_t ta = rank_[a];
  const double ya = y_[ta];
  // a's column of the prefix sums, contiguous: the loops below walk it by voter count.
  std::vector<double>& col = column_;
  col.resize(n_ + 1);
  col[0] = 0.0;
  for (std::size_t c = 1; c <= n_; ++c) col[c] = prefix_[(c - 1) * n_ + ta];
  const double* last = &prefix_[(n_ - 1) * n_];  // totals per column
  // Voters 0..c_lo-1 are strictly closer to lo than to hi, voters c_hi..n-1 strictly closer
  // to hi: fl(hi - y) > fl(y - lo) is monotone in y, lo and hi, so both counts only grow.
  // P(lo beats hi) T = sum over the first group of w (f(y_hi) - f(y_lo)); P(hi beats lo) T
  // the same over the second group with the roles swapped.
  const auto lo_beats = [&](double pre_lo, double pre_hi) {
    return std::max(0.0, pre_hi - pre_lo) / total_;
  };
  const auto hi_beats = [&](double tot_lo, double pre_lo, double tot_hi, double pre_hi) {
    return std::max(0.0, (tot_lo - pre_lo) - (tot_hi - pre_hi)) / total_;
  };
  // b below a: lo = b, hi = a.
  std::size_t c_lo = 0, c_hi = 0;
  for (std::size_t tb = 0; tb < ta && y_[tb] < ya; ++tb) {
    const double yb = y_[tb];
    while (c_lo < n_ && std::abs(y_[c_lo] - ya) > std::abs(y_[c_lo] - yb)) ++c_lo;
    while (c_hi < n_ && !(std::abs(y_[c_hi] - yb) > std::abs(y_[c_hi] - ya))) ++c_hi;
    const std::size_t b = order_[tb];
    if (a_beats) (*a_beats)[b] = hi_beats(last[tb], prefix(c_hi, tb), col[n_], col[c_hi]);
    if (b_beats) (*b_beats)[b] = lo_beats(prefix(c_lo, tb), col[c_lo]);
  }
  // b above a: lo = a, hi = b.
  c_lo = 0, c_hi = 0;
  for (std::size_t tb = ta + 1; tb < n_; ++tb) {
    const double yb = y_[tb];
    if (yb == ya) continue;
    while (c_lo < n_ && std::abs(y_[c_lo] - yb) > std::abs(y_[c_lo] - ya)) ++c_lo;
    while (c_hi < n_ && !(std::abs(y_[c_hi] - ya) > std::abs(y_[c_hi] - yb))) ++c_hi;
    const std::size_t b = order_[tb];
    if (a_beats) (*a_beats)[b] = lo_beats(col[c_lo], prefix(c_lo, tb));
    if (b_beats) (*b_beats)[b] = hi_beats(col[n_], col[c_hi], last[tb], prefix(c_hi, tb));
  }
}

}  // namespace statecraft::bdm
