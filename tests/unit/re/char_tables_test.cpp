// The character tables (re/char_tables.h): the layout is PCRE2's, and the
// Latin-1 classes are ERTS's.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "re/char_tables.h"

#include <gtest/gtest.h>
#include <pcre2.h>

#include <clocale>
#include <cstring>

namespace girder::re {
namespace {

bool in_class(const uint8_t* t, int cls, int c) {
  return (t[TABLE_CLASS_BITS + 32 * cls + c / 8] >> (c % 8)) & 1;
}

// Built for ASCII, the tables are byte for byte what PCRE2 makes for the
// C locale: the layout Girder writes is the one PCRE2 reads.
TEST(CharTables, AsciiTablesEqualPcre2sForTheCLocale) {
  std::setlocale(LC_CTYPE, "C");
  const uint8_t* theirs = pcre2_maketables(nullptr);
  ASSERT_NE(theirs, nullptr);
  uint8_t ours[TABLES_LENGTH];
  build_char_tables(Charset::ascii, ours);
  for (size_t i = 0; i < TABLES_LENGTH; i++) EXPECT_EQ(ours[i], theirs[i]) << "byte " << i;
  pcre2_maketables_free(nullptr, theirs);
}

TEST(CharTables, Latin1LettersHaveTheirCases) {
  const uint8_t* t = latin1_tables();
  EXPECT_EQ(t[TABLE_LOWER + 0xC9], 0xE9);  // É -> é
  EXPECT_EQ(t[TABLE_FLIP + 0xE9], 0xC9);
  EXPECT_EQ(t[TABLE_FLIP + 0xDF], 0xDF);  // ß has no upper case here
  EXPECT_EQ(t[TABLE_FLIP + 0xFF], 0xFF);  // nor ÿ
  EXPECT_EQ(t[TABLE_FLIP + 0xD7], 0xD7);  // × is no letter
  EXPECT_EQ(t[TABLE_LOWER + 'A'], 'a');
}

TEST(CharTables, Latin1ClassesAreErtss) {
  const uint8_t* t = latin1_tables();
  enum { space, xdigit, digit, upper, lower, word, graph, print, punct, cntrl };
  EXPECT_TRUE(in_class(t, word, 0xE9));
  EXPECT_TRUE(in_class(t, lower, 0xAA));   // ª
  EXPECT_TRUE(in_class(t, lower, 0xB5));   // µ
  EXPECT_TRUE(in_class(t, upper, 0xC0));
  EXPECT_FALSE(in_class(t, word, 0xD7));   // ×
  EXPECT_TRUE(in_class(t, punct, 0xF7));   // ÷
  EXPECT_TRUE(in_class(t, punct, 0xA0));   // no-break space
  EXPECT_FALSE(in_class(t, space, 0xA0));
  EXPECT_TRUE(in_class(t, cntrl, 0x85));
  EXPECT_FALSE(in_class(t, print, 0x85));
  EXPECT_TRUE(in_class(t, space, 0x0B));   // VT is \s, as in PCRE 8.34+
  EXPECT_EQ(t[TABLE_CTYPES + 0xE9], 0x16);  // letter, lower case, word
  EXPECT_EQ(t[TABLE_CTYPES + 0xA0], 0x00);
}

}  // namespace
}  // namespace girder::re
