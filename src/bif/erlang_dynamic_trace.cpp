// erlang:dt_* (dynamic trace tags): Girder is built without DTrace or
// SystemTap probes, like ERTS without --with-dynamic-trace, where these
// keep no tag: put and get answer undefined, the tag data functions hand
// their argument back, spread and restore answer true. file.erl and
// OTP's servers call them on every request.
#include "bif/bif.h"

namespace girder {

Term erlang_dt_put_tag_1(Process*, Term*) { return atom::undefined; }
Term erlang_dt_get_tag_0(Process*, Term*) { return atom::undefined; }
Term erlang_dt_get_tag_data_0(Process*, Term*) { return atom::undefined; }
Term erlang_dt_spread_tag_1(Process*, Term*) { return atom::am_true; }
Term erlang_dt_restore_tag_1(Process*, Term*) { return atom::am_true; }
Term erlang_dt_prepend_vm_tag_data_1(Process*, Term* a) { return a[0]; }
Term erlang_dt_append_vm_tag_data_1(Process*, Term* a) { return a[0]; }

}  // namespace girder
