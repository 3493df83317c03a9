// Atom conversions (bif/erlang_atoms.cpp); expectations from erl (OTP 25).
#include "b1_test_util.h"

namespace girder {
namespace {

using namespace b1test;

Term codes(Heap& h, std::initializer_list<Sint> cs, Term tail = NIL) {
  std::vector<Term> v;
  for (Sint c : cs) v.push_back(make_small(c));
  return make_list_from(h, v.data(), v.size(), tail);
}
Term repeat(Heap& h, Sint c, Uint n, Term tail = NIL) {
  std::vector<Term> v(n, make_small(c));
  return make_list_from(h, v.data(), v.size(), tail);
}

TEST(B1Atoms, AtomToList) {
  Process p;
  Term r = call(erlang_atom_to_list_1, p, {A("hello")});
  EXPECT_EQ(list_text(r), "hello");
  // atoms hold Unicode: list_to_atom([1000, 16#1F600]) round-trips
  Term a = atom_put("\xCF\xA8\xF0\x9F\x98\x80");
  EXPECT_EQ(to_vector(call(erlang_atom_to_list_1, p, {a})),
            (std::vector<Term>{I(1000), I(0x1F600)}));
  EXPECT_EQ(call(erlang_atom_to_list_1, p, {A("")}), NIL);
  EXPECT_TRUE(raised(p, call(erlang_atom_to_list_1, p, {I(1)}), atom::badarg));
}

TEST(B1Atoms, ListToAtom) {
  Process p;
  Heap& h = p.heap;
  Term fresh = call(erlang_list_to_atom_1, p, {str(h, "b1_fresh_atom")});
  EXPECT_EQ(fresh, atom_get("b1_fresh_atom"));
  EXPECT_NE(fresh, THE_NON_VALUE);
  EXPECT_EQ(call(erlang_list_to_atom_1, p, {codes(h, {1000, 0x1F600})}),
            atom_get("\xCF\xA8\xF0\x9F\x98\x80"));
  EXPECT_EQ(call(erlang_list_to_atom_1, p, {NIL}), A(""));
  EXPECT_EQ(atom_char_count(call(erlang_list_to_atom_1, p, {repeat(h, 1000, 255)})), 255u);
  // 256 characters: system_limit, whatever the 256th element is
  EXPECT_TRUE(raised(p, call(erlang_list_to_atom_1, p, {repeat(h, 'a', 256)}), atom::system_limit));
  Term tail = codes(h, {-1});
  EXPECT_TRUE(
      raised(p, call(erlang_list_to_atom_1, p, {repeat(h, 'a', 255, tail)}), atom::system_limit));
  // a bad element or tail before that: badarg
  EXPECT_TRUE(
      raised(p, call(erlang_list_to_atom_1, p, {repeat(h, 'a', 255, A("x"))}), atom::badarg));
  Term bad_first = make_cons(h, A("x"), repeat(h, 'a', 300));
  EXPECT_TRUE(raised(p, call(erlang_list_to_atom_1, p, {bad_first}), atom::badarg));
  for (Sint c : {Sint(-1), Sint(0xD800), Sint(0xDFFF), Sint(0x110000)}) {
    EXPECT_TRUE(raised(p, call(erlang_list_to_atom_1, p, {codes(h, {c})}), atom::badarg)) << c;
  }
  EXPECT_TRUE(is_atom(call(erlang_list_to_atom_1, p, {codes(h, {0xFFFE})})));
  EXPECT_TRUE(raised(p, call(erlang_list_to_atom_1, p, {bin(h, "a")}), atom::badarg));
}

TEST(B1Atoms, ListToExistingAtom) {
  Process p;
  Heap& h = p.heap;
  EXPECT_EQ(call(erlang_list_to_existing_atom_1, p, {str(h, "ok")}), atom::ok);
  EXPECT_TRUE(raised(p, call(erlang_list_to_existing_atom_1, p, {str(h, "b1_never_made_zq")}),
                     atom::badarg));
  EXPECT_EQ(atom_get("b1_never_made_zq"), THE_NON_VALUE);  // not created
  // every failure is badarg, even an overlong name
  EXPECT_TRUE(
      raised(p, call(erlang_list_to_existing_atom_1, p, {repeat(h, 'a', 256)}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_list_to_existing_atom_1, p, {codes(h, {'o', 'k'}, A("x"))}),
                     atom::badarg));
}

TEST(B1Atoms, AtomToBinary) {
  Process p;
  Term e_grave = atom_put("\xC3\x88");  // list_to_atom([200])
  EXPECT_EQ(bin_text(call(erlang_atom_to_binary_2, p, {e_grave, atom::latin1})), "\xC8");
  EXPECT_EQ(bin_text(call(erlang_atom_to_binary_2, p, {e_grave, atom::utf8})), "\xC3\x88");
  EXPECT_EQ(bin_text(call(erlang_atom_to_binary_2, p, {e_grave, atom::unicode})), "\xC3\x88");
  EXPECT_EQ(bin_text(call(erlang_atom_to_binary_1, p, {e_grave})), "\xC3\x88");
  EXPECT_EQ(bin_text(call(erlang_atom_to_binary_2, p, {A(""), atom::latin1})), "");
  Term wide = atom_put("\xCF\xA8");  // list_to_atom([1000])
  EXPECT_TRUE(raised(p, call(erlang_atom_to_binary_2, p, {wide, atom::latin1}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_atom_to_binary_2, p, {A("a"), atom::utf16}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_atom_to_binary_1, p, {I(1)}), atom::badarg));
}

TEST(B1Atoms, BinaryToAtom) {
  Process p;
  Heap& h = p.heap;
  EXPECT_EQ(call(erlang_binary_to_atom_2, p, {bin(h, "\xC8"), atom::latin1}), atom_put("\xC3\x88"));
  EXPECT_EQ(call(erlang_binary_to_atom_2, p, {bin(h, "\xC3\x88"), atom::utf8}),
            atom_put("\xC3\x88"));
  Term from_bin = call(erlang_binary_to_atom_1, p, {bin(h, "b1_from_bin")});
  EXPECT_EQ(from_bin, atom_get("b1_from_bin"));
  EXPECT_NE(from_bin, THE_NON_VALUE);
  EXPECT_EQ(call(erlang_binary_to_atom_2, p, {bin(h, ""), atom::utf8}), A(""));
  // malformed UTF-8: lone byte, surrogate, overlong, above U+10FFFF, 5 bytes
  for (const char* s : {"\xC8", "\xC3", "\xED\xA0\x80", "\xC0\x80", "\xE0\x80\x80",
                        "\xF4\x90\x80\x80", "\xF8\x80\x80\x80\x80"}) {
    EXPECT_TRUE(raised(p, call(erlang_binary_to_atom_2, p, {bin(h, s), atom::utf8}), atom::badarg))
        << s;
  }
  EXPECT_TRUE(is_atom(call(erlang_binary_to_atom_2, p, {bin(h, "\xF4\x8F\xBF\xBF"), atom::utf8})));
  // limits
  std::string a255(255, 'a'), a256(256, 'a');
  EXPECT_TRUE(is_atom(call(erlang_binary_to_atom_2, p, {bin(h, a255), atom::latin1})));
  EXPECT_TRUE(raised(p, call(erlang_binary_to_atom_2, p, {bin(h, a256), atom::latin1}),
                     atom::system_limit));
  EXPECT_TRUE(raised(p, call(erlang_binary_to_atom_2, p, {bin(h, a255 + "\xFF"), atom::utf8}),
                     atom::system_limit));
  EXPECT_TRUE(raised(p, call(erlang_binary_to_atom_2, p, {bin(h, "\xFF" + a256), atom::utf8}),
                     atom::badarg));
  // more than 1020 bytes is system_limit before any decoding
  EXPECT_TRUE(raised(
      p, call(erlang_binary_to_atom_2, p, {bin(h, "\xFF" + std::string(1020, 'a')), atom::utf8}),
      atom::system_limit));
  std::string e200;
  for (int i = 0; i < 255; i++) e200 += "\xC3\x88";
  EXPECT_EQ(atom_char_count(call(erlang_binary_to_atom_2, p, {bin(h, e200), atom::utf8})), 255u);
  EXPECT_TRUE(
      raised(p, call(erlang_binary_to_atom_2, p, {bin(h, "ab"), atom::utf16}), atom::badarg));
  uint8_t bits[] = {'a', 'b', 0x20};
  EXPECT_TRUE(raised(p,
                     call(erlang_binary_to_atom_2, p, {new_bitstring(h, bits, 0, 19), atom::utf8}),
                     atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_binary_to_atom_2, p, {A("x"), atom::utf8}), atom::badarg));
}

TEST(B1Atoms, BinaryToAtomUnalignedSubBinary) {
  Process p;
  Heap& h = p.heap;
  // "ok" starting 3 bits into a binary
  uint8_t src[3] = {uint8_t('o' >> 3), uint8_t(('o' << 5) | ('k' >> 3)), uint8_t('k' << 5)};
  Term whole = new_binary(h, src, 3);
  Term sub = make_sub_bitstring(h, whole, 3, 16);
  EXPECT_EQ(call(erlang_binary_to_atom_2, p, {sub, atom::latin1}), atom::ok);
}

TEST(B1Atoms, BinaryToExistingAtom) {
  Process p;
  Heap& h = p.heap;
  EXPECT_EQ(call(erlang_binary_to_existing_atom_2, p, {bin(h, "ok"), atom::latin1}), atom::ok);
  EXPECT_EQ(call(erlang_binary_to_existing_atom_2, p, {bin(h, "ok"), atom::unicode}), atom::ok);
  EXPECT_EQ(call(erlang_binary_to_existing_atom_1, p, {bin(h, "ok")}), atom::ok);
  EXPECT_TRUE(
      raised(p, call(erlang_binary_to_existing_atom_2, p, {bin(h, "b1_nonexistent_q"), atom::utf8}),
             atom::badarg));
  EXPECT_EQ(atom_get("b1_nonexistent_q"), THE_NON_VALUE);
  EXPECT_TRUE(raised(
      p, call(erlang_binary_to_existing_atom_2, p, {bin(h, std::string(256, 'a')), atom::latin1}),
      atom::badarg));
  EXPECT_TRUE(raised(
      p, call(erlang_binary_to_existing_atom_2, p, {bin(h, std::string(1021, 'a')), atom::utf8}),
      atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_binary_to_existing_atom_2, p, {bin(h, "\xC3"), atom::utf8}),
                     atom::badarg));
}

}  // namespace
}  // namespace girder
