// The decoder on hostile and special input.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "etf/etf.h"
#include "term/atom_table.h"
#include "term/binary.h"
#include "term/code_refs.h"

namespace girder {
namespace {

using Bytes = std::vector<uint8_t>;

Term decode(Heap& h, const Bytes& b, bool safe = false, Uint* used = nullptr) {
  EtfDecodeOptions o;
  o.safe = safe;
  return etf_decode(h, b.data(), b.size(), o, used);
}

Bytes encode(Term t) {
  EtfEncodeOptions o;
  o.minor_version = 1;
  Bytes out;
  EXPECT_TRUE(etf_encode(t, o, out));
  return out;
}

Bytes atom_ext(const std::string& name) {
  Bytes b(3 + name.size());
  b[0] = 100;
  b[2] = uint8_t(name.size());
  std::copy(name.begin(), name.end(), b.begin() + 3);
  return b;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes r;
  for (const Bytes& p : parts) r.insert(r.end(), p.begin(), p.end());
  return r;
}

TEST(EtfDecode, SafeRefusesNewAtoms) {
  Heap h;
  const std::string name = "etf_decode_test_fresh_atom_1";
  Bytes b = cat({{131}, atom_ext(name)});
  EXPECT_FALSE(is_value(decode(h, b, true)));
  EXPECT_FALSE(is_value(atom_get(name)));
  Term a = decode(h, b, false);
  ASSERT_TRUE(is_value(a));
  EXPECT_EQ(atom_name(a), name);
  EXPECT_EQ(decode(h, b, true), a);  // exists now
  // atoms inside pids count too
  Bytes pid = cat({{131, 88}, atom_ext("etf_decode_test_node@host2"),
                   {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}});
  EXPECT_FALSE(is_value(decode(h, pid, true)));
  EXPECT_TRUE(is_value(decode(h, pid, false)));
}

TEST(EtfDecode, SafeRefusesUnknownExportFuns) {
  Heap h;
  Bytes b = cat({{131, 113}, atom_ext("lists"), atom_ext("etf_decode_test_fn"), {97, 3}});
  EXPECT_FALSE(is_value(decode(h, b, true)));
  ASSERT_TRUE(is_value(decode(h, b, false)));
  Export* ep = export_get(atom_get("lists"), atom_get("etf_decode_test_fn"), 3);
  ASSERT_NE(ep, nullptr);
  Term f = decode(h, b, true);
  ASSERT_TRUE(is_export_fun(f));
  EXPECT_EQ(reinterpret_cast<ExportThing*>(boxed_ptr(f))->ep, ep);
}

// A closure of a module that is not loaded decodes to a "not loaded"
// entry, shared by equal closures, and encodes back to the same bytes.
TEST(EtfDecode, ClosureOfUnloadedModule) {
  Heap h;
  Bytes b = cat({{131, 112, 0, 0, 0, 0, 1},
                 Bytes(16, 0xAB),
                 {0, 0, 0, 4, 0, 0, 0, 1},
                 atom_ext("etf_decode_test_nomod"),
                 {97, 4, 98, 0, 1, 0, 0},
                 {88},
                 atom_ext("nonode@nohost"),
                 {0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0},
                 {97, 42}});
  b[5] = uint8_t(b.size() - 2);  // size field: from itself to the end
  Term f = decode(h, b);
  ASSERT_TRUE(is_fun(f));
  const FunThing* ft = fun_thing(f);
  EXPECT_EQ(ft->arity, 1u);
  EXPECT_EQ(ft->num_free, 1u);
  EXPECT_EQ(ft->env[0], make_small(42));
  EXPECT_EQ(ft->creator, make_local_pid(9));
  EXPECT_EQ(ft->entry->address, nullptr);
  EXPECT_EQ(ft->entry->owner, nullptr);
  EXPECT_EQ(ft->entry->index, 4u);
  EXPECT_EQ(ft->entry->old_uniq, 65536u);
  EXPECT_EQ(ft->entry->arity, 2u);
  Term g = decode(h, b);
  EXPECT_EQ(fun_thing(g)->entry, ft->entry);
  EXPECT_EQ(encode(f), b);
}

TEST(EtfDecode, EveryProperPrefixIsRejected) {
  Heap h;
  std::vector<uint8_t> bytes(100, 5);
  Term big = new_binary(h, bytes.data(), bytes.size());
  Term t = make_tuple(h, {atom_put("key"), make_float(h, 2.5), make_integer(h, Sint(1) << 40),
                          make_cons(h, make_small(1), make_cons(h, atom::ok, make_small(3))),
                          big, make_byte_list(h, bytes.data(), 10), NIL, make_local_pid(77)});
  Bytes b = encode(t);
  for (Uint n = 0; n < b.size(); n++) {
    Bytes prefix(b.begin(), b.begin() + n);
    EXPECT_FALSE(is_value(decode(h, prefix))) << "prefix of " << n << " bytes";
  }
  Uint used = 0;
  EXPECT_TRUE(is_value(decode(h, b, false, &used)));
  EXPECT_EQ(used, b.size());
}

// Claimed counts far beyond the input fail before allocating anything.
TEST(EtfDecode, HugeClaimedLengthsAllocateNothing) {
  const Bytes cases[] = {
      {131, 108, 255, 255, 255, 255, 97, 1},       // LIST_EXT
      {131, 105, 255, 255, 255, 255, 97, 1},       // LARGE_TUPLE_EXT
      {131, 116, 255, 255, 255, 255, 97, 1},       // MAP_EXT
      {131, 109, 255, 255, 255, 255, 1, 2},        // BINARY_EXT
      {131, 77, 255, 255, 255, 255, 3, 1},         // BIT_BINARY_EXT
      {131, 111, 255, 255, 255, 255, 0, 1},        // LARGE_BIG_EXT
      {131, 107, 255, 255, 1},                     // STRING_EXT
      {131, 118, 255, 255, 97},                    // ATOM_UTF8_EXT
      {131, 90, 255, 255, 100, 0, 1, 97, 0, 0, 0, 0},  // NEWER_REFERENCE_EXT
  };
  for (const Bytes& b : cases) {
    Heap h;
    EXPECT_FALSE(is_value(decode(h, b)));
    EXPECT_LT(h.fragment_words(), 16u);
  }
}

// A compressed term whose size field lies is rejected without allocating
// the size it claims.
TEST(EtfDecode, LyingUncompressedSize) {
  const uint8_t payload[] = {97, 1};
  uLongf zlen = compressBound(sizeof payload);
  Bytes z(zlen);
  ASSERT_EQ(compress(z.data(), &zlen, payload, sizeof payload), Z_OK);
  z.resize(zlen);
  Heap h;
  Bytes good = cat({{131, 80, 0, 0, 0, 2}, z});
  Uint used = 0;
  EXPECT_EQ(decode(h, good, false, &used), make_small(1));
  EXPECT_EQ(used, good.size());
  EXPECT_FALSE(is_value(decode(h, cat({{131, 80, 255, 255, 255, 255}, z}))));
  EXPECT_FALSE(is_value(decode(h, cat({{131, 80, 0, 0, 0, 1}, z}))));
  EXPECT_FALSE(is_value(decode(h, cat({{131, 80, 0, 0, 0, 3}, z}))));
}

// A million nested single-element lists, as erl writes them.
TEST(EtfDecode, MillionDeepInput) {
  constexpr Uint depth = 1000000;
  Bytes b{131};
  for (Uint i = 0; i < depth; i++) b.insert(b.end(), {108, 0, 0, 0, 1});
  b.push_back(106);
  b.insert(b.end(), depth, 106);
  Heap h;
  Term t = decode(h, b);
  ASSERT_TRUE(is_value(t));
  EXPECT_EQ(encode(t), b);
}

TEST(EtfDecode, LocalAndRemoteIdentifiers) {
  Heap h;
  Bytes node = atom_ext("nonode@nohost");
  // local pid: number up to 2^28 - 1
  Term p = decode(h, cat({{131, 88}, node, {0x0F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 3, 0, 0, 0, 0}}));
  ASSERT_TRUE(is_local_pid(p));
  EXPECT_EQ(pid_number(p), 0x0FFFFFFFu);
  EXPECT_EQ(pid_serial(p), 3u);
  EXPECT_FALSE(is_value(decode(h, cat({{131, 88}, node, {0x10, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0}}))));
  // another creation of this node's name is another node
  Term q = decode(h, cat({{131, 88}, node, {0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0, 2}}));
  ASSERT_TRUE(is_boxed_of(q, SUB_EXT_PID));
  const auto* e = reinterpret_cast<const ExternalThing*>(boxed_ptr(q));
  EXPECT_EQ(e->node, this_node());
  EXPECT_EQ(e->creation, 2u);
  EXPECT_EQ(e->data[0], 5u);
  EXPECT_EQ(e->data[1], 3u);
}

// Random corruption of valid encodings never crashes, and whatever still
// decodes encodes and decodes to the same bytes again.
TEST(EtfDecode, CorruptedInputIsHandled) {
  Heap h;
  std::vector<uint8_t> bytes(80, 9);
  Term t = make_tuple(h, {atom_put("key"), make_float(h, -0.5), make_integer(h, -(Sint(1) << 50)),
                          make_cons(h, make_small(1), make_cons(h, atom::ok, NIL)),
                          new_binary(h, bytes.data(), bytes.size()),
                          new_bitstring(h, bytes.data(), 0, 13), make_local_port(3),
                          make_tuple(h, {})});
  Bytes good = encode(t);
  std::mt19937 rng(12345);
  for (int round = 0; round < 20000; round++) {
    Bytes b = good;
    int flips = 1 + int(rng() % 3);
    for (int i = 0; i < flips; i++) b[1 + rng() % (b.size() - 1)] = uint8_t(rng());
    if (rng() % 4 == 0) b.resize(rng() % b.size());
    Heap hh;
    Uint used = 0;
    Term d = decode(hh, b, false, &used);
    if (!is_value(d)) continue;
    EXPECT_LE(used, b.size());
    Bytes again = encode(d);
    Term d2 = decode(hh, again);
    ASSERT_TRUE(is_value(d2));
    EXPECT_EQ(encode(d2), again);
  }
}

}  // namespace
}  // namespace girder
