#include "runtime/vm.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <queue>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "bif/zlib_nifs.h"
#include "code/module.h"
#include "gc/copy.h"
#include "interp/interp.h"
#include "loader/loader.h"
#include "port/port.h"
#include "process/vm_services.h"
#include "term/atom_table.h"
#include "term/compare.h"
#include "term/print.h"

namespace girder {

namespace {

constexpr Uint MAX_PROCESSES = Uint(1) << PID_NUMBER_BITS;

struct TimerEntry {
  uint64_t deadline;
  uint64_t seq;
  Term pid;         // receiver (receive-after) or destination process
  bool is_receive;  // receive ... after
  Term dest;        // send_after: pid or name
  Heap* msg_heap;
  Term msg;
  RefKey ref;       // the timer's reference
  bool operator>(const TimerEntry& o) const {
    return deadline != o.deadline ? deadline > o.deadline : seq > o.seq;
  }
};

struct Vm {
  VmConfig cfg;
  std::vector<std::string> code_path;
  std::vector<Process*> table;  // slot -> process (nullptr if free)
  std::vector<uint32_t> serial;  // slot -> generation
  std::vector<Uint> free_slots;
  std::unordered_map<Term, Term> registry;  // name -> pid or port
  PortTable ports;
  std::unordered_map<RefKey, Term, RefKeyHash> aliases;  // active alias -> owner pid
  std::string erts_ebin;  // the OTP root's lib/erts-*/ebin: the preloaded modules
  Scheduler sched;
  std::priority_queue<TimerEntry, std::vector<TimerEntry>, std::greater<TimerEntry>> timers;
  std::unordered_map<RefKey, uint64_t, RefKeyHash> live_timers;  // timer ref -> deadline
  uint64_t timer_seq = 0;
  uint64_t ref_counter = 0;
  std::mutex lock;
  std::condition_variable wake;
};

Vm& vm() {
  static Vm* v = new Vm;
  return *v;
}

uint64_t now_ns() {
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count());
}

}  // namespace

void vm_make_runnable(Process* p) {
  if (p->status == ProcStatus::waiting) {
    p->status = ProcStatus::runnable;
    vm().sched.run_queue.push(p);
  }
}

namespace {

Term pid_of_slot(Uint slot, uint32_t serial) {
  return make_local_pid((Uint(serial) << PID_NUMBER_BITS) | slot);
}

void deliver(Process* to, Term msg) {
  to->mbox.push(vm_make_signal(SigKind::message, THE_NON_VALUE, msg));
  vm_make_runnable(to);
}

// The boot process (init:do_boot/3): when it dies, init halts the VM with
// a slogan at once, and erl's report of the crash never gets out.
bool is_boot_process(const Process* p) {
  Term ic = p->initial_call;
  return is_value(ic) && is_tuple(ic) && tuple_arity(ic) == 3 && tuple_elem(ic, 1) == atom::init &&
         atom_name(tuple_elem(ic, 2)) == "do_boot";
}

void print_crash(Process* p, Term reason) {
  if (is_boot_process(p)) return;
  std::string s = "=ERROR REPORT==== Error in process " + term_to_text(p->id) +
                  " with exit value:\n" + term_to_text(reason) + "\n\n";
  ssize_t r = write(2, s.data(), s.size());
  (void)r;
}

void process_exited(Process* p) {
  Vm& v = vm();
  Term reason = is_value(p->exit_reason) ? p->exit_reason : atom::normal;
  if (p->result_slot) {
    bool normal = reason == atom::normal && !p->crashed;
    *p->result_slot = copy_term(normal ? p->exc_args : reason, *p->result_heap);
    *p->result_ok = normal;
  } else if (p->crashed) {
    print_crash(p, reason);
  }
  if (is_value(p->registered_name)) v.registry.erase(p->registered_name);
  zlib_controller_exited(p->id);
  p->status = ProcStatus::exiting;
  vm_exit_relations(p, reason);
  v.table[p->slot] = nullptr;
  v.free_slots.push_back(p->slot);
  delete p;
}

void fire_timers() {
  Vm& v = vm();
  if (v.timers.empty()) return;  // no clock read on every scheduling
  uint64_t now = now_ns();
  while (!v.timers.empty() && v.timers.top().deadline <= now) {
    TimerEntry t = v.timers.top();
    v.timers.pop();
    if (t.is_receive) {
      Process* p = vm_lookup(t.pid);
      if (p && p->timer_active && p->timer_deadline == t.deadline &&
          p->status == ProcStatus::waiting) {
        p->timed_out = true;
        vm_make_runnable(p);
      }
      continue;
    }
    auto it = v.live_timers.find(t.ref);
    bool active = it != v.live_timers.end();
    if (active) v.live_timers.erase(it);
    if (active) {
      Process* to = is_atom(t.dest) ? vm_lookup(vm_whereis(t.dest)) : vm_lookup(t.dest);
      if (to) deliver(to, t.msg);
    }
    delete t.msg_heap;
  }
}

}  // namespace

uint64_t vm_monotonic_ns() { return now_ns(); }

PortTable& vm_ports() { return vm().ports; }
std::unordered_map<RefKey, Term, RefKeyHash>& vm_alias_table() { return vm().aliases; }

const VmConfig& vm_config() { return vm().cfg; }
std::vector<std::string>& vm_code_path() { return vm().code_path; }

void vm_init(const VmConfig& cfg) {
  Vm& v = vm();
  v.cfg = cfg;
  export_init_hook = interp_init_export;
  install_bif_exports();
  for (const auto& d : cfg.code_path_a) v.code_path.push_back(d);
  v.code_path.push_back(".");
  if (!cfg.girder_ebin.empty()) v.code_path.push_back(cfg.girder_ebin);
  // erts preloaded modules first, then kernel, stdlib, then the rest
  std::vector<std::string> libs;
  std::string libdir = cfg.root + "/lib";
  std::vector<std::string> entries;
  if (FILE* f = popen(("ls -1 " + libdir + " 2>/dev/null").c_str(), "r")) {
    char buf[512];
    while (fgets(buf, sizeof buf, f)) {
      std::string s(buf);
      while (!s.empty() && (s.back() == '\n')) s.pop_back();
      entries.push_back(s);
    }
    pclose(f);
  }
  auto add_app = [&](const std::string& prefix) {
    for (const auto& e : entries)
      if (e.rfind(prefix + "-", 0) == 0) v.code_path.push_back(libdir + "/" + e + "/ebin");
  };
  add_app("erts");
  if (!v.code_path.empty() && v.code_path.back().find("/erts-") != std::string::npos)
    v.erts_ebin = v.code_path.back();
  add_app("kernel");
  add_app("stdlib");
  for (const auto& e : entries) {
    if (e.rfind("erts-", 0) == 0 || e.rfind("kernel-", 0) == 0 || e.rfind("stdlib-", 0) == 0)
      continue;
    v.code_path.push_back(libdir + "/" + e + "/ebin");
  }
  for (const auto& d : cfg.code_path_z) v.code_path.push_back(d);
}

bool vm_load_from_path(Term module, std::string& error) {
  std::string name(atom_name(module));
  Vm& v = vm();
  for (const auto& dir : v.code_path) {
    std::string path = dir + "/" + name + ".beam";
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Module* m = load_module_image(reinterpret_cast<const uint8_t*>(data.data()), data.size(), path, error);
    if (!m) {
      error = path + ": " + error;
      return false;
    }
    // ERTS's built-in copies of the preloaded modules carry no line
    // information: their stack frames have an empty location
    if (dir == v.erts_ebin && is_preloaded_module(module)) m->lines.clear();
    return true;
  }
  error = "nofile";
  return false;
}

bool vm_ensure_loaded(Term module) {
  if (module_get(module)) return true;
  std::string err;
  if (vm_load_from_path(module, err)) return true;
  if (err != "nofile") {
    std::string msg = "girder: cannot load " + std::string(atom_name(module)) + ": " + err + "\n";
    ssize_t r = write(2, msg.data(), msg.size());
    (void)r;
  }
  return false;
}

Process* vm_lookup(Term pid) {
  if (!is_local_pid(pid)) return nullptr;
  Vm& v = vm();
  Uint slot = pid_number(pid);
  if (slot >= v.table.size()) return nullptr;
  Process* p = v.table[slot];
  if (!p || p->id != pid) return nullptr;
  return p;
}

Process* vm_spawn(Process* parent, Term module, Term function, Term args, SpawnOptions& opts) {
  Vm& v = vm();
  Uint slot;
  if (!v.free_slots.empty()) {
    slot = v.free_slots.back();
    v.free_slots.pop_back();
  } else {
    if (v.table.size() >= MAX_PROCESSES) return nullptr;
    slot = v.table.size();
    v.table.push_back(nullptr);
    v.serial.push_back(0);
  }
  uint32_t ser = v.serial[slot]++;
  auto* p = new Process;
  p->slot = slot;
  p->id = pid_of_slot(slot, ser & ((1u << (64 - 4 - PID_NUMBER_BITS - 1)) - 1));
  p->min_heap_words = opts.min_heap_size;
  p->min_bin_vheap_words = opts.min_bin_vheap_size;
  p->max_heap = opts.max_heap;
  p->priority = opts.priority;
  p->off_heap_msgq = opts.off_heap_msgq;
  process_init_memory(p, opts.min_heap_size);
  p->group_leader = parent ? parent->group_leader : THE_NON_VALUE;
  p->sched = &v.sched;
  v.table[slot] = p;
  // arguments onto the new heap
  Term local_args = copy_term(args, p->heap);
  std::vector<Term> argv;
  for (Term l = local_args; is_list(l); l = cdr(l)) argv.push_back(car(l));
  p->initial_call = make_tuple(p->heap, {module, function, make_small(Sint(argv.size()))});
  Export* ep = export_put(module, function, argv.size());
  interp_setup_call(p, ep->address.load(), argv.data(), argv.size());
  // the child does not run yet: the parent sets up both sides
  if (parent && opts.link) {
    parent->links.push_back(p->id);
    p->links.push_back(parent->id);
  }
  if (parent && opts.monitor) {
    Term ref = vm_make_ref(parent->heap);
    RefKey key = RefKey::of(ref);
    parent->monitors.push_back({key, p->id, THE_NON_VALUE, true});
    p->monitors.push_back({key, parent->id, THE_NON_VALUE, false});
    opts.monitor_ref = ref;
  }
  p->status = ProcStatus::runnable;
  v.sched.run_queue.push(p);
  return p;
}

bool vm_send(Process* from, Term to, Term msg) {
  Term id = to;
  if (is_atom(to)) {
    id = vm_whereis(to);
    if (!is_value(id)) return false;
  } else if (is_tuple(to) && tuple_arity(to) == 2 && is_atom(tuple_elem(to, 1)) &&
             is_atom(tuple_elem(to, 2))) {
    // {Name, Node}: a local name that is not registered drops the message
    if (tuple_elem(to, 2) != this_node()) return true;
    id = vm_whereis(tuple_elem(to, 1));
    if (!is_value(id)) return true;
  } else if (!is_pid(to) && !is_port(to) && !is_ref(to)) {
    return false;
  }
  // sending to a dead process or a closed port is not an error
  if (is_local_ref(id)) {
    vm_send_alias(id, msg);
    return true;
  }
  if (is_local_port(id)) {
    if (Port* port = vm_port_lookup(id)) vm_port_send(from, port, msg);
  } else if (Process* target = vm_lookup(id)) {
    deliver(target, msg);
  }
  return true;  // remote pids and ports: not yet
}

namespace {
// The registered_name field of a live process or open port, or nullptr.
Term* registered_name_of(Term id) {
  if (Process* p = vm_lookup(id)) return &p->registered_name;
  if (Port* port = is_local_port(id) ? vm_port_lookup(id) : nullptr) return &port->registered_name;
  return nullptr;
}
}  // namespace

bool vm_register(Term name, Term id) {
  Vm& v = vm();
  Term* slot = registered_name_of(id);
  if (!slot || name == atom::undefined || v.registry.count(name) || is_value(*slot)) return false;
  v.registry[name] = id;
  *slot = name;
  return true;
}

bool vm_unregister(Term name) {
  Vm& v = vm();
  auto it = v.registry.find(name);
  if (it == v.registry.end()) return false;
  if (Term* slot = registered_name_of(it->second)) *slot = THE_NON_VALUE;
  v.registry.erase(it);
  return true;
}

Term vm_whereis(Term name) {
  Vm& v = vm();
  auto it = v.registry.find(name);
  return it == v.registry.end() ? THE_NON_VALUE : it->second;
}

std::vector<Term> vm_registered() {
  std::vector<Term> r;
  for (auto& [k, val] : vm().registry) r.push_back(k);
  return r;
}

std::vector<Process*> vm_processes() {
  std::vector<Process*> r;
  for (Process* p : vm().table)
    if (p) r.push_back(p);
  return r;
}

Term vm_make_ref(Heap& h) {
  Vm& v = vm();
  uint64_t n = ++v.ref_counter;
  auto* r = reinterpret_cast<RefThing*>(h.alloc(REF_WORDS));
  r->header = make_header(REF_WORDS - 1, SUB_REF);
  r->num[0] = uint32_t(n & 0x3FFFF);
  r->num[1] = uint32_t(n >> 18);
  r->num[2] = uint32_t(n >> 50);
  r->num[3] = 0;
  return make_boxed(reinterpret_cast<Term*>(r));
}

Term vm_start_timer(Process* p, Term dest, uint64_t deadline_ns, Term msg, bool wrap) {
  Vm& v = vm();
  Term ref = vm_make_ref(p->heap);
  TimerEntry t{};
  t.deadline = deadline_ns;
  t.seq = ++v.timer_seq;
  t.is_receive = false;
  t.dest = dest;
  t.msg_heap = new Heap;
  Term m = wrap ? make_tuple(*t.msg_heap, {atom::timeout, copy_term(ref, *t.msg_heap),
                                           copy_term(msg, *t.msg_heap)})
                : copy_term(msg, *t.msg_heap);
  t.msg = m;
  t.ref = RefKey::of(ref);
  v.live_timers[t.ref] = t.deadline;
  v.timers.push(t);
  return ref;
}

int64_t vm_cancel_timer(Term ref, bool cancel) {
  if (!is_local_ref(ref)) return -1;
  Vm& v = vm();
  auto it = v.live_timers.find(RefKey::of(ref));
  if (it == v.live_timers.end()) return -1;
  uint64_t dl = it->second;
  if (cancel) v.live_timers.erase(it);
  uint64_t now = now_ns();
  return dl > now ? int64_t((dl - now) / 1000000u) : 0;
}

[[noreturn]] void vm_halt(int status) {
  std::fflush(stdout);
  std::_Exit(status);
}

namespace {
// Runs one process slice, or waits for the next timer. False when nothing
// can ever run again (no runnable process, no timer).
bool schedule_once() {
  Vm& v = vm();
  Scheduler& s = v.sched;
  {
    fire_timers();
    if (s.run_queue.empty()) {
      if (v.timers.empty()) return false;
      uint64_t dl = v.timers.top().deadline, now = now_ns();
      if (dl > now) std::this_thread::sleep_for(std::chrono::nanoseconds(dl - now));
      return true;
    }
    Process* p = s.run_queue.pop();
    p->mbox.fetch();  // signals first: an exit signal may end it here
    if (p->pending_exit) {
      p->status = ProcStatus::exiting;
      process_exited(p);
      return true;
    }
    s.current = p;
    // a receive with a timeout registers its timer when it suspends
    RunResult r = interp_run(p, &s);
    s.current = nullptr;
    switch (r) {
      case RunResult::yielded:
        if (p->pending_exit) {
          process_exited(p);
          break;
        }
        s.run_queue.push(p);
        break;
      case RunResult::waiting:
        if (p->pending_exit) {
          process_exited(p);
          break;
        }
        if (p->timer_active && !p->timer_registered) {
          TimerEntry t{};
          t.deadline = p->timer_deadline;
          t.seq = ++v.timer_seq;
          t.pid = p->id;
          t.is_receive = true;
          v.timers.push(t);
          p->timer_registered = true;
        }
        // a message may have arrived while it was deciding to wait
        if (p->status == ProcStatus::waiting && p->mbox.has_pending_outer()) vm_make_runnable(p);
        break;
      case RunResult::exited:
        process_exited(p);
        break;
    }
  }
  return true;
}
}  // namespace

int vm_run() {
  while (schedule_once()) {
  }
  // nothing can ever run again (no I/O sources yet): sleep forever, as erl
  // does when every process waits.
  for (;;) pause();
}

void vm_run_until_idle() {
  while (schedule_once()) {
  }
}

Term vm_call_sync(Term module, Term function, Term args, Heap& out, bool* ok) {
  Term result = THE_NON_VALUE;
  SpawnOptions opts;
  Process* p = vm_spawn(nullptr, module, function, args, opts);
  if (!p) return THE_NON_VALUE;
  p->result_heap = &out;
  p->result_slot = &result;
  p->result_ok = ok;
  vm_run_until_idle();
  return result;
}

}  // namespace girder
