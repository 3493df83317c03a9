// Bitwise operations, shifts and the byte/bit views of integers.
//
// Erlang's band/bor/bxor/bnot act on the two's complement of integers of
// unbounded width. For bignums we write both operands in two's complement
// over enough limbs to hold the sign (max size + 1), combine limb by limb,
// and read the result back as sign + magnitude (mpn_neg is the two's
// complement negation of a limb vector).
#include <cstring>

#include "term/bignum.h"
#include "term/bignum_internal.h"

namespace girder {

namespace {

using bn::LimbBuf;
using bn::Operand;

// Writes x in two's complement over n limbs (n > x.n).
void to_twos(const Operand& x, mp_limb_t* out, mp_size_t n) {
  if (x.n > 0) std::memcpy(out, x.d, size_t(x.n) * sizeof(mp_limb_t));
  for (mp_size_t i = x.n; i < n; i++) out[i] = 0;
  if (x.neg) mpn_neg(out, out, n);
}

// Reads an n-limb two's complement value (clobbers it).
Term from_twos(Heap& h, mp_limb_t* v, mp_size_t n) {
  bool neg = (v[n - 1] >> 63) != 0;
  if (neg) mpn_neg(v, v, n);
  return bn::make_result(h, v, n, neg);
}

enum class BitOp { AND, OR, XOR };

Term bitwise(Heap& h, Term a, Term b, BitOp op) {
  Operand x(a), y(b);
  mp_size_t n = std::max(x.n, y.n) + 1;
  LimbBuf u(n), v(n);
  to_twos(x, u.data(), n);
  to_twos(y, v.data(), n);
  switch (op) {
    case BitOp::AND: mpn_and_n(u.data(), u.data(), v.data(), n); break;
    case BitOp::OR: mpn_ior_n(u.data(), u.data(), v.data(), n); break;
    case BitOp::XOR: mpn_xor_n(u.data(), u.data(), v.data(), n); break;
  }
  return from_twos(h, u.data(), n);
}

}  // namespace

Term int_band(Heap& h, Term a, Term b) {
  if (is_small(a) && is_small(b)) return make_small(small_value(a) & small_value(b));
  return bitwise(h, a, b, BitOp::AND);
}

Term int_bor(Heap& h, Term a, Term b) {
  if (is_small(a) && is_small(b)) return make_small(small_value(a) | small_value(b));
  return bitwise(h, a, b, BitOp::OR);
}

Term int_bxor(Heap& h, Term a, Term b) {
  if (is_small(a) && is_small(b)) return make_small(small_value(a) ^ small_value(b));
  return bitwise(h, a, b, BitOp::XOR);
}

Term int_bnot(Heap& h, Term a) {
  // ~v = -v - 1 stays within the small range
  if (is_small(a)) return make_small(~small_value(a));
  Operand x(a);
  LimbBuf r(x.n + 1);
  if (x.neg) {
    // bnot -m = m - 1
    mpn_sub_1(r.data(), x.d, x.n, 1);
    return bn::make_result(h, r.data(), x.n, false);
  }
  // bnot m = -(m + 1)
  r[x.n] = mpn_add_1(r.data(), x.d, x.n, 1);
  return bn::make_result(h, r.data(), x.n + 1, true);
}

Term int_shift(Heap& h, Term a, Sint n) {
  if (n == 0 || a == make_small(0)) return a;
  if (is_small(a)) {
    Sint v = small_value(a);
    if (n < 0) return make_small(n <= -63 ? (v < 0 ? -1 : 0) : (v >> -n));
    if (n < 64) {
      __int128 r = __int128(v) << n;
      if (r >= MIN_SMALL && r <= MAX_SMALL) return make_small(Sint(r));
    }
  }
  Operand x(a);
  if (n > 0) {
    Uint limb_shift = Uint(n) / 64;
    int bit_shift = int(Uint(n) % 64);
    // the result has at least x.n + limb_shift limbs
    if (limb_shift + Uint(x.n) > MAX_BIG_LIMBS) return THE_NON_VALUE;
    mp_size_t rn = x.n + mp_size_t(limb_shift) + 1;
    LimbBuf r(rn);
    for (Uint i = 0; i < limb_shift; i++) r[mp_size_t(i)] = 0;
    mp_limb_t* dst = r.data() + limb_shift;
    if (bit_shift != 0) {
      dst[x.n] = mpn_lshift(dst, x.d, x.n, unsigned(bit_shift));
    } else {
      std::memcpy(dst, x.d, size_t(x.n) * sizeof(mp_limb_t));
      dst[x.n] = 0;
    }
    return bn::make_result(h, r.data(), rn, x.neg);
  }
  // Arithmetic right shift = floor division by 2^k: for a negative value
  // the magnitude rounds up when any shifted-out bit was set.
  Uint k = Uint(0) - Uint(n);
  Uint limb_shift = k / 64;
  int bit_shift = int(k % 64);
  if (limb_shift >= Uint(x.n)) return make_small(x.neg ? -1 : 0);
  mp_size_t rn = x.n - mp_size_t(limb_shift);
  LimbBuf r(rn + 1);
  bool lost = false;
  for (Uint i = 0; i < limb_shift && !lost; i++) lost = x.d[i] != 0;
  if (bit_shift != 0) {
    lost |= mpn_rshift(r.data(), x.d + limb_shift, rn, unsigned(bit_shift)) != 0;
  } else {
    std::memcpy(r.data(), x.d + limb_shift, size_t(rn) * sizeof(mp_limb_t));
  }
  r[rn] = 0;
  if (x.neg && lost) r[rn] = mpn_add_1(r.data(), r.data(), rn, 1);
  return bn::make_result(h, r.data(), rn + 1, x.neg);
}

Uint int_bit_length(Term a) {
  if (is_small(a)) {
    Sint v = small_value(a);
    return Uint(bn::bit_length_limb(Uint(v < 0 ? ~v : v)));
  }
  Operand x(a);
  Uint bits = Uint(x.n - 1) * 64 + Uint(bn::bit_length_limb(x.d[x.n - 1]));
  if (!x.neg) return bits;
  // for -m the answer is the length of m - 1: one less when m is a power of 2
  bool power_of_two = (x.d[x.n - 1] & (x.d[x.n - 1] - 1)) == 0;
  for (mp_size_t i = 0; power_of_two && i < x.n - 1; i++) power_of_two = x.d[i] == 0;
  return power_of_two ? bits - 1 : bits;
}

void int_to_bytes(Term a, uint8_t* dst, Uint bits, bool little) {
  Uint nbytes = (bits + 7) / 8;
  if (nbytes == 0) return;
  mp_size_t nlimbs = mp_size_t((nbytes + 7) / 8);
  Operand x(a);
  LimbBuf v(nlimbs);
  // two's complement modulo 2^(64 * nlimbs): only the low limbs of the
  // magnitude matter
  mp_size_t used = std::min(x.n, nlimbs);
  if (used > 0) std::memcpy(v.data(), x.d, size_t(used) * sizeof(mp_limb_t));
  for (mp_size_t i = used; i < nlimbs; i++) v[i] = 0;
  if (x.neg) mpn_neg(v.data(), v.data(), nlimbs);
  for (Uint i = 0; i < nbytes; i++) {
    uint8_t byte = uint8_t(v[mp_size_t(i / 8)] >> (8 * (i % 8)));
    if (i == nbytes - 1 && (bits & 7) != 0) byte &= uint8_t((1u << (bits & 7)) - 1);
    dst[little ? i : nbytes - 1 - i] = byte;
  }
}

Term int_from_bytes(Heap& h, const uint8_t* src, Uint bits, bool little, bool is_signed) {
  Uint nbytes = (bits + 7) / 8;
  if (nbytes == 0) return make_small(0);
  mp_size_t nlimbs = mp_size_t((nbytes + 7) / 8);
  LimbBuf v(nlimbs);
  for (mp_size_t i = 0; i < nlimbs; i++) v[i] = 0;
  for (Uint i = 0; i < nbytes; i++) {
    uint8_t byte = src[little ? i : nbytes - 1 - i];
    if (i == nbytes - 1 && (bits & 7) != 0) byte &= uint8_t((1u << (bits & 7)) - 1);
    v[mp_size_t(i / 8)] |= mp_limb_t(byte) << (8 * (i % 8));
  }
  bool neg = is_signed && ((v[mp_size_t((bits - 1) / 64)] >> ((bits - 1) % 64)) & 1) != 0;
  if (neg) {
    // sign-extend to the whole vector, then negate to get the magnitude
    Uint top = (bits - 1) / 64;
    unsigned used = unsigned((bits - 1) % 64) + 1;
    if (used < 64) v[mp_size_t(top)] |= ~mp_limb_t(0) << used;
    for (mp_size_t i = mp_size_t(top) + 1; i < nlimbs; i++) v[i] = ~mp_limb_t(0);
    mpn_neg(v.data(), v.data(), nlimbs);
  }
  return bn::make_result(h, v.data(), nlimbs, neg, false);
}

}  // namespace girder
