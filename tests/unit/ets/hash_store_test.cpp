// HashStore: set, bag and duplicate_bag semantics, fixation, and ERTS's
// growth and shrink steps (which ets:info(T, memory) and ets:slot/2 show).
#include "ets/hash_store.h"

#include "ets_test_util.h"
#include "term/compare.h"

namespace girder {
namespace {
using namespace etstest;

std::vector<Term> values_of(const HashStore& s, Term key) {
  std::vector<Term> v;
  for (DbObject* o = s.find(key); o; o = s.next_same_key(o)) v.push_back(tuple_elem(o->tuple(), 2));
  return v;
}

TEST(EtsHashStore, SetReplacesAndKeysAreExact) {
  Heap h;
  HashStore s(TableType::set, 1);
  EXPECT_TRUE(s.insert(db_object_create(T(h, {A("a"), I(1)}))));
  EXPECT_TRUE(s.insert(db_object_create(T(h, {A("a"), I(2)}))));
  EXPECT_TRUE(s.insert(db_object_create(T(h, {I(1), A("int")}))));
  EXPECT_TRUE(s.insert(db_object_create(T(h, {make_float(h, 1.0), A("float")}))));
  EXPECT_EQ(s.count(), 3u);
  EXPECT_EQ(values_of(s, A("a")), std::vector<Term>{I(2)});
  // 1 and 1.0 are different keys (=:=)
  EXPECT_EQ(values_of(s, I(1)), std::vector<Term>{A("int")});
  EXPECT_EQ(values_of(s, make_float(h, 1.0)), std::vector<Term>{A("float")});
  DbObject* keep = db_object_create(T(h, {A("a"), I(3)}));
  EXPECT_FALSE(s.insert(keep, true));  // insert_new: the key exists
  db_object_free(keep);
  EXPECT_EQ(s.erase_key(A("a")), 1u);
  EXPECT_EQ(s.find(A("a")), nullptr);
  EXPECT_EQ(s.count(), 2u);
}

TEST(EtsHashStore, BagKeepsDistinctObjectsInInsertionOrder) {
  Heap h;
  HashStore s(TableType::bag, 1);
  for (Sint v : {1, 2, 1, 3}) {
    DbObject* o = db_object_create(T(h, {A("k"), I(v)}));
    if (!s.insert(o)) db_object_free(o);
  }
  EXPECT_EQ(values_of(s, A("k")), (std::vector<Term>{I(1), I(2), I(3)}));
  EXPECT_EQ(s.erase_object(T(h, {A("k"), I(2)})), 1u);
  EXPECT_EQ(values_of(s, A("k")), (std::vector<Term>{I(1), I(3)}));
}

TEST(EtsHashStore, DuplicateBagKeepsAllAndDeletesAllEqual) {
  Heap h;
  HashStore s(TableType::duplicate_bag, 1);
  for (Sint v : {1, 2, 1}) ASSERT_TRUE(s.insert(db_object_create(T(h, {A("k"), I(v)}))));
  EXPECT_EQ(values_of(s, A("k")), (std::vector<Term>{I(1), I(2), I(1)}));
  EXPECT_EQ(s.erase_object(T(h, {A("k"), I(1)})), 2u);
  EXPECT_EQ(values_of(s, A("k")), std::vector<Term>{I(2)});
}

TEST(EtsHashStore, FixedTableKeepsDeletedKeysForNext) {
  Heap h;
  HashStore s(TableType::set, 1);
  for (Sint k = 0; k < 100; k++) ASSERT_TRUE(s.insert(db_object_create(T(h, {I(k)}))));
  s.fix();
  // walk, deleting each key before asking for the next one
  Uint seen = 0;
  bool found = true;
  for (DbObject* o = s.first(); o;) {
    Term key = o->key(1);
    seen++;
    EXPECT_EQ(s.erase_key(key), 1u);
    o = s.next(key, &found);
    EXPECT_TRUE(found);
  }
  EXPECT_EQ(seen, 100u);
  EXPECT_EQ(s.count(), 0u);
  EXPECT_EQ(s.objects_held(), 100u);  // dead, still linked
  s.unfix();
  EXPECT_EQ(s.objects_held(), 100u);  // unfixing frees nothing (readers may unfix)
  s.purge_if_unfixed();
  EXPECT_EQ(s.objects_held(), 0u);
  s.next(I(5), &found);
  EXPECT_FALSE(found);
}

TEST(EtsHashStore, GrowsAndShrinksInErtsSteps) {
  Heap h;
  HashStore s(TableType::set, 1);
  EXPECT_EQ(s.nactive(), 256u);
  EXPECT_EQ(s.structure_words(), 0u);
  // ERTS: the 257th object brings the second segment (2048 buckets) and
  // its segment table (256 + 6 words); 2305 and 4353 one segment each
  for (Sint k = 1; k <= 5000; k++) {
    ASSERT_TRUE(s.insert(db_object_create(T(h, {I(k)}))));
    s.resize_if_needed();
    if (k == 256) {
      EXPECT_EQ(s.structure_words(), 0u);
    }
    if (k == 257) {
      EXPECT_EQ(s.structure_words(), 2310u);
    }
    if (k == 2304) {
      EXPECT_EQ(s.structure_words(), 2310u);
    }
    if (k == 2305) {
      EXPECT_EQ(s.structure_words(), 2310u + 2048);
    }
    if (k == 4353) {
      EXPECT_EQ(s.structure_words(), 2310u + 2 * 2048);
    }
  }
  EXPECT_EQ(s.nactive(), 5000u);
  // and gives segments back at 2046 and 742 objects left
  for (Sint k = 5000; k >= 1; k--) {
    ASSERT_EQ(s.erase_key(I(k)), 1u);
    s.resize_if_needed();
    if (k == 2048) {
      EXPECT_EQ(s.structure_words(), 2310u + 2 * 2048);
    }
    if (k == 2047) {
      EXPECT_EQ(s.structure_words(), 2310u + 2048);
    }
    if (k == 744) {
      EXPECT_EQ(s.structure_words(), 2310u + 2048);
    }
    if (k == 743) {
      EXPECT_EQ(s.structure_words(), 2310u);
    }
  }
  // the second segment stays, as in ERTS
  EXPECT_EQ(s.structure_words(), 2310u);
  for (Sint k = 1; k <= 300; k++) ASSERT_TRUE(s.insert(db_object_create(T(h, {I(k)}))));
  for (Sint k = 1; k <= 300; k++) EXPECT_NE(s.find(I(k)), nullptr) << k;
}

TEST(EtsHashStore, ObjectWordsFollowInsertsAndDeletes) {
  Heap h;
  HashStore s(TableType::set, 1);
  s.insert(db_object_create(T(h, {I(1), I(2)})));  // 3 words
  s.insert(db_object_create(T(h, {I(2), L(h, {I(1), I(2)})})));  // 3 + 4
  EXPECT_EQ(s.object_words(), 10u);
  s.insert(db_object_create(T(h, {I(1)})));  // replaces the first: 2 words
  EXPECT_EQ(s.object_words(), 9u);
  s.erase_key(I(2));
  EXPECT_EQ(s.object_words(), 2u);
}

}  // namespace
}  // namespace girder
