// binary: the BIFs other than searching: part, at, first, last, list_to_bin,
// copy, decode_unsigned, encode_unsigned, longest_common_prefix/suffix,
// referenced_byte_size.
#include <cstring>
#include <vector>

#include "bif/bif.h"
#include "bif/binary_util.h"
#include "bif/iolist.h"
#include "term/bignum.h"

namespace girder {

namespace {

// Byte i of a bitstring, honouring its bit offset.
uint8_t byte_at(const BitView& v, Uint i) {
  Uint bit = v.bit_offset + i * 8;
  const uint8_t* b = v.bytes + (bit >> 3);
  unsigned s = bit & 7;
  if (s == 0) return b[0];
  return uint8_t((b[0] << s) | (b[1] >> (8 - s)));
}

// The byte at index `index` of a binary (whole bytes, non-empty), or -1
// for badarg.
int binary_byte(Term bin, Uint index) {
  if (!is_bitstring(bin)) return -1;
  BitView v = bit_view(bin);
  if (v.byte_size() == 0 || index >= v.byte_size() || !v.is_binary()) return -1;
  return byte_at(v, index);
}

bool endianness(Term t, bool* little) {
  if (t == atom::big) {
    *little = false;
  } else if (t == atom::little) {
    *little = true;
  } else {
    return false;
  }
  return true;
}

// Largest binary binary:copy/2 builds; beyond it, system_limit rather than
// an allocation failure that would take the whole VM down.
constexpr Uint MAX_COPY_BYTES = Uint(1) << 48;

Term copy_impl(Process* p, Term bin, Term en) {
  Uint n;
  if (!is_bitstring(bin) || !term_to_uint(en, &n)) return bif_badarg(p);
  if (n == 0) return new_binary(p->heap, nullptr, 0);
  BitView v = bit_view(bin);
  if (!v.is_binary()) return bif_badarg(p);
  Uint size = v.byte_size();
  if (size != 0 && n > MAX_COPY_BYTES / size) return bif_system_limit(p);
  Uint total = size * n;
  uint8_t* dst;
  Term res = new_binary_uninit(p->heap, total, &dst);
  if (total == 0) return res;
  copy_bits(v.bytes, v.bit_offset, dst, 0, size * 8);
  // Doubling: each memcpy copies everything written so far.
  for (Uint done = size; done < total;) {
    Uint chunk = done <= total - done ? done : total - done;
    std::memcpy(dst + done, dst, chunk);
    done += chunk;
  }
  return res;
}

Term decode_impl(Process* p, Term bin, Term end) {
  bool little;
  if (!is_bitstring(bin) || !endianness(end, &little)) return bif_badarg(p);
  BitView v = bit_view(bin);
  if (!v.is_binary()) return bif_badarg(p);
  ByteSpan bytes(v);
  const uint8_t* b = bytes.data();
  Uint n = bytes.size();
  // Drop the most significant zero bytes.
  if (little) {
    while (n && b[n - 1] == 0) n--;
  } else {
    while (n && b[0] == 0) {
      b++;
      n--;
    }
  }
  if (n == 0) return make_small(0);
  return int_from_bytes(p->heap, b, n * 8, little, false);
}

Term encode_impl(Process* p, Term value, Term end) {
  bool little;
  if (!is_integer(value) || !endianness(end, &little)) return bif_badarg(p);
  if ((is_small(value) && small_value(value) < 0) || (is_big(value) && big_is_neg(value)))
    return bif_badarg(p);
  Uint bits = int_bit_length(value);
  Uint n = bits == 0 ? 1 : (bits + 7) / 8;
  uint8_t* dst;
  Term res = new_binary_uninit(p->heap, n, &dst);
  int_to_bytes(value, dst, n * 8, little);
  return res;
}

// Length of the common prefix (or suffix) of a non-empty proper list of
// binaries.
Term longest_common(Process* p, Term list, bool suffix) {
  std::vector<ByteSpan> bins;
  Term t = list;
  for (; is_list(t); t = cdr(t)) {
    if (!is_bitstring(car(t))) return bif_badarg(p);
    bins.emplace_back(car(t));
  }
  if (!is_nil(t) || bins.empty()) return bif_badarg(p);
  for (Term e = list; is_list(e); e = cdr(e))
    if (!bit_view(car(e)).is_binary()) return bif_badarg(p);
  Uint common = bins[0].size();
  for (const ByteSpan& b : bins) common = b.size() < common ? b.size() : common;
  const ByteSpan& first = bins[0];
  Uint k = 0;
  for (; k < common; k++) {
    uint8_t c = suffix ? first[first.size() - 1 - k] : first[k];
    bool same = true;
    for (const ByteSpan& b : bins) {
      if ((suffix ? b[b.size() - 1 - k] : b[k]) != c) {
        same = false;
        break;
      }
    }
    if (!same) break;
  }
  return make_uinteger(p->heap, k);
}

}  // namespace

Term binary_part_3(Process* p, Term* args) { return binary_part_impl(p, args[0], args[1], args[2]); }

Term binary_part_2(Process* p, Term* args) {
  Term range = args[1];
  if (!is_tuple(range) || tuple_arity(range) != 2) return bif_badarg(p);
  return binary_part_impl(p, args[0], tuple_elem(range, 1), tuple_elem(range, 2));
}

Term binary_at_2(Process* p, Term* args) {
  Uint index;
  if (!term_to_uint(args[1], &index)) return bif_badarg(p);
  int b = binary_byte(args[0], index);
  return b < 0 ? bif_badarg(p) : make_small(b);
}

Term binary_first_1(Process* p, Term* args) {
  int b = binary_byte(args[0], 0);
  return b < 0 ? bif_badarg(p) : make_small(b);
}

Term binary_last_1(Process* p, Term* args) {
  if (!is_bitstring(args[0])) return bif_badarg(p);
  Uint size = bit_view(args[0]).byte_size();
  int b = size ? binary_byte(args[0], size - 1) : -1;
  return b < 0 ? bif_badarg(p) : make_small(b);
}

Term binary_list_to_bin_1(Process* p, Term* args) {
  Term t = args[0];
  if (!is_list(t) && !is_nil(t)) return bif_badarg(p);
  Term bin = iolist_to_binary_term(p->heap, t);
  return is_value(bin) ? bin : bif_badarg(p);
}

Term binary_copy_1(Process* p, Term* args) { return copy_impl(p, args[0], make_small(1)); }
Term binary_copy_2(Process* p, Term* args) { return copy_impl(p, args[0], args[1]); }

Term binary_decode_unsigned_1(Process* p, Term* args) { return decode_impl(p, args[0], atom::big); }
Term binary_decode_unsigned_2(Process* p, Term* args) { return decode_impl(p, args[0], args[1]); }
Term binary_encode_unsigned_1(Process* p, Term* args) { return encode_impl(p, args[0], atom::big); }
Term binary_encode_unsigned_2(Process* p, Term* args) { return encode_impl(p, args[0], args[1]); }

Term binary_longest_common_prefix_1(Process* p, Term* args) {
  return longest_common(p, args[0], false);
}
Term binary_longest_common_suffix_1(Process* p, Term* args) {
  return longest_common(p, args[0], true);
}

// Size of the binary whose data this one shares: the whole off-heap buffer
// for a refc binary, the heap binary itself otherwise.
Term binary_referenced_byte_size_1(Process* p, Term* args) {
  Term bin = args[0];
  if (!is_bitstring(bin)) return bif_badarg(p);
  Term* obj = boxed_ptr(bin);
  if (header_subtag(*obj) == SUB_SUB_BIN) obj = boxed_ptr(reinterpret_cast<SubBin*>(obj)->orig);
  Uint size;
  if (header_subtag(*obj) == SUB_REFC_BIN) {
    size = reinterpret_cast<ProcBin*>(obj)->val->size;
  } else {
    size = reinterpret_cast<HeapBin*>(obj)->size;
  }
  return make_uinteger(p->heap, size);
}

}  // namespace girder
