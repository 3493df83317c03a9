// Integer arithmetic on small integers and bignums (GMP mpn_* on limbs
// stored on the heap). Every result is normalised: a value that fits in a
// small integer is returned as a small. Operands must be integers.
#pragma once

#include <string>

#include "term/heap.h"

namespace girder {

// Largest bignum ERTS builds (limbs); a result above it is system_limit.
// Functions below that build a result return THE_NON_VALUE when the result
// would be larger (the caller raises system_limit).
constexpr Uint MAX_BIG_LIMBS = (Uint(1) << 19) - 1;

Term int_add(Heap& h, Term a, Term b);
Term int_sub(Heap& h, Term a, Term b);
Term int_mul(Heap& h, Term a, Term b);
// Truncating division and remainder (div/rem); divisor must not be 0.
Term int_div(Heap& h, Term a, Term b);
Term int_rem(Heap& h, Term a, Term b);
Term int_neg(Heap& h, Term a);
Term int_band(Heap& h, Term a, Term b);
Term int_bor(Heap& h, Term a, Term b);
Term int_bxor(Heap& h, Term a, Term b);
Term int_bnot(Heap& h, Term a);
// a bsl n (n may be negative: shift right, arithmetic). Returns
// THE_NON_VALUE if the result would be unreasonably large (system_limit).
Term int_shift(Heap& h, Term a, Sint n);
// -1, 0, 1
int int_compare(Term a, Term b);
int int_sign(Term a);
bool int_is_zero(Term a);
// Converts to double; false if out of range (inf).
bool int_to_double(Term a, double* out);
// Truncates a finite double to an integer.
Term double_to_int(Heap& h, double d);
// Exact comparison of an integer with a double (no precision loss), -1/0/1.
int int_compare_double(Term a, double d);
// Value as int64 if it fits.
bool int_to_sint(Term a, Sint* out);
bool int_to_uint(Term a, Uint* out);
// Text in base 2..36 (upper-case letters), with '-' for negatives.
std::string int_to_string(Term a, int base);
// Parses [+-]digits in base 2..36 (either case); THE_NON_VALUE if malformed.
Term int_from_string(Heap& h, const char* s, Uint n, int base);
// Builds an integer from a magnitude (little-endian limbs) and sign.
Term int_from_limbs(Heap& h, const Uint* limbs, Uint n, bool negative);
// Number of bits needed for the two's complement of a, without sign bit.
Uint int_bit_length(Term a);
// Writes the low `bits` bits of a's two's complement representation into
// dst (bits/8 rounded up bytes), big- or little-endian byte order.
void int_to_bytes(Term a, uint8_t* dst, Uint bits, bool little);
// (Byte layout of int_to_bytes/int_from_bytes: the (bits+7)/8 bytes hold one
// unsigned number in the given byte order whose low `bits` bits are the
// value; the unused high bits of the most significant byte are written as 0
// and ignored on reading. So for big endian the first byte is the partial
// one, for little endian the last.)
// Reads `bits` bits (bytes already extracted, big- or little-endian byte
// order, right-aligned in the last byte for big endian) as an integer.
Term int_from_bytes(Heap& h, const uint8_t* src, Uint bits, bool little,
                    bool is_signed);

}  // namespace girder
