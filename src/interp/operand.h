// How operands are stored in threaded code.
//
// A source operand is either a literal term (tags 01, 10, 11: lists and
// boxed literals live in the literal region, immediates are themselves) or
// a register reference, which uses primary tag 00 (never a term):
//   X register n:  n << 3
//   Y register n:  (n << 3) | 4     (Y n is E[n + 1]; E[0] holds the CP)
// A destination is always a register reference.
#pragma once

#include "term/term.h"

namespace girder {

constexpr Term x_ref(Uint n) { return n << 3; }
constexpr Term y_ref(Uint n) { return (n << 3) | 4; }
constexpr bool is_reg_ref(Term w) { return (w & 3) == 0; }
constexpr bool is_y_ref(Term w) { return (w & 7) == 4; }
constexpr Uint reg_index(Term w) { return w >> 3; }

// Value of a source operand.
inline Term operand_value(Term w, const Term* x, const Term* E) {
  if (!is_reg_ref(w)) return w;
  return (w & 4) ? E[(w >> 3) + 1] : x[w >> 3];
}
// Slot of a destination operand.
inline Term& operand_slot(Term w, Term* x, Term* E) {
  return (w & 4) ? E[(w >> 3) + 1] : x[w >> 3];
}

}  // namespace girder
