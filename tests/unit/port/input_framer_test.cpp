// InputFramer: how input becomes {data, ...} pieces for stream, {packet,
// N} and {line, L} ports; the expectations are what erl delivers for the
// same bytes (tests/diff/port_spawn.erl checks a few against erl itself).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "port/input_framer.h"

namespace girder {
namespace {

// Pieces as text: "data:abc", "eol:ab", "noeol:cd".
struct Framed {
  InputFramer f;
  std::vector<std::string> out;
  InputFramer::Sink sink = [this](InputFramer::Piece p, std::string_view b) {
    const char* k = p == InputFramer::Piece::data ? "data:" : p == InputFramer::Piece::eol ? "eol:" : "noeol:";
    out.push_back(k + std::string(b));
  };
  Framed(int packet, Uint line) { f.configure(packet, line); }
  Framed& feed(const std::string& s) {
    f.feed(reinterpret_cast<const uint8_t*>(s.data()), s.size(), sink);
    return *this;
  }
  std::vector<std::string> end() {
    f.end(sink);
    return out;
  }
};

using V = std::vector<std::string>;

TEST(InputFramer, StreamPassesEachReadAsItCame) {
  Framed t(0, 0);
  EXPECT_EQ(t.feed("ab").feed("").feed("cd").end(), (V{"data:ab", "data:cd"}));
}

TEST(InputFramer, PacketsFollowTheirBigEndianHeader) {
  Framed t(2, 0);
  EXPECT_EQ(t.feed(std::string("\0\3abc\0\0\0\1d", 10)).end(), (V{"data:abc", "data:", "data:d"}));
  Framed four(4, 0);
  EXPECT_EQ(four.feed(std::string("\0\0\0\2hi", 6)).end(), (V{"data:hi"}));
}

TEST(InputFramer, PacketsSplitAnywhereAreJoined) {
  std::string in("\0\3abc\0\2de", 9);
  for (size_t cut = 0; cut <= in.size(); cut++) {
    Framed t(2, 0);
    t.feed(in.substr(0, cut)).feed(in.substr(cut));
    EXPECT_EQ(t.end(), (V{"data:abc", "data:de"})) << "cut at " << cut;
  }
  Framed bytewise(1, 0);
  for (char c : std::string("\3xyz\1q")) bytewise.feed(std::string(1, c));
  EXPECT_EQ(bytewise.end(), (V{"data:xyz", "data:q"}));
}

TEST(InputFramer, APartialPacketAtTheEndIsLost) {
  Framed t(2, 0);
  EXPECT_EQ(t.feed(std::string("\0\5abc", 5)).end(), V{});
  Framed header(4, 0);
  EXPECT_EQ(header.feed(std::string("\0\0", 2)).end(), V{});
}

TEST(InputFramer, LinesEndAtNewlinesOrAtTheLineLength) {
  Framed t(0, 4);
  EXPECT_EQ(t.feed("ab\ncdefghij\nxy").end(), (V{"eol:ab", "noeol:cdef", "eol:ghij", "noeol:xy"}));
  Framed exact(0, 4);
  EXPECT_EQ(exact.feed("abcd\nabcde\n\n").end(), (V{"eol:abcd", "noeol:abcd", "eol:e", "eol:"}));
  Framed nonl(0, 4);
  EXPECT_EQ(nonl.feed("abcdefghij").end(), (V{"noeol:abcd", "noeol:efgh", "noeol:ij"}));
}

TEST(InputFramer, ACarriageReturnBeforeTheNewlineIsDropped) {
  Framed t(0, 10);
  EXPECT_EQ(t.feed("ab\r\ncd\r\r\n\r\na\rb\n").end(), (V{"eol:ab", "eol:cd\r", "eol:", "eol:a\rb"}));
  Framed at_end(0, 4);
  EXPECT_EQ(at_end.feed("ab\r").end(), (V{"noeol:ab\r"}));
}

TEST(InputFramer, ACarriageReturnAfterAFullLineWaitsForWhatFollows) {
  // erl: "abcd\r\n" with {line, 4} is one eol, "abcd\rx\n" is noeol then
  // an eol that starts with the CR, and at the end the CR comes alone
  EXPECT_EQ(Framed(0, 4).feed("abcd\r\n").end(), (V{"eol:abcd"}));
  EXPECT_EQ(Framed(0, 4).feed("abcd\rx\n").end(), (V{"noeol:abcd", "eol:\rx"}));
  EXPECT_EQ(Framed(0, 4).feed("abcd\r").end(), (V{"noeol:abcd", "noeol:\r"}));
  EXPECT_EQ(Framed(0, 4).feed("abcd\r\rx").end(), (V{"noeol:abcd", "noeol:\r\rx"}));
  EXPECT_EQ(Framed(0, 3).feed("abc\r\r\n").end(), (V{"noeol:abc", "eol:\r"}));
  EXPECT_EQ(Framed(0, 1).feed("\r\r\r\n").end(), (V{"noeol:\r", "eol:\r"}));
  // the same bytes split across reads
  EXPECT_EQ(Framed(0, 4).feed("abcd").feed("\r").feed("\n").end(), (V{"eol:abcd"}));
}

}  // namespace
}  // namespace girder
