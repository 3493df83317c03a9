// Helpers for the B1 BIF tests: building argument terms on a process heap,
// calling a BIF and checking its result or the error it raised.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "bif/bif.h"
#include "term/binary.h"
#include "term/code_refs.h"

namespace girder::b1test {

inline Term A(const char* name) { return atom_put(name); }
inline Term I(Sint v) { return make_small(v); }

inline Term list_of(Heap& h, std::initializer_list<Term> elems, Term tail = NIL) {
  std::vector<Term> v(elems);
  return make_list_from(h, v.data(), v.size(), tail);
}
inline Term str(Heap& h, const std::string& s) {
  return make_byte_list(h, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
inline Term bin(Heap& h, const std::string& s) {
  return new_binary(h, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
// [1, 2, ..., n]
inline Term seq_list(Heap& h, Sint n) {
  std::vector<Term> v;
  v.reserve(Uint(n));
  for (Sint i = 1; i <= n; i++) v.push_back(make_small(i));
  return make_list_from(h, v.data(), v.size());
}

inline std::vector<Term> to_vector(Term l) {
  std::vector<Term> v;
  for (; is_list(l); l = cdr(l)) v.push_back(car(l));
  return v;
}
// Text of a list of byte values (as pid_to_list/1 returns).
inline std::string list_text(Term l) {
  std::string s;
  for (; is_list(l); l = cdr(l)) s += char(small_value(car(l)));
  return s;
}
inline std::string bin_text(Term b) {
  BitView v = bit_view(b);
  return std::string(reinterpret_cast<const char*>(v.bytes + v.bit_offset / 8), v.byte_size());
}

// Calls f with the given arguments on a clean exception state.
inline Term call(BifFn f, Process& p, std::initializer_list<Term> args) {
  std::vector<Term> a(args);
  p.exc_class = p.exc_reason = THE_NON_VALUE;
  return f(&p, a.data());
}

// True if the last call raised error:Reason.
inline bool raised(const Process& p, Term result, Term reason) {
  return result == THE_NON_VALUE && p.exc_class == atom::error && p.exc_reason == reason;
}

}  // namespace girder::b1test
