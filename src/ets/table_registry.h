// Every live ETS table, found by its id (a reference) or its name.
//
// A table id is a local reference in a number range of its own (its third
// number is TABLE_REF_MARK, which vm_make_ref does not reach), carrying the
// table's slot and serial: finding a table by id is an index into an array
// of slots, and by name an index into an array by atom number; both take
// no lock (the slots are atomics in chunks that never move). Adding,
// removing and renaming take the registry's mutex.
//
// A removed table is freed through the deferred-free hook, which the
// runtime points at its scheduler epochs: a Table* found by a lookup stays
// valid until the finding thread passes a point between two slices.
//
// The registry also knows which tables each process owns and which it has
// fixed, so that a process's exit finds them (runtime/bif_ets.cpp).
//
// Lock order: a table's lock before the registry's mutex, never the other
// way round.
#pragma once

#include <atomic>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "ets/table.h"
#include "process/process.h"

namespace girder {

constexpr uint32_t TABLE_REF_MARK = 0x40000000u;

class TableRegistry {
 public:
  TableRegistry();
  ~TableRegistry();
  TableRegistry(const TableRegistry&) = delete;
  TableRegistry& operator=(const TableRegistry&) = delete;

  // The live table of a table id, or nullptr. *is_id tells whether t has
  // the form of a table id at all (a deleted table's id has).
  Table* by_id(Term t, bool* is_id) const;
  Table* by_name(Term name) const;

  // Registers t (owned by t->owner); false if t is named and its name is
  // taken (t is then not registered).
  bool add(Table* t);
  // Unregisters t: lookups fail from now on; t is freed once no thread
  // can hold it. Its owner and fixers forget it.
  void remove(Table* t);
  // Renames a named table; false if the name is taken by another table.
  bool rename(Table* t, Term name);
  // Makes `to` the owner of t (give_away, heir), with t's lock held; false
  // (and nothing changes) if `to` is exiting. The caller has set
  // to->ets_involved first: either this sees `to` exiting, or `to`'s
  // exit, which reads the flag after it starts exiting and then takes the
  // registry's mutex, finds t among its tables.
  bool set_owner(Table* t, Process* to);
  // Records that pid fixed t (first fixation) or no longer does.
  void note_fixer(Table* t, Term pid, bool fixing);

  // What a process leaves behind when it exits.
  std::vector<Table*> take_owned(Term pid);
  std::vector<Table*> take_fixed(Term pid);

  // Every live table, in creation order of their slots.
  std::vector<Table*> all() const;
  Uint count() const { return count_.load(std::memory_order_relaxed); }

 private:
  static constexpr unsigned CHUNK_BITS = 12;
  static constexpr Uint CHUNK = Uint(1) << CHUNK_BITS;
  static constexpr Uint NCHUNKS = Uint(1) << 14;  // 64M tables, 64M atoms

  using Slots = std::atomic<Table*>;
  static Slots* slot(const std::atomic<Slots*>* chunks, Uint i);
  Slots& ensure(std::atomic<Slots*>* chunks, Uint i);
  void erase_from(std::unordered_map<Term, std::vector<Table*>>& m, Term pid, Table* t);

  std::atomic<Slots*> ids_[NCHUNKS] = {};
  std::atomic<Slots*> names_[NCHUNKS] = {};
  mutable std::mutex lock_;
  std::vector<uint32_t> free_slots_;
  uint32_t next_slot_ = 0;
  uint32_t next_serial_ = 1;
  std::atomic<Uint> count_{0};
  std::unordered_map<Term, std::vector<Table*>> owned_;
  std::unordered_map<Term, std::vector<Table*>> fixed_;
};

TableRegistry& ets_registry();

// Deferred freeing (set by the runtime): fn(obj) is called once no thread
// can hold obj. Without a hook, objects are freed at once (unit tests).
using DeferFreeFn = void (*)(void (*fn)(void*), void* obj);
void ets_set_defer_free(DeferFreeFn f);
void ets_defer_free(void (*fn)(void*), void* obj);

// The id of t as a term built on h.
Term table_id_term(Heap& h, const Table& t);

}  // namespace girder
