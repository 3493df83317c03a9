// unicode: characters_to_binary/2, characters_to_list/2, bin_is_7bit/1.
// (characters_to_binary/1,3 and characters_to_list/1 are Erlang code in
// unicode.erl that call these.)
#include "bif/bif.h"
#include "bif/binary_util.h"
#include "bif/unicode_convert.h"

namespace girder {

namespace {

// latin1 -> true, unicode/utf8 -> false; other encodings are not native.
bool native_encoding(Term enc, bool* latin1) {
  if (enc == atom::latin1) {
    *latin1 = true;
    return true;
  }
  if (enc == atom::unicode || enc == atom::utf8) {
    *latin1 = false;
    return true;
  }
  return false;
}

// Converts data in a utf16/utf32 encoding; false means badarg.
bool convert_wide(Process* p, Term data, Term enc, Utf8Conversion* r) {
  WideEncoding w;
  if (!parse_wide_encoding(enc, &w)) return false;
  convert_wide_chardata(p->heap, data, w, r);
  return r->status != Utf8Conversion::badarg;
}

Term tagged_result(Process* p, const Utf8Conversion& r, Term converted) {
  if (r.status == Utf8Conversion::ok) return converted;
  Term tag = r.status == Utf8Conversion::error ? atom::error : atom::incomplete;
  return make_tuple(p->heap, {tag, converted, r.rest});
}

Term binary_result(Process* p, const Utf8Conversion& r) {
  return tagged_result(p, r, new_binary(p->heap, r.out.data(), r.out.size()));
}

Term list_result(Process* p, const Utf8Conversion& r) {
  return tagged_result(p, r, utf8_to_list(p->heap, r.out.data(), r.out.size()));
}

bool all_7bit(const ByteSpan& b) {
  for (Uint i = 0; i < b.size(); i++)
    if (b[i] & 0x80) return false;
  return true;
}

}  // namespace

Term unicode_characters_to_binary_2(Process* p, Term* args) {
  Term data = args[0];
  bool latin1;
  Utf8Conversion r;
  if (!native_encoding(args[1], &latin1)) {
    if (!convert_wide(p, data, args[1], &r)) return bif_badarg(p);
    return binary_result(p, r);
  }
  // [Binary] is treated as Binary, so that it too can come back unchanged.
  Term subject = data;
  if (is_list(data) && is_bitstring(car(data)) && is_nil(cdr(data))) subject = car(data);
  if (!chardata_shape_ok(subject)) return bif_badarg(p);
  if (is_bitstring(subject)) {
    ByteSpan bytes(subject);
    if (latin1 ? all_7bit(bytes) : is_valid_utf8(bytes.data(), bytes.size())) return subject;
  }
  convert_chardata(p->heap, subject, latin1, &r);
  return binary_result(p, r);
}

Term unicode_characters_to_list_2(Process* p, Term* args) {
  Term data = args[0];
  bool latin1;
  Utf8Conversion r;
  if (!native_encoding(args[1], &latin1)) {
    if (!convert_wide(p, data, args[1], &r)) return bif_badarg(p);
    return list_result(p, r);
  }
  if (is_bitstring(data) && !latin1) {
    // A UTF-8 binary is decoded directly; Rest is the rest of it.
    BitView v = bit_view(data);
    if (!v.is_binary()) return bif_badarg(p);
    ByteSpan bytes(v);
    Uint n = bytes.size();
    Uint good = utf8_valid_prefix(bytes.data(), n, &r.status);
    Term list = utf8_to_list(p->heap, bytes.data(), good);
    if (r.status != Utf8Conversion::ok) r.rest = byte_slice(p->heap, data, good, n - good);
    return tagged_result(p, r, list);
  }
  if (!chardata_shape_ok(data)) return bif_badarg(p);
  convert_chardata(p->heap, data, latin1, &r);
  return list_result(p, r);
}

// True if the binary holds only bytes below 128 (false for non-binaries).
Term unicode_bin_is_7bit_1(Process*, Term* args) {
  Term b = args[0];
  if (!is_byte_binary(b)) return atom::am_false;
  return all_7bit(ByteSpan(b)) ? atom::am_true : atom::am_false;
}

}  // namespace girder
