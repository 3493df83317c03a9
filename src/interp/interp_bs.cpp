// Bit syntax: building binaries (bs_create_bin) and matching them.
//
// Appending (`<<Acc/binary, ...>>`) reuses the storage of Acc when Acc is
// the newest result of an earlier append (a writable SubBin over a ProcBin
// whose Binary has spare capacity), so a loop that grows a binary is linear,
// as in ERTS. Bytes are always reached through the ProcBin (orig), so the
// Binary may be reallocated.
#include <cmath>
#include <cstring>
#include <vector>

#include "bif/bif.h"
#include "interp/interp_ops.h"
#include "interp/operand.h"
#include "term/atom_table.h"
#include "term/bignum.h"
#include "term/binary.h"

namespace girder {

namespace {

Term bs_system_limit(Process* p) {
  p->exc_flags = EXC_NO_BIF_FRAME;
  p->exc_class = atom::error;
  p->exc_reason = atom::system_limit;
  p->exc_info = THE_NON_VALUE;
  return THE_NON_VALUE;
}

// A segment size: a non-negative small integer whose bit count is sane.
// Returns 1 ok, 0 badarg, -1 system_limit.
int segment_bits(Term size, Uint unit, Uint* bits) {
  if (is_big(size) && !big_is_neg(size)) return -1;
  if (!is_small(size) || small_value(size) < 0) return 0;
  unsigned __int128 b = (unsigned __int128)Uint(small_value(size)) * unit;
  if (b >= ((unsigned __int128)1 << 48)) return -1;
  *bits = Uint(b);
  return 1;
}

Term bs_badarg(Process* p) {
  p->exc_flags = EXC_NO_BIF_FRAME;
  p->exc_class = atom::error;
  p->exc_reason = atom::badarg;
  p->exc_info = THE_NON_VALUE;
  return THE_NON_VALUE;
}

bool size_value(Term s, Uint* out) {
  if (!is_small(s) || small_value(s) < 0) return false;
  *out = Uint(small_value(s));
  return true;
}

// Writes the low `bits` bits of integer v at bit position pos of dst.
void put_integer(uint8_t* dst, Uint pos, Term v, Uint bits, bool little) {
  if (bits == 0) return;
  Uint nbytes = (bits + 7) / 8;
  if (is_small(v) && (pos & 7) == 0 && (bits & 7) == 0 && bits <= 64) {
    // the common case: whole bytes at a byte position, written directly
    Uint u = Uint(small_value(v));
    uint8_t* d = dst + pos / 8;
    for (Uint i = 0; i < nbytes; i++) {
      uint8_t b = uint8_t(u >> (8 * i));
      d[little ? i : nbytes - 1 - i] = b;
    }
    return;
  }
  uint8_t stack_buf[16];
  std::vector<uint8_t> heap_buf;
  uint8_t* buf = stack_buf;
  if (nbytes > sizeof stack_buf) {
    heap_buf.resize(nbytes);
    buf = heap_buf.data();
  }
  // little-endian bytes of the two's complement value, nbytes long
  if (is_small(v)) {
    Sint s = small_value(v);
    Uint u = Uint(s);
    for (Uint i = 0; i < nbytes; i++) {
      buf[i] = i < 8 ? uint8_t(u >> (8 * i)) : (s < 0 ? 0xFF : 0x00);
    }
  } else {
    int_to_bytes(v, buf, nbytes * 8, true);
  }
  Uint rem = bits & 7;
  if (little) {
    // whole bytes in little order; a partial last byte holds the next
    // `rem` bits of the value in its high bits
    if (rem) buf[nbytes - 1] = uint8_t(buf[nbytes - 1] << (8 - rem));
    copy_bits(buf, 0, dst, pos, bits);
  } else {
    // big order: reverse, then the value is the last `bits` bits
    for (Uint i = 0; i < nbytes / 2; i++) std::swap(buf[i], buf[nbytes - 1 - i]);
    copy_bits(buf, nbytes * 8 - bits, dst, pos, bits);
  }
}

uint16_t double_to_half(double d) {
  float f = float(d);
  uint32_t x;
  std::memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000;
  int32_t exp = int32_t((x >> 23) & 0xFF) - 127 + 15;
  uint32_t mant = x & 0x7FFFFF;
  if (((x >> 23) & 0xFF) == 0xFF) return uint16_t(sign | 0x7C00 | (mant ? 0x200 : 0));
  if (exp >= 31) return uint16_t(sign | 0x7C00);
  if (exp <= 0) {
    if (exp < -10) return uint16_t(sign);
    mant |= 0x800000;
    uint32_t shift = uint32_t(14 - exp);
    uint32_t half = mant >> shift;
    uint32_t rest = mant & ((1u << shift) - 1);
    uint32_t mid = 1u << (shift - 1);
    if (rest > mid || (rest == mid && (half & 1))) half++;
    return uint16_t(sign | half);
  }
  uint32_t half = sign | (uint32_t(exp) << 10) | (mant >> 13);
  uint32_t rest = mant & 0x1FFF;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) half++;
  return uint16_t(half);
}

double half_to_double(uint16_t h) {
  int exp = (h >> 10) & 0x1F;
  int mant = h & 0x3FF;
  double v;
  if (exp == 0) {
    v = std::ldexp(double(mant), -24);
  } else if (exp == 31) {
    v = mant ? NAN : INFINITY;
  } else {
    v = std::ldexp(double(mant | 0x400), exp - 25);
  }
  return (h & 0x8000) ? -v : v;
}

bool put_float(uint8_t* dst, Uint pos, double d, Uint bits, bool little) {
  uint8_t buf[8];
  if (bits == 64) {
    uint64_t u;
    std::memcpy(&u, &d, 8);
    for (int i = 0; i < 8; i++) buf[i] = uint8_t(u >> (56 - 8 * i));
  } else if (bits == 32) {
    float f = float(d);  // out of range becomes infinity, as in ERTS
    uint32_t u;
    std::memcpy(&u, &f, 4);
    for (int i = 0; i < 4; i++) buf[i] = uint8_t(u >> (24 - 8 * i));
  } else if (bits == 16) {
    uint16_t u = double_to_half(d);
    buf[0] = uint8_t(u >> 8);
    buf[1] = uint8_t(u);
  } else {
    return false;
  }
  Uint n = bits / 8;
  if (little)
    for (Uint i = 0; i < n / 2; i++) std::swap(buf[i], buf[n - 1 - i]);
  copy_bits(buf, 0, dst, pos, bits);
  return true;
}

int utf8_encode(uint32_t c, uint8_t* out) {
  if (c < 0x80) {
    out[0] = uint8_t(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = uint8_t(0xC0 | (c >> 6));
    out[1] = uint8_t(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = uint8_t(0xE0 | (c >> 12));
    out[1] = uint8_t(0x80 | ((c >> 6) & 0x3F));
    out[2] = uint8_t(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = uint8_t(0xF0 | (c >> 18));
  out[1] = uint8_t(0x80 | ((c >> 12) & 0x3F));
  out[2] = uint8_t(0x80 | ((c >> 6) & 0x3F));
  out[3] = uint8_t(0x80 | (c & 0x3F));
  return 4;
}

bool valid_code_point(Term v, uint32_t* c) {
  if (!is_small(v)) return false;
  Sint s = small_value(v);
  if (s < 0 || s > 0x10FFFF || (s >= 0xD800 && s <= 0xDFFF)) return false;
  *c = uint32_t(s);
  return true;
}

Uint utf_bits(uint32_t c, int width) {
  if (width == 8) return c < 0x80 ? 8 : c < 0x800 ? 16 : c < 0x10000 ? 24 : 32;
  if (width == 16) return c < 0x10000 ? 16 : 32;
  return 32;
}

struct Segment {
  Uint type, unit, flags;
  Term value, size;
  Uint bits;
};

// The storage of an appendable binary: a writable SubBin whose ProcBin
// still has this SubBin's end as its end.
ProcBin* writable_base(Term b) {
  if (!is_boxed_of(b, SUB_SUB_BIN)) return nullptr;
  auto* sb = reinterpret_cast<SubBin*>(boxed_ptr(b));
  if (!sb->is_writable || sb->offs != 0 || sb->bitoffs != 0 || sb->bitsize != 0) return nullptr;
  if (!is_boxed_of(sb->orig, SUB_REFC_BIN)) return nullptr;
  auto* pb = reinterpret_cast<ProcBin*>(boxed_ptr(sb->orig));
  if (!(pb->flags & PB_ACTIVE_WRITER) || pb->size != sb->size) return nullptr;
  return pb;
}

Term make_writable_sub(Heap& h, Term orig, Uint size) {
  auto* sb = reinterpret_cast<SubBin*>(h.alloc(SUB_BIN_WORDS));
  sb->header = make_header(SUB_BIN_WORDS - 1, SUB_SUB_BIN);
  sb->size = size;
  sb->offs = 0;
  sb->bitsize = 0;
  sb->bitoffs = 0;
  sb->is_writable = 1;
  std::memset(sb->pad, 0, sizeof sb->pad);
  sb->orig = orig;
  return make_boxed(reinterpret_cast<Term*>(sb));
}

}  // namespace

Term interp_bs_create_bin(Process* p, Term* x, Term* E, const Term* segs, Uint n,
                          Uint /*unit*/) {
  // segments on the stack for the usual few (no allocation per build)
  Segment small[8];
  std::vector<Segment> big;
  Segment* sv = small;
  if (n > 8) {
    big.resize(n);
    sv = big.data();
  }
  Uint total = 0;
  for (Uint i = 0; i < n; i++) {
    const Term* w = segs + i * BS_SEGMENT_WORDS;
    Segment& s = sv[i];
    s.type = w[0];
    s.unit = w[1];
    s.flags = w[2];
    // a string segment's value is a pointer into the module's StrT
    s.value = s.type == BS_SEG_STRING ? w[3] : operand_value(w[3], x, E);
    s.size = operand_value(w[4], x, E);
    Uint sz = 0;
    switch (s.type) {
      case BS_SEG_INTEGER: {
        int r = segment_bits(s.size, s.unit, &s.bits);
        if (r < 0) return bs_system_limit(p);
        if (!is_integer(s.value) || r == 0) return bs_badarg(p);
        break;
      }
      case BS_SEG_FLOAT:
        if (!is_number(s.value) || !size_value(s.size, &sz)) return bs_badarg(p);
        s.bits = sz * s.unit;
        if (s.bits != 16 && s.bits != 32 && s.bits != 64) return bs_badarg(p);
        break;
      case BS_SEG_BINARY:
      case BS_SEG_APPEND:
      case BS_SEG_PRIVATE_APPEND: {
        if (!is_bitstring(s.value)) return bs_badarg(p);
        Uint have = bit_view(s.value).bit_size;
        if (s.size == atom::all || s.type != BS_SEG_BINARY) {
          if (s.unit > 1 && have % s.unit != 0) return bs_badarg(p);
          s.bits = have;
        } else {
          if (!size_value(s.size, &sz)) return bs_badarg(p);
          s.bits = sz * s.unit;
          if (s.bits > have) return bs_badarg(p);
        }
        break;
      }
      case BS_SEG_UTF8:
      case BS_SEG_UTF16:
      case BS_SEG_UTF32: {
        uint32_t c;
        if (!valid_code_point(s.value, &c)) return bs_badarg(p);
        s.bits = utf_bits(c, s.type == BS_SEG_UTF8 ? 8 : s.type == BS_SEG_UTF16 ? 16 : 32);
        break;
      }
      case BS_SEG_STRING:
        s.bits = Uint(small_value(s.size)) * 8;
        break;
      default:
        return bs_badarg(p);
    }
    total += s.bits;
  }

  // Destination storage.
  Heap& h = p->heap;
  uint8_t* dst;
  Uint pos = 0;
  Term result = THE_NON_VALUE;
  ProcBin* target_pb = nullptr;
  bool append = n > 0 && (sv[0].type == BS_SEG_APPEND || sv[0].type == BS_SEG_PRIVATE_APPEND);
  if (append && (total & 7) == 0) {
    Term acc = sv[0].value;
    ProcBin* pb = writable_base(acc);
    Uint need = total / 8;
    if (pb) {
      reinterpret_cast<SubBin*>(boxed_ptr(acc))->is_writable = 0;
      if (pb->val->size < need) {
        Uint cap = need * 2;
        if (pb->val->refc.load() == 1) {
          pb->val = binary_realloc(pb->val, cap);
        } else {
          Binary* nb = binary_alloc(cap);
          std::memcpy(nb->data, pb->bytes, pb->size);
          binary_decref(pb->val);
          pb->val = nb;
        }
        pb->bytes = pb->val->data;
      }
      pos = pb->size * 8;
      pb->size = need;
      target_pb = pb;
      dst = pb->bytes;
      result = make_writable_sub(h, make_boxed(reinterpret_cast<Term*>(pb)), need);
    } else {
      Uint cap = need * 2 < 256 ? 256 : need * 2;
      Binary* b = binary_alloc(cap);
      Term orig = make_proc_bin(h, b, b->data, need);
      auto* npb = reinterpret_cast<ProcBin*>(boxed_ptr(orig));
      npb->flags = PB_ACTIVE_WRITER;
      BitView v = bit_view(acc);
      copy_bits(v.bytes, v.bit_offset, b->data, 0, v.bit_size);
      pos = v.bit_size;
      dst = b->data;
      target_pb = npb;
      result = make_writable_sub(h, orig, need);
    }
    (void)target_pb;
    sv[0].bits = 0;  // already in place
  } else {
    Uint nbytes = (total + 7) / 8;
    result = new_binary_uninit(h, nbytes, &dst);
    if (nbytes) dst[nbytes - 1] = 0;
    if (total & 7) result = make_sub_bitstring(h, result, 0, total);
  }

  for (Uint i = 0; i < n; i++) {
    Segment& s = sv[i];
    bool little = (s.flags & BS_FLAG_LITTLE) != 0;
    switch (s.type) {
      case BS_SEG_INTEGER:
        put_integer(dst, pos, s.value, s.bits, little);
        break;
      case BS_SEG_FLOAT: {
        double d;
        interp_number_to_double(s.value, &d);
        if (!put_float(dst, pos, d, s.bits, little)) return bs_badarg(p);
        break;
      }
      case BS_SEG_BINARY:
      case BS_SEG_APPEND:
      case BS_SEG_PRIVATE_APPEND: {
        if (s.bits == 0) break;
        BitView v = bit_view(s.value);
        copy_bits(v.bytes, v.bit_offset, dst, pos, s.bits);
        break;
      }
      case BS_SEG_UTF8: {
        uint8_t buf[4];
        int len = utf8_encode(uint32_t(small_value(s.value)), buf);
        copy_bits(buf, 0, dst, pos, Uint(len) * 8);
        break;
      }
      case BS_SEG_UTF16: {
        uint32_t c = uint32_t(small_value(s.value));
        uint16_t units[2];
        int nu = 1;
        if (c >= 0x10000) {
          c -= 0x10000;
          units[0] = uint16_t(0xD800 | (c >> 10));
          units[1] = uint16_t(0xDC00 | (c & 0x3FF));
          nu = 2;
        } else {
          units[0] = uint16_t(c);
        }
        for (int k = 0; k < nu; k++) {
          uint8_t b[2] = {uint8_t(units[k] >> 8), uint8_t(units[k])};
          if (little) std::swap(b[0], b[1]);
          copy_bits(b, 0, dst, pos + Uint(k) * 16, 16);
        }
        break;
      }
      case BS_SEG_UTF32:
        put_integer(dst, pos, s.value, 32, little);
        break;
      case BS_SEG_STRING:
        copy_bits(reinterpret_cast<const uint8_t*>(s.value), 0, dst, pos, s.bits);
        break;
    }
    pos += s.bits;
  }
  return result;
}

// ---- matching ---------------------------------------------------------------

Term interp_bs_start_match(Process* p, Term bin) {
  auto* mc = reinterpret_cast<MatchCtx*>(p->heap.alloc(MATCH_CTX_WORDS));
  mc->header = make_header(MATCH_CTX_WORDS - 1, SUB_MATCH_CTX);
  Term* b = boxed_ptr(bin);
  if (header_subtag(*b) == SUB_SUB_BIN) {
    auto* sb = reinterpret_cast<SubBin*>(b);
    mc->orig = sb->orig;
    mc->offset = sb->offs * 8 + sb->bitoffs;
    mc->end = mc->offset + sb->size * 8 + sb->bitsize;
  } else {
    mc->orig = bin;
    mc->offset = 0;
    mc->end = orig_size(bin) * 8;
  }
  return make_boxed(reinterpret_cast<Term*>(mc));
}

namespace {

MatchCtx* ctx_of(Term t) { return reinterpret_cast<MatchCtx*>(boxed_ptr(t)); }

// Bits of the match as an integer.
Term read_integer(Process* p, const uint8_t* src, Uint pos, Uint bits, bool little, bool sign) {
  if (bits == 0) return make_small(0);
  Uint nbytes = (bits + 7) / 8;
  if ((pos & 7) == 0 && (bits & 7) == 0 && bits <= 56) {
    // the common case: whole bytes at a byte position, read directly
    const uint8_t* s = src + pos / 8;
    Uint u = 0;
    for (Uint i = 0; i < nbytes; i++) u |= Uint(s[little ? i : nbytes - 1 - i]) << (8 * i);
    if (sign && ((u >> (bits - 1)) & 1)) u |= ~Uint(0) << bits;
    return make_small(Sint(u));
  }
  uint8_t stack_buf[24] = {};
  std::vector<uint8_t> heap_buf;
  uint8_t* buf = stack_buf;
  if (nbytes + 8 > sizeof stack_buf) {
    heap_buf.assign(nbytes + 8, 0);
    buf = heap_buf.data();
  }
  Uint rem = bits & 7;
  if (little) {
    copy_bits(src, pos, buf, 0, bits);
    if (rem) buf[nbytes - 1] = uint8_t(buf[nbytes - 1] >> (8 - rem));
  } else {
    copy_bits(src, pos, buf, nbytes * 8 - bits, bits);
    for (Uint i = 0; i < nbytes / 2; i++) std::swap(buf[i], buf[nbytes - 1 - i]);
  }
  // buf holds the value little-endian, `bits` significant bits
  bool negative = sign && ((buf[(bits - 1) / 8] >> ((bits - 1) % 8)) & 1);
  if (bits <= 63) {
    Uint u = 0;
    for (Uint i = 0; i < nbytes; i++) u |= Uint(buf[i]) << (8 * i);
    if (negative) u |= ~Uint(0) << bits;
    return make_integer(p->heap, Sint(u));
  }
  Uint nlimbs = (nbytes + 7) / 8;
  std::vector<Uint> limbs(nlimbs, 0);
  for (Uint i = 0; i < nbytes; i++) limbs[i / 8] |= Uint(buf[i]) << (8 * (i % 8));
  if (negative) {
    // magnitude = 2^bits - value: invert the `bits` bits and add one
    Uint topbits = bits % 64;
    for (Uint i = 0; i < nlimbs; i++) limbs[i] = ~limbs[i];
    if (topbits) limbs[nlimbs - 1] &= (Uint(1) << topbits) - 1;
    for (Uint i = 0; i < nlimbs; i++)
      if (++limbs[i] != 0) break;
  }
  while (nlimbs > 0 && limbs[nlimbs - 1] == 0) nlimbs--;
  return int_from_limbs(p->heap, limbs.data(), nlimbs, negative);
}

}  // namespace

Term interp_bs_get_integer(Process* p, Term ctx, Term size, Uint unit, Uint flags) {
  MatchCtx* mc = ctx_of(ctx);
  Uint sz;
  if (!size_value(size, &sz)) return THE_NON_VALUE;
  Uint bits = sz * unit;
  if (mc->end - mc->offset < bits) return THE_NON_VALUE;
  Term r = read_integer(p, orig_bytes(mc->orig), mc->offset, bits, (flags & BS_FLAG_LITTLE) != 0,
                        (flags & BS_FLAG_SIGNED) != 0);
  mc->offset += bits;
  return r;
}

Term interp_bs_get_float(Process* p, Term ctx, Term size, Uint unit, Uint flags) {
  MatchCtx* mc = ctx_of(ctx);
  Uint sz;
  if (!size_value(size, &sz)) return THE_NON_VALUE;
  Uint bits = sz * unit;
  if ((bits != 16 && bits != 32 && bits != 64) || mc->end - mc->offset < bits) return THE_NON_VALUE;
  uint8_t buf[8] = {};
  copy_bits(orig_bytes(mc->orig), mc->offset, buf, 0, bits);
  Uint n = bits / 8;
  if (flags & BS_FLAG_LITTLE)
    for (Uint i = 0; i < n / 2; i++) std::swap(buf[i], buf[n - 1 - i]);
  double d;
  if (bits == 64) {
    uint64_t u = 0;
    for (int i = 0; i < 8; i++) u = (u << 8) | buf[i];
    std::memcpy(&d, &u, 8);
  } else if (bits == 32) {
    uint32_t u = 0;
    for (int i = 0; i < 4; i++) u = (u << 8) | buf[i];
    float f;
    std::memcpy(&f, &u, 4);
    d = f;
  } else {
    d = half_to_double(uint16_t((buf[0] << 8) | buf[1]));
  }
  if (!std::isfinite(d)) return THE_NON_VALUE;
  mc->offset += bits;
  return make_float(p->heap, d);
}

Term interp_bs_get_binary(Process* p, Term ctx, Term size, Uint unit, Uint flags) {
  MatchCtx* mc = ctx_of(ctx);
  Uint left = mc->end - mc->offset;
  Uint bits;
  if (size == atom::all) {
    if (unit > 1 && left % unit != 0) return THE_NON_VALUE;
    bits = left;
  } else {
    Uint sz;
    if (!size_value(size, &sz)) return THE_NON_VALUE;
    bits = sz * unit;
    if (left < bits) return THE_NON_VALUE;
  }
  Term r = make_sub_bitstring(p->heap, mc->orig, mc->offset, bits);
  mc->offset += bits;
  return r;
}

bool interp_bs_skip_bits(Process*, Term ctx, Term size, Uint unit) {
  MatchCtx* mc = ctx_of(ctx);
  Uint left = mc->end - mc->offset;
  Uint bits;
  if (size == atom::all) {
    if (unit > 1 && left % unit != 0) return false;
    bits = left;
  } else {
    Uint sz;
    if (!size_value(size, &sz)) return false;
    bits = sz * unit;
    if (left < bits) return false;
  }
  mc->offset += bits;
  return true;
}

bool interp_bs_match_string(Term ctx, Uint bits, const uint8_t* bytes) {
  MatchCtx* mc = ctx_of(ctx);
  if (mc->end - mc->offset < bits) return false;
  const uint8_t* src = orig_bytes(mc->orig);
  if ((mc->offset & 7) == 0 && (bits & 7) == 0) {
    if (std::memcmp(src + mc->offset / 8, bytes, bits / 8) != 0) return false;
  } else {
    std::vector<uint8_t> buf((bits + 7) / 8, 0);
    copy_bits(src, mc->offset, buf.data(), 0, bits);
    Uint whole = bits / 8;
    if (std::memcmp(buf.data(), bytes, whole) != 0) return false;
    Uint rem = bits & 7;
    if (rem) {
      uint8_t mask = uint8_t(0xFF << (8 - rem));
      if ((buf[whole] & mask) != (bytes[whole] & mask)) return false;
    }
  }
  mc->offset += bits;
  return true;
}

Term interp_bs_get_tail(Process* p, Term ctx) {
  MatchCtx* mc = ctx_of(ctx);
  return make_sub_bitstring(p->heap, mc->orig, mc->offset, mc->end - mc->offset);
}

Term interp_bs_get_utf(Process* p, Term ctx, int width, Uint flags, bool advance) {
  (void)p;
  MatchCtx* mc = ctx_of(ctx);
  Uint left = mc->end - mc->offset;
  const uint8_t* src = orig_bytes(mc->orig);
  uint8_t b[4] = {};
  bool little = (flags & BS_FLAG_LITTLE) != 0;
  uint32_t c;
  Uint used;
  if (width == 8) {
    if (left < 8) return THE_NON_VALUE;
    copy_bits(src, mc->offset, b, 0, 8);
    Uint len = b[0] < 0x80 ? 1 : (b[0] & 0xE0) == 0xC0 ? 2 : (b[0] & 0xF0) == 0xE0 ? 3
               : (b[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || left < len * 8) return THE_NON_VALUE;
    copy_bits(src, mc->offset, b, 0, len * 8);
    if (len == 1) {
      c = b[0];
    } else {
      c = b[0] & (0x7F >> len);
      for (Uint i = 1; i < len; i++) {
        if ((b[i] & 0xC0) != 0x80) return THE_NON_VALUE;
        c = (c << 6) | (b[i] & 0x3F);
      }
      static const uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
      if (c < min_for_len[len]) return THE_NON_VALUE;
    }
    used = len * 8;
  } else if (width == 16) {
    if (left < 16) return THE_NON_VALUE;
    copy_bits(src, mc->offset, b, 0, 16);
    uint32_t u1 = little ? (b[1] << 8 | b[0]) : (b[0] << 8 | b[1]);
    if (u1 >= 0xD800 && u1 <= 0xDBFF) {
      if (left < 32) return THE_NON_VALUE;
      copy_bits(src, mc->offset + 16, b + 2, 0, 16);
      uint32_t u2 = little ? (b[3] << 8 | b[2]) : (b[2] << 8 | b[3]);
      if (u2 < 0xDC00 || u2 > 0xDFFF) return THE_NON_VALUE;
      c = 0x10000 + ((u1 - 0xD800) << 10) + (u2 - 0xDC00);
      used = 32;
    } else if (u1 >= 0xDC00 && u1 <= 0xDFFF) {
      return THE_NON_VALUE;
    } else {
      c = u1;
      used = 16;
    }
  } else {
    if (left < 32) return THE_NON_VALUE;
    copy_bits(src, mc->offset, b, 0, 32);
    c = little ? (uint32_t(b[3]) << 24 | b[2] << 16 | b[1] << 8 | b[0])
               : (uint32_t(b[0]) << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    used = 32;
  }
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return THE_NON_VALUE;
  if (advance) mc->offset += used;
  return make_small(Sint(c));
}

}  // namespace girder
