// erlang: binary/list/iolist conversions, slicing and iolist_to_iovec
// (bif/erlang_binaries.cpp, erlang_iovec.cpp, iolist.cpp). The table's
// expected values are erl's (see b2_cases/).
#include "b2_test_util.h"
#include "bif/iolist.h"

namespace girder {
namespace {

using namespace b2test;

TEST(B2ErlangBinaries, AgreesWithErl) {
  run_cases({
    {erlang_binary_to_list_1, "erlang:binary_to_list/1", R"([<<1,2,3>>])", R"([1,2,3])"},
    {erlang_binary_to_list_1, "erlang:binary_to_list/1", R"([<<>>])", R"([])"},
    {erlang_binary_to_list_1, "erlang:binary_to_list/1", R"([<<1,2:3>>])", R"(error:badarg)"},
    {erlang_binary_to_list_1, "erlang:binary_to_list/1", R"([foo])", R"(error:badarg)"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([<<1,2,3>>,2,3])", R"([2,3])"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([<<1,2,3>>,3,2])", R"(error:badarg)"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([<<1,2,3>>,0,2])", R"(error:badarg)"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([<<1,2,3>>,1,4])", R"(error:badarg)"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([<<1,2,3,4:3>>,1,3])", R"([1,2,3])"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([<<1,2,3,4:3>>,1,4])", R"(error:badarg)"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([<<1,2,3>>,2,2])", R"([2])"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([<<>>,1,0])", R"(error:badarg)"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([<<1,2,3>>,a,2])", R"(error:badarg)"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([<<1,2,3>>,1,100000000000000000000000])", R"(error:badarg)"},
    {erlang_binary_to_list_3, "erlang:binary_to_list/3", R"([[1],1,1])", R"(error:badarg)"},
    {erlang_bitstring_to_list_1, "erlang:bitstring_to_list/1", R"([<<1,2:3>>])", R"([1,<<2:3>>])"},
    {erlang_bitstring_to_list_1, "erlang:bitstring_to_list/1", R"([<<>>])", R"([])"},
    {erlang_bitstring_to_list_1, "erlang:bitstring_to_list/1", R"([<<1:1>>])", R"([<<1:1>>])"},
    {erlang_bitstring_to_list_1, "erlang:bitstring_to_list/1", R"([<<1,2,3>>])", R"([1,2,3])"},
    {erlang_bitstring_to_list_1, "erlang:bitstring_to_list/1", R"([foo])", R"(error:badarg)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[1,<<2>>,[3|<<4>>]]])", R"(<<1,2,3,4>>)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[1|2]])", R"(error:badarg)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([<<1>>])", R"(error:badarg)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[<<1:1>>]])", R"(error:badarg)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[256]])", R"(error:badarg)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[-1]])", R"(error:badarg)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([foo])", R"(error:badarg)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[[],[[]]|<<>>]])", R"(<<>>)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[]])", R"(<<>>)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[[[[[1]]]],2,[[3,[4|<<5,6>>]]]|<<7>>]])", R"(<<1,2,3,4,5,6,7>>)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[1,2|3]])", R"(error:badarg)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[1,a]])", R"(error:badarg)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[1,100000000000000000000000]])", R"(error:badarg)"},
    {erlang_list_to_binary_1, "erlang:list_to_binary/1", R"([[1|<<2:3>>]])", R"(error:badarg)"},
    {erlang_iolist_to_binary_1, "erlang:iolist_to_binary/1", R"([<<1,2>>])", R"(<<1,2>>)"},
    {erlang_iolist_to_binary_1, "erlang:iolist_to_binary/1", R"([<<1,2:2>>])", R"(error:badarg)"},
    {erlang_iolist_to_binary_1, "erlang:iolist_to_binary/1", R"([[<<1:2>>]])", R"(error:badarg)"},
    {erlang_iolist_to_binary_1, "erlang:iolist_to_binary/1", R"([[<<"ab">>,"cd",[[<<"e">>]]|<<"f">>]])", R"(<<97,98,99,100,101,102>>)"},
    {erlang_iolist_to_binary_1, "erlang:iolist_to_binary/1", R"([a])", R"(error:badarg)"},
    {erlang_iolist_to_binary_1, "erlang:iolist_to_binary/1", R"([[]])", R"(<<>>)"},
    {erlang_iolist_size_1, "erlang:iolist_size/1", R"([[1,<<2,3>>|<<4>>]])", R"(4)"},
    {erlang_iolist_size_1, "erlang:iolist_size/1", R"([<<1:1>>])", R"(error:badarg)"},
    {erlang_iolist_size_1, "erlang:iolist_size/1", R"([<<1,2>>])", R"(2)"},
    {erlang_iolist_size_1, "erlang:iolist_size/1", R"([[a]])", R"(error:badarg)"},
    {erlang_iolist_size_1, "erlang:iolist_size/1", R"([a])", R"(error:badarg)"},
    {erlang_iolist_size_1, "erlang:iolist_size/1", R"([[]])", R"(0)"},
    {erlang_iolist_size_1, "erlang:iolist_size/1", R"([[[],[[[]]]]])", R"(0)"},
    {erlang_list_to_bitstring_1, "erlang:list_to_bitstring/1", R"([[1,<<2:3>>,<<3:5>>]])", R"(<<1,67>>)"},
    {erlang_list_to_bitstring_1, "erlang:list_to_bitstring/1", R"([[1,<<2:3>>|<<3:4>>]])", R"(<<1,35:7>>)"},
    {erlang_list_to_bitstring_1, "erlang:list_to_bitstring/1", R"([<<1:3>>])", R"(error:badarg)"},
    {erlang_list_to_bitstring_1, "erlang:list_to_bitstring/1", R"([[a]])", R"(error:badarg)"},
    {erlang_list_to_bitstring_1, "erlang:list_to_bitstring/1", R"([[<<1:1>>,<<1:1>>,<<1:1>>,<<1:1>>,<<1:1>>,<<1:1>>,<<1:1>>,<<1:1>>,<<1:1>>]])", R"(<<255,1:1>>)"},
    {erlang_list_to_bitstring_1, "erlang:list_to_bitstring/1", R"([[<<5:3>>,255,<<1,2>>,[<<3:2>>|<<7:3>>]]])", R"(<<191,224,32,95>>)"},
    {erlang_list_to_bitstring_1, "erlang:list_to_bitstring/1", R"([[]])", R"(<<>>)"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([<<1,2,3>>,1])", R"({<<1>>,<<2,3>>})"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([<<1,2,3>>,3])", R"({<<1,2,3>>,<<>>})"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([<<1,2,3>>,0])", R"({<<>>,<<1,2,3>>})"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([<<1,2,3>>,4])", R"(error:badarg)"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([<<1,2,3:2>>,1])", R"({<<1>>,<<2,3:2>>})"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([<<1,2,3:2>>,2])", R"({<<1,2>>,<<3:2>>})"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([<<1,2,3:2>>,3])", R"(error:badarg)"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([<<1,2,3>>,-1])", R"(error:badarg)"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([<<1,2,3>>,a])", R"(error:badarg)"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([a,0])", R"(error:badarg)"},
    {erlang_split_binary_2, "erlang:split_binary/2", R"([<<>>,0])", R"({<<>>,<<>>})"},
    {erlang_byte_size_1, "erlang:byte_size/1", R"([<<1,2:1>>])", R"(2)"},
    {erlang_byte_size_1, "erlang:byte_size/1", R"([<<>>])", R"(0)"},
    {erlang_byte_size_1, "erlang:byte_size/1", R"([a])", R"(error:badarg)"},
    {erlang_bit_size_1, "erlang:bit_size/1", R"([<<1,2:1>>])", R"(9)"},
    {erlang_bit_size_1, "erlang:bit_size/1", R"([a])", R"(error:badarg)"},
    {erlang_binary_part_2, "erlang:binary_part/2", R"([<<1,2,3>>,{1,2}])", R"(<<2,3>>)"},
    {erlang_binary_part_2, "erlang:binary_part/2", R"([<<1,2,3>>,{3,-2}])", R"(<<2,3>>)"},
    {erlang_binary_part_2, "erlang:binary_part/2", R"([<<1,2,3>>,{3,-3}])", R"(<<1,2,3>>)"},
    {erlang_binary_part_2, "erlang:binary_part/2", R"([<<1,2,3>>,{3,-4}])", R"(error:badarg)"},
    {erlang_binary_part_2, "erlang:binary_part/2", R"([<<1,2,3>>,{1,3}])", R"(error:badarg)"},
    {erlang_binary_part_2, "erlang:binary_part/2", R"([<<1,2,3>>,{a,1}])", R"(error:badarg)"},
    {erlang_binary_part_2, "erlang:binary_part/2", R"([<<1,2,3>>,{1,2,3}])", R"(error:badarg)"},
    {erlang_binary_part_2, "erlang:binary_part/2", R"([<<1,2,3>>,[1,2]])", R"(error:badarg)"},
    {erlang_binary_part_3, "erlang:binary_part/3", R"([<<1,2,3>>,1,2])", R"(<<2,3>>)"},
    {erlang_binary_part_3, "erlang:binary_part/3", R"([<<1,2,3:3>>,1,1])", R"(<<2>>)"},
    {erlang_binary_part_3, "erlang:binary_part/3", R"([<<1,2,3:3>>,1,2])", R"(error:badarg)"},
    {erlang_binary_part_3, "erlang:binary_part/3", R"([<<1,2,3>>,3,0])", R"(<<>>)"},
    {erlang_binary_part_3, "erlang:binary_part/3", R"([<<1,2,3>>,4,0])", R"(error:badarg)"},
    {erlang_binary_part_3, "erlang:binary_part/3", R"([<<1,2,3>>,0,100000000000000000000000])", R"(error:badarg)"},
    {erlang_binary_part_3, "erlang:binary_part/3", R"([<<1,2,3>>,0,-9223372036854775808])", R"(error:badarg)"},
    {erlang_binary_part_3, "erlang:binary_part/3", R"([<<1,2,3>>,18446744073709551615,1])", R"(error:badarg)"},
    {erlang_binary_part_3, "erlang:binary_part/3", R"([foo,0,0])", R"(error:badarg)"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([[1,2,<<3>>,[<<4,5>>|<<6>>],7]])", R"([<<1,2,3,4,5,6,7>>])"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([<<1,2>>])", R"([<<1,2>>])"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([<<>>])", R"([])"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([[]])", R"([])"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([[<<>>,[],<<1>>]])", R"([<<1>>])"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([[<<1:1>>]])", R"(error:badarg)"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([<<1:1>>])", R"(error:badarg)"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([a])", R"(error:badarg)"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([[1,256]])", R"(error:badarg)"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([[1|a]])", R"(error:badarg)"},
    {erlang_iolist_to_iovec_1, "erlang:iolist_to_iovec/1", R"([[[[1]],[2|<<3>>]|<<4>>]])", R"([<<1,2,3,4>>])"},
  });
}

// Sub-binaries that start in the middle of a byte take the copying paths.
TEST(B2ErlangBinaries, UnalignedSubBinaries) {
  Process p;
  Heap& h = p.heap;
  // bits 3.. of <<0b00001010, 0b10101100, 0b11100000>> = <<0x55, 0x67>>
  Term u = unaligned(h, {0x0A, 0xAC, 0xE0}, 3, 16);
  Term args[3] = {u, make_small(1), make_small(2)};
  EXPECT_EQ(term_to_text(erlang_binary_to_list_1(&p, args)), "[85,103]");
  EXPECT_EQ(term_to_text(erlang_binary_to_list_3(&p, args)), "[85,103]");
  Term l = make_cons(h, u, make_cons(h, u, NIL));
  EXPECT_EQ(term_to_text(erlang_list_to_binary_1(&p, &l)), "<<85,103,85,103>>");
  Term u5 = unaligned(h, {0x0A, 0xAC, 0xE0}, 3, 13);
  EXPECT_EQ(term_to_text(erlang_bitstring_to_list_1(&p, &u5)), "[85,<<12:5>>]");
  Term bl = make_cons(h, u5, make_cons(h, u5, NIL));
  EXPECT_EQ(term_to_text(erlang_list_to_bitstring_1(&p, &bl)), "<<85,98,171,0:2>>");
  Term sp[2] = {u5, make_small(1)};
  EXPECT_EQ(term_to_text(erlang_split_binary_2(&p, sp)), "{<<85>>,<<12:5>>}");
}

// iolist_to_binary/1 of a binary is that very term; list_to_binary copies.
TEST(B2ErlangBinaries, IolistToBinaryOfBinaryIsIdentity) {
  Process p;
  Term b = T(p.heap, "<<1,2,3>>");
  EXPECT_EQ(erlang_iolist_to_binary_1(&p, &b), b);
  Term l = make_cons(p.heap, b, NIL);
  Term r = erlang_list_to_binary_1(&p, &l);
  EXPECT_NE(r, b);
  EXPECT_EQ(term_to_text(r), "<<1,2,3>>");
}

// Binaries over the heap-binary limit come back as refc binaries and keep
// their bytes.
TEST(B2ErlangBinaries, LargeResults) {
  Process p;
  Heap& h = p.heap;
  std::vector<Term> elems;
  for (int i = 0; i < 1000; i++) elems.push_back(make_small(i & 255));
  Term l = make_list_from(h, elems.data(), elems.size());
  Term b = erlang_list_to_binary_1(&p, &l);
  ASSERT_TRUE(is_binary(b));
  EXPECT_TRUE(is_boxed_of(b, SUB_REFC_BIN));
  BitView v = bit_view(b);
  ASSERT_EQ(v.byte_size(), 1000u);
  for (int i = 0; i < 1000; i++) ASSERT_EQ(v.bytes[i], uint8_t(i & 255));
  Term back = erlang_binary_to_list_1(&p, &b);
  Uint n = 0;
  for (Term c = back; is_list(c); c = cdr(c), n++) ASSERT_EQ(car(c), make_small(n & 255));
  EXPECT_EQ(n, 1000u);
}

// The shape of iolist_to_iovec/1's answer: small pieces are merged, large
// binaries are passed by reference, and a large binary tops up a small
// accumulator to 256 bytes (expected sizes from erl).
TEST(B2ErlangBinaries, IovecShapes) {
  auto sizes = [](Process& p, Term in) {
    Term r = erlang_iolist_to_iovec_1(&p, &in);
    std::string s;
    for (Term c = r; is_list(c); c = cdr(c)) s += std::to_string(bit_view(car(c)).byte_size()) + " ";
    return s;
  };
  auto filled = [](Heap& h, Uint n, uint8_t v) {
    std::vector<uint8_t> b(n, v);
    return new_binary(h, b.data(), n);
  };
  Process p;
  Heap& h = p.heap;
  Term b70 = filled(h, 70, 7), b30 = filled(h, 30, 7), b20 = filled(h, 20, 8);
  Term big = filled(h, 70000, 7);
  EXPECT_EQ(sizes(p, T(h, "[[1,2],3]")), "3 ");
  EXPECT_EQ(sizes(p, make_cons(h, b70, make_cons(h, b70, NIL))), "140 ");
  EXPECT_EQ(sizes(p, make_cons(h, big, make_cons(h, big, NIL))), "70000 70000 ");
  // [70, 30, 20, 1, 70]: all small -> one binary
  Term l = make_list_from(h, std::vector<Term>{b70, b30, b20, make_small(1), b70}.data(), 5);
  EXPECT_EQ(sizes(p, l), "191 ");
  // a small piece then a larger binary: merged while under 512 in all...
  Term b300 = filled(h, 300, 1), b600 = filled(h, 600, 1);
  EXPECT_EQ(sizes(p, make_cons(h, b20, make_cons(h, b300, NIL))), "320 ");
  // ...else the accumulator is topped up to 256 and the rest is referenced
  EXPECT_EQ(sizes(p, make_cons(h, b20, make_cons(h, b600, NIL))), "256 364 ");
  // large, then small pieces
  EXPECT_EQ(sizes(p, make_cons(h, b300, make_cons(h, b20, make_cons(h, b20, NIL)))), "300 40 ");
  // sixty 200-byte binaries: the accumulator's capacity doubles up to 8192,
  // and the piece that does not fit then starts a new one
  std::vector<Term> many(60, filled(h, 200, 3));
  EXPECT_EQ(sizes(p, make_list_from(h, many.data(), many.size())), "8000 4000 ");
}

TEST(B2ErlangBinaries, IolistAppendTo) {
  Process p;
  std::string out = "x";
  EXPECT_TRUE(iolist_append_to(T(p.heap, "[\"ab\",[<<99>>|<<100>>]]"), &out));
  EXPECT_EQ(out, "xabcd");
  EXPECT_FALSE(iolist_append_to(T(p.heap, "[1|2]"), &out));
}

}  // namespace
}  // namespace girder
