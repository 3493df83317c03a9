// Decoding of compact terms into Operands (see compact_term.h for the
// encoding). Every index is checked against its table here, so an Operand
// that leaves this file is in range.
#include "beam/compact_term.h"

#include "term/bignum.h"

namespace girder::beam {

namespace {

const char* tag_name(uint8_t tag) {
  static const char* const names[] = {"u", "i", "a", "x", "y", "f", "h", "z"};
  return names[tag & 7];
}

// A u-tagged number that must follow an extended tag.
Uint read_u(ByteReader& r, const char* what) {
  TaggedNumber n = read_tagged(r);
  if (n.tag != TAG_U)
    r.fail_at(n.offset, std::string(what) + ": expected tag u, found tag " +
                            tag_name(n.tag));
  return tagged_unsigned(r, n);
}

Operand register_operand(const ByteReader& r, const TaggedNumber& n) {
  Uint reg = tagged_unsigned(r, n);
  if (reg >= MAX_REG)
    r.fail_at(n.offset, std::string(n.tag == TAG_X ? "x" : "y") + " register " +
                            std::to_string(reg) + " out of range");
  Operand op;
  op.kind = n.tag == TAG_X ? OperandKind::x : OperandKind::y;
  op.index = reg;
  return op;
}

Operand read_extended(ByteReader& r, const TaggedNumber& n,
                      const OperandContext& cx, bool list_allowed) {
  Uint ext = tagged_unsigned(r, n);
  Operand op;
  switch (ext) {
    case EXT_FLOAT:
      r.fail_at(n.offset, "inline float operand (superseded in OTP R16B)");
    case EXT_LIST: {
      if (!list_allowed) r.fail_at(n.offset, "list operand not allowed here");
      Uint len = read_u(r, "list length");
      // every item takes at least one byte
      if (len > r.remaining())
        r.fail_at(n.offset, "list length " + std::to_string(len) +
                                " exceeds the chunk size");
      op.kind = OperandKind::list;
      op.index = len;
      if (len > UINT32_MAX) r.fail_at(n.offset, "list length " + std::to_string(len) + " too large");
      op.list = cx.arena.alloc(uint32_t(len));
      for (Uint i = 0; i < len; ++i) op.list[i] = read_operand(r, cx, false);
      return op;
    }
    case EXT_FLOAT_REG: {
      Uint at = r.offset();
      Uint reg = read_u(r, "float register");
      if (reg >= MAX_REG)
        r.fail_at(at, "float register " + std::to_string(reg) + " out of range");
      op.kind = OperandKind::fr;
      op.index = reg;
      return op;
    }
    case EXT_ALLOC_LIST: {
      Uint at = r.offset();
      Uint count = read_u(r, "allocation list");
      // one entry per kind of heap object: words, floats, funs
      if (count > 3)
        r.fail_at(at, "allocation list of " + std::to_string(count) + " entries");
      op.kind = OperandKind::alloc;
      op.index = count;
      op.list = cx.arena.alloc(uint32_t(2 * count));
      for (Uint i = 0; i < count; ++i) {
        Operand kind, number;
        Uint kind_at = r.offset();
        kind.index = read_u(r, "allocation kind");
        if (kind.index > 2)
          r.fail_at(kind_at, "unknown allocation kind " + std::to_string(kind.index));
        Uint number_at = r.offset();
        number.index = read_u(r, "allocation size");
        if (number.index > 0x7fffffff)
          r.fail_at(number_at, "allocation size " + std::to_string(number.index) +
                                   " too large");
        op.list[2 * i] = kind;
        op.list[2 * i + 1] = number;
      }
      return op;
    }
    case EXT_LITERAL: {
      Uint at = r.offset();
      Uint index = read_u(r, "literal");
      if (index >= cx.bf.literals.size())
        r.fail_at(at, "literal index " + std::to_string(index) + " out of range (" +
                          std::to_string(cx.bf.literals.size()) + " literals)");
      op.kind = OperandKind::literal;
      op.index = index;
      op.term = cx.bf.literals[index];
      return op;
    }
    case EXT_TYPED_REG: {
      TaggedNumber reg = read_tagged(r);
      if (reg.tag != TAG_X && reg.tag != TAG_Y)
        r.fail_at(reg.offset, std::string("typed register: expected tag x or y, found tag ") +
                                  tag_name(reg.tag));
      op = register_operand(r, reg);
      Uint at = r.offset();
      Uint type = read_u(r, "register type");
      // Without a usable Type chunk (stripped, or another version) the
      // type is ignored and the operand is a plain register, as in ERTS.
      if (cx.typed) {
        if (type >= cx.type_count)
          r.fail_at(at, "type index " + std::to_string(type) + " out of range (" +
                            std::to_string(cx.type_count) + " types)");
        op.type_index = int32_t(type);
      }
      return op;
    }
    default:
      r.fail_at(n.offset, "unknown extended tag " + std::to_string(ext));
  }
}

}  // namespace

namespace {

// `nested`: reading the length of a long number, which must not itself
// use the longest form (beam_asm never writes that, and unbounded nesting
// would let a corrupt file recurse without limit).
TaggedNumber read_tagged(ByteReader& r, bool nested) {
  TaggedNumber n;
  n.offset = r.offset();
  uint8_t b = r.u8();
  n.tag = b & 7;
  if ((b & 0x08) == 0) {
    n.value = b >> 4;
  } else if ((b & 0x10) == 0) {
    n.value = Uint(b >> 5) << 8 | r.u8();
  } else {
    Uint len_code = b >> 5;
    Uint count;
    if (len_code < 7) {
      count = len_code + 2;
    } else {
      if (nested) r.fail_at(n.offset, "malformed number length");
      TaggedNumber len = read_tagged(r, true);
      if (len.tag != TAG_U)
        r.fail_at(len.offset, "length of a long number: expected tag u, found tag " +
                                  std::string(tag_name(len.tag)));
      Uint extra = tagged_unsigned(r, len);
      if (extra > r.remaining())
        r.fail_at(len.offset, "number of " + std::to_string(extra) +
                                  "+9 bytes exceeds the chunk size");
      count = extra + 9;
    }
    n.wide = true;
    n.nbytes = count;
    n.bytes = r.bytes(count);
    if (count <= 8)
      for (Uint i = 0; i < count; ++i) n.value = n.value << 8 | n.bytes[i];
  }
  return n;
}

}  // namespace

TaggedNumber read_tagged(ByteReader& r) { return read_tagged(r, false); }

Uint tagged_unsigned(const ByteReader& r, const TaggedNumber& n) {
  if (n.wide && (n.nbytes > 8 || (n.value >> 63) != 0))
    r.fail_at(n.offset, "value too large");
  return n.value;
}

Term tagged_integer(Heap& h, const TaggedNumber& n) {
  if (!n.wide) return make_small(Sint(n.value));
  if (n.nbytes <= 8) {
    int shift = int(64 - 8 * n.nbytes);
    Sint v = Sint(n.value << shift) >> shift;  // sign-extend
    return make_integer(h, v);
  }
  return int_from_bytes(h, n.bytes, n.nbytes * 8, false, true);
}

Operand read_operand(ByteReader& r, const OperandContext& cx, bool list_allowed) {
  TaggedNumber n = read_tagged(r);
  Operand op;
  switch (n.tag) {
    case TAG_U:
      op.kind = OperandKind::u;
      op.index = tagged_unsigned(r, n);
      return op;
    case TAG_I:
      op.kind = OperandKind::i;
      op.term = tagged_integer(cx.heap, n);
      return op;
    case TAG_A: {
      Uint index = tagged_unsigned(r, n);
      if (index >= cx.bf.atoms.size())
        r.fail_at(n.offset, "atom index " + std::to_string(index) + " out of range (" +
                                std::to_string(cx.bf.atoms.size() - 1) + " atoms)");
      op.kind = OperandKind::a;
      op.index = index;
      op.term = index == 0 ? NIL : cx.bf.atoms[index];
      return op;
    }
    case TAG_X:
    case TAG_Y:
      return register_operand(r, n);
    case TAG_F: {
      Uint label = tagged_unsigned(r, n);
      if (label >= cx.label_count)
        r.fail_at(n.offset, "label " + std::to_string(label) + " out of range (" +
                                std::to_string(cx.label_count) + " labels)");
      op.kind = OperandKind::f;
      op.index = label;
      return op;
    }
    case TAG_H:
      r.fail_at(n.offset, "character operand (tag h) is not supported");
    default:
      return read_extended(r, n, cx, list_allowed);
  }
}

}  // namespace girder::beam
