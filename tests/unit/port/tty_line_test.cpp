// The tty_sl driver's pieces without a terminal: terminfo entries and the
// edit line's bytes. The expected bytes are what ERTS's tty_sl sent for
// the same edits on a 40-column xterm (tests/tty/run.sh compares the two
// drivers on a real pseudo-terminal).
#include <gtest/gtest.h>

#include <string>

#include "port/terminfo.h"
#include "port/tty_line.h"

namespace girder {
namespace {

TermCaps xterm() {
  TermCaps c;
  c.up = "\033[A";
  c.down = "\n";
  c.left = "\b";
  c.right = "\033[C";
  c.xn = true;
  c.columns = 80;
  return c;
}

struct Line : ::testing::Test {
  locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  TtyLine line{xterm(), 40, loc};
  std::string out;
  void SetUp() override { line.set_utf8(true); }
  void TearDown() override {
    if (loc) freelocale(loc);
  }
  std::string take() {
    std::string s;
    s.swap(out);
    return s;
  }
};

TEST(Terminfo, XtermHasTheCursorMotionsERTSUses) {
  TermCaps c;
  ASSERT_TRUE(load_term_caps("xterm", &c)) << "Debian's ncurses-base has xterm";
  EXPECT_EQ(c.up, "\033[A");
  EXPECT_EQ(c.down, "\n");
  EXPECT_EQ(c.left, "\b");
  EXPECT_EQ(c.right, "\033[C");
  EXPECT_TRUE(c.xn);
  EXPECT_EQ(c.columns, 80);
}

TEST(Terminfo, ADumbOrUnknownTerminalIsRefused) {
  TermCaps c;
  EXPECT_FALSE(load_term_caps("dumb", &c)) << "no cursor up";
  EXPECT_FALSE(load_term_caps("no-such-terminal", &c));
  EXPECT_FALSE(load_term_caps("../x/xterm", &c));
  EXPECT_FALSE(parse_terminfo(std::string("\x1a\x01", 2), &c));
}

TEST_F(Line, PutMoveInsertDelete) {
  line.put_chars("hello world", &out);
  EXPECT_EQ(take(), "hello world");
  line.move(-5, &out);
  EXPECT_EQ(take(), "\b\b\b\b\b");
  line.insert_chars("INS", &out);
  EXPECT_EQ(take(), "INSworld\b\b\b\b\b");
  line.delete_chars(2, &out);
  EXPECT_EQ(take(), "rld  \b\b\b\b\b");
  line.delete_chars(-2, &out);
  EXPECT_EQ(take(), "\b\brld  \b\b\b\b\b");
  line.move(3, &out);
  EXPECT_EQ(take(), "\033[C\033[C\033[C");
  line.move(-100, &out);
  EXPECT_EQ(take(), std::string(10, '\b'));
  line.put_chars("\n", &out);
  EXPECT_EQ(take(), "\r\n");
  EXPECT_EQ(line.position(), 0);
}

TEST_F(Line, TabsControlCharactersAndEscapes) {
  line.put_chars("tab\there ctl:\x01\x7f\033esc\r", &out);
  EXPECT_EQ(take(), "tab     here ctl:^A^\x7f\033esc\r");
  line.set_utf8(false);
  line.put_chars("\xc3\xa9\xce\xbb\xe2\x82\xac\n", &out);
  EXPECT_EQ(take(), "\\351\\x{3BB}\\x{20AC}\r\n");
}

TEST_F(Line, LongLinesWrapAndTheXnGlitchIsHandled) {
  line.put_chars(std::string(50, 'x'), &out);
  EXPECT_EQ(take(), std::string(50, 'x'));
  line.move(-40, &out);
  EXPECT_EQ(take(), "\033[A");
  line.insert_chars("ab", &out);
  EXPECT_EQ(take(), "ab" + std::string(40, 'x') + "\033[A");
  line.delete_chars(5, &out);
  EXPECT_EQ(take(), std::string(35, 'x') + "     \033[A");
  line.put_chars("\n", &out);
  take();
  // a line ending in the last column: the cursor is pushed to the next row
  line.put_chars(std::string(40, 'y'), &out);
  EXPECT_EQ(take(), std::string(40, 'y') + " \b");
}

TEST_F(Line, WideCharactersMoveTheCursorByTheirWidth) {
  // one cell each, but two columns: ERTS 25 counts columns with wcwidth
  line.put_chars("\xe4\xb8\xad" "x", &out);
  take();
  line.move(-2, &out);
  EXPECT_EQ(take(), "\b\b\b");
}

TEST(Utf8, DecodingRejectsWhatERTSRejects) {
  size_t pos = 0;
  EXPECT_EQ(next_utf8("\xc3\xa9", &pos), 0xE9);
  pos = 0;
  EXPECT_EQ(next_utf8("\xc0\xaf", &pos), -1) << "overlong";
  pos = 0;
  EXPECT_EQ(next_utf8("\xed\xa0\x80", &pos), -1) << "surrogate";
  pos = 0;
  EXPECT_EQ(next_utf8("\xe2\x82", &pos), -2) << "cut short";
  std::string s;
  EXPECT_TRUE(append_utf8(0x20AC, &s));
  EXPECT_EQ(s, "\xe2\x82\xac");
  EXPECT_FALSE(append_utf8(0xD800, &s));
}

}  // namespace
}  // namespace girder
