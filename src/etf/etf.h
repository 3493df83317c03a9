// The external term format (term_to_binary / binary_to_term), byte for byte
// as ERTS 13 writes and reads it.
#pragma once

#include <string>
#include <vector>

#include "term/heap.h"

namespace girder {

struct EtfEncodeOptions {
  int compressed = 0;     // zlib level 0..9; 0 = not compressed
  int minor_version = 2;  // 0: floats as text; 1: new floats; 2: + utf8 atoms
  bool deterministic = false;  // maps encoded in sorted key order
};

// Appends 131 followed by the encoding of t. Returns false only for terms
// that cannot be encoded (never for valid terms).
bool etf_encode(Term t, const EtfEncodeOptions& opts, std::vector<uint8_t>& out);
// Bytes that etf_encode would write (for erlang:external_size/1).
Uint etf_encoded_size(Term t, const EtfEncodeOptions& opts);
// What erlang:external_size/1,2 returns: ERTS's size estimate, which is
// the encoded size except that a fun's old index and old uniq are counted
// as INTEGER_EXT (5 bytes) even when written as SMALL_INTEGER_EXT.
// Compression is ignored.
Uint etf_external_size(Term t, const EtfEncodeOptions& opts);

// term_to_iovec: the uncompressed encoding as pieces, so that large
// binaries inside the term are referenced instead of copied. A piece is
// either bytes [begin, end) of `out`, or (bin is a value) the first
// `bin_bytes` bytes of the bitstring `bin` (byte aligned, more than
// HEAP_BIN_LIMIT bytes; ERTS references only such binaries).
struct EtfIovPiece {
  Uint begin = 0, end = 0;
  Term bin = THE_NON_VALUE;
  Uint bin_bytes = 0;
};
bool etf_encode_iov(Term t, const EtfEncodeOptions& opts, std::vector<uint8_t>& out,
                    std::vector<EtfIovPiece>& pieces);

enum class EtfError { none, badarg };
struct EtfDecodeOptions {
  // refuse to create atoms and export entries (fun M:F/A the code index
  // does not know); closures are decoded either way, as in ERTS 13
  bool safe = false;
};
// Decodes one term starting with the version byte 131 (a compressed term
// is inflated first). Terms are built on h. Returns THE_NON_VALUE for any
// malformed, truncated or (with safe) unsafe input; *used receives the
// number of bytes consumed on success (of a compressed term: up to the end
// of its zlib stream). Closures of modules that are not loaded get entries
// from etf/etf_fun_entry.h.
Term etf_decode(Heap& h, const uint8_t* data, Uint size,
                const EtfDecodeOptions& opts, Uint* used = nullptr);

}  // namespace girder
