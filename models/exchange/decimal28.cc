#include "models/exchange/decimal28.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace statecraft::exchange {
namespace {

constexpr int kDigits = 28;

mpz_class pow10(unsigned long n) {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, n);
  return p;
}

std::size_t digits(const mpz_class& v) {
  if (v == 0) return 1;
  std::size_t n = mpz_sizeinbase(v.get_mpz_t(), 10);  // exact or one too many
  if (abs(v) < pow10(n - 1)) --n;
  return n;
}

}  // namespace

Decimal28 Decimal28::rounded(mpz_class coef, long exp, bool sticky) {
  const bool negative = coef < 0;
  mpz_class mag = abs(coef);
  const std::size_t n = digits(mag);
  if (n > std::size_t(kDigits)) {
    const unsigned long drop = n - kDigits;
    const mpz_class unit = pow10(drop);
    mpz_class q, r;
    mpz_fdiv_qr(q.get_mpz_t(), r.get_mpz_t(), mag.get_mpz_t(), unit.get_mpz_t());
    const mpz_class twice = 2 * r;
    const int half = cmp(twice, unit);  // the dropped part against one half
    if (half > 0 || (half == 0 && sticky) || (half == 0 && !sticky && q % 2 != 0)) q += 1;
    exp += long(drop);
    if (q == pow10(kDigits)) {  // 9.99...9 rounded up
      q /= 10;
      exp += 1;
    }
    mag = q;
  } else if (sticky) {
    // Cannot happen with the callers below (they keep enough digits to round).
    throw std::logic_error("Decimal28: sticky bit without digits to round");
  }
  return Decimal28(negative ? mpz_class(-mag) : mag, exp);
}

Decimal28 Decimal28::exact(double v) {
  if (!std::isfinite(v)) throw std::domain_error("Decimal28: not a finite number");
  int e2 = 0;
  const double m = std::frexp(v, &e2);  // v = m * 2^e2, 0.5 <= |m| < 1
  const auto mant = static_cast<long long>(std::ldexp(m, 53));
  long e = e2 - 53;
  mpz_class coef(static_cast<long>(mant));
  if (e >= 0) {
    coef <<= static_cast<mp_bitcnt_t>(e);
    return Decimal28(coef, 0);
  }
  // m * 2^-k = m * 5^k * 10^-k
  mpz_class five;
  mpz_ui_pow_ui(five.get_mpz_t(), 5, static_cast<unsigned long>(-e));
  return Decimal28(coef * five, e);
}

Decimal28 Decimal28::parse(const std::string& text) {
  std::string digits_only;
  long exp = 0;
  bool seen_point = false;
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits_only += c;
      if (seen_point) --exp;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (c == 'e' || c == 'E') {
      exp += std::strtol(text.c_str() + i + 1, nullptr, 10);
      break;
    } else {
      throw std::invalid_argument("Decimal28: not a number: " + text);
    }
  }
  if (digits_only.empty()) throw std::invalid_argument("Decimal28: not a number: " + text);
  mpz_class coef(digits_only, 10);
  return Decimal28(negative ? mpz_class(-coef) : coef, exp);
}

Decimal28 Decimal28::shortest(double v) { return parse(fmt::format("{}", v)); }

std::string Decimal28::str() const { return coef_.get_str() + "e" + std::to_string(exp_); }

double Decimal28::to_double() const { return std::strtod(str().c_str(), nullptr); }

Decimal28 operator+(const Decimal28& a, const Decimal28& b) {
  const long e = std::min(a.exp_, b.exp_);
  const mpz_class sum = a.coef_ * pow10(static_cast<unsigned long>(a.exp_ - e)) +
                        b.coef_ * pow10(static_cast<unsigned long>(b.exp_ - e));
  return Decimal28::rounded(sum, e);
}

Decimal28 Decimal28::operator-() const { return Decimal28(-coef_, exp_); }

Decimal28 operator-(const Decimal28& a, const Decimal28& b) { return a + (-b); }

Decimal28 operator*(const Decimal28& a, const Decimal28& b) {
  return Decimal28::rounded(a.coef_ * b.coef_, a.exp_ + b.exp_);
}

Decimal28 operator/(const Decimal28& a, const Decimal28& b) {
  if (b.coef_ == 0) throw std::domain_error("Decimal28: division by zero");
  if (a.coef_ == 0) return Decimal28(0, 0);
  // Scale the dividend so the quotient has more than 28 digits, then round once with the
  // remainder as sticky bit: the correctly rounded quotient.
  const long shift = long(kDigits) + 2 + long(digits(b.coef_)) - long(digits(a.coef_));
  const unsigned long k = static_cast<unsigned long>(std::max(shift, 0L));
  const mpz_class n = abs(a.coef_) * pow10(k);
  const mpz_class d = abs(b.coef_);
  mpz_class q, r;
  mpz_fdiv_qr(q.get_mpz_t(), r.get_mpz_t(), n.get_mpz_t(), d.get_mpz_t());
  const bool negative = (a.coef_ < 0) != (b.coef_ < 0);
  const long exp = a.exp_ - b.exp_ - long(k);
  if (r == 0 && digits(q) <= std::size_t(kDigits))
    return Decimal28(negative ? mpz_class(-q) : q, exp);
  return Decimal28::rounded(negative ? mpz_class(-q) : q, exp, r != 0);
}

Decimal28 abs(const Decimal28& a) { return Decimal28(abs(a.coef_), a.exp_); }

int compare(const Decimal28& a, const Decimal28& b) {
  const long e = std::min(a.exp_, b.exp_);
  const mpz_class x = a.coef_ * pow10(static_cast<unsigned long>(a.exp_ - e));
  const mpz_class y = b.coef_ * pow10(static_cast<unsigned long>(b.exp_ - e));
  return cmp(x, y) < 0 ? -1 : (cmp(x, y) > 0 ? 1 : 0);
}

}  // namespace statecraft::exchange
