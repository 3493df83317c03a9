// LitT: the literal table, zlib-compressed:
//   <uncompressed size:32> <zlib stream of: <count:32> { <size:32> <ETF> }*>
// and the two chunks that hold one external term each (Attr, CInf). All
// terms are built on bf.literal_heap, whose memory is in the literal region.
#include <zlib.h>

#include <vector>

#include "beam/beam_parse.h"
#include "etf/etf.h"

namespace girder::beam {

namespace {

// deflate cannot compress better than about 1032:1, so a declared size
// beyond this bound is corrupt, and we refuse it before allocating.
constexpr Uint MAX_DEFLATE_RATIO = 1032;

void read_literal_table(ByteReader& r, BeamFile& bf) {
  // each entry has a 4-byte size and at least 2 bytes of ETF
  uint32_t n = r.count("literal", 6);
  bf.literals.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    Uint at = r.offset();
    uint32_t size = r.u32();
    const uint8_t* ext = r.bytes(size);
    Uint used = 0;
    Term t = etf_decode(*bf.literal_heap, ext, size, EtfDecodeOptions{}, &used);
    if (t == THE_NON_VALUE)
      r.fail_at(at, "literal " + std::to_string(i) + ": malformed external term");
    if (used != size)
      r.fail_at(at, "literal " + std::to_string(i) + ": " +
                        std::to_string(size - used) + " bytes after the term");
    bf.literals.push_back(t);
  }
  if (!r.at_end())
    r.fail(std::to_string(r.remaining()) + " bytes left over after the last literal");
}

}  // namespace

void read_literals(const ChunkRef& c, BeamFile& bf) {
  ByteReader r = c.reader();
  Uint size_at = r.offset();
  Uint declared = r.u32();
  Uint compressed = r.remaining();
  Uint data_at = r.offset();
  if (declared == 0) r.fail_at(size_at, "uncompressed size is 0");
  if (declared > compressed * MAX_DEFLATE_RATIO + 64)
    r.fail_at(size_at, "uncompressed size " + std::to_string(declared) +
                           " is impossible for " + std::to_string(compressed) +
                           " compressed bytes");
  std::vector<uint8_t> table(declared);
  uLongf got = declared;
  int z = uncompress(table.data(), &got, r.bytes(compressed), compressed);
  if (z != Z_OK)
    r.fail_at(data_at, std::string("zlib: ") +
                           (z == Z_BUF_ERROR
                                ? "stream truncated or larger than the declared size"
                                : zError(z)));
  if (got != declared)
    r.fail_at(size_at, "declared uncompressed size " + std::to_string(declared) +
                           " but the data has " + std::to_string(got) + " bytes");
  // Offsets inside the inflated table are not file offsets; report the
  // failing position relative to the table, at the chunk's data.
  try {
    ByteReader lr(table.data(), table.size(), "inflated literal table", 0);
    read_literal_table(lr, bf);
  } catch (BeamError& e) {
    r.fail_at(data_at, e.message);
  }
}

Term read_term_chunk(const ChunkRef& c, BeamFile& bf) {
  ByteReader r = c.reader();
  Uint used = 0;
  Term t = etf_decode(*bf.literal_heap, c.data, c.size, EtfDecodeOptions{}, &used);
  if (t == THE_NON_VALUE) r.fail("malformed external term");
  if (used != c.size)
    r.fail_at(c.offset + used, std::to_string(c.size - used) + " bytes after the term");
  if (!is_list(t) && !is_nil(t)) r.fail("the term is not a list");
  return t;
}

}  // namespace girder::beam
