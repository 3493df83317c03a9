// NIF resources (term/resource.h) on their own: counting and destruction,
// terms that behave as references, the off-heap list of a heap, the table
// binary_to_term finds encoded resources in, and the monitor table (with a
// liveness check of the test's own). tests/unit/vm/resource_vm_test.cpp
// covers the collector, messages and processes.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "term/binary.h"
#include "term/compare.h"
#include "term/hash.h"
#include "term/print.h"
#include "term/resource.h"

namespace girder {
namespace {

struct Counted {
  std::atomic<int>* destroyed;
  int value;
};
std::atomic<int> g_destroyed{0};
std::vector<std::pair<void*, Term>> g_downs;  // (object, pid) of each down call

void counted_dtor(void* obj) { static_cast<Counted*>(obj)->destroyed->fetch_add(1); }
void counted_down(void* obj, Term pid, const ResourceMonitor&) { g_downs.push_back({obj, pid}); }
const ResourceType COUNTED = {"counted", counted_dtor, counted_down};
const ResourceType OTHER = {"other", nullptr, nullptr};

Counted* new_counted(int value) {
  auto* c = static_cast<Counted*>(resource_alloc(&COUNTED, sizeof(Counted)));
  c->destroyed = &g_destroyed;
  c->value = value;
  return c;
}

Term g_alive_pid = THE_NON_VALUE;  // the one process the fake liveness check knows
bool fake_alive(Term pid) { return pid == g_alive_pid; }

struct Resources : ::testing::Test {
  void SetUp() override {
    g_destroyed = 0;
    g_downs.clear();
  }
};

TEST_F(Resources, CountAndDestroy) {
  Counted* c = new_counted(7);
  resource_keep(c);
  resource_release(c);
  EXPECT_EQ(g_destroyed, 0);
  EXPECT_TRUE(resource_try_keep(c));
  resource_release(c);
  resource_release(c);  // the creator's: the last
  EXPECT_EQ(g_destroyed, 1);
}

TEST_F(Resources, TermsAreReferences) {
  Heap h;
  Counted* c = new_counted(1);
  Term t = resource_make_term(h, c);
  Term t2 = resource_make_term(h, c);
  resource_release(c);  // the heap's two terms keep it
  EXPECT_TRUE(is_resource_ref(t));
  EXPECT_TRUE(is_local_ref(t));
  EXPECT_TRUE(is_ref(t));
  EXPECT_EQ(resource_get(t, &COUNTED), c);
  EXPECT_EQ(resource_get(t, &OTHER), nullptr);
  EXPECT_EQ(resource_get(make_small(1), &COUNTED), nullptr);
  // two terms of one resource are the same reference
  EXPECT_NE(t, t2);
  EXPECT_TRUE(eq_exact(t, t2));
  EXPECT_EQ(compare_terms(t, t2), 0);
  EXPECT_EQ(phash2(t), phash2(t2));
  std::string text = term_to_text(t);
  EXPECT_EQ(text.rfind("#Ref<0.", 0), 0u) << text;
  EXPECT_EQ(text, term_to_text(t2));
  // another resource is another reference; a plain reference is none
  Counted* d = new_counted(2);
  Term u = resource_make_term(h, d);
  resource_release(d);
  EXPECT_FALSE(eq_exact(t, u));
  EXPECT_NE(compare_terms(t, u), 0);
  auto* plain = reinterpret_cast<RefThing*>(h.alloc(REF_WORDS));
  plain->header = make_header(REF_WORDS - 1, SUB_REF);
  plain->num[0] = plain->num[1] = plain->num[2] = plain->num[3] = 0;
  Term r = make_boxed(reinterpret_cast<Term*>(plain));
  EXPECT_FALSE(is_resource_ref(r));
  EXPECT_EQ(resource_get(r, &COUNTED), nullptr);
  EXPECT_LT(compare_terms(r, t), 0);  // numbers compare, the mark bit is high
  // a reference sorts after numbers and before lists, as any reference
  EXPECT_LT(compare_terms(make_small(1), t), 0);
  EXPECT_LT(compare_terms(t, NIL), 0);
  EXPECT_EQ(g_destroyed, 0);
  h.reset();  // the generic off-heap release drops all three terms
  EXPECT_EQ(g_destroyed, 2);
}

TEST_F(Resources, OffHeapListHoldsThemWithBinaries) {
  Heap h;
  std::vector<uint8_t> bytes(200, 9);
  Term bin = new_binary(h, bytes.data(), bytes.size());
  Counted* c = new_counted(3);
  resource_make_term(h, c);
  resource_release(c);
  int n = 0;
  for (OffHeapThing* o = h.off_heap.first; o; o = o->next) {
    EXPECT_TRUE(is_off_heap_header(o->header));
    n++;
  }
  EXPECT_EQ(n, 2);
  EXPECT_EQ(h.off_heap.overhead, bytes.size() + sizeof(Counted));
  EXPECT_EQ(bit_view(bin).byte_size(), 200u);
  offheap_release(h.off_heap);
  EXPECT_EQ(h.off_heap.first, nullptr);
  EXPECT_EQ(g_destroyed, 1);
}

TEST_F(Resources, PublishedWhileAlive) {
  Heap h;
  Counted* c = new_counted(4);
  Term t = resource_make_term(h, c);
  resource_release(c);
  const uint32_t* num = resource_ref_thing(t)->num;
  uint32_t nums[3] = {num[0], num[1], num[2]};
  EXPECT_NE(nums[2] & RESOURCE_REF_MARK, 0u);
  EXPECT_EQ(resource_find_published(nums), nullptr);  // not encoded yet
  resource_publish(resource_ref_thing(t)->resource);
  Resource* found = resource_find_published(nums);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(resource_object(found), c);
  resource_release_header(found);
  uint32_t wrong[3] = {nums[0] ^ 1, nums[1], nums[2]};
  EXPECT_EQ(resource_find_published(wrong), nullptr);
  h.reset();
  EXPECT_EQ(g_destroyed, 1);
  EXPECT_EQ(resource_find_published(nums), nullptr);  // gone with it
}

TEST_F(Resources, Monitors) {
  Term pid_a = make_local_pid(77), pid_b = make_local_pid(78);
  Counted* c = new_counted(5);
  ResourceMonitor m1, m2, m3;
  g_alive_pid = pid_a;
  size_t before = resource_monitor_count();
  EXPECT_TRUE(resource_monitor_add(c, pid_a, fake_alive, &m1));
  EXPECT_TRUE(resource_monitor_add(c, pid_a, fake_alive, &m2));
  EXPECT_FALSE(resource_monitor_add(c, pid_b, fake_alive, &m3));  // "dead"
  EXPECT_FALSE(m1 == m2);
  EXPECT_EQ(resource_monitor_count(), before + 2);
  EXPECT_TRUE(resource_monitor_remove(c, m2));
  EXPECT_FALSE(resource_monitor_remove(c, m2));
  resource_monitors_fire(pid_b);  // nothing watches b
  EXPECT_TRUE(g_downs.empty());
  resource_monitors_fire(pid_a);
  ASSERT_EQ(g_downs.size(), 1u);
  EXPECT_EQ(g_downs[0].first, c);
  EXPECT_EQ(g_downs[0].second, pid_a);
  EXPECT_FALSE(resource_monitor_remove(c, m1));  // fired: gone
  resource_monitors_fire(pid_a);                 // at most once
  EXPECT_EQ(g_downs.size(), 1u);
  // a resource that dies takes its monitors with it, and gets no call
  EXPECT_TRUE(resource_monitor_add(c, pid_a, fake_alive, &m3));
  resource_release(c);
  EXPECT_EQ(g_destroyed, 1);
  EXPECT_EQ(resource_monitor_count(), before);
  resource_monitors_fire(pid_a);
  EXPECT_EQ(g_downs.size(), 1u);
}

// Threads keep and release one resource and publish and look it up at
// once; it is destroyed exactly once, after the last release.
TEST_F(Resources, ConcurrentKeepRelease) {
  Counted* c = new_counted(6);
  Resource* r = resource_header(c);
  resource_publish(r);
  uint32_t nums[3];
  {
    Heap h;
    Term t = resource_make_term(h, c);
    for (int i = 0; i < 3; i++) nums[i] = resource_ref_thing(t)->num[i];
  }
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; k++) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; i++) {
        resource_keep(c);
        if (Resource* f = resource_find_published(nums)) resource_release_header(f);
        resource_release(c);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(g_destroyed, 0);
  EXPECT_EQ(r->refc.load(), 1u);
  resource_release(c);
  EXPECT_EQ(g_destroyed, 1);
}

}  // namespace
}  // namespace girder
