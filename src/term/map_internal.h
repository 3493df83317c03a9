// The two kinds of map node, for map.cpp, hamt.cpp and map_hash.cpp only.
//
//   flatmap (at most MAP_SMALL_LIMIT keys, keys sorted in map key order):
//     header(2 + n, SUB_MAP) | n | keys tuple | value 1 .. value n
//   hash-trie node (every map above MAP_SMALL_LIMIT keys):
//     header(1 + c, SUB_MAP) | info | child 1 .. child c
//   where info = HAMT_FLAG | HEAD_FLAG (root only) | size << 16 (root only)
//   | bitmap (16 bits: which of the 16 hash nibble values have a child),
//   and a child is a leaf, the cons cell [Key | Value], or a boxed pointer
//   to the next level's node. Only the root is ever a term.
//
// The second word is raw in both (map_raw_words() is 1): a flatmap's size
// never has bit 63 set, so that bit tells the kinds apart.
#pragma once

#include <bit>

#include "term/map.h"

namespace girder::mapi {

constexpr Uint HAMT_FLAG = Uint(1) << 63;
constexpr Uint HEAD_FLAG = Uint(1) << 62;
constexpr int SIZE_SHIFT = 16;
constexpr Uint SIZE_MASK = (Uint(1) << 46) - 1;

inline bool is_hamt(const Term* node) { return (node[1] & HAMT_FLAG) != 0; }
inline bool is_head(const Term* node) { return (node[1] & HEAD_FLAG) != 0; }
inline uint32_t bitmap(const Term* node) { return uint32_t(node[1] & 0xFFFF); }
inline unsigned child_count(const Term* node) { return unsigned(std::popcount(bitmap(node))); }
inline Term* children(Term* node) { return node + 2; }
inline const Term* children(const Term* node) { return node + 2; }
inline Uint hamt_size(const Term* root) { return (root[1] >> SIZE_SHIFT) & SIZE_MASK; }

inline Uint flat_size(const Term* node) { return node[1]; }
inline Term* flat_keys(const Term* node) { return tuple_ptr(node[2]) + 1; }
inline Term* flat_values(Term* node) { return node + 3; }
inline const Term* flat_values(const Term* node) { return node + 3; }

// The hash nibble that places key at trie level lvl: four bits of
// make_map_hash(key, lvl / 8), the lowest bits first.
inline unsigned nibble(Term key, unsigned lvl) {
  return (map_hash_at_depth(key, lvl / 8) >> (4 * (lvl % 8))) & 0xF;
}

// The map's pairs in iteration order (maps:iterator's order; the reverse of
// maps:to_list's for a hash trie).
void hamt_foreach(const Term* root, const std::function<void(Term, Term)>& f);
const Term* hamt_get(const Term* root, Term key);
Term hamt_put(Heap& h, Term map, Term key, Term value, bool update_only);
Term hamt_remove(Heap& h, Term map, Term key);
// Builds a trie from n > MAP_SMALL_LIMIT pairs whose keys are distinct.
Term hamt_build(Heap& h, const Term* keys, const Term* values, Uint n);

}  // namespace girder::mapi
