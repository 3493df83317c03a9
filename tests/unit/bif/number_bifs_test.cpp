// Arithmetic, number conversion and math BIFs against erl (OTP 25): every
// expected value or error reason below is what erl printed for the same
// call; math_vectors.inc holds math:F(...) results as float bit patterns.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "bif/arith.h"
#include "bif/bif.h"
#include "term/bignum.h"
#include "term/binary.h"
#include "term/float_format.h"
#include "term/print.h"

namespace girder {
namespace {

class NumberBifs : public ::testing::Test {
 protected:
  // A number written as erl writes it: "12", "-3", "1.5e300".
  Term N(const std::string& s) {
    if (s.find_first_of(".e") != std::string::npos) {
      double d;
      EXPECT_TRUE(text_to_float(s.data(), s.size(), &d)) << s;
      return make_float(p.heap, d);
    }
    Term t = int_from_string(p.heap, s.data(), s.size(), 10);
    EXPECT_TRUE(is_value(t)) << s;
    return t;
  }
  Term A(const char* name) { return atom_put(name); }
  Term str(const std::string& s) {
    return make_byte_list(p.heap, reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
  Term bin(const std::string& s) {
    return new_binary(p.heap, reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
  Term pow2(int n) { return int_shift(p.heap, make_small(1), n); }

  // Result as ~w text, or "error:Reason".
  std::string call(BifFn f, std::initializer_list<Term> args) {
    std::vector<Term> a(args);
    p.exc_class = p.exc_reason = THE_NON_VALUE;
    Term r = f(&p, a.data());
    if (!is_value(r)) {
      EXPECT_EQ(p.exc_class, atom::error);
      return "error:" + term_to_text(p.exc_reason);
    }
    return term_to_text(r);
  }

  Process p;
};

TEST_F(NumberBifs, OperatorsOnIntegersAndFloats) {
  EXPECT_EQ(call(erlang_plus_2, {N("1"), N("1.5")}), "2.5");
  EXPECT_EQ(call(erlang_plus_2, {N("576460752303423487"), N("1")}), "576460752303423488");
  EXPECT_EQ(call(erlang_minus_2, {N("-576460752303423488"), N("1")}), "-576460752303423489");
  EXPECT_EQ(call(erlang_plus_2, {pow2(70), N("0.5")}), "1.1805916207174113e21");
  EXPECT_EQ(call(erlang_times_2, {pow2(70), N("1.5")}), "1.770887431076117e21");
  EXPECT_EQ(call(erlang_minus_2, {N("3"), N("0.5")}), "2.5");
  EXPECT_EQ(call(erlang_times_2, {N("2.0"), N("0")}), "0.0");
  EXPECT_EQ(call(erlang_times_2, {pow2(64), N("0")}), "0");
  EXPECT_EQ(call(erlang_times_2, {N("0"), pow2(64)}), "0");
  EXPECT_EQ(call(erlang_plus_2, {N("1"), A("a")}), "error:badarith");
  EXPECT_EQ(call(erlang_plus_2, {pow2(1024), N("1.0")}), "error:badarith");
  EXPECT_EQ(call(erlang_times_2, {N("1.0e308"), N("10")}), "error:badarith");
  EXPECT_EQ(call(erlang_div_2, {N("1"), N("3")}), "0.3333333333333333");
  EXPECT_EQ(call(erlang_div_2, {N("4"), N("2")}), "2.0");
  EXPECT_EQ(call(erlang_div_2, {N("1"), N("0")}), "error:badarith");
  EXPECT_EQ(call(erlang_div_2, {N("1.0"), N("0.0")}), "error:badarith");
  EXPECT_EQ(call(erlang_div_2, {N("0.0"), N("0.0")}), "error:badarith");
  EXPECT_EQ(call(erlang_intdiv_2, {pow2(64), N("3")}), "6148914691236517205");
  EXPECT_EQ(call(erlang_intdiv_2, {N("-576460752303423488"), N("-1")}), "576460752303423488");
  EXPECT_EQ(call(erlang_intdiv_2, {N("1"), N("0")}), "error:badarith");
  EXPECT_EQ(call(erlang_intdiv_2, {N("5"), N("0.0")}), "error:badarith");
  EXPECT_EQ(call(erlang_rem_2, {N("5.0"), N("2")}), "error:badarith");
  EXPECT_EQ(call(erlang_rem_2, {N("1"), N("0")}), "error:badarith");
  EXPECT_EQ(call(erlang_rem_2, {int_neg(p.heap, pow2(64)), N("7")}), "-2");
  EXPECT_EQ(call(erlang_rem_2, {N("-7"), N("2")}), "-1");
  EXPECT_EQ(call(erlang_minus_1, {N("0.0")}), "-0.0");
  EXPECT_EQ(call(erlang_minus_2, {N("0.0"), N("0.0")}), "0.0");
  EXPECT_EQ(call(erlang_plus_2, {N("-0.0"), N("0")}), "0.0");
  EXPECT_EQ(call(erlang_minus_1, {N("-576460752303423488")}), "576460752303423488");
  EXPECT_EQ(call(erlang_minus_1, {A("a")}), "error:badarith");
  EXPECT_EQ(call(erlang_plus_1, {A("a")}), "error:badarith");
  EXPECT_EQ(call(erlang_plus_1, {pow2(70)}), "1180591620717411303424");
}

TEST_F(NumberBifs, BitwiseAndShifts) {
  EXPECT_EQ(call(erlang_band_2, {int_neg(p.heap, pow2(100)), N("65535")}), "0");
  EXPECT_EQ(call(erlang_bxor_2, {pow2(64), pow2(64)}), "0");
  EXPECT_EQ(call(erlang_bxor_2,
                 {int_sub(p.heap, int_neg(p.heap, pow2(100)), make_small(1)), pow2(99)}),
            "-1901475900342344102245054808065");
  EXPECT_EQ(call(erlang_bnot_1, {pow2(64)}), "-18446744073709551617");
  EXPECT_EQ(call(erlang_bnot_1, {int_neg(p.heap, pow2(64))}), "18446744073709551615");
  EXPECT_EQ(call(erlang_bnot_1, {N("1.0")}), "error:badarith");
  EXPECT_EQ(call(erlang_band_2, {N("1"), N("1.0")}), "error:badarith");
  EXPECT_EQ(call(erlang_bor_2, {A("a"), N("1")}), "error:badarith");
  EXPECT_EQ(call(erlang_bsr_2, {N("-5"), N("1")}), "-3");
  EXPECT_EQ(call(erlang_bsr_2, {N("1"), N("-3")}), "8");
  EXPECT_EQ(call(erlang_bsl_2, {N("-1"), N("70")}), "-1180591620717411303424");
  EXPECT_EQ(call(erlang_bsl_2, {N("1"), A("a")}), "error:badarith");
  EXPECT_EQ(call(erlang_bsl_2, {N("1.0"), N("1")}), "error:badarith");
  // shift amounts that are bignums (erl)
  Term huge = pow2(80), neg_huge = int_neg(p.heap, pow2(80));
  EXPECT_EQ(call(erlang_bsl_2, {N("0"), huge}), "0");
  EXPECT_EQ(call(erlang_bsl_2, {N("1"), huge}), "error:system_limit");
  EXPECT_EQ(call(erlang_bsr_2, {N("-1"), huge}), "-1");
  EXPECT_EQ(call(erlang_bsr_2, {N("5"), huge}), "0");
  EXPECT_EQ(call(erlang_bsl_2, {N("-5"), neg_huge}), "-1");
  EXPECT_EQ(call(erlang_bsl_2, {A("a"), neg_huge}), "error:badarith");
  EXPECT_EQ(call(erlang_bsr_2, {A("a"), huge}), "error:badarith");
  EXPECT_EQ(call(erlang_bsr_2, {pow2(100), neg_huge}), "error:system_limit");
  EXPECT_EQ(call(erlang_bsr_2, {N("0"), neg_huge}), "0");
  EXPECT_EQ(call(erlang_bsl_2, {pow2(100), N("-100")}), "1");
  EXPECT_EQ(call(erlang_bsr_2, {int_neg(p.heap, pow2(100)), N("1000")}), "-1");
  // erl: 1 bsl (64*524287) is system_limit, one bit less is fine
  EXPECT_EQ(call(erlang_bsl_2, {N("1"), N(std::to_string(64 * 524287))}), "error:system_limit");
  Term largest = arith_bsl(&p, make_small(1), make_small(64 * 524287 - 1));
  ASSERT_TRUE(is_value(largest));
  EXPECT_EQ(call(erlang_plus_2, {largest, largest}), "error:system_limit");
  EXPECT_EQ(call(erlang_times_2, {largest, N("2")}), "error:system_limit");
}

TEST_F(NumberBifs, InlineFastPathsAgreeWithBifs) {
  // the inline entry points must give the BIF's answer at every boundary
  const Sint edge[] = {0, 1, -1, 2, -2, 7, -7, 59, 60, 63, 64, MAX_SMALL, MIN_SMALL,
                       MAX_SMALL / 2, MIN_SMALL / 2, Sint(1) << 30, -(Sint(1) << 30)};
  for (Sint x : edge) {
    for (Sint y : edge) {
      Term a = make_small(x), b = make_small(y);
      auto same = [&](Term fast, Term slow) {
        if (!is_value(slow)) {
          EXPECT_FALSE(is_value(fast)) << x << " " << y;
        } else {
          ASSERT_TRUE(is_value(fast)) << x << " " << y;
          EXPECT_EQ(int_compare(fast, slow), 0) << x << " " << y;
        }
      };
      same(arith_add(&p, a, b), int_add(p.heap, a, b));
      same(arith_sub(&p, a, b), int_sub(p.heap, a, b));
      same(arith_mul(&p, a, b), int_mul(p.heap, a, b));
      same(arith_band(&p, a, b), int_band(p.heap, a, b));
      same(arith_bor(&p, a, b), int_bor(p.heap, a, b));
      same(arith_bxor(&p, a, b), int_bxor(p.heap, a, b));
      if (y != 0) {
        same(arith_intdiv(&p, a, b), int_div(p.heap, a, b));
        same(arith_rem(&p, a, b), int_rem(p.heap, a, b));
      }
      same(arith_bsl(&p, a, b), int_shift(p.heap, a, y));
      same(arith_bsr(&p, a, b), int_shift(p.heap, a, -y));
    }
    EXPECT_EQ(int_compare(arith_neg(&p, make_small(x)), int_neg(p.heap, make_small(x))), 0);
    EXPECT_EQ(int_compare(arith_bnot(&p, make_small(x)), int_bnot(p.heap, make_small(x))), 0);
  }
}

TEST_F(NumberBifs, RoundingAndFloat) {
  EXPECT_EQ(call(erlang_round_1, {N("2.5")}), "3");
  EXPECT_EQ(call(erlang_round_1, {N("-2.5")}), "-3");
  EXPECT_EQ(call(erlang_round_1, {N("0.49999999999999994")}), "0");
  EXPECT_EQ(call(erlang_round_1, {N("1.0e20")}), "100000000000000000000");
  EXPECT_EQ(call(erlang_round_1, {N("-0.5")}), "-1");
  EXPECT_EQ(call(erlang_trunc_1, {N("-0.9")}), "0");
  EXPECT_EQ(call(erlang_trunc_1, {N("-1.5e19")}), "-15000000000000000000");
  EXPECT_EQ(call(erlang_trunc_1, {N("5")}), "5");
  EXPECT_EQ(call(erlang_trunc_1, {A("a")}), "error:badarg");
  EXPECT_EQ(call(erlang_ceil_1, {N("-0.5")}), "0");
  EXPECT_EQ(call(erlang_ceil_1, {pow2(70)}), "1180591620717411303424");
  EXPECT_EQ(call(erlang_floor_1, {N("-0.5")}), "-1");
  EXPECT_EQ(call(erlang_float_1, {A("a")}), "error:badarg");
  EXPECT_EQ(call(erlang_float_1, {pow2(1023)}), "8.98846567431158e307");
  EXPECT_EQ(call(erlang_float_1, {int_sub(p.heap, pow2(1024), make_small(1))}), "error:badarg");
  EXPECT_EQ(call(erlang_float_1, {N("3")}), "3.0");
  EXPECT_EQ(call(erlang_abs_1, {N("-576460752303423488")}), "576460752303423488");
  EXPECT_EQ(call(erlang_abs_1, {N("-1.5")}), "1.5");
  EXPECT_EQ(call(erlang_abs_1, {N("-0.0")}), "-0.0");
  EXPECT_EQ(call(erlang_abs_1, {int_neg(p.heap, pow2(64))}), "18446744073709551616");
  EXPECT_EQ(call(erlang_abs_1, {A("a")}), "error:badarg");
}

TEST_F(NumberBifs, IntegerText) {
  EXPECT_EQ(call(erlang_integer_to_list_2, {N("255"), N("16")}), "[70,70]");
  EXPECT_EQ(call(erlang_integer_to_list_2, {N("-255"), N("16")}), "[45,70,70]");
  EXPECT_EQ(call(erlang_integer_to_list_1, {N("-0")}), "[48]");
  EXPECT_EQ(call(erlang_integer_to_list_1, {N("1.0")}), "error:badarg");
  EXPECT_EQ(call(erlang_integer_to_list_2, {N("1"), N("37")}), "error:badarg");
  EXPECT_EQ(call(erlang_integer_to_list_2, {N("1"), A("a")}), "error:badarg");
  EXPECT_EQ(call(erlang_integer_to_list_2, {N("10"), N("36.0")}), "error:badarg");
  EXPECT_EQ(call(erlang_integer_to_list_2, {N("5"), pow2(64)}), "error:badarg");
  EXPECT_EQ(call(erlang_integer_to_binary_2, {N("-255"), N("16")}), "<<45,70,70>>");
  // erl: integer_to_binary(-(1 bsl 70), 2) is <<"-1">> followed by 70 zeros
  std::string minus_one_and_zeros = "<<45,49";
  for (int i = 0; i < 70; i++) minus_one_and_zeros += ",48";
  EXPECT_EQ(call(erlang_integer_to_binary_2, {int_neg(p.heap, pow2(70)), N("2")}),
            minus_one_and_zeros + ">>");
  EXPECT_EQ(call(erlang_integer_to_binary_1, {N("1.0")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_integer_1, {str("+5")}), "5");
  EXPECT_EQ(call(erlang_list_to_integer_1, {str("-")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_integer_1, {str(" 5")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_integer_1, {str("")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_integer_1, {str("123456789012345678901234567890")}),
            "123456789012345678901234567890");
  EXPECT_EQ(call(erlang_list_to_integer_1, {make_cons(p.heap, make_small('1'), A("x"))}),
            "error:badarg");
  EXPECT_EQ(call(erlang_list_to_integer_1,
                 {make_cons(p.heap, make_small('1'), make_cons(p.heap, make_small(256), NIL))}),
            "error:badarg");
  EXPECT_EQ(call(erlang_list_to_integer_1, {A("a")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_integer_2, {str("-z"), N("36")}), "-35");
  EXPECT_EQ(call(erlang_list_to_integer_2, {str("0x10"), N("16")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_integer_2, {str("1"), N("1")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_integer_2, {str("10"), pow2(64)}), "error:badarg");
  EXPECT_EQ(call(erlang_binary_to_integer_1, {bin("-123456789012345678901234567890")}),
            "-123456789012345678901234567890");
  EXPECT_EQ(call(erlang_binary_to_integer_2, {bin("ff"), N("16")}), "255");
  EXPECT_EQ(call(erlang_binary_to_integer_2, {bin("12"), N("3")}), "5");
  EXPECT_EQ(call(erlang_binary_to_integer_1, {bin(std::string("15\0", 3))}), "error:badarg");
  uint8_t bits[] = {'1', 0x80};
  EXPECT_EQ(call(erlang_binary_to_integer_1, {new_bitstring(p.heap, bits, 0, 9)}),
            "error:badarg");
}

TEST_F(NumberBifs, FloatText) {
  auto text = [&](BifFn f, Term x, Term opts) {
    std::string r = call(f, {x, opts});
    return r;
  };
  Term f15 = N("1.5");
  auto opts = [&](std::initializer_list<Term> o) {
    std::vector<Term> v(o);
    return make_list_from(p.heap, v.data(), v.size());
  };
  auto tup = [&](const char* k, Sint v) { return make_tuple(p.heap, {A(k), make_integer(p.heap, v)}); };
  auto chars = [](const std::string& s) {
    std::string r = "[";
    for (size_t i = 0; i < s.size(); i++) r += (i ? "," : "") + std::to_string(int(uint8_t(s[i])));
    return r + "]";
  };
  EXPECT_EQ(call(erlang_float_to_list_1, {N("1.0")}), chars("1.00000000000000000000e+00"));
  EXPECT_EQ(call(erlang_float_to_list_1, {N("0.1")}), chars("1.00000000000000005551e-01"));
  EXPECT_EQ(call(erlang_float_to_list_1, {A("a")}), "error:badarg");
  EXPECT_EQ(call(erlang_float_to_list_1, {N("1")}), "error:badarg");
  // erl: option order and overrides
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("decimals", 2), tup("scientific", 3)})),
            chars("1.500e+00"));
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("scientific", 3), tup("decimals", 2)})),
            chars("1.50"));
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({A("short"), tup("decimals", 2)})), chars("1.50"));
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("decimals", 2), A("short")})), chars("1.5"));
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({A("compact")})),
            chars("1.50000000000000000000e+00"));
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("decimals", 2), A("compact"), tup("decimals", 0)})),
            chars("2"));
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("scientific", -1)})), chars("1.500000e+00"));
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("decimals", Sint(1) << 40)})), chars("2"));
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("decimals", (Sint(1) << 32) + 3)})),
            chars("1.500"));
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("scientific", (Sint(1) << 58) + 1)})),
            chars("1.5e+00"));
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("scientific", Sint(1) << 59)})), "error:badarg");
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("scientific", 250)})), "error:badarg");
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("decimals", 254)})), "error:badarg");
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({tup("decimals", -1)})), "error:badarg");
  EXPECT_EQ(text(erlang_float_to_list_2, f15, opts({A("foo")})), "error:badarg");
  EXPECT_EQ(text(erlang_float_to_list_2, f15, A("x")), "error:badarg");
  EXPECT_EQ(text(erlang_float_to_list_2, f15, make_cons(p.heap, tup("decimals", 2), A("x"))),
            "error:badarg");
  EXPECT_EQ(text(erlang_float_to_list_2, f15,
                 opts({make_tuple(p.heap, {A("decimals"), N("1.0")})})),
            "error:badarg");
  EXPECT_EQ(text(erlang_float_to_list_2, N("1.0e300"), opts({tup("decimals", 1)})), "error:badarg");
  EXPECT_EQ(text(erlang_float_to_binary_2, f15, opts({tup("decimals", 2)})), "<<49,46,53,48>>");
  EXPECT_EQ(call(erlang_float_to_binary_1, {N("1.0")}).substr(0, 11), "<<49,46,48,");
}

TEST_F(NumberBifs, TextToFloat) {
  EXPECT_EQ(call(erlang_list_to_float_1, {str("1.0E+05")}), "1.0e5");
  EXPECT_EQ(call(erlang_list_to_float_1, {str("1,5")}), "1.5");
  EXPECT_EQ(call(erlang_list_to_float_1, {str("1")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_float_1, {str("1.e5")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_float_1, {str(".5")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_float_1, {str("1.0e309")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_float_1, {A("a")}), "error:badarg");
  EXPECT_EQ(call(erlang_list_to_float_1, {str(std::string("1.5\0x", 5))}), "1.5");
  EXPECT_EQ(call(erlang_list_to_float_1,
                 {make_cons(p.heap, make_small('1'),
                            make_cons(p.heap, make_small('.'),
                                      make_cons(p.heap, make_small(256), NIL)))}),
            "error:badarg");
  EXPECT_EQ(call(erlang_binary_to_float_1, {bin("1.5")}), "1.5");
  EXPECT_EQ(call(erlang_binary_to_float_1, {bin(std::string("1.5\0xy", 6))}), "1.5");
  EXPECT_EQ(call(erlang_binary_to_float_1, {bin("")}), "error:badarg");
  uint8_t bits[] = {'1', '.', '5', 0x80};
  EXPECT_EQ(call(erlang_binary_to_float_1, {new_bitstring(p.heap, bits, 0, 25)}), "error:badarg");
}

struct Math1Case {
  const char *fn, *arg, *result;
};
const Math1Case math1_cases[] = {
#define MATH1_VECTORS
#include "math_vectors.inc"
#undef MATH1_VECTORS
};

struct Math2Case {
  const char *fn, *a, *b, *result;
};
const Math2Case math2_cases[] = {
#define MATH2_VECTORS
#include "math_vectors.inc"
#undef MATH2_VECTORS
};

// math:F/A through the BIF table, as the runtime finds it.
BifFn math_bif(const char* fn, unsigned arity) {
  for (unsigned i = 0; i < bif_table_size; i++) {
    const BifEntry& e = bif_table[i];
    if (std::strcmp(e.module, "math") == 0 && std::strcmp(e.function, fn) == 0 && e.arity == arity) {
      return e.fn;
    }
  }
  return nullptr;
}

TEST_F(NumberBifs, MathMatchesErl) {
  auto check = [&](Term r, const char* expected, const std::string& what) {
    if (!is_value(r)) {
      EXPECT_EQ(term_to_text(p.exc_reason), expected) << what;
      return;
    }
    ASSERT_TRUE(is_float(r)) << what;
    EXPECT_EQ(std::to_string(std::bit_cast<uint64_t>(float_value(r))), expected) << what;
  };
  for (const Math1Case& c : math1_cases) {
    BifFn f = math_bif(c.fn, 1);
    ASSERT_NE(f, nullptr) << c.fn;
    Term arg = N(c.arg);
    check(f(&p, &arg), c.result, std::string(c.fn) + "(" + c.arg + ")");
  }
  for (const Math2Case& c : math2_cases) {
    BifFn f = math_bif(c.fn, 2);
    ASSERT_NE(f, nullptr) << c.fn;
    Term args[2] = {N(c.a), N(c.b)};
    check(f(&p, args), c.result, std::string(c.fn) + "(" + c.a + "," + c.b + ")");
  }
  // erl: non-numbers are badarg, checked left to right; pi/0 is no BIF
  EXPECT_EQ(call(math_sqrt_1, {A("a")}), "error:badarg");
  EXPECT_EQ(call(math_pow_2, {A("a"), N("1")}), "error:badarg");
  EXPECT_EQ(call(math_pow_2, {pow2(2000), A("a")}), "error:badarith");
  EXPECT_EQ(call(math_pow_2, {A("a"), pow2(2000)}), "error:badarg");
  EXPECT_EQ(call(math_sqrt_1, {N("-0.0")}), "-0.0");
  EXPECT_EQ(math_bif("pi", 0), nullptr);
}

}  // namespace
}  // namespace girder
