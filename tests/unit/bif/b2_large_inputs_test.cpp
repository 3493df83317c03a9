// Large and deeply nested inputs: no C-stack recursion, linear time.
// (A recursive walk would overflow the stack on the 1,000,000-level terms;
// a quadratic one would not finish in reasonable time on 10,000,000 cells.)
#include "b2_test_util.h"
#include "bif/iolist.h"

namespace girder {
namespace {

using namespace b2test;

constexpr Uint TEN_MILLION = 10'000'000;
constexpr Uint ONE_MILLION = 1'000'000;

// [X, X, ..., X] (n elements)
Term flat_list(Heap& h, Uint n, Term x) {
  Term* cells = h.alloc(2 * n);
  for (Uint i = 0; i < n; i++) {
    cells[2 * i] = x;
    cells[2 * i + 1] = i + 1 < n ? make_list(cells + 2 * (i + 1)) : NIL;
  }
  return make_list(cells);
}

// [[[...[Inner]...]]] with `depth` levels, each [Previous] (tails are []).
Term nest_heads(Heap& h, Uint depth, Term inner) {
  Term t = inner;
  for (Uint i = 0; i < depth; i++) t = make_cons(h, t, NIL);
  return t;
}

// [[[Inner, 98], 98], 98]...: every level has a pending tail.
Term nest_with_tails(Heap& h, Uint depth, Term inner) {
  Term t = make_cons(h, inner, NIL);
  for (Uint i = 0; i < depth; i++) t = make_cons(h, t, make_cons(h, make_small('b'), NIL));
  return t;
}

// [1, [1, [1, ... ]]]: nested in the tail position of each element list.
Term nest_in_last(Heap& h, Uint depth, Term inner) {
  Term t = inner;
  for (Uint i = 0; i < depth; i++) t = make_cons(h, make_small('c'), make_cons(h, t, NIL));
  return t;
}

TEST(B2LargeInputs, TenMillionElementIolist) {
  Process p;
  Term l = flat_list(p.heap, TEN_MILLION, make_small('a'));
  Term size = erlang_iolist_size_1(&p, &l);
  EXPECT_EQ(size, make_small(Sint(TEN_MILLION)));
  Term bin = erlang_list_to_binary_1(&p, &l);
  ASSERT_TRUE(is_binary(bin));
  EXPECT_EQ(bit_view(bin).byte_size(), TEN_MILLION);
  EXPECT_EQ(bit_view(bin).bytes[TEN_MILLION - 1], 'a');
  Term crc_l = erlang_crc32_1(&p, &l), crc_b = erlang_crc32_1(&p, &bin);
  EXPECT_EQ(term_to_text(crc_l), term_to_text(crc_b));
  Term iov = erlang_iolist_to_iovec_1(&p, &l);
  Uint total = 0;
  for (Term c = iov; is_list(c); c = cdr(c)) total += bit_view(car(c)).byte_size();
  EXPECT_EQ(total, TEN_MILLION);
  Term args[2] = {l, atom::unicode};
  Term u = unicode_characters_to_binary_2(&p, args);
  ASSERT_TRUE(is_binary(u));
  EXPECT_EQ(bit_view(u).byte_size(), TEN_MILLION);
}

TEST(B2LargeInputs, MillionElementUnicode) {
  Process p;
  Term l = flat_list(p.heap, ONE_MILLION, make_small(0x20AC));  // euro sign
  Term args[2] = {l, atom::unicode};
  Term b = unicode_characters_to_binary_2(&p, args);
  ASSERT_TRUE(is_binary(b));
  EXPECT_EQ(bit_view(b).byte_size(), 3 * ONE_MILLION);
  Term args2[2] = {b, atom::unicode};
  Term back = unicode_characters_to_list_2(&p, args2);
  Uint n = 0;
  for (Term c = back; is_list(c); c = cdr(c), n++) ASSERT_EQ(car(c), make_small(0x20AC));
  EXPECT_EQ(n, ONE_MILLION);
  std::vector<uint8_t> utf16;
  for (Uint i = 0; i < ONE_MILLION; i++) utf16.insert(utf16.end(), {0x20, 0xAC});
  Term w = new_binary(p.heap, utf16.data(), utf16.size());
  Term args3[2] = {w, atom::utf16};
  Term b16 = unicode_characters_to_binary_2(&p, args3);
  ASSERT_TRUE(is_binary(b16));
  EXPECT_EQ(bit_view(b16).byte_size(), 3 * ONE_MILLION);
}

TEST(B2LargeInputs, MillionLevelsDeep) {
  Process p;
  Heap& h = p.heap;
  for (Term deep : {nest_heads(h, ONE_MILLION, T(h, "<<\"a\">>")),
                    nest_with_tails(h, ONE_MILLION, make_small('a')),
                    nest_in_last(h, ONE_MILLION, NIL)}) {
    Uint n;
    ASSERT_TRUE(iolist_size(deep, &n));
    Term bin = erlang_list_to_binary_1(&p, &deep);
    ASSERT_TRUE(is_binary(bin));
    EXPECT_EQ(bit_view(bin).byte_size(), n);
    Term crc = erlang_crc32_1(&p, &deep);
    EXPECT_TRUE(is_integer(crc));
    Term iov = erlang_iolist_to_iovec_1(&p, &deep);
    EXPECT_TRUE(is_list(iov));
    Term bits = erlang_list_to_bitstring_1(&p, &deep);
    EXPECT_TRUE(is_binary(bits));
    for (Term enc : {atom::unicode, atom::latin1, atom::utf16}) {
      Term args[2] = {deep, enc};
      Term u = unicode_characters_to_binary_2(&p, args);
      if (enc == atom::utf16) {
        // the one-byte binary is incomplete in UTF-16; integers are fine
        EXPECT_TRUE(is_binary(u) || is_tuple(u));
      } else {
        ASSERT_TRUE(is_binary(u));
        EXPECT_EQ(bit_view(u).byte_size(), n);
      }
      Term lst = unicode_characters_to_list_2(&p, args);
      EXPECT_TRUE(is_list(lst) || is_tuple(lst));
    }
  }
}

// An error at the bottom of a deep term: Rest keeps all the levels.
TEST(B2LargeInputs, DeepErrorRest) {
  Process p;
  Heap& h = p.heap;
  Term deep = nest_with_tails(h, ONE_MILLION, make_small(-1));
  for (Term enc : {atom::unicode, atom::utf32}) {
    Term args[2] = {deep, enc};
    Term r = unicode_characters_to_binary_2(&p, args);
    ASSERT_TRUE(is_tuple(r));
    ASSERT_EQ(tuple_elem(r, 1), atom::error);
    // Each level is [Inner | [98]]; count them without recursion.
    Uint levels = 0;
    Term t = tuple_elem(r, 3);
    while (is_list(t) && is_list(cdr(t)) && car(cdr(t)) == make_small('b')) {
      t = car(t);
      levels++;
    }
    EXPECT_EQ(levels, ONE_MILLION);
  }
}

}  // namespace
}  // namespace girder
