// ERTS's own term printer (the "%T" of erts_printf), which erlang:display/1,
// pid_to_list/1, port_to_list/1, ref_to_list/1 and fun_to_list/1 use. It is
// not io_lib's ~w (term/print.h): lists of printable Latin-1 characters
// print as "strings" (bytes written raw), floats as printf's %.6e, maps as
// #{k=>v}, atoms quoted unless they are [a-z][A-Za-z0-9_]* in Latin-1, and
// the module of a local fun unquoted.
#pragma once

#include <string>

#include "term/term.h"

namespace girder {

// The bytes ERTS's printer writes for t (no trailing newline).
std::string display_text(Term t);

}  // namespace girder
