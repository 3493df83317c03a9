// TreeStore: the ordered_set's key order and == keys.
#include "ets/tree_store.h"

#include <algorithm>

#include "ets_test_util.h"
#include "term/compare.h"

namespace girder {
namespace {
using namespace etstest;

TEST(EtsTreeStore, TermOrderWithNumbersEqualAcrossTypes) {
  Heap h;
  TreeStore s(1);
  for (Term k : {A("b"), I(3), make_float(h, 1.5), I(1), A("a"), make_float(h, 2.0)})
    ASSERT_TRUE(s.insert(db_object_create(T(h, {k}))));
  std::vector<Term> keys;
  for (auto it = s.begin(); it != s.end(); ++it) keys.push_back(TreeStore::at(it)->key(1));
  ASSERT_EQ(keys.size(), 6u);
  EXPECT_EQ(keys[0], I(1));
  EXPECT_EQ(float_value(keys[1]), 1.5);
  EXPECT_EQ(float_value(keys[2]), 2.0);
  EXPECT_EQ(keys[3], I(3));
  EXPECT_EQ(keys[4], A("a"));
  // 2 finds 2.0; inserting 1.0 replaces the object with key 1
  EXPECT_NE(s.find(I(2)), nullptr);
  ASSERT_TRUE(s.insert(db_object_create(T(h, {make_float(h, 1.0)}))));
  EXPECT_EQ(s.count(), 6u);
  EXPECT_TRUE(is_float(s.first()->key(1)));
}

TEST(EtsTreeStore, NextAndPrevOfAbsentKeys) {
  Heap h;
  TreeStore s(1);
  for (Sint k : {10, 20, 30}) ASSERT_TRUE(s.insert(db_object_create(T(h, {I(k)}))));
  EXPECT_EQ(s.next(I(15))->key(1), I(20));
  EXPECT_EQ(s.prev(I(15))->key(1), I(10));
  EXPECT_EQ(s.next(I(30)), nullptr);
  EXPECT_EQ(s.prev(I(10)), nullptr);
  EXPECT_EQ(s.next(A("x")), nullptr);  // atoms sort after numbers
  EXPECT_EQ(s.prev(A("x"))->key(1), I(30));
  EXPECT_EQ(s.erase_object(T(h, {make_float(h, 20.0)})), 0u);  // not =:=
  EXPECT_EQ(s.erase_object(T(h, {I(20)})), 1u);
  EXPECT_EQ(s.count(), 2u);
}

TEST(EtsTreeStore, WalksStayRightWhileTheTreeChanges) {
  Heap h;
  TreeStore a(1), b(1);
  for (Sint k = 0; k < 100; k += 2) {
    ASSERT_TRUE(a.insert(db_object_create(T(h, {I(k)}))));
    ASSERT_TRUE(b.insert(db_object_create(T(h, {I(k + 1)}))));
  }
  // interleaved walks over two trees, with inserts and erases between steps
  std::vector<Sint> seen_a, seen_b;
  DbObject* x = a.first();
  DbObject* y = b.first();
  while (x || y) {
    if (x) {
      Sint k = small_value(x->key(1));
      seen_a.push_back(k);
      if (k == 10) {
        ASSERT_TRUE(a.insert(db_object_create(T(h, {I(11)}))));  // just after: seen
      }
      if (k == 20) a.erase_key(I(22));  // just after: not seen
      x = a.next(x->key(1));
    }
    if (y) {
      Sint k = small_value(y->key(1));
      seen_b.push_back(k);
      y = b.next(I(k));
    }
  }
  EXPECT_EQ(seen_a.size(), 50u);
  EXPECT_EQ(std::count(seen_a.begin(), seen_a.end(), 11), 1);
  EXPECT_EQ(std::count(seen_a.begin(), seen_a.end(), 22), 0);
  EXPECT_TRUE(std::is_sorted(seen_a.begin(), seen_a.end()));
  EXPECT_EQ(seen_b.size(), 50u);
  EXPECT_TRUE(std::is_sorted(seen_b.begin(), seen_b.end()));
  // next of a key that is not where the last walk was
  EXPECT_EQ(a.next(I(51))->key(1), I(52));
  EXPECT_EQ(a.next(I(0))->key(1), I(2));
}

}  // namespace
}  // namespace girder
