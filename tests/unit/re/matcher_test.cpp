// Running matches, whole and bounded (re/matcher.h).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "re/matcher.h"

#include <gtest/gtest.h>
#include <pcre2.h>

#include <string>

namespace girder::re {
namespace {

MatchRequest request(const Pattern& p, const std::string& s, size_t offset = 0) {
  MatchRequest r;
  r.pattern = &p;
  r.subject = reinterpret_cast<const uint8_t*>(s.data());
  r.length = s.size();
  r.offset = offset;
  r.pairs = p.capture_count() + 1;
  return r;
}

TEST(Matcher, MatchGivesOffsetsAndUnsetGroups) {
  PatternPtr p = compile("(a)|(b)(c)?", {}).pattern;
  std::string s = "xb";
  MatchResult m = match(request(*p, s));
  ASSERT_EQ(m.rc, 3);
  EXPECT_EQ(m.ovector[0], 1u);
  EXPECT_EQ(m.ovector[1], 2u);
  EXPECT_EQ(m.ovector[2], UNSET_OFFSET);  // group 1
  EXPECT_EQ(m.ovector[6], UNSET_OFFSET);  // group 3, past rc
}

TEST(Matcher, TooFewPairsAnswersZero) {
  PatternPtr p = compile("(a)(b)", {}).pattern;
  std::string s = "ab";
  MatchRequest r = request(*p, s);
  r.pairs = 1;
  EXPECT_EQ(match(r).rc, 0);
}

TEST(Matcher, Latin1TablesApply) {
  PatternPtr p = compile("^\\w+$", {PCRE2_CASELESS, 0, 0}).pattern;
  std::string s = "\xe9\xc9";  // éÉ in Latin-1
  EXPECT_EQ(match(request(*p, s)).rc, 1);
  PatternPtr q = compile("\xe9", {PCRE2_CASELESS, 0, 0}).pattern;
  std::string upper = "\xc9";
  EXPECT_EQ(match(request(*q, upper)).rc, 1);
}

TEST(Matcher, BoundedSettlesShortMatches) {
  PatternPtr p = compile("b+", {}).pattern;
  std::string s = "aaabbb";
  MatchResult m;
  ASSERT_TRUE(match_bounded(request(*p, s), 50000, &m));
  EXPECT_EQ(m.rc, 1);
  EXPECT_EQ(m.ovector[0], 3u);
  std::string none = "aaaa";
  ASSERT_TRUE(match_bounded(request(*p, none), 50000, &m));
  EXPECT_EQ(m.rc, PCRE2_ERROR_NOMATCH);
}

TEST(Matcher, BoundedLeavesCatastrophicMatchesToTheWholeRun) {
  PatternPtr p = compile("^(a+)+$", {}).pattern;
  std::string s(28, 'a');
  s += '!';
  MatchResult m;
  EXPECT_FALSE(match_bounded(request(*p, s), 50000, &m));
  EXPECT_EQ(match(request(*p, s)).rc, PCRE2_ERROR_MATCHLIMIT);
}

TEST(Matcher, BoundedLooksOnlyNearTheStartOfLongSubjects) {
  PatternPtr p = compile("needle", {}).pattern;
  std::string near = "needle" + std::string(100000, 'x');
  MatchResult m;
  ASSERT_TRUE(match_bounded(request(*p, near), 50000, &m));
  EXPECT_EQ(m.rc, 1);
  std::string far = std::string(100000, 'x') + "needle";
  EXPECT_FALSE(match_bounded(request(*p, far), 50000, &m));
  MatchResult whole = match(request(*p, far));
  EXPECT_EQ(whole.rc, 1);
  EXPECT_EQ(whole.ovector[0], 100000u);
  // an anchored pattern has no other start position to try
  PatternPtr a = compile("^needle", {}).pattern;
  ASSERT_TRUE(match_bounded(request(*a, far), 50000, &m));
  EXPECT_EQ(m.rc, PCRE2_ERROR_NOMATCH);
}

TEST(Matcher, UserLimitsAreTheUsers) {
  PatternPtr p = compile("(a|b)*c", {}).pattern;
  std::string s = "ababababababxc";  // the c keeps PCRE2 from giving up at once
  MatchRequest r = request(*p, s);
  r.match_limit = 5;
  MatchResult m;
  ASSERT_TRUE(match_bounded(r, 50000, &m));  // the user's limit is the lower
  EXPECT_EQ(m.rc, PCRE2_ERROR_MATCHLIMIT);
  r.match_limit = DEFAULT_MATCH_LIMIT;
  r.depth_limit = 3;
  EXPECT_EQ(match(r).rc, PCRE2_ERROR_DEPTHLIMIT);
}

}  // namespace
}  // namespace girder::re
