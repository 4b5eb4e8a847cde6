// Python's decimal.Decimal under its default context (28 significant digits, round half even),
// for the exchange model's `reference` variant: the reference implementation computes in
// these decimals, and from its second round on its choices between exchanges of equal gain
// rest on their last digit, which binary doubles cannot follow. Exact values on GMP integers:
// every operation rounds its exact result to 28 digits, as Python does.
#pragma once

#include <gmpxx.h>

#include <string>

namespace statecraft::exchange {

class Decimal28 {
 public:
  Decimal28() = default;
  Decimal28(int v) : coef_(v), exp_(0) {}  // NOLINT: integers convert exactly, as in Python

  // Decimal(float): the exact binary value, not rounded.
  static Decimal28 exact(double v);
  // Decimal(repr(float)): the shortest decimal that reads back as v (how a file's "0.9" is
  // meant).
  static Decimal28 shortest(double v);
  static Decimal28 parse(const std::string& text);  // plain decimal notation

  double to_double() const;
  std::string str() const;

  friend Decimal28 operator+(const Decimal28& a, const Decimal28& b);
  friend Decimal28 operator-(const Decimal28& a, const Decimal28& b);
  friend Decimal28 operator*(const Decimal28& a, const Decimal28& b);
  friend Decimal28 operator/(const Decimal28& a, const Decimal28& b);
  Decimal28 operator-() const;
  Decimal28& operator+=(const Decimal28& b) { return *this = *this + b; }
  friend Decimal28 abs(const Decimal28& a);
  friend int compare(const Decimal28& a, const Decimal28& b);  // exact: -1, 0, 1
  friend bool operator<(const Decimal28& a, const Decimal28& b) { return compare(a, b) < 0; }
  friend bool operator>(const Decimal28& a, const Decimal28& b) { return compare(a, b) > 0; }
  friend bool operator<=(const Decimal28& a, const Decimal28& b) { return compare(a, b) <= 0; }
  friend bool operator>=(const Decimal28& a, const Decimal28& b) { return compare(a, b) >= 0; }
  friend bool operator==(const Decimal28& a, const Decimal28& b) { return compare(a, b) == 0; }
  friend bool operator!=(const Decimal28& a, const Decimal28& b) { return compare(a, b) != 0; }

 private:
  Decimal28(mpz_class coef, long exp) : coef_(std::move(coef)), exp_(exp) {}
  // The exact value coef * 10^exp rounded to 28 significant digits; `sticky`: a nonzero
  // remainder below coef was already discarded.
  static Decimal28 rounded(mpz_class coef, long exp, bool sticky = false);

  mpz_class coef_ = 0;  // value = coef * 10^exp
  long exp_ = 0;
};

}  // namespace statecraft::exchange
