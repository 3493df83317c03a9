// ETS's match-spec BIFs: select/1,2,3, select_reverse/1,2,3, match/1,2,3,
// match_object/1,2,3, select_count/2, internal_select_delete/2
// (select_delete/2, match_delete/2) and select_replace/2; the whole-table
// ones run as walks (runtime/bif_ets_walk.cpp), the chunks here.
//
// A select runs the compiled spec over the objects that can match: only
// the bound keys' objects when every clause's head binds the key (no
// scan; in a hash table, the whole buckets of those keys), else the whole
// table in its order (an ordered_set's key order, reversed for
// select_reverse; a hash table's walk order, HashStore::next_slot).
// Results are copied onto the caller's heap while the table's lock is
// held. With a limit, a chunk ends once it has the limit's results (a hash
// table's at the end of a bucket, the surplus kept for the next chunk, all
// as ERTS does it: see hash_select_chunk) and its continuation says where
// to go on:
//   hash:  {Tid, NextSlot, Limit, Spec, Rest, RestLength}  (NextSlot -1: none)
//   tree:  {Tid, LastKey, [], Limit, Spec, [], Reverse, 0}
// (ERTS's shapes, which ets:repair_continuation/2 knows). Spec is the
// spec as given (a compiled one or its source).
#include <vector>

#include "gc/copy.h"
#include "runtime/bif_ets.h"
#include "runtime/bif_ets_select.h"
#include "term/compare.h"

namespace girder {

std::shared_ptr<const MatchProg> ets_program_for(Process* p, EtsTable& t, Term spec, bool compiled_ok) {
  std::shared_ptr<const MatchProg> prog = compiled_ok ? ets_compiled_ms(spec) : nullptr;
  if (!prog) prog = is_nil(spec) ? ms_empty_program() : ms_compile(spec).prog;
  if (!prog) {
    t.unlock();
    ets_badarg(p);
  }
  return prog;
}

bool ets_bound_keys(const MatchProg& prog, const Table& t, std::vector<Term>* keys) {
  if (!ms_bound_keys(prog, t.keypos, keys)) return false;
  if (t.type == TableType::ordered_set) {
    // 1 and 1.0 name one object: look it up once
    auto less = [](Term a, Term b) { return compare_terms(a, b, false) < 0; };
    auto same = [](Term a, Term b) { return compare_terms(a, b, false) == 0; };
    std::sort(keys->begin(), keys->end(), less);
    keys->erase(std::unique(keys->begin(), keys->end(), same), keys->end());
  }
  return true;
}

namespace {

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
    if (is_value(r)) out.push_back(keep(o, r));
  }

  // Matches in hash bucket ix along its chain; how many live objects it
  // held.
  Sint hash_bucket(Uint ix);
  // Matches after (before, reversed) key `from` (THE_NON_VALUE: from the
  // start) up to key `to` (THE_NON_VALUE: to the end) until `limit`; false
  // when the walk is over. *last: the last key looked at (on the heap).
  bool tree_chunk(Term from, Term to, bool reverse, Uint limit, Term* last);
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
  bool gone = false;  // the table was deleted during a pause

 private:
  Process* p_;
  EtsTable& et_;
  Table& t_;
  const MatchProg& prog_;
  MsRunner runner_;
  Uint visited_ = 0;
};

bool Selector::key_list(std::vector<Term>* keys) { return ets_bound_keys(prog_, t_, keys); }

Sint Selector::hash_bucket(Uint ix) {
  Sint n = 0;
  for (DbObject* o = t_.hash()->bucket(ix); o; o = o->next) {
    if (o->dead()) continue;
    take(o);
    n++;
  }
  return n;
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

// A hash table's chunk, as ERTS's select with a limit makes it: from
// `slot` on (-1: the walk is over), after `rest`, the results left from
// the last chunk; `initial` for select/3 (which looks at the bound keys'
// buckets when the spec binds every key), else select/1.
//
// ERTS conses each result onto `rest` (so its list runs latest first) and
// stops at the end of the bucket that brings the limit, so it may hold
// more than the limit; the chunk is then the list's last `limit` results,
// and what is in front of them is the next call's rest: as it stands if
// the call never trapped, reversed if it did (ERTS splits the list in
// place in one case and copies it in the other) -- and ERTS traps every
// 1000 objects, so this counts them.
Term hash_select_chunk(Process* p, EtsTable& t, const MatchProg& prog, Term tid, Term spec, Sint slot, Uint limit,
                       const std::vector<Term>& rest, bool initial) {
  Heap& h = p->heap;
  HashStore* hs = t->hash();
  Selector s(p, t, prog);
  Sint iters = ERTS_WALK_ITERATIONS;
  bool trapped = false;
  auto enough = [&] { return rest.size() + s.out.size() >= limit; };
  std::vector<Term> keys;
  if (initial && s.key_list(&keys)) {
    for (Uint ix : hs->key_buckets(keys, t->fine_locked())) iters -= s.hash_bucket(ix);
    slot = -1;
  } else if (slot >= 0 && !enough()) {
    if (Uint(slot) >= hs->nactive()) {
      t.unlock();
      return ets_badarg(p);
    }
    t->fix_storage();
    for (;;) {
      iters -= s.hash_bucket(Uint(slot));
      if (!s.breathe()) return ets_badarg(p, atom::id);  // the table is gone: nothing to unfix
      slot = Sint(hs->next_slot(Uint(slot)));
      if (slot == 0) {
        slot = -1;
        break;
      }
      if (enough()) break;
      if (iters <= 0) {
        trapped = true;
        iters = ERTS_WALK_ITERATIONS;
      }
    }
    t->unfix_storage();
  }
  // nothing looked at in a select/3 that did not trap: the end
  if (initial && !trapped && iters == ERTS_WALK_ITERATIONS) return atom::dollar_end_of_table;
  // ERTS's list: this call's results, latest first, then the rest
  std::vector<Term> all(s.out.rbegin(), s.out.rend());
  all.insert(all.end(), rest.begin(), rest.end());
  Uint surplus = all.size() > limit ? all.size() - limit : 0;
  if (!(initial && !trapped)) std::reverse(all.begin(), all.begin() + long(surplus));
  Term next_rest = list_of(h, all, 0, surplus);
  Term results = list_of(h, all, surplus);
  Term cont = make_tuple(h, {tid, make_small(slot), make_small(Sint(limit)), spec, next_rest, make_small(Sint(surplus))});
  return chunk_answer(h, results, surplus > 0 || slot >= 0, cont);
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

// select/3 and its kin: the first chunk.
Term select_limit(Process* p, Term tab, Term spec, Term limit, bool reverse) {
  EtsTable t(p, tab, EtsNeed::read, false);
  if (!t.ok()) return THE_NON_VALUE;
  std::shared_ptr<const MatchProg> prog = ets_program_for(p, t, spec);
  if (!prog) return THE_NON_VALUE;
  if (!is_small(limit) || small_value(limit) < 1) {
    t.unlock();
    return ets_badarg(p);
  }
  Uint n = Uint(small_value(limit));
  Term tid = table_id_term(p->heap, *t);
  if (t->hash()) return hash_select_chunk(p, t, *prog, tid, spec, 0, n, {}, true);
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
  if (n == 6 && t->hash() && is_small(e[1]) && is_small(e[2]) && small_value(e[2]) >= 1 && list_length(e[4]) >= 0) {
    std::shared_ptr<const MatchProg> prog = ets_program_for(p, t, e[3], true);
    if (!prog) return THE_NON_VALUE;
    std::vector<Term> rest;
    for (Term l = e[4]; is_list(l); l = cdr(l)) rest.push_back(car(l));
    Sint slot = small_value(e[1]) < 0 ? -1 : small_value(e[1]);
    return hash_select_chunk(p, t, *prog, e[0], e[3], slot, Uint(small_value(e[2])), rest, false);
  }
  if (n == 8 && t->tree() && is_small(e[3]) && small_value(e[3]) >= 1 && is_small(e[6])) {
    std::shared_ptr<const MatchProg> prog = ets_program_for(p, t, e[4], true);
    if (!prog) return THE_NON_VALUE;
    Term to = is_nil(e[2]) ? THE_NON_VALUE : e[2];
    return tree_select_chunk(p, t, *prog, e[0], e[4], e[1], to, small_value(e[6]) != 0, Uint(small_value(e[3])));
  }
  t.unlock();
  return ets_badarg(p);
}

}  // namespace

Term ets_select_2(Process* p, Term* a) { return ets_walk(p, WalkOp::select, a[0], a[1]); }
Term ets_select_reverse_2(Process* p, Term* a) { return ets_walk(p, WalkOp::select_reverse, a[0], a[1]); }
Term ets_select_3(Process* p, Term* a) { return select_limit(p, a[0], a[1], a[2], false); }
Term ets_select_reverse_3(Process* p, Term* a) { return select_limit(p, a[0], a[1], a[2], true); }
Term ets_select_1(Process* p, Term* a) { return select_continue(p, a[0]); }
Term ets_select_reverse_1(Process* p, Term* a) { return select_continue(p, a[0]); }

Term ets_match_2(Process* p, Term* a) {
  return ets_walk(p, WalkOp::select, a[0], pattern_spec(p->heap, a[1], atom::dollar_dollar));
}
Term ets_match_3(Process* p, Term* a) {
  return select_limit(p, a[0], pattern_spec(p->heap, a[1], atom::dollar_dollar), a[2], false);
}
Term ets_match_1(Process* p, Term* a) { return select_continue(p, a[0]); }
Term ets_match_object_2(Process* p, Term* a) {
  return ets_walk(p, WalkOp::select, a[0], pattern_spec(p->heap, a[1], atom::dollar_underscore));
}
Term ets_match_object_3(Process* p, Term* a) {
  return select_limit(p, a[0], pattern_spec(p->heap, a[1], atom::dollar_underscore), a[2], false);
}
Term ets_match_object_1(Process* p, Term* a) { return select_continue(p, a[0]); }

Term ets_select_count_2(Process* p, Term* a) { return ets_walk(p, WalkOp::count, a[0], a[1]); }
Term ets_internal_select_delete_2(Process* p, Term* a) { return ets_walk(p, WalkOp::erase, a[0], a[1]); }
Term ets_select_replace_2(Process* p, Term* a) { return ets_walk(p, WalkOp::replace, a[0], a[1]); }

}  // namespace girder
