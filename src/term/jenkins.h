// Bob Jenkins's 96-bit mix and lookup2 block hash, as ERTS uses them in
// both of its term hashes (phash2 in hash.cpp, the map hash in
// map_hash.cpp): one copy so the two cannot drift apart.
#pragma once

#include <cstdint>

#include "term/term.h"

namespace girder::jenkins {

constexpr uint32_t GOLDEN = 0x9e3779b9u;  // ERTS's HCONST
// ERTS's HCONST_n constants are GOLDEN * n mod 2^32.
constexpr uint32_t hconst(uint32_t n) { return GOLDEN * n; }

inline void mix(uint32_t& a, uint32_t& b, uint32_t& c) {
  a -= b; a -= c; a ^= (c >> 13);
  b -= c; b -= a; b ^= (a << 8);
  c -= a; c -= b; c ^= (b >> 13);
  a -= b; a -= c; a ^= (c >> 12);
  b -= c; b -= a; b ^= (a << 16);
  c -= a; c -= b; c ^= (b >> 5);
  a -= b; a -= c; a ^= (c >> 3);
  b -= c; b -= a; b ^= (a << 10);
  c -= a; c -= b; c ^= (b >> 15);
}

inline uint32_t le32(const uint8_t* k) {
  return uint32_t(k[0]) | (uint32_t(k[1]) << 8) | (uint32_t(k[2]) << 16) | (uint32_t(k[3]) << 24);
}

// lookup2 over a byte block, seeded with initval.
inline uint32_t block_hash(const uint8_t* k, Uint length, uint32_t initval) {
  uint32_t a = GOLDEN, b = GOLDEN, c = initval;
  Uint len = length;
  while (len >= 12) {
    a += le32(k);
    b += le32(k + 4);
    c += le32(k + 8);
    mix(a, b, c);
    k += 12;
    len -= 12;
  }
  c += uint32_t(length);
  // the low byte of c is taken by the length
  switch (len) {
    case 11: c += uint32_t(k[10]) << 24; [[fallthrough]];
    case 10: c += uint32_t(k[9]) << 16; [[fallthrough]];
    case 9: c += uint32_t(k[8]) << 8; [[fallthrough]];
    case 8: b += uint32_t(k[7]) << 24; [[fallthrough]];
    case 7: b += uint32_t(k[6]) << 16; [[fallthrough]];
    case 6: b += uint32_t(k[5]) << 8; [[fallthrough]];
    case 5: b += k[4]; [[fallthrough]];
    case 4: a += uint32_t(k[3]) << 24; [[fallthrough]];
    case 3: a += uint32_t(k[2]) << 16; [[fallthrough]];
    case 2: a += uint32_t(k[1]) << 8; [[fallthrough]];
    case 1: a += k[0]; [[fallthrough]];
    default: break;
  }
  mix(a, b, c);
  return c;
}

// ERTS's UINT32_HASH_2: mixes two words, each offset by k, into hash.
inline void mix2(uint32_t& hash, uint32_t x, uint32_t y, uint32_t k) {
  uint32_t a = k + x, b = k + y;
  mix(a, b, hash);
}

}  // namespace girder::jenkins
