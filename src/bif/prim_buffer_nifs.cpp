// prim_buffer: the natives of OTP 25's prim_buffer.erl, a mutable byte
// buffer that prim_file's read-ahead and read_line keep their data in
// (new/0, size/1, peek_head/1, copying_read/2, write/2, skip/2,
// find_byte_index/2, try_lock/1, unlock/1). prim_buffer.erl itself is
// loaded unmodified; these rows replace its NIF stubs.
//
// A buffer is a NIF resource (term/resource.h) holding a queue of slices
// of off-heap binaries (bif/byte_queue.h) and, as ERTS's, an accumulator
// that combines small writes: a write whose bytes still fit in it with
// what it holds (under 2 KB together) is copied there; otherwise a write
// under 1 KB starts a new accumulator after queueing the old one, and a
// larger write queues its binaries as they are. Every read first queues
// the accumulator. How the contents are split into slices is observable:
// read_iovec/2 (prim_buffer.erl) builds its answer from peek_head/1, and
// Girder gives the same slices as ERTS.
//
// Like ERTS's, the buffer has no lock of its own: prim_buffer.erl calls it
// from one process at a time (try_lock/unlock is an advisory lock for
// callers that share one).
#include <atomic>
#include <climits>
#include <cstring>

#include "bif/bif.h"
#include "bif/binary_util.h"
#include "bif/byte_queue.h"
#include "term/resource.h"

namespace girder {

namespace {

// ERTS's sizes: the accumulator, and the largest write still combined
// when the accumulator would overflow.
constexpr Uint ACCUMULATOR_SIZE = 2048;
constexpr Uint COMBINE_LIMIT = ACCUMULATOR_SIZE / 2;
// enif_inspect_iovec's chunk: write/2 takes this many binaries at a time.
constexpr Uint WRITE_CHUNK_ELEMENTS = 64;

struct Buffer {
  ByteQueue queue;
  Binary* acc = nullptr;  // ACCUMULATOR_SIZE bytes, acc_bytes used
  Uint acc_bytes = 0;
  std::atomic<int> external_lock{0};

  ~Buffer() {
    if (acc) binary_decref(acc);
  }
  Uint size() const { return queue.size() + acc_bytes; }
  // The accumulated bytes join the queue (as one slice).
  void queue_accumulator() {
    if (!acc || acc_bytes == 0) return;
    acc = binary_realloc(acc, acc_bytes);
    queue.push(acc, acc->data, acc_bytes);
    acc = nullptr;
    acc_bytes = 0;
  }
  // One chunk of write/2: `n` binaries from `list`, `bytes` in all.
  void write_chunk(Term list, Uint n, Uint bytes) {
    if (acc_bytes + bytes >= ACCUMULATOR_SIZE) {
      queue_accumulator();
      if (bytes >= COMBINE_LIMIT) {
        for (Uint i = 0; i < n; i++, list = cdr(list)) enqueue_bitstring(queue, car(list));
        return;
      }
    }
    if (!acc) acc = binary_alloc(ACCUMULATOR_SIZE);
    for (Uint i = 0; i < n; i++, list = cdr(list)) {
      BitView v = bit_view(car(list));
      Uint k = v.byte_size();
      copy_bits(v.bytes, v.bit_offset, acc->data + acc_bytes, 0, k * 8);
      acc_bytes += k;
    }
  }
};

const ResourceType BUFFER_TYPE = {"gc_buffer", resource_destroy_object<Buffer>, nullptr};

// NIFs raise with a frame that carries the arguments and no error_info.
Term raise(Process* p, Term reason) { return bif_error_info(p, reason, NIL); }

// The buffer of handle t, or nullptr after raising badarg.
Buffer* buffer_of(Process* p, Term t) {
  auto* b = static_cast<Buffer*>(resource_get(t, &BUFFER_TYPE));
  if (!b) raise(p, atom::badarg);
  return b;
}

// For copying_read(B, N) and skip(B, N): the buffer, with N in *n and at
// least N bytes queued, or nullptr after raising badarg.
Buffer* buffer_front(Process* p, Term* args, Uint* n) {
  Buffer* b = buffer_of(p, args[0]);
  if (!b) return nullptr;
  if (!term_to_uint(args[1], n)) {
    raise(p, atom::badarg);
    return nullptr;
  }
  b->queue_accumulator();
  if (b->queue.size() < *n) {
    raise(p, atom::badarg);
    return nullptr;
  }
  return b;
}

// A slice as a binary: copied when it fits a heap binary, else sharing the
// slice's off-heap binary.
Term slice_binary(Heap& h, const ByteQueue::Slice& s) {
  if (s.size <= HEAP_BIN_LIMIT) return new_binary(h, s.bytes, s.size);
  binary_incref(s.owner);
  return make_proc_bin(h, s.owner, const_cast<uint8_t*>(s.bytes), s.size);
}

}  // namespace

Term prim_buffer_new_0(Process* p, Term*) {
  return resource_hand_to_term(p->heap, resource_new<Buffer>(&BUFFER_TYPE));
}

Term prim_buffer_size_1(Process* p, Term* args) {
  Buffer* b = buffer_of(p, args[0]);
  if (!b) return THE_NON_VALUE;
  return make_uinteger(p->heap, b->size());
}

Term prim_buffer_peek_head_1(Process* p, Term* args) {
  Buffer* b = buffer_of(p, args[0]);
  if (!b) return THE_NON_VALUE;
  b->queue_accumulator();
  if (b->queue.slice_count() == 0) return raise(p, atom::badarg);
  return slice_binary(p->heap, b->queue.slice(0));
}

Term prim_buffer_copying_read_2(Process* p, Term* args) {
  Uint n;
  Buffer* b = buffer_front(p, args, &n);
  if (!b) return THE_NON_VALUE;
  uint8_t* dst;
  Term bin = new_binary_uninit(p->heap, n, &dst);
  b->queue.copy_front(n, dst);
  b->queue.drop(n);
  return bin;
}

Term prim_buffer_write_2(Process* p, Term* args) {
  Buffer* b = buffer_of(p, args[0]);
  if (!b) return THE_NON_VALUE;
  Term list = args[1];
  // chunk by chunk, as ERTS's write reschedules itself with the rest; a
  // bad element in a later chunk fails after the earlier ones are written
  do {
    Uint n;
    Term rest;
    if (!scan_iovec(list, WRITE_CHUNK_ELEMENTS, &n, &rest)) return raise(p, atom::badarg);
    Uint bytes = 0;
    Term t = list;
    for (Uint i = 0; i < n; i++, t = cdr(t)) bytes += bit_view(car(t)).byte_size();
    b->write_chunk(list, n, bytes);
    list = rest;
  } while (!is_nil(list));
  return atom::ok;
}

Term prim_buffer_skip_2(Process* p, Term* args) {
  Uint n;
  Buffer* b = buffer_front(p, args, &n);
  if (!b) return THE_NON_VALUE;
  b->queue.drop(n);
  return atom::ok;
}

Term prim_buffer_find_byte_index_2(Process* p, Term* args) {
  Buffer* b = buffer_of(p, args[0]);
  Term needle = args[1];
  // enif_get_int: a small integer that fits a C int
  if (!b || !is_small(needle) || small_value(needle) < INT32_MIN || small_value(needle) > INT32_MAX)
    return raise(p, atom::badarg);
  b->queue_accumulator();
  Sint byte = small_value(needle);
  if (byte < 0 || byte > 255) return raise(p, atom::badarg);
  Uint offset = 0;
  for (size_t i = 0; i < b->queue.slice_count(); i++) {
    const ByteQueue::Slice& s = b->queue.slice(i);
    if (const void* hit = std::memchr(s.bytes, int(byte), s.size)) {
      Uint at = offset + Uint(static_cast<const uint8_t*>(hit) - s.bytes);
      return make_tuple(p->heap, {atom::ok, make_uinteger(p->heap, at)});
    }
    offset += s.size;
  }
  return atom::not_found;
}

Term prim_buffer_try_lock_1(Process* p, Term* args) {
  Buffer* b = buffer_of(p, args[0]);
  if (!b) return THE_NON_VALUE;
  int unlocked = 0;
  return b->external_lock.compare_exchange_strong(unlocked, 1, std::memory_order_acquire)
             ? atom::acquired
             : atom::busy;
}

Term prim_buffer_unlock_1(Process* p, Term* args) {
  Buffer* b = buffer_of(p, args[0]);
  if (!b) return THE_NON_VALUE;
  int locked = 1;
  if (!b->external_lock.compare_exchange_strong(locked, 0, std::memory_order_release))
    return raise(p, atom::lock_order_violation);
  return atom::ok;
}

}  // namespace girder
