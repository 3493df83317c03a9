// Term equality and the standard term order:
//   number < atom < reference < fun < port < pid < tuple < map < nil
//   < list < bitstring
#pragma once

#include "term/term.h"

namespace girder {

// =:= (exact: 1 =/= 1.0)
bool eq_exact(Term a, Term b);
// == (arithmetic: 1 == 1.0)
bool eq_arith(Term a, Term b);
// Standard order; -1, 0, 1. `exact` selects =:= semantics for numbers
// (integers before floats of equal value, as in map key order).
int compare_terms(Term a, Term b, bool exact = false);

}  // namespace girder
