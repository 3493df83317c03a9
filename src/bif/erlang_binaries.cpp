// erlang: conversions between binaries, bitstrings, lists and iolists, and
// slicing (binary_to_list, list_to_binary, split_binary, binary_part, ...).
#include "bif/bif.h"
#include "bif/binary_util.h"
#include "bif/iolist.h"

namespace girder {

// binary_to_list(Binary) -> [byte()]
Term erlang_binary_to_list_1(Process* p, Term* args) {
  Term bin = args[0];
  if (!is_byte_binary(bin)) return bif_badarg(p);
  ByteSpan bytes(bin);
  return make_byte_list(p->heap, bytes.data(), bytes.size());
}

// binary_to_list(Binary, Start, Stop): bytes Start..Stop, 1-based inclusive.
// A bitstring is accepted as long as the range lies in its whole bytes.
Term erlang_binary_to_list_3(Process* p, Term* args) {
  Term bin = args[0];
  Uint start, stop;
  if (!is_bitstring(bin) || !term_to_uint(args[1], &start) || !term_to_uint(args[2], &stop))
    return bif_badarg(p);
  BitView v = bit_view(bin);
  Uint size = v.byte_size();
  if (start < 1 || start > size || stop < 1 || stop > size || stop < start)
    return bif_badarg(p);
  BitView part{v.bytes, v.bit_offset + (start - 1) * 8, (stop - start + 1) * 8};
  ByteSpan bytes(part);
  return make_byte_list(p->heap, bytes.data(), bytes.size());
}

// bitstring_to_list(Bitstring): the whole bytes, then the trailing bits (if
// any) as a bitstring element.
Term erlang_bitstring_to_list_1(Process* p, Term* args) {
  Term bin = args[0];
  if (!is_bitstring(bin)) return bif_badarg(p);
  BitView v = bit_view(bin);
  Uint rest_bits = v.bit_size & 7;
  Term tail = NIL;
  if (rest_bits) {
    Term last = make_sub_bitstring(p->heap, bin, v.bit_size - rest_bits, rest_bits);
    tail = make_cons(p->heap, last, NIL);
  }
  ByteSpan bytes(v);
  return make_byte_list(p->heap, bytes.data(), bytes.size(), tail);
}

// list_to_binary(IoList): the argument must be a list (a binary is refused).
Term erlang_list_to_binary_1(Process* p, Term* args) {
  Term t = args[0];
  if (!is_list(t) && !is_nil(t)) return bif_badarg(p);
  Term bin = iolist_to_binary_term(p->heap, t);
  return is_value(bin) ? bin : bif_badarg(p);
}

// iolist_to_binary(IoListOrBinary): a binary comes back as it is.
Term erlang_iolist_to_binary_1(Process* p, Term* args) {
  Term t = args[0];
  if (!is_list(t) && !is_nil(t) && !is_bitstring(t)) return bif_badarg(p);
  Term bin = iolist_to_binary_term(p->heap, t);
  return is_value(bin) ? bin : bif_badarg(p);
}

Term erlang_iolist_size_1(Process* p, Term* args) {
  Uint n;
  if (!iolist_size(args[0], &n)) return bif_badarg(p);
  return make_uinteger(p->heap, n);
}

// list_to_bitstring(BitstringList): like list_to_binary, with bitstrings of
// any length allowed as elements and as the tail.
Term erlang_list_to_bitstring_1(Process* p, Term* args) {
  Term t = args[0];
  Uint bits;
  if ((!is_list(t) && !is_nil(t)) || !bitlist_size(t, &bits)) return bif_badarg(p);
  Uint nbytes = (bits + 7) / 8;
  uint8_t* dst;
  Term bin = new_binary_uninit(p->heap, nbytes, &dst);
  if (nbytes) dst[nbytes - 1] = 0;  // the unused low bits of a partial byte are zero
  bitlist_copy(t, dst);
  if (bits & 7) return make_sub_bitstring(p->heap, bin, 0, bits);
  return bin;
}

// split_binary(Bin, Pos) -> {Bytes 0..Pos, the rest (with any trailing bits)}
Term erlang_split_binary_2(Process* p, Term* args) {
  Term bin = args[0];
  Uint pos;
  if (!is_bitstring(bin) || !term_to_uint(args[1], &pos)) return bif_badarg(p);
  BitView v = bit_view(bin);
  if (pos > v.byte_size()) return bif_badarg(p);
  Term first = make_sub_bitstring(p->heap, bin, 0, pos * 8);
  Term second = make_sub_bitstring(p->heap, bin, pos * 8, v.bit_size - pos * 8);
  return make_tuple(p->heap, {first, second});
}

Term erlang_byte_size_1(Process* p, Term* args) {
  if (!is_bitstring(args[0])) return bif_badarg(p);
  return make_uinteger(p->heap, (bit_view(args[0]).bit_size + 7) / 8);
}

Term erlang_bit_size_1(Process* p, Term* args) {
  if (!is_bitstring(args[0])) return bif_badarg(p);
  return make_uinteger(p->heap, bit_view(args[0]).bit_size);
}

// Shared by erlang:binary_part/2,3 and binary:part/2,3. A negative Len
// counts backwards from Pos. The result holds whole bytes only, even when
// the subject has trailing bits.
Term binary_part_impl(Process* p, Term bin, Term epos, Term elen) {
  Uint pos;
  Sint len;
  if (!is_bitstring(bin) || !term_to_uint(epos, &pos) || !term_to_sint(elen, &len))
    return bif_badarg(p);
  Uint ulen;
  if (len < 0) {
    ulen = Uint(0) - Uint(len);
    if (ulen > pos) return bif_badarg(p);
    pos -= ulen;
  } else {
    ulen = Uint(len);
  }
  Uint size = bit_view(bin).byte_size();
  if (pos > size || ulen > size - pos) return bif_badarg(p);
  return byte_slice(p->heap, bin, pos, ulen);
}

Term erlang_binary_part_3(Process* p, Term* args) {
  return binary_part_impl(p, args[0], args[1], args[2]);
}

Term erlang_binary_part_2(Process* p, Term* args) {
  Term range = args[1];
  if (!is_tuple(range) || tuple_arity(range) != 2) return bif_badarg(p);
  return binary_part_impl(p, args[0], tuple_elem(range, 1), tuple_elem(range, 2));
}

}  // namespace girder
