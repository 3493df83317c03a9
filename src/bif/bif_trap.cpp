// bif_trap and bif_dirty (bif.h): what the interpreter's bif_trap path reads.
#include "bif/bif.h"
#include "process/scheduler.h"

namespace girder {

namespace {
// The call's next arguments, where the interpreter (or a dirty
// scheduler) takes them from.
Scheduler* leave_args(Process* p, std::initializer_list<Term> args) {
  Scheduler* s = p->sched;
  unsigned n = 0;
  for (Term a : args) s->trap_args[n++] = a;
  s->trap_arity = n;
  p->exc_class = THE_NON_VALUE;
  return s;
}
}  // namespace

Term bif_trap(Process* p, Export* ep, std::initializer_list<Term> args, int reds) {
  Scheduler* s = leave_args(p, args);
  s->trap_ep = ep;
  s->trap_reds = reds;
  return THE_NON_VALUE;
}

Term bif_dirty(Process* p, SchedKind kind, BifFn fn, std::initializer_list<Term> args) {
  Scheduler* s = leave_args(p, args);
  s->dirty_fn = fn;
  s->dirty_kind = kind;
  return THE_NON_VALUE;
}

}  // namespace girder
