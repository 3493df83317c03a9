// Maps, organised as ERTS organises them so that iteration order
// (maps:to_list, maps:fold, printing, term_to_binary) matches ERTS:
//
//   flatmap (at most MAP_SMALL_LIMIT keys): keys kept sorted in map key order
//   hash array mapped trie above that, placed by ERTS's 32-bit internal map
//   hash (map_internal.h has the node formats).
// A map has at most MAP_SMALL_LIMIT keys exactly when it is flat.
// All functions build new maps; maps are never mutated in place.
#pragma once

#include <functional>

#include "term/heap.h"

namespace girder {

constexpr Uint MAP_SMALL_LIMIT = 32;

Term map_new_empty(Heap& h);
Uint map_size(Term map);
// Looks up key (exact match, =:=). Returns pointer to the value or nullptr.
const Term* map_get(Term map, Term key);
// map#{key => value}
Term map_put(Heap& h, Term map, Term key, Term value);
// map#{key := value}; THE_NON_VALUE if key is absent.
Term map_update(Heap& h, Term map, Term key, Term value);
// maps:remove/2 (returns map itself if key absent)
Term map_remove(Heap& h, Term map, Term key);
// Builds a map from n key/value pairs; for duplicate keys the last wins.
Term map_from_pairs(Heap& h, const Term* keys, const Term* values, Uint n);
// Visits pairs in ERTS iteration order: maps:iterator's and maps:fold's
// order, and the order in which a map prints.
void map_foreach(Term map, const std::function<void(Term key, Term value)>& f);
// The pairs in the order maps:to_list/1 and term_to_binary/1 give them:
// iteration order for a flatmap, its reverse for a hash trie.
void map_foreach_listed(Term map, const std::function<void(Term key, Term value)>& f);
// maps:to_list/1, maps:keys/1, maps:values/1 in ERTS order.
Term map_to_list(Heap& h, Term map);
Term map_keys(Heap& h, Term map);
Term map_values(Heap& h, Term map);
// ERTS's internal hash (make_internal_hash) and the map hash built on it
// (make_map_hash: depth 0 for trie levels 0-7, 1 for levels 8-15, ...).
uint32_t map_internal_hash(Term key, uint32_t salt);
uint32_t map_hash_at_depth(Term key, unsigned depth);
bool map_is_flat(Term map);
// erts_internal:map_next/3's iterator step: the pair at position *path
// (0 is the first) and, in *path, the position after it. A position is
// opaque to Erlang code; false when the position is past the end or
// malformed (*end tells which).
bool map_iterate(Heap& h, Term map, Term* path, Term* key, Term* value, bool* end);

}  // namespace girder

namespace girder {
// For the collector: number of words right after a map node's header that
// hold no terms (sizes, bitmaps). All later words of the node are terms.
Uint map_raw_words(const Term* node);
}  // namespace girder
