// Exceptions: stack traces and the search for a handler.
#pragma once

#include "process/process.h"
#include "term/code_refs.h"

namespace girder {

// Where an exception was raised, for its stack trace.
struct RaiseSite {
  const Term* pc;         // instruction that raised (or a stub)
  const Term* cp;         // continuation register at the time
  Term* E;                // stack top
  Export* bif = nullptr;  // the BIF that raised, if any
  const Term* bif_args = nullptr;
  Uint args_from_x = 0;   // function_clause / undef: arguments are X0..n-1
  bool args_are_x = false;
  Term mfa_module = THE_NON_VALUE;  // undef/function_clause: M, F
  Term mfa_function = THE_NON_VALUE;
  const Term* x = nullptr;  // X registers (for args_are_x)
  bool cp_fresh = false;    // cp was just set by the failing call
};

// Builds the stack trace term (a list of {M,F,ArityOrArgs,Location}) for
// the exception in p, as ERTS does (at most 8 frames).
Term build_stack_trace(Process* p, const RaiseSite& site);

// Raw trace term stored while the exception is handled: {Class, Trace}.
Term make_raw_trace(Process* p, Term cls, Term trace);
bool is_raw_trace(Term t);
Term raw_trace_class(Term raw);
Term raw_trace_list(Term raw);

// Finds the nearest catch on p's stack above E. On success returns the
// handler address and sets *new_E to the frame that installed it.
const Term* find_catch(Term* E, Term* stack_end, Term** new_E);

// Registry of catch handlers (catch terms hold an index into it).
Uint catch_register(const Term* handler);
const Term* catch_handler(Uint index);

// Function (module, name, arity) containing a code address; false if the
// address is in no module (stubs). *offset (if given): words from the
// function's start to pc.
bool function_of_address(const Term* pc, Term* m, Term* f, Uint* a, Uint* offset = nullptr);

}  // namespace girder
