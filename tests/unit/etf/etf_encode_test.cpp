// The encoder on terms built by hand (expected bytes from erl, OTP 25).
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "etf/etf.h"
#include "etf/etf_tags.h"
#include "term/atom_table.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/hash.h"

namespace girder {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes encode(Term t, int minor = 1, int level = 0) {
  EtfEncodeOptions o;
  o.minor_version = minor;
  o.compressed = level;
  Bytes out;
  EXPECT_TRUE(etf_encode(t, o, out));
  return out;
}

Bytes concat(const Bytes& a, const Bytes& b) {
  Bytes r = a;
  r.insert(r.end(), b.begin(), b.end());
  return r;
}

TEST(EtfEncode, IntegerBoundaries) {
  Heap h;
  EXPECT_EQ(encode(make_small(255)), (Bytes{131, 97, 255}));
  EXPECT_EQ(encode(make_small(256)), (Bytes{131, 98, 0, 0, 1, 0}));
  EXPECT_EQ(encode(make_small(-1)), (Bytes{131, 98, 255, 255, 255, 255}));
  EXPECT_EQ(encode(make_integer(h, Sint(1) << 31)), (Bytes{131, 110, 4, 0, 0, 0, 0, 128}));
  EXPECT_EQ(encode(make_integer(h, MAX_SMALL)),
            (Bytes{131, 110, 8, 0, 255, 255, 255, 255, 255, 255, 255, 7}));
  EXPECT_EQ(encode(make_integer(h, MIN_SMALL)), (Bytes{131, 110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 8}));
}

TEST(EtfEncode, Latin1AtomDependsOnMinorVersion) {
  Term e = atom_put("\xC3\xA9");  // 'é'
  EXPECT_EQ(encode(e, 1), (Bytes{131, 100, 0, 1, 233}));
  EXPECT_EQ(encode(e, 0), (Bytes{131, 100, 0, 1, 233}));
  EXPECT_EQ(encode(e, 2), (Bytes{131, 119, 2, 195, 169}));
}

// erlang:external_size(lists:duplicate(N, 1)) for N = 65535, 65536.
TEST(EtfEncode, StringExtUpTo65535Bytes) {
  Heap h;
  std::vector<uint8_t> ones(65536, 1);
  Term s = make_byte_list(h, ones.data(), 65535);
  Bytes b = encode(s);
  EXPECT_EQ(b[1], etf::STRING_EXT);
  EXPECT_EQ(b.size(), 65539u);
  Term l = make_byte_list(h, ones.data(), 65536);
  Bytes c = encode(l);
  EXPECT_EQ(c[1], etf::LIST_EXT);
  EXPECT_EQ(c.size(), 131079u);
  EtfEncodeOptions o;
  o.minor_version = 1;
  EXPECT_EQ(etf_encoded_size(l, o), 131079u);
}

TEST(EtfEncode, ImproperAndMixedLists) {
  Heap h;
  EXPECT_EQ(encode(make_cons(h, make_small(1), make_small(2))),
            (Bytes{131, 108, 0, 0, 0, 1, 97, 1, 97, 2}));
  // bytes then a non-byte: one LIST_EXT of all elements
  Term l = make_cons(h, make_small(1), make_cons(h, make_small(300), NIL));
  EXPECT_EQ(encode(l), (Bytes{131, 108, 0, 0, 0, 2, 97, 1, 98, 0, 0, 1, 44, 106}));
}

// <<2#11111000, 0:5>> taken at a bit offset of 3 from 16#FF00AA.
TEST(EtfEncode, UnalignedBitstring) {
  Heap h;
  const uint8_t src[] = {0xFF, 0x00, 0xAA};
  Term orig = new_binary(h, src, 3);
  Term sub = make_sub_bitstring(h, orig, 3, 13);
  Bytes want{131, 77, 0, 0, 0, 2, 5, 248, 0};
  EXPECT_EQ(encode(sub), want);
  EXPECT_EQ(encode(new_bitstring(h, src, 3, 13)), want);
}

TEST(EtfEncode, LocalPidPortRef) {
  Heap h;
  Bytes node{100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's', 't'};
  Term pid = make_local_pid((Uint(7) << PID_NUMBER_BITS) | 5);
  EXPECT_EQ(encode(pid), concat(concat(Bytes{131, 88}, node), Bytes{0, 0, 0, 5, 0, 0, 0, 7, 0, 0, 0, 0}));
  Term port = make_local_port(5);
  EXPECT_EQ(encode(port), concat(concat(Bytes{131, 89}, node), Bytes{0, 0, 0, 5, 0, 0, 0, 0}));
  auto* r = reinterpret_cast<RefThing*>(h.alloc(REF_WORDS));
  r->header = make_header(REF_WORDS - 1, SUB_REF);
  r->num[0] = 0x3FFFF;
  r->num[1] = 2;
  r->num[2] = 3;
  r->num[3] = 0;
  Term ref = make_boxed(reinterpret_cast<Term*>(r));
  EXPECT_EQ(encode(ref), concat(concat(Bytes{131, 90, 0, 3}, node),
                                Bytes{0, 0, 0, 0, 0, 3, 255, 255, 0, 0, 0, 2, 0, 0, 0, 3}));
}

// A closure of mymod (index 3, old uniq 1234567) capturing 'ok', made by
// <0.9.0>: erl's bytes, external_size 83, phash2 708521226 (full),
// phash 864665766 (full).
TEST(EtfEncode, ClosureAndExternalSizeEstimate) {
  Heap h;
  FunEntry fe{};
  fe.module = atom_put("mymod");
  fe.index = 3;
  fe.old_uniq = 1234567;
  for (int i = 0; i < 16; i++) fe.md5[i] = uint8_t(i + 1);
  fe.arity = 2;
  fe.num_free = 1;
  Term* p = h.alloc(FUN_FIXED_WORDS + 1);
  auto* f = reinterpret_cast<FunThing*>(p);
  f->header = make_header(FUN_FIXED_WORDS, SUB_FUN);
  f->entry = &fe;
  f->arity = 1;
  f->num_free = 1;
  f->creator = make_local_pid(9);
  f->env[0] = atom::ok;
  Term fun = make_boxed(p);
  Bytes want{131, 112, 0,   0,   0,   78,  1,   1,   2,   3,   4,   5,   6,   7,   8,   9,   10,
             11,  12,  13,  14,  15,  16,  0,   0,   0,   3,   0,   0,   0,   1,   100, 0,   5,
             109, 121, 109, 111, 100, 97,  3,   98,  0,   18,  214, 135, 88,  100, 0,   13,  110,
             111, 110, 111, 100, 101, 64,  110, 111, 104, 111, 115, 116, 0,   0,   0,   9,   0,
             0,   0,   0,   0,   0,   0,   0,   100, 0,   2,   111, 107};
  EXPECT_EQ(encode(fun), want);
  EtfEncodeOptions o;
  o.minor_version = 1;
  EXPECT_EQ(etf_encoded_size(fun, o), want.size());
  EXPECT_EQ(etf_external_size(fun, o), 83u);
  EXPECT_EQ(phash2_full(fun), 708521226u);
  EXPECT_EQ(phash_full(fun), 864665766u);
}

TEST(EtfEncode, ExportFun) {
  Heap h;
  Export* ep = export_put(atom_put("lists"), atom_put("map"), 2);
  auto* x = reinterpret_cast<ExportThing*>(h.alloc(EXPORT_THING_WORDS));
  x->header = make_header(EXPORT_THING_WORDS - 1, SUB_EXPORT);
  x->ep = ep;
  EXPECT_EQ(encode(make_boxed(reinterpret_cast<Term*>(x))),
            (Bytes{131, 113, 100, 0, 5, 'l', 'i', 's', 't', 's', 100, 0, 3, 'm', 'a', 'p', 97, 2}));
}

TEST(EtfEncode, MillionDeepListAndTuple) {
  constexpr Uint depth = 1000000;
  Heap h;
  Term l = NIL;
  for (Uint i = 0; i < depth; i++) l = make_cons(h, l, NIL);
  Bytes b = encode(l);
  // per level: LIST_EXT header (5) and the [] tail (1); plus the innermost []
  EXPECT_EQ(b.size(), 1 + 6 * depth + 1);
  Term back = etf_decode(h, b.data(), b.size(), EtfDecodeOptions{});
  ASSERT_TRUE(is_value(back));
  Uint n = 0;
  for (Term t = back; is_list(t); t = car(t)) {
    ASSERT_TRUE(is_nil(cdr(t)));
    n++;
  }
  EXPECT_EQ(n, depth);

  Term t = atom::ok;
  for (Uint i = 0; i < depth; i++) t = make_tuple(h, {t});
  Bytes c = encode(t);
  EXPECT_EQ(c.size(), 1 + 2 * depth + 5);  // SMALL_TUPLE_EXT 1 per level, then ATOM_EXT ok
  Term tb = etf_decode(h, c.data(), c.size(), EtfDecodeOptions{});
  ASSERT_TRUE(is_value(tb));
  n = 0;
  for (; is_tuple(tb); tb = tuple_elem(tb, 1)) n++;
  EXPECT_EQ(n, depth);
  EXPECT_EQ(tb, atom::ok);
  // hashing walks them without recursion too
  EXPECT_EQ(phash2_full(t), phash2_full(etf_decode(h, c.data(), c.size(), EtfDecodeOptions{})));
  EXPECT_NE(phash_full(l), 0u);
}

// term_to_iovec({a, binary:copy(<<7>>, 100), b}) is [12 bytes, Bin, 4 bytes].
TEST(EtfEncode, IovecReferencesLargeBinaries) {
  Heap h;
  std::vector<uint8_t> sevens(100, 7);
  Term big = new_binary(h, sevens.data(), sevens.size());
  Term t = make_tuple(h, {atom_put("a"), big, atom_put("b")});
  EtfEncodeOptions o;
  o.minor_version = 1;
  Bytes out;
  std::vector<EtfIovPiece> pieces;
  ASSERT_TRUE(etf_encode_iov(t, o, out, pieces));
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0].end - pieces[0].begin, 12u);
  EXPECT_EQ(pieces[1].bin, big);
  EXPECT_EQ(pieces[1].bin_bytes, 100u);
  EXPECT_EQ(pieces[2].end - pieces[2].begin, 4u);
  // the pieces put together are term_to_binary's bytes
  Bytes joined(out.begin() + pieces[0].begin, out.begin() + pieces[0].end);
  joined.insert(joined.end(), sevens.begin(), sevens.end());
  joined.insert(joined.end(), out.begin() + pieces[2].begin, out.begin() + pieces[2].end);
  EXPECT_EQ(joined, encode(t));
  // a small binary is copied
  Term small = make_tuple(h, {atom_put("a"), new_binary(h, sevens.data(), 64)});
  Bytes out2;
  std::vector<EtfIovPiece> pieces2;
  ASSERT_TRUE(etf_encode_iov(small, o, out2, pieces2));
  ASSERT_EQ(pieces2.size(), 1u);
  EXPECT_EQ(Bytes(out2.begin() + pieces2[0].begin, out2.begin() + pieces2[0].end), encode(small));
}

// Compressed only when no larger: lists:duplicate(10, 0) stays as it is.
TEST(EtfEncode, CompressionKeptOnlyWhenNotLarger) {
  Heap h;
  std::vector<uint8_t> zeros(20, 0);
  EXPECT_EQ(encode(make_byte_list(h, zeros.data(), 10), 1, 6),
            (Bytes{131, 107, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(encode(make_byte_list(h, zeros.data(), 20), 1, 6),
            (Bytes{131, 80, 0, 0, 0, 23, 120, 156, 203, 102, 16, 97, 192, 2, 0, 11, 88, 0, 128}));
  EXPECT_EQ(encode(atom::ok, 1, 9), (Bytes{131, 100, 0, 2, 'o', 'k'}));
}

TEST(EtfEncode, TagTableNamesTags) {
  EXPECT_STREQ(etf::tag_name(etf::SMALL_TUPLE_EXT), "SMALL_TUPLE_EXT");
  EXPECT_STREQ(etf::tag_name(120), "V4_PORT_EXT");
  EXPECT_EQ(etf::tag_name(0), nullptr);
}

}  // namespace
}  // namespace girder
