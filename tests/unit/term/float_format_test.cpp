// Float text against erl (OTP 25): float_vectors.inc holds float_to_list/1,2
// outputs of erl for doubles given by bit pattern.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <string>

#include "term/float_format.h"

namespace girder {
namespace {

struct FormatCase {
  uint64_t bits;
  const char *def, *shortest, *dec0, *dec2, *dec2c, *dec5, *dec18c, *dec20, *dec20c, *dec0c,
      *sci0, *sci3, *sci17;
};
const FormatCase format_cases[] = {
#define FLOAT_FORMAT_VECTORS
#include "float_vectors.inc"
#undef FLOAT_FORMAT_VECTORS
};

TEST(FloatFormat, AllOptionsMatchErl) {
  for (const FormatCase& c : format_cases) {
    double d = std::bit_cast<double>(c.bits);
    SCOPED_TRACE(c.shortest);
    EXPECT_EQ(float_to_text_default(d), c.def);
    EXPECT_EQ(float_to_text_short(d), c.shortest);
    EXPECT_EQ(float_to_text_decimals(d, 0, false), c.dec0);
    EXPECT_EQ(float_to_text_decimals(d, 2, false), c.dec2);
    EXPECT_EQ(float_to_text_decimals(d, 2, true), c.dec2c);
    EXPECT_EQ(float_to_text_decimals(d, 5, false), c.dec5);
    EXPECT_EQ(float_to_text_decimals(d, 18, true), c.dec18c);
    EXPECT_EQ(float_to_text_decimals(d, 20, false), c.dec20);
    EXPECT_EQ(float_to_text_decimals(d, 20, true), c.dec20c);
    EXPECT_EQ(float_to_text_decimals(d, 0, true), c.dec0c);
    EXPECT_EQ(float_to_text_scientific(d, 0), c.sci0);
    EXPECT_EQ(float_to_text_scientific(d, 3), c.sci3);
    EXPECT_EQ(float_to_text_scientific(d, 17), c.sci17);
  }
}

struct ShortCase {
  uint64_t bits;
  const char* text;
};
const ShortCase short_cases[] = {
#define FLOAT_SHORT_VECTORS
#include "float_vectors.inc"
#undef FLOAT_SHORT_VECTORS
};

TEST(FloatFormat, ShortFormMatchesErlAcrossMagnitudes) {
  for (const ShortCase& c : short_cases) {
    EXPECT_EQ(float_to_text_short(std::bit_cast<double>(c.bits)), c.text) << c.bits;
  }
}

TEST(FloatFormat, ShortFormSwitchPoints) {
  // erl: float_to_list(F, [short]) around the plain/exponent switches
  EXPECT_EQ(float_to_text_short(1.0e15), "1.0e15");
  EXPECT_EQ(float_to_text_short(1.0e16), "1.0e16");
  EXPECT_EQ(float_to_text_short(1.0e-4), "0.0001");
  EXPECT_EQ(float_to_text_short(1.0e-5), "1.0e-5");
  EXPECT_EQ(float_to_text_short(100.0), "100.0");
  EXPECT_EQ(float_to_text_short(1000.0), "1.0e3");
  EXPECT_EQ(float_to_text_short(1.0e10), "1.0e10");
  EXPECT_EQ(float_to_text_short(12345678900.0), "12345678900.0");
  EXPECT_EQ(float_to_text_short(123456789000.0), "1.23456789e11");
  EXPECT_EQ(float_to_text_short(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(float_to_text_short(9007199254740991.0), "9007199254740991.0");
  EXPECT_EQ(float_to_text_short(9007199254740992.0), "9.007199254740992e15");
  EXPECT_EQ(float_to_text_short(9007199254740900.0), "9007199254740900.0");
  EXPECT_EQ(float_to_text_short(123456789012345680.0), "1.2345678901234568e17");
  EXPECT_EQ(float_to_text_short(0.0012), "0.0012");
  EXPECT_EQ(float_to_text_short(0.00012), "1.2e-4");
  EXPECT_EQ(float_to_text_short(1110.0), "1110.0");
  EXPECT_EQ(float_to_text_short(1.1e3), "1.1e3");
  EXPECT_EQ(float_to_text_short(-0.0), "-0.0");
  EXPECT_EQ(float_to_text_short(0.1 + 0.2), "0.30000000000000004");
}

TEST(FloatFormat, RefusalsAreEmpty) {
  // erl: badarg for negative decimals, {decimals,254}, {scientific,250} and
  // texts of 256 characters or more
  EXPECT_EQ(float_to_text_decimals(1.5, -1, false), "");
  EXPECT_EQ(float_to_text_decimals(1.5, 254, false), "");
  EXPECT_EQ(float_to_text_decimals(1.5, 253, false).size(), 255u);
  EXPECT_EQ(float_to_text_decimals(1.5, 253, true), "1.5");
  EXPECT_EQ(float_to_text_decimals(1.0e300, 1, false), "");
  EXPECT_EQ(float_to_text_decimals(1.0e252, 2, false), "");
  EXPECT_EQ(float_to_text_decimals(1.0e252, 1, false).size(), 255u);
  EXPECT_EQ(float_to_text_scientific(1.5, 250), "");
  EXPECT_EQ(float_to_text_scientific(1.5, 249).size(), 255u);
  EXPECT_EQ(float_to_text_scientific(1.0e100, 249), "");
  // a negative precision is printf's default of 6 digits
  EXPECT_EQ(float_to_text_scientific(1.5, -1), "1.500000e+00");
}

TEST(FloatFormat, DecimalsRoundHalfAwayInFloatingPoint) {
  // erl: float_to_list(F, [{decimals, D}])
  EXPECT_EQ(float_to_text_decimals(0.1249, 2, false), "0.12");
  EXPECT_EQ(float_to_text_decimals(0.1245, 2, false), "0.12");
  EXPECT_EQ(float_to_text_decimals(0.125, 2, false), "0.13");
  EXPECT_EQ(float_to_text_decimals(2.5, 0, false), "3");
  EXPECT_EQ(float_to_text_decimals(-0.5, 0, false), "-1");
  EXPECT_EQ(float_to_text_decimals(-0.4, 0, false), "-0");
  EXPECT_EQ(float_to_text_decimals(-1.0e-11, 2, true), "-0.0");
  EXPECT_EQ(float_to_text_decimals(123.456, 18, false), "123.456000000000003072");
  EXPECT_EQ(float_to_text_decimals(0.1, 19, false), "0.1000000000000000056");
  EXPECT_EQ(float_to_text_decimals(1.0e20, 0, true), "1");
  EXPECT_EQ(float_to_text_decimals(1.0e20, 1, true), "100000000000000000000.0");
}

TEST(FloatFormat, ReadsErlangFloatSyntaxOnly) {
  auto read = [](const char* s) -> std::string {
    double d;
    if (!text_to_float(s, std::strlen(s), &d)) return "badarg";
    return float_to_text_short(d);
  };
  // erl: list_to_float/1
  EXPECT_EQ(read("1.0e5"), "1.0e5");
  EXPECT_EQ(read("1.0E+05"), "1.0e5");
  EXPECT_EQ(read("1,5"), "1.5");
  EXPECT_EQ(read("+1.5"), "1.5");
  EXPECT_EQ(read("-1.5"), "-1.5");
  EXPECT_EQ(read("01.50"), "1.5");
  EXPECT_EQ(read("1.5e-0"), "1.5");
  EXPECT_EQ(read("-0.0"), "-0.0");
  EXPECT_EQ(read("1.0e-320"), "1.0e-320");
  EXPECT_EQ(read("1.0e-400"), "0.0");
  EXPECT_EQ(read("-1.0e-400"), "-0.0");
  EXPECT_EQ(read("2.4e-324"), "0.0");
  EXPECT_EQ(read("2.5e-324"), "5.0e-324");
  EXPECT_EQ(read("1.7976931348623158e308"), "1.7976931348623157e308");
  EXPECT_EQ(read("1.0e0000000000000000000000001"), "10.0");
  EXPECT_EQ(read("1.0e-99999999999999999999999"), "0.0");
  EXPECT_EQ(read("1"), "badarg");
  EXPECT_EQ(read("1.e5"), "badarg");
  EXPECT_EQ(read(".5"), "badarg");
  EXPECT_EQ(read("1.5e"), "badarg");
  EXPECT_EQ(read("1.5e+"), "badarg");
  EXPECT_EQ(read("1.0e309"), "badarg");
  EXPECT_EQ(read("1.7976931348623159e308"), "badarg");
  EXPECT_EQ(read("1.0e99999999999999999999999"), "badarg");
  EXPECT_EQ(read(" 1.0"), "badarg");
  EXPECT_EQ(read("1.0 "), "badarg");
  EXPECT_EQ(read("1..5"), "badarg");
  EXPECT_EQ(read("1.5x"), "badarg");
  EXPECT_EQ(read(""), "badarg");
  // erl: binary_to_float(<<"1.5",0,"xy">>) is 1.5: a NUL ends the text
  double d = 0;
  EXPECT_TRUE(text_to_float("1.5\0xy", 6, &d));
  EXPECT_EQ(d, 1.5);
}

}  // namespace
}  // namespace girder
