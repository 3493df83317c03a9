// NIF resources: reference-counted native objects that Erlang sees as
// references (ERTS's "magic references"; the C++ side of erl_nif's
// enif_alloc_resource, enif_make_resource, enif_get_resource, keep and
// release, and enif_monitor_process).
//
// A Resource lives off every heap: a header (count, type, the reference
// numbers its terms show) followed by the object, whose layout belongs to
// the type's owner. A heap reaches it through a ResourceRefThing: a local
// reference (SUB_REF) with two more words, the off-heap link and the
// Resource pointer. So everything that reads a reference (comparison,
// hashing, printing, term_to_binary) reads a resource as the reference it
// shows, and everything that drops heaps (the collector, Heap::reset, a
// message's fragment, ETS) releases it with the generic off-heap release
// (term/heap.h).
//
// Lifetime: the object lives while its count is above zero. The creator
// holds one reference (resource_alloc) and every term on a heap holds one
// (resource_make_term, copy_term, binary_to_term); when the last goes, the
// type's destructor runs on that thread, then the memory is freed. A
// monitor does not keep its resource alive (as in ERTS).
//
// Monitors: a resource may watch processes. The table lives here, and the
// runtime (runtime/resource_monitors.cpp) registers monitors with its own
// liveness check and fires them when a process exits: the type's `down`
// callback runs on the exiting process's thread, with the resource kept
// alive meanwhile, at most once per monitor, never after the resource's
// destructor began. Everything here may be called from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

#include "term/heap.h"

namespace girder {

// One monitor of a process by a resource (ERTS's ErlNifMonitor).
struct ResourceMonitor {
  uint64_t id = 0;  // 0: none
  bool operator==(const ResourceMonitor& o) const { return id == o.id; }
};

struct ResourceType {
  const char* name;  // for diagnostics (erl_nif: the type's name)
  // Runs once, when the last reference is dropped; may be null.
  void (*dtor)(void* obj);
  // The process `pid` that monitor `mon` watched has exited; may be null.
  void (*down)(void* obj, Term pid, const ResourceMonitor& mon);
};

// The off-heap header; the object follows at RESOURCE_HEADER_BYTES.
struct Resource {
  std::atomic<Uint> refc;
  const ResourceType* type;
  uint64_t serial;                 // its reference numbers (see resource.cpp)
  std::atomic<bool> published;     // findable by binary_to_term
  std::atomic<uint32_t> monitors;  // live monitors in the table
  Uint size;                       // bytes of the object
};
constexpr size_t RESOURCE_HEADER_BYTES = (sizeof(Resource) + 15) & ~size_t(15);

// The term: a local reference with the resource's numbers, the off-heap
// link and the resource (which it holds one reference to). Words 0..2 are
// a RefThing's, the link is where every OffHeapThing has it.
struct ResourceRefThing {
  Term header;         // make_header(RESOURCE_REF_WORDS - 1, SUB_REF)
  uint32_t num[4];     // as RefThing::num
  OffHeapThing* next;  // the heap's off-heap list
  Resource* resource;
};
constexpr Uint RESOURCE_REF_WORDS = 5;
static_assert(sizeof(ResourceRefThing) == RESOURCE_REF_WORDS * sizeof(Term));
static_assert(offsetof(ResourceRefThing, num) == offsetof(RefThing, num));
static_assert(offsetof(ResourceRefThing, next) == offsetof(OffHeapThing, next));
static_assert(RESOURCE_REF_WORDS != REF_WORDS, "the arity tells the two apart");

constexpr Term RESOURCE_REF_HEADER = make_header(RESOURCE_REF_WORDS - 1, SUB_REF);
inline bool is_resource_ref(Term t) {
  return is_boxed(t) && boxed_header(t) == RESOURCE_REF_HEADER;
}
inline ResourceRefThing* resource_ref_thing(Term t) {
  return reinterpret_cast<ResourceRefThing*>(boxed_ptr(t));
}

// Resource reference numbers have bit 31 of the third number set; the
// runtime's own references (vm_make_ref) never reach it.
constexpr uint32_t RESOURCE_REF_MARK = 0x80000000u;

inline Resource* resource_header(void* obj) {
  return reinterpret_cast<Resource*>(static_cast<char*>(obj) - RESOURCE_HEADER_BYTES);
}
inline void* resource_object(Resource* r) {
  return reinterpret_cast<char*>(r) + RESOURCE_HEADER_BYTES;
}

// A new zero-filled object of `size` bytes; the caller holds its one
// reference.
void* resource_alloc(const ResourceType* type, size_t size);
void resource_keep(void* obj);
// Drops one reference; the last runs the destructor and frees the memory.
void resource_release(void* obj);
// Keeps the object unless its last reference is already gone (its
// destructor may be running): false then, and nothing changed.
bool resource_try_keep(void* obj);
void resource_keep_header(Resource* r);
void resource_release_header(Resource* r);

// A term for the object on h (RESOURCE_REF_WORDS), holding its own
// reference and linked into h's off-heap list.
Term resource_make_term(Heap& h, void* obj);
// The same, with the caller's reference passing to the term (erl_nif's
// enif_make_resource followed by enif_release_resource).
Term resource_hand_to_term(Heap& h, void* obj);

// Resources holding a C++ object: the type's dtor is destroy_object<T>,
// and resource_new constructs the object in a new resource (the caller
// holds its one reference).
template <class T>
void resource_destroy_object(void* obj) {
  static_cast<T*>(obj)->~T();
}
template <class T>
T* resource_new(const ResourceType* type) {
  return new (resource_alloc(type, sizeof(T))) T;
}
// The object of resource term t if it is of `type`, else nullptr.
void* resource_get(Term t, const ResourceType* type);

// ---- term_to_binary / binary_to_term (etf/) ---------------------------------
// An encoded resource becomes findable by its numbers for as long as it
// lives, so that binary_to_term on this node gives the resource back (as
// ERTS's magic reference table does); after its death, the same bytes
// decode as a plain reference.
void resource_publish(Resource* r);
// The live published resource with these reference numbers, with one
// reference kept for the caller, or nullptr.
Resource* resource_find_published(const uint32_t num[3]);

// ---- monitors (the runtime's side: runtime/resource_monitors.cpp) ----------
// Registers a monitor of `pid` by the object unless is_alive(pid) is false
// (asked under the table's lock, so that an exiting process, which first
// stops being alive and then takes its monitors, never misses one).
// False if the process is gone.
bool resource_monitor_add(void* obj, Term pid, bool (*is_alive)(Term), ResourceMonitor* out);
// Removes the monitor; false if it was not there (fired, or removed).
bool resource_monitor_remove(void* obj, const ResourceMonitor& mon);
// Process `pid` has exited: fires every monitor of it.
void resource_monitors_fire(Term pid);
// Monitors in the table (for tests).
size_t resource_monitor_count();

}  // namespace girder
