// erlang: crc32, adler32 (zlib) and md5 (OpenSSL) over iolists.
//
// The md5 context that md5_init/md5_update pass around is a binary in the
// layout of ERTS's own MD5_CTX (RFC 1321): state[4] and count[2] as 32-bit
// words in native byte order, then the 64-byte input buffer; 88 bytes in
// all. Contexts made by ERTS therefore continue correctly here and the
// other way round. OpenSSL's MD5_CTX holds the same values (it adds only a
// buffer fill count, which follows from the bit count), so each call
// converts the binary to an MD5_CTX and back.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/evp.h>
#include <openssl/md5.h>
#include <zlib.h>

#include <cstring>
#include <vector>

#include "bif/bif.h"
#include "bif/binary_util.h"
#include "bif/iolist.h"

namespace girder {

namespace {

// Streams the bytes of an iolist to f(const uint8_t*, Uint) in order, in
// byte-aligned pieces. False if t is not an iolist.
template <class F>
bool for_each_byte_chunk(Term t, F&& f) {
  std::vector<uint8_t> tmp;
  return iolist_stream(t, false, [&](const uint8_t* src, Uint off, Uint bits) {
    Uint n = bits >> 3;
    if ((off & 7) == 0) {
      f(src + (off >> 3), n);
    } else {
      tmp.resize(n + 1);
      copy_bits(src, off, tmp.data(), 0, bits);
      f(tmp.data(), n);
    }
  });
}

// A checksum argument: an integer 0..2^32-1.
bool get_u32(Term t, uLong* out) {
  Uint u;
  if (!term_to_uint(t, &u) || (u >> 32) != 0) return false;
  *out = uLong(u);
  return true;
}

Term crc32_over(Process* p, uLong crc, Term data) {
  bool ok = for_each_byte_chunk(data, [&](const uint8_t* b, Uint n) { crc = crc32_z(crc, b, n); });
  if (!ok) return bif_badarg(p);
  return make_uinteger(p->heap, crc);
}

Term adler32_over(Process* p, uLong sum, Term data) {
  bool ok = for_each_byte_chunk(data, [&](const uint8_t* b, Uint n) { sum = adler32_z(sum, b, n); });
  if (!ok) return bif_badarg(p);
  return make_uinteger(p->heap, sum);
}

// Reads the three arguments of crc32_combine/adler32_combine; the length is
// limited to 32 bits as in ERTS.
bool combine_args(Term* args, uLong* a, uLong* b, z_off_t* len) {
  uLong l;
  if (!get_u32(args[0], a) || !get_u32(args[1], b) || !get_u32(args[2], &l)) return false;
  *len = z_off_t(l);
  return true;
}

// ---- md5 context <-> binary --------------------------------------------------

constexpr Uint MD5_CONTEXT_BYTES = 88;
constexpr Uint MD5_COUNT_OFFSET = 16;
constexpr Uint MD5_BUFFER_OFFSET = 24;

void md5_ctx_store(const MD5_CTX& c, uint8_t* out) {
  uint32_t words[6] = {c.A, c.B, c.C, c.D, c.Nl, c.Nh};
  std::memcpy(out, words, sizeof words);
  std::memcpy(out + MD5_BUFFER_OFFSET, c.data, 64);
}

// False if t is not an 88-byte binary.
bool md5_ctx_load(Term t, MD5_CTX* c) {
  if (!is_byte_binary(t)) return false;
  ByteSpan bytes(t);
  if (bytes.size() != MD5_CONTEXT_BYTES) return false;
  uint32_t words[6];
  std::memcpy(words, bytes.data(), sizeof words);
  c->A = words[0];
  c->B = words[1];
  c->C = words[2];
  c->D = words[3];
  c->Nl = words[4];
  c->Nh = words[5];
  std::memcpy(c->data, bytes.data() + MD5_BUFFER_OFFSET, 64);
  c->num = (c->Nl >> 3) & 63;  // bytes waiting in the buffer
  return true;
}

static_assert(MD5_COUNT_OFFSET == 4 * sizeof(uint32_t));

}  // namespace

Term erlang_crc32_1(Process* p, Term* args) { return crc32_over(p, crc32(0, nullptr, 0), args[0]); }

Term erlang_crc32_2(Process* p, Term* args) {
  uLong crc;
  if (!get_u32(args[0], &crc)) return bif_badarg(p);
  return crc32_over(p, crc, args[1]);
}

Term erlang_crc32_combine_3(Process* p, Term* args) {
  uLong a, b;
  z_off_t len;
  if (!combine_args(args, &a, &b, &len)) return bif_badarg(p);
  return make_uinteger(p->heap, uint32_t(crc32_combine(a, b, len)));
}

Term erlang_adler32_1(Process* p, Term* args) {
  return adler32_over(p, adler32(0, nullptr, 0), args[0]);
}

Term erlang_adler32_2(Process* p, Term* args) {
  uLong sum;
  if (!get_u32(args[0], &sum)) return bif_badarg(p);
  return adler32_over(p, sum, args[1]);
}

Term erlang_adler32_combine_3(Process* p, Term* args) {
  uLong a, b;
  z_off_t len;
  if (!combine_args(args, &a, &b, &len)) return bif_badarg(p);
  // zlib does not return the first checksum for an empty second part.
  uint32_t r = len == 0 ? uint32_t(a) : uint32_t(adler32_combine(a, b, len));
  return make_uinteger(p->heap, r);
}

Term erlang_md5_1(Process* p, Term* args) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx || !EVP_DigestInit_ex(ctx, EVP_md5(), nullptr)) {
    EVP_MD_CTX_free(ctx);
    return bif_error(p, atom::system_limit);
  }
  bool ok = for_each_byte_chunk(args[0], [&](const uint8_t* b, Uint n) { EVP_DigestUpdate(ctx, b, n); });
  uint8_t digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  if (!ok) return bif_badarg(p);
  return new_binary(p->heap, digest, len);
}

Term erlang_md5_init_0(Process* p, Term*) {
  MD5_CTX c;
  std::memset(&c, 0, sizeof c);
  MD5_Init(&c);
  uint8_t* out;
  Term bin = new_binary_uninit(p->heap, MD5_CONTEXT_BYTES, &out);
  md5_ctx_store(c, out);
  return bin;
}

Term erlang_md5_update_2(Process* p, Term* args) {
  MD5_CTX c;
  if (!md5_ctx_load(args[0], &c)) return bif_badarg(p);
  bool ok = for_each_byte_chunk(args[1], [&](const uint8_t* b, Uint n) { MD5_Update(&c, b, n); });
  if (!ok) return bif_badarg(p);
  uint8_t* out;
  Term bin = new_binary_uninit(p->heap, MD5_CONTEXT_BYTES, &out);
  md5_ctx_store(c, out);
  return bin;
}

Term erlang_md5_final_1(Process* p, Term* args) {
  MD5_CTX c;
  if (!md5_ctx_load(args[0], &c)) return bif_badarg(p);
  uint8_t digest[MD5_DIGEST_LENGTH];
  MD5_Final(digest, &c);
  return new_binary(p->heap, digest, MD5_DIGEST_LENGTH);
}

}  // namespace girder
