#include "bif/iolist.h"

#include <cstring>

namespace girder {

namespace {

bool stream_bits_total(Term t, bool allow_bits, Uint* bits) {
  Uint total = 0;
  bool ok = iolist_stream(t, allow_bits, [&](const uint8_t*, Uint, Uint n) { total += n; });
  if (ok) *bits = total;
  return ok;
}

// Appends chunks at a running bit position of dst.
struct BitSink {
  uint8_t* dst;
  Uint pos = 0;
  void operator()(const uint8_t* src, Uint off, Uint n) {
    copy_bits(src, off, dst, pos, n);
    pos += n;
  }
};

}  // namespace

bool iolist_size(Term t, Uint* size) {
  Uint bits;
  if (!stream_bits_total(t, false, &bits)) return false;
  *size = bits >> 3;
  return true;
}

void iolist_copy(Term t, uint8_t* dst) {
  BitSink sink{dst};
  iolist_stream(t, false, sink);
}

Term iolist_to_binary_term(Heap& h, Term t) {
  if (is_bitstring(t)) return bit_view(t).is_binary() ? t : THE_NON_VALUE;
  Uint n;
  if (!iolist_size(t, &n)) return THE_NON_VALUE;
  uint8_t* dst;
  Term bin = new_binary_uninit(h, n, &dst);
  iolist_copy(t, dst);
  return bin;
}

bool iolist_append_to(Term t, std::string* out) {
  return iolist_stream(t, false, [&](const uint8_t* src, Uint off, Uint n) {
    Uint bytes = n >> 3;
    if ((off & 7) == 0) {
      out->append(reinterpret_cast<const char*>(src + (off >> 3)), bytes);
    } else {
      Uint at = out->size();
      out->resize(at + bytes);
      copy_bits(src, off, reinterpret_cast<uint8_t*>(out->data() + at), 0, n);
    }
  });
}

bool bitlist_size(Term t, Uint* bits) { return stream_bits_total(t, true, bits); }

void bitlist_copy(Term t, uint8_t* dst) {
  BitSink sink{dst};
  iolist_stream(t, true, sink);
}

}  // namespace girder
