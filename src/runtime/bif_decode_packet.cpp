// erlang:decode_packet/3: one packet off the front of a binary, cut and
// parsed as the tcp_inet driver does with {packet, Type}
// (port/packet_parser.h); the packet and the rest are sub-binaries of the
// argument, as in ERTS.
#include <climits>
#include <vector>

#include "bif/bif.h"
#include "port/inet_codes.h"
#include "port/packet_parser.h"
#include "term/bignum.h"
#include "term/binary.h"

namespace girder {

namespace {

struct DecodeOptions {
  unsigned max_len = 0;    // {packet_size, N}
  unsigned trunc_len = 0;  // {line_length, N}
  uint8_t delimiter = '\n';
};

// False for anything but a proper list of {packet_size | line_length |
// line_delimiter, N} (line_delimiter only for line packets, a byte).
bool parse_options(Term l, int type, DecodeOptions* o) {
  for (; is_list(l); l = cdr(l)) {
    Term opt = car(l);
    if (!is_tuple(opt) || tuple_arity(opt) != 2) return false;
    Uint v;
    if (!is_integer(tuple_elem(opt, 2)) || !int_to_uint(tuple_elem(opt, 2), &v) || v > UINT_MAX)
      return false;
    Term key = tuple_elem(opt, 1);
    if (key == atom::packet_size) {
      o->max_len = unsigned(v);
    } else if (key == atom::line_length) {
      o->trunc_len = unsigned(v);
    } else if (key == atom::line_delimiter && type == inet::TCP_PB_LINE_LF && v <= 255) {
      o->delimiter = uint8_t(v);
    } else {
      return false;
    }
  }
  return l == NIL;
}

}  // namespace

Term erlang_decode_packet_3(Process* p, Term* a) {
  int type = packet_type_of(a[0]);
  if (type < 0) return bif_badarg_cause(p, atom::badopt);
  DecodeOptions o;
  // a bitstring too: the bits past the last whole byte stay in the rest
  if (!is_bitstring(a[1]) || !parse_options(a[2], type, &o)) return bif_badarg(p);
  Term bin = a[1];
  BitView v = bit_view(bin);
  Uint size = v.byte_size();
  const uint8_t* bytes = v.bytes + (v.bit_offset >> 3);
  std::vector<uint8_t> aligned;
  if (!v.aligned()) {
    aligned.resize(size);
    copy_bits(v.bytes, v.bit_offset, aligned.data(), 0, size * 8);
    bytes = aligned.data();
  }
  int http_state = 0;
  int len = packet_length(type, bytes, size, o.max_len, o.trunc_len, o.delimiter, &http_state);
  Heap& h = p->heap;
  if (len < 0) return make_tuple(h, {atom::error, atom::invalid});
  if (len == 0 || Uint(len) > size)
    return make_tuple(h, {atom::more, len == 0 ? atom::undefined : make_small(len)});
  ParsedPacket parsed = packet_parse(type, bytes, Uint(len), &http_state);
  Term packet;
  if (parsed.kind != ParsedPacket::none) {
    packet = packet_term(h, parsed, type, NIL);
  } else {
    const uint8_t* body = bytes;
    size_t body_len = size_t(len);
    packet_body(type, &body, &body_len);
    packet = make_sub_bitstring(h, bin, Uint(body - bytes) * 8, body_len * 8);
  }
  Term rest = make_sub_bitstring(h, bin, Uint(len) * 8, v.bit_size - Uint(len) * 8);
  return make_tuple(h, {atom::ok, packet, rest});
}

}  // namespace girder
