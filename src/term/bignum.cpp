// Integer arithmetic and conversions: + - * div rem, negation, comparison,
// integer <-> double. Bitwise operations and shifts are in
// bignum_bitwise.cpp, text conversion in bignum_text.cpp.
//
// Every operation has a fast path for two smalls (their values have at most
// 60 bits, so sums and differences cannot overflow an int64, and products
// fit an __int128). Otherwise both operands are viewed as sign + limbs
// (bn::Operand), the magnitude is computed with mpn_* into scratch memory,
// and bn::make_result copies exactly the needed words to the heap: the heap
// never holds half-used blocks.
#include <cmath>
#include <cstring>

#include "term/bignum.h"
#include "term/bignum_internal.h"

namespace girder {

namespace bn {

Term make_result(Heap& h, const mp_limb_t* d, mp_size_t n, bool neg, bool limited) {
  while (n > 0 && d[n - 1] == 0) n--;
  if (n == 0) return make_small(0);
  if (n == 1) {
    Uint m = d[0];
    if (!neg && m <= Uint(MAX_SMALL)) return make_small(Sint(m));
    if (neg && m <= Uint(MAX_SMALL) + 1) return make_small(-Sint(m));
  }
  if (limited && Uint(n) > MAX_BIG_LIMBS) return THE_NON_VALUE;
  Term* p = h.alloc(Uint(n) + 1);
  p[0] = make_header(Uint(n), neg ? SUB_NEG_BIG : SUB_POS_BIG);
  std::memcpy(p + 1, d, size_t(n) * sizeof(mp_limb_t));
  return make_boxed(p);
}

int cmp_mag(const mp_limb_t* a, mp_size_t an, const mp_limb_t* b, mp_size_t bn) {
  if (an != bn) return an < bn ? -1 : 1;
  if (an == 0) return 0;
  int c = mpn_cmp(a, b, an);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int cmp_signed(const mp_limb_t* a, mp_size_t an, bool aneg, const mp_limb_t* b,
               mp_size_t bn, bool bneg) {
  // zero has no sign: treat it as non-negative
  if (an == 0) aneg = false;
  if (bn == 0) bneg = false;
  if (aneg != bneg) return aneg ? -1 : 1;
  int c = cmp_mag(a, an, b, bn);
  return aneg ? -c : c;
}

}  // namespace bn

namespace {

using bn::LimbBuf;
using bn::Operand;

// (a_neg ? -1 : 1) * |a| + (b_neg ? -1 : 1) * |b|
Term add_signed(Heap& h, const mp_limb_t* ad, mp_size_t an, bool aneg, const mp_limb_t* bd,
                mp_size_t bn, bool bneg) {
  if (an < bn) {
    std::swap(ad, bd);
    std::swap(an, bn);
    std::swap(aneg, bneg);
  }
  if (bn == 0) return bn::make_result(h, ad, an, aneg);
  if (aneg == bneg) {
    LimbBuf r(an + 1);
    r[an] = mpn_add(r.data(), ad, an, bd, bn);
    return bn::make_result(h, r.data(), an + 1, aneg);
  }
  int c = bn::cmp_mag(ad, an, bd, bn);
  if (c == 0) return make_small(0);
  LimbBuf r(an);
  if (c > 0) {
    mpn_sub(r.data(), ad, an, bd, bn);
    return bn::make_result(h, r.data(), an, aneg);
  }
  // |a| < |b| with an >= bn: the sizes are equal
  mpn_sub_n(r.data(), bd, ad, an);
  return bn::make_result(h, r.data(), an, bneg);
}

// Builds the integer with magnitude m (an unsigned 128-bit value) and sign.
Term make_from_u128(Heap& h, unsigned __int128 m, bool neg) {
  mp_limb_t limbs[2] = {mp_limb_t(m), mp_limb_t(m >> 64)};
  return bn::make_result(h, limbs, 2, neg);
}

constexpr double TWO_POW_63 = 9223372036854775808.0;
constexpr double TWO_POW_53 = 9007199254740992.0;

// Magnitude of an integral double |t| >= 2^63 as limbs (at most 17).
mp_size_t integral_double_limbs(double t, mp_limb_t out[17]) {
  int exp;
  double m = std::frexp(std::fabs(t), &exp);  // |t| = m * 2^exp, 0.5 <= m < 1
  Uint mant = Uint(std::ldexp(m, 53));        // exact 53-bit integer
  int shift = exp - 53;                       // >= 10 here
  mp_size_t n = (exp + 63) / 64;
  for (mp_size_t i = 0; i < n; i++) out[i] = 0;
  int limb = shift / 64, bit = shift % 64;
  out[limb] = mant << bit;
  if (bit != 0 && limb + 1 < n) out[limb + 1] = mant >> (64 - bit);
  return n;
}

}  // namespace

Term int_add(Heap& h, Term a, Term b) {
  if (is_small(a) && is_small(b)) return make_integer(h, small_value(a) + small_value(b));
  if (b == make_small(0)) return a;
  if (a == make_small(0)) return b;
  Operand x(a), y(b);
  return add_signed(h, x.d, x.n, x.neg, y.d, y.n, y.neg);
}

Term int_sub(Heap& h, Term a, Term b) {
  if (is_small(a) && is_small(b)) return make_integer(h, small_value(a) - small_value(b));
  if (b == make_small(0)) return a;
  Operand x(a), y(b);
  return add_signed(h, x.d, x.n, x.neg, y.d, y.n, !y.neg);
}

Term int_mul(Heap& h, Term a, Term b) {
  if (is_small(a) && is_small(b)) {
    __int128 r = __int128(small_value(a)) * small_value(b);
    if (r >= MIN_SMALL && r <= MAX_SMALL) return make_small(Sint(r));
    bool neg = r < 0;
    return make_from_u128(h, neg ? -static_cast<unsigned __int128>(r) : r, neg);
  }
  Operand x(a), y(b);
  if (x.n == 0 || y.n == 0) return make_small(0);
  // the product has x.n + y.n - 1 or x.n + y.n limbs: refuse before working
  // when even the smaller size is over the limit
  if (Uint(x.n + y.n - 1) > MAX_BIG_LIMBS) return THE_NON_VALUE;
  mp_size_t rn = x.n + y.n;
  LimbBuf r(rn);
  if (x.d == y.d && x.n == y.n) {
    mpn_sqr(r.data(), x.d, x.n);
  } else if (x.n >= y.n) {
    mpn_mul(r.data(), x.d, x.n, y.d, y.n);
  } else {
    mpn_mul(r.data(), y.d, y.n, x.d, x.n);
  }
  return bn::make_result(h, r.data(), rn, x.neg != y.neg);
}

namespace {

// Truncating division of two integers (divisor non-zero); builds the
// quotient or the remainder.
Term divide(Heap& h, Term a, Term b, bool want_quotient) {
  Operand x(a), y(b);
  if (bn::cmp_mag(x.d, x.n, y.d, y.n) < 0) return want_quotient ? make_small(0) : a;
  mp_size_t qn = x.n - y.n + 1;
  LimbBuf q(qn), r(y.n);
  mpn_tdiv_qr(q.data(), r.data(), 0, x.d, x.n, y.d, y.n);
  if (want_quotient) return bn::make_result(h, q.data(), qn, x.neg != y.neg);
  return bn::make_result(h, r.data(), y.n, x.neg);
}

}  // namespace

Term int_div(Heap& h, Term a, Term b) {
  if (is_small(a) && is_small(b)) return make_integer(h, small_value(a) / small_value(b));
  return divide(h, a, b, true);
}

Term int_rem(Heap& h, Term a, Term b) {
  if (is_small(a) && is_small(b)) return make_small(small_value(a) % small_value(b));
  return divide(h, a, b, false);
}

Term int_neg(Heap& h, Term a) {
  if (is_small(a)) return make_integer(h, -small_value(a));
  Operand x(a);
  return bn::make_result(h, x.d, x.n, !x.neg);
}

int int_compare(Term a, Term b) {
  if (is_small(a) && is_small(b)) {
    Sint x = small_value(a), y = small_value(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  Operand x(a), y(b);
  return bn::cmp_signed(x.d, x.n, x.neg, y.d, y.n, y.neg);
}

int int_sign(Term a) {
  if (is_small(a)) {
    Sint v = small_value(a);
    return v < 0 ? -1 : (v > 0 ? 1 : 0);
  }
  return big_is_neg(a) ? -1 : 1;
}

bool int_is_zero(Term a) { return a == make_small(0); }

bool int_to_double(Term a, double* out) {
  if (is_small(a)) {
    *out = double(small_value(a));
    return true;
  }
  // ERTS accumulates from the most significant limb, d = d * 2^64 + limb,
  // rounding at every step; it is not always the correctly rounded value
  // (float(2^128 + 2^75 + 1) is 2^128 there), and float/1, mixed
  // arithmetic and comparisons of the result are observable, so do the same.
  const Uint* d = big_limbs(a);
  Uint n = big_size(a);
  double r = 0.0;
  for (Uint i = n; i-- > 0;) {
    double scaled = r * 18446744073709551616.0;
    r = scaled + double(d[i]);
    if (!std::isfinite(r)) return false;
  }
  *out = big_is_neg(a) ? -r : r;
  return true;
}

Term double_to_int(Heap& h, double d) {
  if (!std::isfinite(d)) return THE_NON_VALUE;
  double t = std::trunc(d);
  if (std::fabs(t) < TWO_POW_63) return make_integer(h, Sint(t));
  mp_limb_t limbs[17];
  mp_size_t n = integral_double_limbs(t, limbs);
  return bn::make_result(h, limbs, n, t < 0);
}

int int_compare_double(Term a, double d) {
  if (std::isnan(d)) return 0;
  if (std::isinf(d)) return d > 0 ? -1 : 1;
  if (is_small(a)) {
    Sint v = small_value(a);
    // integers of up to 53 bits convert exactly
    if (v >= -Sint(TWO_POW_53) && v <= Sint(TWO_POW_53)) {
      double x = double(v);
      return x < d ? -1 : (x > d ? 1 : 0);
    }
  }
  // compare with the integral part exactly, then let the fraction decide
  double t = std::trunc(d);
  int c;
  Operand x(a);
  if (std::fabs(t) < TWO_POW_63) {
    Sint ti = Sint(t);
    mp_limb_t mag = ti < 0 ? Uint(0) - Uint(ti) : Uint(ti);
    c = bn::cmp_signed(x.d, x.n, x.neg, &mag, ti == 0 ? 0 : 1, ti < 0);
  } else {
    mp_limb_t limbs[17];
    mp_size_t n = integral_double_limbs(t, limbs);
    c = bn::cmp_signed(x.d, x.n, x.neg, limbs, n, t < 0);
  }
  if (c != 0) return c;
  return d > t ? -1 : (d < t ? 1 : 0);
}

bool int_to_sint(Term a, Sint* out) {
  if (is_small(a)) {
    *out = small_value(a);
    return true;
  }
  if (big_size(a) != 1) return false;
  Uint m = big_limbs(a)[0];
  if (big_is_neg(a)) {
    if (m > Uint(1) << 63) return false;
    *out = Sint(Uint(0) - m);
  } else {
    if (m > Uint(INT64_MAX)) return false;
    *out = Sint(m);
  }
  return true;
}

bool int_to_uint(Term a, Uint* out) {
  if (is_small(a)) {
    if (small_value(a) < 0) return false;
    *out = Uint(small_value(a));
    return true;
  }
  if (big_is_neg(a) || big_size(a) != 1) return false;
  *out = big_limbs(a)[0];
  return true;
}

Term int_from_limbs(Heap& h, const Uint* limbs, Uint n, bool negative) {
  return bn::make_result(h, limbs, mp_size_t(n), negative, false);
}

}  // namespace girder
