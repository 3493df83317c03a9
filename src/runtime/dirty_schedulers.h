// The dirty schedulers (ERTS's dirty CPU and dirty I/O pools): threads
// that run BIF calls which may take long (bif/bif.h bif_dirty) so that
// the normal schedulers go on running processes meanwhile. A process on a
// dirty scheduler runs only its BIF there: it arrives with the call's
// function and arguments (RunResult::dirty), the dirty thread calls it
// and sends the process back to its normal scheduler with the outcome,
// where the interpreter finishes the call (process.h DirtyOutcome).
// Signals sent to it meanwhile wait in its queue until it is back.
//
// Used by runtime/schedulers.cpp only.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "process/run_queue.h"
#include "process/scheduler.h"

namespace girder {

struct SchedConfig;

// Creates the pools (+SDcpu, +SDio); threads start at their first job.
void dirty_configure(const SchedConfig& c);
// From a normal scheduler: p (its slice ended with RunResult::dirty)
// goes to the pool of p->dirty_kind.
void dirty_submit(Process* p);
// Stops and joins the pools' threads (at exit; jobs still running are
// not waited for by halt, which does not come here).
void dirty_stop();
// Deferred freeing: the oldest epoch a dirty thread inside a job has
// seen (UINT64_MAX if none is in one).
uint64_t dirty_oldest_epoch();
// The schedulers of a pool (for statistics(scheduler_wall_time)); the
// vector is empty until the pool is configured.
const std::vector<std::unique_ptr<Scheduler>>& dirty_pool_schedulers(SchedKind kind);
// Crash dumps: the processes waiting in a pool's queue, by priority;
// false (nothing counted) if the pool's lock is taken.
bool dirty_queue_counts(SchedKind kind, PriorityCounts* out);
// Processes handed to the pools and not yet back.
unsigned dirty_in_flight();

// Hooks from runtime/schedulers.cpp.
void sched_set_current(Scheduler* s);
void sched_go_online(Scheduler* s);
void sched_go_offline(Scheduler* s);

}  // namespace girder
