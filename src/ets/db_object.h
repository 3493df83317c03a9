// Stored ETS objects: a tuple copied out of a process heap into one block
// of memory the table owns.
//
//   DbObject   next | hash | dead | off_heap | words | tuple | data[words]
//
// `tuple` points into `data`, which holds a flat copy of the object
// (copy_term_flat: literals copied too, so an object never depends on a
// loaded module). Refc binaries inside the copy hold a reference each,
// listed in `off_heap`; db_object_free releases them through the heap's
// generic off-heap release before it frees the block. Reading an object
// (lookup, match) copies it back onto the reader's heap with copy_term.
//
// The block is counted in erlang:memory(ets) (MemKind::ets). What
// ets:info(T, memory) reports is ERTS's count, kept by the table
// (table.h), not the size of these blocks.
#pragma once

#include "term/heap.h"

namespace girder {

// The four kinds of table. set and ordered_set hold one object per key;
// a bag holds distinct objects per key, a duplicate_bag any objects.
enum class TableType : uint8_t { set, ordered_set, bag, duplicate_bag };

struct DbObject {
  DbObject* next;   // hash chain (hash tables); unused in ordered sets
  uint32_t hash;    // key hash (hash tables)
  bool dead;        // deleted while the table is fixed (hash tables)
  OffHeap off_heap; // refc binaries in data
  Uint words;       // words in data
  Term tuple;       // the object: a tuple in data
  Term data[1];

  Term key(Uint keypos) const { return tuple_ptr(tuple)[keypos]; }
  Uint arity() const { return tuple_arity(tuple); }
};

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
