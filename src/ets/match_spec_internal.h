// The compiled form of a match specification (match_spec.h), shared by
// the compiler (match_spec_compile.cpp) and the runner
// (match_spec_run.cpp). A program is a tree of nodes in one array; a
// node's children are a run of indices in `kids`.
#pragma once

#include <vector>

#include "ets/match_spec.h"

namespace girder {

enum class MsOp : uint8_t {
  // head patterns
  p_any,    // '_'
  p_bind,   // first '$N': var[n] = the subterm
  p_check,  // a later '$N': the subterm must be =:= var[n]
  p_const,  // term: =:=
  p_tuple,  // n element patterns
  p_cons,   // 2 kids: head, tail
  p_map,    // n value patterns; keys[aux .. aux+n) the keys (constants)
  // guard and body expressions
  e_const,    // term
  e_var,      // var[n]
  e_whole,    // '$_'
  e_allvars,  // '$$': [var[0], ..., var[nvars-1]]
  e_tuple,    // n element expressions
  e_cons,     // 2 kids: head, tail
  e_map,      // n keys, then n values
  e_call,     // fn with n arguments
  e_and,      // n arguments, all evaluated
  e_or,
  e_andalso,  // n arguments, left to right while true
  e_orelse,   // while false
  e_self,
  // trace dialect (erlang:match_spec_test/3 only)
  e_trace_message,  // 1 kid: the message a trace would carry
  e_trace_flag,     // term: return_trace or exception_trace
};

struct MsNode {
  MsOp op;
  uint32_t n = 0;      // variable index, arity or number of kids
  uint32_t first = 0;  // first kid in MatchProg::kids
  uint32_t aux = 0;    // p_map: first key in MatchProg::keys
  Term term = NIL;     // p_const, e_const
  MsGuardFn fn = nullptr;
};

struct MsClause {
  uint32_t head = 0;
  std::vector<uint32_t> guards;
  std::vector<uint32_t> body;
  uint32_t nvars = 0;       // variables the head binds (indices 0..nvars-1)
  Term head_term = NIL;     // the source, for the analyses
  Term body_term = NIL;
};

class MatchProg {
 public:
  DbTerm source;  // the spec's own copy: constants point into it
  std::vector<MsNode> nodes;
  std::vector<uint32_t> kids;
  std::vector<Term> keys;
  std::vector<MsClause> clauses;
  uint32_t max_vars = 0;
  MsDialect dialect = MsDialect::table;
  bool returns_object = false;  // every body is ['$_']
  ~MatchProg() { source.clear(); }
};

// '$N' -> N (modulo 2^32, as ERTS reads it), or -1 if t is no variable.
int64_t ms_variable(Term t);

}  // namespace girder
