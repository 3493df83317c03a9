// term_to_binary & co. and the hash BIFs, called as the interpreter calls
// them. Expected results are erl's (OTP 25).
#include <gtest/gtest.h>

#include <vector>

#include "bif/bif.h"
#include "term/binary.h"

namespace girder {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes bytes_of(Term bin) {
  EXPECT_TRUE(is_binary(bin));
  BitView v = bit_view(bin);
  EXPECT_TRUE(v.aligned());
  return Bytes(v.bytes + v.bit_offset / 8, v.bytes + v.bit_offset / 8 + v.byte_size());
}

Term bin(Process& p, const Bytes& b) { return new_binary(p.heap, b.data(), b.size()); }

Term list(Process& p, std::initializer_list<Term> elems) {
  std::vector<Term> v(elems);
  return make_list_from(p.heap, v.data(), v.size());
}

Term pair(Process& p, Term a, Term b) { return make_tuple(p.heap, {a, b}); }

bool raised_badarg(Process& p, Term result) {
  return !is_value(result) && p.exc_class == atom::error && p.exc_reason == atom::badarg;
}

TEST(EtfBifs, TermToBinaryOptions) {
  Process p;
  Term f = make_float(p.heap, 1.5);
  Term args[2] = {f, NIL};
  EXPECT_EQ(bytes_of(erlang_term_to_binary_1(&p, args)), (Bytes{131, 70, 63, 248, 0, 0, 0, 0, 0, 0}));
  // the last minor_version given wins
  args[1] = list(p, {pair(p, atom::minor_version, make_small(1)),
                     pair(p, atom::minor_version, make_small(0))});
  Bytes text = bytes_of(erlang_term_to_binary_2(&p, args));
  ASSERT_EQ(text.size(), 33u);
  EXPECT_EQ(text[1], 99);
  EXPECT_EQ(Bytes(text.begin() + 2, text.begin() + 6), (Bytes{'1', '.', '5', '0'}));
  args[0] = atom::ok;
  args[1] = list(p, {pair(p, atom::minor_version, make_small(2))});
  EXPECT_EQ(bytes_of(erlang_term_to_binary_2(&p, args)), (Bytes{131, 119, 2, 'o', 'k'}));
  // lists:duplicate(20, 0) with compressed, {compressed, 9}, {compressed, 0}
  std::vector<uint8_t> zeros(20, 0);
  args[0] = make_byte_list(p.heap, zeros.data(), zeros.size());
  args[1] = list(p, {atom::compressed});
  EXPECT_EQ(bytes_of(erlang_term_to_binary_2(&p, args)),
            (Bytes{131, 80, 0, 0, 0, 23, 120, 156, 203, 102, 16, 97, 192, 2, 0, 11, 88, 0, 128}));
  args[1] = list(p, {atom::compressed, pair(p, atom::compressed, make_small(0))});
  EXPECT_EQ(bytes_of(erlang_term_to_binary_2(&p, args)).size(), 24u);
  args[1] = list(p, {pair(p, atom::compressed, make_small(9))});
  EXPECT_EQ(bytes_of(erlang_term_to_binary_2(&p, args))[7], 218);  // zlib header of level 9
}

TEST(EtfBifs, TermToBinaryBadOptions) {
  Process p;
  const Term bad[] = {
      list(p, {pair(p, atom::minor_version, make_small(3))}),
      list(p, {pair(p, atom::compressed, make_small(10))}),
      list(p, {pair(p, atom::compressed, make_small(-1))}),
      list(p, {pair(p, atom::deterministic, atom::am_true)}),
      list(p, {atom::safe}),
      make_cons(p.heap, atom::compressed, atom::ok),
      atom::compressed,
  };
  for (Term opts : bad) {
    Term args[2] = {atom::ok, opts};
    EXPECT_TRUE(raised_badarg(p, erlang_term_to_binary_2(&p, args)));
    EXPECT_TRUE(raised_badarg(p, erlang_term_to_iovec_2(&p, args)));
  }
}

TEST(EtfBifs, BinaryToTerm) {
  Process p;
  Term args[2] = {bin(p, {131, 97, 1, 2}), NIL};
  EXPECT_EQ(erlang_binary_to_term_1(&p, args), make_small(1));
  args[1] = list(p, {atom::used});
  Term r = erlang_binary_to_term_2(&p, args);
  ASSERT_TRUE(is_tuple(r));
  EXPECT_EQ(tuple_elem(r, 1), make_small(1));
  EXPECT_EQ(tuple_elem(r, 2), make_small(3));
  args[1] = list(p, {atom::safe, atom::used});
  EXPECT_TRUE(is_tuple(erlang_binary_to_term_2(&p, args)));
  args[1] = list(p, {atom::ok});
  EXPECT_TRUE(raised_badarg(p, erlang_binary_to_term_2(&p, args)));
  args[1] = make_cons(p.heap, atom::safe, atom::ok);
  EXPECT_TRUE(raised_badarg(p, erlang_binary_to_term_2(&p, args)));
  args[0] = bin(p, {1, 2});
  EXPECT_TRUE(raised_badarg(p, erlang_binary_to_term_1(&p, args)));
  args[0] = atom::ok;
  EXPECT_TRUE(raised_badarg(p, erlang_binary_to_term_1(&p, args)));
  const uint8_t odd[] = {131, 97, 1, 0};
  args[0] = new_bitstring(p.heap, odd, 0, 27);  // <<131,97,1,0:3>>
  EXPECT_TRUE(raised_badarg(p, erlang_binary_to_term_1(&p, args)));
  // a binary that does not start on a byte boundary
  const uint8_t shifted[] = {0x10, 0x6C, 0x20, 0x20};  // <<0:3, 131, 97, 1, 0:5>>
  Term whole = new_binary(p.heap, shifted, 4);
  args[0] = make_sub_bitstring(p.heap, whole, 3, 24);
  EXPECT_EQ(erlang_binary_to_term_1(&p, args), make_small(1));
}

TEST(EtfBifs, TermToIovec) {
  Process p;
  std::vector<uint8_t> sevens(100, 7);
  Term big = new_binary(p.heap, sevens.data(), sevens.size());
  Term args[2] = {make_tuple(p.heap, {atom_put("a"), big, atom_put("b")}), NIL};
  Term l = erlang_term_to_iovec_1(&p, args);
  std::vector<Uint> sizes;
  for (; is_list(l); l = cdr(l)) sizes.push_back(bytes_of(car(l)).size());
  EXPECT_TRUE(is_nil(l));
  EXPECT_EQ(sizes, (std::vector<Uint>{12, 100, 4}));
  // compressed gives a plain binary in ERTS 13
  args[1] = list(p, {atom::compressed});
  EXPECT_TRUE(is_binary(erlang_term_to_iovec_2(&p, args)));
  args[0] = atom_put("abc");
  args[1] = NIL;
  Term one = erlang_term_to_iovec_2(&p, args);
  ASSERT_TRUE(is_list(one));
  EXPECT_EQ(bytes_of(car(one)), (Bytes{131, 100, 0, 3, 'a', 'b', 'c'}));
  EXPECT_TRUE(is_nil(cdr(one)));
}

TEST(EtfBifs, ExternalSize) {
  Process p;
  Term args[2] = {atom_put("abc"), NIL};
  EXPECT_EQ(erlang_external_size_1(&p, args), make_small(7));
  args[1] = list(p, {pair(p, atom::minor_version, make_small(0))});
  args[0] = make_float(p.heap, 1.0);
  EXPECT_EQ(erlang_external_size_2(&p, args), make_small(33));
  // only {minor_version, 0 | 1}
  for (Term opt : {pair(p, atom::minor_version, make_small(2)), atom::compressed,
                   Term(atom::deterministic)}) {
    args[1] = list(p, {opt});
    EXPECT_TRUE(raised_badarg(p, erlang_external_size_2(&p, args)));
  }
  // erlang:external_size(a, [{minor_version,1}|x]) fails with the rest of
  // the option list as its second argument
  Term tail = atom_put("x");
  args[1] = make_cons(p.heap, pair(p, atom::minor_version, make_small(1)), tail);
  EXPECT_TRUE(raised_badarg(p, erlang_external_size_2(&p, args)));
  EXPECT_EQ(args[1], tail);
}

TEST(EtfBifs, Hashes) {
  Process p;
  Term a = atom_put("a");
  Term args[2] = {a, make_small(Sint(1) << 32)};
  EXPECT_EQ(erlang_phash2_2(&p, args), make_small(97));
  args[1] = make_small(7);
  EXPECT_EQ(erlang_phash2_2(&p, args), make_small(6));
  args[1] = make_small(1);
  EXPECT_EQ(erlang_phash2_2(&p, args), make_small(0));
  EXPECT_EQ(erlang_phash2_1(&p, args), make_small(97));
  args[1] = make_small(Sint(1) << 32);
  EXPECT_EQ(erlang_phash_2(&p, args), make_small(98));
  args[1] = make_small(7);
  EXPECT_EQ(erlang_phash_2(&p, args), make_small(7));
  args[0] = make_small(0);
  args[1] = make_small(Sint(1) << 32);
  EXPECT_EQ(erlang_phash2_2(&p, args), make_small(3175731469));
  for (Term bad : {make_small(0), make_small(-1), make_small((Sint(1) << 32) + 1),
                   make_float(p.heap, 1.0), Term(atom::ok)}) {
    args[1] = bad;
    EXPECT_TRUE(raised_badarg(p, erlang_phash2_2(&p, args)));
    EXPECT_TRUE(raised_badarg(p, erlang_phash_2(&p, args)));
  }
}

}  // namespace
}  // namespace girder
