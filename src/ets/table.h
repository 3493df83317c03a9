// An ETS table: its settings, owner and heir, fixations, and its objects
// (a HashStore for set, bag and duplicate_bag, a TreeStore for
// ordered_set). The ETS BIFs (runtime/bif_ets*.cpp) find a table through
// the registry (table_registry.h), take its lock, check `alive` and the
// caller's access, and work on it through the methods below.
//
// Locking: one reader-writer lock per table. Readers (lookup, member,
// match, select, first/next, info) share it; anything that changes the
// table or its settings holds it alone. Every field below `lock` is read
// and written under it. A deleted table keeps its memory until no
// scheduler can still hold a pointer to it (the registry defers the free).
#pragma once

#include <memory>
#include <shared_mutex>
#include <vector>

#include "ets/hash_store.h"
#include "ets/tree_store.h"

namespace girder {

enum class Access : uint8_t { public_, protected_, private_ };

struct TableOptions {
  TableType type = TableType::set;
  Access access = Access::protected_;
  Uint keypos = 1;
  bool named = false;
  Term heir = THE_NON_VALUE;      // a pid, or THE_NON_VALUE for none
  Term heir_data = NIL;
  Term write_concurrency = NIL;   // true, false or auto (atoms); NIL: false
  bool read_concurrency = false;
  bool compressed = false;
  int decentralized_counters = -1;  // -1: the default for the type
  bool many_schedulers = true;      // ERTS's lock arrays exist only then
};

// One process's safe_fixtable count on a table.
struct Fixation {
  Term pid;
  Uint count;
};

class Table {
 public:
  Table(const TableOptions& o, Term name, Term owner);
  ~Table();
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  // Fixed at creation (slot and serial by the registry, before anyone
  // else sees the table).
  uint32_t slot = 0;
  uint32_t serial = 0;
  const TableType type;
  const Uint keypos;
  const bool named;
  const bool compressed;
  // What the concurrency options came to, as ERTS decides and
  // ets:info/2 reports them: none for a private table, no
  // write_concurrency on a single scheduler; decentralized counters only
  // with write_concurrency.
  const bool read_concurrency;
  const Term write_concurrency;  // atom: true, false or auto
  const bool decentralized_counters;
  // A hash table with ERTS's fine-grained locks (write_concurrency came to
  // something): ERTS walks it in strides of its locks and takes no table
  // lock to read it.
  bool fine_locked() const { return hash_ && hash_->nlocks() > 1; }

  std::shared_mutex lock;
  bool alive = true;
  Term name;
  Term owner;
  Access access;
  Term heir = THE_NON_VALUE;  // pid or THE_NON_VALUE
  DbTerm heir_data;
  std::vector<Fixation> fixations;
  uint64_t fix_monotonic_ns = 0;  // when the first fixation began
  uint64_t fix_system_us = 0;

  // ---- objects (with the lock held) ----
  Uint size() const { return hash_ ? hash_->count() : tree_->count(); }
  // The first object with key (for a bag, the newest: a key's objects run
  // newest first, and lookup answers them consed, oldest first), or
  // nullptr.
  DbObject* find(Term key) const { return hash_ ? hash_->find(key) : tree_->find(key); }
  // The next object with the same key as o (bags), or nullptr.
  DbObject* next_same_key(const DbObject* o) const { return hash_ ? hash_->next_same_key(o) : nullptr; }
  // Takes obj (or frees it if it is not kept: see HashStore::insert). A
  // hash table grows as ERTS's does.
  bool insert(DbObject* obj, bool only_new = false);
  // Deletes; a hash table shrinks as ERTS's does.
  Uint erase_key(Term key);
  Uint erase_object(Term object);
  void replace(DbObject* old, DbObject* repl) { hash_ ? hash_->replace(old, repl) : tree_->replace(old, repl); }
  // Removes one object found through find (others with its key stay),
  // without shrinking (see HashStore::remove).
  void remove(DbObject* o) {
    if (hash_) {
      hash_->remove(o);
    } else {
      tree_->erase_key(o->key(keypos));
    }
  }
  // Frees every object (the table is being deleted).
  void clear();
  // ets:delete_all_objects/1: returns how many objects there were.
  Uint erase_all() { return hash_ ? hash_->erase_all() : erase_all_tree(); }
  // ERTS's words for ets:info(T, memory).
  Uint memory_words() const;

  HashStore* hash() const { return hash_.get(); }
  TreeStore* tree() const { return tree_.get(); }

  // safe_fixtable: fix/unfix by pid (unfix of an unfixed pid does
  // nothing); release drops all of pid's fixations (it exited).
  void fix(Term pid, uint64_t monotonic_ns, uint64_t system_us);
  void unfix(Term pid);
  void release_fixations(Term pid);
  bool fixed() const { return !fixations.empty(); }
  // Fixes the storage for the length of one traversal (not visible in
  // info(fixed)).
  void fix_storage() {
    if (hash_) hash_->fix();
  }
  void unfix_storage() {
    if (hash_) hash_->unfix();
  }

 private:
  Uint erase_all_tree() {
    Uint n = tree_->count();
    tree_->clear();
    return n;
  }

  std::unique_ptr<HashStore> hash_;
  std::unique_ptr<TreeStore> tree_;
  Uint base_words_;
};

}  // namespace girder
