// ETS tables' lives: ets:new/2, delete/1, rename/2, give_away/3,
// setopts/2, safe_fixtable/2, info/1,2, whereis/1, all/0 (through
// internal_request_all/0), and what a process's exit does to the tables it
// owns (to the heir, or deleted) and fixes (released).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "bif/erlang_terms_display.h"
#include "ets/match_spec.h"
#include "runtime/bif_ets.h"
#include "runtime/schedulers.h"
#include "runtime/vm.h"
#include "process/vm_services.h"
#include "term/binary.h"
#include "term/map.h"

namespace girder {

// ---- shared parts (bif_ets.h) ---------------------------------------------------

Term ets_badarg(Process* p, Term cause) {
  if (!is_value(cause)) return bif_badarg(p);
  Term keys[] = {atom::cause, atom::module};
  Term vals[] = {cause, atom::erl_stdlib_errors};
  Term info = make_tuple(p->heap, {atom::error_info, map_from_pairs(p->heap, keys, vals, 2)});
  return bif_error_info(p, atom::badarg, make_cons(p->heap, info, NIL));
}

Table* ets_find_table(Term tid, Term* cause) {
  TableRegistry& r = ets_registry();
  if (is_atom(tid)) {
    Table* t = r.by_name(tid);
    if (!t) *cause = atom::id;
    return t;
  }
  bool is_id;
  Table* t = r.by_id(tid, &is_id);
  if (!t) *cause = is_id ? atom::id : atom::type;
  return t;
}

bool ets_may_read(const Process* p, const Table& t) { return t.access != Access::private_ || t.owner == p->id; }

bool ets_may_write(const Process* p, const Table& t) { return t.access == Access::public_ || t.owner == p->id; }

EtsTable::EtsTable(Process* p, Term tid, EtsNeed need, bool exclusive) : exclusive_(exclusive) {
  Term cause = THE_NON_VALUE;
  Table* t = ets_find_table(tid, &cause);
  if (!t) {
    ets_badarg(p, cause);
    return;
  }
  if (exclusive) {
    t->lock.lock();
  } else {
    t->lock.lock_shared();
  }
  t_ = t;
  if (!t->alive) {
    cause = atom::id;
  } else if ((need == EtsNeed::read && !ets_may_read(p, *t)) || (need == EtsNeed::write && !ets_may_write(p, *t))) {
    cause = atom::access;
  } else {
    return;
  }
  unlock();
  ets_badarg(p, cause);
}

void EtsTable::unlock() {
  if (!t_) return;
  if (exclusive_) {
    t_->lock.unlock();
  } else {
    t_->lock.unlock_shared();
  }
  t_ = nullptr;
}

bool EtsTable::pause() {
  if (exclusive_) {
    t_->lock.unlock();
    std::this_thread::yield();
    t_->lock.lock();
  } else {
    t_->lock.unlock_shared();
    std::this_thread::yield();
    t_->lock.lock_shared();
  }
  if (t_->alive) return true;
  unlock();
  return false;
}

Term ets_table_term(Heap& h, const Table& t) { return t.named ? t.name : table_id_term(h, t); }

void ets_delete_locked(Table* t, std::unique_lock<std::shared_mutex>& lock) {
  t->alive = false;
  // the objects are unreachable once alive is false: free them without
  // keeping anyone who waits for the lock waiting
  ets_registry().remove(t);
  lock.unlock();
  t->clear();
}

namespace {

uint64_t system_us() {
  return uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count());
}

// A local pid's process if it is alive, else nullptr.
Process* live_process(Term pid) {
  if (!is_local_pid(pid)) return nullptr;
  return vm_lookup(pid);
}

// ets:new/2's options; false for a bad one.
bool parse_options(Term opts, TableOptions* o) {
  for (; is_list(opts); opts = cdr(opts)) {
    Term x = car(opts);
    if (x == atom::set) {
      // the default: it never overrides another type given (ERTS)
    } else if (x == atom::ordered_set) {
      o->type = TableType::ordered_set;
    } else if (x == atom::bag) {
      o->type = TableType::bag;
    } else if (x == atom::duplicate_bag) {
      o->type = TableType::duplicate_bag;
    } else if (x == atom::public_) {
      o->access = Access::public_;
    } else if (x == atom::protected_) {
      o->access = Access::protected_;
    } else if (x == atom::private_) {
      o->access = Access::private_;
    } else if (x == atom::named_table) {
      o->named = true;
    } else if (x == atom::compressed) {
      o->compressed = true;
    } else if (is_tuple(x) && tuple_arity(x) == 2) {
      Term k = tuple_elem(x, 1), v = tuple_elem(x, 2);
      bool is_bool = v == atom::am_true || v == atom::am_false;
      if (k == atom::keypos && is_small(v) && small_value(v) >= 1) {
        o->keypos = Uint(small_value(v));
      } else if (k == atom::heir && v == atom::none) {
        o->heir = THE_NON_VALUE;
      } else if (k == atom::write_concurrency && (is_bool || v == atom::auto_)) {
        o->write_concurrency = v;
      } else if (k == atom::read_concurrency && is_bool) {
        o->read_concurrency = v == atom::am_true;
      } else if (k == atom::decentralized_counters && is_bool) {
        o->decentralized_counters = v == atom::am_true;
      } else {
        return false;
      }
    } else if (is_tuple(x) && tuple_arity(x) == 3 && tuple_elem(x, 1) == atom::heir &&
               is_pid(tuple_elem(x, 2))) {
      // a heir that is not alive is no heir, as in ERTS
      bool alive = live_process(tuple_elem(x, 2)) != nullptr;
      o->heir = alive ? tuple_elem(x, 2) : THE_NON_VALUE;
      o->heir_data = tuple_elem(x, 3);
    } else {
      return false;
    }
  }
  return is_nil(opts);
}

// {'ETS-TRANSFER', Tab, From, Data} to the new owner of t (lock held).
void send_transfer(Process* from, Table* t, Term to, Term data) {
  Heap& h = from->heap;
  Term msg = make_tuple(h, {atom::ets_transfer, ets_table_term(h, *t), from->id, data});
  vm_send(from, to, msg);
}

Term access_atom(Access a) {
  switch (a) {
    case Access::public_: return atom::public_;
    case Access::protected_: return atom::protected_;
    default: return atom::private_;
  }
}

Term type_atom(TableType t) {
  switch (t) {
    case TableType::set: return atom::set;
    case TableType::ordered_set: return atom::ordered_set;
    case TableType::bag: return atom::bag;
    default: return atom::duplicate_bag;
  }
}

// ERTS's stats for a hash table: {Buckets, AvgChain, StdDev, ExpectedStdDev,
// MinChain, MaxChain, DeadKept, Locks}; false for an ordered_set. Chains
// count dead objects too, as ERTS's.
Term hash_stats(Heap& h, const Table& t) {
  const HashStore* hs = t.hash();
  if (!hs) return atom::am_false;
  Uint n = hs->nactive();
  Uint mn = UINT64_MAX, mx = 0, sum = 0, sq_sum = 0;
  for (Uint ix = 0; ix < n; ix++) {
    Uint len = 0;
    for (DbObject* o = hs->bucket(ix); o; o = o->next) len++;
    sum += len;
    sq_sum += len * len;
    mn = std::min(mn, len);
    mx = std::max(mx, len);
  }
  // in single precision, as ERTS computes them (the digits show)
  float avg = float(sum) / float(n);
  float std_dev = sqrtf((float(sq_sum) - avg * float(sum)) / float(n));
  float exp_std = float(std::sqrt(double(avg) * (1.0 - 1.0 / double(n))));
  return make_tuple(h, {make_small(Sint(n)), make_float(h, avg), make_float(h, std_dev), make_float(h, exp_std),
                        make_small(Sint(mn)), make_small(Sint(mx)), make_small(Sint(hs->dead_count())),
                        make_small(Sint(hs->nlocks()))});
}

// {Pid, Count} list of the fixations, or false.
Term fixers(Heap& h, const Table& t, Term when) {
  if (t.fixations.empty()) return atom::am_false;
  std::vector<Term> l;
  for (const Fixation& f : t.fixations) l.push_back(make_tuple(h, {f.pid, make_small(Sint(f.count))}));
  return make_tuple(h, {when, make_list_from(h, l.data(), l.size())});
}

// The refc binaries the table's objects reference: [{Address, Size, Refc}].
Term binaries(Heap& h, const Table& t) {
  std::vector<Term> l;
  auto add = [&](const DbObject* o) {
    for (OffHeapThing* oh = o->off_heap.first; oh; oh = oh->next) {
      if (header_subtag(oh->header) != SUB_REFC_BIN) continue;  // resources are not binaries
      auto* pb = reinterpret_cast<ProcBin*>(oh);
      l.push_back(make_tuple(h, {make_uinteger(h, Uint(reinterpret_cast<uintptr_t>(pb->val))),
                                 make_uinteger(h, pb->size),
                                 make_uinteger(h, pb->val->refc.load(std::memory_order_relaxed))}));
    }
  };
  if (const HashStore* hs = t.hash()) {
    for (Uint ix = 0; ix < hs->nactive(); ix++)
      for (DbObject* o = hs->bucket(ix); o; o = o->next) add(o);
  } else {
    for (auto it = t.tree()->begin(); it != t.tree()->end(); ++it) add(TreeStore::at(it));
  }
  return make_list_from(h, l.data(), l.size());
}

// One info item, or THE_NON_VALUE if `item` is none.
Term info_item(Heap& h, const Table& t, Term item) {
  if (item == atom::id) return table_id_term(h, t);
  if (item == atom::name) return t.name;
  if (item == atom::type) return type_atom(t.type);
  if (item == atom::size) return make_small(Sint(t.size()));
  if (item == atom::memory) return make_small(Sint(t.memory_words()));
  if (item == atom::owner) return t.owner;
  if (item == atom::heir) return is_value(t.heir) ? t.heir : atom::none;
  if (item == atom::protection) return access_atom(t.access);
  if (item == atom::keypos) return make_small(Sint(t.keypos));
  if (item == atom::named_table) return t.named ? atom::am_true : atom::am_false;
  if (item == atom::compressed) return t.compressed ? atom::am_true : atom::am_false;
  if (item == atom::read_concurrency) return t.read_concurrency ? atom::am_true : atom::am_false;
  if (item == atom::write_concurrency) return t.write_concurrency;
  if (item == atom::decentralized_counters) return t.decentralized_counters ? atom::am_true : atom::am_false;
  if (item == atom::node) return this_node();
  if (item == atom::fixed) return t.fixed() ? atom::am_true : atom::am_false;
  if (item == atom::safe_fixed) {
    Uint us = t.fix_system_us;
    Term ts = make_tuple(h, {make_small(Sint(us / 1000000000000)), make_small(Sint(us / 1000000 % 1000000)),
                             make_small(Sint(us % 1000000))});
    return fixers(h, t, ts);
  }
  if (item == atom::safe_fixed_monotonic_time) return fixers(h, t, make_integer(h, Sint(t.fix_monotonic_ns)));
  if (item == atom::stats) return hash_stats(h, t);
  if (item == atom::binary) return binaries(h, t);
  return THE_NON_VALUE;
}

// The match engine's view of the BIF table: erlang:Name/Arity.
MsGuardFn resolve_guard_bif(Term name, unsigned arity) {
  std::string_view n = atom_name(name);
  for (unsigned i = 0; i < bif_table_size; i++) {
    const BifEntry& e = bif_table[i];
    if (!e.local_only && e.arity == arity && std::string_view(e.module) == "erlang" && n == e.function) return e.fn;
  }
  return nullptr;
}

std::string print_for_ms(Term t) { return display_text(t); }

void defer_free(void (*fn)(void*), void* obj) { sched_retire_object(fn, obj); }

}  // namespace

void ets_init() {
  MsRuntime rt;
  rt.resolve = resolve_guard_bif;
  rt.print = print_for_ms;
  ms_install_runtime(rt);
  ets_set_defer_free(defer_free);
}

void ets_process_exited(Process* p) {
  if (!p->ets_involved.load(std::memory_order_seq_cst)) return;
  TableRegistry& r = ets_registry();
  for (Table* t : r.take_fixed(p->id)) {
    std::unique_lock<std::shared_mutex> g(t->lock);
    if (t->alive) t->release_fixations(p->id);
  }
  for (Table* t : r.take_owned(p->id)) {
    std::unique_lock<std::shared_mutex> g(t->lock);
    if (!t->alive) continue;
    Process* heir = is_value(t->heir) && t->heir != p->id ? live_process(t->heir) : nullptr;
    if (heir) {
      ets_note_involved(heir);
      if (r.set_owner(t, heir)) {
        send_transfer(p, t, heir->id, t->heir_data.term);
        continue;
      }
    }
    ets_delete_locked(t, g);
  }
}

// ---- the BIFs -------------------------------------------------------------------

Term ets_new_2(Process* p, Term* a) {
  Term name = a[0];
  TableOptions o;
  o.many_schedulers = sched_config().normal > 1;
  if (!is_atom(name) || !parse_options(a[1], &o)) return ets_badarg(p);
  auto* t = new Table(o, name, p->id);
  ets_note_involved(p);
  if (!ets_registry().add(t)) {
    delete t;
    return ets_badarg(p, atom::already_exists);
  }
  return ets_table_term(p->heap, *t);
}

Term ets_delete_1(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  Table* tab = t.get();
  std::unique_lock<std::shared_mutex> g(tab->lock, std::adopt_lock);
  t.release();
  ets_delete_locked(tab, g);
  return atom::am_true;
}

Term ets_whereis_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return ets_badarg(p);
  Table* t = ets_registry().by_name(a[0]);
  if (!t) return atom::undefined;
  return table_id_term(p->heap, *t);
}

Term ets_rename_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  if (!is_atom(a[1])) {
    t.unlock();
    return ets_badarg(p);
  }
  if (t->named) {
    if (!ets_registry().rename(t.get(), a[1])) {
      t.unlock();
      return ets_badarg(p);
    }
    return a[1];
  }
  // an unnamed table only changes the name info/2 gives; ERTS answers
  // with its id
  t->name = a[1];
  return table_id_term(p->heap, *t);
}

Term ets_give_away_3(Process* p, Term* a) {
  // as ERTS: write access first, then ownership
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  if (t->owner != p->id) {
    t.unlock();
    return ets_badarg(p, atom::not_owner);
  }
  Term to = a[1];
  if (to == p->id) {
    t.unlock();
    return ets_badarg(p, atom::owner);
  }
  Process* q = live_process(to);
  if (q) ets_note_involved(q);
  if (!q || !ets_registry().set_owner(t.get(), q)) {
    t.unlock();
    return ets_badarg(p);
  }
  send_transfer(p, t.get(), to, a[2]);
  return atom::am_true;
}

Term ets_setopts_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  // a single option or a list, all checked before any is applied
  Term opts = a[1];
  Term one[1] = {opts};
  std::vector<Term> items;
  if (is_list(opts) || is_nil(opts)) {
    for (; is_list(opts); opts = cdr(opts)) items.push_back(car(opts));
    if (!is_nil(opts)) items.clear(), items.push_back(NIL);
  } else {
    items.assign(one, one + 1);
  }
  Term heir = THE_NON_VALUE, heir_data = NIL, prot = THE_NON_VALUE;
  bool set_heir = false;
  for (Term x : items) {
    if (is_tuple(x) && tuple_arity(x) == 3 && tuple_elem(x, 1) == atom::heir && is_pid(tuple_elem(x, 2))) {
      set_heir = true;
      heir = live_process(tuple_elem(x, 2)) ? tuple_elem(x, 2) : THE_NON_VALUE;
      heir_data = tuple_elem(x, 3);
    } else if (is_tuple(x) && tuple_arity(x) == 2 && tuple_elem(x, 1) == atom::heir &&
               tuple_elem(x, 2) == atom::none) {
      set_heir = true;
      heir = THE_NON_VALUE;
    } else if (is_tuple(x) && tuple_arity(x) == 2 && tuple_elem(x, 1) == atom::protection &&
               (tuple_elem(x, 2) == atom::public_ || tuple_elem(x, 2) == atom::protected_ ||
                tuple_elem(x, 2) == atom::private_)) {
      prot = tuple_elem(x, 2);
    } else {
      t.unlock();
      return ets_badarg(p);
    }
  }
  if (t->owner != p->id) {
    t.unlock();
    return ets_badarg(p);
  }
  if (set_heir) {
    t->heir = heir;
    if (is_value(heir)) {
      t->heir_data.set(heir_data);
    } else {
      t->heir_data.clear();
    }
  }
  if (is_value(prot))
    t->access = prot == atom::public_ ? Access::public_ : prot == atom::protected_ ? Access::protected_ : Access::private_;
  return atom::am_true;
}

Term ets_safe_fixtable_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::read, true);
  if (!t.ok()) return THE_NON_VALUE;
  if (a[1] == atom::am_true) {
    bool first = true;
    for (const Fixation& f : t->fixations) first = first && f.pid != p->id;
    t->fix(p->id, vm_monotonic_ns(), system_us());
    if (first) {
      ets_note_involved(p);
      ets_registry().note_fixer(t.get(), p->id, true);
    }
  } else if (a[1] == atom::am_false) {
    t->unfix(p->id);
    bool gone = true;
    for (const Fixation& f : t->fixations) gone = gone && f.pid != p->id;
    if (gone) ets_registry().note_fixer(t.get(), p->id, false);
  } else {
    t.unlock();
    return ets_badarg(p);
  }
  return atom::am_true;
}

Term ets_info_1(Process* p, Term* a) {
  Term cause = THE_NON_VALUE;
  if (!ets_find_table(a[0], &cause) && cause == atom::type) return ets_badarg(p, cause);
  EtsTable t(p, a[0], EtsNeed::info, false);
  if (!t.ok()) return atom::undefined;
  static const Term items[] = {atom::id,     atom::decentralized_counters, atom::read_concurrency,
                               atom::write_concurrency, atom::compressed, atom::memory,
                               atom::owner,  atom::heir, atom::name, atom::size, atom::node,
                               atom::named_table, atom::type, atom::keypos, atom::protection};
  Heap& h = p->heap;
  std::vector<Term> l;
  for (Term i : items) l.push_back(make_tuple(h, {i, info_item(h, *t, i)}));
  return make_list_from(h, l.data(), l.size());
}

Term ets_info_2(Process* p, Term* a) {
  Term cause = THE_NON_VALUE;
  if (!ets_find_table(a[0], &cause) && cause == atom::type) return ets_badarg(p, cause);
  EtsTable t(p, a[0], EtsNeed::info, false);
  if (!t.ok()) return atom::undefined;
  Term v = info_item(p->heap, *t, a[1]);
  if (!is_value(v)) {
    t.unlock();
    return ets_badarg(p);
  }
  return v;
}

// ets:all/0 receives one {Ref, Tables} per scheduler: all of them come in
// the first, the others are empty.
Term ets_internal_request_all_0(Process* p, Term*) {
  Heap& h = p->heap;
  Term ref = vm_make_ref(h);
  std::vector<Term> l;
  for (Table* t : ets_registry().all()) {
    std::shared_lock<std::shared_mutex> g(t->lock);
    if (t->alive) l.push_back(ets_table_term(h, *t));
  }
  Term all = make_list_from(h, l.data(), l.size());
  unsigned n = sched_config().normal;
  for (unsigned i = 0; i < n; i++) vm_send(p, p->id, make_tuple(h, {ref, i == 0 ? all : NIL}));
  return ref;
}

}  // namespace girder
