#include "process/run_queue.h"

#include "term/atom_table.h"

namespace girder {

void PriorityCounts::add(const Process* p) {
  if (p->priority == atom::max) max++;
  else if (p->priority == atom::high) high++;
  else if (p->priority == atom::low) low++;
  else normal++;
}

bool RunQueue::is_low(const Process* p) { return p->priority == atom::low; }

std::deque<Process*>& RunQueue::queue_of(const Process* p) {
  if (p->priority == atom::max) return max_;
  if (p->priority == atom::high) return high_;
  return normal_;  // normal (THE_NON_VALUE) and low
}

}  // namespace girder
