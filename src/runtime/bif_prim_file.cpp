// prim_file's natives on file handles (open_nif/2, close_nif/1, read_nif/2,
// write_nif/2, pread_nif/3, pwrite_nif/3, seek_nif/3, sync_nif/2,
// truncate_nif/1, allocate_nif/3, advise_nif/4, read_handle_info_nif/1,
// ipread_s32bu_p32bu_nif/3, get_handle_nif/1, delayed_close_nif/1,
// file_desc_to_ref_nif/1) and read_file_nif/1, with ERTS's answers.
//
// A handle is a NIF resource (term/resource.h) holding the descriptor and
// a state, as ERTS's efile_data_t: idle, busy while a native works on it,
// closed, or close-pending when its owner died during an operation (the
// operation closes it as it ends). Every operation moves idle -> busy ->
// idle, and answers {error, einval} on a handle that is not idle.
//
// The file is closed by close_nif/1; when the process that opened it
// exits (open_nif monitors it through the resource: the down callback
// marks the handle closed and hands the descriptor to prim_file's helper
// process, erts_prim_file, which prim_file:on_load/0 starts and passes to
// erlang:load_nif/2, as ERTS does; without that process, on its own
// thread); or when the handle becomes garbage while still open (the
// resource's destructor).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "bif/binary_util.h"
#include "bif/byte_queue.h"
#include "bif/file_names.h"
#include "process/scheduler.h"
#include "runtime/prim_file_nifs.h"
#include "runtime/schedulers.h"
#include "runtime/vm.h"
#include "term/resource.h"

namespace girder {

namespace {

enum FileState : uint32_t { IDLE, BUSY, CLOSE_PENDING, CLOSED };

struct FileHandle {
  std::atomic<uint32_t> state{IDLE};
  std::atomic<int> fd{-1};
  ResourceMonitor owner;  // the monitor of the process that opened it

  ~FileHandle() { close_fd(); }  // garbage while open
  // Closes the descriptor once; 0 or the errno of close(2), which is not
  // retried on EINTR (Linux has closed it anyway).
  int close_fd() {
    int f = fd.exchange(-1);
    if (f < 0) return 0;
    return ::close(f) < 0 ? errno : 0;
  }
};

void owner_exited(void* obj, Term pid, const ResourceMonitor& mon);
const ResourceType FILE_TYPE = {"efile", resource_destroy_object<FileHandle>, owner_exited};

// erts_prim_file: the process that closes the files of exited owners.
std::atomic<Term> g_janitor{THE_NON_VALUE};

// The owner exited: the handle closes now if idle (its descriptor goes to
// the helper process, or is closed here without one), or when the
// operation in progress ends.
void owner_exited(void* obj, Term, const ResourceMonitor&) {
  auto* f = static_cast<FileHandle*>(obj);
  for (;;) {
    uint32_t s = IDLE;
    if (f->state.compare_exchange_strong(s, CLOSED, std::memory_order_acq_rel)) break;
    if (s == CLOSED || s == CLOSE_PENDING) return;
    if (f->state.compare_exchange_strong(s, CLOSE_PENDING, std::memory_order_acq_rel)) return;
    // the operation ended just now: look again
  }
  Term janitor = g_janitor.load(std::memory_order_acquire);
  if (is_value(janitor) && vm_lookup(janitor)) {
    auto* frag = new Heap;
    Term msg = make_tuple(*frag, {atom::close, resource_make_term(*frag, f)});
    vm_deliver_fragment(janitor, msg, frag);  // {close, FRef}
    return;
  }
  f->close_fd();
}

// The handle argument, or nullptr after raising badarg.
FileHandle* handle_of(Process* p, Term t) {
  auto* f = static_cast<FileHandle*>(resource_get(t, &FILE_TYPE));
  if (!f) nif_badarg(p);
  return f;
}

// An operation on an idle handle (ERTS's file_handle_wrapper): the handle
// is busy meanwhile; args are the native's arguments after the handle.
using FileOp = Term (*)(Process* p, FileHandle* f, Term* args);

template <FileOp op>
Term with_handle(Process* p, Term* a) {
  FileHandle* f = handle_of(p, a[0]);
  if (!f) return THE_NON_VALUE;
  uint32_t s = IDLE;
  if (!f->state.compare_exchange_strong(s, BUSY, std::memory_order_acquire))
    return posix_error(p, EINVAL);  // closed
  Term r = op(p, f, a + 1);
  s = BUSY;
  if (!f->state.compare_exchange_strong(s, IDLE, std::memory_order_release)) {
    // close-pending: the owner exited during the operation
    f->state.store(CLOSED, std::memory_order_release);
    f->close_fd();
  }
  return r;
}

int fd_of(FileHandle* f) { return f->fd.load(std::memory_order_relaxed); }

// ---- reading and writing -------------------------------------------------------

// Reads into buf until it is full, the file ends or an error (read(2), or
// pread(2) at `offset` when it is not negative), as ERTS's efile_readv:
// the bytes read, 0 at the end, or -1 with errno set (also after a
// partial read).
Sint read_all(int fd, uint8_t* buf, Uint size, Sint offset) {
  Uint done = 0;
  for (;;) {
    if (done == size) return Sint(done);
    ssize_t n = offset < 0 ? ::read(fd, buf + done, size - done)
                           : ::pread(fd, buf + done, size - done, off_t(Uint(offset) + done));
    if (n > 0) {
      done += Uint(n);
    } else if (n == 0) {
      return Sint(done);
    } else if (errno != EINTR) {
      return -1;
    }
  }
}

// ERTS allocates a read's whole buffer first, and a size beyond what the
// machine has (memory and swap) fails with enomem; Girder reads into a
// buffer that grows with what comes, so reading much from a small file
// costs little, and refuses the same impossible sizes.
bool size_possible(Uint size) {
  struct sysinfo si;
  if (sysinfo(&si) != 0) return true;
  return size / si.mem_unit <= Uint(si.totalram) + Uint(si.totalswap);
}

struct ReadResult {
  Binary* bin;  // the bytes (refc 1), or nullptr
  Uint size;    // how many
  int err;      // an errno when bin is nullptr
};

// Up to `size` bytes from the current position (offset < 0) or at offset,
// into a binary of `first` bytes at first that doubles as it fills.
ReadResult read_growing(int fd, Uint size, Sint offset, Uint first = 64 * 1024) {
  Uint cap = std::min<Uint>(size, first);
  Binary* b = binary_alloc(cap);
  Uint done = 0;
  for (;;) {
    Sint n = read_all(fd, b->data + done, cap - done, offset < 0 ? -1 : Sint(Uint(offset) + done));
    if (n < 0) {
      int err = errno;
      binary_decref(b);
      return {nullptr, 0, err};
    }
    done += Uint(n);
    if (done < cap || cap == size) return {b, done, 0};  // the end, or all asked for
    cap = size - cap < cap ? size : cap * 2;
    b = binary_realloc(b, cap);
  }
}

// The answer to a read: {ok, Binary}, eof, or {error, Posix}.
Term read_answer(Process* p, ReadResult r) {
  if (!r.bin) return posix_error(p, r.err);
  if (r.size == 0) {
    binary_decref(r.bin);
    return atom::eof;
  }
  return make_tuple(p->heap, {atom::ok, take_binary(p->heap, r.bin, r.size)});
}

// Answers for pread/read arguments that ERTS checks the same way: numbers
// (else badarg) that fit in 64 bits and are not negative (else einval).
bool sizes_ok(Process* p, std::initializer_list<Term> ts, std::initializer_list<Sint*> outs,
              Term* answer) {
  for (Term t : ts) {
    if (!is_number(t)) {
      *answer = nif_badarg(p);
      return false;
    }
  }
  auto o = outs.begin();
  for (Term t : ts) {
    if (!term_to_sint(t, *o) || **o < 0) {
      *answer = posix_error(p, EINVAL);
      return false;
    }
    ++o;
  }
  return true;
}

Term read_op(Process* p, FileHandle* f, Term* a) {
  Sint size;
  Term answer;
  if (!sizes_ok(p, {a[0]}, {&size}, &answer)) return answer;
  if (!size_possible(Uint(size))) return posix_error(p, ENOMEM);
  return read_answer(p, read_growing(fd_of(f), Uint(size), -1));
}

Term pread_op(Process* p, FileHandle* f, Term* a) {
  Sint offset, size;
  Term answer;
  if (!sizes_ok(p, {a[0], a[1]}, {&offset, &size}, &answer)) return answer;
  if (!size_possible(Uint(size))) return posix_error(p, ENOMEM);
  return read_answer(p, read_growing(fd_of(f), Uint(size), offset));
}

// enif_inspect_iovec's limit: writes take this many binaries at a time and
// answer with the rest.
constexpr Uint WRITE_CHUNK_ELEMENTS = 64;

// The binaries of an iovec argument as iovecs for writev(2) (their bytes
// stay where they are: the process does not run, so its heap does not
// move, while a dirty native works; unaligned ones are copied).
struct WriteVector {
  std::vector<iovec> iov;
  ByteQueue copies;  // owns the copies
  Term rest = NIL;
  // False if `list` is not an iovec.
  bool take(Term list) {
    Uint n;
    if (!scan_iovec(list, WRITE_CHUNK_ELEMENTS, &n, &rest)) return false;
    for (Uint i = 0; i < n; i++, list = cdr(list)) {
      BitView v = bit_view(car(list));
      if (v.byte_size() == 0) continue;
      if (v.aligned()) {
        iov.push_back({const_cast<uint8_t*>(v.bytes + v.bit_offset / 8), v.byte_size()});
      } else {
        enqueue_bitstring(copies, car(list));
        const ByteQueue::Slice& s = copies.slice(copies.slice_count() - 1);
        iov.push_back({const_cast<uint8_t*>(s.bytes), s.size});
      }
    }
    return true;
  }
  // Writes everything (pwritev(2) at `offset` when it is not negative):
  // the bytes written, or -1 with errno set.
  Sint write_all(int fd, Sint offset) {
    Uint done = 0;
    size_t first = 0;
    while (first < iov.size()) {
      int count = int(std::min<size_t>(iov.size() - first, IOV_MAX));
      ssize_t n = offset < 0 ? ::writev(fd, &iov[first], count)
                             : ::pwritev(fd, &iov[first], count, off_t(Uint(offset) + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return -1;
      }
      if (n == 0) break;
      done += Uint(n);
      for (Uint left = Uint(n); left > 0;) {  // drop what was written
        iovec& v = iov[first];
        Uint k = std::min<Uint>(left, v.iov_len);
        v.iov_base = static_cast<uint8_t*>(v.iov_base) + k;
        v.iov_len -= k;
        left -= k;
        if (v.iov_len == 0) first++;
      }
      while (first < iov.size() && iov[first].iov_len == 0) first++;
    }
    return Sint(done);
  }
};

Term write_op(Process* p, FileHandle* f, Term* a) {
  WriteVector w;
  if (!w.take(a[0])) return nif_badarg(p);
  if (w.write_all(fd_of(f), -1) < 0) return posix_error(p, errno);
  if (!is_nil(w.rest)) return make_tuple(p->heap, {atom::continue_, w.rest});
  return atom::ok;
}

Term pwrite_op(Process* p, FileHandle* f, Term* a) {
  WriteVector w;
  if (!is_number(a[0]) || !w.take(a[1])) return nif_badarg(p);
  Sint offset;
  if (!term_to_sint(a[0], &offset) || offset < 0) return posix_error(p, EINVAL);
  Sint written = w.write_all(fd_of(f), offset);
  if (written < 0) return posix_error(p, errno);
  if (!is_nil(w.rest))
    return make_tuple(p->heap, {atom::continue_, make_integer(p->heap, written), w.rest});
  return atom::ok;
}

// ---- positions and the rest ---------------------------------------------------

Term seek_op(Process* p, FileHandle* f, Term* a) {
  Sint offset;
  if (!term_to_sint(a[1], &offset)) return nif_badarg(p);
  int whence;
  if (a[0] == atom::bof) {
    whence = SEEK_SET;
  } else if (a[0] == atom::cur) {
    whence = SEEK_CUR;
  } else if (a[0] == atom::eof) {
    whence = SEEK_END;
  } else {
    return nif_badarg(p);
  }
  off_t pos = lseek(fd_of(f), off_t(offset), whence);
  if (pos < 0) return posix_error(p, errno ? errno : EINVAL);
  return make_tuple(p->heap, {atom::ok, make_uinteger(p->heap, Uint(pos))});
}

Term sync_op(Process* p, FileHandle* f, Term* a) {
  int data_only;
  if (!get_int(a[0], &data_only)) return nif_badarg(p);
  int rc = data_only ? fdatasync(fd_of(f)) : fsync(fd_of(f));
  return rc < 0 ? posix_error(p, errno) : atom::ok;
}

Term truncate_op(Process* p, FileHandle* f, Term*) {
  off_t here = lseek(fd_of(f), 0, SEEK_CUR);
  if (here < 0 || ftruncate(fd_of(f), here) < 0) return posix_error(p, errno);
  return atom::ok;
}

Term allocate_op(Process* p, FileHandle* f, Term* a) {
  Sint offset, length;
  Term answer;
  if (!sizes_ok(p, {a[0], a[1]}, {&offset, &length}, &answer)) return answer;
  int rc;
  do {
    rc = fallocate(fd_of(f), 0, off_t(offset), off_t(length));
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) {  // not on this file system: the portable way, as ERTS falls back
    do {
      rc = posix_fallocate(fd_of(f), off_t(offset), off_t(length));
    } while (rc == EINTR);
    if (rc != 0) return posix_error(p, rc);
  }
  return atom::ok;
}

Term advise_op(Process* p, FileHandle* f, Term* a) {
  Sint offset, length;
  Term answer;
  if (!sizes_ok(p, {a[0], a[1]}, {&offset, &length}, &answer)) return answer;
  static const std::pair<Term, int> advices[] = {
      {atom::normal, POSIX_FADV_NORMAL},        {atom::random, POSIX_FADV_RANDOM},
      {atom::sequential, POSIX_FADV_SEQUENTIAL}, {atom::will_need, POSIX_FADV_WILLNEED},
      {atom::dont_need, POSIX_FADV_DONTNEED},   {atom::no_reuse, POSIX_FADV_NOREUSE}};
  for (auto [name, advice] : advices) {
    if (a[2] != name) continue;
    // only advice: ERTS does not report posix_fadvise's answer either
    (void)posix_fadvise(fd_of(f), off_t(offset), off_t(length), advice);
    return atom::ok;
  }
  return posix_error(p, EINVAL);
}

// ipread_s32bu_p32bu(Offset, MaxSize): at Offset a 32-bit big-endian size
// and a 32-bit big-endian position; reads that many bytes there
// ({ok, {Size, Position, Data | eof}}), or eof if the pointer is cut short
// or the size exceeds MaxSize.
Term ipread_op(Process* p, FileHandle* f, Term* a) {
  if (!is_number(a[0]) || !is_number(a[1])) return nif_badarg(p);
  Sint at, max_size;
  if (!term_to_sint(a[0], &at) || !term_to_sint(a[1], &max_size) || at < 0 ||
      max_size >= (Sint(1) << 31))
    return posix_error(p, EINVAL);
  uint8_t ptr[8];
  Sint n = read_all(fd_of(f), ptr, sizeof ptr, at);
  if (n < 0) return posix_error(p, errno);
  if (n < Sint(sizeof ptr)) return atom::eof;
  uint32_t size = uint32_t(ptr[0]) << 24 | uint32_t(ptr[1]) << 16 | uint32_t(ptr[2]) << 8 | ptr[3];
  uint32_t pos = uint32_t(ptr[4]) << 24 | uint32_t(ptr[5]) << 16 | uint32_t(ptr[6]) << 8 | ptr[7];
  if (Sint(size) > max_size) return atom::eof;
  Term data = read_answer(p, read_growing(fd_of(f), size, pos));
  if (is_tuple(data) && tuple_elem(data, 1) == atom::error) return data;
  if (is_tuple(data)) data = tuple_elem(data, 2);  // the binary, or eof
  Heap& h = p->heap;
  return make_tuple(h, {atom::ok, make_tuple(h, {make_uinteger(h, size), make_uinteger(h, pos), data})});
}

// The descriptor as the bytes of a C int, for sendfile.
Term get_handle_op(Process* p, FileHandle* f, Term*) {
  int fd = fd_of(f);
  return new_binary(p->heap, reinterpret_cast<const uint8_t*>(&fd), sizeof fd);
}

// Access as the owner, group or others bits say for this process.
Term handle_access(const struct stat& st) {
  mode_t m = st.st_mode;
  if (st.st_uid == geteuid()) return access_atom(m & S_IRUSR, m & S_IWUSR);
  if (st.st_gid == getegid()) return access_atom(m & S_IRGRP, m & S_IWGRP);
  return access_atom(m & S_IROTH, m & S_IWOTH);
}

Term read_handle_info_op(Process* p, FileHandle* f, Term*) {
  struct stat st;
  if (fstat(fd_of(f), &st) < 0) return posix_error(p, errno);
  return file_info_tuple(p, st, handle_access(st));
}

// ---- opening and closing -------------------------------------------------------

enum Mode : unsigned {
  M_READ = 1,
  M_WRITE = 2,
  M_EXCLUSIVE = 4,
  M_APPEND = 8,
  M_SYNC = 16,
  M_SKIP_TYPE_CHECK = 32,
  M_DIRECTORY = 64,
};

// open_nif's mode list as ERTS reads it: what it does not know (raw,
// binary, read_ahead, ...) is prim_file.erl's business; append and
// exclusive imply write, and neither read nor write means read.
unsigned translate_modes(Term list) {
  static const std::pair<Term, unsigned> names[] = {
      {atom::read, M_READ},         {atom::write, M_WRITE}, {atom::exclusive, M_EXCLUSIVE},
      {atom::append, M_APPEND},     {atom::sync, M_SYNC},   {atom::skip_type_check, M_SKIP_TYPE_CHECK},
      {atom::directory, M_DIRECTORY}};
  unsigned modes = 0;
  for (; is_list(list); list = cdr(list))
    for (auto [name, bit] : names)
      if (car(list) == name) modes |= bit;
  if (modes & (M_APPEND | M_EXCLUSIVE)) {
    modes |= M_WRITE;
  } else if (!(modes & (M_READ | M_WRITE))) {
    modes |= M_READ;
  }
  return modes;
}

bool is_directory(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

// Opens path as ERTS's efile_open: 0 and the descriptor, or the errno.
int open_path(const std::string& path, unsigned modes, int* fd_out) {
  int flags;
  if ((modes & M_READ) && !(modes & M_WRITE)) {
    flags = O_RDONLY;
  } else if ((modes & M_WRITE) && !(modes & M_READ)) {
    flags = O_WRONLY | O_CREAT | O_TRUNC;
  } else {
    flags = O_RDWR | O_CREAT;
  }
  if (modes & M_APPEND) flags = (flags & ~O_TRUNC) | O_APPEND;
  if (modes & M_EXCLUSIVE) flags |= O_EXCL;
  if (modes & M_SYNC) flags |= O_SYNC;
  mode_t perm = 0666;
  if (modes & M_DIRECTORY) {
    flags |= O_DIRECTORY;
    perm = 0777;
  }
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, perm);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return errno;
  // a directory opens only when asked for
  if (!(modes & (M_SKIP_TYPE_CHECK | M_DIRECTORY)) && is_directory(fd)) {
    ::close(fd);
    return EISDIR;
  }
  *fd_out = fd;
  return 0;
}

// {ok, FRef} for a new handle on fd, monitoring the caller, who owns it.
Term new_handle(Process* p, int fd) {
  FileHandle* f = resource_new<FileHandle>(&FILE_TYPE);
  f->fd.store(fd, std::memory_order_relaxed);
  if (!vm_resource_monitor(f, p->id, &f->owner)) {
    f->state.store(CLOSED, std::memory_order_relaxed);
    resource_release(f);  // closes fd
    return posix_error(p, EINVAL);
  }
  return make_tuple(p->heap, {atom::ok, resource_hand_to_term(p->heap, f)});
}

Term open_file(Process* p, Term* a) {
  if (!is_list(a[1]) && !is_nil(a[1])) return nif_badarg(p);
  unsigned modes = translate_modes(a[1]);
  std::string path;
  if (!marshal_path(a[0], &path)) return posix_error(p, EINVAL);
  int fd;
  if (int err = open_path(path, modes, &fd)) return posix_error(p, err);
  return new_handle(p, fd);
}

Term file_desc_to_ref(Process* p, Term* a) {
  int fd;
  if (!is_number(a[0]) || !get_int(a[0], &fd)) return nif_badarg(p);
  if (fcntl(fd, F_GETFL) < 0 && errno == EBADF) return posix_error(p, EBADF);
  return new_handle(p, fd);
}

Term close_file(Process* p, Term* a) {
  FileHandle* f = handle_of(p, a[0]);
  if (!f) return THE_NON_VALUE;
  uint32_t s = IDLE;
  if (!f->state.compare_exchange_strong(s, CLOSED, std::memory_order_acq_rel))
    return posix_error(p, EINVAL);
  resource_monitor_remove(f, f->owner);
  int err = f->close_fd();
  return err ? posix_error(p, err) : atom::ok;
}

// The helper process closes a handle that owner_exited marked closed.
Term delayed_close(Process* p, Term* a) {
  FileHandle* f = handle_of(p, a[0]);
  if (!f) return THE_NON_VALUE;
  if (f->state.load(std::memory_order_acquire) == CLOSED) f->close_fd();
  return atom::ok;
}

// The whole file in one binary, as ERTS's read_file.
Term read_file(Process* p, Term* a) {
  std::string path;
  if (!marshal_path(a[0], &path)) return posix_error(p, EINVAL);
  int fd;
  if (int err = open_path(path, M_READ, &fd)) return posix_error(p, err);
  // the size it has now, or to its end if it has none (/proc files)
  struct stat st;
  Uint size = fstat(fd, &st) == 0 && st.st_size > 0 ? Uint(st.st_size) : UINT64_MAX;
  // a file whose size is known is read into one binary of that size
  ReadResult r = read_growing(fd, size, -1, size == UINT64_MAX ? 64 * 1024 : size);
  ::close(fd);
  if (!r.bin) return posix_error(p, r.err);
  return make_tuple(p->heap, {atom::ok, take_binary(p->heap, r.bin, r.size)});
}

// read_file on the calling scheduler (quick_io_here): a regular file of at
// most QUICK_READ_MAX bytes. Opened non-blocking, so that a FIFO put where
// the file was does not block here; anything else (and a file of unknown
// size, /proc's) is left to the dirty path (false).
constexpr Uint QUICK_READ_MAX = Uint(1) << 20;

bool read_file_here(Process* p, Term* a, Term* out) {
  std::string path;
  if (!marshal_path(a[0], &path)) return false;
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == EINTR) return false;
    *out = posix_error(p, errno);
    return true;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || Uint(st.st_size) > QUICK_READ_MAX) {
    ::close(fd);
    return false;
  }
  ReadResult r = read_growing(fd, Uint(st.st_size), -1, Uint(st.st_size));
  ::close(fd);
  *out = r.bin ? make_tuple(p->heap, {atom::ok, take_binary(p->heap, r.bin, r.size)}) : posix_error(p, r.err);
  return true;
}

}  // namespace

bool quick_io_here(Process* p) {
  Scheduler* s = p->sched;
  return s && s->kind == SchedKind::normal && sched_current() == s &&
         s->rq_len.load(std::memory_order_relaxed) == 0;
}

void prim_file_set_janitor(Term pid) { g_janitor.store(pid, std::memory_order_release); }

Term prim_file_open_nif_2(Process* p, Term* a) { return on_dirty_io<open_file, 2>(p, a); }
Term prim_file_close_nif_1(Process* p, Term* a) { return on_dirty_io<close_file, 1>(p, a); }
Term prim_file_file_desc_to_ref_nif_1(Process* p, Term* a) { return on_dirty_io<file_desc_to_ref, 1>(p, a); }
Term prim_file_delayed_close_nif_1(Process* p, Term* a) { return on_dirty_io<delayed_close, 1>(p, a); }
Term prim_file_read_file_nif_1(Process* p, Term* a) {
  Term r;
  if (quick_io_here(p) && read_file_here(p, a, &r)) return r;
  return on_dirty_io<read_file, 1>(p, a);
}
Term prim_file_read_nif_2(Process* p, Term* a) { return on_dirty_io<with_handle<read_op>, 2>(p, a); }
Term prim_file_write_nif_2(Process* p, Term* a) { return on_dirty_io<with_handle<write_op>, 2>(p, a); }
Term prim_file_pread_nif_3(Process* p, Term* a) { return on_dirty_io<with_handle<pread_op>, 3>(p, a); }
Term prim_file_pwrite_nif_3(Process* p, Term* a) { return on_dirty_io<with_handle<pwrite_op>, 3>(p, a); }
Term prim_file_seek_nif_3(Process* p, Term* a) { return on_dirty_io<with_handle<seek_op>, 3>(p, a); }
Term prim_file_sync_nif_2(Process* p, Term* a) { return on_dirty_io<with_handle<sync_op>, 2>(p, a); }
Term prim_file_truncate_nif_1(Process* p, Term* a) { return on_dirty_io<with_handle<truncate_op>, 1>(p, a); }
Term prim_file_allocate_nif_3(Process* p, Term* a) { return on_dirty_io<with_handle<allocate_op>, 3>(p, a); }
Term prim_file_advise_nif_4(Process* p, Term* a) { return on_dirty_io<with_handle<advise_op>, 4>(p, a); }
Term prim_file_read_handle_info_nif_1(Process* p, Term* a) {
  return on_dirty_io<with_handle<read_handle_info_op>, 1>(p, a);
}
Term prim_file_ipread_s32bu_p32bu_nif_3(Process* p, Term* a) {
  return on_dirty_io<with_handle<ipread_op>, 3>(p, a);
}
// not a dirty native in ERTS either: it only reads the handle
Term prim_file_get_handle_nif_1(Process* p, Term* a) { return with_handle<get_handle_op>(p, a); }

}  // namespace girder
