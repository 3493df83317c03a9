// The ETS BIFs on objects and keys: insert/2, insert_new/2, lookup/2,
// lookup_element/3, member/2, take/2, delete/2, delete_object/2,
// internal_delete_all/2 (delete_all_objects/1), update_counter/3,4,
// update_element/3, first/1, next/2, last/1, prev/2, slot/2.
#include <vector>

#include "gc/copy.h"
#include "runtime/bif_ets.h"
#include "term/compare.h"

namespace girder {

namespace {

bool is_object_for(Term t, const Table& tab) { return is_tuple(t) && tuple_arity(t) >= tab.keypos; }

// The objects to insert (a tuple or a proper list of tuples), copied out
// of the heap before the table is locked; false if one is not an object.
// A bag takes a list's objects last first, as ERTS 25 does.
bool build_objects(Term arg, const Table& tab, std::vector<DbObject*>* out) {
  std::vector<Term> terms;
  if (is_tuple(arg)) {
    terms.push_back(arg);
  } else {
    for (; is_list(arg); arg = cdr(arg)) terms.push_back(car(arg));
    if (!is_nil(arg)) return false;
    if (tab.type == TableType::bag) std::reverse(terms.begin(), terms.end());
  }
  for (Term t : terms)
    if (!is_object_for(t, tab)) return false;
  for (Term t : terms) out->push_back(db_object_create(t));
  return true;
}

void free_objects(std::vector<DbObject*>& objs) {
  for (DbObject* o : objs) db_object_free(o);
  objs.clear();
}

Term insert(Process* p, Term* a, bool only_new) {
  // The objects are copied before the lock is taken; the table found then
  // is the one locked, unless a named table was deleted and made anew
  // meanwhile (then again, with the new one's key position).
  for (;;) {
    Term cause = THE_NON_VALUE;
    Table* found = ets_find_table(a[0], &cause);
    if (!found) return ets_badarg(p, cause);
    std::vector<DbObject*> objs;
    bool good = build_objects(a[1], *found, &objs);
    EtsTable t(p, a[0], EtsNeed::write, true);
    if (!t.ok()) {
      free_objects(objs);
      return THE_NON_VALUE;
    }
    if (t.get() != found) {
      free_objects(objs);
      continue;
    }
    if (!good) {
      t.unlock();
      return ets_badarg(p);
    }
    if (only_new) {
      for (DbObject* o : objs) {
        if (t->find(o->key(t->keypos))) {
          free_objects(objs);
          return atom::am_false;
        }
      }
    }
    // ERTS inserts one tuple of insert_new as insert_new; a list's objects,
    // once no key is there, as insert does (which differs only for a bag
    // key whose objects are dead while the table is fixed)
    bool one_new = only_new && is_tuple(a[1]);
    for (DbObject* o : objs) t->insert(o, one_new);
    return atom::am_true;
  }
}

// Copies of the objects with key, oldest first: consed along the key's
// objects, which run newest first (as ERTS builds the list).
Term lookup_list(Heap& h, const Table& t, Term key) {
  Term l = NIL;
  for (DbObject* o = t.find(key); o; o = t.next_same_key(o)) l = make_cons(h, copy_term(o->tuple(), h), l);
  return l;
}

Term key_or_eot(Heap& h, const Table& t, const DbObject* o) {
  return o ? copy_term(o->key(t.keypos), h) : atom::dollar_end_of_table;
}

// A position argument: a small integer >= 1.
bool position(Term t, Uint* pos) {
  if (!is_small(t) || small_value(t) < 1) return false;
  *pos = Uint(small_value(t));
  return true;
}

// ---- update_counter ----

struct CounterOp {
  Uint pos;
  Term incr, threshold = THE_NON_VALUE, set_value = THE_NON_VALUE;
};

bool counter_op(Term t, Uint default_pos, CounterOp* op) {
  if (is_integer(t)) {
    *op = CounterOp{default_pos, t};
    return true;
  }
  if (!is_tuple(t)) return false;
  Uint n = tuple_arity(t);
  if (n != 2 && n != 4) return false;
  Term* e = tuple_ptr(t) + 1;
  if (!is_small(e[0]) || !is_integer(e[1])) return false;
  // a position below 1 is the position error, not a format error
  op->pos = small_value(e[0]) < 1 ? 0 : Uint(small_value(e[0]));
  op->incr = e[1];
  if (n == 4) {
    if (!is_integer(e[2]) || !is_integer(e[3])) return false;
    op->threshold = e[2];
    op->set_value = e[3];
  }
  return true;
}

bool is_negative(Term i) { return is_small(i) ? small_value(i) < 0 : big_is_neg(i); }

}  // namespace

Term ets_insert_2(Process* p, Term* a) { return insert(p, a, false); }
Term ets_insert_new_2(Process* p, Term* a) { return insert(p, a, true); }

Term ets_lookup_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  return lookup_list(p->heap, *t, a[1]);
}

Term ets_member_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  return t->find(a[1]) ? atom::am_true : atom::am_false;
}

Term ets_lookup_element_3(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  Uint pos;
  if (!position(a[2], &pos)) {
    t.unlock();
    return ets_badarg(p);
  }
  DbObject* first = t->find(a[1]);
  if (!first) {
    t.unlock();
    return ets_badarg(p, atom::badkey);
  }
  for (DbObject* o = first; o; o = t->next_same_key(o)) {
    if (o->arity() < pos) {
      t.unlock();
      return ets_badarg(p);
    }
  }
  Heap& h = p->heap;
  if (t->type == TableType::set || t->type == TableType::ordered_set)
    return copy_term(tuple_elem(first->tuple(), pos), h);
  Term l = NIL;
  for (DbObject* o = first; o; o = t->next_same_key(o)) l = make_cons(h, copy_term(tuple_elem(o->tuple(), pos), h), l);
  return l;
}

Term ets_take_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  Term l = lookup_list(p->heap, *t, a[1]);
  if (is_list(l)) t->erase_key(a[1]);
  return l;
}

Term ets_delete_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  t->erase_key(a[1]);
  return atom::am_true;
}

Term ets_delete_object_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  if (!is_object_for(a[1], *t)) {
    t.unlock();
    return ets_badarg(p);
  }
  t->erase_object(a[1]);
  return atom::am_true;
}

Term ets_internal_delete_all_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  return make_small(Sint(t->erase_all()));
}

// update_counter(Tab, Key, Op[, Default]): Op is an integer (the element
// after the key), {Pos, Incr}, {Pos, Incr, Threshold, SetValue} or a list
// of those; all are checked before the object changes.
static Term update_counter(Process* p, Term* a, Term dflt) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  auto fail = [&](Term cause) {
    t.unlock();
    return ets_badarg(p, cause);
  };
  std::vector<CounterOp> ops;
  bool as_list = is_list(a[2]) || is_nil(a[2]);
  if (as_list) {
    Term l = a[2];
    for (; is_list(l); l = cdr(l)) {
      CounterOp op;
      if (!counter_op(car(l), t->keypos + 1, &op) || is_integer(car(l))) return fail(THE_NON_VALUE);
      ops.push_back(op);
    }
    if (!is_nil(l)) return fail(THE_NON_VALUE);
  } else {
    CounterOp op;
    if (!counter_op(a[2], t->keypos + 1, &op)) return fail(THE_NON_VALUE);
    ops.push_back(op);
  }
  if (t->type == TableType::bag || t->type == TableType::duplicate_bag) return fail(atom::table_type);
  if (is_value(dflt) && !is_object_for(dflt, *t)) return fail(THE_NON_VALUE);
  DbObject* obj = t->find(a[1]);
  if (!obj && !is_value(dflt)) return fail(atom::badkey);
  // the object as it is: the stored one, or the default with the key
  Heap& h = p->heap;
  Term src = obj ? obj->tuple() : dflt;
  Uint arity = tuple_arity(src);
  Term* nt = h.alloc(arity + 1);
  std::memcpy(nt, tuple_ptr(src), (arity + 1) * sizeof(Term));
  if (!obj) nt[t->keypos] = a[1];
  for (const CounterOp& op : ops) {
    if (op.pos == t->keypos) return fail(atom::keypos);
    if (op.pos < 1 || op.pos > arity) return fail(atom::position);
    if (!is_integer(nt[op.pos])) return fail(THE_NON_VALUE);
  }
  std::vector<Term> results;
  for (const CounterOp& op : ops) {
    Term args[2] = {nt[op.pos], op.incr};
    Term v = erlang_plus_2(p, args);
    if (!is_value(v)) return fail(THE_NON_VALUE);
    if (is_value(op.threshold)) {
      int c = compare_terms(v, op.threshold);
      if (is_negative(op.incr) ? c < 0 : c > 0) v = op.set_value;
    }
    nt[op.pos] = v;
    results.push_back(v);
  }
  // counters that stay immediate change in place (nobody reads while the
  // lock is held alone); anything else makes a new object
  bool in_place = obj != nullptr;
  for (const CounterOp& op : ops) in_place = in_place && is_immed(obj->data[op.pos]) && is_immed(nt[op.pos]);
  if (in_place) {
    for (const CounterOp& op : ops) obj->data[op.pos] = nt[op.pos];
  } else if (obj) {
    t->replace(obj, db_object_create(make_boxed(nt)));
  } else {
    t->insert(db_object_create(make_boxed(nt)));
  }
  if (!as_list) return results[0];
  return make_list_from(h, results.data(), results.size());
}

Term ets_update_counter_3(Process* p, Term* a) { return update_counter(p, a, THE_NON_VALUE); }
Term ets_update_counter_4(Process* p, Term* a) { return update_counter(p, a, a[3]); }

Term ets_update_element_3(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  auto fail = [&](Term cause) {
    t.unlock();
    return ets_badarg(p, cause);
  };
  if (t->type == TableType::bag || t->type == TableType::duplicate_bag) return fail(THE_NON_VALUE);
  DbObject* obj = t->find(a[1]);
  if (!obj) return atom::am_false;
  std::vector<Term> specs;
  Term l = a[2];
  if (is_tuple(l)) {
    specs.push_back(l);
  } else {
    for (; is_list(l); l = cdr(l)) specs.push_back(car(l));
    if (!is_nil(l)) return fail(THE_NON_VALUE);
  }
  Uint arity = obj->arity();
  for (Term s : specs) {
    Uint pos;
    if (!is_tuple(s) || tuple_arity(s) != 2 || !position(tuple_elem(s, 1), &pos) || pos > arity)
      return fail(THE_NON_VALUE);
    if (pos == t->keypos) return fail(atom::keypos);
  }
  if (specs.empty()) return atom::am_true;
  bool in_place = true;
  for (Term s : specs) in_place = in_place && is_immed(tuple_elem(s, 2)) && is_immed(obj->data[small_value(tuple_elem(s, 1))]);
  if (in_place) {
    for (Term s : specs) obj->data[small_value(tuple_elem(s, 1))] = tuple_elem(s, 2);
    return atom::am_true;
  }
  Heap& h = p->heap;
  Term* nt = h.alloc(arity + 1);
  std::memcpy(nt, tuple_ptr(obj->tuple()), (arity + 1) * sizeof(Term));
  for (Term s : specs) nt[small_value(tuple_elem(s, 1))] = tuple_elem(s, 2);
  t->replace(obj, db_object_create(make_boxed(nt)));
  return atom::am_true;
}

Term ets_first_1(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  return key_or_eot(p->heap, *t, t->hash() ? t->hash()->first() : t->tree()->first());
}

Term ets_last_1(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  // a hash table has no order: last is first, as in ERTS
  return key_or_eot(p->heap, *t, t->hash() ? t->hash()->first() : t->tree()->last());
}

static Term next_or_prev(Process* p, Term* a, bool next) {
  EtsTable t(p, a[0], EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  if (t->hash()) {
    bool found;
    DbObject* o = t->hash()->next(a[1], &found);
    if (!found) {
      t.unlock();
      return ets_badarg(p);
    }
    return key_or_eot(p->heap, *t, o);
  }
  return key_or_eot(p->heap, *t, next ? t->tree()->next(a[1]) : t->tree()->prev(a[1]));
}

Term ets_next_2(Process* p, Term* a) { return next_or_prev(p, a, true); }
Term ets_prev_2(Process* p, Term* a) { return next_or_prev(p, a, false); }

Term ets_slot_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  if (!is_small(a[1]) || small_value(a[1]) < 0) {
    t.unlock();
    return ets_badarg(p);
  }
  Uint ix = Uint(small_value(a[1]));
  Heap& h = p->heap;
  Uint n = t->hash() ? t->hash()->nactive() : t->size();
  if (ix == n) return atom::dollar_end_of_table;
  if (ix > n) {
    t.unlock();
    return ets_badarg(p);
  }
  if (t->tree()) {
    auto it = t->tree()->begin();
    std::advance(it, long(ix));
    return make_cons(h, copy_term(TreeStore::at(it)->tuple(), h), NIL);
  }
  // consed along the chain, as ERTS builds it
  Term l = NIL;
  for (DbObject* o = t->hash()->bucket(ix); o; o = o->next)
    if (!o->dead()) l = make_cons(h, copy_term(o->tuple(), h), l);
  return l;
}

}  // namespace girder
