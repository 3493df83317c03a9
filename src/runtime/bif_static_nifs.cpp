// The NIF libraries built into ERTS ("static NIFs": zlib, erl_tracer,
// prim_buffer, prim_file, prim_socket, prim_net), whose natives are rows of
// bif/bifs.def: erlang:load_nif/2 as their on_load/0 functions call it
// (erl_init:start/2 calls them at boot; Girder's direct-mode init too).
#include <unistd.h>

#include <mutex>
#include <set>
#include <string>

#include "bif/bif.h"
#include "bif/iolist.h"
#include "runtime/prim_file_nifs.h"

namespace girder {

namespace {

const char* const STATIC_NIF_LIBRARIES[] = {"zlib",     "erl_tracer", "prim_buffer",
                                            "prim_file", "prim_socket", "prim_net"};

std::mutex g_loaded_lock;
std::set<std::string> g_loaded;  // static libraries loaded once already

Term load_failed(Process* p, const std::string& why) {
  Term text = make_string_list(p->heap, ("Failed to load NIF library: '" + why + "'").c_str());
  return make_tuple(p->heap, {atom::error, make_tuple(p->heap, {atom_put("load_failed"), text})});
}

}  // namespace

// load_nif(Path, LoadInfo) -> ok | {error, {Reason, Text}}: a static
// library loads once (a second time is a reload, which OTP 20 and later
// refuse); Girder cannot load NIF libraries from files yet.
Term erlang_load_nif_2(Process* p, Term* a) {
  std::string path;
  if (!iolist_append_to(a[0], &path)) return bif_badarg(p);
  for (const char* lib : STATIC_NIF_LIBRARIES) {
    if (path != lib) continue;
    {
      std::lock_guard<std::mutex> g(g_loaded_lock);
      if (!g_loaded.insert(path).second) {
        Term text = make_string_list(p->heap, "NIF library already loaded (reload disallowed since OTP 20).");
        return make_tuple(p->heap, {atom::error, make_tuple(p->heap, {atom_put("reload"), text})});
      }
    }
    if (path == "prim_file" && is_local_pid(a[1])) prim_file_set_janitor(a[1]);
    return atom::ok;
  }
  std::string so = path + ".so";
  if (access(so.c_str(), F_OK) != 0) return load_failed(p, so + ": cannot open shared object file: No such file or directory");
  return load_failed(p, so + ": Girder does not load NIF libraries yet");
}

}  // namespace girder
