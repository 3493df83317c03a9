#include "bif/byte_queue.h"

#include <algorithm>
#include <cstring>

namespace girder {

namespace {

// The off-heap binary behind a bitstring term, or nullptr for a heap binary.
Binary* refc_binary_of(Term bin) {
  Term* obj = boxed_ptr(bin);
  if (header_subtag(*obj) == SUB_SUB_BIN) obj = boxed_ptr(reinterpret_cast<SubBin*>(obj)->orig);
  if (header_subtag(*obj) != SUB_REFC_BIN) return nullptr;
  return reinterpret_cast<ProcBin*>(obj)->val;
}

}  // namespace

void ByteQueue::drop(Uint n) {
  total_ -= n;
  while (n > 0) {
    Slice& s = slices_.front();
    if (s.size > n) {
      s.bytes += n;
      s.size -= n;
      return;
    }
    n -= s.size;
    binary_decref(s.owner);
    slices_.pop_front();
  }
}

void ByteQueue::copy_front(Uint n, uint8_t* dst) const {
  for (size_t i = 0; n > 0; i++) {
    const Slice& s = slices_[i];
    Uint k = std::min(n, s.size);
    std::memcpy(dst, s.bytes, k);
    dst += k;
    n -= k;
  }
}

void enqueue_bitstring(ByteQueue& q, Term bin) {
  BitView v = bit_view(bin);
  Uint n = v.byte_size();
  if (n == 0) return;
  Binary* shared = refc_binary_of(bin);
  if (shared && v.aligned()) {
    binary_incref(shared);
    q.push(shared, v.bytes + (v.bit_offset >> 3), n);
    return;
  }
  Binary* copy = binary_alloc(n);
  copy_bits(v.bytes, v.bit_offset, copy->data, 0, n * 8);
  q.push(copy, copy->data, n);
}

bool scan_iovec(Term list, Uint max, Uint* taken, Term* rest) {
  Uint n = 0;
  Term t = list;
  while (is_list(t) && n < max) {
    Term b = car(t);
    if (!is_bitstring(b)) return false;
    BitView v = bit_view(b);
    if (v.byte_size() > 0 && !v.is_binary()) return false;
    n++;
    t = cdr(t);
  }
  if (!is_nil(t) && !is_list(t)) return false;
  *taken = n;
  *rest = t;
  return true;
}

}  // namespace girder
