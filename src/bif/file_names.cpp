// prim_file's name BIFs (internal_name2native/1, internal_native2name/1,
// internal_normalize_utf8/1, is_translatable/1), which prim_file.erl calls
// to encode a path before every native call and to decode the names the
// natives answer with; and the path check of those natives.
//
// With UTF-8 names, characters are encoded as UTF-8 and a name that is not
// valid UTF-8 decodes to {error, warning}: ERTS's default answer (its +fn
// flags, which choose ignore or error instead, are not read by Girder).
// With Latin-1 names, a character above 255 cannot be encoded and bytes
// decode as characters.
#include "bif/file_names.h"

#include <clocale>
#include <cstring>
#include <langinfo.h>
#include <vector>

#include "bif/bif.h"
#include "bif/unicode_convert.h"

namespace girder {

bool native_names_utf8() {
  static const bool utf8 = [] {
    std::setlocale(LC_CTYPE, "");
    const char* cs = nl_langinfo(CODESET);
    bool u = cs && (std::strcmp(cs, "UTF-8") == 0 || std::strcmp(cs, "utf8") == 0);
    std::setlocale(LC_CTYPE, "C");
    return u;
  }();
  return utf8;
}

bool marshal_path(Term t, std::string* path) {
  if (!is_binary(t)) return false;
  BitView v = bit_view(t);
  const char* s = reinterpret_cast<const char*>(v.bytes + v.bit_offset / 8);
  Uint n = v.byte_size();
  const void* nul = std::memchr(s, 0, n);
  if (!nul) return false;
  Uint len = Uint(static_cast<const char*>(nul) - s);
  for (Uint i = len; i < n; i++)  // only NULs may follow the first one
    if (s[i] != 0) return false;
  path->assign(s, len);
  return true;
}

namespace {

// The characters of a name given as a (deep) list of code points, encoded;
// false if it holds anything else, a NUL, or a character the encoding
// cannot hold.
bool encode_char_list(Term t, bool utf8, std::vector<uint8_t>* out) {
  std::vector<Term> rest;  // tails to come back to after a nested list
  for (Term l = t;;) {
    if (is_list(l)) {
      Term c = car(l);
      if (is_list(c) || is_nil(c)) {
        rest.push_back(cdr(l));
        l = c;
        continue;
      }
      if (!is_small(c)) return false;
      Sint v = small_value(c);
      if (v <= 0 || v > (utf8 ? 0x10FFFF : 0xFF) || (v >= 0xD800 && v <= 0xDFFF)) return false;
      if (utf8) {
        utf8_append(*out, uint32_t(v));
      } else {
        out->push_back(uint8_t(v));
      }
      l = cdr(l);
      continue;
    }
    if (!is_nil(l)) return false;
    if (rest.empty()) return true;
    l = rest.back();
    rest.pop_back();
  }
}

}  // namespace

// internal_name2native(Name) -> the name's bytes and a NUL; badarg for
// anything that is not a flat or deep list of characters or a binary (of
// which whole bytes are taken), or that holds a NUL.
Term prim_file_internal_name2native_1(Process* p, Term* args) {
  Term name = args[0];
  std::vector<uint8_t> bytes;
  if (is_bitstring(name)) {
    BitView v = bit_view(name);
    bytes.resize(v.byte_size());
    if (!bytes.empty()) copy_bits(v.bytes, v.bit_offset, bytes.data(), 0, bytes.size() * 8);
    if (std::memchr(bytes.data(), 0, bytes.size())) return bif_badarg(p);
  } else if (!encode_char_list(name, native_names_utf8(), &bytes)) {
    return bif_badarg(p);
  }
  bytes.push_back(0);
  return new_binary(p->heap, bytes.data(), bytes.size());
}

// internal_native2name(Bin) -> the name as a list of characters, or
// {error, warning} for bytes that are not UTF-8 (UTF-8 names only).
Term prim_file_internal_native2name_1(Process* p, Term* args) {
  if (!is_binary(args[0])) return bif_badarg(p);
  BitView v = bit_view(args[0]);
  const uint8_t* s = v.bytes + v.bit_offset / 8;
  Uint n = v.byte_size();
  if (!native_names_utf8()) return make_byte_list(p->heap, s, n);
  if (!is_valid_utf8(s, n)) return make_tuple(p->heap, {atom::error, atom::warning});
  return utf8_to_list(p->heap, s, n);
}

// internal_normalize_utf8(Bin) -> the characters of UTF-8 text in
// canonical composed form (NFC): valid text is handed to
// unicode:characters_to_nfc_list/1, which answers with the list.
Term prim_file_internal_normalize_utf8_1(Process* p, Term* args) {
  Term b = args[0];
  if (!is_binary(b)) return bif_badarg(p);
  BitView v = bit_view(b);
  if (!is_valid_utf8(v.bytes + v.bit_offset / 8, v.byte_size())) return bif_badarg(p);
  static Export* nfc = export_put(atom::unicode, atom::characters_to_nfc_list, 1);
  return bif_trap(p, nfc, {b});
}

// is_translatable(Bin) -> whether the name decodes (always with Latin-1).
Term prim_file_is_translatable_1(Process* p, Term* args) {
  if (!is_binary(args[0])) return bif_badarg(p);
  if (!native_names_utf8()) return atom::am_true;
  BitView v = bit_view(args[0]);
  return is_valid_utf8(v.bytes + v.bit_offset / 8, v.byte_size()) ? atom::am_true : atom::am_false;
}

}  // namespace girder
