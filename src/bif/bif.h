// The BIF calling convention and error helpers.
//
// Every BIF is `Term f(Process* p, Term* args)`: args[0..arity) are the
// arguments (they may be X registers: read them all before building
// anything you return). A BIF builds its result on p->heap with
// Heap::alloc (never triggers a collection) and returns it, or raises by
// setting the exception in p and returning THE_NON_VALUE (use the helpers
// below). BIFs are listed once in bif/bifs.def.
#pragma once

#include <initializer_list>

#include "process/process.h"
#include "process/scheduler.h"
#include "term/atom_table.h"
#include "term/code_refs.h"

namespace girder {

using BifFn = Term (*)(Process* p, Term* args);

// Raise error:Reason.
inline Term bif_error(Process* p, Term reason) {
  p->exc_flags = 0;
  p->exc_class = atom::error;
  p->exc_reason = reason;
  p->exc_info = THE_NON_VALUE;
  return THE_NON_VALUE;
}
inline Term bif_badarg(Process* p) { return bif_error(p, atom::badarg); }
inline Term bif_badarith(Process* p) { return bif_error(p, atom::badarith); }
inline Term bif_system_limit(Process* p) { return bif_error(p, atom::system_limit); }
// Raise exit:Reason / throw:Reason.
inline Term bif_exit(Process* p, Term reason) {
  p->exc_flags = 0;
  p->exc_class = atom::exit;
  p->exc_reason = reason;
  p->exc_info = THE_NON_VALUE;
  return THE_NON_VALUE;
}
inline Term bif_throw(Process* p, Term reason) {
  p->exc_flags = 0;
  p->exc_class = atom::throw_;
  p->exc_reason = reason;
  p->exc_info = THE_NON_VALUE;
  return THE_NON_VALUE;
}
// error:Reason with error_info: #{cause => Cause} style extra info is given
// as a term placed in the stack trace frame's error_info (ERTS 24+); pass
// THE_NON_VALUE for none.
inline Term bif_error_info(Process* p, Term reason, Term info) {
  p->exc_flags = 0;
  p->exc_class = atom::error;
  p->exc_reason = reason;
  p->exc_info = info;
  return THE_NON_VALUE;
}

// error:badarg from an erlang BIF whose error_info carries a cause
// (#{cause => Cause, module => erl_erts_errors}), as ERTS gives for some
// (process_flag: badopt for an unknown flag; spawn_opt: badopt).
Term bif_badarg_cause(Process* p, Term cause);
// The same with the error_info module named: erl_stdlib_errors for the
// BIFs of stdlib's modules (re:run's badopt).
Term bif_badarg_cause_in(Process* p, Term cause, Term errors_module);

// The BIF does not return: the call continues as a call to ep with args
// (at most MAX_TRAP_ARGS, process/scheduler.h), which returns to the BIF's
// caller; `reds` reductions are charged first, so a BIF that does its work
// in pieces and traps to itself with what is left (lists:reverse/2 on a
// long list) yields between the pieces. ERTS's BIF_TRAP. Only for BIFs
// called as functions, not from guards.
Term bif_trap(Process* p, Export* ep, std::initializer_list<Term> args, int reds = 0);

// The BIF does not return here: fn(p, args) runs on a dirty scheduler of
// `kind` (dirty_cpu or dirty_io), and what it returns, raises or traps to
// is the outcome of the call. ERTS's erts_schedule_bif. A BIF already on
// the right kind of scheduler just calls on (sched_current()->kind).
Term bif_dirty(Process* p, SchedKind kind, BifFn fn, std::initializer_list<Term> args);

// Table row as the runtime sees it.
struct BifEntry {
  const char* module;
  const char* function;
  unsigned arity;
  BifFn fn;
  bool local_only;   // a NIF row: not exported, reached by local calls only
  bool direct_only;  // a DIRECT row: only in direct mode (see bifs.def)
};
// All rows of bifs.def, in order.
extern const BifEntry bif_table[];
extern const unsigned bif_table_size;

// Declarations of every BIF function.
// The OTP boot drops the DIRECT rows before any module is loaded: OTP's
// own code server then answers for those functions. False for a dropped row.
void bif_table_drop_direct_rows();
bool bif_row_active(const BifEntry& b);

#define BIF(mod, fun, arity, cname) Term cname(Process* p, Term* args);
#define NIF(mod, fun, arity, cname) Term cname(Process* p, Term* args);
#define DIRECT(mod, fun, arity, cname) Term cname(Process* p, Term* args);
#include "bif/bifs.def"
#undef BIF
#undef NIF
#undef DIRECT

}  // namespace girder
