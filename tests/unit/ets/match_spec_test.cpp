// The match-spec engine: compile errors as ERTS words and orders them,
// running, and the analyses select uses.
#include "ets/match_spec.h"

#include "ets_test_util.h"
#include "runtime/bif_ets.h"
#include "term/compare.h"

namespace girder {
namespace {
using namespace etstest;

class EtsMatchSpec : public ::testing::Test {
 protected:
  void SetUp() override { ets_init(); }
  Process p;
  Heap& h = p.heap;
  // [{Head, Guards, Body}]
  Term spec(Term head, Term guards, Term body) { return L(h, {T(h, {head, guards, body})}); }
};

TEST_F(EtsMatchSpec, ErrorsInErtsOrder) {
  // arguments last to first; the body after the guards
  Term guard = T(h, {A("+"), A("$2"), A("$3")});
  MsCompiled c = ms_compile(spec(T(h, {A("$1")}), L(h, {guard}), L(h, {A("$4")})));
  EXPECT_EQ(c.prog, nullptr);
  EXPECT_EQ(c.errors, (std::vector<std::string>{"Variable $3 is unbound.", "Variable $2 is unbound.",
                                                "Variable $4 is unbound."}));
  c = ms_compile(spec(A("_"), L(h, {T(h, {A("foo"), I(1)})}), NIL));
  EXPECT_EQ(c.errors, (std::vector<std::string>{"Function foo/1 does_not_exist.",
                                                "Body clause does not return anything."}));
  c = ms_compile(spec(A("_"), NIL, L(h, {T(h, {A("message"), I(1)})})));
  EXPECT_EQ(c.errors, std::vector<std::string>{"Special form 'message' used in wrong dialect."});
  c = ms_compile(spec(A("_"), NIL, L(h, {T(h, {I(1), I(2)})})));
  EXPECT_EQ(c.errors,
            std::vector<std::string>{"{1,2} is neither a function call, nor a tuple (tuples are written {{ ... }})."});
  c = ms_compile(A("x"));
  EXPECT_EQ(c.errors, std::vector<std::string>{"Match programs are not in a list."});
  c = ms_compile(L(h, {A("x")}));
  EXPECT_EQ(c.errors, std::vector<std::string>{"Match program part is not a tuple of arity 3."});
}

TEST_F(EtsMatchSpec, RunsGuardsAndBodies) {
  // [{{'$1', '$2'}, [{'>', '$2', 1}], [{{'$2', '$1'}}]}]
  Term head = T(h, {A("$1"), A("$2")});
  Term guard = T(h, {A(">"), A("$2"), I(1)});
  Term body = T(h, {T(h, {A("$2"), A("$1")})});
  MsCompiled c = ms_compile(spec(head, L(h, {guard}), L(h, {body})));
  ASSERT_NE(c.prog, nullptr);
  MsRunner r;
  Term out = r.run(*c.prog, &p, T(h, {A("a"), I(5)}));
  ASSERT_TRUE(is_tuple(out));
  EXPECT_TRUE(eq_exact(out, T(h, {I(5), A("a")})));
  EXPECT_EQ(r.run(*c.prog, &p, T(h, {A("a"), I(0)})), THE_NON_VALUE);
  EXPECT_EQ(r.run(*c.prog, &p, T(h, {A("a")})), THE_NON_VALUE);
  // a body that raises gives 'EXIT'; a guard that raises fails
  MsCompiled d = ms_compile(spec(head, NIL, L(h, {T(h, {A("+"), A("$1"), I(1)})})));
  ASSERT_NE(d.prog, nullptr);
  EXPECT_EQ(r.run(*d.prog, &p, T(h, {A("a"), I(5)})), atom::EXIT);
  // a repeated variable must be =:= the first binding
  MsCompiled e = ms_compile(spec(T(h, {A("$1"), A("$1")}), NIL, L(h, {A("$_")})));
  ASSERT_NE(e.prog, nullptr);
  EXPECT_NE(r.run(*e.prog, &p, T(h, {I(1), I(1)})), THE_NON_VALUE);
  EXPECT_EQ(r.run(*e.prog, &p, T(h, {I(1), make_float(h, 1.0)})), THE_NON_VALUE);
}

TEST_F(EtsMatchSpec, BoundKeysAndKeptKeys) {
  std::vector<Term> keys;
  MsCompiled c = ms_compile(L(h, {T(h, {T(h, {A("k1"), A("_")}), NIL, L(h, {A("$_")})}),
                                  T(h, {T(h, {A("k2"), A("$1")}), NIL, L(h, {A("$1")})})}));
  ASSERT_NE(c.prog, nullptr);
  EXPECT_TRUE(ms_bound_keys(*c.prog, 1, &keys));
  EXPECT_EQ(keys, (std::vector<Term>{A("k1"), A("k2")}));
  EXPECT_FALSE(ms_bound_keys(*c.prog, 2, &keys));
  EXPECT_FALSE(ms_returns_object(*c.prog));
  // select_replace may keep the key variable, not compute a new key
  Term head = T(h, {A("$1"), A("$2")});
  MsCompiled keep = ms_compile(spec(head, NIL, L(h, {T(h, {T(h, {A("$1"), I(0)})})})));
  MsCompiled change = ms_compile(spec(head, NIL, L(h, {T(h, {T(h, {A("$2"), A("$1")})})})));
  ASSERT_NE(keep.prog, nullptr);
  ASSERT_NE(change.prog, nullptr);
  EXPECT_TRUE(ms_keeps_key(*keep.prog, 1));
  EXPECT_FALSE(ms_keeps_key(*change.prog, 1));
}

}  // namespace
}  // namespace girder
