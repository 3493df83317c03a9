// Float text as ERTS writes and reads it.
#pragma once

#include <string>

#include "term/term.h"

namespace girder {

// float_to_list(F): "%.20e" style, e.g. "1.00000000000000000000e+00".
std::string float_to_text_default(double d);
// float_to_list(F, [short]): shortest text that reads back as F, in
// Erlang syntax (e.g. "0.1", "1.0e10", "1.0e-5").
std::string float_to_text_short(double d);
// float_to_list(F, [{decimals, N}]) / [{decimals, N}, compact]
std::string float_to_text_decimals(double d, int decimals, bool compact);
// float_to_list(F, [{scientific, N}])
std::string float_to_text_scientific(double d, int digits);
// (float_to_text_decimals and float_to_text_scientific return an empty
// string where ERTS refuses with badarg: negative decimals, or a text of
// 256 characters or more, e.g. 1.0e300 with {decimals, 1}.)
// list_to_float/binary_to_float: Erlang float syntax only
// ("1.5", "-1.5e3", "1.0E+2"); false if malformed or out of range.
bool text_to_float(const char* s, Uint n, double* out);

}  // namespace girder
