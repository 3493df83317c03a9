// Tuple BIFs (bif/erlang_tuples.cpp); expectations from erl (OTP 25).
#include "b1_test_util.h"

namespace girder {
namespace {

using namespace b1test;

constexpr Sint MAX_ARITY = (Sint(1) << 24) - 1;

std::vector<Term> elems(Term t) {
  return std::vector<Term>(tuple_ptr(t) + 1, tuple_ptr(t) + 1 + tuple_arity(t));
}

TEST(B1Tuples, ElementAndSetelement) {
  Process p;
  Heap& h = p.heap;
  Term t = make_tuple(h, {A("a"), A("b")});
  EXPECT_EQ(call(erlang_element_2, p, {I(2), t}), A("b"));
  EXPECT_TRUE(raised(p, call(erlang_element_2, p, {I(0), t}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_element_2, p, {I(3), t}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_element_2, p, {make_integer(h, Sint(1) << 62), t}),
                     atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_element_2, p, {I(1), list_of(h, {A("a")})}), atom::badarg));

  Term u = call(erlang_setelement_3, p, {I(1), t, A("c")});
  ASSERT_TRUE(is_tuple(u));
  EXPECT_EQ(elems(u), (std::vector<Term>{A("c"), A("b")}));
  EXPECT_EQ(tuple_elem(t, 1), A("a"));  // the original is untouched
  EXPECT_TRUE(raised(p, call(erlang_setelement_3, p, {I(3), t, A("c")}), atom::badarg));
}

TEST(B1Tuples, Sizes) {
  Process p;
  Heap& h = p.heap;
  Term t = make_tuple(h, {I(1), I(2), I(3)});
  EXPECT_EQ(call(erlang_tuple_size_1, p, {t}), I(3));
  EXPECT_EQ(call(erlang_size_1, p, {t}), I(3));
  // size/1 of a bitstring counts whole bytes: size(<<1,2,3:4>>) =:= 2
  uint8_t bytes[3] = {1, 2, 0x30};
  EXPECT_EQ(call(erlang_size_1, p, {new_bitstring(h, bytes, 0, 20)}), I(2));
  EXPECT_EQ(call(erlang_size_1, p, {new_bitstring(h, bytes, 0, 3)}), I(0));
  EXPECT_TRUE(raised(p, call(erlang_size_1, p, {NIL}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_tuple_size_1, p, {bin(h, "")}), atom::badarg));
}

TEST(B1Tuples, MakeTuple) {
  Process p;
  Heap& h = p.heap;
  Term t = call(erlang_make_tuple_2, p, {I(3), A("x")});
  EXPECT_EQ(elems(t), (std::vector<Term>{A("x"), A("x"), A("x")}));
  EXPECT_EQ(tuple_arity(call(erlang_make_tuple_2, p, {I(0), A("x")})), 0u);
  EXPECT_TRUE(raised(p, call(erlang_make_tuple_2, p, {I(-1), A("x")}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_make_tuple_2, p, {I(MAX_ARITY + 1), A("x")}), atom::badarg));

  // make_tuple(3, a, [{1,b},{3,c},{1,d}]) =:= {d,a,c}
  Term init = list_of(h, {make_tuple(h, {I(1), A("b")}), make_tuple(h, {I(3), A("c")}),
                          make_tuple(h, {I(1), A("d")})});
  t = call(erlang_make_tuple_3, p, {I(3), A("a"), init});
  EXPECT_EQ(elems(t), (std::vector<Term>{A("d"), A("a"), A("c")}));
  Term bad_pos = list_of(h, {make_tuple(h, {I(4), A("c")})});
  EXPECT_TRUE(raised(p, call(erlang_make_tuple_3, p, {I(3), A("a"), bad_pos}), atom::badarg));
  Term improper = list_of(h, {make_tuple(h, {I(1), A("b")})}, A("x"));
  EXPECT_TRUE(raised(p, call(erlang_make_tuple_3, p, {I(3), A("a"), improper}), atom::badarg));
  Term triple = list_of(h, {make_tuple(h, {I(1), A("b"), A("c")})});
  EXPECT_TRUE(raised(p, call(erlang_make_tuple_3, p, {I(3), A("a"), triple}), atom::badarg));
}

TEST(B1Tuples, AppendInsertDelete) {
  Process p;
  Heap& h = p.heap;
  Term ab = make_tuple(h, {A("a"), A("b")});
  EXPECT_EQ(elems(call(erlang_append_element_2, p, {ab, A("c")})),
            (std::vector<Term>{A("a"), A("b"), A("c")}));
  EXPECT_TRUE(raised(p, call(erlang_append_element_2, p, {A("x"), A("c")}), atom::badarg));
  EXPECT_EQ(elems(call(erlang_insert_element_3, p, {I(1), ab, A("c")})),
            (std::vector<Term>{A("c"), A("a"), A("b")}));
  EXPECT_EQ(elems(call(erlang_insert_element_3, p, {I(3), ab, A("c")})),
            (std::vector<Term>{A("a"), A("b"), A("c")}));
  EXPECT_TRUE(raised(p, call(erlang_insert_element_3, p, {I(4), ab, A("c")}), atom::badarg));
  EXPECT_EQ(elems(call(erlang_insert_element_3, p, {I(1), make_tuple(h, {}), A("c")})),
            (std::vector<Term>{A("c")}));
  EXPECT_EQ(elems(call(erlang_delete_element_2, p, {I(1), ab})), (std::vector<Term>{A("b")}));
  EXPECT_EQ(elems(call(erlang_delete_element_2, p, {I(2), ab})), (std::vector<Term>{A("a")}));
  EXPECT_TRUE(raised(p, call(erlang_delete_element_2, p, {I(3), ab}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_delete_element_2, p, {I(1), make_tuple(h, {})}),
                     atom::badarg));
}

TEST(B1Tuples, AppendAtMaximumArityIsBadarg) {
  Process p;
  Term big = call(erlang_make_tuple_2, p, {I(MAX_ARITY), A("a")});
  ASSERT_EQ(tuple_arity(big), Uint(MAX_ARITY));
  EXPECT_TRUE(raised(p, call(erlang_append_element_2, p, {big, A("b")}), atom::badarg));
}

TEST(B1Tuples, ListConversions) {
  Process p;
  Heap& h = p.heap;
  Term t = call(erlang_list_to_tuple_1, p, {list_of(h, {I(1), A("b")})});
  EXPECT_EQ(elems(t), (std::vector<Term>{I(1), A("b")}));
  EXPECT_EQ(tuple_arity(call(erlang_list_to_tuple_1, p, {NIL})), 0u);
  EXPECT_TRUE(raised(p, call(erlang_list_to_tuple_1, p, {list_of(h, {A("a")}, A("b"))}),
                     atom::badarg));
  EXPECT_EQ(to_vector(call(erlang_tuple_to_list_1, p, {t})), (std::vector<Term>{I(1), A("b")}));
  EXPECT_EQ(call(erlang_tuple_to_list_1, p, {make_tuple(h, {})}), NIL);
  EXPECT_TRUE(raised(p, call(erlang_tuple_to_list_1, p, {NIL}), atom::badarg));
  // a list longer than the largest arity: badarg (not system_limit)
  Term too_long = seq_list(h, MAX_ARITY + 1);
  EXPECT_TRUE(raised(p, call(erlang_list_to_tuple_1, p, {too_long}), atom::badarg));
}

}  // namespace
}  // namespace girder
