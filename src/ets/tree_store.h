// Storage of an ordered_set: the objects in a balanced search tree ordered
// by key in the standard term order, where keys that are == are the same
// key (1 and 1.0). The tree is std::set (a red-black tree): O(log n)
// lookup, insert and delete, in-order walks in both directions, and
// lower/upper bound for next/prev of a key that is not in the table, with
// iterators that stay valid while other elements come and go (select and
// select_delete walk while deleting). ERTS uses an AVL tree threaded
// through its objects; a B-tree would use the cache better, but every
// comparison reads the keys inside the objects anyway.
//
// Not thread-safe: the table's lock (table.h) guards every call.
#pragma once

#include <set>

#include "ets/db_object.h"
#include "ets/ets_alloc.h"

namespace girder {

class TreeStore {
  // The key is kept next to the object pointer, so that comparing with an
  // immediate key (the usual kind) reads no object memory.
  struct Entry {
    mutable DbObject* obj;  // replaced in place by an object with an equal key
    mutable Term key;       // obj's key (pointing into obj when boxed)
  };
  struct Less {
    using is_transparent = void;
    Uint keypos;
    bool operator()(const Entry& a, const Entry& b) const;
    bool operator()(const Entry& a, Term key) const;
    bool operator()(Term key, const Entry& b) const;
  };
  using Set = std::set<Entry, Less, EtsAlloc<Entry>>;

 public:
  using Iter = Set::const_iterator;

  explicit TreeStore(Uint keypos);
  ~TreeStore();
  TreeStore(const TreeStore&) = delete;
  TreeStore& operator=(const TreeStore&) = delete;

  Uint count() const { return set_.size(); }
  DbObject* find(Term key) const;
  // Adds obj, replacing the object with an equal key (unless only_new:
  // then false and nothing changes; the caller frees obj).
  bool insert(DbObject* obj, bool only_new = false);
  Uint erase_key(Term key);
  // Removes the object if it is =:= `object` (key and all).
  Uint erase_object(Term object);
  // Replaces old (found through find) by repl, whose key is equal.
  void replace(DbObject* old, DbObject* repl);
  void clear();

  DbObject* first() const;
  DbObject* last() const { return set_.empty() ? nullptr : set_.rbegin()->obj; }
  // The object with the smallest key above (below) key; key need not be in
  // the table. A walk with first/next takes O(1) a step: each thread
  // remembers where its last first/next ended, valid while the tree's
  // version (unique over all trees, new at every insert or erase) stays.
  DbObject* next(Term key) const;
  DbObject* prev(Term key) const;

  // Walks for select: iterators in key order.
  Iter begin() const { return set_.begin(); }
  Iter end() const { return set_.end(); }
  Iter upper_bound(Term key) const { return set_.upper_bound(key); }
  Iter lower_bound(Term key) const { return set_.lower_bound(key); }
  static DbObject* at(Iter it) { return it->obj; }
  // Removes the object at it; returns the iterator after it.
  Iter erase(Iter it);
  // Words of the objects held (their data only).
  Uint object_words() const { return words_; }

 private:
  void drop(DbObject* o) {
    words_ -= o->words;
    db_object_free(o);
  }
  void changed();
  void remember(Iter it) const;

  Uint keypos_;
  Set set_;
  Uint words_ = 0;  // sum of the held objects' words
  uint64_t version_;
};

}  // namespace girder
