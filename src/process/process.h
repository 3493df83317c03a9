// A process: its heap and stack (one block, see term/heap.h), the state
// saved while it is not running, its mailbox, and the exception state that
// BIFs set.
//
// Only the process itself (the scheduler thread running it) touches its
// heap and state; other processes reach it only through its signal queue
// (process/mailbox.h).
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "process/mailbox.h"
#include "term/heap.h"

namespace girder {

struct Scheduler;
struct Export;

constexpr Uint MAX_X_REGS = 1024;
constexpr Uint MAX_F_REGS = 1024;
constexpr int CONTEXT_REDS = 4000;
// ERTS's default min_heap_size, which a heap does not shrink below once
// it has been collected.
constexpr Uint DEFAULT_MIN_HEAP_WORDS = 233;
// A new process with the default min_heap_size starts with this much and
// gets DEFAULT_MIN_HEAP_WORDS at its first collection: most processes that
// are spawned to wait hold a few words, and the 1,864 bytes of a full
// initial heap are most of what an idle process costs (issue 3's
// 1 KB per idle process).
constexpr Uint INITIAL_HEAP_WORDS = 32;

// Exception flags (Process::exc_flags).
constexpr uint8_t EXC_NO_BIF_FRAME = 1;  // error/exit/throw: no frame for the BIF
constexpr uint8_t EXC_ARGS = 2;          // exc_args replaces the top frame's arity
constexpr uint8_t EXC_TRACE_GIVEN = 4;   // exc_args is the whole stack trace
constexpr uint8_t EXC_FRAME_GIVEN = 8;   // exc_args is the top frame {M,F,Args,Loc}
                                         // (Loc THE_NON_VALUE: error_info added)
constexpr uint8_t EXC_PANIC = 16;        // no catch takes it: the process exits
                                         // (ERTS's EXC_INTERNAL_ERROR, EXF_PANIC)

enum class ProcStatus : uint8_t { runnable, running, waiting, exiting, free };

// Process::run_state: where a process is as the schedulers see it. Any
// thread may wake a process (runtime/schedulers.cpp, vm_make_runnable):
// waiting -> queued (the waker puts it in a run queue), running ->
// running_woken (its scheduler looks again before letting it wait).
enum RunState : uint8_t {
  RS_WAITING,        // in no run queue, not running
  RS_QUEUED,         // in exactly one run queue
  RS_RUNNING,        // a scheduler runs it
  RS_RUNNING_WOKEN,  // running, and something came in for it meanwhile
  RS_DONE            // exited: wakes do nothing
};

struct RecvTimer;  // runtime: the timer of a receive ... after

// A BIF call handed to a dirty scheduler (bif/bif.h bif_dirty) comes back
// to a normal one with one of these in Process::dirty_outcome; the
// interpreter finishes the call as call_bif would have (interp.cpp).
enum DirtyOutcome : uint8_t {
  DIRTY_NONE,
  DIRTY_VALUE,  // the result is X0 (xsave[0])
  DIRTY_ERROR,  // the BIF raised (exc_*); the arguments are in xsave
  DIRTY_TRAP,   // it trapped to dirty_job (an Export*) with xsave
};

struct Process {
  Process() : mbox(this) { mem_add(MemKind::process, sizeof(Process)); }
  ~Process() { mem_sub(MemKind::process, sizeof(Process)); }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  Heap heap;  // heap.limit is the stack top (stop)

  // Small fields side by side (an idle process is 1 KB in all, issue 3):
  // EXC_* flags: how to build the stack trace of the exception in flight.
  uint8_t exc_flags = 0;
  bool trap_exit = false;
  ProcStatus status = ProcStatus::runnable;
  std::atomic<uint8_t> run_state{RS_QUEUED};
  bool timer_active = false;  // the receive waiting has a timeout
  std::atomic<bool> timed_out{false};  // recv_timer fired (see below)
  bool pending_exit = false;  // an exit signal killed it; exit_reason set
  bool crashed = false;       // died of an uncaught error/throw (logged)
  uint8_t dirty_kind = 0;     // SchedKind of the pool dirty_job is for
  uint8_t dirty_outcome = 0;  // DirtyOutcome: how the dirty call ended
  bool system_process = false;  // erts_internal:spawn_system_process/3
  // Set once the process owns or fixes an ETS table (by whoever makes it
  // so, before the registry records it): its exit then looks for them
  // (runtime/bif_ets.cpp).
  std::atomic<bool> ets_involved{false};

  // Exception raised by a BIF (see bif/bif.h): class atom (error, exit,
  // throw), reason, and optional error_info for the stack trace frame.
  Term exc_class = THE_NON_VALUE;
  Term exc_reason = THE_NON_VALUE;
  Term exc_info = THE_NON_VALUE;
  // Raw stack trace of the exception being handled (a term, see
  // interp/exception.h), or THE_NON_VALUE.
  Term exc_trace = THE_NON_VALUE;
  // With EXC_ARGS: the argument list that replaces the arity of the top
  // frame (erlang:error/2,3); with EXC_TRACE_GIVEN: the trace (raise/3).
  Term exc_args = THE_NON_VALUE;

  Term id = THE_NON_VALUE;            // own pid
  Term group_leader = THE_NON_VALUE;  // pid
  Term dictionary = NIL;              // process dictionary as [{K,V}] list
  Term registered_name = THE_NON_VALUE;
  Term initial_call = THE_NON_VALUE;  // {M,F,A}
  Term priority = THE_NON_VALUE;      // atom; THE_NON_VALUE means normal

  // Saved machine state while not running.
  const Term* i = nullptr;   // next instruction
  const Term* cp = nullptr;  // continuation pointer
  Uint arity = 0;            // live X registers at i
  std::vector<Term> xsave;   // X registers 0..arity-1
  Uint catches = 0;          // catch frames on the stack
  uint64_t reductions = 0;

  Mailbox mbox;
  // Links (pids and ports) and monitors, in the order they were made; only
  // the process itself changes them (runtime/signals.cpp).
  std::vector<Term> links;
  std::vector<MonitorRecord> monitors;
  std::vector<AliasRecord> aliases;  // active aliases (alias/1, monitor/3)
  uint64_t timer_deadline = 0;  // monotonic ns of receive-after timeout
  // The timer's entry in a scheduler's wheel once the process waits;
  // timed_out is set (under that wheel's lock) when it fires.
  RecvTimer* recv_timer = nullptr;
  Term exit_reason = THE_NON_VALUE;
  // The exit signal that ended the process: owns exit_reason's memory.
  std::unique_ptr<Message> exit_signal;

  // When set, the value the first function returns (or the exit reason)
  // is copied here at exit (vm_call_sync, for tests and embedding).
  Heap* result_heap = nullptr;
  Term* result_slot = nullptr;
  bool* result_ok = nullptr;

  Scheduler* sched = nullptr;
  Uint slot = 0;  // process table slot
  Uint min_heap_words = DEFAULT_MIN_HEAP_WORDS;
  // max_heap_size (words; 0 = no limit): past it, a collection kills the
  // process (kill) and reports it (error_logger), as ERTS.
  struct MaxHeap {
    Uint size = 0;
    bool kill = true;
    bool error_logger = true;
  } max_heap;
  Uint min_bin_vheap_words = 46422;
  uint16_t save_calls = 0;     // process_flag(save_calls, N)
  bool sensitive = false;      // process_flag(sensitive, B)
  bool off_heap_msgq = false;  // message_queue_data: off_heap
  bool hibernating = false;    // in erlang:hibernate/3 until a message comes
  bool monitors_nodes = false; // has used process_flag(monitor_nodes, ...)
  uint8_t low_skips = 0;       // priority low: turns passed over (RunQueue)
  Term error_handler = THE_NON_VALUE;  // atom; THE_NON_VALUE: error_handler
  // While on or back from a dirty scheduler: the BIF to run there (its
  // arguments in xsave), or with DIRTY_TRAP the export it trapped to.
  void* dirty_job = nullptr;
  Uint gc_stress_countdown = 0;  // GIRDER_GC_STRESS builds only
  Uint minor_gcs = 0;            // minor collections since the last major one
  bool major_gc_requested = false;  // erlang:garbage_collect(): at the BIF's return

  // The stack: stack_top() .. heap.end (grows down).
  Term* stack_top() const { return heap.limit; }
  Uint stack_words() const { return Uint(heap.end - heap.limit); }
};

// Creates the heap block of a new process: heap_words of heap, an empty
// stack at the top.
void process_init_memory(Process* p, Uint heap_words);

}  // namespace girder
