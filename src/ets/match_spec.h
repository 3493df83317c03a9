// Match specifications: [{Head, Guards, Body}] compiled once into a
// program, then run against objects (ETS select/match, match_spec_run,
// erlang:match_spec_test).
//
// Head: a pattern: '_' matches anything, '$N' (N a number written without
// leading zeros, taken modulo 2^32 as ERTS does) binds or, when already
// bound, must be =:= equal, a tuple, list or map pattern (map keys are
// constants), any other term is a constant compared with =:=.
// Guards: expressions that must all be the atom true. Body: expressions;
// the last one's value is the result. Expressions: '$N' (bound in the
// head), '$_' (the whole object), '$$' (the bound variables in order),
// {{E...}} (a tuple), [E|E] (a list), #{E => E} (a map), {const, T},
// {F, E...} for F/A in ERTS's list of guard functions, the special forms
// and/or (all arguments evaluated), andalso/orelse (left to right, short
// circuit), self; any other atomic term stands for itself. A guard
// expression that raises fails its clause; a body expression that raises
// gives 'EXIT'.
//
// Compile errors are ERTS's messages (erlang:match_spec_test/3 shows them;
// the ETS BIFs turn any into badarg), in ERTS's order, which follows how
// ERTS walks a spec: function arguments and tuple elements last to first,
// and no further clause once one has an error.
//
// The program owns a flat copy of the spec, so it stays valid when the
// process that compiled it collects or exits: its constants point there.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ets/db_object.h"
#include "process/process.h"

namespace girder {

// The native code of a guard function (a BIF: erlang:element/2, ...).
using MsGuardFn = Term (*)(Process* p, Term* args);

// What the engine needs from the running VM, installed once at start-up:
// the BIF behind erlang:Name/Arity (nullptr if none), and ERTS's own term
// printer for the text of error messages.
struct MsRuntime {
  MsGuardFn (*resolve)(Term name, unsigned arity) = nullptr;
  std::string (*print)(Term t) = nullptr;
};
void ms_install_runtime(const MsRuntime& rt);

enum class MsDialect : uint8_t { table, trace };

class MatchProg;

struct MsCompiled {
  std::shared_ptr<const MatchProg> prog;  // null if the spec is bad
  std::vector<std::string> errors;        // ERTS's messages, in order
};
// Compiles spec (any term; a bad one gives errors).
MsCompiled ms_compile(Term spec, MsDialect dialect = MsDialect::table);

// The program with no clauses (matches nothing).
std::shared_ptr<const MatchProg> ms_empty_program();

// Runs a program for process p (self/0, guard BIFs and the result's
// heap). Result: the body's value, built on p->heap but possibly pointing
// into obj (callers copy it when obj is not theirs), or THE_NON_VALUE when
// no clause matches.
class MsRunner {
 public:
  Term run(const MatchProg& prog, Process* p, Term obj);

  // Trace dialect: what the last run's body did (message/1's term, or
  // THE_NON_VALUE; the return_trace and exception_trace flags).
  Term trace_message = THE_NON_VALUE;
  std::vector<Term> trace_flags;

 private:
  std::vector<Term> vars_;
};

// Every clause's body is exactly ['$_'] (select returns whole objects).
bool ms_returns_object(const MatchProg& prog);
// The keys to look up when every clause's head is a tuple whose element
// at keypos holds no variable: then no other object can match (*keys may
// be empty: nothing can match). False if a full scan is needed.
bool ms_bound_keys(const MatchProg& prog, Uint keypos, std::vector<Term>* keys);
// select_replace's check: every clause's body is one expression that
// builds an object with the same key as the head's (ERTS refuses others).
bool ms_keeps_key(const MatchProg& prog, Uint keypos);
// The spec the program was compiled from (its own copy).
Term ms_source(const MatchProg& prog);

}  // namespace girder
