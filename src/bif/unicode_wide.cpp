// Chardata in utf16 or utf32 to UTF-8, the way unicode.erl's
// characters_to_binary_int/3 does it (ERTS traps to that Erlang code for
// these encodings; Girder runs the same walk natively):
//  - the input is walked in order and the walk stops at the first problem;
//    an element of the wrong type is badarg only if the walk reaches it;
//  - binaries longer than 8192 bytes are cut into 8192-byte pieces, which
//    shows in Rest;
//  - a binary may end inside a character; the missing bytes are taken from
//    the next binary, whose remainder stays a separate element of Rest;
//  - an integer element is a code point (any integer: out of range ones
//    are errors, not badarg), and an error there is reported as [[I] | T];
//  - on error, each enclosing list level wraps Rest as [Rest | Tail].
// The walk is iterative; the list cells that Erlang would build for cut
// binaries are built on the heap, so that Rest has the same shape.
#include <cstring>
#include <vector>

#include "bif/binary_util.h"
#include "bif/unicode_convert.h"
#include "term/atom_table.h"

namespace girder {

namespace {

constexpr Uint CHUNK = 8192;

bool surrogate(uint32_t u) { return u >= 0xD800 && u <= 0xDFFF; }

// Decodes whole characters from s[0, n) into out; returns where it stopped.
Uint decode_units(WideEncoding enc, const uint8_t* s, Uint n, std::vector<uint8_t>& out) {
  Uint i = 0;
  switch (enc) {
    case WideEncoding::utf16_big:
    case WideEncoding::utf16_little: {
      bool big = enc == WideEncoding::utf16_big;
      auto unit = [&](Uint at) -> uint32_t {
        return big ? uint32_t(s[at] << 8 | s[at + 1]) : uint32_t(s[at + 1] << 8 | s[at]);
      };
      while (n - i >= 2) {
        uint32_t u = unit(i);
        if (!surrogate(u)) {
          utf8_append(out, u);
          i += 2;
          continue;
        }
        if (u > 0xDBFF || n - i < 4) break;  // lone low half, or pair cut short
        uint32_t lo = unit(i + 2);
        if (lo < 0xDC00 || lo > 0xDFFF) break;
        utf8_append(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 4;
      }
      return i;
    }
    case WideEncoding::utf32_big:
    case WideEncoding::utf32_little: {
      bool big = enc == WideEncoding::utf32_big;
      while (n - i >= 4) {
        const uint8_t* b = s + i;
        uint32_t u = big ? uint32_t(b[0]) << 24 | b[1] << 16 | b[2] << 8 | b[3]
                         : uint32_t(b[3]) << 24 | b[2] << 16 | b[1] << 8 | b[0];
        if (u > 0x10FFFF || surrogate(u)) break;
        utf8_append(out, u);
        i += 4;
      }
      return i;
    }
  }
  return i;
}

// unicode.erl's cbv/2: for the undecodable end r of a binary, how many
// more bytes could make it a character (0: none, it is an error).
Uint missing_bytes(WideEncoding enc, const uint8_t* r, Uint n) {
  auto high_lead = [](uint8_t b) { return (b >> 2) == 0x36; };  // 0xD8..0xDB
  auto low_lead = [](uint8_t b) { return (b >> 2) == 0x37; };   // 0xDC..0xDF
  switch (enc) {
    case WideEncoding::utf16_big:
      if (n == 1) return r[0] <= 215 || r[0] >= 224 ? 1 : high_lead(r[0]) ? 3 : 0;
      if (n == 2) return high_lead(r[0]) ? 2 : 0;
      if (n == 3) return high_lead(r[0]) && low_lead(r[2]) ? 1 : 0;
      return 0;
    case WideEncoding::utf16_little:
      if (n == 1) return 1;
      if (n == 2) return high_lead(r[1]) ? 2 : 0;
      if (n == 3) return high_lead(r[1]) ? 1 : 0;
      return 0;
    case WideEncoding::utf32_big:
      if (n == 1) return r[0] == 0 ? 3 : 0;
      if (n == 2) return r[0] == 0 && r[1] <= 16 ? 2 : 0;
      if (n == 3) return r[0] == 0 && r[1] <= 16 && (r[1] > 0 || r[2] <= 215 || r[2] >= 224) ? 1 : 0;
      return 0;
    case WideEncoding::utf32_little:
      if (n == 1) return 3;
      if (n == 2) return 2;
      if (n == 3) {
        if ((r[0] == 254 || r[0] == 255) && r[1] == 255 && r[2] == 0) return 0;
        return r[2] <= 16 && (r[2] > 0 || r[1] <= 215 || r[1] >= 224) ? 1 : 0;
      }
      return 0;
  }
  return 0;
}

class WideConverter {
 public:
  WideConverter(Heap& h, WideEncoding enc, Utf8Conversion* r) : h_(h), enc_(enc), r_(r) {}

  void run(Term x) {
    std::vector<Term> tails;  // T of each enclosing [List | T], innermost last
    Term rest;
    for (;;) {
      if (is_list(x)) {
        Term part = car(x), t = cdr(x);
        if (is_integer(part)) {
          if (pending_) {
            rest = make_cons(h_, inc_, x);
            break;
          }
          if (!code_point(part)) {
            rest = make_cons(h_, make_cons(h_, part, NIL), t);
            break;
          }
          x = t;
        } else if (is_byte_binary(part)) {
          Uint n = bit_view(part).byte_size();
          if (pending_) {
            if (n >= missing_) {
              Term whole = concat(inc_, part, missing_);
              Term trailing = byte_slice(h_, part, missing_, n - missing_);
              pending_ = false;
              x = make_cons(h_, whole, make_cons(h_, trailing, t));
            } else {
              inc_ = concat(inc_, part, n);
              missing_ -= n;
              x = t;
            }
          } else if (n > CHUNK) {
            x = cut(part, t);
          } else {
            Term r;
            if (!piece(part, &r)) {
              rest = make_cons(h_, r, t);
              break;
            }
            x = t;
          }
        } else if (is_list(part) || is_nil(part)) {
          tails.push_back(t);
          x = part;
        } else {
          r_->status = Utf8Conversion::badarg;
          return;
        }
        continue;
      }
      if (is_byte_binary(x)) {
        // An improper tail (or the whole input) that is a binary.
        Uint n = bit_view(x).byte_size();
        if (pending_) {
          if (n >= missing_) {
            x = make_cons(h_, inc_, make_cons(h_, x, NIL));
            pending_ = false;
            continue;
          }
          inc_ = concat(inc_, x, n);
          missing_ -= n;
        } else if (n > CHUNK) {
          x = cut(x, NIL);
          continue;
        } else {
          Term r;
          if (!piece(x, &r)) {
            rest = r;
            break;
          }
        }
      } else if (!is_nil(x)) {
        r_->status = Utf8Conversion::badarg;
        return;
      }
      // This level is done; continue with the enclosing one.
      if (tails.empty()) {
        if (pending_) {
          r_->status = Utf8Conversion::incomplete;
          r_->rest = inc_;
        }
        return;
      }
      x = tails.back();
      tails.pop_back();
    }
    while (!tails.empty()) {
      rest = make_cons(h_, rest, tails.back());
      tails.pop_back();
    }
    r_->status = Utf8Conversion::error;
    r_->rest = rest;
  }

 private:
  // [First 8192 bytes, the rest | t]
  Term cut(Term bin, Term t) {
    Uint n = bit_view(bin).byte_size();
    Term a = byte_slice(h_, bin, 0, CHUNK);
    Term b = byte_slice(h_, bin, CHUNK, n - CHUNK);
    return make_cons(h_, a, make_cons(h_, b, t));
  }

  // a followed by the first n bytes of b, as a new binary.
  Term concat(Term a, Term b, Uint n) {
    ByteSpan x(a), y(b);
    std::vector<uint8_t> buf(x.data(), x.data() + x.size());
    buf.insert(buf.end(), y.data(), y.data() + n);
    return new_binary(h_, buf.data(), buf.size());
  }

  bool code_point(Term t) {
    if (!is_small(t)) return false;
    Sint v = small_value(t);
    if (v < 0 || v > 0x10FFFF || surrogate(uint32_t(v))) return false;
    utf8_append(r_->out, uint32_t(v));
    return true;
  }

  // Converts one binary of at most CHUNK bytes. False on error, with *rest
  // the undecodable end; an incomplete end becomes pending.
  bool piece(Term bin, Term* rest) {
    ByteSpan bytes(bin);
    Uint n = bytes.size();
    Uint done = decode_units(enc_, bytes.data(), n, r_->out);
    if (done == n) return true;
    Term tail = byte_slice(h_, bin, done, n - done);
    Uint missing = missing_bytes(enc_, bytes.data() + done, n - done);
    if (missing == 0) {
      *rest = tail;
      return false;
    }
    pending_ = true;
    inc_ = tail;
    missing_ = missing;
    return true;
  }

  Heap& h_;
  WideEncoding enc_;
  Utf8Conversion* r_;
  bool pending_ = false;  // a character cut short waits for missing_ bytes
  Term inc_ = NIL;
  Uint missing_ = 0;
};

}  // namespace

bool parse_wide_encoding(Term enc, WideEncoding* out) {
  if (enc == atom::utf16) {
    *out = WideEncoding::utf16_big;
    return true;
  }
  if (enc == atom::utf32) {
    *out = WideEncoding::utf32_big;
    return true;
  }
  if (!is_tuple(enc) || tuple_arity(enc) != 2) return false;
  Term kind = tuple_elem(enc, 1), endian = tuple_elem(enc, 2);
  if (endian != atom::big && endian != atom::little) return false;
  bool little = endian == atom::little;
  if (kind == atom::utf16) {
    *out = little ? WideEncoding::utf16_little : WideEncoding::utf16_big;
  } else if (kind == atom::utf32) {
    *out = little ? WideEncoding::utf32_little : WideEncoding::utf32_big;
  } else {
    return false;
  }
  return true;
}

void convert_wide_chardata(Heap& h, Term data, WideEncoding enc, Utf8Conversion* r) {
  WideConverter(h, enc, r).run(data);
}

}  // namespace girder
