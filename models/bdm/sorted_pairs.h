// P(a beats b) for every pair of current positions of the `scholz` variant in O(n^2) per
// round instead of O(n^3): with the voters sorted by position, the voters closer to a than
// to b are a prefix (or a suffix) of that order, so each probability is a difference of
// prefix sums of the per-voter utilities (see docs/models/bdm.md, "Complexity").
#pragma once

#include <cstddef>
#include <vector>

namespace statecraft::bdm {

class SortedPairs {
 public:
  // weight[k] = c_k * s_k (each >= 0), position[k], risk[k] (> 0) and the range R > 0.
  SortedPairs(const std::vector<double>& weight, const std::vector<double>& position,
              const std::vector<double>& risk, double range);

  // T: sum over voters k and ordered pairs (l, m) of |v_k(x_l, x_m)|.
  double total() const { return total_; }

  // For actor a and every actor b: a_beats[b] = P(x_a beats x_b) and, when wanted,
  // b_beats[b] = P(x_b beats x_a). O(n) per call.
  void against_all(std::size_t a, std::vector<double>* a_beats, std::vector<double>* b_beats) const;

 private:
  // Sum over the first `count` voters (sorted order) of w_t * f_t(y_s).
  double prefix(std::size_t count, std::size_t s) const {
    return count == 0 ? 0.0 : prefix_[(count - 1) * n_ + s];
  }
  std::size_t n_ = 0;
  std::vector<std::size_t> order_;  // actor indices by ascending position (stable)
  std::vector<std::size_t> rank_;   // inverse of order_
  std::vector<double> y_;           // sorted positions
  std::vector<double> prefix_;      // n x n: row t = running sum over voters 0..t
  double total_ = 0;
  mutable std::vector<double> column_;  // scratch for against_all (one thread per state)
};

}  // namespace statecraft::bdm
