// term_to_text against io_lib:format("~w", [T]) of erl (OTP 25). Expected
// strings are erl's output, with characters above 127 written as UTF-8.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "term/atom_table.h"
#include "term/bignum.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/map.h"
#include "term/print.h"

namespace girder {
namespace {

Term A(const std::string& utf8) { return atom_put(utf8); }

Term atom_from_codepoints(std::initializer_list<uint32_t> cps) {
  std::string s;
  for (uint32_t c : cps) {
    if (c < 0x80) {
      s.push_back(char(c));
    } else if (c < 0x800) {
      s.push_back(char(0xC0 | (c >> 6)));
      s.push_back(char(0x80 | (c & 0x3F)));
    } else {
      s.push_back(char(0xE0 | (c >> 12)));
      s.push_back(char(0x80 | ((c >> 6) & 0x3F)));
      s.push_back(char(0x80 | (c & 0x3F)));
    }
  }
  return atom_put(s);
}

Term list(Heap& h, std::initializer_list<Term> elems, Term tail = NIL) {
  std::vector<Term> v(elems);
  return make_list_from(h, v.data(), v.size(), tail);
}

Term bin(Heap& h, std::initializer_list<uint8_t> bytes) {
  std::vector<uint8_t> v(bytes);
  return new_binary(h, v.data(), v.size());
}

TEST(Print, AtomsQuoteAsIoLib) {
  EXPECT_EQ(term_to_text(A("ok")), "ok");
  EXPECT_EQ(term_to_text(A("Ok")), "'Ok'");
  EXPECT_EQ(term_to_text(A("after")), "'after'");  // reserved word
  EXPECT_EQ(term_to_text(A("cond")), "'cond'");
  EXPECT_EQ(term_to_text(A("maybe")), "maybe");  // not reserved in OTP 25
  EXPECT_EQ(term_to_text(A("else")), "else");
  EXPECT_EQ(term_to_text(A("nonode@nohost")), "nonode@nohost");
  EXPECT_EQ(term_to_text(A("a_B9@")), "a_B9@");
  EXPECT_EQ(term_to_text(A("a.b")), "'a.b'");
  EXPECT_EQ(term_to_text(A("_a")), "'_a'");
  EXPECT_EQ(term_to_text(A("hello world")), "'hello world'");
  EXPECT_EQ(term_to_text(A("")), "''");
  EXPECT_EQ(term_to_text(A("[]")), "'[]'");
  EXPECT_EQ(term_to_text(A("a'b")), "'a\\'b'");
  EXPECT_EQ(term_to_text(A("a\\b")), "'a\\\\b'");
  EXPECT_EQ(term_to_text(A("a\n")), "'a\\n'");
  EXPECT_EQ(term_to_text(A("\xc3\xa9")), "\xc3\xa9");           // é
  EXPECT_EQ(term_to_text(A("\xc3\xbf")), "\xc3\xbf");           // ÿ
  EXPECT_EQ(term_to_text(A("\xc3\x9f")), "\xc3\x9f");           // ß
  EXPECT_EQ(term_to_text(A("\xc3\xb7")), "'\xc3\xb7'");         // ÷
  EXPECT_EQ(term_to_text(A("a\xc3\xb7")), "'a\xc3\xb7'");       // a÷
  EXPECT_EQ(term_to_text(A("\xc3\x89" "a")), "'\xc3\x89" "a'");  // Éa
  EXPECT_EQ(term_to_text(atom_from_codepoints({0x3B1})), "'\\x{3B1}'");
  EXPECT_EQ(term_to_text(atom_from_codepoints({'a', 0x3B1})), "'a\\x{3B1}'");
  // erl: every control-character escape
  EXPECT_EQ(term_to_text(atom_from_codepoints({0, 1, 8, 9, 10, 11, 12, 13, 27, 31, 32, 126, 127,
                                               128, 150, 159, 160, 255, 256})),
            "'\\000\\001\\b\\t\\n\\v\\f\\r\\e\\037 ~\\d\\200\\226\\237\xc2\xa0\xc3\xbf\\x{100}'");
  EXPECT_EQ(atom_to_text(A("hello world")), "'hello world'");
}

TEST(Print, NumbersListsTuplesBinaries) {
  Heap h;
  EXPECT_EQ(term_to_text(make_small(-3)), "-3");
  EXPECT_EQ(term_to_text(int_shift(h, make_small(1), 70)), "1180591620717411303424");
  EXPECT_EQ(term_to_text(int_neg(h, int_shift(h, make_small(1), 64))), "-18446744073709551616");
  EXPECT_EQ(term_to_text(make_float(h, 1.5)), "1.5");
  EXPECT_EQ(term_to_text(make_float(h, -0.0)), "-0.0");
  EXPECT_EQ(term_to_text(make_float(h, 1.0e16)), "1.0e16");
  EXPECT_EQ(term_to_text(make_float(h, -1.5e-7)), "-1.5e-7");
  EXPECT_EQ(term_to_text(NIL), "[]");
  EXPECT_EQ(term_to_text(list(h, {make_small(1), make_small(2)}, make_small(3))), "[1,2|3]");
  EXPECT_EQ(term_to_text(list(h, {A("a")}, A("b"))), "[a|b]");
  EXPECT_EQ(term_to_text(list(h, {NIL})), "[[]]");
  EXPECT_EQ(term_to_text(list(h, {make_small(97), make_small(10)})), "[97,10]");
  EXPECT_EQ(term_to_text(make_tuple(h, {})), "{}");
  EXPECT_EQ(term_to_text(make_tuple(h, {NIL})), "{[]}");
  EXPECT_EQ(term_to_text(make_tuple(h, {make_tuple(h, {make_tuple(h, {})})})), "{{{}}}");
  EXPECT_EQ(term_to_text(make_tuple(h, {A(""), A("a b")})), "{'','a b'}");
  EXPECT_EQ(term_to_text(bin(h, {255, 0})), "<<255,0>>");
  EXPECT_EQ(term_to_text(bin(h, {97, 34, 98})), "<<97,34,98>>");
  EXPECT_EQ(term_to_text(bin(h, {})), "<<>>");
  // <<1:1>> and <<1:1,2:7,3:5>> (= <<130,3:5>>)
  uint8_t one_bit = 0x80;
  EXPECT_EQ(term_to_text(new_bitstring(h, &one_bit, 0, 1)), "<<1:1>>");
  uint8_t bits13[] = {0x82, 0x18};
  EXPECT_EQ(term_to_text(new_bitstring(h, bits13, 0, 13)), "<<130,3:5>>");
  // the same bits at an odd offset inside a larger binary
  uint8_t shifted[] = {0x41, 0x0C, 0x00};
  Term base = new_binary(h, shifted, 3);
  EXPECT_EQ(term_to_text(make_sub_bitstring(h, base, 1, 13)), "<<130,3:5>>");
  // a long binary is refcounted off heap
  std::vector<uint8_t> big(100, 7);
  std::string expect = "<<7";
  for (int i = 1; i < 100; i++) expect += ",7";
  EXPECT_EQ(term_to_text(new_binary(h, big.data(), big.size())), expect + ">>");
}

TEST(Print, Maps) {
  Heap h;
  EXPECT_EQ(term_to_text(map_new_empty(h)), "#{}");
  Term keys[] = {make_small(1), A("a"), list(h, {make_small(120)})};
  Term vals[] = {make_small(2), A("b"), list(h, {make_small(1)})};
  EXPECT_EQ(term_to_text(map_from_pairs(h, keys, vals, 3)), "#{1 => 2,a => b,[120] => [1]}");
  Term k2[] = {make_tuple(h, {A("a")})};
  Term v2[] = {map_new_empty(h)};
  EXPECT_EQ(term_to_text(map_from_pairs(h, k2, v2, 1)), "#{{a} => #{}}");
}

// 33 keys make a hash trie in ERTS, printed in its maps:to_list order.
// Disabled until map.cpp builds hash tries (its header notes the gap:
// large maps are flatmaps in key order for now); enable it then.
TEST(Print, DISABLED_LargeMapInErtsOrder) {
  Heap h;
  std::vector<Term> ks, vs;
  for (Sint i = 1; i <= 33; i++) {
    ks.push_back(make_small(i));
    vs.push_back(make_small(i));
  }
  EXPECT_EQ(term_to_text(map_from_pairs(h, ks.data(), vs.data(), 33)),
            "#{16 => 16,18 => 18,5 => 5,19 => 19,27 => 27,10 => 10,24 => 24,4 => 4,21 => 21,"
            "22 => 22,17 => 17,3 => 3,8 => 8,1 => 1,7 => 7,2 => 2,14 => 14,15 => 15,20 => 20,"
            "13 => 13,6 => 6,28 => 28,25 => 25,32 => 32,9 => 9,11 => 11,31 => 31,26 => 26,"
            "30 => 30,29 => 29,23 => 23,12 => 12,33 => 33}");
}

TEST(Print, IdentifiersAndFuns) {
  Heap h;
  EXPECT_EQ(term_to_text(make_local_pid((Uint(45) << PID_NUMBER_BITS) | 123)), "<0.123.45>");
  EXPECT_EQ(term_to_text(make_local_port(5)), "#Port<0.5>");
  Term* r = h.alloc(REF_WORDS);
  RefThing* ref = reinterpret_cast<RefThing*>(r);
  ref->header = make_header(REF_WORDS - 1, SUB_REF);
  ref->num[0] = 111195;
  ref->num[1] = 219676673;
  ref->num[2] = 1359211254;
  ref->num[3] = 0;
  EXPECT_EQ(term_to_text(make_boxed(r)), "#Ref<0.1359211254.219676673.111195>");

  FunEntry fe{};
  fe.module = A("t3");
  fe.index = 0;
  fe.old_uniq = 128303587;
  Term* f = h.alloc(FUN_FIXED_WORDS);
  FunThing* ft = reinterpret_cast<FunThing*>(f);
  ft->header = make_header(FUN_FIXED_WORDS - 1, SUB_FUN);
  ft->entry = &fe;
  ft->arity = 0;
  ft->num_free = 0;
  ft->creator = make_local_pid(9);
  EXPECT_EQ(term_to_text(make_boxed(f)), "#Fun<t3.0.128303587>");

  // fun M:F/A quotes atoms as erlang:fun_to_list/1 does (ERTS's rules)
  auto export_text = [&](const std::string& m, const std::string& fn, Uint arity) {
    Export ep;
    ep.module = A(m);
    ep.function = A(fn);
    ep.arity = arity;
    Term* e = h.alloc(EXPORT_THING_WORDS);
    e[0] = make_header(EXPORT_THING_WORDS - 1, SUB_EXPORT);
    reinterpret_cast<ExportThing*>(e)->ep = &ep;
    return term_to_text(make_boxed(e));
  };
  EXPECT_EQ(export_text("erlang", "abs", 1), "fun erlang:abs/1");
  EXPECT_EQ(export_text("t3", "after", 0), "fun t3:after/0");
  EXPECT_EQ(export_text("t3", "A b", 1), "fun t3:'A b'/1");
  EXPECT_EQ(export_text("a@b", "f", 0), "fun 'a@b':f/0");
  EXPECT_EQ(export_text("\xc3\xa9", "\xc3\xbc", 1), "fun \xc3\xa9:\xc3\xbc/1");
  EXPECT_EQ(export_text("m", "\xce\xb1", 0), "fun m:'\xce\xb1'/0");
}

TEST(Print, DeepTermsDoNotRecurse) {
  Heap h;
  // a list nested a million deep: [[[...]]]
  Term t = NIL;
  const int depth = 1000000;
  for (int i = 0; i < depth; i++) t = make_cons(h, t, NIL);
  std::string s = term_to_text(t);
  EXPECT_EQ(s.size(), size_t(2 * depth + 2));
  EXPECT_EQ(s.substr(0, 3), "[[[");
  // and a deep tuple chain
  Term u = A("x");
  for (int i = 0; i < depth; i++) u = make_tuple(h, {u, make_small(i % 10)});
  std::string su = term_to_text(u);
  EXPECT_EQ(su.substr(su.size() - 7), "},8},9}");
  EXPECT_EQ(su.substr(0, 3), "{{{");
}

}  // namespace
}  // namespace girder
