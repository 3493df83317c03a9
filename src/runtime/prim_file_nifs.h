// What the two halves of prim_file's natives share: runtime/bif_prim_file.cpp
// (file handles) and runtime/bif_prim_file_fs.cpp (operations on paths).
//
// Every native runs on a dirty I/O scheduler, as ERTS marks them
// (ERL_NIF_DIRTY_JOB_IO_BOUND): its NIF row hands the call over with
// on_dirty_io, and the implementation runs there with the process's heap
// as its own. Errors are answered as ERTS's prim_file NIF answers them:
// {error, Posix} with the errno's atom, {error, einval} for a path that is
// not a NUL-terminated binary, and error:badarg (with the NIF's own frame)
// for arguments of the wrong type, which prim_file.erl turns into
// {error, badarg}.
#pragma once

#include <sys/stat.h>

#include "bif/bif.h"

namespace girder {

// {error, Atom} for an errno.
Term posix_error(Process* p, int err);
// error:badarg raised from a native (no error_info, as ERTS's enif_make_badarg).
Term nif_badarg(Process* p);

// ERTS's enif_get_int: a small integer that fits a C int.
bool get_int(Term t, int* out);

// The #file_info{} record of stat data as ERTS builds it, with `access`
// one of ERTS's access atoms (read, write, read_write, none).
Term file_info_tuple(Process* p, const struct stat& st, Term access);
// The access atom for readable/writable.
Term access_atom(bool readable, bool writable);

// erlang:load_nif("prim_file", Pid) (runtime/bif_static_nifs.cpp): Pid is
// prim_file's helper process, which closes the files of exited owners.
void prim_file_set_janitor(Term pid);

// The NIF row's side: impl(p, args) runs on a dirty I/O scheduler with the
// first N arguments (prim_file's natives take at most four).
template <BifFn impl, unsigned N>
Term on_dirty_io(Process* p, Term* a) {
  static_assert(N <= 4);
  if constexpr (N == 0) return bif_dirty(p, SchedKind::dirty_io, impl, {});
  if constexpr (N == 1) return bif_dirty(p, SchedKind::dirty_io, impl, {a[0]});
  if constexpr (N == 2) return bif_dirty(p, SchedKind::dirty_io, impl, {a[0], a[1]});
  if constexpr (N == 3) return bif_dirty(p, SchedKind::dirty_io, impl, {a[0], a[1], a[2]});
  if constexpr (N == 4) return bif_dirty(p, SchedKind::dirty_io, impl, {a[0], a[1], a[2], a[3]});
}

// Whether a call whose work is bounded (a stat, a small regular file read
// whole) may run right here, on the caller's normal scheduler, instead of
// on a dirty I/O thread: yes when nothing else waits in that scheduler's
// run queue, so the call delays no one. The hand-over costs two thread
// wake-ups, more than the call itself on a local file system; the boot
// makes some 330 such calls (code path lookups and .beam reads). A call
// that can block without bound (a FIFO, a device, a socket) never runs
// here.
bool quick_io_here(Process* p);

// impl on this scheduler if quick_io_here, else on a dirty I/O thread.
template <BifFn impl, unsigned N>
Term here_or_dirty_io(Process* p, Term* a) {
  if (quick_io_here(p)) return impl(p, a);
  return on_dirty_io<impl, N>(p, a);
}

}  // namespace girder
