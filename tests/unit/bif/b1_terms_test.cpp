// Type tests, comparisons and boolean operators (bif/erlang_terms.cpp).
// Expected values are what erl (OTP 25) returns.
#include "b1_test_util.h"

namespace girder {
namespace {

using namespace b1test;

Term export_fun(Heap& h, const char* m, const char* f, Uint arity) {
  Term* hp = h.alloc(EXPORT_THING_WORDS);
  hp[0] = make_header(EXPORT_THING_WORDS - 1, SUB_EXPORT);
  reinterpret_cast<ExportThing*>(hp)->ep = export_put(A(m), A(f), arity);
  return make_boxed(hp);
}

TEST(B1Terms, TypeTests) {
  Process p;
  Heap& h = p.heap;
  Term t = atom::am_true, f = atom::am_false;
  EXPECT_EQ(call(erlang_is_atom_1, p, {A("a")}), t);
  EXPECT_EQ(call(erlang_is_atom_1, p, {I(1)}), f);
  EXPECT_EQ(call(erlang_is_list_1, p, {NIL}), t);
  EXPECT_EQ(call(erlang_is_list_1, p, {make_cons(h, A("a"), A("b"))}), t);
  EXPECT_EQ(call(erlang_is_list_1, p, {make_tuple(h, {})}), f);
  EXPECT_EQ(call(erlang_is_tuple_1, p, {make_tuple(h, {})}), t);
  EXPECT_EQ(call(erlang_is_integer_1, p, {make_integer(h, Sint(1) << 62)}), t);
  EXPECT_EQ(call(erlang_is_integer_1, p, {make_float(h, 1.0)}), f);
  EXPECT_EQ(call(erlang_is_float_1, p, {make_float(h, 1.0)}), t);
  EXPECT_EQ(call(erlang_is_number_1, p, {make_float(h, 1.0)}), t);
  EXPECT_EQ(call(erlang_is_number_1, p, {A("a")}), f);
  EXPECT_EQ(call(erlang_is_boolean_1, p, {t}), t);
  EXPECT_EQ(call(erlang_is_boolean_1, p, {I(1)}), f);
  EXPECT_EQ(call(erlang_is_pid_1, p, {make_local_pid(5)}), t);
  EXPECT_EQ(call(erlang_is_pid_1, p, {make_local_port(5)}), f);
  EXPECT_EQ(call(erlang_is_port_1, p, {make_local_port(5)}), t);
  uint8_t bits = 0xA0;
  Term three_bits = new_bitstring(h, &bits, 0, 3);
  EXPECT_EQ(call(erlang_is_bitstring_1, p, {three_bits}), t);
  EXPECT_EQ(call(erlang_is_binary_1, p, {three_bits}), f);
  EXPECT_EQ(call(erlang_is_binary_1, p, {bin(h, "ab")}), t);
  EXPECT_EQ(call(erlang_is_function_1, p, {export_fun(h, "erlang", "abs", 1)}), t);
  EXPECT_EQ(call(erlang_is_reference_1, p, {A("r")}), f);
  EXPECT_EQ(call(erlang_is_map_1, p, {NIL}), f);
}

TEST(B1Terms, IsFunction2) {
  Process p;
  Heap& h = p.heap;
  Term abs1 = export_fun(h, "erlang", "abs", 1);
  EXPECT_EQ(call(erlang_is_function_2, p, {abs1, I(1)}), atom::am_true);
  EXPECT_EQ(call(erlang_is_function_2, p, {abs1, I(0)}), atom::am_false);
  EXPECT_EQ(call(erlang_is_function_2, p, {A("a"), I(0)}), atom::am_false);
  // a non-negative bignum arity matches nothing; a negative one is badarg
  Term big = make_integer(h, Sint(1) << 62);
  EXPECT_EQ(call(erlang_is_function_2, p, {abs1, big}), atom::am_false);
  Term r = call(erlang_is_function_2, p, {A("a"), make_integer(h, -(Sint(1) << 62))});
  EXPECT_TRUE(raised(p, r, atom::badarg));
  r = call(erlang_is_function_2, p, {abs1, I(-1)});
  EXPECT_TRUE(raised(p, r, atom::badarg));
  r = call(erlang_is_function_2, p, {A("a"), A("x")});
  EXPECT_TRUE(raised(p, r, atom::badarg));
}

TEST(B1Terms, IsRecord) {
  Process p;
  Heap& h = p.heap;
  Term rec = make_tuple(h, {A("a"), I(1)});
  EXPECT_EQ(call(erlang_is_record_2, p, {rec, A("a")}), atom::am_true);
  EXPECT_EQ(call(erlang_is_record_2, p, {rec, A("b")}), atom::am_false);
  EXPECT_EQ(call(erlang_is_record_2, p, {make_tuple(h, {}), A("a")}), atom::am_false);
  EXPECT_TRUE(raised(p, call(erlang_is_record_2, p, {rec, I(1)}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_is_record_2, p, {A("x"), I(1)}), atom::badarg));
  EXPECT_EQ(call(erlang_is_record_3, p, {rec, A("a"), I(2)}), atom::am_true);
  EXPECT_EQ(call(erlang_is_record_3, p, {rec, A("a"), I(3)}), atom::am_false);
  EXPECT_EQ(call(erlang_is_record_3, p, {rec, A("a"), I(-1)}), atom::am_false);
  EXPECT_TRUE(raised(p, call(erlang_is_record_3, p, {rec, A("a"), A("x")}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_is_record_3, p, {rec, I(1), I(2)}), atom::badarg));
  Term big = make_integer(h, Sint(1) << 62);
  EXPECT_TRUE(raised(p, call(erlang_is_record_3, p, {rec, A("a"), big}), atom::badarg));
}

TEST(B1Terms, BooleanOperators) {
  Process p;
  Term t = atom::am_true, f = atom::am_false;
  EXPECT_EQ(call(erlang_and_2, p, {t, t}), t);
  EXPECT_EQ(call(erlang_and_2, p, {t, f}), f);
  EXPECT_EQ(call(erlang_or_2, p, {f, t}), t);
  EXPECT_EQ(call(erlang_or_2, p, {f, f}), f);
  EXPECT_EQ(call(erlang_xor_2, p, {t, f}), t);
  EXPECT_EQ(call(erlang_xor_2, p, {t, t}), f);
  EXPECT_EQ(call(erlang_not_1, p, {f}), t);
  // both operands are checked, even when the first decides the result
  EXPECT_TRUE(raised(p, call(erlang_and_2, p, {f, I(1)}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_or_2, p, {t, I(1)}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_not_1, p, {I(1)}), atom::badarg));
}

TEST(B1Terms, Comparisons) {
  Process p;
  Heap& h = p.heap;
  Term one = I(1), one_f = make_float(h, 1.0);
  Term t = atom::am_true, f = atom::am_false;
  EXPECT_EQ(call(erlang_eq_2, p, {one, one_f}), t);
  EXPECT_EQ(call(erlang_neq_2, p, {one, one_f}), f);
  EXPECT_EQ(call(erlang_exact_eq_2, p, {one, one_f}), f);
  EXPECT_EQ(call(erlang_exact_neq_2, p, {one, one_f}), t);
  EXPECT_EQ(call(erlang_exact_eq_2, p, {str(h, "ab"), str(h, "ab")}), t);
  // number < atom < tuple < list
  EXPECT_EQ(call(erlang_lt_2, p, {A("a"), one}), f);
  EXPECT_EQ(call(erlang_gt_2, p, {A("a"), one}), t);
  EXPECT_EQ(call(erlang_lt_2, p, {make_tuple(h, {}), NIL}), t);
  EXPECT_EQ(call(erlang_le_2, p, {one, one_f}), t);
  EXPECT_EQ(call(erlang_ge_2, p, {one_f, one}), t);
  EXPECT_EQ(call(erlang_ge_2, p, {I(0), one}), f);
  // of two equal terms max and min return the first
  EXPECT_EQ(call(erlang_max_2, p, {one, one_f}), one);
  EXPECT_EQ(call(erlang_max_2, p, {one_f, one}), one_f);
  EXPECT_EQ(call(erlang_min_2, p, {one, one_f}), one);
  EXPECT_EQ(call(erlang_min_2, p, {one_f, one}), one_f);
  EXPECT_EQ(call(erlang_max_2, p, {A("a"), I(7)}), A("a"));
  EXPECT_EQ(call(erlang_min_2, p, {A("a"), I(7)}), I(7));
}

}  // namespace
}  // namespace girder
