// Text form of terms as erlang:display/1 and ~w print them (no line
// breaking; strings printed as lists of integers, like ~w).
#pragma once

#include <string>

#include "term/term.h"

namespace girder {

// ~w form: 'quoted atoms' as needed, [1,2], {a,b}, <<1,2>>, #{a => 1},
// <0.1.0>, #Ref<0.1.2.3>, #Fun<m.1.123>, fun m:f/1, floats short.
std::string term_to_text(Term t);
// The atom as ~w writes it (quoted if needed).
std::string atom_to_text(Term a);

}  // namespace girder
