// Maps: the flat/trie switch at MAP_SMALL_LIMIT keys, persistent updates
// checked against a std::map model, and ERTS's iteration order. Expected
// orders are erl's (OTP 25) for the same maps.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "term/compare.h"
#include "term/map.h"

namespace girder {
namespace {

std::vector<Sint> keys_in_order(Term m, bool listed) {
  std::vector<Sint> out;
  auto f = [&](Term k, Term) { out.push_back(small_value(k)); };
  if (listed) {
    map_foreach_listed(m, f);
  } else {
    map_foreach(m, f);
  }
  return out;
}

Term int_map(Heap& h, Sint from, Sint to) {
  Term m = map_new_empty(h);
  for (Sint i = from; i <= to; i++) m = map_put(h, m, make_small(i), make_small(i));
  return m;
}

TEST(Map, FlatExactlyUpToTheLimit) {
  Heap h;
  Term m = int_map(h, 1, 32);
  EXPECT_TRUE(map_is_flat(m));
  Term big = map_put(h, m, make_small(33), NIL);
  EXPECT_FALSE(map_is_flat(big));
  EXPECT_EQ(map_size(big), 33u);
  EXPECT_TRUE(map_is_flat(m));  // the old map is untouched
  Term back = map_remove(h, big, make_small(5));
  EXPECT_TRUE(map_is_flat(back));
  EXPECT_EQ(map_size(back), 32u);
  EXPECT_EQ(map_get(back, make_small(5)), nullptr);
}

// erl: M = maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
// maps:fold(fun(K, _, A) -> [K | A] end, [], M) reversed, and maps:keys(M).
TEST(Map, TrieIteratesInErtsOrder) {
  Heap h;
  Term m = int_map(h, 1, 40);
  std::vector<Sint> listed = {33, 12, 23, 29, 30, 39, 26, 31, 11, 37, 9,  32, 34, 25,
                              28, 6,  38, 13, 40, 20, 15, 14, 2,  7,  1,  8,  3,  17,
                              22, 21, 4,  36, 24, 10, 35, 27, 19, 5,  18, 16};
  EXPECT_EQ(keys_in_order(m, true), listed);
  std::vector<Sint> iterated(listed.rbegin(), listed.rend());
  EXPECT_EQ(keys_in_order(m, false), iterated);
  // built in one go or key by key: the same order
  std::vector<Term> ks, vs;
  for (Sint i = 40; i >= 1; i--) {
    ks.push_back(make_small(i));
    vs.push_back(make_small(i));
  }
  Term m2 = map_from_pairs(h, ks.data(), vs.data(), ks.size());
  EXPECT_EQ(keys_in_order(m2, true), listed);
  EXPECT_TRUE(eq_exact(m, m2));
}

TEST(Map, FromPairsLastDuplicateWins) {
  Heap h;
  std::vector<Term> ks, vs;
  for (Sint i = 0; i < 100; i++) {
    ks.push_back(make_small(i % 50));
    vs.push_back(make_small(i));
  }
  Term m = map_from_pairs(h, ks.data(), vs.data(), ks.size());
  EXPECT_EQ(map_size(m), 50u);
  for (Sint k = 0; k < 50; k++) EXPECT_EQ(*map_get(m, make_small(k)), make_small(k + 50));
}

TEST(Map, RandomUpdatesMatchAModel) {
  Heap h;
  std::mt19937 rng(7);
  std::map<Sint, Sint> model;
  Term m = map_new_empty(h);
  for (int step = 0; step < 20000; step++) {
    Sint k = Sint(rng() % 300);
    switch (rng() % 3) {
      case 0:
        m = map_put(h, m, make_small(k), make_small(step));
        model[k] = step;
        break;
      case 1: {
        Term r = map_update(h, m, make_small(k), make_small(-step));
        EXPECT_EQ(r == THE_NON_VALUE, model.count(k) == 0);
        if (r != THE_NON_VALUE) {
          m = r;
          model[k] = -step;
        }
        break;
      }
      default:
        m = map_remove(h, m, make_small(k));
        model.erase(k);
    }
    ASSERT_EQ(map_size(m), model.size());
    ASSERT_EQ(map_is_flat(m), model.size() <= MAP_SMALL_LIMIT);
  }
  for (Sint k = 0; k < 300; k++) {
    const Term* v = map_get(m, make_small(k));
    ASSERT_EQ(v != nullptr, model.count(k) == 1);
    if (v) {
      EXPECT_EQ(*v, make_small(model[k]));
    }
  }
  // every pair visited once
  std::map<Sint, Sint> seen;
  map_foreach(m, [&](Term k, Term v) { seen[small_value(k)] = small_value(v); });
  EXPECT_EQ(seen, model);
}

TEST(Map, IterationByPathVisitsEveryPairInOrder) {
  Heap h;
  Term m = int_map(h, 1, 5000);
  std::vector<Sint> expected = keys_in_order(m, false);
  std::vector<Sint> got;
  Term path = make_small(0);
  while (path != THE_NON_VALUE) {
    Term k, v;
    bool end;
    ASSERT_TRUE(map_iterate(h, m, &path, &k, &v, &end));
    got.push_back(small_value(k));
  }
  EXPECT_EQ(got, expected);
  // a slot past a node's children is a malformed position
  Term k, v;
  bool end;
  Term junk = make_small(Sint(0xFFFFFFFFFFll));
  EXPECT_FALSE(map_iterate(h, int_map(h, 1, 40), &junk, &k, &v, &end));
  EXPECT_FALSE(end);
}

}  // namespace
}  // namespace girder
