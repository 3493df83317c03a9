// What the ETS BIFs (runtime/bif_ets*.cpp) share: finding, locking and
// checking a table, ERTS's ets errors, and the runtime's hooks for ETS.
#pragma once

#include <mutex>
#include <shared_mutex>

#include "bif/bif.h"
#include "ets/table_registry.h"

namespace girder {

// error:badarg as ERTS raises it from an ets BIF: the frame's error_info
// is #{cause => Cause, module => erl_stdlib_errors}, or without the cause
// when cause is THE_NON_VALUE (erl_stdlib_errors explains both).
Term ets_badarg(Process* p, Term cause = THE_NON_VALUE);

// What a BIF does to a table, for the access check: info (anyone), read
// (not a private table of another process), write (a public table, or
// the caller's own).
enum class EtsNeed : uint8_t { info, read, write };

// A table found by name or id, locked (shared, or alone with
// `exclusive`), alive, and usable by p as `need` says. When any of that
// fails the BIF's exception is already raised in p (causes type, id,
// access) and ok() is false. The lock is released at the end of scope.
class EtsTable {
 public:
  EtsTable(Process* p, Term tid, EtsNeed need, bool exclusive);
  ~EtsTable() { unlock(); }
  EtsTable(const EtsTable&) = delete;
  EtsTable& operator=(const EtsTable&) = delete;

  bool ok() const { return t_ != nullptr; }
  Table* operator->() const { return t_; }
  Table& operator*() const { return *t_; }
  Table* get() const { return t_; }
  void unlock();
  // Lets others at the table for a moment, so that nobody waits long
  // behind a long walk: releases the lock and takes it again in the same
  // mode. False (and unlocked) if the table was deleted meanwhile.
  bool pause();
  // Hands the (still held) lock over to the caller.
  Table* release() {
    Table* t = t_;
    t_ = nullptr;
    return t;
  }

 private:
  Table* t_ = nullptr;
  bool exclusive_ = false;
};

// The table's lookup without locking: nullptr, with *cause type or id.
Table* ets_find_table(Term tid, Term* cause);

// How a table is named in messages and in ets:all/0: its name if it is a
// named table, else its id.
Term ets_table_term(Heap& h, const Table& t);

// Whether p may read or write t (with t's lock held).
bool ets_may_read(const Process* p, const Table& t);
bool ets_may_write(const Process* p, const Table& t);

// Deletes t, whose lock the caller holds alone (released here): lookups
// fail from now on; its objects are freed after the unlock.
void ets_delete_locked(Table* t, std::unique_lock<std::shared_mutex>& lock);

// Marks `to` as a process whose exit must look for its tables and
// fixations, before the registry records any (see
// TableRegistry::set_owner).
inline void ets_note_involved(Process* to) { to->ets_involved.store(true, std::memory_order_seq_cst); }

// ---- the runtime's hooks (called from runtime/vm.cpp) ----
// At start-up, before any process runs.
void ets_init();
// p is exiting: its fixations go, its tables go to their heirs or are
// deleted. Before p's links and monitors are signalled, as in ERTS.
void ets_process_exited(Process* p);

}  // namespace girder
