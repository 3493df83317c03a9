// Memory accounting: per-thread shards add up, whichever thread frees.
#include "term/mem_stats.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "term/binary.h"
#include "term/heap.h"

namespace girder {
namespace {

TEST(MemStats, ThreadsAddUpAndFreesOnOtherThreadsCancel) {
  uint64_t before = mem_bytes(MemKind::ets);
  std::vector<std::thread> ts;
  for (int t = 0; t < 8; t++)
    ts.emplace_back([] {
      for (int i = 0; i < 10000; i++) mem_add(MemKind::ets, 3);
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(mem_bytes(MemKind::ets), before + 8 * 10000 * 3);
  // taken off on another thread than the one that added
  std::thread([] { mem_sub(MemKind::ets, 8 * 10000 * 3); }).join();
  EXPECT_EQ(mem_bytes(MemKind::ets), before);
}

TEST(MemStats, BinariesCountTheirBytesUntilFreed) {
  uint64_t before = mem_bytes(MemKind::binary);
  Binary* b = binary_alloc(100000);
  EXPECT_GE(mem_bytes(MemKind::binary), before + 100000);
  b = binary_realloc(b, 300000);
  EXPECT_GE(mem_bytes(MemKind::binary), before + 300000);
  binary_decref(b);
  EXPECT_EQ(mem_bytes(MemKind::binary), before);
}

TEST(MemStats, HeapFragmentsCountUntilReset) {
  uint64_t before = mem_bytes(MemKind::heap);
  {
    Heap h;
    h.alloc(1000);
    h.alloc(5000);
    EXPECT_GE(mem_bytes(MemKind::heap), before + 6000 * sizeof(Term));
  }
  EXPECT_EQ(mem_bytes(MemKind::heap), before);
}

}  // namespace
}  // namespace girder
