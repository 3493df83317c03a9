// atomics and counters (OTP's atomics.erl and counters.erl call these):
// arrays of 64-bit integers shared by every process that has the
// reference, updated without locks. Both are NIF resources (term/
// resource.h), freed when the last reference to them is garbage.
//
// An atomics array is signed (values -2^63..2^63-1) or unsigned
// (0..2^64-1); add wraps around in either, and takes any increment that
// fits 64 bits signed or unsigned. counters with write_concurrency keep one
// row of counters per scheduler (plus one for other threads), each row on
// its own cache lines, so that adds from different schedulers never share
// a line; get sums the rows, put sets the first and clears the others (not
// atomic against concurrent adds, as in ERTS).
#include <atomic>
#include <cstdint>
#include <new>

#include "bif/bif.h"
#include "bif/binary_util.h"
#include "process/scheduler.h"
#include "runtime/schedulers.h"
#include "term/map.h"
#include "term/resource.h"

namespace girder {

namespace {

// ERTS's figures for erlang's info maps: header bytes before the data.
constexpr Uint ATOMICS_HEADER_BYTES = 40;
constexpr Uint COUNTERS_HEADER_BYTES = 32;
constexpr Uint LINE_COUNTERS = 8;  // 64-byte cache line of 64-bit counters

struct Atomics {
  Uint size;
  bool is_signed;
  std::atomic<uint64_t> v[1];  // `size` of them
};

struct Counters {
  Uint size;
  Uint row;   // counters per row (size rounded up to whole lines)
  Uint rows;  // schedulers + 1
  // rows * row of them. Not alignas(64): resources come from malloc (16-byte
  // aligned), so a row of whole 64-byte lines shares at most one cache line
  // with the next row; that is enough to keep schedulers mostly apart.
  std::atomic<int64_t> v[1];
};

void destroy_atomics(void* obj) {
  auto* a = static_cast<Atomics*>(obj);
  for (Uint i = 0; i < a->size; i++) a->v[i].~atomic();
}
void destroy_counters(void* obj) {
  auto* c = static_cast<Counters*>(obj);
  for (Uint i = 0; i < c->rows * c->row; i++) c->v[i].~atomic();
}

const ResourceType ATOMICS_TYPE = {"atomics", destroy_atomics, nullptr};
const ResourceType COUNTERS_TYPE = {"counters", destroy_counters, nullptr};

// Arrays past this many entries are system_limit (ERTS limits the bytes).
constexpr Uint MAX_ENTRIES = Uint(1) << 40;

Atomics* atomics_of(Term t) { return static_cast<Atomics*>(resource_get(t, &ATOMICS_TYPE)); }
Counters* counters_of(Term t) { return static_cast<Counters*>(resource_get(t, &COUNTERS_TYPE)); }

// A 1-based index into an array of n.
bool index_of(Term ix, Uint n, Uint* out) {
  Uint i;
  if (!term_to_uint(ix, &i) || i < 1 || i > n) return false;
  *out = i - 1;
  return true;
}

// An increment: any integer that fits 64 bits signed or unsigned, as the
// two's-complement bits that wrapping addition adds.
bool increment_bits(Term t, uint64_t* out) {
  Sint s;
  Uint u;
  if (term_to_sint(t, &s)) {
    *out = uint64_t(s);
    return true;
  }
  if (term_to_uint(t, &u)) {
    *out = u;
    return true;
  }
  return false;
}

// A value to store: in the array's own range.
bool value_bits(const Atomics* a, Term t, uint64_t* out) {
  if (a->is_signed) {
    Sint s;
    if (!term_to_sint(t, &s)) return false;
    *out = uint64_t(s);
    return true;
  }
  Uint u;
  if (!term_to_uint(t, &u)) return false;
  *out = u;
  return true;
}

Term value_term(Process* p, const Atomics* a, uint64_t bits) {
  return a->is_signed ? make_integer(p->heap, int64_t(bits)) : make_uinteger(p->heap, bits);
}

}  // namespace

Term erts_internal_atomics_new_2(Process* p, Term* a) {
  Uint n, opts;
  if (!term_to_uint(a[0], &n) || n < 1 || !term_to_uint(a[1], &opts)) return bif_badarg(p);
  if (n > MAX_ENTRIES) return bif_system_limit(p);
  size_t bytes = sizeof(Atomics) + (n - 1) * sizeof(std::atomic<uint64_t>);
  auto* at = static_cast<Atomics*>(resource_alloc(&ATOMICS_TYPE, bytes));
  at->size = n;
  at->is_signed = (opts & 1) != 0;
  for (Uint i = 0; i < n; i++) new (&at->v[i]) std::atomic<uint64_t>(0);
  Term t = resource_make_term(p->heap, at);
  resource_release(at);  // the term holds it now
  return t;
}

Term atomics_get_2(Process* p, Term* a) {
  Atomics* at = atomics_of(a[0]);
  Uint i;
  if (!at || !index_of(a[1], at->size, &i)) return bif_badarg(p);
  return value_term(p, at, at->v[i].load());
}

Term atomics_put_3(Process* p, Term* a) {
  Atomics* at = atomics_of(a[0]);
  Uint i;
  uint64_t v;
  if (!at || !index_of(a[1], at->size, &i) || !value_bits(at, a[2], &v)) return bif_badarg(p);
  at->v[i].store(v);
  return atom::ok;
}

Term atomics_add_3(Process* p, Term* a) {
  Atomics* at = atomics_of(a[0]);
  Uint i;
  uint64_t d;
  if (!at || !index_of(a[1], at->size, &i) || !increment_bits(a[2], &d)) return bif_badarg(p);
  at->v[i].fetch_add(d);
  return atom::ok;
}

Term atomics_add_get_3(Process* p, Term* a) {
  Atomics* at = atomics_of(a[0]);
  Uint i;
  uint64_t d;
  if (!at || !index_of(a[1], at->size, &i) || !increment_bits(a[2], &d)) return bif_badarg(p);
  return value_term(p, at, at->v[i].fetch_add(d) + d);
}

Term atomics_exchange_3(Process* p, Term* a) {
  Atomics* at = atomics_of(a[0]);
  Uint i;
  uint64_t v;
  if (!at || !index_of(a[1], at->size, &i) || !value_bits(at, a[2], &v)) return bif_badarg(p);
  return value_term(p, at, at->v[i].exchange(v));
}

// ok if the entry was Expected (and is now Desired), else its value.
Term atomics_compare_exchange_4(Process* p, Term* a) {
  Atomics* at = atomics_of(a[0]);
  Uint i;
  uint64_t expected, desired;
  if (!at || !index_of(a[1], at->size, &i) || !value_bits(at, a[2], &expected) ||
      !value_bits(at, a[3], &desired))
    return bif_badarg(p);
  if (at->v[i].compare_exchange_strong(expected, desired)) return atom::ok;
  return value_term(p, at, expected);
}

Term atomics_info_1(Process* p, Term* a) {
  Atomics* at = atomics_of(a[0]);
  if (!at) return bif_badarg(p);
  Heap& h = p->heap;
  Term keys[] = {atom::max, atom::memory, atom::min, atom::size};
  Term vals[] = {at->is_signed ? make_integer(h, INT64_MAX) : make_uinteger(h, UINT64_MAX),
                 make_uinteger(h, ATOMICS_HEADER_BYTES + at->size * 8),
                 at->is_signed ? make_integer(h, INT64_MIN) : make_small(0), make_uinteger(h, at->size)};
  return map_from_pairs(h, keys, vals, 4);
}

Term erts_internal_counters_new_1(Process* p, Term* a) {
  Uint n;
  if (!term_to_uint(a[0], &n) || n < 1) return bif_badarg(p);
  if (n > MAX_ENTRIES) return bif_system_limit(p);
  Uint row = (n + LINE_COUNTERS - 1) / LINE_COUNTERS * LINE_COUNTERS;
  Uint rows = sched_config().normal + 1;
  size_t bytes = sizeof(Counters) + (rows * row - 1) * sizeof(std::atomic<int64_t>);
  auto* c = static_cast<Counters*>(resource_alloc(&COUNTERS_TYPE, bytes));
  c->size = n;
  c->row = row;
  c->rows = rows;
  for (Uint i = 0; i < rows * row; i++) new (&c->v[i]) std::atomic<int64_t>(0);
  Term t = resource_make_term(p->heap, c);
  resource_release(c);
  return t;
}

Term erts_internal_counters_get_2(Process* p, Term* a) {
  Counters* c = counters_of(a[0]);
  Uint i;
  if (!c || !index_of(a[1], c->size, &i)) return bif_badarg(p);
  uint64_t sum = 0;
  for (Uint r = 0; r < c->rows; r++) sum += uint64_t(c->v[r * c->row + i].load(std::memory_order_relaxed));
  return make_integer(p->heap, int64_t(sum));
}

Term erts_internal_counters_add_3(Process* p, Term* a) {
  Counters* c = counters_of(a[0]);
  Uint i;
  uint64_t d;
  if (!c || !index_of(a[1], c->size, &i) || !increment_bits(a[2], &d)) return bif_badarg(p);
  // this scheduler's row; threads that are not normal schedulers share row 0
  Uint r = p->sched && p->sched->kind == SchedKind::normal ? p->sched->index + 1 : 0;
  if (r >= c->rows) r = 0;
  c->v[r * c->row + i].fetch_add(int64_t(d), std::memory_order_relaxed);
  return atom::ok;
}

Term erts_internal_counters_put_3(Process* p, Term* a) {
  Counters* c = counters_of(a[0]);
  Uint i;
  Sint v;
  if (!c || !index_of(a[1], c->size, &i) || !term_to_sint(a[2], &v)) return bif_badarg(p);
  c->v[i].store(v, std::memory_order_relaxed);
  for (Uint r = 1; r < c->rows; r++) c->v[r * c->row + i].store(0, std::memory_order_relaxed);
  return atom::ok;
}

Term erts_internal_counters_info_1(Process* p, Term* a) {
  Counters* c = counters_of(a[0]);
  if (!c) return bif_badarg(p);
  Heap& h = p->heap;
  Term keys[] = {atom::memory, atom::size};
  Term vals[] = {make_uinteger(h, COUNTERS_HEADER_BYTES + c->rows * c->row * 8), make_uinteger(h, c->size)};
  return map_from_pairs(h, keys, vals, 2);
}

}  // namespace girder
