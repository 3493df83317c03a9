// Tuple BIFs: element/2, setelement/3, tuple_size/1, size/1, make_tuple/2,3,
// append_element/2, insert_element/3, delete_element/2, tuple_to_list/1,
// list_to_tuple/1.
//
// Positions are small integers counted from 1; anything else (a bignum, a
// position out of range) is badarg. ERTS caps the arity of a tuple built
// from a count or a list at 2^24 - 1 (also badarg, not system_limit).
#include "bif/bif.h"
#include "term/binary.h"

namespace girder {

namespace {

constexpr Uint MAX_TUPLE_ARITY = (Uint(1) << 24) - 1;

// Position argument in 1..limit, or 0 if it is not one.
Uint position(Term pos, Uint limit) {
  if (!is_small(pos)) return 0;
  Sint i = small_value(pos);
  return i >= 1 && Uint(i) <= limit ? Uint(i) : 0;
}

// A fresh tuple of `arity` elements; the caller fills ptr[1..arity].
Term* alloc_tuple(Heap& h, Uint arity) {
  Term* hp = h.alloc(arity + 1);
  hp[0] = make_header(arity, SUB_TUPLE);
  return hp;
}

}  // namespace

Term erlang_element_2(Process* p, Term* args) {
  Term t = args[1];
  if (!is_tuple(t)) return bif_badarg(p);
  Uint i = position(args[0], tuple_arity(t));
  if (!i) return bif_badarg(p);
  return tuple_elem(t, i);
}

Term erlang_setelement_3(Process* p, Term* args) {
  Term t = args[1], value = args[2];
  if (!is_tuple(t)) return bif_badarg(p);
  Uint n = tuple_arity(t);
  Uint i = position(args[0], n);
  if (!i) return bif_badarg(p);
  Term* hp = alloc_tuple(p->heap, n);
  std::memcpy(hp + 1, tuple_ptr(t) + 1, n * sizeof(Term));
  hp[i] = value;
  return make_boxed(hp);
}

Term erlang_tuple_size_1(Process* p, Term* args) {
  if (!is_tuple(args[0])) return bif_badarg(p);
  return make_small(Sint(tuple_arity(args[0])));
}

// size/1: tuple arity, or the number of whole bytes of a bitstring.
Term erlang_size_1(Process* p, Term* args) {
  Term t = args[0];
  if (is_tuple(t)) return make_small(Sint(tuple_arity(t)));
  if (is_bitstring(t)) return make_small(Sint(bit_view(t).bit_size >> 3));
  return bif_badarg(p);
}

Term erlang_make_tuple_2(Process* p, Term* args) {
  Term count = args[0], fill = args[1];
  if (!is_small(count) || small_value(count) < 0 ||
      Uint(small_value(count)) > MAX_TUPLE_ARITY) {
    return bif_badarg(p);
  }
  Uint n = Uint(small_value(count));
  Term* hp = alloc_tuple(p->heap, n);
  for (Uint i = 1; i <= n; i++) hp[i] = fill;
  return make_boxed(hp);
}

// make_tuple(N, Default, [{Pos, Value}]): later pairs for the same
// position win. The list is validated before the tuple is built so that a
// bad argument costs no heap.
Term erlang_make_tuple_3(Process* p, Term* args) {
  Term count = args[0], fill = args[1], init = args[2];
  if (!is_small(count) || small_value(count) < 0 ||
      Uint(small_value(count)) > MAX_TUPLE_ARITY) {
    return bif_badarg(p);
  }
  Uint n = Uint(small_value(count));
  Term l = init;
  for (; is_list(l); l = cdr(l)) {
    Term pair = car(l);
    if (!is_tuple(pair) || tuple_arity(pair) != 2) return bif_badarg(p);
    if (!position(tuple_elem(pair, 1), n)) return bif_badarg(p);
  }
  if (!is_nil(l)) return bif_badarg(p);
  Term* hp = alloc_tuple(p->heap, n);
  for (Uint i = 1; i <= n; i++) hp[i] = fill;
  for (l = init; is_list(l); l = cdr(l)) {
    Term pair = car(l);
    hp[small_value(tuple_elem(pair, 1))] = tuple_elem(pair, 2);
  }
  return make_boxed(hp);
}

Term erlang_append_element_2(Process* p, Term* args) {
  Term t = args[0], value = args[1];
  if (!is_tuple(t)) return bif_badarg(p);
  Uint n = tuple_arity(t);
  if (n + 1 > MAX_TUPLE_ARITY) return bif_badarg(p);
  Term* hp = alloc_tuple(p->heap, n + 1);
  std::memcpy(hp + 1, tuple_ptr(t) + 1, n * sizeof(Term));
  hp[n + 1] = value;
  return make_boxed(hp);
}

// insert_element(Pos, Tuple, Value), Pos in 1..size+1. ERTS does not cap
// the resulting arity here (unlike append_element/2), and neither do we.
Term erlang_insert_element_3(Process* p, Term* args) {
  Term t = args[1], value = args[2];
  if (!is_tuple(t)) return bif_badarg(p);
  Uint n = tuple_arity(t);
  Uint i = position(args[0], n + 1);
  if (!i) return bif_badarg(p);
  Term* hp = alloc_tuple(p->heap, n + 1);
  const Term* src = tuple_ptr(t);
  std::memcpy(hp + 1, src + 1, (i - 1) * sizeof(Term));
  hp[i] = value;
  std::memcpy(hp + i + 1, src + i, (n - i + 1) * sizeof(Term));
  return make_boxed(hp);
}

Term erlang_delete_element_2(Process* p, Term* args) {
  Term t = args[1];
  if (!is_tuple(t)) return bif_badarg(p);
  Uint n = tuple_arity(t);
  Uint i = position(args[0], n);
  if (!i) return bif_badarg(p);
  Term* hp = alloc_tuple(p->heap, n - 1);
  const Term* src = tuple_ptr(t);
  std::memcpy(hp + 1, src + 1, (i - 1) * sizeof(Term));
  std::memcpy(hp + i, src + i + 1, (n - i) * sizeof(Term));
  return make_boxed(hp);
}

Term erlang_tuple_to_list_1(Process* p, Term* args) {
  Term t = args[0];
  if (!is_tuple(t)) return bif_badarg(p);
  return make_list_from(p->heap, tuple_ptr(t) + 1, tuple_arity(t));
}

Term erlang_list_to_tuple_1(Process* p, Term* args) {
  Term l = args[0];
  Uint n = 0;
  for (; is_list(l); l = cdr(l)) n++;
  if (!is_nil(l) || n > MAX_TUPLE_ARITY) return bif_badarg(p);
  Term* hp = alloc_tuple(p->heap, n);
  Uint i = 1;
  for (l = args[0]; is_list(l); l = cdr(l)) hp[i++] = car(l);
  return make_boxed(hp);
}

}  // namespace girder
