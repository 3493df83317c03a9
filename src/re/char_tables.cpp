// Character tables in PCRE2's format (char_tables.h).
#include "re/char_tables.h"

#include <cstring>

namespace girder::re {

namespace {

// What one byte is, in the C locale's terms.
struct CharInfo {
  bool space, xdigit, digit, upper, lower, alpha, punct, cntrl, print;
  uint8_t other_case;  // the other case, or the byte itself
};

CharInfo ascii_info(int c) {
  CharInfo i{};
  i.space = c == ' ' || (c >= 9 && c <= 13);
  i.digit = c >= '0' && c <= '9';
  i.upper = c >= 'A' && c <= 'Z';
  i.lower = c >= 'a' && c <= 'z';
  i.alpha = i.upper || i.lower;
  i.xdigit = i.digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  i.cntrl = c < 32 || c == 127;
  i.print = c >= 32 && c < 127;
  i.punct = i.print && c != ' ' && !i.alpha && !i.digit;
  i.other_case = uint8_t(i.upper ? c + 32 : i.lower ? c - 32 : c);
  return i;
}

// ERTS's ISO 8859-1 classification of the bytes 128..255, as erl answers
// for \w, \s, the POSIX classes and caseless matching: C1 controls; the
// signs 160..191 and the operators × ÷ are punctuation (no-break space
// included, which is no \s); ª µ º ß ÿ are lower-case letters without an
// upper case in the table; À..Þ and à..þ are the two cases of each other.
CharInfo latin1_info(int c) {
  if (c < 128) return ascii_info(c);
  CharInfo i{};
  if (c < 160) {
    i.cntrl = true;
    return i;
  }
  i.print = true;
  i.other_case = uint8_t(c);
  bool letter = c == 170 || c == 181 || c == 186 || (c >= 192 && c != 215 && c != 247);
  if (!letter) {
    i.punct = true;
    return i;
  }
  i.alpha = true;
  if (c >= 192 && c <= 222) {
    i.upper = true;
    i.other_case = uint8_t(c + 32);
  } else {
    i.lower = true;
    if (c >= 224 && c <= 254) i.other_case = uint8_t(c - 32);
  }
  return i;
}

void set_bit(uint8_t* map, int c) { map[c / 8] |= uint8_t(1u << (c % 8)); }

}  // namespace

void build_char_tables(Charset set, uint8_t* out) {
  std::memset(out, 0, TABLES_LENGTH);
  uint8_t* bits = out + TABLE_CLASS_BITS;
  enum { space, xdigit, digit, upper, lower, word, graph, print, punct, cntrl };
  for (int c = 0; c < 256; c++) {
    CharInfo i = set == Charset::ascii ? ascii_info(c) : latin1_info(c);
    bool is_word = i.alpha || i.digit || c == '_';
    out[TABLE_LOWER + c] = i.upper ? i.other_case : uint8_t(c);
    out[TABLE_FLIP + c] = i.other_case;
    auto mark = [&](bool on, int cls) {
      if (on) set_bit(bits + 32 * cls, c);
    };
    mark(i.space, space);
    mark(i.xdigit, xdigit);
    mark(i.digit, digit);
    mark(i.upper, upper);
    mark(i.lower, lower);
    mark(is_word, word);
    mark(i.print && c != ' ', graph);
    mark(i.print, print);
    mark(i.punct, punct);
    mark(i.cntrl, cntrl);
    out[TABLE_CTYPES + c] = uint8_t((i.space ? 1 : 0) | (i.alpha ? 2 : 0) | (i.lower ? 4 : 0) |
                                    (i.digit ? 8 : 0) | (is_word ? 16 : 0));
  }
}

const uint8_t* latin1_tables() {
  // built on first use; C++ guarantees one initialisation across threads
  static const struct Tables {
    uint8_t bytes[TABLES_LENGTH];
    Tables() { build_char_tables(Charset::latin1, bytes); }
  } tables;
  return tables.bytes;
}

}  // namespace girder::re
