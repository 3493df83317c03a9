// Stored ETS objects: a tuple copied out of a process heap into one block
// of memory the table owns.
//
//   DbObject   next | hash | words, dead bit | off_heap (2) | data[words]
//
// `data` holds a flat copy of the object (copy_term_flat: literals copied
// too, so an object never depends on a loaded module) whose tuple starts
// at data[0]. The header is four words, so that a lookup finds the hash
// and the key on the object's first cache line. What the copy references
// off heap (refc binaries) holds a reference each, listed in `off_heap`,
// the heap's own OffHeap so that every off-heap kind is kept the same way;
// db_object_free releases them through the heap's generic off-heap
// release (offheap_release) before it frees the block. Reading an object
// (lookup, match) copies it back onto the reader's heap with copy_term.
//
// The block is counted in erlang:memory(ets) (MemKind::ets). What
// ets:info(T, memory) reports is ERTS's count, kept by the table
// (table.h), not the size of these blocks.
#pragma once

#include <cstddef>

#include "term/heap.h"

namespace girder {

// The four kinds of table. set and ordered_set hold one object per key;
// a bag holds distinct objects per key, a duplicate_bag any objects.
enum class TableType : uint8_t { set, ordered_set, bag, duplicate_bag };

struct DbObject {
  static constexpr Uint MAX_WORDS = 0x7FFFFFFF;

  DbObject* next;          // hash chain (hash tables); unused in ordered sets
  uint32_t hash;           // key hash, all 32 bits of ERTS's (hash tables)
  uint32_t words : 31;     // words in data
  uint32_t dead_bit : 1;   // deleted while the table is fixed (hash tables)
  OffHeap off_heap;        // what data references off heap (refc binaries, resources)
  Term data[1];

  Term tuple() const { return make_boxed(data); }
  Term key(Uint keypos) const { return data[keypos]; }
  Uint arity() const { return header_arity(data[0]); }
  bool dead() const { return dead_bit; }
  void set_dead(bool d = true) { dead_bit = d; }
};
static_assert(offsetof(DbObject, data) == 4 * sizeof(Term));

// A new object holding a copy of `tuple` (which must be a tuple).
DbObject* db_object_create(Term tuple);
// Frees obj and releases what it references.
void db_object_free(DbObject* obj);
// Bytes of obj's block (what erlang:memory(ets) counts for it).
Uint db_object_bytes(const DbObject* obj);

// A term (not necessarily a tuple) stored on its own, for the table's heir
// data: a copy in one block, or the term itself if it is immediate.
struct DbTerm {
  Term term = NIL;
  DbObject* block = nullptr;
  void set(Term t);
  void clear();
  Uint words() const { return block ? block->words : 0; }
};

}  // namespace girder
