// List BIFs (bif/erlang_lists.cpp, bif/lists_bifs.cpp); expectations from
// erl (OTP 25).
#include <random>

#include "b1_test_util.h"
#include "term/compare.h"

namespace girder {
namespace {

using namespace b1test;

constexpr Sint TEN_MILLION = 10'000'000;

TEST(B1Lists, LengthHdTl) {
  Process p;
  Heap& h = p.heap;
  EXPECT_EQ(call(erlang_length_1, p, {NIL}), I(0));
  EXPECT_EQ(call(erlang_length_1, p, {list_of(h, {I(1), I(2)})}), I(2));
  EXPECT_TRUE(raised(p, call(erlang_length_1, p, {list_of(h, {A("a")}, A("b"))}), atom::badarg));
  EXPECT_EQ(call(erlang_hd_1, p, {list_of(h, {A("a")}, A("b"))}), A("a"));
  EXPECT_EQ(call(erlang_tl_1, p, {list_of(h, {A("a")}, A("b"))}), A("b"));
  EXPECT_TRUE(raised(p, call(erlang_hd_1, p, {NIL}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_tl_1, p, {A("x")}), atom::badarg));
}

TEST(B1Lists, Append) {
  Process p;
  Heap& h = p.heap;
  Term r = call(erlang_append_2, p, {list_of(h, {A("a")}), A("b")});
  ASSERT_TRUE(is_list(r));
  EXPECT_EQ(car(r), A("a"));
  EXPECT_EQ(cdr(r), A("b"));  // [a] ++ b =:= [a|b]
  EXPECT_EQ(call(erlang_append_2, p, {NIL, A("b")}), A("b"));
  Term ab = list_of(h, {A("a"), A("b")});
  Term cd = list_of(h, {A("c"), A("d")});
  EXPECT_EQ(to_vector(call(erlang_append_2, p, {ab, cd})),
            (std::vector<Term>{A("a"), A("b"), A("c"), A("d")}));
  EXPECT_TRUE(
      raised(p, call(erlang_append_2, p, {list_of(h, {A("a")}, A("b")), NIL}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_append_2, p, {A("a"), NIL}), atom::badarg));
}

TEST(B1Lists, SubtractSmall) {
  Process p;
  Heap& h = p.heap;
  // [1,2,1.0,3,1] -- [1,1.0] =:= [2,3,1]
  Term one_f = make_float(h, 1.0);
  Term a = list_of(h, {I(1), I(2), one_f, I(3), I(1)});
  Term r = call(erlang_subtract_2, p, {a, list_of(h, {I(1), one_f})});
  EXPECT_EQ(to_vector(r), (std::vector<Term>{I(2), I(3), I(1)}));
  EXPECT_EQ(call(erlang_subtract_2, p, {NIL, list_of(h, {A("a")})}), NIL);
  EXPECT_TRUE(
      raised(p, call(erlang_subtract_2, p, {list_of(h, {A("a")}, A("b")), NIL}), atom::badarg));
  EXPECT_TRUE(
      raised(p, call(erlang_subtract_2, p, {list_of(h, {A("a")}), list_of(h, {A("a")}, A("b"))}),
             atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_subtract_2, p, {NIL, A("x")}), atom::badarg));
  // structured terms are compared by value
  Term a2 = list_of(h, {str(h, "ab"), str(h, "cd"), str(h, "ab")});
  r = call(erlang_subtract_2, p, {a2, list_of(h, {str(h, "ab")})});
  ASSERT_EQ(to_vector(r).size(), 2u);
  EXPECT_TRUE(eq_exact(car(r), str(h, "cd")));
}

// Reference: for each element of B, drop the first remaining =:= element of A.
std::vector<Term> naive_subtract(std::vector<Term> a, const std::vector<Term>& b) {
  for (Term x : b) {
    for (size_t i = 0; i < a.size(); i++) {
      if (eq_exact(a[i], x)) {
        a.erase(a.begin() + Sint(i));
        break;
      }
    }
  }
  return a;
}

TEST(B1Lists, SubtractLargeMatchesNaive) {
  Process p;
  Heap& h = p.heap;
  std::mt19937 rng(42);
  std::vector<Term> pool;
  for (Sint i = 0; i < 40; i++) {
    pool.push_back(I(i));
    pool.push_back(make_float(h, double(i)));  // =:= never matches the integer
    pool.push_back(make_tuple(h, {A("k"), I(i % 7)}));
  }
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  for (int round = 0; round < 5; round++) {
    std::vector<Term> a, b;
    for (int i = 0; i < 2000; i++) a.push_back(pool[pick(rng)]);
    for (int i = 0; i < 300; i++) b.push_back(pool[pick(rng)]);
    Term r = call(erlang_subtract_2, p,
                  {make_list_from(h, a.data(), a.size()), make_list_from(h, b.data(), b.size())});
    std::vector<Term> got = to_vector(r), want = naive_subtract(a, b);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); i++) EXPECT_TRUE(eq_exact(got[i], want[i])) << i;
  }
}

TEST(B1Lists, SubtractManyFromMany) {
  // 200k -- 200k would take minutes element by element; the multiset
  // makes it immediate.
  Process p;
  Heap& h = p.heap;
  Term a = seq_list(h, 200'000);
  std::vector<Term> evens;
  for (Sint i = 200'000; i >= 2; i -= 2) evens.push_back(I(i));
  Term r = call(erlang_subtract_2, p, {a, make_list_from(h, evens.data(), evens.size())});
  std::vector<Term> got = to_vector(r);
  ASSERT_EQ(got.size(), 100'000u);
  EXPECT_EQ(got.front(), I(1));
  EXPECT_EQ(got.back(), I(199'999));
}

TEST(B1Lists, TenMillionElements) {
  Process p;
  Heap& h = p.heap;
  Term big = seq_list(h, TEN_MILLION);
  EXPECT_EQ(call(erlang_length_1, p, {big}), I(TEN_MILLION));
  Term rev = call(lists_reverse_2, p, {big, NIL});
  EXPECT_EQ(car(rev), I(TEN_MILLION));
  Term both = call(erlang_append_2, p, {big, rev});
  EXPECT_EQ(call(erlang_length_1, p, {both}), I(2 * TEN_MILLION));
  Term r = call(erlang_subtract_2, p, {big, list_of(h, {I(1), I(TEN_MILLION)})});
  EXPECT_EQ(call(erlang_length_1, p, {r}), I(TEN_MILLION - 2));
  EXPECT_EQ(call(lists_member_2, p, {I(TEN_MILLION), big}), atom::am_true);
  Term last = make_tuple(h, {I(TEN_MILLION)});
  Term tuples = call(erlang_append_2, p, {big, list_of(h, {last})});
  EXPECT_EQ(call(lists_keyfind_3, p, {I(TEN_MILLION), I(1), tuples}), last);
}

TEST(B1Lists, Reverse) {
  Process p;
  Heap& h = p.heap;
  Term r = call(lists_reverse_2, p, {list_of(h, {I(1), I(2)}), A("x")});
  EXPECT_EQ(to_vector(r), (std::vector<Term>{I(2), I(1)}));
  Term tail = r;
  while (is_list(cdr(tail))) tail = cdr(tail);
  EXPECT_EQ(cdr(tail), A("x"));  // [2,1|x]
  EXPECT_EQ(call(lists_reverse_2, p, {NIL, A("x")}), A("x"));
  EXPECT_TRUE(
      raised(p, call(lists_reverse_2, p, {list_of(h, {I(1)}, I(2)), A("x")}), atom::badarg));
  EXPECT_TRUE(raised(p, call(lists_reverse_2, p, {A("x"), NIL}), atom::badarg));
}

TEST(B1Lists, Keyfind) {
  Process p;
  Heap& h = p.heap;
  Term one_f = make_float(h, 1.0);
  Term t1 = make_tuple(h, {one_f, A("a")});
  // keys match by ==: 1 finds {1.0,a}, 1.0 finds {1,a}
  EXPECT_EQ(call(lists_keyfind_3, p, {I(1), I(1), list_of(h, {t1})}), t1);
  Term t2 = make_tuple(h, {I(1), A("a")});
  EXPECT_EQ(call(lists_keyfind_3, p, {one_f, I(1), list_of(h, {t2})}), t2);
  // elements that are not tuples, or too short, are skipped
  Term ba = make_tuple(h, {A("b"), A("a")});
  Term l = list_of(h, {make_tuple(h, {A("a")}), A("b"), ba});
  EXPECT_EQ(call(lists_keyfind_3, p, {A("a"), I(2), l}), ba);
  EXPECT_EQ(call(lists_keyfind_3, p, {A("a"), I(1), NIL}), atom::am_false);
  EXPECT_TRUE(raised(p, call(lists_keyfind_3, p, {A("a"), I(0), NIL}), atom::badarg));
  EXPECT_TRUE(raised(p, call(lists_keyfind_3, p, {A("a"), make_integer(h, Sint(1) << 62), NIL}),
                     atom::badarg));
  // an improper tail is an error only if reached
  Term ta = make_tuple(h, {A("a")});
  EXPECT_EQ(call(lists_keyfind_3, p, {A("a"), I(1), list_of(h, {ta}, A("c"))}), ta);
  EXPECT_TRUE(raised(
      p, call(lists_keyfind_3, p, {A("a"), I(1), list_of(h, {make_tuple(h, {A("b")})}, A("c"))}),
      atom::badarg));
  // a small key beyond 2^53 matches the float it rounds to (as ERTS)
  Term f53 = make_tuple(h, {make_float(h, 9007199254740992.0)});
  EXPECT_EQ(call(lists_keyfind_3, p, {I(9007199254740993), I(1), list_of(h, {f53})}), f53);
  // boxed keys compare by value
  Term sk = make_tuple(h, {str(h, "k"), I(5)});
  EXPECT_EQ(call(lists_keyfind_3, p, {str(h, "k"), I(1), list_of(h, {sk})}), sk);

  EXPECT_EQ(call(lists_keymember_3, p, {A("a"), I(1), list_of(h, {ta})}), atom::am_true);
  EXPECT_EQ(call(lists_keymember_3, p, {A("z"), I(1), list_of(h, {ta})}), atom::am_false);
  Term found = call(lists_keysearch_3, p, {A("a"), I(1), list_of(h, {ta})});
  ASSERT_TRUE(is_tuple(found));
  EXPECT_EQ(tuple_elem(found, 1), atom::value);
  EXPECT_EQ(tuple_elem(found, 2), ta);
  EXPECT_EQ(call(lists_keysearch_3, p, {A("z"), I(1), NIL}), atom::am_false);
  EXPECT_TRUE(raised(p, call(lists_keysearch_3, p, {A("z"), I(1), A("x")}), atom::badarg));
}

TEST(B1Lists, Member) {
  Process p;
  Heap& h = p.heap;
  // member/2 is =:=: 1 is not a member of [1.0]
  EXPECT_EQ(call(lists_member_2, p, {I(1), list_of(h, {make_float(h, 1.0)})}), atom::am_false);
  EXPECT_EQ(call(lists_member_2, p, {make_float(h, 2.5), list_of(h, {make_float(h, 2.5)})}),
            atom::am_true);
  EXPECT_EQ(call(lists_member_2, p, {I(1), list_of(h, {I(1)}, A("x"))}), atom::am_true);
  EXPECT_TRUE(raised(p, call(lists_member_2, p, {I(1), list_of(h, {I(2)}, A("x"))}), atom::badarg));
  EXPECT_TRUE(raised(p, call(lists_member_2, p, {I(1), A("x")}), atom::badarg));
  EXPECT_EQ(call(lists_member_2, p, {I(1), NIL}), atom::am_false);
}

}  // namespace
}  // namespace girder
