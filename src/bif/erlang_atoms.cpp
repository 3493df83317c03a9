// Atom conversions: atom_to_list/1, list_to_atom/1, list_to_existing_atom/1,
// atom_to_binary/1,2, binary_to_atom/1,2, binary_to_existing_atom/1,2.
//
// Atom names are stored as UTF-8 (term/atom_table.h) and hold at most 255
// characters (code points). The limits are checked in the order ERTS
// checks them, because that decides between badarg and system_limit:
//  - list_to_atom: elements are validated one by one; a 256th element
//    (whatever it is) is system_limit, a bad element before it badarg;
//  - binary_to_atom, utf8: more than 4 * 255 bytes is system_limit at
//    once; otherwise characters are decoded one by one like lists;
//  - binary_to_atom, latin1: more than 255 bytes is system_limit.
// The *_existing_* variants raise badarg for every failure.
#include <string>

#include "bif/bif.h"
#include "term/binary.h"

namespace girder {

namespace {

enum class Conv { ok, badarg, system_limit };

constexpr Uint MAX_ATOM_UTF8_BYTES = 4 * MAX_ATOM_CHARACTERS;

void append_utf8(std::string& s, uint32_t c) {
  if (c < 0x80) {
    s.push_back(char(c));
  } else if (c < 0x800) {
    s.push_back(char(0xC0 | (c >> 6)));
    s.push_back(char(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    s.push_back(char(0xE0 | (c >> 12)));
    s.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    s.push_back(char(0x80 | (c & 0x3F)));
  } else {
    s.push_back(char(0xF0 | (c >> 18)));
    s.push_back(char(0x80 | ((c >> 12) & 0x3F)));
    s.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    s.push_back(char(0x80 | (c & 0x3F)));
  }
}

bool is_code_point(Term t) {
  if (!is_small(t)) return false;
  Sint c = small_value(t);
  return c >= 0 && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
}

// Decodes one well-formed UTF-8 character at s[*i] (no overlongs, no
// surrogates, nothing above U+10FFFF); advances *i. False if malformed.
bool decode_utf8(const uint8_t* s, Uint n, Uint* i, uint32_t* out) {
  uint8_t b = s[*i];
  Uint len;
  uint32_t c, min;
  if (b < 0x80) {
    *out = b;
    (*i)++;
    return true;
  } else if ((b & 0xE0) == 0xC0) {
    len = 2, c = b & 0x1F, min = 0x80;
  } else if ((b & 0xF0) == 0xE0) {
    len = 3, c = b & 0x0F, min = 0x800;
  } else if ((b & 0xF8) == 0xF0) {
    len = 4, c = b & 0x07, min = 0x10000;
  } else {
    return false;
  }
  if (*i + len > n) return false;
  for (Uint k = 1; k < len; k++) {
    uint8_t cb = s[*i + k];
    if ((cb & 0xC0) != 0x80) return false;
    c = (c << 6) | (cb & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
  *out = c;
  *i += len;
  return true;
}

// A list of code points as UTF-8, with ERTS's error order (see top).
Conv list_to_utf8(Term list, std::string& out) {
  Uint chars = 0;
  Term l = list;
  for (; is_list(l); l = cdr(l)) {
    if (chars == MAX_ATOM_CHARACTERS) return Conv::system_limit;
    Term c = car(l);
    if (!is_code_point(c)) return Conv::badarg;
    append_utf8(out, uint32_t(small_value(c)));
    chars++;
  }
  return is_nil(l) ? Conv::ok : Conv::badarg;
}

// Checks that bytes are UTF-8 for an atom name, with ERTS's error order.
Conv check_utf8_name(const uint8_t* s, Uint n) {
  if (n > MAX_ATOM_UTF8_BYTES) return Conv::system_limit;
  Uint chars = 0;
  for (Uint i = 0; i < n;) {
    if (chars == MAX_ATOM_CHARACTERS) return Conv::system_limit;
    uint32_t c;
    if (!decode_utf8(s, n, &i, &c)) return Conv::badarg;
    chars++;
  }
  return Conv::ok;
}

Term raise(Process* p, Conv c) {
  return c == Conv::system_limit ? bif_system_limit(p) : bif_badarg(p);
}

// Bytes of a binary term as one contiguous run (copied into scratch when
// the binary does not start on a byte boundary). False for non-binaries.
bool binary_bytes(Term t, std::string& scratch, const uint8_t** bytes, Uint* n) {
  if (!is_binary(t)) return false;
  BitView v = bit_view(t);
  *n = v.byte_size();
  if (v.aligned()) {
    *bytes = v.bytes + (v.bit_offset >> 3);
  } else {
    scratch.assign(*n, '\0');
    copy_bits(v.bytes, v.bit_offset, reinterpret_cast<uint8_t*>(scratch.data()), 0, v.bit_size);
    *bytes = reinterpret_cast<const uint8_t*>(scratch.data());
  }
  return true;
}

enum class Encoding { latin1, utf8, invalid };

Encoding encoding_of(Term t) {
  if (t == atom::latin1) return Encoding::latin1;
  if (t == atom::utf8 || t == atom::unicode) return Encoding::utf8;
  return Encoding::invalid;
}

// binary_to_atom/2 and binary_to_existing_atom/2.
Term binary_to_atom(Process* p, Term bin, Term enc_term, bool existing) {
  Encoding enc = encoding_of(enc_term);
  std::string scratch;
  const uint8_t* bytes;
  Uint n;
  if (enc == Encoding::invalid || !binary_bytes(bin, scratch, &bytes, &n)) {
    return bif_badarg(p);
  }
  Term a;
  if (enc == Encoding::latin1) {
    if (n > MAX_ATOM_CHARACTERS) return existing ? bif_badarg(p) : bif_system_limit(p);
    a = existing ? atom_get_latin1(bytes, n) : atom_put_latin1(bytes, n);
  } else {
    Conv c = check_utf8_name(bytes, n);
    if (c != Conv::ok) return existing ? bif_badarg(p) : raise(p, c);
    std::string_view name(reinterpret_cast<const char*>(bytes), n);
    a = existing ? atom_get(name) : atom_put(name);
  }
  if (a == THE_NON_VALUE) {
    // not found, or (creating) the atom table is full
    return existing ? bif_badarg(p) : bif_system_limit(p);
  }
  return a;
}

// atom_to_binary/2; latin1 fails for atoms with characters above 255.
Term atom_to_binary(Process* p, Term a, Term enc_term) {
  Encoding enc = encoding_of(enc_term);
  if (!is_atom(a) || enc == Encoding::invalid) return bif_badarg(p);
  std::string_view name = atom_name(a);
  const auto* s = reinterpret_cast<const uint8_t*>(name.data());
  if (enc == Encoding::utf8) return new_binary(p->heap, s, name.size());
  if (!atom_is_latin1(a)) return bif_badarg(p);
  std::string latin1;
  latin1.reserve(name.size());
  for (Uint i = 0; i < name.size();) {
    uint32_t c = 0;
    decode_utf8(s, name.size(), &i, &c);
    latin1.push_back(char(c));
  }
  return new_binary(p->heap, reinterpret_cast<const uint8_t*>(latin1.data()), latin1.size());
}

}  // namespace

Term erlang_atom_to_list_1(Process* p, Term* args) {
  Term a = args[0];
  if (!is_atom(a)) return bif_badarg(p);
  std::string_view name = atom_name(a);
  Uint n = atom_char_count(a);
  if (n == 0) return NIL;
  Term* hp = p->heap.alloc(2 * n);
  const auto* s = reinterpret_cast<const uint8_t*>(name.data());
  Uint i = 0;
  for (Uint k = 0; k < n; k++) {
    uint32_t c = 0;
    decode_utf8(s, name.size(), &i, &c);
    hp[2 * k] = make_small(Sint(c));
    hp[2 * k + 1] = k + 1 < n ? make_list(hp + 2 * (k + 1)) : NIL;
  }
  return make_list(hp);
}

Term erlang_list_to_atom_1(Process* p, Term* args) {
  std::string name;
  Conv c = list_to_utf8(args[0], name);
  if (c != Conv::ok) return raise(p, c);
  Term a = atom_put(name);
  if (a == THE_NON_VALUE) return bif_system_limit(p);
  return a;
}

Term erlang_list_to_existing_atom_1(Process* p, Term* args) {
  std::string name;
  if (list_to_utf8(args[0], name) != Conv::ok) return bif_badarg(p);
  Term a = atom_get(name);
  if (a == THE_NON_VALUE) return bif_badarg(p);
  return a;
}

Term erlang_atom_to_binary_1(Process* p, Term* args) {
  return atom_to_binary(p, args[0], atom::utf8);
}
Term erlang_atom_to_binary_2(Process* p, Term* args) {
  return atom_to_binary(p, args[0], args[1]);
}
Term erlang_binary_to_atom_1(Process* p, Term* args) {
  return binary_to_atom(p, args[0], atom::utf8, false);
}
Term erlang_binary_to_atom_2(Process* p, Term* args) {
  return binary_to_atom(p, args[0], args[1], false);
}
Term erlang_binary_to_existing_atom_1(Process* p, Term* args) {
  return binary_to_atom(p, args[0], atom::utf8, true);
}
Term erlang_binary_to_existing_atom_2(Process* p, Term* args) {
  return binary_to_atom(p, args[0], args[1], true);
}

}  // namespace girder
