// Hashes whose values are observable and must equal ERTS's bit for bit.
#pragma once

#include "term/term.h"

namespace girder {

// erlang:phash2(T) (range 2^27) and phash2(T, Range).
uint32_t phash2(Term t);
// erlang:phash(T, Range) (the older portable hash), 1..Range.
uint32_t phash(Term t, uint32_t range);
// The full 32-bit values behind them (ERTS's make_hash2 and make_hash):
// phash2(T, Range) is phash2_full(T) rem Range, and phash(T, Range) is
// phash_full(T) rem Range + 1, for every Range up to 2^32.
uint32_t phash2_full(Term t);
uint32_t phash_full(Term t);

}  // namespace girder
