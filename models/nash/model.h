#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/registry.h"

namespace statecraft {

// The asymmetric Nash bargaining solution on each issue, with the status quo as the
// disagreement point (docs/models/nash.md).
std::unique_ptr<Model> make_nash_model();

namespace nash {

enum class Utility { Quadratic, Linear };  // U_a(x) = -(x - p_a)^2 or -|x - p_a|

// One bargainer: ideal point, weight (capability x salience, > 0) and the utility it gets
// if there is no agreement, written as a radius: U_a(x) - U_a(d) = r_a^2 - (x - p_a)^2
// (quadratic) or r_a - |x - p_a| (linear), so x is acceptable to a iff |x - p_a| <= r_a.
struct Bargainer {
  double ideal = 0, weight = 0, radius = 0;
};

struct Solution {
  double outcome = 0;
  double feasible_low = 0, feasible_high = 0;  // every bargainer gains at least nothing
  bool gridlock = false;                       // the feasible set is one point
};

// Maximises sum_a w_a log(U_a(x) - U_a(d)) over the feasible interval within [lo, hi].
// `fallback` is returned when the feasible set is a single point (or empty, which only
// rounding can make it).
Solution solve(const std::vector<Bargainer>& bargainers, Utility utility, double lo, double hi,
               double fallback);

}  // namespace nash
}  // namespace statecraft
