// Iolists: walking, sizing and flattening without recursion.
//
// An iolist is a binary, or a possibly improper list whose elements are
// integers 0..255, binaries and iolists, and whose tail is [] or a binary.
// A "bitlist" (list_to_bitstring/1) is the same with bitstrings allowed
// wherever binaries are.
//
// Every walk here keeps pending list tails on an explicit stack, so nesting
// depth costs heap memory, not C stack, and every walk is linear in the
// number of cells plus the bytes copied.
#pragma once

#include <string>
#include <vector>

#include "term/binary.h"

namespace girder {

// Byte size of an iolist. False if t is not an iolist.
bool iolist_size(Term t, Uint* size);
// Copies the bytes of t, which iolist_size accepted, to dst.
void iolist_copy(Term t, uint8_t* dst);
// Builds a binary from an iolist; THE_NON_VALUE if t is not an iolist.
// A binary argument is returned as it is (iolist_to_binary/1 does this).
Term iolist_to_binary_term(Heap& h, Term t);
// Appends the bytes of an iolist to out; false (out partly filled) if t is
// not an iolist. For callers outside the BIFs (e.g. io output).
bool iolist_append_to(Term t, std::string* out);

// Bit size of a bitlist. False if t is not one.
bool bitlist_size(Term t, Uint* bits);
// Copies the bits of t, which bitlist_size accepted, to dst (bit 0 first).
void bitlist_copy(Term t, uint8_t* dst);

// Streams the data of an iolist in order as chunks (bytes, bit_offset,
// bit_size); runs of integers arrive as byte-aligned chunks. Calls
// chunk(const uint8_t*, Uint bit_offset, Uint bit_size) and returns false
// at the first element that makes t not an iolist (bitlist if allow_bits),
// after having streamed what came before it.
template <class Chunk>
bool iolist_stream(Term t, bool allow_bits, Chunk&& chunk);

// ---- implementation of the template ----------------------------------------

namespace iolist_detail {
// A stack of pending list tails with inline room for shallow nesting.
class TailStack {
 public:
  void push(Term t) {
    if (n_ < INLINE) {
      inline_[n_++] = t;
    } else {
      spill_.push_back(t);
      n_++;
    }
  }
  bool empty() const { return n_ == 0; }
  Term pop() {
    n_--;
    if (n_ < INLINE) return inline_[n_];
    Term t = spill_.back();
    spill_.pop_back();
    return t;
  }

 private:
  static constexpr Uint INLINE = 32;
  Term inline_[INLINE];
  Uint n_ = 0;
  std::vector<Term> spill_;
};

inline bool is_byte_term(Term t) {
  return is_small(t) && Uint(small_value(t)) <= 255;
}
}  // namespace iolist_detail

template <class Chunk>
bool iolist_stream(Term t, bool allow_bits, Chunk&& chunk) {
  using namespace iolist_detail;
  // Integers are gathered here so that the sink sees few, larger chunks.
  uint8_t buf[512];
  Uint nbuf = 0;
  auto flush = [&] {
    if (nbuf) chunk(static_cast<const uint8_t*>(buf), Uint(0), nbuf * 8);
    nbuf = 0;
  };
  auto bits = [&](Term b) -> bool {
    BitView v = bit_view(b);
    if (!allow_bits && !v.is_binary()) return false;
    if (v.bit_size == 0) return true;
    flush();
    chunk(v.bytes, v.bit_offset, v.bit_size);
    return true;
  };
  TailStack stack;
  for (;;) {
    while (is_list(t)) {
      Term h = car(t);
      t = cdr(t);
      if (is_byte_term(h)) {
        if (nbuf == sizeof buf) flush();
        buf[nbuf++] = uint8_t(small_value(h));
      } else if (is_list(h)) {
        if (!is_nil(t)) stack.push(t);
        t = h;
      } else if (is_bitstring(h)) {
        if (!bits(h)) return false;
      } else if (!is_nil(h)) {
        return false;
      }
    }
    if (is_bitstring(t)) {
      if (!bits(t)) return false;
    } else if (!is_nil(t)) {
      return false;
    }
    if (stack.empty()) break;
    t = stack.pop();
  }
  flush();
  return true;
}

}  // namespace girder
