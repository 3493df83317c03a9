// Reports that ERTS itself makes (a module that fails to load, a module
// deleted before it was purged, a crashed process): ERTS sends them as
// {log, Level, Format, Args, Meta} to its system logger, the process
// erlang:system_flag(system_logger, P) named (by default the one
// registered as logger, which OTP's kernel starts). Until there is one,
// the text goes to stderr, as ERTS does before the logger starts.
#include <unistd.h>

#include <atomic>
#include <chrono>

#include "gc/copy.h"
#include "process/vm_services.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/map.h"

namespace girder {

namespace {
// The pid set by system_flag(system_logger, Pid); THE_NON_VALUE: the
// process registered as logger; NIL: none (logger's drop mode).
std::atomic<Term> g_system_logger{THE_NON_VALUE};
}  // namespace

Term vm_system_logger() {
  Term l = g_system_logger.load(std::memory_order_acquire);
  return is_value(l) ? l : atom::logger;
}

Term vm_set_system_logger(Term logger) {
  Term old = vm_system_logger();
  g_system_logger.store(logger == atom::logger ? THE_NON_VALUE : logger == atom::undefined ? NIL : logger,
                        std::memory_order_release);
  return old;
}

namespace {
// The system logger's pid, or THE_NON_VALUE while there is none.
Term system_logger_pid() {
  Term l = g_system_logger.load(std::memory_order_acquire);
  Term to = !is_value(l) ? vm_whereis(atom::logger) : l == NIL ? THE_NON_VALUE : l;
  return is_value(to) && is_local_pid(to) && vm_lookup(to) ? to : THE_NON_VALUE;
}

void write_stderr(const std::string& text) {
  ssize_t r = write(2, text.data(), text.size());
  (void)r;
}
}  // namespace

void vm_log_error_format(Process* p, const std::string& format, Term args, const std::string& fallback) {
  Term to = system_logger_pid();
  if (!is_value(to)) {
    write_stderr(fallback);
    return;
  }
  Heap h;
  int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  Term el_keys[] = {atom::emulator, atom::tag};
  Term el_vals[] = {atom::am_true, atom::error};
  Term el = map_from_pairs(h, el_keys, el_vals, 2);
  Term gl = p && is_value(p->group_leader) ? p->group_leader : atom::noproc;
  Term keys[] = {atom::error_logger, atom::gl, atom::pid, atom::time};
  Term vals[] = {el, gl, p ? p->id : atom::undefined, make_integer(h, us)};
  Term meta = map_from_pairs(h, keys, vals, 4);
  Term fmt = make_byte_list(h, reinterpret_cast<const uint8_t*>(format.data()), format.size());
  // vm_send copies the message (args may live on p's heap)
  vm_send(p, to, make_tuple(h, {atom::log, atom::error, fmt, args, meta}));
}

void vm_log_error(Process* p, const std::string& text) { vm_log_error_format(p, text, NIL, text); }

}  // namespace girder
