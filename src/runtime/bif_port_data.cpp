// erlang:port_set_data/2 and port_get_data/1: one term kept with a port
// for whoever drives it (inet_db remembers each socket's module there).
// The term is copied out of the caller's heap, literals included, so that
// it outlives the process and the module that made it.
#include "bif/bif.h"
#include "gc/copy.h"
#include "runtime/ports.h"

namespace girder {

Term erlang_port_set_data_2(Process* p, Term* a) {
  LockedPort port = vm_port_acquire(a[0]);
  if (!port) return bif_badarg(p);
  std::vector<Term> words(term_flat_size(a[1]));
  OffHeap refs;
  Term copy = copy_term_flat(a[1], words.data(), refs);
  offheap_release(port->data_off_heap);
  port->data_words = std::move(words);  // the copy stays where it was built
  port->data_off_heap = refs;
  port->data = copy;
  return atom::am_true;
}

Term erlang_port_get_data_1(Process* p, Term* a) {
  LockedPort port = vm_port_acquire(a[0]);
  if (!port) return bif_badarg(p);
  if (!is_value(port->data)) return atom::undefined;
  return copy_term(port->data, p->heap);
}

}  // namespace girder
