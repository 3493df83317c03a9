// The running VM: process table, registered names, the scheduler loop,
// timers, and the code path. One scheduler thread for now; the structures
// are per scheduler so that more can be added (design decisions 4, 7, 8).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "process/process.h"
#include "process/scheduler.h"

namespace girder {

struct Port;
class PortTable;

struct SpawnOptions {
  bool link = false;
  bool monitor = false;
  Uint min_heap_size = 233;
  Uint min_bin_vheap_size = 46422;
  Process::MaxHeap max_heap;
  Term priority = THE_NON_VALUE;  // atom
  bool off_heap_msgq = false;
  Term monitor_ref = THE_NON_VALUE;  // out: the monitor reference
};

struct VmConfig {
  std::string root = "/usr/lib/erlang";  // OTP root (-root)
  std::vector<std::string> code_path_a;  // -pa
  std::vector<std::string> code_path_z;  // -pz
  std::string girder_ebin;               // Girder's own Erlang modules
  std::vector<std::string> argv;         // the command line (for init)
};

// spawn_opt/4's option list; false for a bad option (badarg).
bool parse_spawn_options(Term opts, SpawnOptions* o);
// The max_heap_size map of process_info and process_flag.
Term max_heap_term(Heap& h, const Process::MaxHeap& m);

// Sets up the code path and the BIF exports.
void vm_init(const VmConfig& cfg);
// Runs schedulers until halt; returns the exit status.
int vm_run();
// Runs module:function(args) in a new process until every process is idle;
// returns its value copied to `out` (ok = true) or its exit reason
// (ok = false). For tests and embedding.
Term vm_call_sync(Term module, Term function, Term args, Heap& out, bool* ok);
// Runs schedulers until no process is runnable and no timer is pending.
void vm_run_until_idle();
// Requests the VM to stop with status (erlang:halt/1).
[[noreturn]] void vm_halt(int status);

// New process calling module:function(args...) (args is a proper list).
// Returns the process or nullptr if the process table is full.
Process* vm_spawn(Process* parent, Term module, Term function, Term args,
                  SpawnOptions& opts);
// One of the modules ERTS has built in (erlang:pre_loaded/0).
bool is_preloaded_module(Term module);
// Process of a local pid, or nullptr if dead.
Process* vm_lookup(Term pid);
// Registered names: a name stands for a process or a port (its id).
bool vm_register(Term name, Term id);
bool vm_unregister(Term name);
Term vm_whereis(Term name);  // pid, port or THE_NON_VALUE
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
Term vm_monitor(Process* p, Term target, Term name, AliasMode alias = AliasMode::none,
                Term tag = THE_NON_VALUE);
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
std::unordered_map<RefKey, Term, RefKeyHash>& vm_alias_table();
// A signal (or message) from `from` carrying term, copied into the
// signal's own heap fragment for the receiver to adopt.
Message* vm_make_signal(SigKind kind, Term from, Term term);
// The process a pid names, after it has taken the signals sent to it so
// far (p itself is left alone): as in ERTS, what is_process_alive/1 and
// process_info/1,2 answer reflects the caller's earlier signals.
Process* vm_lookup_after_signals(Process* p, Term pid);
// Makes a waiting process runnable (a signal for it arrived).
void vm_make_runnable(Process* p);

// process_info links / monitors / monitored_by of q, built on p's heap.
Term vm_process_relations(Process* p, Process* q, Term item);

// A fresh local reference.
Term vm_make_ref(Heap& h);
// Code path lookup: reads <dir>/<module>.beam from the path.
bool vm_load_from_path(Term module, std::string& error);
std::vector<std::string>& vm_code_path();
const VmConfig& vm_config();

// Timers for erlang:send_after / start_timer: at deadline_ns (monotonic)
// msg (wrap: {timeout, Ref, Msg}) goes to dest; returns the timer ref.
Term vm_start_timer(Process* p, Term dest, uint64_t deadline_ns, Term msg, bool wrap);
// Milliseconds left, or -1 if unknown/expired; cancels if cancel.
int64_t vm_cancel_timer(Term ref, bool cancel);

// ---- ports (runtime/ports.cpp) -----------------------------------------------

// The VM's port table.
PortTable& vm_ports();
// The open port of a port term or of a registered name; nullptr if none.
Port* vm_port_lookup(Term id_or_name);
// An exit signal to a port (ERTS: erts_deliver_port_exit). `from` sent it:
// a process, or the port itself when its driver failed. With broken_link
// it comes from a linked process that exited: the link goes, and reason
// normal from anyone but the owner is ignored. The port then sends reason
// (kill as killed) to every linked process, closes its driver and leaves
// the table; with send_closed the owner gets {Port, closed} last. False if
// the port ignored the signal.
bool vm_port_exit(Port* port, Term from, Term reason, bool send_closed, bool broken_link);
// `Port ! Msg` from process `from`: {Pid, {command, Data}}, {Pid, close}
// and {Pid, {connect, NewPid}} from the owner Pid; anything else makes the
// port send the exit signal badsig to its owner.
void vm_port_send(Process* from, Port* port, Term msg);
// port_command/2,3: writes the iodata through the driver (a failing driver
// closes the port). False if data is not iodata.
bool vm_port_command(Port* port, Term data);

}  // namespace girder
