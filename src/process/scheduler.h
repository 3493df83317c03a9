// A scheduler: one OS thread running processes (design decision 8). Holds
// the registers that the running process uses (X and float registers live
// here, not in the process, as in ERTS), its run queue, its timer wheel and
// what it needs to sleep, to be stolen from and to free exited processes
// safely. The loop that uses all this is runtime/schedulers.cpp.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "process/process.h"
#include "process/run_queue.h"
#include "process/timer_wheel.h"
#include "term/code_refs.h"

namespace girder {

enum class SchedKind : uint8_t { normal, dirty_cpu, dirty_io };

// The most arguments a BIF passes when it traps (bif/bif.h bif_trap).
constexpr unsigned MAX_TRAP_ARGS = 4;

struct Scheduler {
  Term x[MAX_X_REGS];
  double f[MAX_F_REGS];
  Process* current = nullptr;
  unsigned index = 0;  // 0-based within its kind; ERTS's scheduler id is index + 1
  SchedKind kind = SchedKind::normal;

  // The run queue; rq_len is its size, read without the lock by thieves
  // and by schedulers deciding whether to sleep.
  std::mutex rq_lock;
  RunQueue run_queue;
  std::atomic<uint32_t> rq_len{0};

  // When to call a sleeping scheduler for help (owner thread only), as
  // ERTS's "wakeup other" does: each time this scheduler picks a process
  // while others still wait behind it, the reductions of the slice before,
  // times the number waiting, plus a fixed amount, are added here; past a
  // limit a sleeper is woken to steal. A queue that drains (a message
  // passed along a chain of processes, a request and its reply) never gets
  // that far and stays on one thread, where a wake-up per message would
  // cost more than the work; a queue that stays full gets help within
  // about a millisecond of work.
  uint64_t queued_work = 0;
  uint64_t last_slice_reds = 0;

  TimerWheel timers;

  // Sleeping: a scheduler with nothing to run or steal waits on wake_cv
  // until woken or its next timer is due.
  std::mutex sleep_lock;
  std::condition_variable wake_cv;
  std::atomic<bool> sleeping{false};
  // Set under sleep_lock (so the wait cannot miss it), read without it
  // by the idle check, which must not take sleep_lock: a sleeper holds
  // sleep_lock while it takes the idle lock.
  std::atomic<bool> wake_flag{false};

  // Deferred freeing (runtime/schedulers.cpp): the global epoch this
  // thread last saw between two slices (0 while asleep), and what it
  // retired (exited processes, deleted ETS tables), each with the epoch it
  // was retired at and how to free it.
  std::atomic<uint64_t> seen_epoch{0};
  struct Retired {
    uint64_t epoch;
    void (*free)(void*);
    void* obj;
  };
  std::vector<Retired> retired;

  uint64_t ref_counter = 0;          // references made on this scheduler
  std::atomic<uint64_t> reductions{0};  // by processes it ran (statistics)
  // statistics(scheduler_wall_time): nanoseconds spent running processes
  // (or dirty jobs) since the measurement was last enabled
  std::atomic<uint64_t> active_ns{0};

  // A BIF that traps (bif/bif.h bif_trap) leaves here what to call
  // instead of returning: the interpreter calls trap_ep with trap_args,
  // after charging trap_reds reductions.
  Export* trap_ep = nullptr;
  Term trap_args[MAX_TRAP_ARGS] = {};
  unsigned trap_arity = 0;
  int trap_reds = 0;
  // A BIF that asks for a dirty scheduler (bif/bif.h bif_dirty) leaves
  // here the function to run there, its arguments in trap_args.
  Term (*dirty_fn)(Process*, Term*) = nullptr;
  SchedKind dirty_kind = SchedKind::dirty_cpu;
  // Reductions a BIF that returned a value used beyond its one;
  // erlang:yield/0 asks for all that are left.
  int bif_reds = 0;

  std::thread thread;
};

}  // namespace girder
