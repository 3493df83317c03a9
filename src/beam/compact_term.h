// Internal to src/beam: the compact term encoding (beam_asm:encode/2) that
// operands of the Code chunk and the items of the Line chunk use.
//
// First byte: value bits, then the tag in bits 2..0.
//   vvvv0ttt                 value 0..15 in the high nibble
//   vvv01ttt vvvvvvvv        value 0..2047: 3 high bits, then one byte
//   nnn11ttt <n+2 bytes>     n < 7: value in n+2 big-endian bytes
//   11111ttt <u-tagged len> <len+9 bytes>   longer values
// The bytes are two's complement for tag i, unsigned for the others.
// Tag z (7) is an extension: its value selects a list, float register,
// allocation list, literal or typed register, which follow.
#pragma once

#include "beam/beam_file.h"
#include "beam/beam_reader.h"

namespace girder::beam {

enum CompactTag : uint8_t {
  TAG_U = 0,  // unsigned
  TAG_I = 1,  // integer
  TAG_A = 2,  // atom index (0: [])
  TAG_X = 3,
  TAG_Y = 4,
  TAG_F = 5,  // label
  TAG_H = 6,  // character (never written by OTP 25; refused)
  TAG_Z = 7,  // extended
};

// The extended tags (value of a z-tagged number).
enum ExtendedTag : Uint {
  EXT_FLOAT = 0,  // inline float: superseded in R16B, refused
  EXT_LIST = 1,
  EXT_FLOAT_REG = 2,
  EXT_ALLOC_LIST = 3,
  EXT_LITERAL = 4,
  EXT_TYPED_REG = 5,
};

// One tagged number, before interpretation.
struct TaggedNumber {
  uint8_t tag = 0;
  Uint offset = 0;               // file offset of its first byte
  bool wide = false;             // value given as a byte string
  const uint8_t* bytes = nullptr;  // wide: the value's bytes (big-endian)
  Uint nbytes = 0;
  Uint value = 0;                // narrow: the value
};

TaggedNumber read_tagged(ByteReader& r);

// The value of a number that must be unsigned and fit in 63 bits (every
// tag but i); throws "value too large" otherwise.
Uint tagged_unsigned(const ByteReader& r, const TaggedNumber& n);

// The value of an i-tagged number as a term: a small integer, or a bignum
// built on h.
Term tagged_integer(Heap& h, const TaggedNumber& n);

// Reading operands needs the tables of the other chunks.
struct OperandContext {
  const BeamFile& bf;
  OperandArena& arena;      // where list operands' items go
  Heap& heap;               // for bignum operands (the literal heap)
  uint32_t label_count;
  bool typed;               // Type chunk in use: check typed registers' indices
  uint32_t type_count;
};

// ERTS's limit on X, Y and float register numbers (MAX_REG).
constexpr Uint MAX_REG = 1024;

// Reads one operand. `list_allowed`: an extended list may appear (only as
// the last operand of an instruction, never inside another list).
Operand read_operand(ByteReader& r, const OperandContext& cx, bool list_allowed);

}  // namespace girder::beam
