// erlang: crc32, adler32, md5 and the md5 context BIFs
// (bif/checksum_bifs.cpp). The table's expected values are erl's.
#include "b2_test_util.h"

namespace girder {
namespace {

using namespace b2test;

TEST(B2Checksums, AgreesWithErl) {
  run_cases({
    {erlang_crc32_1, "erlang:crc32/1", R"(["abc"])", R"(891568578)"},
    {erlang_crc32_1, "erlang:crc32/1", R"([<<"abc">>])", R"(891568578)"},
    {erlang_crc32_1, "erlang:crc32/1", R"([[<<"a">>,[98|<<"c">>]]])", R"(891568578)"},
    {erlang_crc32_2, "erlang:crc32/2", R"([5,"abc"])", R"(871334697)"},
    {erlang_crc32_2, "erlang:crc32/2", R"([-1,"abc"])", R"(error:badarg)"},
    {erlang_crc32_2, "erlang:crc32/2", R"([4294967296,"abc"])", R"(error:badarg)"},
    {erlang_crc32_2, "erlang:crc32/2", R"([4294967295,"abc"])", R"(899311407)"},
    {erlang_crc32_1, "erlang:crc32/1", R"([a])", R"(error:badarg)"},
    {erlang_crc32_1, "erlang:crc32/1", R"([[1,a]])", R"(error:badarg)"},
    {erlang_crc32_1, "erlang:crc32/1", R"([[]])", R"(0)"},
    {erlang_crc32_1, "erlang:crc32/1", R"([<<1:1>>])", R"(error:badarg)"},
    {erlang_crc32_2, "erlang:crc32/2", R"([5,<<1:1>>])", R"(error:badarg)"},
    {erlang_crc32_2, "erlang:crc32/2", R"([5,[1|<<"a">>]])", R"(520128053)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([1,2,3])", R"(29518389)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([123,456,1000])", R"(1725681986)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([-1,2,3])", R"(error:badarg)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([1,2,-3])", R"(error:badarg)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([1,2,4294967296])", R"(error:badarg)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([1,2,4294967295])", R"(3)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([1,2,2147483648])", R"(498536550)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([1,2,0])", R"(3)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([1,4294967296,0])", R"(error:badarg)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([1,4294967295,0])", R"(4294967294)"},
    {erlang_crc32_combine_3, "erlang:crc32_combine/3", R"([a,2,0])", R"(error:badarg)"},
    {erlang_adler32_1, "erlang:adler32/1", R"(["abc"])", R"(38600999)"},
    {erlang_adler32_2, "erlang:adler32/2", R"([7,"abc"])", R"(39780653)"},
    {erlang_adler32_1, "erlang:adler32/1", R"([[]])", R"(1)"},
    {erlang_adler32_2, "erlang:adler32/2", R"([0,[]])", R"(0)"},
    {erlang_adler32_2, "erlang:adler32/2", R"([1099511627776,[]])", R"(error:badarg)"},
    {erlang_adler32_1, "erlang:adler32/1", R"([[a]])", R"(error:badarg)"},
    {erlang_adler32_combine_3, "erlang:adler32_combine/3", R"([1,2,3])", R"(2)"},
    {erlang_adler32_combine_3, "erlang:adler32_combine/3", R"([123,456,1000])", R"(3701408322)"},
    {erlang_adler32_combine_3, "erlang:adler32_combine/3", R"([1,2,0])", R"(1)"},
    {erlang_adler32_combine_3, "erlang:adler32_combine/3", R"([4294967296,2,3])", R"(error:badarg)"},
    {erlang_adler32_combine_3, "erlang:adler32_combine/3", R"([1,2,4294967295])", R"(2)"},
    {erlang_adler32_combine_3, "erlang:adler32_combine/3", R"([1,2,4294967296])", R"(error:badarg)"},
    {erlang_md5_1, "erlang:md5/1", R"(["abc"])", R"(<<144,1,80,152,60,210,79,176,214,150,63,125,40,225,127,114>>)"},
    {erlang_md5_1, "erlang:md5/1", R"([<<>>])", R"(<<212,29,140,217,143,0,178,4,233,128,9,152,236,248,66,126>>)"},
    {erlang_md5_1, "erlang:md5/1", R"([[<<"a">>,[98|<<"c">>]]])", R"(<<144,1,80,152,60,210,79,176,214,150,63,125,40,225,127,114>>)"},
    {erlang_md5_1, "erlang:md5/1", R"([<<1:1>>])", R"(error:badarg)"},
    {erlang_md5_1, "erlang:md5/1", R"([[1|2]])", R"(error:badarg)"},
    {erlang_md5_1, "erlang:md5/1", R"([a])", R"(error:badarg)"},
    {erlang_md5_update_2, "erlang:md5_update/2", R"([<<1,2,3>>,"abc"])", R"(error:badarg)"},
    {erlang_md5_update_2, "erlang:md5_update/2", R"([a,"abc"])", R"(error:badarg)"},
    {erlang_md5_final_1, "erlang:md5_final/1", R"([<<1,2,3>>])", R"(error:badarg)"},
    {erlang_md5_final_1, "erlang:md5_final/1", R"([a])", R"(error:badarg)"},
  });
}

// The context is ERTS's 88-byte MD5_CTX: this one is what ERTS's
// md5_update(md5_init(), "abc") holds in its first 27 bytes (the rest of
// ERTS's buffer is uninitialised memory).
TEST(B2Checksums, Md5ContextLayout) {
  Process p;
  Heap& h = p.heap;
  Term ctx = erlang_md5_init_0(&p, nullptr);
  ASSERT_TRUE(is_binary(ctx));
  EXPECT_EQ(bit_view(ctx).byte_size(), 88u);
  Term args[2] = {ctx, T(h, "\"abc\"")};
  Term ctx2 = erlang_md5_update_2(&p, args);
  ASSERT_TRUE(is_binary(ctx2));
  BitView v = bit_view(ctx2);
  ASSERT_EQ(v.byte_size(), 88u);
  const uint8_t expect[27] = {1, 35, 69, 103, 137, 171, 205, 239, 254, 220, 186, 152, 118, 84,
                              50, 16, 24, 0, 0, 0, 0, 0, 0, 0, 97, 98, 99};
  for (int i = 0; i < 27; i++) EXPECT_EQ(v.bytes[i], expect[i]) << i;
  EXPECT_EQ(term_to_text(erlang_md5_final_1(&p, &ctx2)),
            "<<144,1,80,152,60,210,79,176,214,150,63,125,40,225,127,114>>");
}

// Feeding data in pieces gives the one-shot digest, across block
// boundaries, and a context written by ERTS continues here.
TEST(B2Checksums, Md5Incremental) {
  Process p;
  Heap& h = p.heap;
  std::vector<uint8_t> data(1000);
  for (size_t i = 0; i < data.size(); i++) data[i] = uint8_t(i * 31 + 7);
  Term whole = new_binary(h, data.data(), data.size());
  std::string expected = term_to_text(erlang_md5_1(&p, &whole));
  Term ctx = erlang_md5_init_0(&p, nullptr);
  for (size_t at = 0; at < data.size();) {
    size_t n = std::min<size_t>(data.size() - at, 1 + at % 97);
    Term args[2] = {ctx, new_binary(h, data.data() + at, n)};
    ctx = erlang_md5_update_2(&p, args);
    ASSERT_TRUE(is_binary(ctx));
    at += n;
  }
  EXPECT_EQ(term_to_text(erlang_md5_final_1(&p, &ctx)), expected);

  // ERTS's md5_update(md5_init(), "abc"), garbage bytes included.
  Term erts_ctx = T(h,
      "<<1,35,69,103,137,171,205,239,254,220,186,152,118,84,50,16,24,0,0,0,0,0,0,0,97,98,99,255,"
      "239,127,0,0,147,0,0,0,72,0,0,0,153,5,241,191,239,127,0,0,31,0,0,0,0,0,0,0,139,110,0,0,0,0,"
      "0,0,128,0,0,0,0,0,0,0,139,119,0,0,0,0,0,0,113,27,240,191,239,127,0,0>>");
  Term args[2] = {erts_ctx, T(h, "\"def\"")};
  Term c2 = erlang_md5_update_2(&p, args);
  Term abcdef = T(h, "\"abcdef\"");
  EXPECT_EQ(term_to_text(erlang_md5_final_1(&p, &c2)), term_to_text(erlang_md5_1(&p, &abcdef)));
}

// Checksums over unaligned bitstrings and over long iolists.
TEST(B2Checksums, UnalignedAndLong) {
  Process p;
  Heap& h = p.heap;
  std::vector<uint8_t> raw = {0x30, 0xB1, 0x31, 0x80};  // "abc" shifted right by 1 bit
  Term s = unaligned(h, raw, 1, 24);
  EXPECT_EQ(term_to_text(erlang_crc32_1(&p, &s)), "891568578");
  EXPECT_EQ(term_to_text(erlang_adler32_1(&p, &s)), "38600999");
  std::vector<Term> parts(100000, make_small('x'));
  Term l = make_list_from(h, parts.data(), parts.size());
  std::vector<uint8_t> flat(100000, 'x');
  Term b = new_binary(h, flat.data(), flat.size());
  EXPECT_EQ(term_to_text(erlang_crc32_1(&p, &l)), term_to_text(erlang_crc32_1(&p, &b)));
  EXPECT_EQ(term_to_text(erlang_md5_1(&p, &l)), term_to_text(erlang_md5_1(&p, &b)));
}

}  // namespace
}  // namespace girder
