// Small BIFs of other modules: io:printable_range/0,
// string:list_to_integer/1 and list_to_float/1, and the direct-mode
// stand-in for code:ensure_modules_loaded/1.
#include <string>
#include <vector>

#include "bif/bif.h"
#include "process/vm_services.h"
#include "term/bignum.h"
#include "term/float_format.h"

namespace girder {

// The +pc flag's setting; erl's default is latin1.
Term io_printable_range_0(Process*, Term*) { return atom::latin1; }

namespace {
// Leading characters of a list that are bytes (< 256), as text; stops at the
// first non-byte element. Returns the list cell where it stopped.
Term take_bytes(Term l, std::string& s, size_t max) {
  while (is_list(l) && s.size() < max) {
    Term c = car(l);
    if (!is_small(c) || small_value(c) < 0 || small_value(c) > 255) break;
    s.push_back(char(small_value(c)));
    l = cdr(l);
  }
  return l;
}
Term skip(Term l, size_t n) {
  while (n--) l = cdr(l);
  return l;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

Term string_list_to_integer_1(Process* p, Term* a) {
  Term l = a[0];
  if (!is_list(l) && l != NIL) return make_tuple(p->heap, {atom::error, atom::not_a_list});
  std::string s;
  take_bytes(l, s, SIZE_MAX);
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
  size_t digits = i;
  while (i < s.size() && is_digit(s[i])) i++;
  if (i == digits) return make_tuple(p->heap, {atom::error, atom::no_integer});
  Term n = int_from_string(p->heap, s.data(), i, 10);
  return make_tuple(p->heap, {n, skip(l, i)});
}

Term string_list_to_float_1(Process* p, Term* a) {
  Term l = a[0];
  if (!is_list(l) && l != NIL) return make_tuple(p->heap, {atom::error, atom::not_a_list});
  std::string s;
  take_bytes(l, s, SIZE_MAX);
  // [+-]D+.D+([eE][+-]?D+)?
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
  size_t d0 = i;
  while (i < s.size() && is_digit(s[i])) i++;
  if (i == d0 || i >= s.size() || s[i] != '.') return make_tuple(p->heap, {atom::error, atom::no_float});
  size_t f0 = ++i;
  while (i < s.size() && is_digit(s[i])) i++;
  if (i == f0) return make_tuple(p->heap, {atom::error, atom::no_float});
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) j++;
    size_t e0 = j;
    while (j < s.size() && is_digit(s[j])) j++;
    if (j > e0) i = j;
  }
  double d;
  if (!text_to_float(s.data(), i, &d)) return make_tuple(p->heap, {atom::error, atom::no_float});
  return make_tuple(p->heap, {make_float(p->heap, d), skip(l, i)});
}

Term code_ensure_modules_loaded_1(Process* p, Term* a) {
  std::vector<Term> bad;
  Term l = a[0];
  for (; is_list(l); l = cdr(l)) {
    Term m = car(l);
    if (!is_atom(m)) return bif_badarg(p);
    if (!vm_ensure_loaded(m)) bad.push_back(make_tuple(p->heap, {m, atom::nofile}));
  }
  if (l != NIL) return bif_badarg(p);
  if (bad.empty()) return atom::ok;
  return make_tuple(p->heap, {atom::error, make_list_from(p->heap, bad.data(), bad.size())});
}

}  // namespace girder
