// erlang:dt_* BIFs, the dynamic-tracing tags that file.erl and
// file_io_server.erl pass along with their calls, as an ERTS built without
// DTrace/SystemTap answers them: there is no tag, so spreading one and
// restoring it do nothing (true), and the tag data is undefined.
#include "bif/bif.h"

namespace girder {

// dt_spread_tag(true | false) -> true
Term erlang_dt_spread_tag_1(Process* p, Term* a) {
  if (a[0] != atom::am_true && a[0] != atom::am_false) return bif_badarg(p);
  return atom::am_true;
}

// dt_restore_tag(true) -> true: what dt_spread_tag/1 answered
Term erlang_dt_restore_tag_1(Process* p, Term* a) {
  if (a[0] != atom::am_true) return bif_badarg(p);
  return atom::am_true;
}

Term erlang_dt_get_tag_0(Process*, Term*) { return atom::undefined; }
Term erlang_dt_get_tag_data_0(Process*, Term*) { return atom::undefined; }
Term erlang_dt_put_tag_1(Process*, Term*) { return atom::undefined; }
// the tag data is only the data given
Term erlang_dt_prepend_vm_tag_data_1(Process*, Term* a) { return a[0]; }
Term erlang_dt_append_vm_tag_data_1(Process*, Term* a) { return a[0]; }

}  // namespace girder
