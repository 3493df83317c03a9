// Integer arithmetic against outputs of erl (OTP 25). The tables in
// bignum_vectors.inc were produced by evaluating each operation in erl on
// a set of values around the small/bignum boundaries; the other expected
// values below were also taken from erl.
#include <gtest/gtest.h>

#include <bit>
#include <chrono>
#include <cstring>
#include <string>

#include "term/bignum.h"

namespace girder {
namespace {

Term num(Heap& h, const std::string& s) {
  Term t = int_from_string(h, s.data(), s.size(), 10);
  EXPECT_TRUE(is_value(t)) << s;
  return t;
}

std::string text(Term t) { return is_value(t) ? int_to_string(t, 10) : "system_limit"; }

// Every integer the functions return must be normalised: a small when it
// fits, otherwise a bignum with a non-zero top limb.
void expect_normal(Term t) {
  if (!is_value(t) || is_small(t)) return;
  ASSERT_TRUE(is_big(t));
  Uint n = big_size(t);
  ASSERT_GT(n, 0u);
  EXPECT_NE(big_limbs(t)[n - 1], 0u);
  if (n == 1) {
    Uint m = big_limbs(t)[0];
    EXPECT_TRUE(big_is_neg(t) ? m > Uint(MAX_SMALL) + 1 : m > Uint(MAX_SMALL)) << m;
  }
}

struct PairCase {
  const char *a, *b, *sum, *diff, *prod, *quot, *rem, *band, *bor, *bxor;
};
const PairCase pair_cases[] = {
#define BIGNUM_PAIR_VECTORS
#include "bignum_vectors.inc"
#undef BIGNUM_PAIR_VECTORS
};

TEST(Bignum, PairOperationsMatchErl) {
  Heap h;
  for (const PairCase& c : pair_cases) {
    Term a = num(h, c.a), b = num(h, c.b);
    SCOPED_TRACE(std::string(c.a) + " op " + c.b);
    Term r[] = {int_add(h, a, b),  int_sub(h, a, b),  int_mul(h, a, b),
                int_band(h, a, b), int_bor(h, a, b),  int_bxor(h, a, b)};
    for (Term t : r) expect_normal(t);
    EXPECT_EQ(text(r[0]), c.sum);
    EXPECT_EQ(text(r[1]), c.diff);
    EXPECT_EQ(text(r[2]), c.prod);
    EXPECT_EQ(text(r[3]), c.band);
    EXPECT_EQ(text(r[4]), c.bor);
    EXPECT_EQ(text(r[5]), c.bxor);
    if (int_is_zero(b)) {
      EXPECT_STREQ(c.quot, "badarith");
      continue;
    }
    Term q = int_div(h, a, b), m = int_rem(h, a, b);
    expect_normal(q);
    expect_normal(m);
    EXPECT_EQ(text(q), c.quot);
    EXPECT_EQ(text(m), c.rem);
  }
}

struct ShiftCase {
  const char* a;
  Sint n;
  const char* result;
};
const ShiftCase shift_cases[] = {
#define BIGNUM_SHIFT_VECTORS
#include "bignum_vectors.inc"
#undef BIGNUM_SHIFT_VECTORS
};

TEST(Bignum, ShiftsMatchErl) {
  Heap h;
  for (const ShiftCase& c : shift_cases) {
    Term r = int_shift(h, num(h, c.a), c.n);
    expect_normal(r);
    EXPECT_EQ(text(r), c.result) << c.a << " bsl " << c.n;
  }
}

struct UnaryCase {
  const char *a, *neg, *bnot, *abs;
  uint64_t float_bits;
};
const UnaryCase unary_cases[] = {
#define BIGNUM_UNARY_VECTORS
#include "bignum_vectors.inc"
#undef BIGNUM_UNARY_VECTORS
};

TEST(Bignum, UnaryOperationsMatchErl) {
  Heap h;
  for (const UnaryCase& c : unary_cases) {
    Term a = num(h, c.a);
    EXPECT_EQ(text(int_neg(h, a)), c.neg);
    EXPECT_EQ(text(int_bnot(h, a)), c.bnot);
    EXPECT_EQ(text(int_sign(a) < 0 ? int_neg(h, a) : a), c.abs);
    double d = -1;
    ASSERT_TRUE(int_to_double(a, &d));
    EXPECT_EQ(std::bit_cast<uint64_t>(d), c.float_bits) << c.a;
  }
}

struct BaseCase {
  const char *a, *base2, *base7, *base16, *base36;
};
const BaseCase base_cases[] = {
#define BIGNUM_BASE_VECTORS
#include "bignum_vectors.inc"
#undef BIGNUM_BASE_VECTORS
};

TEST(Bignum, TextInBasesMatchesErl) {
  Heap h;
  for (const BaseCase& c : base_cases) {
    Term a = num(h, c.a);
    EXPECT_EQ(int_to_string(a, 2), c.base2);
    EXPECT_EQ(int_to_string(a, 7), c.base7);
    EXPECT_EQ(int_to_string(a, 16), c.base16);
    EXPECT_EQ(int_to_string(a, 36), c.base36);
    // and back, in either letter case
    std::string lower = c.base36;
    for (char& ch : lower) ch = char(std::tolower(ch));
    EXPECT_EQ(int_compare(int_from_string(h, lower.data(), lower.size(), 36), a), 0);
    EXPECT_EQ(int_compare(int_from_string(h, c.base2, std::strlen(c.base2), 2), a), 0);
  }
}

TEST(Bignum, ParsesErlangIntegerSyntaxOnly) {
  Heap h;
  auto parse = [&](const char* s, int base) {
    Term t = int_from_string(h, s, std::strlen(s), base);
    return is_value(t) ? int_to_string(t, 10) : std::string("badarg");
  };
  EXPECT_EQ(parse("+5", 10), "5");
  EXPECT_EQ(parse("-0", 10), "0");
  EXPECT_EQ(parse("00012", 10), "12");
  EXPECT_EQ(parse("-FF", 16), "-255");
  EXPECT_EQ(parse("z", 36), "35");
  EXPECT_EQ(parse("12", 3), "5");
  EXPECT_EQ(parse("-", 10), "badarg");
  EXPECT_EQ(parse("+", 10), "badarg");
  EXPECT_EQ(parse("", 10), "badarg");
  EXPECT_EQ(parse(" 5", 10), "badarg");
  EXPECT_EQ(parse("5 ", 10), "badarg");
  EXPECT_EQ(parse("0x10", 16), "badarg");
  EXPECT_EQ(parse("2", 2), "badarg");
  EXPECT_EQ(parse("1_000", 10), "badarg");
  EXPECT_EQ(parse("123456789012345678901234567890", 10), "123456789012345678901234567890");
  EXPECT_EQ(parse("-000000000000000000000000000000000000000001", 10), "-1");
}

TEST(Bignum, FloatConversionRoundsLikeErts) {
  Heap h;
  // float(2^128 + 2^75 + 1) is exactly 2^128 in ERTS (limb-by-limb
  // accumulation), not the correctly rounded 2^128 + 2^76.
  Term x = int_add(h, int_add(h, int_shift(h, make_small(1), 128), int_shift(h, make_small(1), 75)),
                   make_small(1));
  double d;
  ASSERT_TRUE(int_to_double(x, &d));
  EXPECT_EQ(d, 340282366920938463463374607431768211456.0);
  // ... while comparison stays exact: X > float(2^128), X =/= it
  EXPECT_EQ(int_compare_double(x, d), 1);
  // float((1 bsl 1024) - 1) is badarg in erl: out of range
  Term too_big = int_sub(h, int_shift(h, make_small(1), 1024), make_small(1));
  EXPECT_FALSE(int_to_double(too_big, &d));
  ASSERT_TRUE(int_to_double(int_shift(h, make_small(1), 1023), &d));
  EXPECT_EQ(d, 8.98846567431158e307);
}

TEST(Bignum, CompareWithDoubleIsExact) {
  Heap h;
  Term two53p1 = int_add(h, int_shift(h, make_small(1), 53), make_small(1));
  EXPECT_EQ(int_compare_double(two53p1, 9007199254740992.0), 1);  // erl: true for >
  Term m64 = int_neg(h, int_shift(h, make_small(1), 64));
  EXPECT_EQ(int_compare_double(m64, -1.8446744073709552e19), 0);  // erl: ==
  EXPECT_EQ(int_compare_double(make_small(1), 1.5), -1);
  EXPECT_EQ(int_compare_double(make_small(-1), -1.5), 1);
  EXPECT_EQ(int_compare_double(make_small(0), -0.0), 0);
  EXPECT_EQ(int_compare_double(make_small(3), 3.0), 0);
  EXPECT_EQ(int_compare_double(int_shift(h, make_small(1), 2000), 1.7976931348623157e308), 1);
  EXPECT_EQ(int_compare_double(int_neg(h, int_shift(h, make_small(1), 2000)), -1.0e308), -1);
  EXPECT_EQ(int_compare_double(m64, -1.8446744073709552e19 - 4096.0), 1);
}

TEST(Bignum, DoubleToIntTruncates) {
  Heap h;
  EXPECT_EQ(text(double_to_int(h, 1.0e300)),
            "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786"
            "3713750804478640437044438328838781769425232353604305756447921847867069828483872009265"
            "7580373783023379478809005936895323497079994508111903896764088007465274278014249457925"
            "8788820056842838115669472196386865459400540160");
  EXPECT_EQ(text(double_to_int(h, -1.5e19)), "-15000000000000000000");
  EXPECT_EQ(text(double_to_int(h, -0.9)), "0");
  EXPECT_EQ(text(double_to_int(h, 2.5)), "2");
  EXPECT_EQ(text(double_to_int(h, -9223372036854775808.0)), "-9223372036854775808");
  expect_normal(double_to_int(h, 5.0e18));
}

TEST(Bignum, SizeLimitIsSystemLimit) {
  Heap h;
  // erl: the largest integer has 524287 limbs; 1 bsl (64*524287-1) is fine,
  // 1 bsl (64*524287) is system_limit, and so are sums that grow past it.
  Term max_pow = int_shift(h, make_small(1), 64 * 524287 - 1);
  ASSERT_TRUE(is_value(max_pow));
  EXPECT_EQ(big_size(max_pow), 524287u);
  EXPECT_FALSE(is_value(int_shift(h, make_small(1), 64 * 524287)));
  EXPECT_FALSE(is_value(int_shift(h, make_small(1), Sint(1) << 58)));
  EXPECT_FALSE(is_value(int_add(h, max_pow, max_pow)));
  EXPECT_FALSE(is_value(int_sub(h, int_neg(h, max_pow), max_pow)));
  EXPECT_FALSE(is_value(int_mul(h, max_pow, make_small(2))));
  // all ones in 524287 limbs is the largest integer; bnot of it is
  // -(2^(64*524287)), one limb too many
  Term all_ones = int_add(h, max_pow, int_sub(h, max_pow, make_small(1)));
  ASSERT_TRUE(is_value(all_ones));
  EXPECT_FALSE(is_value(int_bnot(h, all_ones)));
  EXPECT_FALSE(is_value(int_sub(h, int_neg(h, all_ones), make_small(1))));
  EXPECT_TRUE(is_value(int_bnot(h, int_neg(h, all_ones))));
  // a product that lands exactly on the limit is allowed (erl: 524287 words)
  Term a = int_shift(h, make_small(1), 64 * 262143);
  Term c = int_shift(h, make_small(1), 64 * 262143 + 63);
  Term ac = int_mul(h, a, c);
  ASSERT_TRUE(is_value(ac));
  EXPECT_EQ(big_size(ac), 524287u);
  EXPECT_FALSE(is_value(int_mul(h, ac, ac)));
  // shifting 0 never overflows; shifting right by a lot gives 0 or -1
  EXPECT_EQ(int_shift(h, make_small(0), Sint(1) << 58), make_small(0));
  EXPECT_EQ(int_shift(h, max_pow, -(Sint(1) << 58)), make_small(0));
  EXPECT_EQ(int_shift(h, int_neg(h, max_pow), INT64_MIN), make_small(-1));
}

TEST(Bignum, LargeTextIsFastAndExact) {
  Heap h;
  // 3^200000 by squaring; erl: 95425 digits, starting 17821486768123181469
  // and ending 12833823731044000001.
  Term r = make_small(1), b = make_small(3);
  for (unsigned e = 200000; e != 0; e >>= 1) {
    if (e & 1) r = int_mul(h, r, b);
    if (e > 1) b = int_mul(h, b, b);
  }
  auto t0 = std::chrono::steady_clock::now();
  std::string s = int_to_string(r, 10);
  Term back = int_from_string(h, s.data(), s.size(), 10);
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(s.size(), 95425u);
  EXPECT_EQ(s.substr(0, 20), "17821486768123181469");
  EXPECT_EQ(s.substr(s.size() - 20), "12833823731044000001");
  EXPECT_EQ(int_compare(back, r), 0);
  // quadratic conversion would take seconds; this is not a timing test,
  // only a guard against an accidentally quadratic algorithm
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 5);
}

TEST(Bignum, SmallBoundaryNormalisation) {
  Heap h;
  Term max_small = make_small(MAX_SMALL);
  Term over = int_add(h, max_small, make_small(1));
  ASSERT_TRUE(is_big(over));
  EXPECT_EQ(int_sub(h, over, make_small(1)), max_small);
  Term min_small = make_small(MIN_SMALL);
  Term neg_over = int_neg(h, min_small);  // 2^59 is a bignum
  ASSERT_TRUE(is_big(neg_over));
  EXPECT_EQ(int_neg(h, neg_over), min_small);  // -(2^59) is a small again
  EXPECT_EQ(text(int_div(h, min_small, make_small(-1))), "576460752303423488");
  Term big = num(h, "100000000000000000000000");
  EXPECT_EQ(int_sub(h, big, big), make_small(0));
  EXPECT_EQ(int_div(h, big, num(h, "1000000000000000000000")), make_small(100));
  Sint v;
  EXPECT_TRUE(int_to_sint(num(h, "-9223372036854775808"), &v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(int_to_sint(num(h, "9223372036854775808"), &v));
  Uint u;
  EXPECT_TRUE(int_to_uint(num(h, "18446744073709551615"), &u));
  EXPECT_EQ(u, ~Uint(0));
  EXPECT_FALSE(int_to_uint(make_small(-1), &u));
  EXPECT_FALSE(int_to_uint(num(h, "18446744073709551616"), &u));
}

TEST(Bignum, BitLength) {
  Heap h;
  EXPECT_EQ(int_bit_length(make_small(0)), 0u);
  EXPECT_EQ(int_bit_length(make_small(5)), 3u);
  EXPECT_EQ(int_bit_length(make_small(-1)), 0u);
  EXPECT_EQ(int_bit_length(make_small(-5)), 3u);
  EXPECT_EQ(int_bit_length(make_small(-4)), 2u);
  EXPECT_EQ(int_bit_length(int_shift(h, make_small(1), 100)), 101u);
  EXPECT_EQ(int_bit_length(int_neg(h, int_shift(h, make_small(1), 100))), 100u);
  EXPECT_EQ(int_bit_length(int_sub(h, make_small(-1), int_shift(h, make_small(1), 100))), 101u);
}

TEST(Bignum, BytesMatchErlBinaries) {
  Heap h;
  Term m70 = int_neg(h, int_shift(h, make_small(1), 70));
  uint8_t buf[16];
  // erl: binary_to_list(<<(-(1 bsl 70)):80>>)
  int_to_bytes(m70, buf, 80, false);
  const uint8_t big_endian[] = {255, 192, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(std::memcmp(buf, big_endian, 10), 0);
  int_to_bytes(m70, buf, 80, true);
  const uint8_t little_endian[] = {0, 0, 0, 0, 0, 0, 0, 0, 192, 255};
  EXPECT_EQ(std::memcmp(buf, little_endian, 10), 0);
  EXPECT_EQ(int_compare(int_from_bytes(h, big_endian, 80, false, true), m70), 0);
  EXPECT_EQ(text(int_from_bytes(h, big_endian, 80, false, false)), "1207745227993911763402752");
  // erl: binary_to_list(<<16#123456789ABCDEF0123:72>>)
  Term v = int_from_string(h, "123456789ABCDEF0123", 19, 16);
  int_to_bytes(v, buf, 72, false);
  const uint8_t v72[] = {35, 69, 103, 137, 171, 205, 239, 1, 35};
  EXPECT_EQ(std::memcmp(buf, v72, 9), 0);
  // erl: <<Y:72/little-signed>> = <<255,...,255,127>> and <<1,0,...,0,128>>
  const uint8_t le1[] = {255, 255, 255, 255, 255, 255, 255, 255, 127};
  const uint8_t le2[] = {1, 0, 0, 0, 0, 0, 0, 0, 128};
  EXPECT_EQ(text(int_from_bytes(h, le1, 72, true, true)), "2361183241434822606847");
  EXPECT_EQ(text(int_from_bytes(h, le2, 72, true, true)), "-2361183241434822606847");
  // a partial byte holds the high bits in its low part (first byte for big
  // endian): -2 in 12 bits is 0xFFE
  int_to_bytes(make_small(-2), buf, 12, false);
  EXPECT_EQ(buf[0], 0x0F);
  EXPECT_EQ(buf[1], 0xFE);
  EXPECT_EQ(int_from_bytes(h, buf, 12, false, true), make_small(-2));
  EXPECT_EQ(int_from_bytes(h, buf, 12, false, false), make_small(4094));
  int_to_bytes(make_small(-2), buf, 12, true);
  EXPECT_EQ(buf[0], 0xFE);
  EXPECT_EQ(buf[1], 0x0F);
  EXPECT_EQ(int_from_bytes(h, buf, 12, true, true), make_small(-2));
  EXPECT_EQ(int_from_bytes(h, buf, 0, true, true), make_small(0));
}

}  // namespace
}  // namespace girder
