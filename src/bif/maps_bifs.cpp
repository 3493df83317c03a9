// The maps BIFs (maps:get/2 ... and erlang:map_size/1, map_get/2,
// is_map_key/2, erts_internal:map_next/3), with ERTS's error reasons.
#include <vector>

#include "bif/bif.h"
#include "term/map.h"

namespace girder {

namespace {
Term badmap(Process* p, Term m) { return bif_error(p, make_tuple(p->heap, {atom::badmap, m})); }
Term badkey(Process* p, Term k) { return bif_error(p, make_tuple(p->heap, {atom::badkey, k})); }
}  // namespace

Term maps_get_2(Process* p, Term* a) {
  if (!is_map(a[1])) return badmap(p, a[1]);
  const Term* v = map_get(a[1], a[0]);
  return v ? *v : badkey(p, a[0]);
}
Term erlang_map_get_2(Process* p, Term* a) { return maps_get_2(p, a); }

Term maps_find_2(Process* p, Term* a) {
  if (!is_map(a[1])) return badmap(p, a[1]);
  const Term* v = map_get(a[1], a[0]);
  return v ? make_tuple(p->heap, {atom::ok, *v}) : atom::error;
}

Term maps_put_3(Process* p, Term* a) {
  if (!is_map(a[2])) return badmap(p, a[2]);
  return map_put(p->heap, a[2], a[0], a[1]);
}

Term maps_update_3(Process* p, Term* a) {
  if (!is_map(a[2])) return badmap(p, a[2]);
  Term r = map_update(p->heap, a[2], a[0], a[1]);
  return is_value(r) ? r : badkey(p, a[0]);
}

Term maps_remove_2(Process* p, Term* a) {
  if (!is_map(a[1])) return badmap(p, a[1]);
  return map_remove(p->heap, a[1], a[0]);
}

Term maps_take_2(Process* p, Term* a) {
  if (!is_map(a[1])) return badmap(p, a[1]);
  const Term* v = map_get(a[1], a[0]);
  if (!v) return atom::error;
  Term val = *v;
  return make_tuple(p->heap, {val, map_remove(p->heap, a[1], a[0])});
}

Term maps_is_key_2(Process* p, Term* a) {
  if (!is_map(a[1])) return badmap(p, a[1]);
  return map_get(a[1], a[0]) ? atom::am_true : atom::am_false;
}
Term erlang_is_map_key_2(Process* p, Term* a) { return maps_is_key_2(p, a); }

Term maps_keys_1(Process* p, Term* a) {
  if (!is_map(a[0])) return badmap(p, a[0]);
  return map_keys(p->heap, a[0]);
}

Term maps_values_1(Process* p, Term* a) {
  if (!is_map(a[0])) return badmap(p, a[0]);
  return map_values(p->heap, a[0]);
}

Term maps_merge_2(Process* p, Term* a) {
  if (!is_map(a[0])) return badmap(p, a[0]);
  if (!is_map(a[1])) return badmap(p, a[1]);
  std::vector<Term> ks, vs;
  map_foreach(a[0], [&](Term k, Term v) { ks.push_back(k); vs.push_back(v); });
  map_foreach(a[1], [&](Term k, Term v) { ks.push_back(k); vs.push_back(v); });
  return map_from_pairs(p->heap, ks.data(), vs.data(), ks.size());
}

Term maps_from_list_1(Process* p, Term* a) {
  std::vector<Term> ks, vs;
  Term l = a[0];
  for (; is_list(l); l = cdr(l)) {
    Term t = car(l);
    if (!is_tuple(t) || tuple_arity(t) != 2) return bif_badarg(p);
    ks.push_back(tuple_elem(t, 1));
    vs.push_back(tuple_elem(t, 2));
  }
  if (l != NIL) return bif_badarg(p);
  return map_from_pairs(p->heap, ks.data(), vs.data(), ks.size());
}

Term maps_from_keys_2(Process* p, Term* a) {
  std::vector<Term> ks, vs;
  Term l = a[0];
  for (; is_list(l); l = cdr(l)) {
    ks.push_back(car(l));
    vs.push_back(a[1]);
  }
  if (l != NIL) return bif_badarg(p);
  return map_from_pairs(p->heap, ks.data(), vs.data(), ks.size());
}

Term erlang_map_size_1(Process* p, Term* a) {
  if (!is_map(a[0])) return badmap(p, a[0]);
  return make_small(Sint(map_size(a[0])));
}

// erts_internal:map_next(Path, Map, Acc), behind maps:iterator/next and
// maps:to_list. As in ERTS, a flatmap gives all its pairs in one call
// (iterator: {K1, V1, {K2, V2, ... none}}; list: [{K1, V1}, ... | Acc]).
// A trie gives one pair per iterator call ({K, V, [Path | Map]}, or
// {K, V, none} for the last), and for a list Acc the pairs from Path on,
// each consed onto Acc in iteration order, so maps:to_list's list runs
// in the reverse of iteration order, as ERTS's does.
Term erts_internal_map_next_3(Process* p, Term* a) {
  Term path = a[0], m = a[1], acc = a[2];
  if (!is_map(m)) return bif_badarg(p);
  bool iterator = acc == atom::iterator;
  if (!iterator && !is_list(acc) && acc != NIL) return bif_badarg(p);
  if (map_is_flat(m)) {
    if (!is_small(path) || small_value(path) < 0 || Uint(small_value(path)) > map_size(m)) return bif_badarg(p);
    std::vector<Term> ks, vs;
    map_foreach(m, [&](Term k, Term v) { ks.push_back(k); vs.push_back(v); });
    Term out = iterator ? atom::none : acc;
    for (Uint k = ks.size(); k > 0; k--) {
      out = iterator ? make_tuple(p->heap, {ks[k - 1], vs[k - 1], out})
                     : make_cons(p->heap, make_tuple(p->heap, {ks[k - 1], vs[k - 1]}), out);
    }
    return out;
  }
  Term k, v;
  bool end;
  if (iterator) {
    if (!map_iterate(p->heap, m, &path, &k, &v, &end)) return end ? atom::none : bif_badarg(p);
    Term next = path == THE_NON_VALUE ? atom::none : make_cons(p->heap, path, m);
    return make_tuple(p->heap, {k, v, next});
  }
  Term out = acc;
  while (path != THE_NON_VALUE) {
    if (!map_iterate(p->heap, m, &path, &k, &v, &end)) {
      if (end) break;
      return bif_badarg(p);
    }
    out = make_cons(p->heap, make_tuple(p->heap, {k, v}), out);
  }
  return out;
}

}  // namespace girder
