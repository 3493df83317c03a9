// The character tables PCRE2 consults for code points below 256: case
// mapping and the classes behind \d \s \w and [[:alpha:]] and the rest.
//
// ERTS compiles its PCRE with ISO 8859-1 tables, so that without the
// unicode option "é" (0xE9) is a \w, matches "É" caselessly, and so on;
// PCRE2's built-in tables are the C locale's (ASCII only). Girder builds
// ERTS's Latin-1 classification into a table in PCRE2's format (the
// layout pcre2_maketables() writes, described below) and hands it to every
// compile.
#pragma once

#include <cstddef>
#include <cstdint>

namespace girder::re {

// PCRE2's table layout (pcre2_maketables(3)): four parts, one after the other.
//   lower case  256 bytes: tolower(c)
//   flip case   256 bytes: the other case of c, or c
//   class bits  10 bitmaps of 32 bytes (bit c%8 of byte c/8): space, xdigit,
//               digit, upper, lower, word, graph, print, punct, cntrl
//   ctypes      256 bytes: bit flags space 1, letter 2, lower-case letter 4,
//               digit 8, word 16
constexpr size_t TABLE_LOWER = 0;
constexpr size_t TABLE_FLIP = 256;
constexpr size_t TABLE_CLASS_BITS = 512;
constexpr size_t TABLE_CTYPES = 832;
constexpr size_t TABLES_LENGTH = 1088;

enum class Charset { ascii, latin1 };

// Writes the tables for `set` (ascii: what pcre2_maketables gives in the C
// locale; latin1: ERTS's ISO 8859-1 tables) into out[TABLES_LENGTH].
void build_char_tables(Charset set, uint8_t* out);

// ERTS's Latin-1 tables, built once; valid for the life of the program.
const uint8_t* latin1_tables();

}  // namespace girder::re
