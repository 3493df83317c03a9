#include "term/binary.h"

#include <cstdio>
#include <cstdlib>

#include "term/mem_stats.h"

namespace girder {

Binary* binary_try_alloc(Uint size) {
  if (size > UINT64_MAX - sizeof(Binary)) return nullptr;
  auto* b = static_cast<Binary*>(std::malloc(sizeof(Binary) + size));
  if (!b) return nullptr;
  new (&b->refc) std::atomic<Uint>(1);
  b->size = size;
  mem_add(MemKind::binary, int64_t(sizeof(Binary) + size));
  return b;
}

Binary* binary_alloc(Uint size) {
  Binary* b = binary_try_alloc(size);
  if (!b) {
    std::fprintf(stderr, "girder: out of memory allocating a %lu-byte binary\n",
                 static_cast<unsigned long>(size));
    std::abort();
  }
  return b;
}

Binary* binary_realloc(Binary* b, Uint new_size) {
  auto* nb = static_cast<Binary*>(std::realloc(b, sizeof(Binary) + new_size));
  if (!nb) {
    std::fprintf(stderr, "girder: out of memory growing a binary\n");
    std::abort();
  }
  mem_add(MemKind::binary, int64_t(new_size) - int64_t(nb->size));
  nb->size = new_size;
  return nb;
}

void binary_decref(Binary* b) {
  if (b->refc.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    mem_sub(MemKind::binary, int64_t(sizeof(Binary) + b->size));
    std::free(b);
  }
}

const uint8_t* orig_bytes(Term orig) {
  Term* p = boxed_ptr(orig);
  if (header_subtag(*p) == SUB_HEAP_BIN)
    return reinterpret_cast<HeapBin*>(p)->data;
  return reinterpret_cast<ProcBin*>(p)->bytes;
}

Uint orig_size(Term orig) { return boxed_ptr(orig)[1]; }

BitView bit_view(Term t) {
  Term* p = boxed_ptr(t);
  switch (header_subtag(*p)) {
    case SUB_HEAP_BIN: {
      auto* hb = reinterpret_cast<HeapBin*>(p);
      return BitView{hb->data, 0, hb->size * 8};
    }
    case SUB_REFC_BIN: {
      auto* pb = reinterpret_cast<ProcBin*>(p);
      return BitView{pb->bytes, 0, pb->size * 8};
    }
    default: {
      auto* sb = reinterpret_cast<SubBin*>(p);
      return BitView{orig_bytes(sb->orig) + sb->offs, sb->bitoffs,
                     sb->size * 8 + sb->bitsize};
    }
  }
}

Term make_proc_bin(Heap& h, Binary* b, uint8_t* bytes, Uint n) {
  auto* pb = reinterpret_cast<ProcBin*>(h.alloc(PROC_BIN_WORDS));
  pb->header = make_header(PROC_BIN_WORDS - 1, SUB_REFC_BIN);
  pb->size = n;
  pb->val = b;
  pb->bytes = bytes;
  pb->flags = 0;
  h.link_offheap(reinterpret_cast<OffHeapThing*>(pb));
  return make_boxed(reinterpret_cast<Term*>(pb));
}

Term take_binary(Heap& h, Binary* b, Uint n) {
  if (n <= HEAP_BIN_LIMIT) {
    Term t = new_binary(h, b->data, n);
    binary_decref(b);
    return t;
  }
  if (n < b->size) b = binary_realloc(b, n);
  return make_proc_bin(h, b, b->data, n);
}

Term new_binary_uninit(Heap& h, Uint n, uint8_t** out) {
  if (n <= HEAP_BIN_LIMIT) {
    Uint words = heap_bin_words(n);
    Term* p = h.alloc(words);
    p[0] = make_header(words - 1, SUB_HEAP_BIN);
    p[1] = n;
    p[words - 1] = 0;  // padding bytes are defined (hashing reads words)
    *out = reinterpret_cast<HeapBin*>(p)->data;
    return make_boxed(p);
  }
  Binary* b = binary_alloc(n);
  *out = b->data;
  return make_proc_bin(h, b, b->data, n);
}

Term new_binary(Heap& h, const uint8_t* bytes, Uint n) {
  uint8_t* dst;
  Term t = new_binary_uninit(h, n, &dst);
  if (n) std::memcpy(dst, bytes, n);
  return t;
}

void copy_bits(const uint8_t* src, Uint src_off, uint8_t* dst, Uint dst_off,
               Uint bit_size) {
  if (bit_size == 0) return;
  if ((src_off & 7) == 0 && (dst_off & 7) == 0) {
    Uint bytes = bit_size >> 3;
    std::memcpy(dst + (dst_off >> 3), src + (src_off >> 3), bytes);
    Uint rest = bit_size & 7;
    if (rest) {
      uint8_t mask = uint8_t(0xFF << (8 - rest));
      uint8_t& d = dst[(dst_off >> 3) + bytes];
      d = uint8_t((d & ~mask) | (src[(src_off >> 3) + bytes] & mask));
    }
    return;
  }
  // General case, bit by bit in byte-sized steps where possible.
  for (Uint i = 0; i < bit_size;) {
    Uint s = src_off + i, d = dst_off + i;
    Uint sb = s & 7, db = d & 7;
    Uint n = 8 - (sb > db ? sb : db);
    if (n > bit_size - i) n = bit_size - i;
    uint8_t bits = uint8_t((src[s >> 3] << sb) & 0xFF) >> (8 - n);  // n bits, right-aligned
    uint8_t mask = uint8_t(((1u << n) - 1) << (8 - db - n));
    dst[d >> 3] = uint8_t((dst[d >> 3] & ~mask) | ((bits << (8 - db - n)) & mask));
    i += n;
  }
}

Term new_bitstring(Heap& h, const uint8_t* src, Uint bit_offset, Uint bit_size) {
  Uint nbytes = (bit_size + 7) / 8;
  uint8_t* dst;
  Term bin = new_binary_uninit(h, nbytes, &dst);
  if (nbytes) {
    dst[nbytes - 1] = 0;
    copy_bits(src, bit_offset, dst, 0, bit_size);
  }
  if ((bit_size & 7) == 0) return bin;
  auto* sb = reinterpret_cast<SubBin*>(h.alloc(SUB_BIN_WORDS));
  sb->header = make_header(SUB_BIN_WORDS - 1, SUB_SUB_BIN);
  sb->size = bit_size >> 3;
  sb->offs = 0;
  sb->bitsize = uint8_t(bit_size & 7);
  sb->bitoffs = 0;
  sb->is_writable = 0;
  std::memset(sb->pad, 0, sizeof sb->pad);
  sb->orig = bin;
  return make_boxed(reinterpret_cast<Term*>(sb));
}

Term make_sub_bitstring(Heap& h, Term bin, Uint bit_offset, Uint bit_size) {
  Term* p = boxed_ptr(bin);
  Term orig = bin;
  Uint base_bits = 0;
  if (header_subtag(*p) == SUB_SUB_BIN) {
    auto* s = reinterpret_cast<SubBin*>(p);
    orig = s->orig;
    base_bits = s->offs * 8 + s->bitoffs;
  } else if (bit_offset == 0 && bit_size == orig_size(bin) * 8) {
    return bin;
  }
  Uint start = base_bits + bit_offset;
  auto* sb = reinterpret_cast<SubBin*>(h.alloc(SUB_BIN_WORDS));
  sb->header = make_header(SUB_BIN_WORDS - 1, SUB_SUB_BIN);
  sb->size = bit_size >> 3;
  sb->offs = start >> 3;
  sb->bitsize = uint8_t(bit_size & 7);
  sb->bitoffs = uint8_t(start & 7);
  sb->is_writable = 0;
  std::memset(sb->pad, 0, sizeof sb->pad);
  sb->orig = orig;
  return make_boxed(reinterpret_cast<Term*>(sb));
}

}  // namespace girder
