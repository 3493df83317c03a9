// Small helpers shared by the binary, unicode and checksum BIFs.
#pragma once

#include <vector>

#include "term/binary.h"

namespace girder {

struct Process;

// erlang:binary_part/3 and binary:part/3 (bif/erlang_binaries.cpp).
Term binary_part_impl(Process* p, Term bin, Term pos, Term len);

// The whole bytes of a bitstring as one contiguous array: points into the
// binary when it is byte-aligned, else holds an aligned copy.
class ByteSpan {
 public:
  explicit ByteSpan(Term bitstring) : ByteSpan(bit_view(bitstring)) {}
  explicit ByteSpan(const BitView& v) : n_(v.bit_size >> 3) {
    if (v.aligned()) {
      p_ = v.bytes + (v.bit_offset >> 3);
    } else {
      copy_.resize(n_ + 1);
      copy_bits(v.bytes, v.bit_offset, copy_.data(), 0, n_ * 8);
      p_ = copy_.data();
    }
  }
  const uint8_t* data() const { return p_; }
  Uint size() const { return n_; }
  uint8_t operator[](Uint i) const { return p_[i]; }

 private:
  const uint8_t* p_ = nullptr;
  Uint n_;
  std::vector<uint8_t> copy_;
};

// ERTS's term_to_Uint: a non-negative integer that fits in 64 bits.
inline bool term_to_uint(Term t, Uint* out) {
  if (is_small(t)) {
    if (small_value(t) < 0) return false;
    *out = Uint(small_value(t));
    return true;
  }
  if (is_big(t) && !big_is_neg(t) && big_size(t) == 1) {
    *out = big_limbs(t)[0];
    return true;
  }
  return false;
}

// ERTS's term_to_Sint: an integer that fits in a signed 64-bit word.
inline bool term_to_sint(Term t, Sint* out) {
  if (is_small(t)) {
    *out = small_value(t);
    return true;
  }
  if (is_big(t) && big_size(t) == 1) {
    Uint m = big_limbs(t)[0];
    if (!big_is_neg(t)) {
      if (m > Uint(INT64_MAX)) return false;
      *out = Sint(m);
    } else {
      if (m > Uint(INT64_MAX) + 1) return false;
      *out = Sint(Uint(0) - m);
    }
    return true;
  }
  return false;
}

// A bitstring of whole bytes (what is_binary/1 accepts).
inline bool is_byte_binary(Term t) { return is_bitstring(t) && bit_view(t).is_binary(); }

// Slice [pos, pos+len) bytes of a bitstring as a sub-binary sharing its data.
inline Term byte_slice(Heap& h, Term bin, Uint pos, Uint len) {
  return make_sub_bitstring(h, bin, pos * 8, len * 8);
}

}  // namespace girder
