// HashStore: set, bag and duplicate_bag semantics, fixation, ERTS's
// growth and shrink steps (which ets:info(T, memory) and ets:slot/2 show)
// and ERTS's order: key hashes, chains and the walk.
#include "ets/hash_store.h"

#include "ets_test_util.h"
#include "term/binary.h"
#include "term/compare.h"

namespace girder {
namespace {
using namespace etstest;

// The second elements of key's objects in lookup's order (the group runs
// newest first; lookup conses along it).
std::vector<Term> values_of(const HashStore& s, Term key) {
  std::vector<Term> v;
  for (DbObject* o = s.find(key); o; o = s.next_same_key(o)) v.insert(v.begin(), tuple_elem(o->tuple(), 2));
  return v;
}

// The keys of bucket ix along its chain.
std::vector<Term> chain(const HashStore& s, Uint ix) {
  std::vector<Term> v;
  for (DbObject* o = s.bucket(ix); o; o = o->next) v.push_back(o->key(1));
  return v;
}

// The keys in walk order (first/next).
std::vector<Term> walk(const HashStore& s) {
  std::vector<Term> v;
  bool found;
  for (DbObject* o = s.first(); o; o = s.next(o->key(1), &found)) v.push_back(o->key(1));
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

// Where erl puts them in a table of 256 buckets (ets:slot/2): an atom by
// its name's hash, the rest by ERTS's internal hash.
TEST(EtsHashStore, KeysLandInErtsBuckets) {
  Heap h;
  HashStore s(TableType::set, 1);
  Term str = L(h, {I('s'), I('t'), I('r')});
  Term bin = new_binary(h, reinterpret_cast<const uint8_t*>("bin"), 3);
  std::vector<std::pair<Term, Uint>> where = {{A("a"), 97},     {A("e"), 101},  {I(1), 86},  {I(2), 71},
                                              {I(3), 22},       {I(4), 36},     {I(5), 192}, {I(10), 115},
                                              {I(100), 124},    {make_float(h, 3.5), 162}, {str, 239},
                                              {bin, 104}};
  for (auto& [k, ix] : where) ASSERT_TRUE(s.insert(db_object_create(T(h, {k}))));
  for (auto& [k, ix] : where) {
    std::vector<Term> c = chain(s, ix);
    EXPECT_EQ(c.size(), 1u);
    EXPECT_TRUE(!c.empty() && eq_exact(c[0], k)) << ix;
  }
}

// 'Aq' and 'Ba' have the same hash. A new key goes last in its chain; a
// bag's new object goes in front of its key's group; a dead equal object
// that comes back goes there too.
TEST(EtsHashStore, ChainsRunAsErts) {
  Heap h;
  HashStore s(TableType::bag, 1);
  Uint ix = 1153 & 255;
  for (auto [k, v] : std::vector<std::pair<const char*, Sint>>{{"Ba", 1}, {"Aq", 1}, {"Ba", 2}, {"Aq", 2}, {"Ba", 3}})
    ASSERT_TRUE(s.insert(db_object_create(T(h, {A(k), I(v)}))));
  EXPECT_EQ(chain(s, ix), (std::vector<Term>{A("Ba"), A("Ba"), A("Ba"), A("Aq"), A("Aq")}));
  EXPECT_EQ(values_of(s, A("Ba")), (std::vector<Term>{I(1), I(2), I(3)}));
  s.fix();
  EXPECT_EQ(s.erase_object(T(h, {A("Ba"), I(3)})), 1u);  // the group's first: stays, dead
  EXPECT_EQ(s.erase_object(T(h, {A("Ba"), I(1)})), 1u);  // not the first: goes
  EXPECT_EQ(s.objects_held(), 4u);
  DbObject* again = db_object_create(T(h, {A("Ba"), I(3)}));
  EXPECT_FALSE(s.insert(again));  // the dead one comes back instead
  db_object_free(again);
  s.unfix();
  EXPECT_EQ(values_of(s, A("Ba")), (std::vector<Term>{I(2), I(3)}));
}

// A table with fine-grained locks is walked slot 0, 64, 128, ..., 1, 65, ...
TEST(EtsHashStore, WalkGoesInStridesOfTheLockCount) {
  Heap h;
  HashStore one(TableType::set, 1);
  HashStore fine(TableType::set, 1, 64);
  for (Uint i = 0; i < 256; i++) EXPECT_EQ(one.next_slot(i), i == 255 ? 0 : i + 1);
  EXPECT_EQ(fine.next_slot(0), 64u);
  EXPECT_EQ(fine.next_slot(192), 1u);
  EXPECT_EQ(fine.next_slot(255), 0u);
  for (const char* k : {"a", "b", "c", "d", "e"}) {  // buckets 97 to 101
    one.insert(db_object_create(T(h, {A(k)})));
    fine.insert(db_object_create(T(h, {A(k)})));
  }
  one.insert(db_object_create(T(h, {I(5)})));   // bucket 192
  fine.insert(db_object_create(T(h, {I(5)})));
  one.insert(db_object_create(T(h, {I(4)})));   // bucket 36
  fine.insert(db_object_create(T(h, {I(4)})));
  EXPECT_EQ(walk(one), (std::vector<Term>{I(4), A("a"), A("b"), A("c"), A("d"), A("e"), I(5)}));
  EXPECT_EQ(walk(fine), (std::vector<Term>{I(5), A("a"), A("b"), A("c"), I(4), A("d"), A("e")}));
}

// A split keeps each half's order; a join puts the top bucket's objects
// in front of the other's.
TEST(EtsHashStore, SplitAndJoinKeepOrder) {
  Heap h;
  HashStore s(TableType::set, 1);
  for (Sint k = 1; k <= 20000; k++) ASSERT_TRUE(s.insert(db_object_create(T(h, {I(k)}))));
  EXPECT_EQ(s.nactive(), 20000u);
  // bucket 19999 split from 19999 & 16383; a join brings it back in front
  Uint top = 19999, low = top & 16383;
  std::vector<Term> expect = chain(s, top), lower = chain(s, low);
  expect.insert(expect.end(), lower.begin(), lower.end());
  for (Sint k = 20000; k > 8000; k--) ASSERT_EQ(s.erase_key(I(k)), 1u);
  // ERTS joins at most 5 buckets per delete once below the limit
  EXPECT_LT(s.nactive(), 20000u);
  EXPECT_GT(s.nactive(), 8000u);
  std::vector<Term> got = chain(s, low);
  std::vector<Term> want;
  for (Term k : expect)
    if (small_value(k) <= 8000) want.push_back(k);
  EXPECT_EQ(got, want);
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
