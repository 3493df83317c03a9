// prim_file's natives that work on paths (read_info_nif/2, list_dir_nif/1,
// read_link_nif/1, make_dir_nif/1, del_file_nif/1, del_dir_nif/1,
// rename_nif/2, make_hard_link_nif/2, make_soft_link_nif/2,
// set_permissions_nif/2, set_owner_nif/3, set_time_nif/4, get_cwd_nif/0,
// set_cwd_nif/1, get_device_cwd_nif/1, altname_nif/1), as ERTS's
// unix_prim_file.c answers them, including its adjustments of errno
// (ENOTEMPTY is eexist, unlinking a directory eperm, ...). Paths come
// encoded by prim_file:internal_name2native/1 (bif/file_names.h).
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "bif/binary_util.h"
#include "bif/file_names.h"
#include "port/driver.h"
#include "runtime/prim_file_nifs.h"

namespace girder {

// ---- shared with bif_prim_file.cpp --------------------------------------------

Term posix_error(Process* p, int err) {
  return make_tuple(p->heap, {atom::error, atom_put(posix_error_name(err))});
}

Term nif_badarg(Process* p) { return bif_error_info(p, atom::badarg, NIL); }

bool get_int(Term t, int* out) {
  if (!is_small(t) || small_value(t) < INT_MIN || small_value(t) > INT_MAX) return false;
  *out = int(small_value(t));
  return true;
}

Term access_atom(bool readable, bool writable) {
  if (readable && writable) return atom::read_write;
  if (readable) return atom::read;
  if (writable) return atom::write;
  return atom::none;
}

namespace {
// Times outside years 0..9999 are clamped, as ERTS does.
constexpr int64_t MIN_FILETIME = -62167219200;
constexpr int64_t MAX_FILETIME = 253402300799;

Term file_time(Heap& h, int64_t t) {
  return make_integer(h, std::clamp(t, MIN_FILETIME, MAX_FILETIME));
}

Term file_type(mode_t m) {
  if (S_ISCHR(m) || S_ISBLK(m)) return atom::device;
  if (S_ISDIR(m)) return atom::directory;
  if (S_ISREG(m)) return atom::regular;
  if (S_ISLNK(m)) return atom::symlink;
  return atom::other;
}
}  // namespace

// #file_info{size, type, access, atime, mtime, ctime, mode, links,
// major_device, minor_device, inode, uid, gid}: ERTS passes the device
// numbers, link count and inode through a C unsigned int, so they are the
// low 32 bits; prim_file.erl converts the POSIX times it gets.
Term file_info_tuple(Process* p, const struct stat& st, Term access) {
  Heap& h = p->heap;
  Term fields[] = {
      atom::file_info,
      make_uinteger(h, Uint(st.st_size)),
      file_type(st.st_mode),
      access,
      file_time(h, int64_t(st.st_atime)),
      file_time(h, int64_t(st.st_mtime)),
      file_time(h, int64_t(st.st_ctime)),
      make_uinteger(h, uint32_t(st.st_mode)),
      make_uinteger(h, uint32_t(st.st_nlink)),
      make_uinteger(h, uint32_t(st.st_dev)),
      make_uinteger(h, uint32_t(st.st_rdev)),
      make_uinteger(h, uint32_t(st.st_ino)),
      make_uinteger(h, uint32_t(st.st_uid)),
      make_uinteger(h, uint32_t(st.st_gid)),
  };
  constexpr Uint n = sizeof fields / sizeof fields[0];
  Term* t = h.alloc(n + 1);
  t[0] = make_header(n, SUB_TUPLE);
  std::copy(fields, fields + n, t + 1);
  return make_boxed(t);
}

namespace {

// The path arguments of a native: false (after answering {error, einval}
// in *answer) if one is not a NUL-terminated binary.
bool paths(Process* p, std::initializer_list<std::pair<Term, std::string*>> args, Term* answer) {
  for (auto [t, s] : args) {
    if (!marshal_path(t, s)) {
      *answer = posix_error(p, EINVAL);
      return false;
    }
  }
  return true;
}

// ok, or {error, Posix} for the errno of a failed call.
Term ok_or_errno(Process* p, int rc) { return rc == 0 ? atom::ok : posix_error(p, errno); }
Term ok_or_error(Process* p, int err) { return err == 0 ? atom::ok : posix_error(p, err); }

// {ok, Bin} of a native byte string.
Term ok_binary(Process* p, const std::string& s) {
  Term b = new_binary(p->heap, reinterpret_cast<const uint8_t*>(s.data()), s.size());
  return make_tuple(p->heap, {atom::ok, b});
}

Term read_info(Process* p, Term* a) {
  int follow;
  if (!get_int(a[1], &follow)) return nif_badarg(p);
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  struct stat st;
  if ((follow ? stat(path.c_str(), &st) : lstat(path.c_str(), &st)) < 0) return posix_error(p, errno);
  bool r = access(path.c_str(), R_OK) == 0;
  bool w = access(path.c_str(), W_OK) == 0;
  return file_info_tuple(p, st, access_atom(r, w));
}

Term set_permissions(Process* p, Term* a) {
  Uint perm;
  if (!term_to_uint(a[1], &perm) || perm > UINT32_MAX) return nif_badarg(p);
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  // what chmod may change; setuid and setgid are dropped if refused
  mode_t mode = mode_t(perm) & (S_ISUID | S_ISGID | S_IRWXU | S_IRWXG | S_IRWXO);
  if (chmod(path.c_str(), mode) < 0 && chmod(path.c_str(), mode & ~(S_ISUID | S_ISGID)) < 0)
    return posix_error(p, errno);
  return atom::ok;
}

Term set_owner(Process* p, Term* a) {
  int uid, gid;
  if (!get_int(a[1], &uid) || !get_int(a[2], &gid)) return nif_badarg(p);
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  return ok_or_errno(p, chown(path.c_str(), uid_t(uid), gid_t(gid)));
}

Term set_time(Process* p, Term* a) {
  Sint at, mt, ct;
  if (!term_to_sint(a[1], &at) || !term_to_sint(a[2], &mt) || !term_to_sint(a[3], &ct))
    return nif_badarg(p);
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  struct utimbuf times = {time_t(at), time_t(mt)};  // ctime cannot be set
  return ok_or_errno(p, utime(path.c_str(), &times));
}

Term read_link(Process* p, Term* a) {
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  std::string target(256, '\0');
  for (;;) {
    ssize_t n = readlink(path.c_str(), target.data(), target.size());
    if (n <= 0) return posix_error(p, errno);
    if (size_t(n) < target.size()) {
      target.resize(size_t(n));
      return ok_binary(p, target);
    }
    target.resize(target.size() * 2);  // it may not have fitted
  }
}

Term list_dir(Process* p, Term* a) {
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  DIR* dir = opendir(path.c_str());
  if (!dir) return posix_error(p, errno);
  // names as binaries, newest first as ERTS conses them (prim_file.erl
  // reverses the list as it decodes it)
  Term list = NIL;
  while (struct dirent* e = readdir(dir)) {
    const char* n = e->d_name;
    if (std::strcmp(n, ".") == 0 || std::strcmp(n, "..") == 0) continue;
    Term name = new_binary(p->heap, reinterpret_cast<const uint8_t*>(n), std::strlen(n));
    list = make_cons(p->heap, name, list);
  }
  closedir(dir);
  return make_tuple(p->heap, {atom::ok, list});
}

Term rename_path(Process* p, Term* a) {
  std::string from, to;
  Term answer;
  if (!paths(p, {{a[0], &from}, {a[1], &to}}, &answer)) return answer;
  if (rename(from.c_str(), to.c_str()) == 0) return atom::ok;
  if (errno == ENOTEMPTY) return posix_error(p, EEXIST);
  if (from == "/") return posix_error(p, EINVAL);  // Linux says eacces or ebusy
  return posix_error(p, errno);
}

Term make_hard_link(Process* p, Term* a) {
  std::string existing, created;
  Term answer;
  if (!paths(p, {{a[0], &existing}, {a[1], &created}}, &answer)) return answer;
  return ok_or_errno(p, link(existing.c_str(), created.c_str()));
}

Term make_soft_link(Process* p, Term* a) {
  std::string existing, created;
  Term answer;
  if (!paths(p, {{a[0], &existing}, {a[1], &created}}, &answer)) return answer;
  return ok_or_errno(p, symlink(existing.c_str(), created.c_str()));
}

Term make_dir(Process* p, Term* a) {
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  return ok_or_errno(p, mkdir(path.c_str(), 0777));
}

Term del_file(Process* p, Term* a) {
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  if (unlink(path.c_str()) == 0) return atom::ok;
  return posix_error(p, errno == EISDIR ? EPERM : errno);  // Linux's answer differs
}

Term del_dir(Process* p, Term* a) {
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  if (rmdir(path.c_str()) == 0) return atom::ok;
  int err = errno == ENOTEMPTY ? EEXIST : errno;
  if (err == EEXIST) {
    // the current directory itself: einval
    struct stat dir, cwd;
    if (stat(path.c_str(), &dir) == 0 && stat(".", &cwd) == 0 && dir.st_ino == cwd.st_ino &&
        dir.st_dev == cwd.st_dev)
      err = EINVAL;
  }
  return ok_or_error(p, err);
}

Term get_device_cwd(Process* p, Term* a) {
  int device;
  if (!get_int(a[0], &device)) return nif_badarg(p);
  return posix_error(p, ENOTSUP);  // drive letters are Windows'
}

Term get_cwd(Process* p, Term*) {
  std::string cwd(256, '\0');
  while (!getcwd(cwd.data(), cwd.size())) {
    if (errno != ERANGE) return posix_error(p, errno);
    cwd.resize(cwd.size() * 2);
  }
  cwd.resize(std::strlen(cwd.c_str()));
  return ok_binary(p, cwd);
}

Term set_cwd(Process* p, Term* a) {
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  return ok_or_errno(p, chdir(path.c_str()));
}

Term altname(Process* p, Term* a) {
  std::string path;
  Term answer;
  if (!paths(p, {{a[0], &path}}, &answer)) return answer;
  return posix_error(p, ENOTSUP);  // short names are Windows'
}

}  // namespace

// a stat: bounded, so it may run on the calling scheduler
Term prim_file_read_info_nif_2(Process* p, Term* a) { return here_or_dirty_io<read_info, 2>(p, a); }
Term prim_file_set_permissions_nif_2(Process* p, Term* a) { return on_dirty_io<set_permissions, 2>(p, a); }
Term prim_file_set_owner_nif_3(Process* p, Term* a) { return on_dirty_io<set_owner, 3>(p, a); }
Term prim_file_set_time_nif_4(Process* p, Term* a) { return on_dirty_io<set_time, 4>(p, a); }
Term prim_file_read_link_nif_1(Process* p, Term* a) { return on_dirty_io<read_link, 1>(p, a); }
Term prim_file_list_dir_nif_1(Process* p, Term* a) { return on_dirty_io<list_dir, 1>(p, a); }
Term prim_file_rename_nif_2(Process* p, Term* a) { return on_dirty_io<rename_path, 2>(p, a); }
Term prim_file_make_hard_link_nif_2(Process* p, Term* a) { return on_dirty_io<make_hard_link, 2>(p, a); }
Term prim_file_make_soft_link_nif_2(Process* p, Term* a) { return on_dirty_io<make_soft_link, 2>(p, a); }
Term prim_file_make_dir_nif_1(Process* p, Term* a) { return on_dirty_io<make_dir, 1>(p, a); }
Term prim_file_del_file_nif_1(Process* p, Term* a) { return on_dirty_io<del_file, 1>(p, a); }
Term prim_file_del_dir_nif_1(Process* p, Term* a) { return on_dirty_io<del_dir, 1>(p, a); }
Term prim_file_get_device_cwd_nif_1(Process* p, Term* a) { return on_dirty_io<get_device_cwd, 1>(p, a); }
Term prim_file_get_cwd_nif_0(Process* p, Term* a) { return on_dirty_io<get_cwd, 0>(p, a); }
Term prim_file_set_cwd_nif_1(Process* p, Term* a) { return on_dirty_io<set_cwd, 1>(p, a); }
Term prim_file_altname_nif_1(Process* p, Term* a) { return on_dirty_io<altname, 1>(p, a); }

}  // namespace girder
