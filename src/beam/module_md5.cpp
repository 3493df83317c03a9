// The module checksum of erlang:module_info(md5) and beam_lib:md5/1: MD5
// over the data of the chunks that define the code, in this order, each
// only if present: the atom table, Code, StrT, ImpT, ExpT, FunT, LitT,
// Meta. In FunT the OldUniq field of every entry is hashed as zero, because
// the compiler derives OldUniq from this very checksum.
#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

#include "beam/beam_parse.h"

namespace girder::beam {

namespace {

constexpr Uint FUN_ENTRY_BYTES = 24;
constexpr Uint FUN_OLD_UNIQ_AT = 20;  // OldUniq is the last field of an entry

struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

}  // namespace

void module_md5(const Chunks& c, uint8_t out[16]) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr) != 1) std::abort();
  auto add = [&](const uint8_t* p, Uint n) {
    if (n && EVP_DigestUpdate(ctx.get(), p, n) != 1) std::abort();
  };
  auto add_chunk = [&](const ChunkRef& r) {
    if (r.present) add(r.data, r.size);
  };

  add_chunk(c.atu8.present ? c.atu8 : c.atom);
  add_chunk(c.code);
  add_chunk(c.strt);
  add_chunk(c.impt);
  add_chunk(c.expt);
  if (c.funt.present) {
    // read_funs has checked: a count, then whole 24-byte entries
    static const uint8_t zero[4] = {0, 0, 0, 0};
    const uint8_t* p = c.funt.data;
    Uint left = c.funt.size;
    add(p, 4);
    p += 4;
    left -= 4;
    for (; left >= FUN_ENTRY_BYTES; p += FUN_ENTRY_BYTES, left -= FUN_ENTRY_BYTES) {
      add(p, FUN_OLD_UNIQ_AT);
      add(zero, 4);
    }
  }
  add_chunk(c.litt);
  add_chunk(c.meta);

  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx.get(), out, &len) != 1 || len != 16) std::abort();
}

}  // namespace girder::beam
