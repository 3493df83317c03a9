// Maps as flatmaps: keys sorted in map key order (compare_terms exact) in a
// shared keys tuple, values alongside.
//
//   header(2 + n, SUB_MAP) | n (raw) | keys tuple | value 1 .. value n
//
// Known gap: ERTS switches to a hash trie above 32 keys, whose iteration
// order follows the internal hash; Girder keeps a flatmap at every size, so
// maps:to_list of a map with more than 32 keys is in key order here.
#include "term/map.h"

#include <algorithm>
#include <vector>

#include "term/compare.h"

namespace girder {

namespace {

constexpr Uint FLAT_FIXED = 3;  // header, size, keys

Uint flat_size(Term m) { return boxed_ptr(m)[1]; }
Term flat_keys(Term m) { return boxed_ptr(m)[2]; }
Term* flat_values(Term m) { return boxed_ptr(m) + 3; }

Term make_flat(Heap& h, Uint n, Term keys, Term** values) {
  Term* p = h.alloc(FLAT_FIXED + n);
  p[0] = make_header(2 + n, SUB_MAP);
  p[1] = n;
  p[2] = keys;
  *values = p + 3;
  return make_boxed(p);
}

int key_cmp(Term a, Term b) {
  if (a == b) return 0;
  return compare_terms(a, b, true);
}

// Index of key, or -(insertion point) - 1.
Sint find(Term m, Term key) {
  Uint n = flat_size(m);
  Term* keys = tuple_ptr(flat_keys(m)) + 1;
  if (n <= 8 && is_immed(key)) {
    for (Uint i = 0; i < n; i++)
      if (keys[i] == key) return Sint(i);
  }
  Sint lo = 0, hi = Sint(n) - 1;
  while (lo <= hi) {
    Sint mid = (lo + hi) / 2;
    int c = key_cmp(keys[mid], key);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

}  // namespace

Uint map_raw_words(const Term*) { return 1; }
bool map_is_flat(Term) { return true; }

Term map_new_empty(Heap& h) {
  Term* t = h.alloc(1);
  t[0] = make_header(0, SUB_TUPLE);
  Term* vals;
  return make_flat(h, 0, make_boxed(t), &vals);
}

Uint map_size(Term map) { return flat_size(map); }

const Term* map_get(Term map, Term key) {
  Sint i = find(map, key);
  return i >= 0 ? flat_values(map) + i : nullptr;
}

Term map_put(Heap& h, Term map, Term key, Term value) {
  Sint i = find(map, key);
  Uint n = flat_size(map);
  Term* vals;
  if (i >= 0) {
    if (flat_values(map)[i] == value) return map;
    Term m = make_flat(h, n, flat_keys(map), &vals);
    std::copy(flat_values(map), flat_values(map) + n, vals);
    vals[i] = value;
    return m;
  }
  Uint at = Uint(-i - 1);
  Term* kt = h.alloc(n + 2);
  kt[0] = make_header(n + 1, SUB_TUPLE);
  Term* old_keys = tuple_ptr(flat_keys(map)) + 1;
  Term m = make_flat(h, n + 1, make_boxed(kt), &vals);
  const Term* old_vals = flat_values(map);
  for (Uint k = 0, o = 0; k <= n; k++) {
    if (k == at) {
      kt[1 + k] = key;
      vals[k] = value;
    } else {
      kt[1 + k] = old_keys[o];
      vals[k] = old_vals[o];
      o++;
    }
  }
  return m;
}

Term map_update(Heap& h, Term map, Term key, Term value) {
  if (find(map, key) < 0) return THE_NON_VALUE;
  return map_put(h, map, key, value);
}

Term map_remove(Heap& h, Term map, Term key) {
  Sint i = find(map, key);
  if (i < 0) return map;
  Uint n = flat_size(map);
  Term* kt = h.alloc(n);
  kt[0] = make_header(n - 1, SUB_TUPLE);
  Term* vals;
  Term m = make_flat(h, n - 1, make_boxed(kt), &vals);
  Term* old_keys = tuple_ptr(flat_keys(map)) + 1;
  const Term* old_vals = flat_values(map);
  for (Uint k = 0, o = 0; k < n; k++) {
    if (Sint(k) == i) continue;
    kt[1 + o] = old_keys[k];
    vals[o] = old_vals[k];
    o++;
  }
  return m;
}

Term map_from_pairs(Heap& h, const Term* keys, const Term* values, Uint n) {
  std::vector<Uint> idx(n);
  for (Uint i = 0; i < n; i++) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(),
                   [&](Uint a, Uint b) { return key_cmp(keys[a], keys[b]) < 0; });
  // among equal keys keep the last one given
  std::vector<Uint> keep;
  for (Uint k = 0; k < n; k++) {
    if (!keep.empty() && key_cmp(keys[keep.back()], keys[idx[k]]) == 0) {
      keep.back() = idx[k];
    } else {
      keep.push_back(idx[k]);
    }
  }
  Uint m = keep.size();
  Term* kt = h.alloc(m + 1);
  kt[0] = make_header(m, SUB_TUPLE);
  Term* vals;
  Term map = make_flat(h, m, make_boxed(kt), &vals);
  for (Uint k = 0; k < m; k++) {
    kt[1 + k] = keys[keep[k]];
    vals[k] = values[keep[k]];
  }
  return map;
}

void map_foreach(Term map, const std::function<void(Term key, Term value)>& f) {
  Uint n = flat_size(map);
  Term* keys = tuple_ptr(flat_keys(map)) + 1;
  Term* vals = flat_values(map);
  for (Uint i = 0; i < n; i++) f(keys[i], vals[i]);
}

Term map_to_list(Heap& h, Term map) {
  Uint n = flat_size(map);
  Term l = NIL;
  Term* keys = tuple_ptr(flat_keys(map)) + 1;
  Term* vals = flat_values(map);
  for (Uint i = n; i > 0; i--) l = make_cons(h, make_tuple(h, {keys[i - 1], vals[i - 1]}), l);
  return l;
}

Term map_keys(Heap& h, Term map) {
  return make_list_from(h, tuple_ptr(flat_keys(map)) + 1, flat_size(map));
}

Term map_values(Heap& h, Term map) {
  return make_list_from(h, flat_values(map), flat_size(map));
}

}  // namespace girder
