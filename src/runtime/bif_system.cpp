// BIFs on the system: time, halt, node, system_info, statistics, timers.
#include <atomic>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <string>
#include <thread>

#include "bif/bif.h"
#include "bif/iolist.h"
#include "code/module.h"
#include "runtime/ports.h"
#include "process/vm_services.h"
#include "ets/table_registry.h"
#include "runtime/crash_dump.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/binary.h"
#include "term/bignum.h"
#include "term/compare.h"

namespace girder {

namespace {

uint64_t g_unique = 0;

int64_t system_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Converts nanoseconds to a time unit; false for a bad unit.
bool to_unit(Term unit, int64_t ns, int64_t* out) {
  if (unit == atom::nanosecond) *out = ns;
  else if (unit == atom::microsecond) *out = ns / 1000;
  else if (unit == atom::millisecond) *out = ns / 1000000;
  else if (unit == atom::second) *out = ns / 1000000000;
  else if (unit == atom::native || unit == atom::perf_counter) *out = ns;
  else if (is_small(unit) && small_value(unit) > 0) {
    // parts per second
    __int128 v = __int128(ns) * small_value(unit) / 1000000000;
    *out = int64_t(v);
  } else {
    return false;
  }
  return true;
}

Term time_tuple(Process* p, const std::tm& t, bool date) {
  if (date) return make_tuple(p->heap, {make_small(t.tm_year + 1900), make_small(t.tm_mon + 1), make_small(t.tm_mday)});
  return make_tuple(p->heap, {make_small(t.tm_hour), make_small(t.tm_min), make_small(t.tm_sec)});
}

void write_stderr(const std::string& s) {
  ssize_t r = write(2, s.data(), s.size());
  (void)r;
}

}  // namespace

void vm_halt_with_dump(const std::string& slogan, bool print_slogan, Process* caller) {
  // As erl: the slogan on stderr, a crash dump, status 1 (ERTS ends these
  // lines with \r\n whatever stderr is); ERL_CRASH_DUMP_SECONDS=0 means no
  // dump at all
  if (print_slogan) write_stderr(slogan + "\r\n");
  if (!crash_dump_disabled()) {
    write_stderr((print_slogan ? "\r\n" : "") + std::string("Crash dump is being written to: ") +
                 crash_dump_path() + "...");
    write_stderr(write_crash_dump(slogan, caller) ? "done\r\n" : "failed\r\n");
  }
  vm_halt(1);
}

Term erlang_halt_0(Process*, Term*) { vm_halt(0); }

Term erlang_halt_1(Process* p, Term* a) {
  Term s = a[0];
  if (is_small(s) && small_value(s) >= 0) vm_halt(int(small_value(s) & 0xFF));
  if (s == atom::abort) std::abort();
  if (is_list(s) || s == NIL) {
    std::string slogan;
    if (!iolist_append_to(s, &slogan)) return bif_badarg(p);
    vm_halt_with_dump(slogan, true, p);
  }
  return bif_badarg(p);
}

Term erlang_halt_2(Process* p, Term* a) { return erlang_halt_1(p, a); }

Term erlang_node_0(Process*, Term*) { return this_node(); }
Term erlang_node_1(Process* p, Term* a) {
  Term t = a[0];
  if (is_local_pid(t) || is_local_port(t) || is_local_ref(t)) return this_node();
  if (is_external(t)) return reinterpret_cast<ExternalThing*>(boxed_ptr(t))->node;
  return bif_badarg(p);
}

// Girder's native time unit and perf counter are nanoseconds.
Term erts_internal_time_unit_0(Process*, Term*) { return make_small(1000000000); }
Term erts_internal_perf_counter_unit_0(Process*, Term*) { return make_small(1000000000); }

Term erlang_monotonic_time_0(Process* p, Term*) {
  return make_integer(p->heap, int64_t(vm_monotonic_ns()));
}
Term erlang_monotonic_time_1(Process* p, Term* a) {
  int64_t v;
  if (!to_unit(a[0], int64_t(vm_monotonic_ns()), &v)) return bif_badarg(p);
  return make_integer(p->heap, v);
}
Term erlang_system_time_0(Process* p, Term*) { return make_integer(p->heap, system_ns()); }
Term erlang_system_time_1(Process* p, Term* a) {
  int64_t v;
  if (!to_unit(a[0], system_ns(), &v)) return bif_badarg(p);
  return make_integer(p->heap, v);
}
Term erlang_time_offset_0(Process* p, Term*) {
  return make_integer(p->heap, system_ns() - int64_t(vm_monotonic_ns()));
}
Term erlang_time_offset_1(Process* p, Term* a) {
  int64_t v;
  if (!to_unit(a[0], system_ns() - int64_t(vm_monotonic_ns()), &v)) return bif_badarg(p);
  return make_integer(p->heap, v);
}
Term erlang_timestamp_0(Process* p, Term*) {
  int64_t us = system_ns() / 1000;
  return make_tuple(p->heap, {make_small(us / 1000000000000), make_small((us / 1000000) % 1000000),
                              make_small(us % 1000000)});
}
Term erlang_now_0(Process* p, Term* a) {
  // strictly increasing, as erlang:now/0 promises
  static int64_t last = 0;
  int64_t us = system_ns() / 1000;
  if (us <= last) us = last + 1;
  last = us;
  (void)a;
  return make_tuple(p->heap, {make_small(us / 1000000000000), make_small((us / 1000000) % 1000000),
                              make_small(us % 1000000)});
}

Term erlang_unique_integer_0(Process* p, Term*) {
  return make_integer(p->heap, Sint(++g_unique) - (Sint(1) << 59));
}
Term erlang_unique_integer_1(Process* p, Term* a) {
  bool positive = false;
  for (Term l = a[0]; is_list(l); l = cdr(l)) {
    if (car(l) == atom::positive) positive = true;
    else if (car(l) != atom::monotonic) return bif_badarg(p);
  }
  if (positive) return make_integer(p->heap, Sint(++g_unique));
  return make_integer(p->heap, Sint(++g_unique) - (Sint(1) << 59));
}

Term erlang_date_0(Process* p, Term*) {
  std::time_t t = std::time(nullptr);
  std::tm tm;
  localtime_r(&t, &tm);
  return time_tuple(p, tm, true);
}
Term erlang_time_0(Process* p, Term*) {
  std::time_t t = std::time(nullptr);
  std::tm tm;
  localtime_r(&t, &tm);
  return time_tuple(p, tm, false);
}
Term erlang_localtime_0(Process* p, Term*) {
  std::time_t t = std::time(nullptr);
  std::tm tm;
  localtime_r(&t, &tm);
  return make_tuple(p->heap, {time_tuple(p, tm, true), time_tuple(p, tm, false)});
}
Term erlang_universaltime_0(Process* p, Term*) {
  std::time_t t = std::time(nullptr);
  std::tm tm;
  gmtime_r(&t, &tm);
  return make_tuple(p->heap, {time_tuple(p, tm, true), time_tuple(p, tm, false)});
}

// ---- timers -------------------------------------------------------------------

namespace {

// Timers take any time whose deadline fits 63-bit nanoseconds.
constexpr uint64_t MAX_TIMER_MS = (uint64_t(1) << 63) / 1000000u;

// The deadline of send_after/start_timer's Time with {abs, Abs}: Time is
// milliseconds from now, or with abs a monotonic time in milliseconds.
bool timer_deadline(Term t, bool abs, uint64_t* out) {
  if (!is_small(t)) return false;
  Sint ms = small_value(t);
  uint64_t now = vm_monotonic_ns();
  if (abs) {  // a time in the past fires at once
    *out = ms <= int64_t(now / 1000000u) ? now : uint64_t(ms) * 1000000u;
    return uint64_t(ms) <= MAX_TIMER_MS || ms <= 0;
  }
  if (ms < 0 || uint64_t(ms) > MAX_TIMER_MS) return false;
  *out = now + uint64_t(ms) * 1000000u;
  return true;
}

// Options [{abs, Bool}] of send_after/4 and start_timer/4.
bool abs_option(Term opts, bool* abs) {
  Term l = opts;
  for (; is_list(l); l = cdr(l)) {
    Term o = car(l);
    if (!is_tuple(o) || tuple_arity(o) != 2 || tuple_elem(o, 1) != atom::abs) return false;
    Term v = tuple_elem(o, 2);
    if (v != atom::am_true && v != atom::am_false) return false;
    *abs = v == atom::am_true;
  }
  return l == NIL;
}

// Bad arguments are badarg with ERTS's causes: badopt for the options,
// time for the time, none given for the destination.
Term start_timer(Process* p, Term time, Term dest, Term msg, Term opts, bool wrap) {
  bool abs = false;
  uint64_t deadline;
  if (!abs_option(opts, &abs)) return bif_badarg_cause(p, atom::badopt);
  if (!timer_deadline(time, abs, &deadline)) return bif_badarg_cause(p, atom::time);
  // a local pid or a name (looked up when the timer fires)
  if (!is_local_pid(dest) && !is_atom(dest)) return bif_badarg(p);
  return vm_start_timer(p, dest, deadline, msg, wrap);
}

// Options of cancel_timer/2 ({async, Bool}, {info, Bool}) and read_timer/2
// ({async, Bool}).
bool timer_options(Term opts, bool allow_info, bool* async, bool* info) {
  Term l = opts;
  for (; is_list(l); l = cdr(l)) {
    Term o = car(l);
    if (!is_tuple(o) || tuple_arity(o) != 2) return false;
    Term k = tuple_elem(o, 1), v = tuple_elem(o, 2);
    if (v != atom::am_true && v != atom::am_false) return false;
    if (k == atom::async) *async = v == atom::am_true;
    else if (k == atom::info && allow_info) *info = v == atom::am_true;
    else return false;
  }
  return l == NIL;
}

Term time_left_term(Process* p, int64_t left) {
  return left < 0 ? atom::am_false : make_integer(p->heap, left);
}

// cancel_timer/read_timer: the answer, or with async ok and the answer as
// {Tag, Ref, Answer} to the caller (nothing without info).
Term timer_op(Process* p, Term ref, bool cancel, bool async, bool info, Term tag) {
  int64_t left = is_ref(ref) ? vm_cancel_timer(ref, cancel) : -1;
  if (!async) return info ? time_left_term(p, left) : atom::ok;
  if (info) vm_send(p, p->id, make_tuple(p->heap, {tag, ref, time_left_term(p, left)}));
  return atom::ok;
}

}  // namespace

Term erlang_send_after_3(Process* p, Term* a) { return start_timer(p, a[0], a[1], a[2], NIL, false); }
Term erlang_start_timer_3(Process* p, Term* a) { return start_timer(p, a[0], a[1], a[2], NIL, true); }
Term erlang_send_after_4(Process* p, Term* a) { return start_timer(p, a[0], a[1], a[2], a[3], false); }
Term erlang_start_timer_4(Process* p, Term* a) { return start_timer(p, a[0], a[1], a[2], a[3], true); }

Term erlang_cancel_timer_1(Process* p, Term* a) {
  if (!is_ref(a[0])) return bif_badarg(p);
  return timer_op(p, a[0], true, false, true, atom::cancel_timer);
}
Term erlang_cancel_timer_2(Process* p, Term* a) {
  bool async = false, info = true;
  if (!is_ref(a[0]) || !timer_options(a[1], true, &async, &info)) return bif_badarg(p);
  return timer_op(p, a[0], true, async, info, atom::cancel_timer);
}
Term erlang_read_timer_1(Process* p, Term* a) {
  if (!is_ref(a[0])) return bif_badarg(p);
  return timer_op(p, a[0], false, false, true, atom::read_timer);
}
Term erlang_read_timer_2(Process* p, Term* a) {
  bool async = false, info = true;
  if (!is_ref(a[0]) || !timer_options(a[1], false, &async, &info)) return bif_badarg(p);
  return timer_op(p, a[0], false, async, info, atom::read_timer);
}

// ---- system_info / statistics ------------------------------------------------------

std::string vm_system_version() { return "Erlang/OTP 25 [erts-13.1.5] [girder] [64-bit]"; }

Term erlang_system_info_1(Process* p, Term* a) {
  Term k = a[0];
  Heap& h = p->heap;
  if (k == atom::wordsize) return make_small(8);
  if (k == atom::otp_release) return make_string_list(h, "25");
  if (k == atom::version) return make_string_list(h, "13.1.5");
  if (k == atom::system_version) return make_string_list(h, (vm_system_version() + "\n").c_str());
  if (k == atom::schedulers) return make_small(Sint(sched_config().normal));
  if (k == atom::schedulers_online) return make_small(Sint(sched_config().online));
  if (k == atom::scheduler_id) return make_small(p->sched ? Sint(p->sched->index + 1) : 1);
  if (k == atom::logical_processors || k == atom::logical_processors_available)
    return make_small(Sint(std::thread::hardware_concurrency()));
  if (k == atom::dirty_cpu_schedulers) return make_small(Sint(sched_config().dirty_cpu));
  if (k == atom::dirty_cpu_schedulers_online) return make_small(Sint(sched_config().dirty_cpu_online));
  if (k == atom::dirty_io_schedulers) return make_small(Sint(sched_config().dirty_io));
  if (k == atom::thread_pool_size) return make_small(1);
  if (k == atom::process_count) return make_small(Sint(vm_process_count()));
  if (k == atom::process_limit) return make_small(Sint(vm_process_limit()));
  if (k == atom::atom_count) return make_small(Sint(atom_count()));
  if (k == atom::atom_limit) return make_small(Sint(MAX_ATOMS));
  if (k == atom::port_count) {
    return make_small(Sint(vm_ports().count()));
  }
  if (k == atom::port_limit) return make_small(Sint(vm_ports().limit()));
  if (k == atom::ets_limit) return make_small(8192);
  if (k == atom::ets_count) return make_small(Sint(ets_registry().count()));
  if (k == atom::machine) return make_string_list(h, "BEAM");
  if (k == atom::emu_flavor) return atom::emu;
  if (k == atom::os_type) return make_tuple(h, {atom::am_unix, atom::am_linux});
  if (k == atom::debug_compiled) return atom::am_false;
  if (k == atom::smp_support || k == atom::threads) return atom::am_true;
  if (k == atom::build_type) return atom::opt;
  if (k == atom::endian) return atom::little;
  if (k == atom::system_architecture) return make_string_list(h, "x86_64-pc-linux-gnu");
  if (k == atom::creation) return make_small(this_creation());
  if (k == atom::heap_type) return atom::private_;
  if (k == atom::time_warp_mode) return atom::no_time_warp;
  if (k == atom::nif_version) return make_string_list(h, "2.16");
  if (k == atom::driver_version) return make_string_list(h, "3.3");
  if (k == atom::start_time) return make_integer(h, 0);
  if (k == atom::min_heap_size) return make_tuple(h, {atom::min_heap_size, make_small(Sint(DEFAULT_MIN_HEAP_WORDS))});
  if (k == atom::fullsweep_after) return make_tuple(h, {atom::fullsweep_after, make_small(65535)});
  Term mem = system_info_memory(p, k);
  if (is_value(mem)) return mem;
  Term more = system_info_more(p, k);
  if (is_value(more)) return more;
  return bif_badarg(p);
}

Term erlang_statistics_1(Process* p, Term* a) {
  Term k = a[0];
  Heap& h = p->heap;
  static const uint64_t start = vm_monotonic_ns();
  static std::atomic<uint64_t> last_wall{start};
  static std::atomic<uint64_t> last_reds{0};
  if (k == atom::wall_clock || k == atom::runtime) {
    uint64_t now = vm_monotonic_ns();
    int64_t total = int64_t((now - start) / 1000000);
    int64_t since = int64_t((now - last_wall.exchange(now)) / 1000000);
    if (k == atom::runtime) {
      std::clock_t c = std::clock();
      total = int64_t(c * 1000 / CLOCKS_PER_SEC);
    }
    return make_tuple(h, {make_integer(h, total), make_integer(h, since)});
  }
  if (k == atom::reductions || k == atom::exact_reductions) {
    // what has run up to the last slice of each process (ERTS counts the
    // running process's current slice too)
    uint64_t total = sched_total_reductions();
    uint64_t before = last_reds.exchange(total);
    return make_tuple(h, {make_uinteger(h, total), make_uinteger(h, total > before ? total - before : 0)});
  }
  if (k == atom::run_queue || k == atom::total_run_queue_lengths)
    return make_small(Sint(sched_total_run_queue()));
  if (k == atom::total_active_tasks) return make_small(Sint(sched_total_run_queue() + 1));
  if (k == atom::scheduler_wall_time || k == atom::scheduler_wall_time_all) {
    if (!sched_wall_time_on()) return atom::undefined;
    std::vector<Term> l;
    for (const WallTime& w : sched_wall_times(k == atom::scheduler_wall_time_all))
      l.push_back(make_tuple(h, {make_small(Sint(w.id)), make_uinteger(h, w.active_ns),
                                 make_uinteger(h, w.total_ns)}));
    return make_list_from(h, l.data(), l.size());
  }
  if (k == atom::context_switches) return make_tuple(h, {make_small(0), make_small(0)});
  if (k == atom::garbage_collection)
    return make_tuple(h, {make_small(0), make_small(0), make_small(0)});
  if (k == atom::io) {
    Term in = make_tuple(h, {atom::input, make_small(0)});
    Term out = make_tuple(h, {atom::output, make_small(0)});
    return make_tuple(h, {in, out});
  }
  return bif_badarg(p);
}

}  // namespace girder

namespace girder {
// Whether io to Pid's node may carry unicode: always for local processes.
Term net_kernel_dflag_unicode_io_1(Process* p, Term* a) {
  if (!is_pid(a[0])) return bif_badarg(p);
  return atom::am_true;
}
}  // namespace girder
