// Chardata to UTF-8 for latin1 and utf8 input, with ERTS's rules:
//  - UTF-8 is strict: no overlong forms, no surrogates, nothing above
//    U+10FFFF;
//  - a binary may end inside a character; the bytes wait ("leftover") for
//    the next binary. If an integer comes next, or the next bytes do not
//    complete a valid character, that is an error; if the input ends, it is
//    an error or incomplete depending on whether the bytes could still
//    start a character;
//  - on error, Rest keeps the structure of the input: the failing list cell
//    (or the rest of the failing binary in front of the cell's tail), wrapped
//    as [Inner | Tail] for each enclosing list, and with leftover bytes in
//    front as [Leftover, Rest].
#include <cstring>

#include "bif/binary_util.h"
#include "bif/iolist.h"
#include "bif/unicode_convert.h"

namespace girder {

namespace {

bool cont(uint8_t b) { return (b & 0xC0) == 0x80; }

// Length of the sequence that lead byte c starts, or 0 if c cannot start one.
int lead_length(uint8_t c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 0;
}

// Checks the complete sequence s[0, len) where len = lead_length(s[0]).
bool sequence_ok(const uint8_t* s, int len) {
  switch (len) {
    case 1:
      return true;
    case 2:
      return cont(s[1]) && s[0] >= 0xC2;
    case 3:
      if (!cont(s[1]) || !cont(s[2]) || (s[0] == 0xE0 && s[1] < 0xA0)) return false;
      return !((s[0] & 0x0F) == 0x0D && (s[1] & 0x20));  // U+D800..U+DFFF
    case 4:
      if (!cont(s[1]) || !cont(s[2]) || !cont(s[3]) || (s[0] == 0xF0 && s[1] < 0x90)) return false;
      return !((s[0] & 7) > 4 || ((s[0] & 7) == 4 && (s[1] & 0x3F) > 0x0F));  // > U+10FFFF
    default:
      return false;
  }
}

// Whether a truncated sequence could still become a character: only the
// form of the continuation bytes present is checked, as ERTS does.
bool leftover_may_complete(const uint8_t* s, Uint n) {
  int len = lead_length(s[0]);
  if (len == 2) return true;
  if (len == 3) return n < 2 || (n < 3 && cont(s[1]));
  if (len == 4)
    return n < 2 || (n < 3 && cont(s[1])) || (n < 4 && cont(s[1]) && cont(s[2]));
  return false;
}

class NativeConverter {
 public:
  NativeConverter(Heap& h, bool latin1, Utf8Conversion* r) : h_(h), latin1_(latin1), r_(r) {}

  void run(Term data) {
    Term rest = NIL;
    bool failed = !convert(data, &rest);
    if (failed) {
      r_->status = Utf8Conversion::error;
      if (nleft_) rest = make_cons(h_, leftover_bin(), make_cons(h_, rest, NIL));
      r_->rest = rest;
    } else if (nleft_) {
      r_->status = leftover_may_complete(left_, nleft_) ? Utf8Conversion::incomplete
                                                          : Utf8Conversion::error;
      r_->rest = leftover_bin();
    }
  }

 private:
  Term leftover_bin() { return new_binary(h_, left_, nleft_); }

  // Converts one binary; on error *rest is what remains of it.
  bool binary(Term bin, Term* rest) {
    ByteSpan bytes(bin);
    const uint8_t* s = bytes.data();
    Uint n = bytes.size();
    std::vector<uint8_t>& out = r_->out;
    if (latin1_) {
      for (Uint i = 0; i < n; i++) utf8_append(out, s[i]);
      return true;
    }
    Uint i = 0;
    if (nleft_) {
      int len = lead_length(left_[0]);
      Uint wanted = Uint(len) - nleft_;
      if (n < wanted) {
        std::memcpy(left_ + nleft_, s, n);
        nleft_ += int(n);
        return true;
      }
      uint8_t seq[4];
      std::memcpy(seq, left_, nleft_);
      std::memcpy(seq + nleft_, s, wanted);
      if (!sequence_ok(seq, len)) {
        // The whole binary is the rest; the leftover stays in front of it.
        *rest = byte_slice(h_, bin, 0, n);
        return false;
      }
      out.insert(out.end(), seq, seq + len);
      nleft_ = 0;
      i = wanted;
    }
    while (i < n) {
      int len = lead_length(s[i]);
      if (len == 0) break;
      if (n - i < Uint(len)) {
        nleft_ = int(n - i);
        std::memcpy(left_, s + i, nleft_);
        return true;
      }
      if (!sequence_ok(s + i, len)) break;
      out.insert(out.end(), s + i, s + i + len);
      i += len;
    }
    if (i == n) return true;
    *rest = byte_slice(h_, bin, i, n - i);
    return false;
  }

  // Encodes a list element; false if it is not a character here.
  bool integer(Term t) {
    if (!is_small(t) || nleft_) return false;
    Sint v = small_value(t);
    if (v < 0 || v >= 0x110000 || (v >= 0xD800 && v <= 0xDFFF)) return false;
    if (latin1_ && v > 255) return false;
    utf8_append(r_->out, uint32_t(v));
    return true;
  }

  bool convert(Term t, Term* rest) {
    if (is_nil(t)) return true;
    if (is_bitstring(t)) return binary(t, rest);
    // Tails of the enclosing lists, innermost last; [] tails are kept too,
    // since they show in the shape of Rest.
    std::vector<Term> tails;
    Term failed;
    for (;;) {
      if (is_list(t)) {
        Term h = car(t);
        if (is_nil(h)) {
          t = cdr(t);
        } else if (is_list(h)) {
          tails.push_back(cdr(t));
          t = h;
        } else if (is_bitstring(h)) {
          Term r;
          if (!binary(h, &r)) {
            failed = make_cons(h_, r, cdr(t));
            break;
          }
          t = cdr(t);
        } else if (integer(h)) {
          t = cdr(t);
        } else {
          failed = t;
          break;
        }
        continue;
      }
      if (is_bitstring(t)) {
        Term r;
        if (!binary(t, &r)) {
          failed = r;
          break;
        }
      } else if (!is_nil(t)) {
        failed = t;
        break;
      }
      if (tails.empty()) return true;
      t = tails.back();
      tails.pop_back();
    }
    while (!tails.empty()) {
      failed = make_cons(h_, failed, tails.back());
      tails.pop_back();
    }
    *rest = failed;
    return false;
  }

  Heap& h_;
  bool latin1_;
  Utf8Conversion* r_;
  uint8_t left_[4];
  int nleft_ = 0;
};

bool shape_binary_ok(Term b) { return bit_view(b).is_binary(); }

}  // namespace

bool chardata_shape_ok(Term t) {
  if (is_nil(t)) return true;
  if (is_bitstring(t)) return shape_binary_ok(t);
  if (!is_list(t)) return false;
  iolist_detail::TailStack tails;
  for (;;) {
    while (is_list(t)) {
      Term h = car(t);
      if (is_big(h)) return true;  // conversion stops here; nothing later matters
      if (is_list(h)) {
        if (!is_nil(cdr(t))) tails.push(cdr(t));
        t = h;
        continue;
      }
      if (is_bitstring(h)) {
        if (!shape_binary_ok(h)) return false;
      } else if (!is_small(h) && !is_nil(h)) {
        return false;
      }
      t = cdr(t);
    }
    if (is_bitstring(t)) {
      if (!shape_binary_ok(t)) return false;
    } else if (!is_nil(t)) {
      return false;
    }
    if (tails.empty()) return true;
    t = tails.pop();
  }
}

void convert_chardata(Heap& h, Term data, bool latin1, Utf8Conversion* r) {
  NativeConverter(h, latin1, r).run(data);
}

Uint utf8_valid_prefix(const uint8_t* s, Uint n, Utf8Conversion::Status* status) {
  Uint i = 0;
  *status = Utf8Conversion::ok;
  while (i < n) {
    int len = lead_length(s[i]);
    if (len == 0) {
      *status = Utf8Conversion::error;
      break;
    }
    if (n - i < Uint(len)) {
      *status = leftover_may_complete(s + i, n - i) ? Utf8Conversion::incomplete
                                                     : Utf8Conversion::error;
      break;
    }
    if (!sequence_ok(s + i, len)) {
      *status = Utf8Conversion::error;
      break;
    }
    i += len;
  }
  return i;
}

bool is_valid_utf8(const uint8_t* s, Uint n) {
  Utf8Conversion::Status st;
  return utf8_valid_prefix(s, n, &st) == n;
}

void utf8_append(std::vector<uint8_t>& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(uint8_t(cp));
  } else if (cp < 0x800) {
    out.push_back(uint8_t(0xC0 | (cp >> 6)));
    out.push_back(uint8_t(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(uint8_t(0xE0 | (cp >> 12)));
    out.push_back(uint8_t(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(uint8_t(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(uint8_t(0xF0 | (cp >> 18)));
    out.push_back(uint8_t(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(uint8_t(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(uint8_t(0x80 | (cp & 0x3F)));
  }
}

Term utf8_to_list(Heap& h, const uint8_t* s, Uint n, Term tail) {
  Uint count = 0;
  for (Uint i = 0; i < n; i++) count += !cont(s[i]);
  if (count == 0) return tail;
  Term* cells = h.alloc(2 * count);
  Uint k = 0;
  for (Uint i = 0; i < n;) {
    int len = lead_length(s[i]);
    uint32_t cp = len == 1 ? s[i] : s[i] & (0xFF >> (len + 1));
    for (int j = 1; j < len; j++) cp = (cp << 6) | (s[i + j] & 0x3F);
    i += len;
    cells[2 * k] = make_small(cp);
    cells[2 * k + 1] = k + 1 < count ? make_list(cells + 2 * (k + 1)) : tail;
    k++;
  }
  return make_list(cells);
}

}  // namespace girder
