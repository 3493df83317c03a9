// Code objects that terms refer to: export entries (fun M:F/A, calls to
// other modules) and fun entries (closures). They live in the code index
// (src/code) at stable addresses; term code only reads them.
#pragma once

#include <atomic>

#include "term/term.h"

namespace girder {

struct Module;  // code/module.h

// One per M:F/A ever referred to, loaded or not. `address` is the code to
// run (an error-handler stub that raises undef when not loaded); the
// interpreter jumps to it directly.
struct Export {
  Term module;
  Term function;
  Uint arity;
  // Code to run: the module's function, a BIF stub, or `trampoline`.
  std::atomic<const Term*> address;
  // For BIFs (erlang:abs/1): the native function, else nullptr.
  void* bif = nullptr;
  // Code used while M:F/A has no code: loads the module or raises undef.
  Term trampoline[4];
};
// Set by the interpreter: fills a new export's trampoline.
extern void (*export_init_hook)(Export*);

// One per fun in a module's FunT chunk.
struct FunEntry {
  Term module;
  Uint index;        // index in FunT (what #Fun<M.Index.Uniq> prints)
  uint32_t old_uniq; // FunT's OldUniq (what #Fun<M.Index.Uniq> prints)
  uint8_t md5[16];   // module md5 (new_uniq for term_to_binary)
  Uint arity;        // total arity including free variables
  Uint num_free;
  Term function;     // name of the local function implementing it
  const void* address;  // entry point in the loaded code
  Module* owner;
};

// Finds or creates the export entry for M:F/A (never fails).
Export* export_put(Term module, Term function, Uint arity);
// Existing export entry or nullptr.
Export* export_get(Term module, Term function, Uint arity);
// Fun entry of a loaded module by index and md5/old uniq; nullptr if none.
FunEntry* fun_entry_find(Term module, Uint index, uint32_t old_uniq,
                         const uint8_t* md5);
// This node's name (nonode@nohost until distribution starts) and creation.
Term this_node();
uint32_t this_creation();

}  // namespace girder
