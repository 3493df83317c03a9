// The running VM: process table, registered names, spawning and sending,
// timers, and the code path. The schedulers are runtime/schedulers.h;
// everything here may be called from any scheduler thread at once.
#pragma once

#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "process/process.h"
#include "process/scheduler.h"
#include "runtime/schedulers.h"
#include "term/resource.h"

namespace girder {

struct Port;

struct SpawnOptions {
  bool link = false;
  bool monitor = false;
  Uint min_heap_size = DEFAULT_MIN_HEAP_WORDS;
  Uint min_bin_vheap_size = 46422;
  Process::MaxHeap max_heap;
  Term priority = THE_NON_VALUE;  // atom
  bool off_heap_msgq = false;
  bool system_process = false;  // erts_internal:spawn_system_process/3
  Term monitor_ref = THE_NON_VALUE;  // out: the monitor reference
  // vm_call_sync: where the process's result goes (Process::result_*)
  Heap* result_heap = nullptr;
  Term* result_slot = nullptr;
  bool* result_ok = nullptr;
};

struct VmConfig {
  std::string root = "/usr/lib/erlang";  // OTP root (-root)
  std::vector<std::string> code_path_a;  // -pa
  std::vector<std::string> code_path_z;  // -pz
  std::string girder_ebin;               // Girder's own Erlang modules
  std::vector<std::string> argv;         // the command line (for init)
  SchedConfig sched;                     // +S, +SDcpu, +SDio
  Uint process_limit = 0;                // +P (0: ERTS's default)
  // The OTP boot (design decision 10): OTP's own init and code server load
  // code; no lazy loading from the code path, and calls to missing code go
  // to the error handler. Off: direct mode.
  bool otp_boot = false;
};

// spawn_opt/4's option list; false for a bad option (badarg).
bool parse_spawn_options(Term opts, SpawnOptions* o);
// The max_heap_size map of process_info and process_flag.
Term max_heap_term(Heap& h, const Process::MaxHeap& m);

// Sets up the code path and the BIF exports.
void vm_init(const VmConfig& cfg);

// The names in the OTP root's lib directory ("erts-13.1.5", "kernel-8.5.3",
// ...), sorted as `ls` lists them.
std::vector<std::string> otp_lib_entries(const std::string& root);
// The OTP boot: loads every preloaded module from the OTP root's
// lib/erts-*/ebin. False (with the reason) if one cannot be loaded.
bool vm_load_preloaded(std::string& error);
// Runs the schedulers until halt (this thread is scheduler 1).
int vm_run();
// Runs module:function(args) in a new process until every process is idle;
// returns its value copied to `out` (ok = true) or its exit reason
// (ok = false). For tests and embedding.
Term vm_call_sync(Term module, Term function, Term args, Heap& out, bool* ok);
// Runs the schedulers (on threads of their own) until no process is
// runnable and no timer is pending.
void vm_run_until_idle();
// Requests the VM to stop with status (erlang:halt/1).
[[noreturn]] void vm_halt(int status);

// New process calling module:function(args...) (args is a proper list).
// Returns the process or nullptr if the process table is full.
Process* vm_spawn(Process* parent, Term module, Term function, Term args,
                  SpawnOptions& opts);
// One of the modules ERTS has built in (erlang:pre_loaded/0).
bool is_preloaded_module(Term module);
std::vector<Term> preloaded_modules();
// Process of a local pid, or nullptr if dead. Valid for the rest of the
// caller's slice (runtime/schedulers.h).
Process* vm_lookup(Term pid);
Uint vm_process_count();
Uint vm_process_table_bytes();
// erlang:system_info(system_version) without its newline.
std::string vm_system_version();
// erlang:system_info/1 items of erlang:memory (bif_memory.cpp), or THE_NON_VALUE.
Term system_info_memory(Process* p, Term k);
// system_info(allocated_areas): {Name, Size} or {Name, Size, Used}.
struct AllocatedArea {
  Term name;
  Uint size, used;
  bool has_used;
};
std::vector<AllocatedArea> vm_allocated_areas();
// erlang:memory/0's figures (bytes), as OTP's erlang.erl computes them from
// the system_info items of bif_memory.cpp.
struct MemorySummary {
  Uint total = 0, processes = 0, processes_used = 0, system = 0, atom = 0, atom_used = 0,
       binary = 0, code = 0, ets = 0;
};
MemorySummary vm_memory_summary();
// The other system_info/1 items of bif_system_flags.cpp, or THE_NON_VALUE.
Term system_info_more(Process* p, Term k);
// system_flag(backtrace_depth, N): frames kept in a stack trace.
Sint vm_backtrace_depth();
Uint vm_process_limit();
// A message whose term lives in `frag` (taken) to the process `to`;
// dropped if there is none.
void vm_deliver_fragment(Term to, Term msg, Heap* frag);
// Registered names: a name stands for a process or a port (its id).
bool vm_register(Term name, Term id);
bool vm_unregister(Term name);
Term vm_whereis(Term name);  // pid, port or THE_NON_VALUE
// p's registered name or THE_NON_VALUE (registered_name fields are read
// and written under the registry's lock).
Term vm_registered_name(Process* p);
std::vector<Term> vm_registered();
std::vector<Process*> vm_processes();

// Links, monitors and exit signals (runtime/signals.cpp). The caller
// changes its own side and signals the other.
// vm_link is false if `other` does not exist.
bool vm_link(Process* p, Term other);
void vm_unlink(Process* p, Term other);
// Monitors the process `target` (a pid; `name` the registered name it was
// found by, or THE_NON_VALUE); returns the reference. A dead target gets
// {'DOWN', Ref, process, Who, noproc} to p at once.
// alias: monitor/3's {alias, Mode} (the reference is then an alias too);
// tag: {tag, Tag} (the DOWN message's first element).
// port: target is a port (monitor(port, ...)): {'DOWN', Ref, port, ...}.
Term vm_monitor(Process* p, Term target, Term name, AliasMode alias = AliasMode::none,
                Term tag = THE_NON_VALUE, bool port = false);
// False if p has no such monitor (it fired or was removed).
bool vm_demonitor(Process* p, Term ref);
// exit/2: an exit signal from `from` to `to` (a pid or a port).
void vm_exit_signal(Term from, Term to, Term reason);
// The exit signal of a link: `from` (a process or port) linked to `to`
// ended with reason.
void vm_link_exit(Term from, Term to, Term reason);
// p is exiting with reason: its links get exit signals, the processes
// monitoring it get DOWN, the processes it monitors forget it.
void vm_exit_relations(Process* p, Term reason);
// Aliases (alias/0,1, unalias/1): a reference that messages can be sent
// to while the owner keeps it active.
Term vm_alias(Process* p, AliasMode mode);
bool vm_unalias(Process* p, Term ref);
// `Ref ! Msg`: to the alias's owner, which drops it if the alias is no
// longer active when the message arrives.
void vm_send_alias(Term ref, Term msg);
// Active aliases and their owners.
void vm_alias_add(const RefKey& key, Term owner);
void vm_alias_remove(const RefKey& key);
Term vm_alias_owner(const RefKey& key);  // pid or THE_NON_VALUE
// A signal (or message) from `from` carrying term, copied into the
// signal's own heap fragment for the receiver to adopt.
Message* vm_make_signal(SigKind kind, Term from, Term term);
// Requests (ERTS's rpc signals): p asks the process `to` something that
// only `to` may look at (process_info of another process, is_process_alive,
// group_leader/2). fn runs as `to` handles its signals, after every signal
// p sent it before, or at once with a null receiver if `to` is gone; it
// answers with vm_rpc_reply. vm_rpc_call returns the BIF's trap to
// erts_internal:await_result(Ref), which receives the answer.
Term vm_rpc_call(Process* p, Term to, Term arg, void (*fn)(Process* receiver, Message* req));
// Posts a signal built by vm_make_signal to the process `to`; false if it
// is gone (the signal is then answered for it: runtime/signals.cpp).
bool vm_post(Term to, Message* s);
// Where an answer is built (the request's own fragment; req->term is arg
// in it).
Heap& vm_rpc_heap(Message* req);
// Sends {Ref, result} (built in vm_rpc_heap(req)) to the asker; takes req.
void vm_rpc_reply(Message* req, Term result);
// Sends msg (built in vm_rpc_heap(req)) as it is to the asker; takes req.
void vm_rpc_reply_message(Message* req, Term msg);
// ERTS's erts_send_error_to_logger: an error report with this text from
// ERTS on behalf of p (its group leader), to OTP's logger once there is
// one, else to stderr.
void vm_log_error(Process* p, const std::string& text);
// The same with an io:format format and its argument list (a term, copied
// into the message); `fallback` is what goes to stderr without a logger.
void vm_log_error_format(Process* p, const std::string& format, Term args, const std::string& fallback);
// erlang:system_info(system_logger) and system_flag(system_logger, L): a
// pid, logger (the registered one) or undefined; the setter returns the
// previous setting.
Term vm_system_logger();
Term vm_set_system_logger(Term logger);
// Makes a waiting process runnable (a signal for it arrived).
void vm_make_runnable(Process* p);

// process_info links / monitors / monitored_by of q (the running
// process), built on h.
Term vm_process_relations(Heap& h, Process* q, Term item);

// process_flag(monitor_nodes | {monitor_nodes, Opts}, Bool)
// (runtime/node_monitors.cpp); the table forgets a process that exits.
Term process_flag_monitor_nodes(Process* p, Term flag, Term val);
void node_monitors_process_exited(Process* p);

// process_info(P, memory): the process's bytes (struct, heaps, fragments).
Uint process_memory_bytes(Process* q);

// A resource monitors the process `pid` (erl_nif's enif_monitor_process):
// when it exits, the resource type's down callback runs (term/resource.h).
// False if `pid` is not a live local process.
bool vm_resource_monitor(void* obj, Term pid, ResourceMonitor* out);

// A fresh local reference.
Term vm_make_ref(Heap& h);
// The scheduler (0-based) that made a reference (vm_make_ref).
unsigned vm_ref_scheduler(const RefKey& k);
// Wakes scheduler s if it sleeps.
void vm_wake_scheduler(Scheduler* s);
// Held while loading code (lazy loading, code BIFs).
std::unique_lock<std::recursive_mutex> vm_code_lock();
// The bytes of a regular file; false if it cannot be opened or read.
bool read_whole_file(const std::string& path, std::string& out);
// Code path lookup: reads <dir>/<module>.beam from the path.
bool vm_load_from_path(Term module, std::string& error);
std::vector<std::string>& vm_code_path();
const VmConfig& vm_config();

// Timers for erlang:send_after / start_timer: at deadline_ns (monotonic)
// msg (wrap: {timeout, Ref, Msg}) goes to dest; returns the timer ref.
Term vm_start_timer(Process* p, Term dest, uint64_t deadline_ns, Term msg, bool wrap);
// Milliseconds left, or -1 if unknown/expired; cancels if cancel.
int64_t vm_cancel_timer(Term ref, bool cancel);
// Crash dumps: f(dest, msg, ms_left) for each message timer still pending
// (dest a pid or a registered name); a wheel whose lock is taken is
// passed over, and the answer is then false.
bool vm_for_each_message_timer(const std::function<void(Term dest, Term msg, int64_t ms_left)>& f);

// Crash dumps: f(key, value) for each persistent term (both live in the
// literal region); false if the store's lock is taken.
bool persistent_term_for_each(const std::function<void(Term key, Term value)>& f);

// Ports: runtime/ports.h. A closing port's registered name goes (under
// the registry's lock).
void vm_unregister_port(Port* port);
Term vm_port_registered_name(const Port* port);  // THE_NON_VALUE if none
// The environment (os:getenv/putenv and spawned children) is one per OS
// process: read it under a shared lock, change it under an exclusive one.
std::shared_mutex& vm_env_lock();

}  // namespace girder
