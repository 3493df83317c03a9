// Error helpers shared by BIFs (see bif.h).
#include "bif/bif.h"
#include "term/atom_table.h"
#include "term/map.h"

namespace girder {

Term bif_badarg_cause(Process* p, Term cause) {
  return bif_badarg_cause_in(p, cause, atom::erl_erts_errors);
}

Term bif_badarg_cause_in(Process* p, Term cause, Term errors_module) {
  Term keys[] = {atom::cause, atom::module};
  Term vals[] = {cause, errors_module};
  Term info = make_tuple(p->heap, {atom::error_info, map_from_pairs(p->heap, keys, vals, 2)});
  return bif_error_info(p, atom::badarg, make_cons(p->heap, info, NIL));
}

}  // namespace girder
