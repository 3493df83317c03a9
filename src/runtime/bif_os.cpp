// The os module's BIFs: environment, pid, clocks; and the file name
// encoding.
#include <mutex>
#include <shared_mutex>
#include <unistd.h>

#include <cstring>

#include <cstdlib>
#include <string>

#include "bif/bif.h"
#include "bif/file_names.h"
#include "bif/unicode_convert.h"
#include "process/vm_services.h"
#include "runtime/vm.h"

extern char** environ;

namespace girder {

Term erlang_system_time_0(Process* p, Term* a);
Term erlang_system_time_1(Process* p, Term* a);
Term erlang_timestamp_0(Process* p, Term* a);

namespace {
// A flat list of character codes as a byte string (UTF-8 for codes > 127);
// false if t is not such a list.
bool text_of(Term t, std::string& out) {
  std::vector<uint8_t> bytes;
  for (; is_list(t); t = cdr(t)) {
    Term c = car(t);
    if (!is_small(c) || small_value(c) < 1 || small_value(c) > 0x10FFFF) return false;
    utf8_append(bytes, uint32_t(small_value(c)));
  }
  out.append(bytes.begin(), bytes.end());
  return t == NIL;
}

Term chars(Heap& h, const char* s) {
  // decode UTF-8 into code points (invalid bytes as themselves)
  std::vector<Term> cs;
  const auto* b = reinterpret_cast<const uint8_t*>(s);
  while (*b) {
    uint32_t c = *b;
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    bool ok = true;
    for (int i = 1; i < len; i++) ok = ok && (b[i] & 0xC0) == 0x80;
    if (len > 1 && ok) {
      c &= 0x7F >> len;
      for (int i = 1; i < len; i++) c = (c << 6) | (b[i] & 0x3F);
    } else {
      len = 1;
    }
    cs.push_back(make_small(Sint(c)));
    b += len;
  }
  return make_list_from(h, cs.data(), cs.size());
}
}  // namespace

// file:native_name_encoding(): as in ERTS without +fn flags, utf8 when the
// locale's character set is UTF-8, else latin1.
Term file_native_name_encoding_0(Process*, Term*) {
  return native_names_utf8() ? atom::utf8 : atom::latin1;
}

namespace {
// The environment is one per OS process: the schedulers read and change it
// under this lock (ERTS has an environment rwlock too); spawned children
// start from a copy taken under it.
std::shared_mutex& env_lock = vm_env_lock();
}  // namespace

Term os_getenv_1(Process* p, Term* a) {
  std::string name;
  if (!text_of(a[0], name)) return bif_badarg(p);
  std::shared_lock<std::shared_mutex> g(env_lock);
  const char* v = std::getenv(name.c_str());
  return v ? chars(p->heap, v) : atom::am_false;
}

Term os_putenv_2(Process* p, Term* a) {
  std::string name, val;
  if (!text_of(a[0], name) || !text_of(a[1], val) || name.empty() ||
      name.find('=') != std::string::npos)
    return bif_badarg(p);
  std::unique_lock<std::shared_mutex> g(env_lock);
  if (setenv(name.c_str(), val.c_str(), 1) != 0) return bif_badarg(p);
  return atom::am_true;
}

Term os_unsetenv_1(Process* p, Term* a) {
  std::string name;
  if (!text_of(a[0], name)) return bif_badarg(p);
  std::unique_lock<std::shared_mutex> g(env_lock);
  unsetenv(name.c_str());
  return atom::am_true;
}

Term os_env_0(Process* p, Term*) {
  std::vector<Term> out;
  std::shared_lock<std::shared_mutex> g(env_lock);
  for (char** e = environ; *e; e++) {
    std::string kv(*e);
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    out.push_back(make_tuple(p->heap, {chars(p->heap, kv.substr(0, eq).c_str()),
                                       chars(p->heap, kv.c_str() + eq + 1)}));
  }
  return make_list_from(p->heap, out.data(), out.size());
}

Term os_getpid_0(Process* p, Term*) {
  return make_string_list(p->heap, std::to_string(getpid()).c_str());
}

Term os_timestamp_0(Process* p, Term* a) { return erlang_timestamp_0(p, a); }
Term os_system_time_0(Process* p, Term* a) { return erlang_system_time_0(p, a); }
Term os_system_time_1(Process* p, Term* a) { return erlang_system_time_1(p, a); }
Term os_perf_counter_0(Process* p, Term*) {
  return make_integer(p->heap, Sint(vm_monotonic_ns()));
}
Term os_set_signal_2(Process* p, Term* a) {
  if (!is_atom(a[0]) || !is_atom(a[1])) return bif_badarg(p);
  return atom::ok;
}

}  // namespace girder
