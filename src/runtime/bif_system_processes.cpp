// System processes: the ones ERTS starts (boot.cpp) and the ones the
// static NIF modules start with erts_internal:spawn_system_process/3
// (prim_file's janitor, socket_registry). init:restart/0 leaves them, and
// the VM cannot go on without them: one that exits halts it (vm.cpp).
#include "bif/bif.h"
#include "process/vm_services.h"
#include "runtime/vm.h"
#include "term/heap.h"

namespace girder {

Term erts_internal_spawn_system_process_3(Process* p, Term* a) {
  if (!is_atom(a[0]) || !is_atom(a[1]) || list_length(a[2]) < 0) return bif_badarg(p);
  SpawnOptions o;
  o.system_process = true;
  Process* q = vm_spawn(p, a[0], a[1], a[2], o);
  return q ? q->id : bif_system_limit(p);
}

Term erts_internal_is_system_process_1(Process* p, Term* a) {
  if (!is_local_pid(a[0])) return bif_badarg(p);
  Process* q = vm_lookup(a[0]);
  return q && q->system_process ? atom::am_true : atom::am_false;
}

}  // namespace girder
