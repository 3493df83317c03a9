// erlang:load_nif/2 and the system processes the static NIF modules start.
//
// ERTS links the natives of zlib, prim_file, prim_buffer, erl_tracer,
// prim_socket and prim_net into the emulator ("static NIFs"); the modules'
// on_load functions still call load_nif with their own name, and it
// succeeds. Girder's natives are NIF rows of bif/bifs.def, reached by the
// module's local calls whether load_nif was called or not, so load_nif
// only answers. Loading NIF libraries from .so files (erl_nif, design
// decision 9) is not there yet.
#include <string>

#include "bif/bif.h"
#include "process/vm_services.h"
#include "runtime/vm.h"
#include "term/heap.h"

namespace girder {

namespace {
constexpr const char* STATIC_NIF_MODULES[] = {"zlib",        "prim_file", "prim_buffer",
                                              "erl_tracer",  "prim_socket", "net"};

// A flat character list as a string; false if it is not one.
bool flat_string(Term l, std::string& out) {
  for (; is_list(l); l = cdr(l)) {
    Term c = car(l);
    if (!is_small(c) || small_value(c) < 0 || small_value(c) > 0x10FFFF) return false;
    out.push_back(char(small_value(c)));
  }
  return l == NIL;
}
}  // namespace

Term erlang_load_nif_2(Process* p, Term* a) {
  std::string path;
  if (!flat_string(a[0], path)) return bif_badarg(p);
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  for (const char* m : STATIC_NIF_MODULES)
    if (name == m) return atom::ok;
  std::string text = "Failed to load NIF library " + path + ": 'Girder loads no NIF libraries yet'";
  Term detail = make_byte_list(p->heap, reinterpret_cast<const uint8_t*>(text.data()), text.size());
  return make_tuple(p->heap, {atom::error, make_tuple(p->heap, {atom::load_failed, detail})});
}

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
