// A scheduler's run queue with ERTS's priorities: every runnable max
// process runs before any high one, every high one before normal and low;
// normal and low share a queue, and a low process goes back to the end
// LOW_SKIPS times before it runs (ERTS's reschedule count), so it gets a
// share of the time that normal processes do not starve to zero.
#pragma once

#include <cstddef>
#include <deque>

#include "process/process.h"

namespace girder {

// Processes per priority (crash dumps list run queues by priority).
struct PriorityCounts {
  size_t max = 0, high = 0, normal = 0, low = 0;
  void add(const Process* p);
};

class RunQueue {
 public:
  static constexpr uint8_t LOW_SKIPS = 8;

  void push(Process* p) { queue_of(p).push_back(p); }
  bool empty() const { return max_.empty() && high_.empty() && normal_.empty(); }
  size_t size() const { return max_.size() + high_.size() + normal_.size(); }
  PriorityCounts counts() const {
    PriorityCounts c;
    c.max = max_.size();
    c.high = high_.size();
    for (const Process* p : normal_) (is_low(p) ? c.low : c.normal)++;
    return c;
  }

  // The next process to run; the queue must not be empty.
  Process* pop() {
    if (!max_.empty()) return take(max_);
    if (!high_.empty()) return take(high_);
    // a low process is passed over until it has waited LOW_SKIPS turns
    for (size_t n = normal_.size(); n > 1; n--) {
      Process* p = normal_.front();
      if (!is_low(p) || p->low_skips >= LOW_SKIPS) break;
      p->low_skips++;
      normal_.pop_front();
      normal_.push_back(p);
    }
    Process* p = take(normal_);
    p->low_skips = 0;
    return p;
  }

 private:
  static bool is_low(const Process* p);
  std::deque<Process*>& queue_of(const Process* p);
  static Process* take(std::deque<Process*>& q) {
    Process* p = q.front();
    q.pop_front();
    return p;
  }
  std::deque<Process*> max_, high_, normal_;
};

}  // namespace girder
