// The external term format BIFs: term_to_binary/1,2, term_to_iovec/1,2,
// binary_to_term/1,2, erlang:external_size/1,2.
#include <vector>

#include "bif/bif.h"
#include "etf/etf.h"
#include "term/binary.h"

namespace girder {

namespace {

// zlib's default level, what the bare option `compressed` means.
constexpr int DEFAULT_COMPRESSION = 6;
// term_to_binary and term_to_iovec default to minor version 1 in ERTS 13.
constexpr int DEFAULT_MINOR_VERSION = 1;

// Options of term_to_binary/2 and term_to_iovec/2; false on anything
// else, including an improper list. Later options override earlier ones.
bool parse_encode_options(Term opts, EtfEncodeOptions* o) {
  o->minor_version = DEFAULT_MINOR_VERSION;
  for (; is_list(opts); opts = cdr(opts)) {
    Term opt = car(opts);
    if (opt == atom::compressed) {
      o->compressed = DEFAULT_COMPRESSION;
    } else if (opt == atom::deterministic) {
      o->deterministic = true;
    } else if (is_tuple(opt) && tuple_arity(opt) == 2 && is_small(tuple_elem(opt, 2))) {
      Term key = tuple_elem(opt, 1);
      Sint v = small_value(tuple_elem(opt, 2));
      if (key == atom::minor_version && v >= 0 && v <= 2)
        o->minor_version = int(v);
      else if (key == atom::compressed && v >= 0 && v <= 9)
        o->compressed = int(v);
      else
        return false;
    } else {
      return false;
    }
  }
  return is_nil(opts);
}

Term encode_to_binary(Process* p, Term t, const EtfEncodeOptions& o) {
  std::vector<uint8_t> out;
  if (!etf_encode(t, o, out)) return bif_badarg(p);
  return new_binary(p->heap, out.data(), out.size());
}

// A list of binaries: copies of the encoded bytes, and the large
// binaries of the term themselves (as ERTS's term_to_iovec gives them).
Term encode_to_iovec(Process* p, Term t, const EtfEncodeOptions& o) {
  if (o.compressed) return encode_to_binary(p, t, o);  // ERTS 13 returns a binary here
  std::vector<uint8_t> out;
  std::vector<EtfIovPiece> pieces;
  if (!etf_encode_iov(t, o, out, pieces)) return bif_badarg(p);
  Term list = NIL;
  for (Uint i = pieces.size(); i-- > 0;) {
    const EtfIovPiece& pc = pieces[i];
    Term bin = is_value(pc.bin) ? make_sub_bitstring(p->heap, pc.bin, 0, pc.bin_bytes * 8)
                                : new_binary(p->heap, out.data() + pc.begin, pc.end - pc.begin);
    list = make_cons(p->heap, bin, list);
  }
  return list;
}

Term decode_binary(Process* p, Term bin, const EtfDecodeOptions& o, bool want_used) {
  if (!is_binary(bin)) return bif_badarg(p);
  BitView v = bit_view(bin);
  std::vector<uint8_t> copy;
  const uint8_t* bytes = v.bytes + v.bit_offset / 8;
  if (!v.aligned()) {
    copy.resize(v.byte_size());
    copy_bits(v.bytes, v.bit_offset, copy.data(), 0, v.bit_size);
    bytes = copy.data();
  }
  Uint used = 0;
  Term t = etf_decode(p->heap, bytes, v.byte_size(), o, &used);
  if (!is_value(t)) return bif_badarg(p);
  if (want_used) return make_tuple(p->heap, {t, make_small(Sint(used))});
  return t;
}

}  // namespace

Term erlang_term_to_binary_1(Process* p, Term* args) {
  EtfEncodeOptions o;
  o.minor_version = DEFAULT_MINOR_VERSION;
  return encode_to_binary(p, args[0], o);
}

Term erlang_term_to_binary_2(Process* p, Term* args) {
  EtfEncodeOptions o;
  if (!parse_encode_options(args[1], &o)) return bif_badarg(p);
  return encode_to_binary(p, args[0], o);
}

Term erlang_term_to_iovec_1(Process* p, Term* args) {
  EtfEncodeOptions o;
  o.minor_version = DEFAULT_MINOR_VERSION;
  return encode_to_iovec(p, args[0], o);
}

Term erlang_term_to_iovec_2(Process* p, Term* args) {
  EtfEncodeOptions o;
  if (!parse_encode_options(args[1], &o)) return bif_badarg(p);
  return encode_to_iovec(p, args[0], o);
}

Term erlang_binary_to_term_1(Process* p, Term* args) {
  return decode_binary(p, args[0], EtfDecodeOptions{}, false);
}

Term erlang_binary_to_term_2(Process* p, Term* args) {
  EtfDecodeOptions o;
  bool used = false;
  Term opts = args[1];
  for (; is_list(opts); opts = cdr(opts)) {
    if (car(opts) == atom::safe)
      o.safe = true;
    else if (car(opts) == atom::used)
      used = true;
    else
      return bif_badarg(p);
  }
  if (!is_nil(opts)) return bif_badarg(p);
  return decode_binary(p, args[0], o, used);
}

Term erlang_external_size_1(Process* p, Term* args) {
  EtfEncodeOptions o;
  o.minor_version = DEFAULT_MINOR_VERSION;
  return make_small(Sint(etf_external_size(args[0], o)));
}

Term erlang_external_size_2(Process* p, Term* args) {
  EtfEncodeOptions o;
  o.minor_version = DEFAULT_MINOR_VERSION;
  // Only {minor_version, 0 | 1}. ERTS walks the option list in its
  // argument register, so a bad option reports the rest of the list as
  // the second argument; writing the tail back to args[1] does the same.
  for (; is_list(args[1]); args[1] = cdr(args[1])) {
    Term opt = car(args[1]);
    if (!is_tuple(opt) || tuple_arity(opt) != 2 || tuple_elem(opt, 1) != atom::minor_version)
      return bif_badarg(p);
    Term v = tuple_elem(opt, 2);
    if (v == make_small(0))
      o.minor_version = 0;
    else if (v == make_small(1))
      o.minor_version = 1;
    else
      return bif_badarg(p);
  }
  if (!is_nil(args[1])) return bif_badarg(p);
  return make_small(Sint(etf_external_size(args[0], o)));
}

}  // namespace girder
