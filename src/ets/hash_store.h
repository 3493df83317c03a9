// Storage of a set, bag or duplicate_bag: ERTS 13's linear hash table,
// reproduced step for step so that every walk (first/next, match, select,
// tab2list, foldl) meets the objects in ERTS's order and ets:slot/2 and
// ets:info(T, memory) give ERTS's answers.
//
// - A key hashes as in ERTS (key_hash.h); bucket = hash & szm, or with the
//   narrower mask for a bucket the linear-hashing pointer has not split
//   yet in this doubling round. Buckets live in segments (a first one of
//   256, then 2048 each); a table starts with 256 buckets.
// - A bucket is a chain. A new key goes at the chain's end; a new object
//   of a bag or duplicate_bag whose key is there goes in front of that
//   key's group, so a group runs newest first (lookup conses along it and
//   so answers oldest first). A set's new object takes the old one's
//   place.
// - Growth: after an insert that adds an object, while the count is above
//   the number of buckets, the next bucket splits (at most 5 per insert;
//   both halves keep their order). Shrink: after a delete, while the count
//   is below the shrink limit ((slots - 2048) / 2 once there are 256 + 2 x
//   2048 slots, else 0), the top bucket joins the one it came from, in
//   front of it (at most 5 per delete). Never while fixed. Nothing
//   rehashes the whole table.
// - Walk order: slot 0 up in strides of the lock count (1; 64 for a table
//   with fine-grained locks, ERTS's write_concurrency), then slot 1 up,
//   ... (next_slot), each bucket along its chain.
// - With decentralized counters, growth and shrink go by ERTS's estimate
//   of the count: the lock count times the count in the key's lock stripe
//   (hash mod the lock count), as ERTS keeps one counter per lock.
//
// Invariants:
// - objects with equal keys (=:=) are adjacent in one bucket's chain;
// - while the table is fixed (safe_fixtable, a traversal in progress),
//   nothing moves between buckets and a deleted key stays in its chain as
//   one object marked dead (ERTS's pseudo-deleted), so first/next keep
//   working from a deleted key; once it is no longer fixed, the next
//   change (or unfixing, which takes the lock alone) frees the dead;
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
  // nlocks: ERTS's lock count, 1 for a table under one lock, 64 for one
  // with fine-grained locks; decentralized: ERTS's per-lock counters.
  HashStore(TableType type, Uint keypos, Uint nlocks = 1, bool decentralized = false);
  ~HashStore();
  HashStore(const HashStore&) = delete;
  HashStore& operator=(const HashStore&) = delete;

  TableType type() const { return type_; }
  Uint count() const { return nitems_; }
  Uint nactive() const { return nactive_; }
  Uint nlocks() const { return nlocks_; }

  // The first live object with key in chain order, or nullptr; the rest
  // of its key group follows through next_same_key (newest first).
  DbObject* find(Term key) const;
  // The next live object after obj with the same key, or nullptr.
  DbObject* next_same_key(const DbObject* obj) const;

  // Adds obj (a new object, hash not yet set). set: replaces the object
  // with the same key; bag: dropped if an equal object is there;
  // duplicate_bag: always added. Returns false if obj was not kept (the
  // caller frees it). With `only_new`, nothing is added if the key exists.
  // Grows the table as ERTS does after the insert.
  bool insert(DbObject* obj, bool only_new = false);
  // Removes every object with key; returns how many. Shrinks as ERTS.
  Uint erase_key(Term key);
  // Removes the objects equal (=:=) to `object` (a tuple): one for a bag
  // or set, all for a duplicate_bag. Returns how many. Shrinks as ERTS.
  Uint erase_object(Term object);
  // Replaces live object `old` (found through find) with `repl` of the
  // same key, in place; frees old.
  void replace(DbObject* old, DbObject* repl);
  // Removes every object; the table is as new (fixed or not: for a table
  // that is going away).
  void clear();
  // ets:delete_all_objects/1: removes every object (dead while fixed, else
  // the table is as new); returns how many were live.
  Uint erase_all();

  // Traversal: first/next follow the walk order above.
  DbObject* first() const;
  // The first live object after the key group of `key` (a key present in
  // the table, live or dead while fixed); *found is false if key is not.
  DbObject* next(Term key, bool* found) const;
  // The slot after ix in walk order; 0 after the last (slot 0 comes first).
  Uint next_slot(Uint ix) const {
    ix += nlocks_;
    if (ix < nactive_) return ix;
    return (ix + 1) & (nlocks_ - 1);
  }
  // Head of bucket ix (ix < nactive()), for ets:slot/2 and select.
  DbObject* bucket(Uint ix) const { return *slot_ref(ix); }
  // The buckets a select whose every clause binds the key looks in, as
  // ERTS: those of `keys` in order, each once, only where the key is live
  // unless `all` (ERTS does not look on a table with fine-grained locks).
  std::vector<Uint> key_buckets(const std::vector<Term>& keys, bool all) const;
  // Removes the live object obj of bucket ix (marks it dead if fixed),
  // without shrinking (select_delete shrinks once at its end, if at all).
  void remove(Uint ix, DbObject* obj);
  // The same, for an object found through find.
  void remove(DbObject* obj) { remove(index_of(obj->hash), obj); }
  // Shrinks as ERTS does after a delete, by the count (not fixed only).
  void try_shrink() { try_shrink(nitems_); }

  // safe_fixtable and traversals: while fixed, nothing moves or is freed.
  void fix() { fixed_.fetch_add(1, std::memory_order_relaxed); }
  void unfix() { fixed_.fetch_sub(1, std::memory_order_relaxed); }
  bool fixed() const { return fixed_.load(std::memory_order_relaxed) > 0; }
  // With the lock held alone: frees the dead once the table is no longer
  // fixed.
  void purge_if_unfixed() {
    if (ndead_ > 0 && !fixed()) purge_dead();
  }

  // Words ERTS counts for the bucket structure (segments, segment tables).
  Uint structure_words() const;
  // Words of the objects held, dead ones included (their data only).
  Uint object_words() const { return words_; }
  // Objects held, dead ones included.
  Uint objects_held() const { return nitems_ + ndead_; }
  // Dead objects held (ERTS's kept items).
  Uint dead_count() const { return ndead_; }

 private:
  DbObject** slot_ref(Uint ix) const;
  Uint index_of(uint32_t hash) const;
  bool has_key(const DbObject* o, Term key, uint32_t h) const;
  template <class Take>
  Uint erase_group(Term key, Take&& take, bool one);
  void drop(DbObject* o) {
    words_ -= o->words;
    db_object_free(o);
  }
  // The count changes by n for an object of hash h.
  void add_items(uint32_t h, Sint n);
  // ERTS's count as growth and shrink see it after a change at hash h.
  Uint items_estimate(uint32_t h) const;
  Uint nslots() const { return FIRST_SEG + (segs_.size() - 1) * EXT_SEG; }
  void add_segment();
  void remove_segment();
  void set_shrink_limit();
  void grow(Uint items);
  void try_shrink(Uint items);
  void purge_dead();
  void mark_dead(DbObject* o) {
    o->set_dead();
    ndead_++;
  }

  static constexpr Uint FIRST_SEG = 256;  // buckets in the first segment
  static constexpr Uint EXT_SEG = 2048;   // buckets in every later one

  TableType type_;
  Uint keypos_;
  Uint nlocks_;                    // a power of two
  std::vector<DbObject**> segs_;   // segs_[0]: 256 buckets, then 2048 each
  std::vector<Uint> segtab_words_; // ERTS's extended segment tables
  Uint nactive_ = 0;   // buckets in use
  Uint szm_ = 0;       // mask for the current doubling round
  Uint shrink_limit_ = 0;
  Uint nitems_ = 0;    // live objects
  Uint ndead_ = 0;     // dead objects still linked (fixed table)
  std::vector<Sint> lock_items_;  // decentralized: live objects per lock stripe
  std::atomic<Uint> fixed_{0};
  Uint words_ = 0;     // sum of the held objects' words
};

}  // namespace girder
