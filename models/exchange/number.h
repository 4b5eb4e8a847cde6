// The two number types the exchange model runs on: double (fast; the default variants) and
// Decimal28 (the `reference` variant, bit-faithful to the reference's decimals).
#pragma once

#include <cmath>
#include <cstdint>

#include "models/exchange/decimal28.h"

namespace statecraft::exchange {

template <typename T>
struct Number;

template <>
struct Number<double> {
  static double input(double v) { return v; }     // a value read from the scenario
  static double constant(double v) { return v; }  // a constant of the algorithm
  static double to_double(double v) { return v; }
  static double magnitude(double v) { return std::abs(v); }
  // Doubles cannot see the decimals' exact ties: an outcome this close to the partner's
  // position counts as reaching it, and a move this far past a bound as on it.
  static constexpr double touch = 1e-9;
  // Gains that agree to 1e-11 are ties (the reference's exact ties come out a few ulps
  // apart); ties keep the current order, as the reference's stable sort does.
  static bool higher_gain(double a, double b) {
    return std::llround(a * 1e11) > std::llround(b * 1e11);
  }
};

template <>
struct Number<Decimal28> {
  static Decimal28 input(double v) { return Decimal28::shortest(v); }
  static Decimal28 constant(double v) { return Decimal28::exact(v); }  // like Decimal(0.4)
  static double to_double(const Decimal28& v) { return v.to_double(); }
  static Decimal28 magnitude(const Decimal28& v) { return abs(v); }
  static constexpr double touch = 0;
  static bool higher_gain(const Decimal28& a, const Decimal28& b) { return a > b; }
};

}  // namespace statecraft::exchange
