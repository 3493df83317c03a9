// Maps, laid out as ERTS lays them out so that iteration order (maps:to_list,
// printing) and the internal hash match ERTS exactly.
//
//   flatmap (at most MAP_SMALL_LIMIT keys): keys kept sorted in term order
//   hash array mapped trie above that, keyed on the 32-bit internal hash
//   of ERTS (see map.cpp for the node formats).
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
// Visits pairs in ERTS iteration order (the order maps:to_list/1 returns).
void map_foreach(Term map, const std::function<void(Term key, Term value)>& f);
// maps:to_list/1, maps:keys/1, maps:values/1 in ERTS order.
Term map_to_list(Heap& h, Term map);
Term map_keys(Heap& h, Term map);
Term map_values(Heap& h, Term map);
// ERTS's internal hash (make_internal_hash) used to place keys in the trie.
uint32_t map_internal_hash(Term key, uint32_t salt);
// Word size of a map's own nodes (not counting keys/values), for GC.
bool map_is_flat(Term map);

}  // namespace girder

namespace girder {
// For the collector: number of words right after a map node's header that
// hold no terms (sizes, bitmaps). All later words of the node are terms.
Uint map_raw_words(const Term* node);
}  // namespace girder
