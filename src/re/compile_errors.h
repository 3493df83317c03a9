// Compile errors as ERTS 25 reports them: {error, {Text, Offset}} with the
// texts of PCRE 8.44, which ERTS embeds, and its offsets.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace girder::re {

struct CompileError {
  std::string text;
  size_t offset;
};

// ERTS's error for PCRE2's compile error `code` (from pcre2_compile; the
// UTF-8 errors are negative) at `offset`, an offset into the original
// pattern `source` (already mapped back through TranslatedPattern). Where
// PCRE 8 reports the same mistake at another place, the offset moves
// there.
CompileError erts_compile_error(int code, size_t offset, std::string_view source);

// The error ERTS gives for option lists whose newline or \R settings
// contradict each other (PCRE 8 ORs the option bits together).
CompileError inconsistent_newline_error();

}  // namespace girder::re
