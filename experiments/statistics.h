// Summary statistics for experiment outputs.
#pragma once

#include <vector>

namespace statecraft {

struct Summary {
  double mean = 0, sd = 0, p05 = 0, median = 0, p95 = 0, min = 0, max = 0;
};

// Quantiles interpolate linearly between order statistics (R type 7).
Summary summarize(std::vector<double> values);
double quantile_sorted(const std::vector<double>& sorted, double q);

// Spearman's rank correlation (average ranks for ties); 0 when either side is constant.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace statecraft
