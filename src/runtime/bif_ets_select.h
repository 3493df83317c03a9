// Shared by the ETS match-spec BIFs: select and its chunks
// (runtime/bif_ets_select.cpp), the whole-table walks that yield
// (runtime/bif_ets_walk.cpp) and compiled match spec terms
// (runtime/bif_ets_match_spec.cpp).
#pragma once

#include <memory>
#include <vector>

#include "ets/match_spec.h"
#include "runtime/bif_ets.h"

namespace girder {

// The program a compiled match spec term (ets:match_spec_compile/1's
// result) names, or null if t is none.
std::shared_ptr<const MatchProg> ets_compiled_ms(Term t);

// The program for a spec argument of an ETS BIF: its source ([] matches
// nothing, which match_spec_compile/1 refuses), or with compiled_ok (a
// continuation's spec, which ets:repair_continuation/2 may have compiled)
// a compiled spec too. For a table t that is open: nullptr (t unlocked,
// badarg raised) if spec is no match spec.
std::shared_ptr<const MatchProg> ets_program_for(Process* p, EtsTable& t, Term spec, bool compiled_ok = false);

// The keys a program can match in t when every clause binds the key, in
// the table's order without repeats (== for an ordered_set); false if a
// full walk is needed.
bool ets_bound_keys(const MatchProg& prog, const Table& t, std::vector<Term>* keys);

// Objects ERTS's walk of a hash table looks at before it traps. Whether
// it trapped shows: in the order of what a select with a limit carries
// over, and in whether a select_delete shrinks the table at its end.
constexpr Sint ERTS_WALK_ITERATIONS = 1000;

// What a whole-table walk does with each object the spec matches.
enum class WalkOp : uint8_t {
  select,          // keep the result (select/2, match/2, match_object/2)
  select_reverse,  // the same, an ordered_set walked backwards
  count,           // count the objects whose result is true (select_count/2)
  erase,           // delete them (select_delete/2)
  replace,         // replace each by its result (select_replace/2)
};
// Runs a walk for p over table tab with spec: at once when the spec binds
// every key, else a slice at a time, trapping to ets:internal_walk/1
// between slices so that the process yields on a long one.
Term ets_walk(Process* p, WalkOp op, Term tab, Term spec);

}  // namespace girder
