// The hash of a key in a set, bag or duplicate_bag: ERTS's, so that keys
// fall into the buckets they fall into on ERTS and tables iterate in its
// order. An atom hashes as its name (the atom table's hashpjw value, as
// ERTS takes it from its atom table); any other key is ERTS's internal
// hash (make_internal_hash with salt 0, the hash maps use too). Equal
// under =:= means equal hash (1 and 1.0 differ; 0.0 and -0.0 do not).
//
// Where the internal hash mixes in an atom's table index (an atom inside a
// tuple or list key), Girder's indices are not ERTS's, so such keys land
// in other buckets than on erl; see term/map_hash.cpp.
#pragma once

#include "term/atom_table.h"
#include "term/map.h"

namespace girder {

inline uint32_t ets_key_hash(Term key) { return is_atom(key) ? atom_hash(key) : map_internal_hash(key, 0); }

}  // namespace girder
