// Whole-table walks (select/2, select_reverse/2, match/2, match_object/2,
// select_count/2, select_delete/2, select_replace/2) that yield.
//
// A walk looks at up to SLICE objects per call. When more are left it
// traps to ets:internal_walk/1 with its state, charging the slice's
// reductions, so a process walking a large table is scheduled out like
// any other, and the table's lock is free between slices. Where it is: a
// hash table's next bucket (in ERTS's walk order, HashStore::next_slot),
// or the last key an ordered_set walk saw. A hash table walked over
// several slices is fixed by the walking process (as ERTS does;
// info(T, safe_fixed) shows it), so that no bucket moves and no object it
// has yet to see goes away; the fixation ends with the walk, or with the
// process. Results gather, last first, on the heap; for a hash table that
// is the answer, as ERTS conses it.
//
// ERTS's own walk traps every 1000 objects, and whether it did decides
// whether a select_delete shrinks the table at its end (see erase_done),
// so a hash walk counts as ERTS would: Iters, the objects ERTS has left
// before it traps, and Trapped.
//
// The state, a tuple (ets:internal_walk/1 checks all of it, as anyone may
// call it): {Op, Tid, Spec, Slot, Last, Fixed, Acc, Count, Iters, Trapped}
// where Last is [] or {Key}.
#include <algorithm>

#include "gc/copy.h"
#include "runtime/bif_ets_select.h"
#include "process/vm_services.h"
#include "runtime/vm.h"
#include "term/compare.h"

namespace girder {

namespace {

constexpr Uint SLICE = 2000;  // objects looked at per call

struct Walk {
  WalkOp op;
  Term tid;
  Term spec;
  Uint slot = 0;                // hash table: the next bucket
  Term last = THE_NON_VALUE;    // ordered_set: the last key looked at
  bool fixed = false;           // the process fixes the hash table for the walk
  Term acc = NIL;               // select: results, last first
  Uint count = 0;               // count, erase, replace: how many
  Sint iters = ERTS_WALK_ITERATIONS; // hash table: objects ERTS has left before it traps
  bool trapped = false;         // hash table: ERTS would have trapped
  bool done = false;

  bool writes() const { return op == WalkOp::erase || op == WalkOp::replace; }
  bool reverse() const { return op == WalkOp::select_reverse; }
};

Term state_term(Heap& h, const Walk& w) {
  Term last = is_value(w.last) ? make_tuple(h, {w.last}) : NIL;
  return make_tuple(h, {make_small(Sint(w.op)), w.tid, w.spec, make_small(Sint(w.slot)), last,
                        w.fixed ? atom::am_true : atom::am_false, w.acc, make_small(Sint(w.count)),
                        make_small(w.iters), w.trapped ? atom::am_true : atom::am_false});
}

bool from_state(Term s, Walk* w) {
  if (!is_tuple(s) || tuple_arity(s) != 10) return false;
  Term* e = tuple_ptr(s) + 1;
  if (!is_small(e[0]) || small_value(e[0]) < 0 || small_value(e[0]) > Sint(WalkOp::replace)) return false;
  if (!is_small(e[3]) || small_value(e[3]) < 0 || !is_small(e[7]) || small_value(e[7]) < 0) return false;
  if (!(is_nil(e[4]) || (is_tuple(e[4]) && tuple_arity(e[4]) == 1))) return false;
  if (e[5] != atom::am_true && e[5] != atom::am_false) return false;
  if (list_length(e[6]) < 0) return false;
  if (!is_small(e[8]) || small_value(e[8]) > ERTS_WALK_ITERATIONS) return false;
  if (e[9] != atom::am_true && e[9] != atom::am_false) return false;
  w->op = WalkOp(small_value(e[0]));
  w->tid = e[1];
  w->spec = e[2];
  w->slot = Uint(small_value(e[3]));
  w->last = is_nil(e[4]) ? THE_NON_VALUE : tuple_elem(e[4], 1);
  w->fixed = e[5] == atom::am_true;
  w->acc = e[6];
  w->count = Uint(small_value(e[7]));
  w->iters = small_value(e[8]);
  w->trapped = e[9] == atom::am_true;
  return true;
}

// One object: what the walk's op does with it (the lock held as the op
// needs). For erase, `remove` deletes it.
template <class Remove>
void visit(Process* p, Table& t, const MatchProg& prog, MsRunner& runner, Walk& w, DbObject* o, Remove&& remove) {
  Term r = runner.run(prog, p, o->tuple());
  switch (w.op) {
    case WalkOp::select:
    case WalkOp::select_reverse:
      if (is_value(r)) w.acc = make_cons(p->heap, r == o->tuple() ? copy_term(o->tuple(), p->heap) : copy_term(r, p->heap), w.acc);
      break;
    case WalkOp::count:
      w.count += r == atom::am_true;
      break;
    case WalkOp::erase:
      if (r == atom::am_true) {
        remove();
        w.count++;
      }
      break;
    case WalkOp::replace:
      // the spec keeps the key (checked when the walk began); anything
      // else the body gives is no object
      if (is_value(r) && is_tuple(r) && tuple_arity(r) >= t.keypos && eq_exact(tuple_elem(r, t.keypos), o->key(t.keypos))) {
        t.replace(o, db_object_create(r));
        w.count++;
      }
      break;
  }
}

// Visits the live objects of hash bucket ix along its chain; how many
// objects it held.
Uint hash_bucket(Process* p, Table& t, const MatchProg& prog, MsRunner& runner, Walk& w, Uint ix) {
  HashStore* h = t.hash();
  Uint n = 0;
  for (DbObject* o = h->bucket(ix); o; n++) {
    DbObject* next = o->next;  // o may be replaced or removed
    if (!o->dead()) {
      w.iters--;
      visit(p, t, prog, runner, w, o, [&] { h->remove(ix, o); });
    }
    o = next;
  }
  return n;
}

// One slice of a hash table walk, the storage fixed throughout: whole
// buckets in ERTS's order from w.slot.
void hash_slice(Process* p, Table& t, const MatchProg& prog, Walk& w) {
  MsRunner runner;
  HashStore* h = t.hash();
  Uint visited = 0;
  h->fix();
  for (;;) {
    visited += hash_bucket(p, t, prog, runner, w, w.slot);
    w.slot = h->next_slot(w.slot);
    if (w.slot == 0) {
      w.done = true;
      break;
    }
    if (w.iters <= 0) {
      w.trapped = true;
      w.iters = ERTS_WALK_ITERATIONS;
    }
    if (visited >= SLICE) break;
  }
  h->unfix();
}

// The end of a select_delete on a hash table: the dead go, and the table
// shrinks if ERTS's would. ERTS tries to at the end of its walk, which
// sees the table fixed, and so does not shrink, when anyone else has it
// fixed, when the walk trapped and the caller is not the table's only
// writer (ERTS fixes the table over traps then), and always on a table
// with fine-grained locks but for its only writer.
void erase_done(Process* p, Table& t, const Walk& w) {
  HashStore* h = t.hash();
  h->purge_if_unfixed();
  if (w.count == 0) return;
  bool only_writer = t.access != Access::public_ && t.owner == p->id;
  if (only_writer || (!t.fine_locked() && !w.trapped)) h->try_shrink();
}

// One slice of an ordered_set walk, from the key after (before) w.last.
void tree_slice(Process* p, Table& t, const MatchProg& prog, Walk& w) {
  MsRunner runner;
  TreeStore* tr = t.tree();
  bool rev = w.reverse();
  auto it = !rev ? (is_value(w.last) ? tr->upper_bound(w.last) : tr->begin())
                 : (is_value(w.last) ? tr->lower_bound(w.last) : tr->end());
  for (Uint visited = 0; visited < SLICE; visited++) {
    if (rev ? it == tr->begin() : it == tr->end()) {
      w.done = true;
      return;
    }
    if (rev) --it;
    DbObject* o = TreeStore::at(it);
    // the key outlives the slice (the object may not)
    if (visited + 1 == SLICE) w.last = copy_term(o->key(t.keypos), p->heap);
    bool erased = false;
    visit(p, t, prog, runner, w, o, [&] {
      it = tr->erase(it);
      erased = true;
    });
    if (!rev && !erased) ++it;
  }
  w.done = rev ? it == tr->begin() : it == tr->end();
}

bool fixes(const Table& t, Term pid) {
  return std::any_of(t.fixations.begin(), t.fixations.end(), [&](const Fixation& f) { return f.pid == pid; });
}

// The walking process fixes t (its lock held alone) for the rest of the walk.
void fix_for_walk(Process* p, Table& t) {
  bool first = !fixes(t, p->id);
  t.fix(p->id, vm_monotonic_ns(), 0);
  if (first) {
    ets_note_involved(p);
    ets_registry().note_fixer(&t, p->id, true);
  }
}

void unfix_after_walk(Process* p, Table& t) {
  t.unfix(p->id);
  if (!fixes(t, p->id)) ets_registry().note_fixer(&t, p->id, false);
}

Term answer(Process* p, const Walk& w, bool hash) {
  if (w.op != WalkOp::select && w.op != WalkOp::select_reverse) return make_small(Sint(w.count));
  // acc holds the results last first: a hash table's answer as ERTS's
  if (hash) return w.acc;
  Term l = NIL;
  for (Term a = w.acc; is_list(a); a = cdr(a)) l = make_cons(p->heap, car(a), l);
  return l;
}

// Runs one slice of w (the table not locked); the answer, a trap, or an
// exception.
Term walk_slice(Process* p, Walk& w, bool first) {
  EtsNeed need = w.writes() ? EtsNeed::write : EtsNeed::read;
  EtsTable t(p, w.tid, need, w.writes());
  if (!t.ok()) return THE_NON_VALUE;
  std::shared_ptr<const MatchProg> prog = ets_program_for(p, t, w.spec);
  if (!prog) return THE_NON_VALUE;
  bool hash = t->hash() != nullptr;
  if (first) {
    // later slices find the table by its id (a name may be taken anew)
    w.tid = table_id_term(p->heap, *t);
    if (w.op == WalkOp::replace) {
      if (!ms_keeps_key(*prog, t->keypos)) {
        t.unlock();
        return ets_badarg(p);
      }
      if (t->type == TableType::bag || t->type == TableType::duplicate_bag) {
        t.unlock();
        return ets_badarg(p, atom::table_type);
      }
    }
    // a spec that binds every key: just those objects, at once (in a
    // hash table, the whole buckets of those keys, as ERTS)
    std::vector<Term> keys;
    if (ets_bound_keys(*prog, *t, &keys)) {
      MsRunner runner;
      if (t->hash()) {
        for (Uint ix : t->hash()->key_buckets(keys, t->fine_locked()))
          hash_bucket(p, *t, *prog, runner, w, ix);
        if (w.op == WalkOp::erase) erase_done(p, *t, w);
        return answer(p, w, hash);
      }
      std::vector<DbObject*> objs;
      for (Term k : keys) {
        // the key's objects first: visiting may delete or replace them
        objs.clear();
        for (DbObject* o = t->find(k); o; o = t->next_same_key(o)) objs.push_back(o);
        for (DbObject* o : objs) visit(p, *t, *prog, runner, w, o, [&] { t->remove(o); });
      }
      if (w.reverse()) {
        // keys came in order: reversed results are the acc as it stands
        Term l = w.acc;
        w.acc = NIL;
        for (; is_list(l); l = cdr(l)) w.acc = make_cons(p->heap, car(l), w.acc);
      }
      return answer(p, w, hash);
    }
  }
  if (hash) {
    hash_slice(p, *t, *prog, w);
  } else {
    tree_slice(p, *t, *prog, w);
  }
  if (w.done) {
    if (w.fixed || w.writes()) {
      if (!w.writes()) {
        // unfixing changes the table: it needs the lock alone
        // (a table deleted meanwhile took the fixation with it; the walk
        // was over before that)
        t.unlock();
        EtsTable x(p, w.tid, EtsNeed::info, true);
        if (x.ok()) unfix_after_walk(p, *x);
      } else {
        if (w.fixed) unfix_after_walk(p, *t);
        if (w.op == WalkOp::erase && t->hash()) erase_done(p, *t, w);
      }
    }
    return answer(p, w, hash);
  }
  if (t->hash() && !w.fixed) {
    if (!w.writes()) {
      // the storage stays fixed over the gap while the lock is retaken alone
      t->fix_storage();
      t.unlock();
      EtsTable x(p, w.tid, EtsNeed::info, true);
      if (!x.ok()) return THE_NON_VALUE;  // gone: nothing left to unfix
      fix_for_walk(p, *x);
      x->unfix_storage();
    } else {
      fix_for_walk(p, *t);
    }
    w.fixed = true;
  }
  static Export* walk = export_put(atom::ets, atom::internal_walk, 1);
  return bif_trap(p, walk, {state_term(p->heap, w)}, int(SLICE / 2));
}

}  // namespace

Term ets_walk(Process* p, WalkOp op, Term tab, Term spec) {
  Walk w;
  w.op = op;
  w.tid = tab;
  w.spec = spec;
  return walk_slice(p, w, true);
}

// ets:internal_walk(State): the next slice of a walk.
Term ets_internal_walk_1(Process* p, Term* a) {
  Walk w;
  if (!from_state(a[0], &w)) return ets_badarg(p);
  return walk_slice(p, w, false);
}

}  // namespace girder
