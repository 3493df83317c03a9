// Binaries and bitstrings.
//
//   HeapBin   header(1 + words, SUB_HEAP_BIN), size in bytes, bytes...
//             (at most HEAP_BIN_LIMIT bytes)
//   ProcBin   header(PROC_BIN_WORDS - 1, SUB_REFC_BIN): handle to a Binary
//             that lives off heap with a reference count
//   SubBin    header(SUB_BIN_WORDS - 1, SUB_SUB_BIN): a slice
//             [offs bytes + bitoffs bits, + size bytes + bitsize bits) of a
//             HeapBin or ProcBin (never of another SubBin)
//   MatchCtx  header(MATCH_CTX_WORDS - 1, SUB_MATCH_CTX): the state of a
//             binary match: orig (HeapBin/ProcBin), position and end in bits
//             counted from the start of orig's bytes.
//
// Every bitstring term is one of HeapBin, ProcBin or SubBin; bit_view()
// resolves any of them to (bytes, bit offset, bit size).
#pragma once

#include <atomic>
#include <cstddef>

#include "term/heap.h"

namespace girder {

constexpr Uint HEAP_BIN_LIMIT = 64;

// Off-heap storage for a binary; freed when refc drops to zero.
struct Binary {
  std::atomic<Uint> refc;
  Uint size;   // capacity in bytes
  uint8_t data[1];
};
Binary* binary_alloc(Uint size);  // refc = 1
// The same, or nullptr when the memory cannot be had (for sizes that come
// from outside: a file read of 1 TB answers enomem, as in ERTS).
Binary* binary_try_alloc(Uint size);
Binary* binary_realloc(Binary* b, Uint new_size);  // only while refc == 1
inline void binary_incref(Binary* b) { b->refc.fetch_add(1, std::memory_order_relaxed); }
void binary_decref(Binary* b);

struct HeapBin {
  Term header;
  Uint size;       // bytes
  uint8_t data[8]; // size bytes, padded to whole words
};
inline Uint heap_bin_words(Uint bytes) { return 2 + (bytes + 7) / 8; }

// Starts as an OffHeapThing (term/heap.h): header, two words, the link.
struct ProcBin {
  Term header;
  Uint size;       // bytes of this binary (may be less than val->size)
  Uint flags;      // PB_WRITABLE, PB_ACTIVE_WRITER for appends
  OffHeapThing* next;  // off-heap list
  Binary* val;     // holds one reference
  uint8_t* bytes;  // start of the data (inside val)
};
constexpr Uint PROC_BIN_WORDS = 6;
static_assert(sizeof(ProcBin) == PROC_BIN_WORDS * sizeof(Term));
static_assert(offsetof(ProcBin, size) == sizeof(Term));  // orig_size reads word 1
static_assert(offsetof(ProcBin, next) == offsetof(OffHeapThing, next));
static_assert(offsetof(OffHeapThing, next) == OFF_HEAP_LINK_WORD * sizeof(Term));
constexpr Uint PB_WRITABLE = 1;
constexpr Uint PB_ACTIVE_WRITER = 2;

struct SubBin {
  Term header;
  Uint size;       // whole bytes
  Uint offs;       // byte offset into orig
  uint8_t bitsize; // extra bits after size bytes (0..7)
  uint8_t bitoffs; // bit offset after offs bytes (0..7)
  uint8_t is_writable;
  uint8_t pad[5];
  Term orig;       // HeapBin or ProcBin
};
constexpr Uint SUB_BIN_WORDS = 5;
static_assert(sizeof(SubBin) == SUB_BIN_WORDS * sizeof(Term));

struct MatchCtx {
  Term header;
  Term orig;       // HeapBin or ProcBin
  Uint offset;     // current position in bits from orig's first byte
  Uint end;        // end position in bits
};
constexpr Uint MATCH_CTX_WORDS = 4;
static_assert(sizeof(MatchCtx) == MATCH_CTX_WORDS * sizeof(Term));

inline bool is_bitstring(Term t) {
  if (!is_boxed(t)) return false;
  Subtag s = header_subtag(boxed_header(t));
  return s == SUB_HEAP_BIN || s == SUB_REFC_BIN || s == SUB_SUB_BIN;
}
inline bool is_match_ctx(Term t) { return is_boxed_of(t, SUB_MATCH_CTX); }

struct BitView {
  const uint8_t* bytes;  // first byte
  Uint bit_offset;       // bits to skip in bytes[0..]
  Uint bit_size;         // length in bits
  bool is_binary() const { return (bit_size & 7) == 0; }
  bool aligned() const { return (bit_offset & 7) == 0; }
  Uint byte_size() const { return bit_size >> 3; }
};
// t must be a bitstring.
BitView bit_view(Term t);
// Bytes of a HeapBin or ProcBin (the orig of a SubBin or MatchCtx).
const uint8_t* orig_bytes(Term orig);
Uint orig_size(Term orig);
inline bool is_binary(Term t) { return is_bitstring(t) && bit_view(t).is_binary(); }

// New binary holding a copy of the bytes: HeapBin up to HEAP_BIN_LIMIT,
// else a ProcBin over a fresh Binary.
Term new_binary(Heap& h, const uint8_t* bytes, Uint n);
// New uninitialised binary of n bytes; *out receives the writable bytes.
Term new_binary_uninit(Heap& h, Uint n, uint8_t** out);
// ProcBin over an existing Binary (takes one reference).
Term make_proc_bin(Heap& h, Binary* b, uint8_t* bytes, Uint n);
// The first n bytes of a fresh Binary (refc 1) as a binary term, taking b
// over: copied to a heap binary when small (b is freed), else b itself,
// shrunk to n.
Term take_binary(Heap& h, Binary* b, Uint n);
// Bitstring of bit_size bits copied from src at bit_offset.
Term new_bitstring(Heap& h, const uint8_t* src, Uint bit_offset, Uint bit_size);
// Slice of an existing bitstring (SubBin, or the whole term if unchanged).
Term make_sub_bitstring(Heap& h, Term bin, Uint bit_offset, Uint bit_size);

// Copies bit_size bits from (src, src_off) to (dst, dst_off); regions must
// not overlap.
void copy_bits(const uint8_t* src, Uint src_off, uint8_t* dst, Uint dst_off,
               Uint bit_size);

}  // namespace girder
