// The BIFs of module lists (ERTS 13 implements these natively):
// reverse/2, keyfind/3, keymember/3, keysearch/3, member/2.
//
// Errors are badarg (stack frames point at lists, with erl_stdlib_errors
// as the error_info module; the interpreter adds that).
#include "bif/bif.h"
#include "term/compare.h"

namespace girder {

namespace {

// Matching rule of the key functions, which is ==, computed as ERTS does:
//  - a small integer key matches the same integer or a float whose value
//    equals the key converted to double (so a key beyond 2^53 can match a
//    float it rounds to);
//  - another immediate key (atom, pid, port, []) matches only itself;
//  - a boxed key matches any term == to it.
class KeyMatcher {
 public:
  explicit KeyMatcher(Term key) : key_(key) {
    if (is_small(key)) {
      kind_ = Kind::small;
      float_key_ = double(small_value(key));
    } else if (is_immed(key)) {
      kind_ = Kind::immediate;
    } else {
      kind_ = Kind::boxed;
    }
  }
  bool matches(Term e) const {
    switch (kind_) {
      case Kind::small:
        return e == key_ || (is_float(e) && float_value(e) == float_key_);
      case Kind::immediate:
        return e == key_;
      case Kind::boxed:
        return eq_arith(key_, e);
    }
    return false;
  }

 private:
  enum class Kind { small, immediate, boxed };
  Term key_;
  Kind kind_;
  double float_key_ = 0;
};

// Shared walk of keyfind/keymember/keysearch: the first tuple in the list
// whose Pos-th element matches Key, false if none, or THE_NON_VALUE after
// raising badarg (bad position, or an improper list reached before a match).
Term keyfind(Process* p, Term key, Term pos, Term list) {
  if (!is_small(pos) || small_value(pos) < 1) return bif_badarg(p);
  Uint n = Uint(small_value(pos));
  KeyMatcher m(key);
  Term l = list;
  for (; is_list(l); l = cdr(l)) {
    Term t = car(l);
    if (is_tuple(t) && n <= tuple_arity(t) && m.matches(tuple_elem(t, n))) return t;
  }
  if (!is_nil(l)) return bif_badarg(p);
  return atom::am_false;
}

}  // namespace

// reverse(List, Tail): List reversed onto Tail. List must be proper (it is
// checked before anything is built).
Term lists_reverse_2(Process* p, Term* args) {
  Term list = args[0], tail = args[1];
  Uint n = 0;
  Term l = list;
  for (; is_list(l); l = cdr(l)) n++;
  if (!is_nil(l)) return bif_badarg(p);
  if (n == 0) return tail;
  Term* hp = p->heap.alloc(2 * n);
  Term acc = tail;
  for (l = list; is_list(l); l = cdr(l)) {
    hp[0] = car(l);
    hp[1] = acc;
    acc = make_list(hp);
    hp += 2;
  }
  return acc;
}

Term lists_keyfind_3(Process* p, Term* args) { return keyfind(p, args[0], args[1], args[2]); }

Term lists_keymember_3(Process* p, Term* args) {
  Term r = keyfind(p, args[0], args[1], args[2]);
  if (is_value(r) && is_tuple(r)) return atom::am_true;
  return r;
}

Term lists_keysearch_3(Process* p, Term* args) {
  Term r = keyfind(p, args[0], args[1], args[2]);
  if (is_value(r) && is_tuple(r)) return make_tuple(p->heap, {atom::value, r});
  return r;
}

// member(Elem, List): exact equality (=:=), so 1 is not a member of [1.0].
// An improper tail is badarg only if it is reached without a match.
Term lists_member_2(Process* p, Term* args) {
  Term e = args[0];
  Term l = args[1];
  if (is_immed(e)) {
    for (; is_list(l); l = cdr(l)) {
      if (car(l) == e) return atom::am_true;
    }
  } else {
    for (; is_list(l); l = cdr(l)) {
      if (eq_exact(car(l), e)) return atom::am_true;
    }
  }
  if (!is_nil(l)) return bif_badarg(p);
  return atom::am_false;
}

}  // namespace girder
