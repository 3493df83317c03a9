// The hash of a key in a set, bag or duplicate_bag: equal under =:= means
// equal hash (1 and 1.0 differ; 0.0 and -0.0 do not, as in OTP 25).
#pragma once

#include "term/hash.h"

namespace girder {

inline uint32_t ets_key_hash(Term key) {
  if (is_immed(key)) {
    // an immediate equals only itself: mix the word (murmur3's finaliser)
    uint64_t h = key;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return uint32_t(h);
  }
  return phash2_full(key);
}

}  // namespace girder
