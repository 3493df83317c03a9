// The literal region: one reserved address range that holds every term that
// is shared rather than copied (module literals, later persistent_term).
// The collector and message copying test membership with one range check.
#pragma once

#include "term/term.h"

namespace girder {

// Memory in the literal region (zero-filled); aborts if the region is full.
Term* literal_alloc(Uint words);
// Bytes handed out so far (literals are never freed yet).
Uint literal_bytes();
namespace literal_detail {
// The reserved range (both null until the first literal_alloc).
extern const Term* region_start;
extern const Term* region_end;
}  // namespace literal_detail
inline bool is_literal_ptr(const void* p) {
  auto* t = static_cast<const Term*>(p);
  return t >= literal_detail::region_start && t < literal_detail::region_end;
}
// True if t is a list or boxed term that lives in the literal region.
inline bool is_literal(Term t) {
  return !is_immed(t) && is_literal_ptr(reinterpret_cast<const void*>(t & ~Uint(3)));
}

}  // namespace girder
