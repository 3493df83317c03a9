// erlang:iolist_to_iovec/1: an iolist as a list of binaries, where small
// pieces are merged into accumulated binaries and large binaries are passed
// through by reference, with ERTS's thresholds so that the shape of the
// result matches (ERTS may also cut an accumulator where it yields; Girder
// never yields here, so very long runs of integers stay in one binary).
#include <algorithm>
#include <cstring>
#include <vector>

#include "bif/bif.h"
#include "bif/binary_util.h"
#include "bif/iolist.h"

namespace girder {

namespace {

// Binaries below this size are copied into the accumulator.
constexpr Uint SMALL_BIN_LIMIT = 4 * HEAP_BIN_LIMIT;
// An accumulator that has grown to this capacity is emitted, not grown.
constexpr Uint ACC_REALLOC_LIMIT = SMALL_BIN_LIMIT * 32;

class IovecBuilder {
 public:
  explicit IovecBuilder(Heap& h) : heap_(h) {}

  // False if bin has trailing bits.
  bool add_binary(Term bin) {
    BitView v = bit_view(bin);
    if (!v.is_binary()) return false;
    Uint size = v.byte_size();
    if (size == 0) return true;
    bool acc_small = acc_.size() < SMALL_BIN_LIMIT;
    bool bin_small = size < SMALL_BIN_LIMIT;
    if (!bin_small && (acc_.empty() || !acc_small)) {
      // Large enough to stand alone, and nothing small waits to be merged.
      flush();
      out_.push_back(bin);
    } else if (bin_small || acc_.size() + size < 2 * SMALL_BIN_LIMIT) {
      append(v, size);
    } else {
      // Top the accumulator up to the limit and pass the rest by reference.
      Uint spill = SMALL_BIN_LIMIT - acc_.size();
      append(v, spill);
      flush();
      out_.push_back(byte_slice(heap_, bin, spill, size - spill));
    }
    return true;
  }

  // Appends the run of small integers that starts at list cell *t and
  // advances *t past it; ERTS grows its accumulator once per run, which
  // decides where accumulators are cut. False if an integer is not a byte.
  bool add_byte_run(Term* t) {
    Uint n = 0;
    for (Term c = *t; is_list(c) && is_small(car(c)); c = cdr(c)) n++;
    reserve(n);
    Term c = *t;
    for (Uint i = 0; i < n; i++, c = cdr(c)) {
      Uint b = Uint(small_value(car(c)));
      if (b > 255) return false;
      acc_.push_back(uint8_t(b));
    }
    *t = c;
    return true;
  }

  Term finish() {
    flush();
    return make_list_from(heap_, out_.data(), out_.size());
  }

 private:
  void append(const BitView& v, Uint n) {
    reserve(n);
    Uint at = acc_.size();
    acc_.resize(at + n);
    copy_bits(v.bytes, v.bit_offset, acc_.data() + at, 0, n * 8);
  }

  // Models the capacity of ERTS's accumulator: it starts at SMALL_BIN_LIMIT,
  // doubles, and once it reaches ACC_REALLOC_LIMIT a full one is emitted.
  void reserve(Uint extra) {
    Uint need = acc_.size() + extra;
    if (cap_ == 0) {
      cap_ = std::max(need, SMALL_BIN_LIMIT);
    } else if (need > cap_) {
      if (cap_ >= ACC_REALLOC_LIMIT) {
        flush();
        cap_ = std::max(extra, SMALL_BIN_LIMIT);
      } else {
        cap_ = std::max(need, cap_ * 2);
      }
    }
  }

  void flush() {
    if (!acc_.empty()) out_.push_back(new_binary(heap_, acc_.data(), acc_.size()));
    acc_.clear();
    cap_ = 0;
  }

  Heap& heap_;
  std::vector<uint8_t> acc_;
  Uint cap_ = 0;
  std::vector<Term> out_;
};

}  // namespace

Term erlang_iolist_to_iovec_1(Process* p, Term* args) {
  Term t = args[0];
  if (is_nil(t)) return NIL;
  if (is_bitstring(t)) {
    BitView v = bit_view(t);
    if (!v.is_binary()) return bif_badarg(p);
    return v.bit_size ? make_cons(p->heap, t, NIL) : NIL;
  }
  if (!is_list(t)) return bif_badarg(p);

  IovecBuilder b(p->heap);
  iolist_detail::TailStack stack;
  for (;;) {
    while (is_list(t)) {
      Term h = car(t);
      Term tail = cdr(t);
      if (is_small(h)) {
        if (!b.add_byte_run(&t)) return bif_badarg(p);
        continue;
      } else if (is_bitstring(h)) {
        if (!b.add_binary(h)) return bif_badarg(p);
      } else if (is_list(h) || is_nil(h)) {
        if (!is_nil(tail)) stack.push(tail);
        tail = h;
      } else {
        return bif_badarg(p);
      }
      t = tail;
    }
    if (is_bitstring(t)) {
      if (!b.add_binary(t)) return bif_badarg(p);
    } else if (!is_nil(t)) {
      return bif_badarg(p);
    }
    if (stack.empty()) break;
    t = stack.pop();
  }
  return b.finish();
}

}  // namespace girder
