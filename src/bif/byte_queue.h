// A queue of bytes kept as slices of off-heap binaries, the way ERTS's
// enif_ioq keeps them: zlib's input (bif/zlib_nifs.cpp) and prim_buffer's
// contents (bif/prim_buffer_nifs.cpp). Each slice holds a reference to its
// binary, so the process that queued it may drop or collect its own copy.
// Appending to a binary never rewrites bytes it already has, so a shared
// slice stays as it was queued.
#pragma once

#include <deque>

#include "term/binary.h"

namespace girder {

class ByteQueue {
 public:
  struct Slice {
    Binary* owner;
    const uint8_t* bytes;
    Uint size;
  };

  ByteQueue() = default;
  ByteQueue(const ByteQueue&) = delete;
  ByteQueue& operator=(const ByteQueue&) = delete;
  ~ByteQueue() { clear(); }

  // Appends n > 0 bytes at `bytes` inside `owner`, taking over one reference.
  void push(Binary* owner, const uint8_t* bytes, Uint n) {
    slices_.push_back({owner, bytes, n});
    total_ += n;
  }
  Uint size() const { return total_; }
  size_t slice_count() const { return slices_.size(); }
  const Slice& slice(size_t i) const { return slices_[i]; }
  // Removes the first n bytes (n <= size()).
  void drop(Uint n);
  void clear() { drop(total_); }
  // Copies the first n bytes (n <= size()) to dst.
  void copy_front(Uint n, uint8_t* dst) const;

 private:
  std::deque<Slice> slices_;
  Uint total_ = 0;
};

// Queues the whole bytes of a bitstring (its trailing bits are ignored): an
// aligned slice of an off-heap binary is shared, anything else (heap
// binaries, unaligned slices) copied; nothing for an empty one.
void enqueue_bitstring(ByteQueue& q, Term bin);

// Checks an iovec argument as ERTS's enif_inspect_iovec does: its first
// `max` elements must be binaries (an element without whole bytes may have
// any number of bits: <<1:3>> is accepted and queues nothing) and what
// follows them a list. *taken receives how many elements to queue, *rest
// the list after them.
bool scan_iovec(Term list, Uint max, Uint* taken, Term* rest);

}  // namespace girder
