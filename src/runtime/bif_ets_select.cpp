// ETS's match-spec BIFs: select/1,2,3, select_reverse/1,2,3, match/1,2,3,
// match_object/1,2,3, select_count/2, internal_select_delete/2
// (select_delete/2, match_delete/2) and select_replace/2.
//
// A select runs the compiled spec over the objects that can match: only
// the bound keys' objects when every clause's head binds the key (no
// scan), else the whole table in its order (an ordered_set's key order,
// reversed for select_reverse). Results are copied onto the caller's heap
// while the table's lock is held. With a limit, a chunk ends once it has
// the limit's results and its continuation says where to go on:
//   hash:  {Tid, NextSlot, Limit, Spec, Rest, RestLength}
//   tree:  {Tid, LastKey, [], Limit, Spec, [], Reverse, 0}
// (ERTS's shapes, which ets:repair_continuation/2 knows). Spec is the
// spec as given (a compiled one or its source).
#include <vector>

#include "gc/copy.h"
#include "runtime/bif_ets.h"
#include "runtime/bif_ets_select.h"
#include "term/compare.h"

namespace girder {

namespace {

// The program for a spec argument: a compiled spec, or its source. The
// ETS BIFs take [] (matching nothing), which match_spec_compile/1 refuses.
std::shared_ptr<const MatchProg> program_of(Term spec) {
  if (auto c = ets_compiled_ms(spec)) return c;
  if (is_nil(spec)) return ms_empty_program();
  return ms_compile(spec).prog;
}

// [{Pattern, [], [Body]}] for match/2,3 ('$$') and match_object/2,3 ('$_').
Term pattern_spec(Heap& h, Term pattern, Term body) {
  Term clause = make_tuple(h, {pattern, NIL, make_cons(h, body, NIL)});
  return make_cons(h, clause, NIL);
}

// Objects a walk looks at before it lets others at the table.
constexpr Uint PAUSE_EVERY = 2000;

// One select over a locked table: runs the program on objects and keeps
// the results (copied onto the caller's heap). A long walk pauses now and
// then (EtsTable::pause): a hash table stays fixed meanwhile, so no bucket
// moves and no object the walk has yet to see goes away; an ordered_set
// walk goes on after the last key it saw.
class Selector {
 public:
  Selector(Process* p, EtsTable& et, const MatchProg& prog) : p_(p), et_(et), t_(*et), prog_(prog) {}

  // The result for o, or THE_NON_VALUE; results may point into o.
  Term run(const DbObject* o) { return runner_.run(prog_, p_, o->tuple()); }
  // A result as the caller keeps it.
  Term keep(const DbObject* o, Term r) {
    if (r == o->tuple()) return copy_term(o->tuple(), p_->heap);
    return copy_term(r, p_->heap);
  }
  void take(const DbObject* o) {
    visited_++;
    Term r = run(o);
    if (count_only) {
      count += r == atom::am_true;
    } else if (is_value(r)) {
      out.push_back(keep(o, r));
    }
  }

  // Every match, in order (bound keys first looked up).
  void all(bool reverse);
  // Matches from a hash slot on, until `limit` or the end: the slot after
  // the last bucket looked at.
  Uint hash_chunk(Uint slot, Uint limit);
  // Matches after (before, reversed) key `from` (THE_NON_VALUE: from the
  // start) up to key `to` (THE_NON_VALUE: to the end) until `limit`; false
  // when the walk is over. *last: the last key looked at (on the heap).
  bool tree_chunk(Term from, Term to, bool reverse, Uint limit, Term* last);
  // Whether every clause binds the key: then these are the only keys that
  // can match, and bound_keys() has looked them up.
  bool bound_keys();
  // The keys every clause binds, in the table's order without repeats (==
  // for an ordered_set), or false.
  bool key_list(std::vector<Term>* keys);
  // Pauses if the walk has looked at enough objects since the last pause;
  // false if the table was deleted meanwhile (gone is then set).
  bool breathe() {
    if (visited_ < PAUSE_EVERY) return true;
    visited_ = 0;
    if (et_.pause()) return true;
    gone = true;
    return false;
  }

  std::vector<Term> out;
  // select_count: only count the objects whose result is true
  bool count_only = false;
  Uint count = 0;
  bool gone = false;  // the table was deleted during a pause

 private:
  Process* p_;
  EtsTable& et_;
  Table& t_;
  const MatchProg& prog_;
  MsRunner runner_;
  Uint visited_ = 0;
};

bool Selector::key_list(std::vector<Term>* keys) {
  if (!ms_bound_keys(prog_, t_.keypos, keys)) return false;
  if (t_.type == TableType::ordered_set) {
    // 1 and 1.0 name one object: look it up once
    auto less = [](Term a, Term b) { return compare_terms(a, b, false) < 0; };
    auto same = [](Term a, Term b) { return compare_terms(a, b, false) == 0; };
    std::sort(keys->begin(), keys->end(), less);
    keys->erase(std::unique(keys->begin(), keys->end(), same), keys->end());
  }
  return true;
}

bool Selector::bound_keys() {
  std::vector<Term> keys;
  if (!key_list(&keys)) return false;
  for (Term k : keys)
    for (DbObject* o = t_.find(k); o; o = t_.next_same_key(o)) take(o);
  return true;
}

void Selector::all(bool reverse) {
  if (bound_keys()) {
    if (reverse && t_.type == TableType::ordered_set) std::reverse(out.begin(), out.end());
    return;
  }
  if (t_.hash()) {
    hash_chunk(0, UINT64_MAX);
    return;
  }
  Term last;
  tree_chunk(THE_NON_VALUE, THE_NON_VALUE, reverse, UINT64_MAX, &last);
}

Uint Selector::hash_chunk(Uint slot, Uint limit) {
  t_.fix_storage();
  HashStore* h = t_.hash();
  for (; slot < h->nactive() && out.size() < limit; slot++) {
    for (DbObject* o = h->bucket(slot); o; o = o->next)
      if (!o->dead()) take(o);
    if (!breathe()) return slot;  // the table is gone: nothing to unfix
  }
  t_.unfix_storage();
  return slot;
}

bool Selector::tree_chunk(Term from, Term to, bool reverse, Uint limit, Term* last) {
  TreeStore* tr = t_.tree();
  Uint keypos = t_.keypos;
  *last = from;
  auto beyond = [&](const DbObject* o) {
    if (!is_value(to)) return false;
    int c = compare_terms(o->key(keypos), to, false);
    return reverse ? c < 0 : c > 0;
  };
  for (;;) {
    // from the key after (before) *last, until a pause or the end
    auto it = !reverse ? (is_value(*last) ? tr->upper_bound(*last) : tr->begin())
                       : (is_value(*last) ? tr->lower_bound(*last) : tr->end());
    const DbObject* o = nullptr;
    for (;;) {
      if (!reverse && it == tr->end()) return false;
      if (reverse && it == tr->begin()) return false;
      if (reverse) --it;
      o = TreeStore::at(it);
      if (beyond(o)) return false;
      take(o);
      if (out.size() >= limit || visited_ >= PAUSE_EVERY) break;
      if (!reverse) ++it;
    }
    // the key outlives the pause and the chunk (the object may not)
    *last = copy_term(o->key(keypos), p_->heap);
    if (out.size() >= limit) return true;
    if (!breathe()) return false;
  }
}

Term list_of(Heap& h, const std::vector<Term>& v, size_t from = 0, size_t to = SIZE_MAX) {
  to = std::min(to, v.size());
  return from >= to ? NIL : make_list_from(h, v.data() + from, to - from);
}

// The answer of a chunk: '$end_of_table' when nothing came and nothing is
// left, {Results, '$end_of_table'} when nothing is left, else
// {Results, Continuation}.
Term chunk_answer(Heap& h, Term results, bool more, Term cont) {
  if (!more) return is_nil(results) ? atom::dollar_end_of_table : make_tuple(h, {results, atom::dollar_end_of_table});
  return make_tuple(h, {results, cont});
}

// A hash table's chunk from `slot` on, after the results in `pending`
// (left from the last chunk).
Term hash_select_chunk(Process* p, EtsTable& t, const MatchProg& prog, Term tid, Term spec, Uint slot, Uint limit,
                       std::vector<Term> pending, bool keys_done) {
  Heap& h = p->heap;
  Selector s(p, t, prog);
  s.out = std::move(pending);
  Uint n = t->hash()->nactive();
  if (!keys_done && slot == 0 && s.out.empty() && s.bound_keys()) {
    slot = n;
  } else if (s.out.size() < limit) {
    slot = s.hash_chunk(slot, limit);
    if (s.gone) return ets_badarg(p, atom::id);
  }
  Term results = list_of(h, s.out, 0, limit);
  bool more = slot < n || s.out.size() > limit;
  Term rest = list_of(h, s.out, limit);
  Uint rest_len = s.out.size() > limit ? s.out.size() - limit : 0;
  Term cont = make_tuple(h, {tid, make_small(Sint(slot)), make_small(Sint(limit)), spec, rest, make_small(Sint(rest_len))});
  return chunk_answer(h, results, more, cont);
}

// An ordered_set's chunk after key `from` (THE_NON_VALUE: the start), up
// to key `to` (THE_NON_VALUE: the end; ERTS's end condition, the last key
// a spec that binds its keys can match).
Term tree_select_chunk(Process* p, EtsTable& t, const MatchProg& prog, Term tid, Term spec, Term from, Term to,
                       bool reverse, Uint limit) {
  Heap& h = p->heap;
  Selector s(p, t, prog);
  Term last;
  bool more = s.tree_chunk(from, to, reverse, limit, &last);
  if (s.gone) return ets_badarg(p, atom::id);
  Term results = list_of(h, s.out);
  Term cont = THE_NON_VALUE;
  if (more) {
    Term end = is_value(to) ? copy_term(to, h) : NIL;
    cont = make_tuple(h, {tid, last, end, make_small(Sint(limit)), spec, NIL, make_small(reverse ? 1 : 0), make_small(0)});
  }
  return chunk_answer(h, results, more, cont);
}

// The program for spec, for a table t that is open; nullptr (t unlocked,
// badarg raised) if spec is no match spec.
std::shared_ptr<const MatchProg> program_for(Process* p, EtsTable& t, Term spec) {
  std::shared_ptr<const MatchProg> prog = program_of(spec);
  if (!prog) {
    t.unlock();
    ets_badarg(p);
  }
  return prog;
}

// select/2 and its kin: every match.
Term select_all(Process* p, Term tab, Term spec, bool reverse) {
  EtsTable t(p, tab, EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  std::shared_ptr<const MatchProg> prog = program_for(p, t, spec);
  if (!prog) return THE_NON_VALUE;
  Selector s(p, t, *prog);
  s.all(reverse);
  if (s.gone) return ets_badarg(p, atom::id);
  return list_of(p->heap, s.out);
}

// select/3 and its kin: the first chunk.
Term select_limit(Process* p, Term tab, Term spec, Term limit, bool reverse) {
  EtsTable t(p, tab, EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  std::shared_ptr<const MatchProg> prog = program_for(p, t, spec);
  if (!prog) return THE_NON_VALUE;
  if (!is_small(limit) || small_value(limit) < 1) {
    t.unlock();
    return ets_badarg(p);
  }
  Uint n = Uint(small_value(limit));
  Term tid = table_id_term(p->heap, *t);
  if (t->hash()) return hash_select_chunk(p, t, *prog, tid, spec, 0, n, {}, false);
  // a spec that binds every key: only the range between its keys
  Selector s(p, t, *prog);
  std::vector<Term> keys;
  if (s.key_list(&keys)) {
    if (keys.empty()) return atom::dollar_end_of_table;
    Term first = reverse ? keys.back() : keys.front();
    Term last = reverse ? keys.front() : keys.back();
    const DbObject* start = reverse ? t->tree()->next(first) : t->tree()->prev(first);
    Term from = start ? start->key(t->keypos) : THE_NON_VALUE;
    return tree_select_chunk(p, t, *prog, tid, spec, from, last, reverse, n);
  }
  return tree_select_chunk(p, t, *prog, tid, spec, THE_NON_VALUE, THE_NON_VALUE, reverse, n);
}

// select/1: the chunk after a continuation. As in ERTS, the table a
// tuple names is looked up before the rest is checked.
Term select_continue(Process* p, Term cont) {
  if (cont == atom::dollar_end_of_table) return cont;
  if (!is_tuple(cont) || tuple_arity(cont) == 0) return ets_badarg(p);
  Term* e = tuple_ptr(cont) + 1;
  Uint n = tuple_arity(cont);
  EtsTable t(p, e[0], EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  if (n == 6 && t->hash() && is_small(e[1]) && small_value(e[1]) >= 0 && is_small(e[2]) &&
      small_value(e[2]) >= 1 && list_length(e[4]) >= 0) {
    std::shared_ptr<const MatchProg> prog = program_for(p, t, e[3]);
    if (!prog) return THE_NON_VALUE;
    std::vector<Term> pending;
    for (Term l = e[4]; is_list(l); l = cdr(l)) pending.push_back(car(l));
    return hash_select_chunk(p, t, *prog, e[0], e[3], Uint(small_value(e[1])), Uint(small_value(e[2])),
                             std::move(pending), true);
  }
  if (n == 8 && t->tree() && is_small(e[3]) && small_value(e[3]) >= 1 && is_small(e[6])) {
    std::shared_ptr<const MatchProg> prog = program_for(p, t, e[4]);
    if (!prog) return THE_NON_VALUE;
    Term to = is_nil(e[2]) ? THE_NON_VALUE : e[2];
    return tree_select_chunk(p, t, *prog, e[0], e[4], e[1], to, small_value(e[6]) != 0, Uint(small_value(e[3])));
  }
  t.unlock();
  return ets_badarg(p);
}

}  // namespace

Term ets_select_2(Process* p, Term* a) { return select_all(p, a[0], a[1], false); }
Term ets_select_reverse_2(Process* p, Term* a) { return select_all(p, a[0], a[1], true); }
Term ets_select_3(Process* p, Term* a) { return select_limit(p, a[0], a[1], a[2], false); }
Term ets_select_reverse_3(Process* p, Term* a) { return select_limit(p, a[0], a[1], a[2], true); }
Term ets_select_1(Process* p, Term* a) { return select_continue(p, a[0]); }
Term ets_select_reverse_1(Process* p, Term* a) { return select_continue(p, a[0]); }

Term ets_match_2(Process* p, Term* a) {
  return select_all(p, a[0], pattern_spec(p->heap, a[1], atom::dollar_dollar), false);
}
Term ets_match_3(Process* p, Term* a) {
  return select_limit(p, a[0], pattern_spec(p->heap, a[1], atom::dollar_dollar), a[2], false);
}
Term ets_match_1(Process* p, Term* a) { return select_continue(p, a[0]); }
Term ets_match_object_2(Process* p, Term* a) {
  return select_all(p, a[0], pattern_spec(p->heap, a[1], atom::dollar_underscore), false);
}
Term ets_match_object_3(Process* p, Term* a) {
  return select_limit(p, a[0], pattern_spec(p->heap, a[1], atom::dollar_underscore), a[2], false);
}
Term ets_match_object_1(Process* p, Term* a) { return select_continue(p, a[0]); }

Term ets_select_count_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  std::shared_ptr<const MatchProg> prog = program_for(p, t, a[1]);
  if (!prog) return THE_NON_VALUE;
  Selector s(p, t, *prog);
  s.count_only = true;
  s.all(false);
  if (s.gone) return ets_badarg(p, atom::id);
  return make_small(Sint(s.count));
}

namespace {
// Walks a table that is locked alone, calling f(obj) -> what to do with
// it: keep (nullptr), delete (the object itself) or replace (a new
// object). Pauses as Selector does; *gone if the table was deleted during
// a pause. Returns how many objects were deleted or replaced.
template <class F>
Uint rewrite(EtsTable& et, Heap& heap, F&& f, bool* gone) {
  Table& t = *et;
  Uint n = 0, visited = 0;
  *gone = false;
  auto breathe = [&]() {
    if (visited < PAUSE_EVERY) return true;
    visited = 0;
    *gone = !et.pause();
    return !*gone;
  };
  if (HashStore* h = t.hash()) {
    h->fix();  // deletes leave dead objects behind until the walk ends
    for (Uint ix = 0; ix < h->nactive(); ix++) {
      for (DbObject* o = h->bucket(ix); o;) {
        DbObject* next = o->next;
        visited++;
        if (!o->dead()) {
          DbObject* r = f(o);
          if (r == o) {
            h->remove(ix, o);
            n++;
          } else if (r) {
            h->replace(o, r);
            n++;
          }
        }
        o = next;
      }
      if (!breathe()) return n;
    }
    h->unfix();
    h->resize_if_needed();
    return n;
  }
  TreeStore* tr = t.tree();
  Term last = THE_NON_VALUE;
  for (;;) {
    auto it = is_value(last) ? tr->upper_bound(last) : tr->begin();
    while (it != tr->end()) {
      DbObject* o = TreeStore::at(it);
      bool pause_after = ++visited >= PAUSE_EVERY;
      // the key outlives the pause (the object may not)
      if (pause_after) last = copy_term(o->key(t.keypos), heap);
      DbObject* r = f(o);
      if (r == o) {
        it = tr->erase(it);
        n++;
      } else {
        if (r) {
          tr->replace(o, r);
          n++;
        }
        ++it;
      }
      if (pause_after) break;
    }
    if (it == tr->end()) return n;
    if (!breathe()) return n;
  }
}
}  // namespace

Term ets_internal_select_delete_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  std::shared_ptr<const MatchProg> prog = program_for(p, t, a[1]);
  if (!prog) return THE_NON_VALUE;
  MsRunner runner;
  bool gone;
  Uint n = rewrite(
      t, p->heap, [&](DbObject* o) -> DbObject* { return runner.run(*prog, p, o->tuple()) == atom::am_true ? o : nullptr; },
      &gone);
  return gone ? ets_badarg(p, atom::id) : make_small(Sint(n));
}

Term ets_select_replace_2(Process* p, Term* a) {
  EtsTable t(p, a[0], EtsNeed::write, true);
  if (!t.ok()) return THE_NON_VALUE;
  std::shared_ptr<const MatchProg> prog = program_for(p, t, a[1]);
  if (!prog) return THE_NON_VALUE;
  if (!ms_keeps_key(*prog, t->keypos)) {
    t.unlock();
    return ets_badarg(p);
  }
  if (t->type == TableType::bag || t->type == TableType::duplicate_bag) {
    t.unlock();
    return ets_badarg(p, atom::table_type);
  }
  MsRunner runner;
  Uint keypos = t->keypos;
  bool gone;
  auto replace = [&](DbObject* o) -> DbObject* {
    Term r = runner.run(*prog, p, o->tuple());
    // the spec keeps the key (checked above); anything else is no object
    if (!is_value(r) || !is_tuple(r) || tuple_arity(r) < keypos || !eq_exact(tuple_elem(r, keypos), o->key(keypos)))
      return nullptr;
    return db_object_create(r);
  };
  Uint n = rewrite(t, p->heap, replace, &gone);
  return gone ? ets_badarg(p, atom::id) : make_small(Sint(n));
}

}  // namespace girder
