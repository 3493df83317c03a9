// Out-of-line parts of instructions (slow paths), called from interp.cpp.
// A function that fails returns THE_NON_VALUE / nullptr / false; if it
// raised, p->exc_class is set (else the instruction jumps to its fail
// label).
#pragma once

#include "process/mailbox.h"
#include "process/process.h"
#include "term/code_refs.h"

namespace girder {

// ---- calls (interp_calls.cpp)
// Code address to run M:F/arity with the arguments already in x.
const Term* interp_resolve_apply(Process* p, Term* x, Term m, Term f, Uint arity);
// erlang:apply(M, F, Args) with x0..x2; unpacks Args into x.
const Term* interp_apply3(Process* p, Term* x, Uint* arity);
// erlang:apply(Fun, Args) with x0..x1; *arity receives the live X registers.
const Term* interp_apply2(Process* p, Term* x, Uint* arity);
// Calling fun f with arity arguments in x: copies its environment after
// them; raises badfun / badarity. *live (if given) receives the number of
// X registers the callee uses (arguments plus environment).
const Term* interp_resolve_fun(Process* p, Term* x, Term f, Uint arity, Uint* live = nullptr);
bool interp_fun_has_arity(Term f, Uint arity);
// Called when ep has no code even after trying to load its module: the
// code to run instead (an error handler), or nullptr for undef.
const Term* interp_undefined_function(Process* p, Term* x, Export* ep);
// Export entry of a BIF function (for stack traces).
Export* interp_bif_export(void* fn);
inline Export* interp_bif_export(Term (*fn)(Process*, Term*)) {
  return interp_bif_export(reinterpret_cast<void*>(fn));
}
Export* interp_send_export();

// ---- misc (interp_misc.cpp)
// The message's memory becomes part of p's heap (at loop_rec, before its
// term is matched: from then on the collector must own it). Idempotent.
void interp_adopt_message(Process* p, Message* m);
bool interp_number_to_double(Term v, double* out);
// Exit reason for an uncaught exception in p.
Term interp_exit_reason(Process* p);

// ---- bit syntax (interp_bs.cpp)
// bs_create_bin segments, as the loader writes them: type, unit, flags,
// value (source), size (source).
constexpr Uint BS_SEGMENT_WORDS = 5;
enum BsSegType : Uint {
  BS_SEG_INTEGER, BS_SEG_FLOAT, BS_SEG_BINARY, BS_SEG_UTF8, BS_SEG_UTF16,
  BS_SEG_UTF32, BS_SEG_STRING, BS_SEG_APPEND, BS_SEG_PRIVATE_APPEND
};
// Flags of segments and bs_get_* (the generic field-flags bits).
constexpr Uint BS_FLAG_LITTLE = 2;
constexpr Uint BS_FLAG_SIGNED = 4;
constexpr Uint BS_FLAG_NATIVE = 16;
Term interp_bs_create_bin(Process* p, Term* x, Term* E, const Term* segs, Uint n, Uint unit);
Term interp_bs_start_match(Process* p, Term bin);
Term interp_bs_get_integer(Process* p, Term ctx, Term size, Uint unit, Uint flags);
Term interp_bs_get_float(Process* p, Term ctx, Term size, Uint unit, Uint flags);
Term interp_bs_get_binary(Process* p, Term ctx, Term size, Uint unit, Uint flags);
bool interp_bs_skip_bits(Process* p, Term ctx, Term size, Uint unit);
bool interp_bs_match_string(Term ctx, Uint bits, const uint8_t* bytes);
Term interp_bs_get_tail(Process* p, Term ctx);
// UTF-8/16/32 character (advances the context if advance).
Term interp_bs_get_utf(Process* p, Term ctx, int width, Uint flags, bool advance);

}  // namespace girder
