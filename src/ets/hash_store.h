// Storage of a set, bag or duplicate_bag: a linear hash table (ERTS's
// scheme, so that ets:slot/2 and ets:info(T, memory) give ERTS's answers):
// buckets live in segments (a first one of 256, then 2048 each) and the
// table grows or shrinks one bucket at a time by splitting or joining the
// bucket the linear-hashing pointer names, at most 5 per insert or delete,
// so no operation rehashes the whole table.
//
// Invariants:
// - objects with equal keys (=:=) are adjacent in one bucket's chain, in
//   the order they were inserted (oldest first), which is the order
//   lookup returns them in;
// - while the table is fixed (safe_fixtable, a traversal in progress),
//   nothing moves between buckets and a deleted object stays in its chain
//   marked dead, so first/next keep working from a deleted key; once it is
//   no longer fixed, the next change frees the dead and the table resizes
//   again;
// - count() counts live objects only.
//
// The table's lock (table.h) guards every call: readers hold it shared,
// and may fix and unfix (the count is atomic, and unfixing frees nothing);
// everything that changes objects holds it alone.
#pragma once

#include <atomic>
#include <vector>

#include "ets/db_object.h"

namespace girder {

class HashStore {
 public:
  HashStore(TableType type, Uint keypos);
  ~HashStore();
  HashStore(const HashStore&) = delete;
  HashStore& operator=(const HashStore&) = delete;

  TableType type() const { return type_; }
  Uint count() const { return nitems_; }
  Uint nactive() const { return nactive_; }

  // The first live object with key, or nullptr; the rest of its key group
  // follows through next_same_key.
  DbObject* find(Term key) const;
  // The next live object after obj with the same key, or nullptr.
  DbObject* next_same_key(const DbObject* obj) const;

  // Adds obj (a new object, hash not yet set). set: replaces the object
  // with the same key; bag: dropped if an equal object is there;
  // duplicate_bag: always added. Returns false if obj was not kept (the
  // caller frees it). With `only_new`, nothing is added if the key exists.
  bool insert(DbObject* obj, bool only_new = false);
  // Removes every object with key; returns how many.
  Uint erase_key(Term key);
  // Removes the objects equal (=:=) to `object` (a tuple): one for a bag
  // or set, all for a duplicate_bag. Returns how many.
  Uint erase_object(Term object);
  // Replaces live object `old` (found through find) with `repl` of the
  // same key, in place; frees old.
  void replace(DbObject* old, DbObject* repl);
  // Removes every object; the table is as new (fixed or not: for a table
  // that is going away).
  void clear();
  // Removes every object as deletes do (dead while fixed); returns how
  // many were live.
  Uint erase_all();

  // Traversal in bucket order, which first/next follow too.
  DbObject* first() const;
  // The first live object after the key group of `key` (a key present in
  // the table, live or dead while fixed); *found is false if key is not.
  DbObject* next(Term key, bool* found) const;
  // Head of bucket ix (ix < nactive()), for ets:slot/2 and select.
  DbObject* bucket(Uint ix) const { return *slot_ref(ix); }
  // Removes the live object obj of bucket ix (marks it dead if fixed);
  // call resize_if_needed() once a batch of removals is done.
  void remove(Uint ix, DbObject* obj);
  // The same, for an object found through find.
  void remove(DbObject* obj) { remove(index_of(obj->hash()), obj); }

  // safe_fixtable and traversals: while fixed, nothing moves or is freed.
  void fix() { fixed_.fetch_add(1, std::memory_order_relaxed); }
  void unfix() { fixed_.fetch_sub(1, std::memory_order_relaxed); }
  bool fixed() const { return fixed_.load(std::memory_order_relaxed) > 0; }
  // With the lock held alone: frees the dead once the table is no longer
  // fixed.
  void purge_if_unfixed() {
    if (!fixed()) purge_dead();
  }
  // After a change (the lock held alone): purge_if_unfixed, and grows or
  // shrinks as ERTS would after inserts or deletes.
  void resize_if_needed();

  // Words ERTS counts for the bucket structure (segments, segment tables).
  Uint structure_words() const;
  // Words of the objects held, dead ones included (their data only).
  Uint object_words() const { return words_; }
  // Objects held, dead ones included.
  Uint objects_held() const { return nitems_ + ndead_; }

 private:
  DbObject** slot_ref(Uint ix) const;
  Uint index_of(uint32_t hash) const;
  bool same_key(const DbObject* o, Term key, uint32_t h) const;
  void unlink_free(DbObject** link);
  void drop(DbObject* o) {
    words_ -= o->words;
    db_object_free(o);
  }
  void add_segment();
  void remove_segment();
  void grow();
  void shrink();
  void purge_dead();
  Uint shrink_limit() const;

  TableType type_;
  Uint keypos_;
  std::vector<DbObject**> segs_;   // segs_[0]: 256 buckets, then 2048 each
  std::vector<Uint> segtab_words_; // ERTS's extended segment tables
  Uint nactive_ = 0;   // buckets in use
  Uint szm_ = 0;       // mask for the current doubling round
  Uint nitems_ = 0;    // live objects
  Uint ndead_ = 0;     // dead objects still linked (fixed table)
  std::atomic<Uint> fixed_{0};
  Uint words_ = 0;     // sum of the held objects' words
};

}  // namespace girder
