// Fun entries for decoded closures.
//
// binary_to_term of a NEW_FUN_EXT must give a fun even when its module is
// not loaded, or is loaded in another version (ERTS 25 does: it creates a
// fun entry on the fly, and calling the fun later goes through the error
// handler, which loads the module or raises badfun). The code index only
// has entries for loaded code, so funs that it does not know get an entry
// from here: owner nullptr, address nullptr ("not loaded"), function NIL
// (erlang:fun_info/2 reports name [] for such funs). Entries live for the
// life of the VM and are shared by equal decoded funs.
#pragma once

#include "term/code_refs.h"

namespace girder {

// The loaded entry for (module, index, md5), else the shared "not loaded"
// entry for all of (module, index, old_uniq, md5, arity, num_free).
// `arity` counts the free variables too, as FunEntry::arity does.
FunEntry* etf_fun_entry(Term module, Uint index, uint32_t old_uniq, const uint8_t md5[16],
                        Uint arity, Uint num_free);

}  // namespace girder
