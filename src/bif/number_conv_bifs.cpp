// Number conversion BIFs: abs/1, float/1, trunc/1, round/1, ceil/1,
// floor/1, integer_to_list/1,2, integer_to_binary/1,2, list_to_integer/1,2,
// binary_to_integer/1,2, float_to_list/1,2, float_to_binary/1,2,
// list_to_float/1, binary_to_float/1.
//
// Unlike the operators (badarith), these raise badarg for a wrong argument,
// as ERTS does: abs(a), float(a), float(1 bsl 1024), integer_to_list(1.0).
#include <cmath>
#include <string>

#include "bif/bif.h"
#include "term/bignum.h"
#include "term/binary.h"
#include "term/float_format.h"

namespace girder {

namespace {

// The bytes of a proper list of integers 0..255; false otherwise.
bool list_bytes(Term l, std::string* out) {
  for (; is_list(l); l = cdr(l)) {
    Term c = car(l);
    if (!is_small(c) || small_value(c) < 0 || small_value(c) > 255) return false;
    out->push_back(char(small_value(c)));
  }
  return is_nil(l);
}

// The bytes of a binary (whole bytes only); false for anything else.
bool binary_bytes(Term b, std::string* out) {
  if (!is_bitstring(b)) return false;
  BitView v = bit_view(b);
  if (!v.is_binary()) return false;
  out->resize(v.byte_size());
  if (v.byte_size() > 0) {
    copy_bits(v.bytes, v.bit_offset, reinterpret_cast<uint8_t*>(out->data()), 0, v.bit_size);
  }
  return true;
}

Term text_list(Process* p, const std::string& s) {
  return make_byte_list(p->heap, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
Term text_binary(Process* p, const std::string& s) {
  return new_binary(p->heap, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// A base argument of integer_to_list/2 and friends: a small in 2..36.
int base_arg(Term t) {
  if (!is_small(t)) return 0;
  Sint b = small_value(t);
  return b >= 2 && b <= 36 ? int(b) : 0;
}

enum class Rounding { TRUNC, ROUND, CEIL, FLOOR };

Term to_integer(Process* p, Term t, Rounding mode) {
  if (is_integer(t)) return t;
  if (!is_float(t)) return bif_badarg(p);
  double d = float_value(t);
  switch (mode) {
    case Rounding::TRUNC: d = std::trunc(d); break;
    case Rounding::ROUND: d = std::round(d); break;  // half away from zero
    case Rounding::CEIL: d = std::ceil(d); break;
    case Rounding::FLOOR: d = std::floor(d); break;
  }
  return double_to_int(p->heap, d);
}

// float_to_list/2 and float_to_binary/2 options, read as ERTS reads them:
// later options override earlier ones, a {decimals|scientific, N} with a
// small N sets the count (truncated to a C int), and anything else is
// badarg. Returns false for badarg; *text is empty when ERTS's 256-byte
// buffer would overflow (also badarg).
bool float_text(Term f, Term opts, std::string* text) {
  enum class Fmt { LEGACY, SHORT, FIXED, SCIENTIFIC } fmt = Fmt::LEGACY;
  int decimals = 20;
  bool compact = false;
  if (!is_float(f)) return false;
  for (; is_list(opts); opts = cdr(opts)) {
    Term o = car(opts);
    if (o == atom::compact) {
      compact = true;
    } else if (o == atom::short_) {
      fmt = Fmt::SHORT;
    } else if (is_tuple(o) && tuple_arity(o) == 2 && is_small(tuple_elem(o, 2)) &&
               (tuple_elem(o, 1) == atom::decimals || tuple_elem(o, 1) == atom::scientific)) {
      decimals = int(int32_t(uint32_t(Uint(small_value(tuple_elem(o, 2))))));
      fmt = tuple_elem(o, 1) == atom::decimals ? Fmt::FIXED : Fmt::SCIENTIFIC;
    } else {
      return false;
    }
  }
  if (!is_nil(opts)) return false;
  double d = float_value(f);
  switch (fmt) {
    case Fmt::SHORT: *text = float_to_text_short(d); break;
    case Fmt::FIXED: *text = float_to_text_decimals(d, decimals, compact); break;
    case Fmt::LEGACY:
    case Fmt::SCIENTIFIC: *text = float_to_text_scientific(d, decimals); break;
  }
  return !text->empty();
}

Term parse_integer(Process* p, const std::string& s, int base) {
  Term r = int_from_string(p->heap, s.data(), s.size(), base);
  return is_value(r) ? r : bif_badarg(p);
}

Term parse_float(Process* p, const std::string& s) {
  double d;
  if (!text_to_float(s.data(), s.size(), &d)) return bif_badarg(p);
  return make_float(p->heap, d);
}

}  // namespace

Term erlang_abs_1(Process* p, Term* args) {
  Term t = args[0];
  if (is_integer(t)) return int_sign(t) < 0 ? int_neg(p->heap, t) : t;
  if (is_float(t)) {
    // only a value below zero changes: abs(-0.0) stays -0.0 as in ERTS
    double d = float_value(t);
    return d < 0 ? make_float(p->heap, -d) : t;
  }
  return bif_badarg(p);
}

Term erlang_float_1(Process* p, Term* args) {
  Term t = args[0];
  if (is_float(t)) return t;
  double d;
  if (!is_integer(t) || !int_to_double(t, &d)) return bif_badarg(p);
  return make_float(p->heap, d);
}

Term erlang_trunc_1(Process* p, Term* args) { return to_integer(p, args[0], Rounding::TRUNC); }
Term erlang_round_1(Process* p, Term* args) { return to_integer(p, args[0], Rounding::ROUND); }
Term erlang_ceil_1(Process* p, Term* args) { return to_integer(p, args[0], Rounding::CEIL); }
Term erlang_floor_1(Process* p, Term* args) { return to_integer(p, args[0], Rounding::FLOOR); }

Term erlang_integer_to_list_1(Process* p, Term* args) {
  if (!is_integer(args[0])) return bif_badarg(p);
  return text_list(p, int_to_string(args[0], 10));
}

Term erlang_integer_to_list_2(Process* p, Term* args) {
  int base = base_arg(args[1]);
  if (!is_integer(args[0]) || base == 0) return bif_badarg(p);
  return text_list(p, int_to_string(args[0], base));
}

Term erlang_integer_to_binary_1(Process* p, Term* args) {
  if (!is_integer(args[0])) return bif_badarg(p);
  return text_binary(p, int_to_string(args[0], 10));
}

Term erlang_integer_to_binary_2(Process* p, Term* args) {
  int base = base_arg(args[1]);
  if (!is_integer(args[0]) || base == 0) return bif_badarg(p);
  return text_binary(p, int_to_string(args[0], base));
}

Term erlang_list_to_integer_1(Process* p, Term* args) {
  std::string s;
  if (!list_bytes(args[0], &s)) return bif_badarg(p);
  return parse_integer(p, s, 10);
}

Term erlang_list_to_integer_2(Process* p, Term* args) {
  std::string s;
  int base = base_arg(args[1]);
  if (base == 0 || !list_bytes(args[0], &s)) return bif_badarg(p);
  return parse_integer(p, s, base);
}

Term erlang_binary_to_integer_1(Process* p, Term* args) {
  std::string s;
  if (!binary_bytes(args[0], &s)) return bif_badarg(p);
  return parse_integer(p, s, 10);
}

Term erlang_binary_to_integer_2(Process* p, Term* args) {
  std::string s;
  int base = base_arg(args[1]);
  if (base == 0 || !binary_bytes(args[0], &s)) return bif_badarg(p);
  return parse_integer(p, s, base);
}

Term erlang_float_to_list_1(Process* p, Term* args) {
  std::string s;
  if (!float_text(args[0], NIL, &s)) return bif_badarg(p);
  return text_list(p, s);
}

Term erlang_float_to_list_2(Process* p, Term* args) {
  std::string s;
  if (!float_text(args[0], args[1], &s)) return bif_badarg(p);
  return text_list(p, s);
}

Term erlang_float_to_binary_1(Process* p, Term* args) {
  std::string s;
  if (!float_text(args[0], NIL, &s)) return bif_badarg(p);
  return text_binary(p, s);
}

Term erlang_float_to_binary_2(Process* p, Term* args) {
  std::string s;
  if (!float_text(args[0], args[1], &s)) return bif_badarg(p);
  return text_binary(p, s);
}

Term erlang_list_to_float_1(Process* p, Term* args) {
  std::string s;
  if (!list_bytes(args[0], &s)) return bif_badarg(p);
  return parse_float(p, s);
}

Term erlang_binary_to_float_1(Process* p, Term* args) {
  std::string s;
  if (!binary_bytes(args[0], &s)) return bif_badarg(p);
  return parse_float(p, s);
}

}  // namespace girder
