#include "report/palette.h"

#include <fmt/format.h>

#include <cmath>

namespace statecraft::report {
namespace {

// Okabe & Ito (2008), "Color Universal Design", reordered: blue and sky blue are 6 apart,
// yellow darkened to read on white.
const char* kBase[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                       "#E69F00", "#000000", "#56B4E9", "#9E8A00"};
const char* kDashes[] = {"", "6,3", "2,3", "8,3,2,3"};

std::string hsl_to_hex(double h, double s, double l) {
  const double c = (1 - std::abs(2 * l - 1)) * s;
  const double hp = std::fmod(h, 360.0) / 60.0;
  const double x = c * (1 - std::abs(std::fmod(hp, 2.0) - 1));
  double r = 0, g = 0, b = 0;
  if (hp < 1)
    r = c, g = x;
  else if (hp < 2)
    r = x, g = c;
  else if (hp < 3)
    g = c, b = x;
  else if (hp < 4)
    g = x, b = c;
  else if (hp < 5)
    r = x, b = c;
  else
    r = c, b = x;
  const double m = l - c / 2;
  auto byte = [&](double v) { return int(std::lround(255 * (v + m))); };
  return fmt::format("#{:02X}{:02X}{:02X}", byte(r), byte(g), byte(b));
}

}  // namespace

ActorStyle nth_style(std::size_t k) {
  if (k < 8) return {kBase[k], ""};
  // Beyond eight: golden-angle hues at two lightnesses, each with its own dash pattern.
  const std::size_t j = k - 8;
  const double hue = std::fmod(20.0 + 137.508 * double(j), 360.0);
  const double lightness = j % 2 == 0 ? 0.38 : 0.52;
  return {hsl_to_hex(hue, 0.75, lightness), kDashes[1 + j % 3]};
}

Palette::Palette(const std::vector<std::string>& actor_ids) {
  for (std::size_t k = 0; k < actor_ids.size(); ++k) styles_.emplace(actor_ids[k], nth_style(k));
}

const ActorStyle& Palette::style(const std::string& actor_id) const {
  const auto it = styles_.find(actor_id);
  return it == styles_.end() ? unknown_ : it->second;
}

}  // namespace statecraft::report
