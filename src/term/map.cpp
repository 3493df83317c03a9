// Maps: flatmaps up to MAP_SMALL_LIMIT keys, hash tries (hamt.cpp) above.
// Every operation keeps the rule that a map is flat exactly when it has at
// most MAP_SMALL_LIMIT keys, as ERTS does, because the two kinds iterate
// in different orders (key order, hash order).
#include <algorithm>
#include <vector>

#include "term/bignum.h"
#include "term/compare.h"
#include "term/map_internal.h"

namespace girder {

using namespace mapi;

namespace {

constexpr Uint FLAT_FIXED = 3;  // header, size, keys

const Term* node_of(Term m) { return boxed_ptr(m); }

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

// Index of key in a flatmap, or -(insertion point) - 1.
Sint flat_find(const Term* m, Term key) {
  Uint n = flat_size(m);
  const Term* keys = flat_keys(m);
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

// A flatmap from distinct keys, in any order.
Term flat_from_distinct(Heap& h, std::vector<std::pair<Term, Term>>& kv) {
  std::sort(kv.begin(), kv.end(), [](const auto& a, const auto& b) { return key_cmp(a.first, b.first) < 0; });
  Uint n = kv.size();
  Term* kt = h.alloc(n + 1);
  kt[0] = make_header(n, SUB_TUPLE);
  Term* vals;
  Term m = make_flat(h, n, make_boxed(kt), &vals);
  for (Uint i = 0; i < n; i++) {
    kt[1 + i] = kv[i].first;
    vals[i] = kv[i].second;
  }
  return m;
}

// A flatmap grows past the limit: all its pairs and the new one.
Term flat_to_hamt(Heap& h, const Term* m, Term key, Term value) {
  Uint n = flat_size(m);
  std::vector<Term> ks(flat_keys(m), flat_keys(m) + n), vs(flat_values(m), flat_values(m) + n);
  ks.push_back(key);
  vs.push_back(value);
  return hamt_build(h, ks.data(), vs.data(), n + 1);
}

Term flat_put(Heap& h, Term map, Term key, Term value) {
  const Term* node = node_of(map);
  Sint i = flat_find(node, key);
  Uint n = flat_size(node);
  Term* vals;
  if (i >= 0) {
    if (flat_values(node)[i] == value) return map;
    Term m = make_flat(h, n, node[2], &vals);
    std::copy(flat_values(node), flat_values(node) + n, vals);
    vals[i] = value;
    return m;
  }
  if (n == MAP_SMALL_LIMIT) return flat_to_hamt(h, node, key, value);
  Uint at = Uint(-i - 1);
  Term* kt = h.alloc(n + 2);
  kt[0] = make_header(n + 1, SUB_TUPLE);
  const Term* old_keys = flat_keys(node);
  const Term* old_vals = flat_values(node);
  Term m = make_flat(h, n + 1, make_boxed(kt), &vals);
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

Term flat_remove(Heap& h, Term map, Term key) {
  const Term* node = node_of(map);
  Sint i = flat_find(node, key);
  if (i < 0) return map;
  Uint n = flat_size(node);
  Term* kt = h.alloc(n);
  kt[0] = make_header(n - 1, SUB_TUPLE);
  Term* vals;
  Term m = make_flat(h, n - 1, make_boxed(kt), &vals);
  const Term* old_keys = flat_keys(node);
  const Term* old_vals = flat_values(node);
  for (Uint k = 0, o = 0; k < n; k++) {
    if (Sint(k) == i) continue;
    kt[1 + o] = old_keys[k];
    vals[o] = old_vals[k];
    o++;
  }
  return m;
}

// A trie shrinks to the limit: the rest become a flatmap.
Term hamt_to_flat(Heap& h, Term map) {
  std::vector<std::pair<Term, Term>> kv;
  hamt_foreach(node_of(map), [&](Term k, Term v) { kv.push_back({k, v}); });
  return flat_from_distinct(h, kv);
}

}  // namespace

Uint map_raw_words(const Term*) { return 1; }
bool map_is_flat(Term map) { return !is_hamt(node_of(map)); }

Term map_new_empty(Heap& h) {
  Term* t = h.alloc(1);
  t[0] = make_header(0, SUB_TUPLE);
  Term* vals;
  return make_flat(h, 0, make_boxed(t), &vals);
}

Uint map_size(Term map) {
  const Term* node = node_of(map);
  return is_hamt(node) ? hamt_size(node) : flat_size(node);
}

const Term* map_get(Term map, Term key) {
  const Term* node = node_of(map);
  if (is_hamt(node)) return hamt_get(node, key);
  Sint i = flat_find(node, key);
  return i >= 0 ? flat_values(node) + i : nullptr;
}

Term map_put(Heap& h, Term map, Term key, Term value) {
  if (is_hamt(node_of(map))) return hamt_put(h, map, key, value, false);
  return flat_put(h, map, key, value);
}

Term map_update(Heap& h, Term map, Term key, Term value) {
  if (is_hamt(node_of(map))) return hamt_put(h, map, key, value, true);
  if (flat_find(node_of(map), key) < 0) return THE_NON_VALUE;
  return flat_put(h, map, key, value);
}

Term map_remove(Heap& h, Term map, Term key) {
  if (!is_hamt(node_of(map))) return flat_remove(h, map, key);
  Term r = hamt_remove(h, map, key);
  if (r != map && hamt_size(node_of(r)) <= MAP_SMALL_LIMIT) return hamt_to_flat(h, r);
  return r;
}

Term map_from_pairs(Heap& h, const Term* keys, const Term* values, Uint n) {
  // Group equal keys: sort by map hash (cheap), then by key order among
  // equal hashes; the last pair given for a key wins.
  std::vector<uint32_t> hash(n);
  for (Uint i = 0; i < n; i++) hash[i] = map_hash_at_depth(keys[i], 0);
  std::vector<Uint> idx(n);
  for (Uint i = 0; i < n; i++) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](Uint a, Uint b) {
    if (hash[a] != hash[b]) return hash[a] < hash[b];
    return key_cmp(keys[a], keys[b]) < 0;
  });
  std::vector<Uint> keep;
  keep.reserve(n);
  for (Uint k = 0; k < n; k++) {
    Uint i = idx[k];
    if (!keep.empty() && hash[keep.back()] == hash[i] && eq_exact(keys[keep.back()], keys[i])) {
      keep.back() = i;  // stable sort: i came later in the input
    } else {
      keep.push_back(i);
    }
  }
  if (keep.size() > MAP_SMALL_LIMIT) {
    std::vector<Term> ks, vs;
    ks.reserve(keep.size());
    vs.reserve(keep.size());
    for (Uint i : keep) {
      ks.push_back(keys[i]);
      vs.push_back(values[i]);
    }
    return hamt_build(h, ks.data(), vs.data(), ks.size());
  }
  std::vector<std::pair<Term, Term>> kv;
  for (Uint i : keep) kv.push_back({keys[i], values[i]});
  return flat_from_distinct(h, kv);
}

void map_foreach(Term map, const std::function<void(Term key, Term value)>& f) {
  const Term* node = node_of(map);
  if (is_hamt(node)) return hamt_foreach(node, f);
  Uint n = flat_size(node);
  const Term* keys = flat_keys(node);
  const Term* vals = flat_values(node);
  for (Uint i = 0; i < n; i++) f(keys[i], vals[i]);
}

void map_foreach_listed(Term map, const std::function<void(Term key, Term value)>& f) {
  if (map_is_flat(map)) return map_foreach(map, f);
  std::vector<std::pair<Term, Term>> kv;
  kv.reserve(map_size(map));
  hamt_foreach(node_of(map), [&](Term k, Term v) { kv.push_back({k, v}); });
  for (auto it = kv.rbegin(); it != kv.rend(); ++it) f(it->first, it->second);
}

Term map_to_list(Heap& h, Term map) {
  // Built from the back: for a trie, consing in iteration order gives the
  // reverse of iteration order, which is what maps:to_list returns.
  Term l = NIL;
  if (map_is_flat(map)) {
    const Term* node = node_of(map);
    for (Uint i = flat_size(node); i > 0; i--)
      l = make_cons(h, make_tuple(h, {flat_keys(node)[i - 1], flat_values(node)[i - 1]}), l);
    return l;
  }
  map_foreach(map, [&](Term k, Term v) { l = make_cons(h, make_tuple(h, {k, v}), l); });
  return l;
}

Term map_keys(Heap& h, Term map) {
  if (map_is_flat(map)) return make_list_from(h, flat_keys(node_of(map)), flat_size(node_of(map)));
  Term l = NIL;
  map_foreach(map, [&](Term k, Term) { l = make_cons(h, k, l); });
  return l;
}

Term map_values(Heap& h, Term map) {
  if (map_is_flat(map)) return make_list_from(h, flat_values(node_of(map)), flat_size(node_of(map)));
  Term l = NIL;
  map_foreach(map, [&](Term, Term v) { l = make_cons(h, v, l); });
  return l;
}

// Positions: for a flatmap the index of the pair; for a trie the slot
// taken at each level, four bits a level, the root's lowest (levels not
// given are slot 0). A bignum holds paths deeper than a small can.
bool map_iterate(Heap& h, Term map, Term* path, Term* key, Term* value, bool* end) {
  *end = false;
  const Term* node = node_of(map);
  if (!is_hamt(node)) {
    if (!is_small(*path) || small_value(*path) < 0) return false;
    Uint i = Uint(small_value(*path));
    if (i > flat_size(node)) return false;
    if (i == flat_size(node)) {
      *end = true;
      return false;
    }
    *key = flat_keys(node)[i];
    *value = flat_values(node)[i];
    *path = make_small(Sint(i + 1));
    return true;
  }
  // unpack the slots, four bits each
  std::vector<Uint> words;
  if (is_small(*path) && small_value(*path) >= 0) {
    words.push_back(Uint(small_value(*path)));
  } else if (is_big(*path) && !big_is_neg(*path)) {
    words.assign(big_limbs(*path), big_limbs(*path) + big_size(*path));
  } else {
    return false;
  }
  auto slot_at = [&](unsigned d) -> unsigned {
    Uint w = d / 16;
    return w < words.size() ? unsigned(words[w] >> (4 * (d % 16))) & 0xF : 0;
  };
  std::vector<const Term*> nodes;
  std::vector<unsigned> slots;
  for (unsigned d = 0;; d++) {
    unsigned s = slot_at(d);
    if (s >= child_count(node)) return false;
    nodes.push_back(node);
    slots.push_back(s);
    Term c = children(node)[s];
    if (is_list(c)) {
      *key = car(c);
      *value = cdr(c);
      break;
    }
    node = boxed_ptr(c);
  }
  // the next leaf: the next slot at the deepest level that has one
  while (!slots.empty() && slots.back() + 1 >= child_count(nodes.back())) {
    slots.pop_back();
    nodes.pop_back();
  }
  if (slots.empty()) {
    *path = THE_NON_VALUE;  // this was the last pair
    return true;
  }
  slots.back()++;
  std::vector<Uint> out((slots.size() + 15) / 16, 0);
  for (unsigned d = 0; d < slots.size(); d++) out[d / 16] |= Uint(slots[d]) << (4 * (d % 16));
  while (out.size() > 1 && out.back() == 0) out.pop_back();
  if (out.size() == 1 && out[0] <= Uint(MAX_SMALL)) {
    *path = make_small(Sint(out[0]));
  } else {
    *path = int_from_limbs(h, out.data(), out.size(), false);
  }
  return true;
}

}  // namespace girder
