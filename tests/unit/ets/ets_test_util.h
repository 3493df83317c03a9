// Helpers for the ETS unit tests: terms built on a scratch heap.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

#include "term/atom_table.h"
#include "term/heap.h"

namespace girder::etstest {

inline Term A(const char* name) { return atom_put(name); }
inline Term I(Sint v) { return make_small(v); }
inline Term T(Heap& h, std::initializer_list<Term> elems) { return make_tuple(h, elems); }
inline Term L(Heap& h, std::initializer_list<Term> elems, Term tail = NIL) {
  std::vector<Term> v(elems);
  return make_list_from(h, v.data(), v.size(), tail);
}
inline std::vector<Term> to_vector(Term l) {
  std::vector<Term> v;
  for (; is_list(l); l = cdr(l)) v.push_back(car(l));
  return v;
}

}  // namespace girder::etstest
