// The interpreter on real erlc output: modules compiled at test time, run
// with vm_call_sync, results checked.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/binary.h"
#include "term/compare.h"
#include "vm_setup.h"

using namespace girder;

namespace {

class Interp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    test_vm_compile("t1",
            "-module(t1).\n-compile([export_all, nowarn_export_all]).\n"
            "fib(N) when N < 2 -> N; fib(N) -> fib(N-1) + fib(N-2).\n"
            "fact(0) -> 1; fact(N) -> N * fact(N-1).\n"
            "rev(L) -> lists:reverse(L).\n"
            "caught(X) -> try X + 1 catch error:badarith -> bad end.\n"
            "thrown() -> catch throw(ball).\n"
            "msg() -> P = self(), spawn(fun() -> P ! {hi, 42} end), receive {hi, V} -> V end.\n"
            "after_() -> receive x -> x after 5 -> timeout end.\n"
            "bin(N) -> B = << <<I:16>> || I <- lists:seq(1, N) >>, <<A:16, _/binary>> = B, {byte_size(B), A}.\n"
            "maps_() -> M = #{a => 1, b => 2}, #{a := A} = M, {A, maps:get(b, M), map_size(M#{c => 3})}.\n"
            "fun_(X) -> F = fun(Y) -> X * Y end, lists:map(F, [1,2,3]).\n"
            "deep(0) -> 0; deep(N) -> 1 + deep(N - 1).\n"
            "crash() -> element(5, {a}).\n");
  }
};

Term call(const char* f, std::initializer_list<Term> args, Heap& h, bool* ok) {
  std::vector<Term> a(args);
  Term list = make_list_from(h, a.data(), a.size());
  return vm_call_sync(atom_put("t1"), atom_put(f), list, h, ok);
}

}  // namespace

TEST_F(Interp, Arithmetic) {
  Heap h;
  bool ok = false;
  EXPECT_EQ(call("fib", {make_small(20)}, h, &ok), make_small(6765));
  EXPECT_TRUE(ok);
  Term f = call("fact", {make_small(25)}, h, &ok);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(is_big(f));
}

TEST_F(Interp, ListsAndExceptions) {
  Heap h;
  bool ok = false;
  Term l = make_list_from(h, std::vector<Term>{make_small(1), make_small(2)}.data(), 2);
  Term r = call("rev", {l}, h, &ok);
  ASSERT_TRUE(ok);
  EXPECT_EQ(car(r), make_small(2));
  EXPECT_EQ(call("caught", {atom_put("a")}, h, &ok), atom_put("bad"));
  EXPECT_EQ(call("thrown", {}, h, &ok), atom_put("ball"));
  Term reason = call("crash", {}, h, &ok);
  EXPECT_FALSE(ok);
  ASSERT_TRUE(is_tuple(reason));
  EXPECT_EQ(tuple_elem(reason, 1), atom::badarg);
}

TEST_F(Interp, ProcessesAndTimers) {
  Heap h;
  bool ok = false;
  EXPECT_EQ(call("msg", {}, h, &ok), make_small(42));
  EXPECT_EQ(call("after_", {}, h, &ok), atom::timeout);
}

TEST_F(Interp, BinariesMapsFuns) {
  Heap h;
  bool ok = false;
  Term b = call("bin", {make_small(100)}, h, &ok);
  ASSERT_TRUE(ok);
  EXPECT_EQ(tuple_elem(b, 1), make_small(200));
  EXPECT_EQ(tuple_elem(b, 2), make_small(1));
  Term m = call("maps_", {}, h, &ok);
  ASSERT_TRUE(ok);
  EXPECT_EQ(tuple_elem(m, 1), make_small(1));
  EXPECT_EQ(tuple_elem(m, 2), make_small(2));
  EXPECT_EQ(tuple_elem(m, 3), make_small(3));
  Term f = call("fun_", {make_small(10)}, h, &ok);
  ASSERT_TRUE(ok);
  EXPECT_EQ(car(cdr(cdr(f))), make_small(30));
}

TEST_F(Interp, DeepBodyRecursion) {
  Heap h;
  bool ok = false;
  EXPECT_EQ(call("deep", {make_small(1000000)}, h, &ok), make_small(1000000));
  EXPECT_TRUE(ok);
}
