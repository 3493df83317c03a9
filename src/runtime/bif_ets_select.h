// Shared by the select BIFs (runtime/bif_ets_select.cpp) and the compiled
// match spec terms (runtime/bif_ets_match_spec.cpp).
#pragma once

#include <memory>

#include "ets/match_spec.h"

namespace girder {

// The program a compiled match spec term (ets:match_spec_compile/1's
// result) names, or null if t is none.
std::shared_ptr<const MatchProg> ets_compiled_ms(Term t);

}  // namespace girder
