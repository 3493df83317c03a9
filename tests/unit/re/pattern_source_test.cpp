// PCRE 8 syntax turned into PCRE2's (re/pattern_source.h).
#include "re/pattern_source.h"

#include <gtest/gtest.h>

namespace girder::re {
namespace {

std::string tr(std::string_view s, bool extended = false) { return TranslatedPattern(s, extended).text(); }

TEST(PatternSource, StopsAtNul) { EXPECT_EQ(tr(std::string_view("a(\0b", 4)), "a("); }

TEST(PatternSource, UnknownEscapesBecomeLetters) {
  EXPECT_EQ(tr("a\\ib\\y"), "aiby");
  EXPECT_EQ(tr("\\d\\w\\b\\B"), "\\d\\w\\b\\B");  // known ones stay
  EXPECT_EQ(tr("[\\B\\R\\X\\i]"), "[BRXi]");
}

TEST(PatternSource, AssertionsInClassesAreLetters) {
  EXPECT_EQ(tr("[\\z\\C\\A\\G\\K\\Z]"), "[zCAGKZ]");
  EXPECT_EQ(tr("\\z\\C"), "\\z\\C");  // outside a class they are what they are
}

TEST(PatternSource, EightAndNineAreDigitsWithoutThatManyGroups) {
  EXPECT_EQ(tr("a\\8b\\9"), "a8b9");
  EXPECT_EQ(tr("(a)(b)(c)(d)(e)(f)(g)(h)\\8\\9"), "(a)(b)(c)(d)(e)(f)(g)(h)\\89");
  EXPECT_EQ(tr("(?<n>a)(?:b)(?'m'c)(?P<o>d)(e)(f)(g)(h)\\8"), "(?<n>a)(?:b)(?'m'c)(?P<o>d)(e)(f)(g)(h)8");
  EXPECT_EQ(tr("[(](a)\\(\\8"), "[(](a)\\(8");  // no groups in classes or escapes
  EXPECT_EQ(tr("\\81"), "\\81");                // a longer number is left to PCRE2
}

TEST(PatternSource, ControlEscapeTakesAnyAsciiByte) {
  EXPECT_EQ(tr("^\\c\x7f$"), "^\\x{3f}$");
  EXPECT_EQ(tr("\\c\x01"), "\\x{41}");
  EXPECT_EQ(tr("\\cA"), "\\cA");
  TranslatedPattern t("\\c\x01(", false);  // "\\x{41}("
  EXPECT_EQ(t.original_offset(6), 3u);        // the (
  EXPECT_EQ(t.original_offset(7), 4u);        // the end
}

TEST(PatternSource, HyphenAfterClassEscapeIsLiteral) {
  EXPECT_EQ(tr("[\\w-.]"), "[\\w\\-.]");
  EXPECT_EQ(tr("[\\p{L}-z]"), "[\\p{L}\\-z]");
  EXPECT_EQ(tr("[[:alpha:]-9]"), "[[:alpha:]\\-9]");
  EXPECT_EQ(tr("[\\w-]"), "[\\w-]");     // before ]: already literal
  EXPECT_EQ(tr("[a-z]"), "[a-z]");       // a range stays a range
  EXPECT_EQ(tr("\\w-x"), "\\w-x");       // outside a class nothing to do
}

TEST(PatternSource, QuotingAndCommentsAreLeftAlone) {
  EXPECT_EQ(tr("\\Q[\\w-.\\i\\E[\\w-.]"), "\\Q[\\w-.\\i\\E[\\w\\-.]");
  EXPECT_EQ(tr("(?#[)\\i"), "(?#[)i");
  EXPECT_EQ(tr("# [\n\\i", true), "# [\ni");
  EXPECT_EQ(tr("[]\\w-a]"), "[]\\w\\-a]");  // ] first in a class is a literal
  EXPECT_EQ(tr("\\c[\\i"), "\\c[i");         // \c takes the [
}

TEST(PatternSource, OffsetsMapBack) {
  TranslatedPattern dropped("a\\ib(", false);  // "aib("
  EXPECT_EQ(dropped.original_offset(0), 0u);
  EXPECT_EQ(dropped.original_offset(1), 2u);  // the i
  EXPECT_EQ(dropped.original_offset(4), 5u);  // the end
  TranslatedPattern inserted("[\\w-.](", false);  // "[\\w\\-.]("
  EXPECT_EQ(inserted.original_offset(3), 3u);  // the inserted backslash: the hyphen
  EXPECT_EQ(inserted.original_offset(4), 3u);  // the hyphen
  EXPECT_EQ(inserted.original_offset(8), 7u);  // the end
}

}  // namespace
}  // namespace girder::re
