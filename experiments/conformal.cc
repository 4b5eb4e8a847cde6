#include "experiments/conformal.h"

#include <algorithm>
#include <cmath>

#include "core/errors.h"

namespace statecraft {

double conformal_quantile(std::vector<double> r, double level) {
  if (!(level > 0 && level < 1)) throw OptionError("conformal level", "expected a level in (0, 1)");
  const std::size_t n = r.size();
  const auto k = std::size_t(std::ceil(double(n + 1) * level - 1e-12));
  if (n == 0 || k > n) return std::numeric_limits<double>::infinity();
  std::nth_element(r.begin(), r.begin() + long(k - 1), r.end());
  return r[k - 1];
}

std::optional<double> ConformalBand::half_width(double level) const {
  for (const auto& l : levels)
    if (std::abs(l.level - level) < 1e-12) return l.half_width;
  return std::nullopt;
}

ConformalBand calibrate_conformal(const std::vector<double>& r, const std::vector<double>& levels) {
  ConformalBand b;
  b.n = int(r.size());
  for (double level : levels) b.levels.push_back({level, conformal_quantile(r, level)});
  return b;
}

std::pair<double, double> conformal_interval(double point, double half_width_pct, double lo,
                                             double hi) {
  const double h = half_width_pct * (hi - lo) / 100;
  return {std::max(lo, point - h), std::min(hi, point + h)};
}

std::vector<double> conformal_samples(double point, const std::vector<double>& r, double lo,
                                      double hi) {
  std::vector<double> out;
  out.reserve(2 * r.size());
  for (double x : r)
    for (double sign : {-1.0, 1.0})
      out.push_back(std::clamp(point + sign * x * (hi - lo) / 100, lo, hi));
  return out;
}

Json to_json(const ConformalBand& b) {
  Json levels = Json::array();
  for (const auto& l : b.levels) {
    Json e = {{"nominal", l.level}};
    if (std::isfinite(l.half_width))
      e["half_width_pct_of_scale"] = l.half_width;
    else
      e["half_width_pct_of_scale"] = nullptr;  // too few residuals for this level
    levels.push_back(e);
  }
  return {{"calibration_residuals", b.n}, {"levels", levels}};
}

}  // namespace statecraft
