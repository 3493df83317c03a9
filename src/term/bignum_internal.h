// Private helpers of the bignum_*.cpp files: a uniform view of an integer
// operand (small or bignum) as sign + GMP limbs, a scratch limb buffer, and
// the one function that turns computed limbs into a normalised term.
#pragma once

#include <gmp.h>

#include <memory>

#include "term/bignum.h"

namespace girder::bn {

static_assert(sizeof(mp_limb_t) == sizeof(Uint) && GMP_NUMB_BITS == 64,
              "bignum limbs are full 64-bit words");

// An integer as magnitude limbs + sign. A small's magnitude lives in the
// object itself, so an Operand is neither copied nor moved.
class Operand {
 public:
  explicit Operand(Term t) {
    if (is_small(t)) {
      Sint v = small_value(t);
      neg = v < 0;
      small_ = neg ? Uint(0) - Uint(v) : Uint(v);
      d = &small_;
      n = v == 0 ? 0 : 1;
    } else {
      neg = big_is_neg(t);
      d = big_limbs(t);
      n = mp_size_t(big_size(t));
    }
  }
  Operand(const Operand&) = delete;
  Operand& operator=(const Operand&) = delete;

  const mp_limb_t* d;
  mp_size_t n;  // 0 for zero; d[n-1] != 0 otherwise
  bool neg;

 private:
  mp_limb_t small_;
};

// Scratch limbs: inline for small sizes, malloc'd above. Uninitialised.
class LimbBuf {
 public:
  explicit LimbBuf(mp_size_t n) {
    if (n > mp_size_t(INLINE)) {
      heap_.reset(new mp_limb_t[n]);
      p_ = heap_.get();
    } else {
      p_ = inline_;
    }
  }
  LimbBuf(const LimbBuf&) = delete;
  LimbBuf& operator=(const LimbBuf&) = delete;
  mp_limb_t* data() { return p_; }
  mp_limb_t& operator[](mp_size_t i) { return p_[i]; }

 private:
  static constexpr size_t INLINE = 16;
  mp_limb_t inline_[INLINE];
  std::unique_ptr<mp_limb_t[]> heap_;
  mp_limb_t* p_;
};

// Strips high zero limbs and builds the term: a small when it fits, else a
// bignum on h. With `limited`, a result above MAX_BIG_LIMBS gives
// THE_NON_VALUE (system_limit).
Term make_result(Heap& h, const mp_limb_t* d, mp_size_t n, bool neg, bool limited = true);

// Magnitude comparison of two normalised limb vectors.
int cmp_mag(const mp_limb_t* a, mp_size_t an, const mp_limb_t* b, mp_size_t bn);

// Sign-aware comparison of two normalised (sign, limbs) values.
int cmp_signed(const mp_limb_t* a, mp_size_t an, bool aneg, const mp_limb_t* b,
               mp_size_t bn, bool bneg);

inline int bit_length_limb(mp_limb_t x) { return x == 0 ? 0 : 64 - __builtin_clzll(x); }

}  // namespace girder::bn
