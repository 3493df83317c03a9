#include "runtime/vm.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "code/module.h"
#include "gc/copy.h"
#include "interp/instr.h"
#include "interp/interp.h"
#include "loader/loader.h"
#include "port/port.h"
#include "bif/bif.h"
#include "runtime/bif_ets.h"
#include "process/vm_services.h"
#include "runtime/crash_dump.h"
#include "runtime/ports.h"
#include "runtime/process_table.h"
#include "runtime/schedulers.h"
#include "term/atom_table.h"
#include "term/compare.h"
#include "term/literal_region.h"
#include "term/print.h"
#include "term/resource.h"

namespace girder {

std::vector<std::string> otp_lib_entries(const std::string& root) {
  std::vector<std::string> entries;
  if (DIR* d = opendir((root + "/lib").c_str())) {
    while (const dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") entries.push_back(name);
    }
    closedir(d);
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

namespace {

struct Vm {
  VmConfig cfg;
  std::vector<std::string> code_path;
  ProcessTable procs;
  // Registered names (name -> pid or port) and the registered_name fields
  // of processes and ports: under registry_lock.
  std::shared_mutex registry_lock;
  std::unordered_map<Term, Term> registry;
  PortTable ports;
  std::mutex alias_lock;
  std::unordered_map<RefKey, Term, RefKeyHash> aliases;  // active alias -> owner pid
  std::recursive_mutex load_lock;  // loading a module from the code path
  std::string erts_ebin;  // the OTP root's lib/erts-*/ebin: the preloaded modules
  std::atomic<uint64_t> ref_counter{0};  // references made outside a scheduler
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

// The boot process (init:do_boot/3): when it dies, init halts the VM with
// a slogan at once, and erl's report of the crash never gets out.
bool is_boot_process(const Process* p) {
  Term ic = p->initial_call;
  return is_value(ic) && is_tuple(ic) && tuple_arity(ic) == 3 && tuple_elem(ic, 1) == atom::init &&
         atom_name(tuple_elem(ic, 2)) == "do_boot";
}

// ERTS's report of a process that died of an uncaught exception, to the
// system logger (stderr in direct mode, which has none).
void print_crash(Process* p, Term reason) {
  if (is_boot_process(p)) return;
  std::string text = "=ERROR REPORT==== Error in process " + term_to_text(p->id) +
                     " with exit value:\n" + term_to_text(reason) + "\n\n";
  Heap h;
  Term args = make_list_from(h, std::vector<Term>{p->id, reason}.data(), 2);
  vm_log_error_format(p, "Error in process ~p with exit value:~n~p~n", args, text);
}

// The exited process's references to off-heap objects (refc binaries,
// resources) on its heap and in the messages it never received go at once,
// as in ERTS: nothing reads them after its exit signals are out, and the
// Process itself is freed only later (sched_retire), once no scheduler can
// still hold it, which may be long after if its scheduler goes idle.
void release_off_heap(Process* p) {
  offheap_release(p->heap.off_heap);
  offheap_release(p->heap.old_off_heap);
  for (Message* m = p->mbox.first(); m; m = m->next)
    if (m->frag_heap) offheap_release(m->frag_heap->off_heap);
  if (p->exit_signal && p->exit_signal->frag_heap) offheap_release(p->exit_signal->frag_heap->off_heap);
}

}  // namespace

void vm_process_exited(Process* p) {
  Vm& v = vm();
  p->run_state.store(RS_DONE, std::memory_order_seq_cst);
  Term reason = is_value(p->exit_reason) ? p->exit_reason : atom::normal;
  if (p->result_slot) {
    bool normal = reason == atom::normal && !p->crashed;
    *p->result_slot = copy_term(normal ? p->exc_args : reason, *p->result_heap);
    *p->result_ok = normal;
  } else if (p->crashed) {
    print_crash(p, reason);
  }
  // init and the processes ERTS and the static NIFs start for themselves:
  // the VM cannot go on without them
  if (p->system_process)
    vm_halt_with_dump("System process " + term_to_text(p->id) + " terminated: " + term_to_text(reason), false,
                      nullptr);
  {
    std::unique_lock<std::shared_mutex> g(v.registry_lock);
    if (is_value(p->registered_name)) v.registry.erase(p->registered_name);
    p->registered_name = THE_NON_VALUE;
  }
  // before the links and monitors hear of the exit, as in ERTS: a heir
  // has its 'ETS-TRANSFER' before any 'EXIT' or 'DOWN' from p
  ets_process_exited(p);
  node_monitors_process_exited(p);
  p->status = ProcStatus::exiting;
  if (p->timer_active) vm_cancel_recv_timer(p);
  // lookups fail from here on; signals already on their way are taken by
  // vm_exit_relations, later ones find the queue closed
  v.procs.release(p->slot);
  // after the release, so that no resource monitor can be added any more
  resource_monitors_fire(p->id);
  vm_exit_relations(p, reason);
  release_off_heap(p);
  sched_retire(p);
}

uint64_t vm_monotonic_ns() { return now_ns(); }

bool vm_resource_monitor(void* obj, Term pid, ResourceMonitor* out) {
  return resource_monitor_add(obj, pid, [](Term t) { return vm_lookup(t) != nullptr; }, out);
}

PortTable& vm_ports() { return vm().ports; }

void vm_alias_add(const RefKey& key, Term owner) {
  Vm& v = vm();
  std::lock_guard<std::mutex> g(v.alias_lock);
  v.aliases[key] = owner;
}
void vm_alias_remove(const RefKey& key) {
  Vm& v = vm();
  std::lock_guard<std::mutex> g(v.alias_lock);
  v.aliases.erase(key);
}
Term vm_alias_owner(const RefKey& key) {
  Vm& v = vm();
  std::lock_guard<std::mutex> g(v.alias_lock);
  auto it = v.aliases.find(key);
  return it == v.aliases.end() ? THE_NON_VALUE : it->second;
}

const VmConfig& vm_config() { return vm().cfg; }
std::vector<std::string>& vm_code_path() { return vm().code_path; }

void vm_init(const VmConfig& cfg) {
  Vm& v = vm();
  v.cfg = cfg;
  // what every thread reads later is set up here, before any runs
  (void)instr_word(I_return_);
  (void)normal_exit_code();
  literal_alloc(0);
  if (cfg.process_limit) v.procs.set_limit(cfg.process_limit);
  sched_configure(cfg.sched);
  export_init_hook = interp_init_export;
  if (cfg.otp_boot) bif_table_drop_direct_rows();
  install_bif_exports();
  ets_init();
  for (const auto& d : cfg.code_path_a) v.code_path.push_back(d);
  v.code_path.push_back(".");
  if (!cfg.girder_ebin.empty()) v.code_path.push_back(cfg.girder_ebin);
  // erts preloaded modules first, then kernel, stdlib, then the rest
  std::vector<std::string> libs;
  std::string libdir = cfg.root + "/lib";
  std::vector<std::string> entries = otp_lib_entries(cfg.root);
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
  std::lock_guard<std::recursive_mutex> g(v.load_lock);
  for (const auto& dir : v.code_path) {
    std::string path = dir + "/" + name + ".beam";
    std::string data;
    if (!read_whole_file(path, data)) continue;
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

std::unique_lock<std::recursive_mutex> vm_code_lock() {
  return std::unique_lock<std::recursive_mutex>(vm().load_lock);
}

bool vm_uses_error_handler() { return vm().cfg.otp_boot; }

bool read_whole_file(const std::string& path, std::string& out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (ok) {
    out.resize(size_t(st.st_size));
    size_t got = 0;
    while (got < out.size()) {
      ssize_t n = read(fd, out.data() + got, out.size() - got);
      if (n <= 0) break;
      got += size_t(n);
    }
    out.resize(got);
  }
  close(fd);
  return ok;
}

bool vm_load_preloaded(std::string& error) {
  Vm& v = vm();
  if (v.erts_ebin.empty()) {
    error = "no lib/erts-*/ebin under " + v.cfg.root;
    return false;
  }
  auto g = vm_code_lock();
  for (Term m : preloaded_modules()) {
    std::string path = v.erts_ebin + "/" + std::string(atom_name(m)) + ".beam";
    std::string data;
    if (!read_whole_file(path, data)) {
      error = path + ": cannot read";
      return false;
    }
    std::string err;
    Module* mod = load_module_image(reinterpret_cast<const uint8_t*>(data.data()), data.size(), path, err);
    if (!mod) {
      error = path + ": " + err;
      return false;
    }
    // ERTS's built-in copies of the preloaded modules carry no line
    // information: their stack frames have an empty location
    mod->lines.clear();
  }
  return true;
}

bool vm_ensure_loaded(Term module) {
  if (module_get(module)) return true;
  if (vm().cfg.otp_boot) return false;
  auto g = vm_code_lock();
  if (module_get(module)) return true;  // another scheduler loaded it meanwhile
  std::string err;
  if (vm_load_from_path(module, err)) return true;
  if (err != "nofile") {
    std::string msg = "girder: cannot load " + std::string(atom_name(module)) + ": " + err + "\n";
    ssize_t r = write(2, msg.data(), msg.size());
    (void)r;
  }
  return false;
}

Process* vm_lookup(Term pid) { return vm().procs.lookup(pid); }

Uint vm_process_count() { return vm().procs.count(); }
Uint vm_process_table_bytes() { return vm().procs.memory_bytes(); }
Uint vm_process_limit() { return vm().procs.limit(); }

Process* vm_spawn(Process* parent, Term module, Term function, Term args, SpawnOptions& opts) {
  Vm& v = vm();
  Uint slot;
  Term pid;
  if (!v.procs.reserve(&slot, &pid)) return nullptr;
  auto* p = new Process;
  p->slot = slot;
  p->id = pid;
  p->min_heap_words = opts.min_heap_size;
  p->min_bin_vheap_words = opts.min_bin_vheap_size;
  p->max_heap = opts.max_heap;
  p->priority = opts.priority;
  p->off_heap_msgq = opts.off_heap_msgq;
  p->system_process = opts.system_process;
  p->result_heap = opts.result_heap;
  p->result_slot = opts.result_slot;
  p->result_ok = opts.result_ok;
  process_init_memory(p, opts.min_heap_size == DEFAULT_MIN_HEAP_WORDS ? INITIAL_HEAP_WORDS : opts.min_heap_size);
  // a process ERTS starts itself (init, the system processes) is its own
  // group leader, as init <0.0.0> is on ERTS; the others inherit theirs
  p->group_leader = parent ? (is_value(parent->group_leader) ? parent->group_leader : parent->id) : pid;
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
  p->run_state.store(RS_QUEUED, std::memory_order_relaxed);
  v.procs.publish(slot, p);
  sched_enqueue(p);
  return p;
}

void vm_deliver_fragment(Term to, Term msg, Heap* frag) {
  Process* target = vm_lookup(to);
  if (!target) {
    delete frag;
    return;
  }
  auto* m = new Message;
  m->term = msg;
  m->frag_heap = frag;
  if (!target->mbox.push(m)) {
    delete m;
    return;
  }
  vm_make_runnable(target);
}

namespace {
void deliver(Process* to, Term msg) {
  Message* m = vm_make_signal(SigKind::message, THE_NON_VALUE, msg);
  if (!to->mbox.push(m)) {
    delete m;  // it has exited
    return;
  }
  vm_make_runnable(to);
}
}  // namespace

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
    if (LockedPort port = vm_port_acquire(id)) vm_port_send(from, port.get(), msg);
  } else if (Process* target = vm_lookup(id)) {
    deliver(target, msg);
  }
  return true;  // remote pids and ports: not yet
}

namespace {
// The registered_name field of a live process or a port in the table (an
// open one only if `open`), or nullptr. With the registry lock held; *keep
// holds the port. A closing port sets its state first and then
// unregisters under the registry lock, so a name registered for it
// meanwhile is taken out too.
Term* registered_name_of(Term id, std::shared_ptr<Port>* keep, bool open) {
  if (Process* p = vm_lookup(id)) return &p->registered_name;
  if (!is_local_port(id)) return nullptr;
  *keep = vm_ports().lookup(id);
  if (!*keep || (open && (*keep)->state.load() != PortState::open)) return nullptr;
  return &(*keep)->registered_name;
}
}  // namespace

bool vm_register(Term name, Term id) {
  Vm& v = vm();
  std::unique_lock<std::shared_mutex> g(v.registry_lock);
  std::shared_ptr<Port> port;
  Term* slot = registered_name_of(id, &port, true);
  if (!slot || name == atom::undefined || v.registry.count(name) || is_value(*slot)) return false;
  Process* p = vm_lookup(id);
  if (p && p->run_state.load() == RS_DONE) return false;  // exiting: its name would linger
  v.registry[name] = id;
  *slot = name;
  return true;
}

bool vm_unregister(Term name) {
  Vm& v = vm();
  std::unique_lock<std::shared_mutex> g(v.registry_lock);
  auto it = v.registry.find(name);
  if (it == v.registry.end()) return false;
  std::shared_ptr<Port> port;
  if (Term* slot = registered_name_of(it->second, &port, false)) *slot = THE_NON_VALUE;
  v.registry.erase(it);
  return true;
}

std::shared_mutex& vm_env_lock() {
  static std::shared_mutex* m = new std::shared_mutex;
  return *m;
}

Term vm_port_registered_name(const Port* port) {
  std::shared_lock<std::shared_mutex> g(vm().registry_lock);
  return port->registered_name;
}

void vm_unregister_port(Port* port) {
  Vm& v = vm();
  std::unique_lock<std::shared_mutex> g(v.registry_lock);
  if (!is_value(port->registered_name)) return;
  auto it = v.registry.find(port->registered_name);
  if (it != v.registry.end() && it->second == port->id) v.registry.erase(it);
  port->registered_name = THE_NON_VALUE;
}

Term vm_whereis(Term name) {
  Vm& v = vm();
  std::shared_lock<std::shared_mutex> g(v.registry_lock);
  auto it = v.registry.find(name);
  return it == v.registry.end() ? THE_NON_VALUE : it->second;
}

Term vm_registered_name(Process* p) {
  std::shared_lock<std::shared_mutex> g(vm().registry_lock);
  return p->registered_name;
}

std::vector<Term> vm_registered() {
  Vm& v = vm();
  std::shared_lock<std::shared_mutex> g(v.registry_lock);
  std::vector<Term> r;
  for (auto& [k, val] : v.registry) r.push_back(k);
  return r;
}

std::vector<Process*> vm_processes() {
  std::vector<Process*> r;
  vm().procs.for_each([&](Process* p) { r.push_back(p); });
  return r;
}

// A reference's numbers: a 64-bit count spread over 18 + 32 + 14 bits, and
// in the third number's bits 14..30 the scheduler that made it (index + 1;
// 0 outside the schedulers), which is how a timer is found from its
// reference. Bit 31 marks resources' references (term/resource.h).
Term vm_make_ref(Heap& h) {
  Scheduler* s = sched_current();
  uint64_t n;
  uint32_t who = 0;
  if (s && s->kind == SchedKind::normal) {
    n = ++s->ref_counter;
    who = s->index + 1;
  } else {
    n = vm().ref_counter.fetch_add(1, std::memory_order_relaxed) + 1;
  }
  auto* r = reinterpret_cast<RefThing*>(h.alloc(REF_WORDS));
  r->header = make_header(REF_WORDS - 1, SUB_REF);
  r->num[0] = uint32_t(n & 0x3FFFF);
  r->num[1] = uint32_t(n >> 18);
  r->num[2] = uint32_t((n >> 50) & 0x3FFF) | (who << 14);
  r->num[3] = 0;
  return make_boxed(reinterpret_cast<Term*>(r));
}

unsigned vm_ref_scheduler(const RefKey& k) {
  uint32_t who = (k.n[2] >> 14) & 0x1FFFF;
  return who == 0 ? 0 : who - 1;
}


[[noreturn]] void vm_halt(int status) {
  vm_ports_flush();
  std::fflush(stdout);
  std::_Exit(status);
}

int vm_run() {
  // this thread runs scheduler 1; it returns only through halt
  sched_run(true);
  return 0;
}

void vm_run_until_idle() { sched_wait_idle(); }

Term vm_call_sync(Term module, Term function, Term args, Heap& out, bool* ok) {
  Term result = THE_NON_VALUE;
  SpawnOptions opts;
  opts.result_heap = &out;
  opts.result_slot = &result;
  opts.result_ok = ok;
  if (!vm_spawn(nullptr, module, function, args, opts)) return THE_NON_VALUE;
  vm_run_until_idle();
  return result;
}

}  // namespace girder
