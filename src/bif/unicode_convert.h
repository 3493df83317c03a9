// Conversion of chardata (nested lists of code points and binaries) to
// UTF-8, for unicode:characters_to_binary/2 and characters_to_list/2.
//
// Two algorithms, because ERTS has two and their {error, _, Rest} and
// {incomplete, _, Rest} answers differ in shape:
//  - latin1 and utf8/unicode input is converted by ERTS's C code; its rules
//    are in unicode_native.cpp;
//  - utf16 and utf32 input makes the ERTS BIF trap to unicode.erl, whose
//    list walk (ml_map) is reproduced in unicode_wide.cpp.
#pragma once

#include <vector>

#include "term/binary.h"

namespace girder {

struct Utf8Conversion {
  enum Status { ok, error, incomplete, badarg };
  Status status = ok;
  std::vector<uint8_t> out;  // UTF-8 of everything converted
  Term rest = NIL;           // the unconverted part (error, incomplete)
};

// ---- latin1 / utf8 input (unicode_native.cpp) --------------------------------

// ERTS's first pass: false (badarg) if data is not chardata. As in OTP 25,
// the check stops at the first bignum element, where conversion will stop
// with an error anyway.
bool chardata_shape_ok(Term data);
// Converts data that chardata_shape_ok accepted.
void convert_chardata(Heap& h, Term data, bool latin1, Utf8Conversion* r);
// Whole binary is valid UTF-8 (no incomplete tail).
bool is_valid_utf8(const uint8_t* s, Uint n);
// Decodes the longest valid UTF-8 prefix of s; returns its length and sets
// *status to ok, error (invalid sequence next) or incomplete (a truncated
// sequence that could still become valid ends s).
Uint utf8_valid_prefix(const uint8_t* s, Uint n, Utf8Conversion::Status* status);

// ---- utf16 / utf32 input (unicode_wide.cpp) ----------------------------------

enum class WideEncoding { utf16_big, utf16_little, utf32_big, utf32_little };
// utf16 | utf32 | {utf16|utf32, big|little}; false for anything else.
bool parse_wide_encoding(Term enc, WideEncoding* out);
// Sets r->status to badarg where unicode.erl would raise.
void convert_wide_chardata(Heap& h, Term data, WideEncoding enc, Utf8Conversion* r);

// ---- helpers ---------------------------------------------------------------

void utf8_append(std::vector<uint8_t>& out, uint32_t cp);
// List of the code points of valid UTF-8 text, ending in tail.
Term utf8_to_list(Heap& h, const uint8_t* s, Uint n, Term tail = NIL);

}  // namespace girder
