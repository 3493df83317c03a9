// The collector: everything reachable from the roots survives with the same
// shape and values; literals stay where they are; refc binaries keep their
// data; fragments are folded into the new block.
#include <gtest/gtest.h>

#include "gc/copy.h"
#include "gc/gc.h"
#include "process/process.h"
#include "term/binary.h"
#include "term/literal_region.h"

using namespace girder;

namespace {

Term build_list(Heap& h, int n) {
  Term l = NIL;
  for (int i = n - 1; i >= 0; i--) {
    uint8_t bytes[100];
    for (int k = 0; k < 100; k++) bytes[k] = uint8_t(i + k);
    Term bin = new_binary(h, bytes, i % 2 ? 100 : 10);  // refc and heap binaries
    Term t = make_tuple(h, {make_small(i), make_float(h, i + 0.5), bin});
    l = make_cons(h, t, l);
  }
  return l;
}

void check_list(Term l, int n) {
  int i = 0;
  for (; is_list(l); l = cdr(l), i++) {
    Term t = car(l);
    ASSERT_TRUE(is_tuple(t));
    ASSERT_EQ(tuple_arity(t), 3u);
    EXPECT_EQ(small_value(tuple_elem(t, 1)), i);
    EXPECT_DOUBLE_EQ(float_value(tuple_elem(t, 2)), i + 0.5);
    BitView v = bit_view(tuple_elem(t, 3));
    ASSERT_EQ(v.byte_size(), i % 2 ? 100u : 10u);
    EXPECT_EQ(v.bytes[0], uint8_t(i));
    EXPECT_EQ(v.bytes[v.byte_size() - 1], uint8_t(i + v.byte_size() - 1));
  }
  EXPECT_EQ(i, n);
  EXPECT_EQ(l, NIL);
}

}  // namespace

TEST(Gc, KeepsEverythingReachable) {
  Process p;
  process_init_memory(&p, 233);
  Term x[2];
  x[0] = build_list(p.heap, 2000);  // overflows the block into fragments
  x[1] = make_small(7);
  EXPECT_TRUE(p.heap.has_fragments());
  gc_collect(&p, 100, x, 2);
  EXPECT_FALSE(p.heap.has_fragments());
  EXPECT_GE(Uint(p.heap.limit - p.heap.htop), 100u);
  check_list(x[0], 2000);
  EXPECT_EQ(x[1], make_small(7));
  // a second collection moves everything again
  gc_collect(&p, 0, x, 1);
  check_list(x[0], 2000);
}

TEST(Gc, DropsGarbageAndReleasesBinaries) {
  Process p;
  process_init_memory(&p, 233);
  Term x[1];
  x[0] = build_list(p.heap, 500);
  Uint refc_count = 0;
  for (OffHeapThing* o = p.heap.off_heap.first; o; o = o->next) refc_count++;
  EXPECT_EQ(refc_count, 250u);
  x[0] = cdr(cdr(x[0]));  // drop two elements, one of them with a refc binary
  gc_collect(&p, 0, x, 1);
  refc_count = 0;
  for (OffHeapThing* o = p.heap.off_heap.first; o; o = o->next) refc_count++;
  EXPECT_EQ(refc_count, 249u);
}

TEST(Gc, StackSurvivesAndLiteralsStay) {
  Process p;
  process_init_memory(&p, 233);
  Heap lit;
  lit.literal = true;
  Term literal = make_tuple(lit, {make_small(1), make_small(2)});
  ASSERT_TRUE(is_literal(literal));
  // a frame: CP word, then two Y registers
  p.heap.limit -= 3;
  p.heap.limit[0] = reinterpret_cast<Term>(&p);  // looks like a CP (tag 00)
  p.heap.limit[1] = literal;
  p.heap.limit[2] = make_cons(p.heap, make_small(5), NIL);
  Term x[1] = {NIL};
  gc_collect(&p, 10, x, 1);
  EXPECT_EQ(p.heap.end - p.heap.limit, 3);
  EXPECT_EQ(p.heap.limit[0], reinterpret_cast<Term>(&p));
  EXPECT_EQ(p.heap.limit[1], literal);  // not copied
  ASSERT_TRUE(is_list(p.heap.limit[2]));
  EXPECT_EQ(car(p.heap.limit[2]), make_small(5));
}

// Data that survives one collection moves to the old heap at the next
// (minor) one and is not copied again by later minor collections; new data
// that points at it stays valid; a major collection folds the old heap back.
TEST(Gc, SurvivorsArePromotedThenFoldedBackByAMajor) {
  Process p;
  process_init_memory(&p, 233);
  Term x[2];
  x[0] = build_list(p.heap, 300);
  gc_collect(&p, 0, x, 1);  // survived once: below the high-water mark
  EXPECT_EQ(p.heap.old_start, nullptr);
  gc_collect(&p, 0, x, 1);  // promoted
  ASSERT_NE(p.heap.old_start, nullptr);
  const Term* cell = list_ptr(x[0]);
  EXPECT_TRUE(cell >= p.heap.old_start && cell < p.heap.old_htop);
  Term* old_top = p.heap.old_htop;
  // new data pointing at old data; minor collections leave the old alone
  x[1] = make_cons(p.heap, make_small(-1), x[0]);
  gc_collect(&p, 0, x, 2);
  EXPECT_EQ(list_ptr(x[0]), cell);
  EXPECT_EQ(cdr(x[1]), x[0]);
  EXPECT_EQ(p.heap.old_htop, old_top);  // x[1]'s cell survived only once
  check_list(x[0], 300);
  // refc binaries in the old heap stay referenced until a major drops them
  gc_collect_full(&p, 0, x, 2, nullptr, 0, true);
  EXPECT_EQ(p.heap.old_start, nullptr);
  EXPECT_EQ(p.heap.old_off_heap.first, nullptr);
  check_list(cdr(x[1]), 300);
  EXPECT_EQ(car(x[1]), make_small(-1));
  gc_collect_full(&p, 0, x, 0, nullptr, 0, true);  // nothing live
  EXPECT_EQ(p.heap.off_heap.first, nullptr);
}

TEST(Copy, DeepCopyIsIndependent) {
  Heap a, b;
  Term l = build_list(a, 300);
  Uint size = term_copy_size(l);
  EXPECT_GT(size, 300u * 2);
  Term c = copy_term(l, b);
  check_list(c, 300);
  EXPECT_NE(c, l);
}
