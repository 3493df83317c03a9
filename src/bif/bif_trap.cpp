// bif_trap (bif.h): what the interpreter's bif_trap path reads.
#include "bif/bif.h"
#include "process/scheduler.h"

namespace girder {

Term bif_trap(Process* p, Export* ep, std::initializer_list<Term> args, int reds) {
  Scheduler* s = p->sched;
  unsigned n = 0;
  for (Term a : args) s->trap_args[n++] = a;
  s->trap_arity = n;
  s->trap_ep = ep;
  s->trap_reds = reds;
  p->exc_class = THE_NON_VALUE;
  return THE_NON_VALUE;
}

}  // namespace girder
