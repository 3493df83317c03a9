// erlang:system_flag/2 and the erlang:system_info/1 items that OTP's boot
// and its applications ask about beyond bif_system.cpp's: ERTS's answers
// for a VM built like Girder (no tracing, no dynamic trace probes, unbound
// schedulers, epoll).
#include <sys/utsname.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "bif/bif.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/map.h"

namespace girder {

namespace {
std::atomic<Sint> g_backtrace_depth{8};
std::atomic<Sint> g_trace_control_word{0};
// 0: twice the number of schedulers, ERTS's default
std::atomic<Sint> g_outstanding_requests_limit{0};

Sint outstanding_requests_limit() {
  Sint v = g_outstanding_requests_limit.load(std::memory_order_relaxed);
  return v > 0 ? v : 2 * Sint(sched_config().normal);
}

// {Major, Minor, Release} of the kernel, as ERTS parses uname's release.
Term os_version(Heap& h) {
  struct utsname u;
  int v[3] = {0, 0, 0};
  if (uname(&u) == 0) std::sscanf(u.release, "%d.%d.%d", &v[0], &v[1], &v[2]);
  return make_tuple(h, {make_small(v[0]), make_small(v[1]), make_small(v[2])});
}

Term cpu_topology(Heap& h) {
  unsigned n = std::thread::hardware_concurrency();
  if (n == 0) return atom::undefined;
  std::vector<Term> cores;
  for (unsigned i = 0; i < n; i++)
    cores.push_back(make_tuple(h, {atom::core, make_tuple(h, {atom::logical, make_small(Sint(i))})}));
  Term proc = make_tuple(h, {atom::processor, make_list_from(h, cores.data(), cores.size())});
  return make_list_from(h, &proc, 1);
}
}  // namespace

Sint vm_backtrace_depth() { return g_backtrace_depth.load(std::memory_order_relaxed); }

Term system_info_more(Process* p, Term k) {
  Heap& h = p->heap;
  if (k == atom::outstanding_system_requests_limit) return make_small(outstanding_requests_limit());
  if (k == atom::break_ignored) return atom::am_false;
  if (k == atom::os_version) return os_version(h);
  if (k == atom::system_logger) return vm_system_logger();
  if (k == atom::sequential_tracer) return make_tuple(h, {atom::sequential_tracer, atom::am_false});
  if (k == atom::multi_scheduling) return atom::enabled;
  if (k == atom::cpu_topology) return cpu_topology(h);
  if (k == atom::compat_rel) return make_small(25);
  if (k == atom::kernel_poll) return atom::am_true;
  if (k == atom::dist_ctrl) return NIL;
  if (k == atom::port_parallelism) return atom::am_false;
  if (k == atom::trace_control_word) return make_small(g_trace_control_word.load());
  if (k == atom::emu_type) return atom::opt;
  if (k == atom::dynamic_trace) return atom::none;
  if (k == atom::dynamic_trace_probes) return atom::am_false;
  if (k == atom::eager_check_io) return atom::am_true;
  if (k == atom::scheduler_bind_type) return atom::unbound;
  if (k == atom::scheduler_bindings) {
    std::vector<Term> v(sched_config().normal, atom::unbound);
    return make_tuple_from(h, v.data(), v.size());
  }
  if (k == atom::c_compiler_used)
    return make_tuple(h, {atom::gnuc, make_tuple(h, {make_small(__GNUC__), make_small(__GNUC_MINOR__),
                                                      make_small(__GNUC_PATCHLEVEL__)})});
  if (k == atom::dist_buf_busy_limit) return make_small(1048576);
  if (k == atom::delayed_node_table_gc) return make_small(60);
  if (k == atom::lock_checking || k == atom::lock_counting) return atom::am_false;
  if (k == atom::logical_processors_online) return make_small(Sint(std::thread::hardware_concurrency()));
  if (k == atom::max_heap_size) {
    Process::MaxHeap none;
    return max_heap_term(h, none);
  }
  if (k == atom::message_queue_data) return atom::on_heap;
  if (k == atom::min_bin_vheap_size) return make_tuple(h, {atom::min_bin_vheap_size, make_small(46422)});
  if (k == atom::tolerant_timeofday) return atom::enabled;
  if (k == atom::time_correction) return atom::am_true;
  if (k == atom::time_offset) return atom::final;
  return THE_NON_VALUE;
}

// erts_internal:scheduler_wall_time(Bool) -> was it on (kernel_refc
// counts the users of erlang:system_flag(scheduler_wall_time, Bool))
Term erts_internal_scheduler_wall_time_1(Process* p, Term* a) {
  if (a[0] != atom::am_true && a[0] != atom::am_false) return bif_badarg(p);
  return sched_wall_time_enable(a[0] == atom::am_true) ? atom::am_true : atom::am_false;
}

// system_flag(Flag, Value) -> OldValue, for the flags whose setting Girder
// keeps; the others are badarg.
Term erlang_system_flag_2(Process* p, Term* a) {
  Term flag = a[0], v = a[1];
  if (flag == atom::backtrace_depth) {
    if (!is_small(v) || small_value(v) < 0) return bif_badarg(p);
    Sint depth = std::min<Sint>(small_value(v), 1 << 20);
    return make_small(g_backtrace_depth.exchange(depth));
  }
  if (flag == atom::system_logger) {
    if (!is_local_pid(v) && v != atom::logger && v != atom::undefined) return bif_badarg(p);
    return vm_set_system_logger(v);
  }
  if (flag == atom::trace_control_word) {
    if (!is_small(v) || small_value(v) < 0 || small_value(v) > 0xFFFFFFFF) return bif_badarg(p);
    return make_small(g_trace_control_word.exchange(small_value(v)));
  }
  if (flag == atom::outstanding_system_requests_limit) {
    if (!is_small(v) || small_value(v) < 1 || small_value(v) > 134217727) return bif_badarg(p);
    Sint old = outstanding_requests_limit();
    g_outstanding_requests_limit.store(small_value(v));
    return make_small(old);
  }
  if (flag == atom::time_offset) {
    // the offset is final from the start: no_time_warp
    if (v != atom::finalize) return bif_badarg(p);
    return atom::final;
  }
  if (flag == atom::reset_seq_trace) {
    if (v != atom::am_true) return bif_badarg(p);
    return atom::am_true;  // no sequential trace tokens exist
  }
  if (flag == atom::scheduler_bind_type) {
    return atom::unbound;  // ERTS leaves schedulers unbound by default
  }
  if (flag == atom::cpu_topology) return cpu_topology(p->heap);
  return bif_badarg(p);
}

}  // namespace girder
