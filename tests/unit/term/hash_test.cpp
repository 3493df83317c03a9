// phash2 and phash of terms built by hand. Expected values are erl's
// (OTP 25): {erlang:phash2(T, 1 bsl 32), erlang:phash(T, 1 bsl 32) - 1},
// i.e. the full 32-bit hashes.
#include <gtest/gtest.h>

#include <vector>

#include "term/atom_table.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/hash.h"
#include "term/map.h"

namespace girder {
namespace {

struct Expect {
  uint32_t phash2, phash;
};

void check(Term t, Expect e) {
  EXPECT_EQ(phash2_full(t), e.phash2);
  EXPECT_EQ(phash_full(t), e.phash);
  EXPECT_EQ(phash2(t), e.phash2 & ((1u << 27) - 1));
}

Term big(Heap& h, std::initializer_list<Uint> limbs, bool negative) {
  Term* p = h.alloc(1 + limbs.size());
  p[0] = make_header(limbs.size(), negative ? SUB_NEG_BIG : SUB_POS_BIG);
  Uint i = 1;
  for (Uint l : limbs) p[i++] = l;
  return make_boxed(p);
}

Term list(Heap& h, std::initializer_list<Term> elems, Term tail = NIL) {
  std::vector<Term> v(elems);
  return make_list_from(h, v.data(), v.size(), tail);
}

Term a(const char* name) { return atom_put(name); }

TEST(Hash, Atoms) {
  check(a("a"), {97u, 97u});
  check(a("abc"), {26499u, 26499u});
  check(a(""), {0u, 0u});
  check(a("hello world"), {18131988u, 18131988u});
  check(atom_put("\xC3\x88\xC3\x89"), {3401u, 3401u});          // [200,201]
  check(atom_put("\xC4\xAC\xC6\x90"), {850160u, 850160u});      // [300,400]
}

TEST(Hash, Integers) {
  Heap h;
  check(make_small(0), {3175731469u, 0u});
  check(make_small(1), {539485162u, 2788898427u});
  check(make_small(-1), {1117813597u, 1680185269u});
  check(make_small(255), {715823293u, 2499495045u});
  check(make_small(256), {3929335767u, 1920229267u});
  check(make_small(134217727), {4273352567u, 1192343452u});
  check(make_small(134217728), {2562491755u, 2147483672u});
  check(make_small(-134217728), {874979335u, 2147489128u});
  check(make_small(-134217729), {1418916782u, 3827674397u});
  check(make_small(MAX_SMALL), {1638133000u, 3114282912u});
  check(make_small(MIN_SMALL), {2316875190u, 2147489128u});
  check(make_small(Sint(1) << 32), {2108323275u, 2788898427u});
  // bignums hash like small integers of the same value would
  check(big(h, {Uint(1) << 59}, false), {2442888721u, 2147483672u});
  check(big(h, {(Uint(1) << 59) + 1}, true), {2855034599u, 3227238397u});
  check(big(h, {0, 1}, false), {2519041713u, 2788898427u});
  check(big(h, {0, 1}, true), {2563594619u, 1680185269u});
  check(big(h, {12345, Uint(1) << 36}, false), {263462726u, 2605655299u});
}

TEST(Hash, Floats) {
  Heap h;
  check(make_float(h, 0.0), {423528920u, 0u});
  check(make_float(h, -0.0), {423528920u, 0u});
  check(make_float(h, 1.5), {2023646235u, 1073217536u});
  check(make_float(h, -2.25e10), {2202068196u, 3323262059u});
}

TEST(Hash, Lists) {
  Heap h;
  check(NIL, {3468870702u, 1u});
  check(make_string_list(h, "abc"), {519996486u, 3654580165u});
  check(list(h, {make_small(1), make_small(2), make_small(3), make_small(4), make_small(5)}),
        {3824152778u, 1630427362u});
  check(list(h, {a("a"), a("b")}), {3632954310u, 667932112u});
  check(list(h, {make_small(1), make_small(2)}, make_small(3)), {4169601349u, 265598414u});
  check(list(h, {make_small(256), make_small(1)}), {514113909u, 3220643891u});
  check(list(h, {NIL}), {499070068u, 2952798236u});
  check(list(h, {make_small(1), make_small(2), make_small(3), make_small(4), a("a"), make_small(5)},
             make_small(6)),
        {1683156189u, 2275987962u});
}

TEST(Hash, Tuples) {
  Heap h;
  check(make_tuple(h, {}), {221703996u, 0u});
  check(make_tuple(h, {a("a")}), {2853905094u, 268840044u});
  check(make_tuple(h, {make_small(1), make_small(2), make_small(3)}), {2847307263u, 4267354533u});
  check(make_tuple(h, {a("a"), make_tuple(h, {a("b"), NIL})}), {2679246727u, 392751816u});
}

TEST(Hash, Bitstrings) {
  Heap h;
  const uint8_t b123[] = {1, 2, 3};
  check(new_binary(h, nullptr, 0), {147926629u, 0u});
  check(new_binary(h, b123, 3), {4167228639u, 687692589u});
  check(new_binary(h, reinterpret_cast<const uint8_t*>("hello world!!"), 13),
        {2552201628u, 3968928949u});
  const uint8_t one3[] = {0x20};  // <<1:3>>
  check(new_bitstring(h, one3, 0, 3), {3965351140u, 1345689960u});
  const uint8_t b12_3[] = {1, 2, 0x18};  // <<1,2,3:5>>
  check(new_bitstring(h, b12_3, 0, 21), {946117966u, 2282888501u});
  // binary:copy(<<9,200>>, 50) taken from bit 3: 20 bytes, then 5 more bits
  std::vector<uint8_t> src;
  for (int i = 0; i < 50; i++) src.insert(src.end(), {9, 200});
  Term orig = new_binary(h, src.data(), src.size());
  check(make_sub_bitstring(h, orig, 3, 160), {2647268526u, 3745098424u});
  check(make_sub_bitstring(h, orig, 3, 165), {2604883012u, 1389180154u});
  // a refc binary: binary:copy(<<7,8,9,10>>, 25)
  std::vector<uint8_t> quad;
  for (int i = 0; i < 25; i++) quad.insert(quad.end(), {7, 8, 9, 10});
  check(new_binary(h, quad.data(), quad.size()), {4122794855u, 2858894262u});
}

TEST(Hash, MapsDoNotDependOnOrder) {
  Heap h;
  check(map_new_empty(h), {844985373u, 1113425984u});
  Term k1[] = {a("a")}, v1[] = {make_small(1)};
  check(map_from_pairs(h, k1, v1, 1), {1401795262u, 1670235873u});
  Term k3[] = {a("c"), a("a"), a("b")}, v3[] = {make_small(3), make_small(1), make_small(2)};
  check(map_from_pairs(h, k3, v3, 3), {2917215955u, 3185656566u});
  Term k2[] = {a("b"), make_small(1)}, v2[] = {make_tuple(h, {}), list(h, {a("a")})};
  check(map_from_pairs(h, k2, v2, 2), {2565985035u, 2834425646u});
}

TEST(Hash, PidsPortsRefs) {
  Heap h;
  // only the number of a pid counts
  check(make_local_pid((Uint(7) << PID_NUMBER_BITS) | 5), {1742111205u, 3820617877u});
  check(make_local_pid(5), {1742111205u, 3820617877u});
  check(make_local_pid(6), {554050623u, 2866754534u});
  check(make_local_port(5), {2004953508u, 3777324193u});
  auto* r = reinterpret_cast<RefThing*>(h.alloc(REF_WORDS));
  r->header = make_header(REF_WORDS - 1, SUB_REF);
  r->num[0] = 1;
  r->num[1] = 2;
  r->num[2] = 3;
  r->num[3] = 0;
  check(make_boxed(reinterpret_cast<Term*>(r)), {118531908u, 2473451757u});

  auto external = [&](Subtag sub, std::initializer_list<Uint> data, Uint creation) {
    Term* p = h.alloc(EXTERNAL_FIXED_WORDS + data.size());
    auto* e = reinterpret_cast<ExternalThing*>(p);
    e->header = make_header(EXTERNAL_FIXED_WORDS - 1 + data.size(), sub);
    e->node = a("foo@bar");
    e->creation = creation;
    e->data_len = data.size();
    Uint i = 0;
    for (Uint d : data) e->data[i++] = d;
    return make_boxed(p);
  };
  check(external(SUB_EXT_PID, {5, 3}, 77), {1742111205u, 3820617877u});
  check(external(SUB_EXT_PORT, {Uint(1) << 32}, 5), {3633483707u, 3591747951u});
  check(external(SUB_EXT_REF, {9, 8}, 1), {1284638708u, 786229333u});
}

TEST(Hash, Funs) {
  Heap h;
  FunEntry fe{};
  fe.module = a("nomod1");
  fe.index = 7;
  fe.old_uniq = 65836;
  fe.arity = 2;
  fe.num_free = 2;
  Term* p = h.alloc(FUN_FIXED_WORDS + 2);
  auto* f = reinterpret_cast<FunThing*>(p);
  f->header = make_header(FUN_FIXED_WORDS + 1, SUB_FUN);
  f->entry = &fe;
  f->arity = 0;
  f->num_free = 2;
  f->creator = make_local_pid(9);
  f->env[0] = make_small(1);
  f->env[1] = NIL;
  check(make_boxed(p), {3384053630u, 3657600580u});

  Export ep{};
  ep.module = a("lists");
  ep.function = a("map");
  ep.arity = 2;
  auto* x = reinterpret_cast<ExportThing*>(h.alloc(EXPORT_THING_WORDS));
  x->header = make_header(EXPORT_THING_WORDS - 1, SUB_EXPORT);
  x->ep = &ep;
  check(make_boxed(reinterpret_cast<Term*>(x)), {840287883u, 904024395u});
}

TEST(Hash, RangedForms) {
  EXPECT_EQ(phash(a("a"), 7), 7u);            // erlang:phash(a, 7)
  EXPECT_EQ(phash2(a("a")), 97u);
  EXPECT_EQ(phash(make_small(0), 1000), 1u);  // erlang:phash(0, 1000)
}

TEST(Hash, DeepTermsDoNotRecurse) {
  Heap h;
  Term l = NIL;
  Term t = NIL;
  for (int i = 0; i < 1000000; i++) {
    l = make_cons(h, l, NIL);
    t = make_tuple(h, {t});
  }
  // any value, as long as it terminates and depends on the structure
  EXPECT_NE(phash2_full(l), phash2_full(t));
  EXPECT_NE(phash_full(l), phash_full(t));
}

}  // namespace
}  // namespace girder
