// TreeStore: the ordered_set's key order and == keys.
#include "ets/tree_store.h"

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

}  // namespace
}  // namespace girder
