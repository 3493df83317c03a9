// Compiling, ERTS's compile errors, the pattern bytes and the cache
// (re/pattern.h, re/compile_errors.h).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "re/pattern.h"

#include <gtest/gtest.h>
#include <pcre2.h>

#include <thread>
#include <vector>

namespace girder::re {
namespace {

CompileError error_of(std::string_view src, CompileSpec spec = {}) {
  CompileResult r = compile(src, spec);
  EXPECT_EQ(r.pattern, nullptr) << src;
  return r.error;
}

TEST(Pattern, CompiledPatternKnowsItsGroupsAndNames) {
  CompileResult r = compile("(?<year>\\d+)-(\\d+)(?<day>x)?", {});
  ASSERT_NE(r.pattern, nullptr);
  EXPECT_EQ(r.pattern->capture_count(), 3u);
  ASSERT_EQ(r.pattern->names().size(), 2u);
  EXPECT_EQ(r.pattern->names()[0].name, "day");  // PCRE's table is by name
  EXPECT_EQ(r.pattern->names()[0].group, 3u);
  EXPECT_EQ(r.pattern->names()[1].name, "year");
  EXPECT_FALSE(r.pattern->has_duplicate_names());
  EXPECT_FALSE(r.pattern->use_crlf());
  EXPECT_FALSE(r.pattern->utf());
}

TEST(Pattern, NewlineSettingsGiveUseCrlf) {
  EXPECT_TRUE(compile("a", {0, NL_CRLF, 0}).pattern->use_crlf());
  EXPECT_TRUE(compile("a", {0, NL_ANY, 0}).pattern->use_crlf());
  EXPECT_FALSE(compile("a", {0, NL_CR, 0}).pattern->use_crlf());
  EXPECT_TRUE(compile("(*CRLF)a", {}).pattern->use_crlf());
  EXPECT_TRUE(compile("(*UTF)a", {}).pattern->utf());
}

TEST(Pattern, NewlineBitsThatOrToNothingValidAreAnError) {
  CompileError e = error_of("a", {0, NL_ANY | NL_LF, 0});
  EXPECT_EQ(e.text, "inconsistent NEWLINE options");
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(error_of("a", {0, 0, BSR_ANYCRLF | BSR_UNICODE}).text, "inconsistent NEWLINE options");
}

TEST(Pattern, ErrorsHaveErtssTextsAndOffsets) {
  CompileError e = error_of("(abc");
  EXPECT_EQ(e.text, "missing )");
  EXPECT_EQ(e.offset, 4u);
  e = error_of("*a");
  EXPECT_EQ(e.text, "nothing to repeat");
  e = error_of("(?<=a+)b");
  EXPECT_EQ(e.text, "lookbehind assertion is not fixed length");
  EXPECT_EQ(e.offset, 6u);
  e = error_of("\\2(a)");
  EXPECT_EQ(e.text, "reference to non-existent subpattern");
  EXPECT_EQ(e.offset, 5u);  // PCRE 8 checks back references at the end
  e = error_of("(?P=ab)");
  EXPECT_EQ(e.offset, 6u);  // after the name
  e = error_of("(?(1)a|b|c)");
  EXPECT_EQ(e.offset, 5u);  // after the condition
  e = error_of("\\p{Foo}");
  EXPECT_EQ(e.text, "unknown property name after \\P or \\p");
  EXPECT_EQ(e.offset, 6u);
  e = error_of("ab\xff", {PCRE2_UTF, 0, 0});
  EXPECT_EQ(e.text, "invalid UTF-8 string");
  EXPECT_EQ(e.offset, 2u);
  e = error_of("[\\w-.](", {});  // offsets count in the caller's text
  EXPECT_EQ(e.text, "missing )");
  EXPECT_EQ(e.offset, 7u);
}

TEST(Pattern, BytesRoundTrip) {
  CompileSpec spec{PCRE2_CASELESS | PCRE2_UTF, NL_ANYCRLF, BSR_UNICODE};
  std::string bytes = serialize(std::string_view("a+\0junk", 7), spec);
  CompileSpec back;
  std::string_view source;
  ASSERT_TRUE(deserialize(bytes, &back, &source));
  EXPECT_EQ(source, "a+");
  EXPECT_EQ(back.options, spec.options);
  EXPECT_EQ(back.newline, spec.newline);
  EXPECT_EQ(back.bsr, spec.bsr);
  EXPECT_FALSE(deserialize("ERCP\x51", &back, &source));  // PCRE 8's bytes
  EXPECT_FALSE(deserialize("", &back, &source));
  PatternPtr p = pattern_from_bytes(bytes);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->utf());
  EXPECT_TRUE(p->use_crlf());
  EXPECT_EQ(pattern_from_bytes("GiRE\x01" "\0\0\0\0\0\0(" + std::string()), nullptr);
}

TEST(Pattern, CacheGivesTheSameProgramAndSurvivesEviction) {
  PatternPtr a = compile("cached(x)", {}).pattern;
  PatternPtr b = compile("cached(x)", {}).pattern;
  EXPECT_EQ(a.get(), b.get());
  // flood the cache; a program still in use stays valid
  for (int i = 0; i < 3000; i++) compile("flood" + std::to_string(i), {});
  EXPECT_EQ(a->capture_count(), 1u);
  PatternPtr c = compile("cached(x)", {}).pattern;
  EXPECT_EQ(c->capture_count(), 1u);
}

TEST(Pattern, CompilesFromManyThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (int t = 0; t < 8; t++) {
    threads.emplace_back([t, &ok] {
      for (int i = 0; i < 200; i++) {
        PatternPtr p = compile("(t)(" + std::to_string(i % 50) + ")", {}).pattern;
        if (p && p->capture_count() == 2) ok[t]++;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int n : ok) EXPECT_EQ(n, 200);
}

}  // namespace
}  // namespace girder::re
