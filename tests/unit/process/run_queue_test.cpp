// RunQueue: priorities max > high > normal and low, in order within each;
// a low process waits LOW_SKIPS turns beside normal ones, never forever.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "process/run_queue.h"
#include "term/atom_table.h"

namespace girder {
namespace {

struct RunQueueTest : ::testing::Test {
  std::vector<std::unique_ptr<Process>> procs;
  RunQueue rq;
  Process* make(Term priority) {
    procs.push_back(std::make_unique<Process>());
    Process* p = procs.back().get();
    p->priority = priority;
    return p;
  }
};

TEST_F(RunQueueTest, HigherPrioritiesRunFirstInOrder) {
  Process* n1 = make(THE_NON_VALUE);
  Process* h1 = make(atom::high);
  Process* m1 = make(atom::max);
  Process* n2 = make(atom::normal);
  Process* h2 = make(atom::high);
  for (Process* p : {n1, h1, m1, n2, h2}) rq.push(p);
  EXPECT_EQ(rq.size(), 5u);
  std::vector<Process*> order;
  while (!rq.empty()) order.push_back(rq.pop());
  EXPECT_EQ(order, (std::vector<Process*>{m1, h1, h2, n1, n2}));
}

TEST_F(RunQueueTest, ALowProcessWaitsItsTurnsThenRuns) {
  Process* low = make(atom::low);
  Process* normal = make(atom::normal);
  rq.push(low);
  rq.push(normal);
  // the normal process keeps running and going back, as a busy one does
  int turns_before_low = 0;
  for (;;) {
    Process* p = rq.pop();
    if (p == low) break;
    turns_before_low++;
    rq.push(p);
  }
  EXPECT_EQ(turns_before_low, int(RunQueue::LOW_SKIPS));
  EXPECT_EQ(low->low_skips, 0) << "its count starts again once it ran";
}

TEST_F(RunQueueTest, LowProcessesAloneAllRun) {
  Process* a = make(atom::low);
  Process* b = make(atom::low);
  rq.push(a);
  rq.push(b);
  Process* first = rq.pop();
  Process* second = rq.pop();
  EXPECT_TRUE(rq.empty());
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace girder
