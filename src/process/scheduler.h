// A scheduler: one OS thread running processes. Holds the registers that
// the running process uses (X and float registers live here, not in the
// process, as in ERTS) and its run queue.
#pragma once

#include "process/process.h"
#include "process/run_queue.h"

namespace girder {

struct Scheduler {
  Term x[MAX_X_REGS];
  double f[MAX_F_REGS];
  RunQueue run_queue;
  Process* current = nullptr;
  unsigned index = 0;
};

}  // namespace girder
