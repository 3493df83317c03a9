// Heap: a bump arena that terms are built in.
//
// A process heap is one block [start, htop) growing up towards the stack,
// which grows down from `end` (the stack is managed by the interpreter; it
// sets `limit` to the current stack top). When the block is full, alloc()
// takes memory from heap fragments instead, so code that builds terms (BIFs,
// the ETF decoder, the loader) never triggers a collection and never fails.
// The collector (src/gc) later copies the live terms of the block and of all
// fragments into one new block. Literal areas of modules are Heaps too: their
// fragments come from the literal region (see literal_region.h), which the
// collector recognises by address and never copies.
#pragma once

#include <cstdlib>
#include <initializer_list>

#include "term/mem_stats.h"
#include "term/term.h"

namespace girder {

// ---- off-heap objects ---------------------------------------------------------
//
// Some heap objects hold one reference to an object that lives off every
// heap: a refc binary's ProcBin (term/binary.h) holds a Binary, a resource's
// ResourceRefThing (term/resource.h) holds a Resource. Every such object
// starts as an OffHeapThing, so that one list per heap (per generation) can
// hold them all, linked through `next`. Invariant: each one on a heap is in
// exactly one list of that heap; whoever drops the heap (Heap::reset, a
// message fragment's owner, ETS) releases the references of its list with
// offheap_release, and the collector releases those it did not copy.
struct OffHeapThing {
  Term header;         // a ProcBin's or a ResourceRefThing's
  Uint own[2];         // the kind's own words
  OffHeapThing* next;  // the heap's list
};
constexpr Uint OFF_HEAP_LINK_WORD = 3;  // `next` is the fourth word of every kind

struct OffHeap {
  OffHeapThing* first = nullptr;
  Uint overhead = 0;  // bytes of off-heap objects referenced (GC pressure)
};

// True for the header of an object that starts as an OffHeapThing.
bool is_off_heap_header(Term hdr);
// Drops the reference that `o` holds (a binary's or a resource's count).
void offheap_release_one(OffHeapThing* o);
// Drops the references of every object in the list and empties it.
void offheap_release(OffHeap& list);
// Bytes that `o` keeps alive off heap (a binary's size, a resource's).
Uint offheap_bytes(const OffHeapThing* o);

// Links an object (built in memory the list describes, holding its own
// reference) into the list.
void offheap_link(OffHeap& list, OffHeapThing* o);
// A copy of an off-heap object was just made in memory the list describes
// (copy_term, an ETS object): it takes a reference of its own and joins.
void offheap_adopt_copy(OffHeap& list, OffHeapThing* o);

struct Fragment {
  Fragment* next;
  Uint size;  // words in mem
  Uint used;
  Term mem[1];
};

class Heap {
 public:
  Heap() = default;
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;
  ~Heap();

  // words of fresh memory; never fails (aborts the VM on out-of-memory)
  Term* alloc(Uint words) {
    if (static_cast<Uint>(limit - htop) >= words) {
      Term* p = htop;
      htop += words;
      return p;
    }
    return alloc_slow(words);
  }

  // Links an object built in this heap (holding its own reference) into
  // the off-heap list.
  void link_offheap(OffHeapThing* o);
  // A copy of an off-heap object was just made in this heap (copy_term):
  // it takes a reference of its own and joins the list.
  void adopt_offheap_copy(OffHeapThing* o);

  // Words in fragments since the last collection (GC pressure).
  Uint fragment_words() const { return frag_words; }
  // True if this heap has fragments that a collection must fold in.
  bool has_fragments() const { return frags != nullptr; }

  // Releases all fragments (the collector calls this after copying) and
  // returns their memory. Literal heaps never call it.
  void free_fragments();

  // Drops everything without a collection: block, fragments, off-heap refs.
  void reset();

  Term* start = nullptr;  // block start
  Term* htop = nullptr;   // next free word of the block
  Term* limit = nullptr;  // end of free space (stack top for process heaps)
  Term* end = nullptr;    // block end
  Fragment* frags = nullptr;
  Uint frag_words = 0;
  OffHeap off_heap;
  bool literal = false;   // fragments come from the literal region
  // What erlang:memory counts this heap's blocks and fragments as.
  MemKind mem_kind = MemKind::heap;
  // Generational collection (gc.cpp): young data below hwm has survived a
  // collection and moves to the old heap at the next minor one.
  Term* hwm = nullptr;
  Term* old_start = nullptr;
  Term* old_htop = nullptr;
  Term* old_end = nullptr;
  OffHeap old_off_heap;   // refc binaries referenced from the old heap
  // The collector's previous block, kept for its next collection when it
  // is large (reusing it spares the page faults of fresh memory).
  Term* spare = nullptr;
  Uint spare_words = 0;

 private:
  Term* alloc_slow(Uint words);
};

// Convenience constructors used everywhere terms are built.
Term make_tuple(Heap& h, std::initializer_list<Term> elems);
Term make_tuple_from(Heap& h, const Term* elems, Uint n);
Term make_cons(Heap& h, Term head, Term tail);
Term make_float(Heap& h, double d);
// Small or bignum.
Term make_integer(Heap& h, Sint v);
Term make_uinteger(Heap& h, Uint v);
// Builds [E1, ..., En] from an array.
Term make_list_from(Heap& h, const Term* elems, Uint n, Term tail = NIL);
// Builds a Latin-1/byte list "abc" -> [97,98,99].
Term make_byte_list(Heap& h, const uint8_t* bytes, Uint n, Term tail = NIL);
Term make_string_list(Heap& h, const char* s);

}  // namespace girder
