// The schedulers (design decision 8): one thread each, with its own run
// queue, timer wheel and reference counter. A woken process goes to the
// waker's run queue; a scheduler with nothing to run steals from another,
// and sleeps when there is nothing to steal, until it is woken or its next
// timer is due. A scheduler with more work than it can start (two or more
// processes queued) wakes a sleeping one to steal it.
//
// Exited processes are freed only once every scheduler has passed a point
// between two slices after the exit (quiescent-state reclamation), so a
// Process* found by a lookup stays valid for the rest of the slice.
#pragma once

#include <vector>

#include <cstdint>

#include "process/scheduler.h"

namespace girder {

struct SchedConfig {
  unsigned normal = 1;     // +S N
  unsigned online = 1;     // +S N:M
  unsigned dirty_cpu = 1;  // +SDcpu N
  unsigned dirty_cpu_online = 1;
  unsigned dirty_io = 10;  // +SDio N
};

// Before anything is spawned.
void sched_configure(const SchedConfig& c);
const SchedConfig& sched_config();
// Runs the schedulers on their threads (scheduler 1 on the calling thread
// when run_here), until halt.
void sched_run(bool run_here);
// Starts the scheduler threads if they are not running, then waits until
// no process is runnable and no timer is pending.
void sched_wait_idle();

// The scheduler running on this thread, or nullptr.
Scheduler* sched_current();
// Normal scheduler i (0-based).
Scheduler* sched_normal(unsigned i);
unsigned sched_normal_count();

// Puts a new (queued) process in a run queue: the current scheduler's, or
// scheduler 1's from another thread.
void sched_enqueue(Process* p);
// p has ended; it is freed once no thread can still hold it.
void sched_retire(Process* p);
// The same for anything else that lock-free lookups may still hold (a
// deleted ETS table): free_fn(obj) runs once every scheduler has passed a
// point between two slices. Called on a scheduler thread.
void sched_retire_object(void (*free_fn)(void*), void* obj);
// Crash dumps: the other normal schedulers stop at their next point
// between two slices (holding no lock, running no process) and stay there
// until sched_resume_after_dump (ERTS blocks its other threads before it
// writes a dump too). Waits at most timeout_ms for them; *all_stopped
// tells whether every one stopped (a scheduler inside a long native call
// may not). Returns, by scheduler index, which were asleep when asked.
// Dirty schedulers and the event loop go on; processes on dirty
// schedulers stay running.
std::vector<bool> sched_stop_for_dump(unsigned timeout_ms, bool* all_stopped);
void sched_resume_after_dump();
// The event loop has I/O tasks waiting: a sleeping scheduler wakes to run
// them (busy ones run them between two slices).
void sched_wake_for_io();
// statistics(scheduler_wall_time): erts_internal:scheduler_wall_time/1
// turns the measurement on (counters reset) or off and returns whether it
// was on; sched_wall_time_on() is what the loops check before each slice.
bool sched_wall_time_enable(bool on);
bool sched_wall_time_on();
// [{Id, ActiveNs, TotalNs}] of the normal schedulers, then the dirty CPU
// ones, then (with dirty_io) the dirty I/O ones; ids as ERTS numbers them.
struct WallTime {
  unsigned id;
  uint64_t active_ns, total_ns;
};
std::vector<WallTime> sched_wall_times(bool dirty_io);
// Adds a slice's running time to s when the measurement is on.
void sched_account_active(Scheduler* s, uint64_t since_ns);
// Reductions of every process that has run, summed over the schedulers.
uint64_t sched_total_reductions();
// Run queue lengths (statistics(run_queue) and friends).
uint64_t sched_total_run_queue();

// Hooks into the rest of the runtime (runtime/vm.cpp): what a slice needs.
// A process whose slice ended with it exiting.
void vm_process_exited(Process* p);
// Called before a process waits: its receive ... after timer goes into the
// scheduler's wheel (runtime/timers.cpp).
void vm_arm_recv_timer(Scheduler* s, Process* p);
// Fires the scheduler's due timers; the earliest still pending (ms), or
// UINT64_MAX.
uint64_t vm_fire_timers(Scheduler* s);
// Runs a batch of the event loop's I/O tasks (runtime/io_loop.cpp): the
// drivers of ports whose fds are ready; true if it ran any.
bool vm_run_io_tasks();
// I/O tasks are waiting for a scheduler.
bool vm_io_tasks_pending();

}  // namespace girder
