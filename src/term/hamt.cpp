// The hash trie behind every map of more than MAP_SMALL_LIMIT keys.
//
// Each level places a key by four bits of its map hash (map_internal.h's
// nibble()), so a depth-first walk over the slots visits keys sorted by
// their hash nibbles, lowest nibble first: exactly the order in which ERTS
// walks its trie. The shape of the nodes (ERTS also has a full 16-slot
// array node) does not change that order, so Girder keeps one node kind.
//
// Updates copy the path from the root to the changed slot and share the
// rest. An interior node always holds at least two keys: removing a key
// that leaves a single leaf below a node moves that leaf up.
#include <algorithm>
#include <vector>

#include "term/bignum.h"
#include "term/compare.h"
#include "term/map_internal.h"

namespace girder::mapi {

namespace {

// A key's map hashes, computed once per depth as the walk goes down.
class KeyHash {
 public:
  explicit KeyHash(Term key) : key_(key) {}
  unsigned nibble(unsigned lvl) {
    unsigned depth = lvl / 8;
    if (depth != depth_) {
      hash_ = map_hash_at_depth(key_, depth);
      depth_ = depth;
    }
    return (hash_ >> (4 * (lvl % 8))) & 0xF;
  }

 private:
  Term key_;
  unsigned depth_ = ~0u;
  uint32_t hash_ = 0;
};

unsigned slot_of(uint32_t bitmap, unsigned nib) {
  return unsigned(std::popcount(bitmap & ((uint32_t(1) << nib) - 1)));
}

// A node with the given bitmap; the caller fills its children. info keeps
// the head flag and size of the node it replaces.
Term* new_node(Heap& h, uint32_t bitmap, Uint info_rest) {
  unsigned c = unsigned(std::popcount(bitmap));
  Term* p = h.alloc(2 + c);
  p[0] = make_header(1 + c, SUB_MAP);
  p[1] = HAMT_FLAG | (info_rest & ~Uint(0xFFFF)) | bitmap;
  return p;
}

Term* copy_node(Heap& h, const Term* node) {
  Term* p = new_node(h, bitmap(node), node[1]);
  std::copy(children(node), children(node) + child_count(node), children(p));
  return p;
}

// Below level lvl, the smallest subtree that separates leaf a from leaf b.
Term split(Heap& h, Term a, KeyHash& ha, Term b, KeyHash& hb, unsigned lvl) {
  unsigned na = ha.nibble(lvl), nb = hb.nibble(lvl);
  if (na == nb) {
    Term* p = new_node(h, uint32_t(1) << na, 0);
    children(p)[0] = split(h, a, ha, b, hb, lvl + 1);
    return make_boxed(p);
  }
  Term* p = new_node(h, (uint32_t(1) << na) | (uint32_t(1) << nb), 0);
  children(p)[na < nb ? 0 : 1] = a;
  children(p)[na < nb ? 1 : 0] = b;
  return make_boxed(p);
}

enum class PutResult { unchanged, replaced, added, missing };

// Puts key => value below node (at level lvl); *out is the new node.
PutResult put(Heap& h, Term* node, Term key, KeyHash& kh, Term value, unsigned lvl,
              bool update_only, Term** out) {
  unsigned nib = kh.nibble(lvl);
  uint32_t bit = uint32_t(1) << nib;
  uint32_t bm = bitmap(node);
  unsigned at = slot_of(bm, nib);
  if (!(bm & bit)) {
    if (update_only) return PutResult::missing;
    Term* p = new_node(h, bm | bit, node[1]);
    const Term* old = children(node);
    unsigned c = child_count(node);
    std::copy(old, old + at, children(p));
    children(p)[at] = make_cons(h, key, value);
    std::copy(old + at, old + c, children(p) + at + 1);
    *out = p;
    return PutResult::added;
  }
  Term child = children(node)[at];
  if (is_list(child)) {
    if (eq_exact(car(child), key)) {
      if (cdr(child) == value) return PutResult::unchanged;
      Term* p = copy_node(h, node);
      children(p)[at] = make_cons(h, car(child), value);
      *out = p;
      return PutResult::replaced;
    }
    if (update_only) return PutResult::missing;
    KeyHash other(car(child));
    Term sub = split(h, child, other, make_cons(h, key, value), kh, lvl + 1);
    Term* p = copy_node(h, node);
    children(p)[at] = sub;
    *out = p;
    return PutResult::added;
  }
  Term* sub = nullptr;
  PutResult r = put(h, boxed_ptr(child), key, kh, value, lvl + 1, update_only, &sub);
  if (r == PutResult::unchanged || r == PutResult::missing) return r;
  Term* p = copy_node(h, node);
  children(p)[at] = make_boxed(sub);
  *out = p;
  return r;
}

// Removes key below node. Returns false if absent; else *out is what
// replaces node in its parent: a node, or a lone leaf moving up.
bool remove(Heap& h, const Term* node, Term key, KeyHash& kh, unsigned lvl, Term* out) {
  unsigned nib = kh.nibble(lvl);
  uint32_t bit = uint32_t(1) << nib;
  uint32_t bm = bitmap(node);
  if (!(bm & bit)) return false;
  unsigned at = slot_of(bm, nib);
  unsigned c = child_count(node);
  Term child = children(node)[at];
  Term replacement = THE_NON_VALUE;  // none: the slot empties
  if (is_list(child)) {
    if (!eq_exact(car(child), key)) return false;
  } else {
    if (!remove(h, boxed_ptr(child), key, kh, lvl + 1, &replacement)) return false;
  }
  bool head = is_head(node);
  if (replacement == THE_NON_VALUE) {
    // the slot empties: a non-root node left with one leaf gives it up
    if (!head && c == 2 && is_list(children(node)[1 - at])) {
      *out = children(node)[1 - at];
      return true;
    }
    Term* p = new_node(h, bm & ~bit, node[1]);
    const Term* old = children(node);
    std::copy(old, old + at, children(p));
    std::copy(old + at + 1, old + c, children(p) + at);
    *out = make_boxed(p);
    return true;
  }
  if (!head && c == 1 && is_list(replacement)) {
    *out = replacement;
    return true;
  }
  Term* p = copy_node(h, node);
  children(p)[at] = replacement;
  *out = make_boxed(p);
  return true;
}

Term with_size(Term* root, Uint size) {
  root[1] = (root[1] & ~(SIZE_MASK << SIZE_SHIFT)) | HEAD_FLAG | (size << SIZE_SHIFT);
  return make_boxed(root);
}

// Bulk build: the keys idx[lo, hi) share their nibbles above level lvl.
class Builder {
 public:
  Builder(Heap& h, const Term* keys, const Term* values, Uint n)
      : h_(h), keys_(keys), values_(values), idx_(n), scratch_(n), hash_(n) {
    for (Uint i = 0; i < n; i++) idx_[i] = i;
  }

  Term build() {
    Term root = node(0, idx_.size(), 0);
    return with_size(boxed_ptr(root), idx_.size());
  }

 private:
  Term node(Uint lo, Uint hi, unsigned lvl) {
    if (lvl % 8 == 0) {
      for (Uint i = lo; i < hi; i++) hash_[idx_[i]] = map_hash_at_depth(keys_[idx_[i]], lvl / 8);
    }
    auto nib = [&](Uint i) { return (hash_[i] >> (4 * (lvl % 8))) & 0xF; };
    // counting sort of [lo, hi) by this level's nibble
    Uint count[17] = {};
    for (Uint i = lo; i < hi; i++) count[nib(idx_[i]) + 1]++;
    for (int b = 0; b < 16; b++) count[b + 1] += count[b];
    Uint start[16];
    std::copy(count, count + 16, start);
    for (Uint i = lo; i < hi; i++) scratch_[lo + count[nib(idx_[i])]++] = idx_[i];
    std::copy(scratch_.begin() + Sint(lo), scratch_.begin() + Sint(hi), idx_.begin() + Sint(lo));
    uint32_t bm = 0;
    for (int b = 0; b < 16; b++)
      if (count[b] > start[b]) bm |= uint32_t(1) << b;
    Term kids[16];
    unsigned k = 0;
    for (int b = 0; b < 16; b++) {
      Uint s = lo + start[b], e = lo + count[b];
      if (s == e) continue;
      kids[k++] = e - s == 1 ? make_cons(h_, keys_[idx_[s]], values_[idx_[s]]) : node(s, e, lvl + 1);
    }
    Term* p = new_node(h_, bm, 0);
    std::copy(kids, kids + k, children(p));
    return make_boxed(p);
  }

  Heap& h_;
  const Term* keys_;
  const Term* values_;
  std::vector<Uint> idx_, scratch_;
  std::vector<uint32_t> hash_;
};

}  // namespace

void hamt_foreach(const Term* root, const std::function<void(Term, Term)>& f) {
  // (node, next slot) pairs; depth is small
  std::vector<std::pair<const Term*, unsigned>> stack{{root, 0}};
  while (!stack.empty()) {
    auto& [node, i] = stack.back();
    if (i == child_count(node)) {
      stack.pop_back();
      continue;
    }
    Term c = children(node)[i++];
    if (is_list(c)) {
      f(car(c), cdr(c));
    } else {
      stack.push_back({boxed_ptr(c), 0});
    }
  }
}

const Term* hamt_get(const Term* root, Term key) {
  KeyHash kh(key);
  const Term* node = root;
  for (unsigned lvl = 0;; lvl++) {
    unsigned nib = kh.nibble(lvl);
    uint32_t bm = bitmap(node);
    if (!(bm & (uint32_t(1) << nib))) return nullptr;
    Term c = children(node)[slot_of(bm, nib)];
    if (is_list(c)) return eq_exact(car(c), key) ? list_ptr(c) + 1 : nullptr;
    node = boxed_ptr(c);
  }
}

Term hamt_put(Heap& h, Term map, Term key, Term value, bool update_only) {
  KeyHash kh(key);
  Term* root = boxed_ptr(map);
  Term* out = nullptr;
  switch (put(h, root, key, kh, value, 0, update_only, &out)) {
    case PutResult::unchanged: return map;
    case PutResult::missing: return THE_NON_VALUE;
    case PutResult::replaced: return make_boxed(out);
    case PutResult::added: return with_size(out, hamt_size(root) + 1);
  }
  return map;
}

Term hamt_remove(Heap& h, Term map, Term key) {
  KeyHash kh(key);
  const Term* root = boxed_ptr(map);
  Term out;
  if (!remove(h, root, key, kh, 0, &out)) return map;
  return with_size(boxed_ptr(out), hamt_size(root) - 1);
}

Term hamt_build(Heap& h, const Term* keys, const Term* values, Uint n) {
  return Builder(h, keys, values, n).build();
}

}  // namespace girder::mapi
