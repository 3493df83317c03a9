// Term equality and order without C recursion: an explicit stack of pairs
// still to compare, pushed so that elements are compared left to right.
#include "term/compare.h"

#include <cstring>
#include <string_view>
#include <vector>

#include "term/atom_table.h"
#include "term/bignum.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/map.h"

namespace girder {

namespace {

// Order classes: number < atom < reference < fun < port < pid < tuple <
// map < nil < list < bitstring.
enum Class { C_NUMBER, C_ATOM, C_REF, C_FUN, C_PORT, C_PID, C_TUPLE, C_MAP, C_NIL, C_LIST, C_BITS };

Class class_of(Term t) {
  if (is_small(t)) return C_NUMBER;
  if (is_atom(t)) return C_ATOM;
  if (t == NIL) return C_NIL;
  if (is_list(t)) return C_LIST;
  if (is_local_pid(t)) return C_PID;
  if (is_local_port(t)) return C_PORT;
  switch (header_subtag(boxed_header(t))) {
    case SUB_TUPLE: return C_TUPLE;
    case SUB_POS_BIG:
    case SUB_NEG_BIG:
    case SUB_FLOAT: return C_NUMBER;
    case SUB_REF:
    case SUB_EXT_REF: return C_REF;
    case SUB_FUN:
    case SUB_EXPORT: return C_FUN;
    case SUB_EXT_PID: return C_PID;
    case SUB_EXT_PORT: return C_PORT;
    case SUB_MAP: return C_MAP;
    default: return C_BITS;
  }
}


int cmp_numbers(Term a, Term b, bool exact) {
  bool af = is_float(a), bf = is_float(b);
  if (!af && !bf) return int_compare(a, b);
  if (af && bf) {
    double x = float_value(a), y = float_value(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  // map key order (exact): every integer precedes every float
  if (exact) return af ? 1 : -1;
  return af ? -int_compare_double(b, float_value(a)) : int_compare_double(a, float_value(b));
}

int cmp_atoms(Term a, Term b) {
  std::string_view x = atom_name(a), y = atom_name(b);
  // UTF-8 byte order is code point order
  int r = x.compare(y);
  return r < 0 ? -1 : r > 0 ? 1 : 0;
}

int cmp_bits(Term a, Term b) {
  BitView x = bit_view(a), y = bit_view(b);
  Uint n = std::min(x.bit_size, y.bit_size);
  Uint whole = n / 8;
  if (x.aligned() && y.aligned()) {
    int r = std::memcmp(x.bytes + x.bit_offset / 8, y.bytes + y.bit_offset / 8, whole);
    if (r) return r < 0 ? -1 : 1;
  } else {
    std::vector<uint8_t> bx(whole + 1), by(whole + 1);
    copy_bits(x.bytes, x.bit_offset, bx.data(), 0, whole * 8);
    copy_bits(y.bytes, y.bit_offset, by.data(), 0, whole * 8);
    int r = std::memcmp(bx.data(), by.data(), whole);
    if (r) return r < 0 ? -1 : 1;
  }
  Uint rest = n - whole * 8;
  if (rest) {
    uint8_t cx = 0, cy = 0;
    copy_bits(x.bytes, x.bit_offset + whole * 8, &cx, 0, rest);
    copy_bits(y.bytes, y.bit_offset + whole * 8, &cy, 0, rest);
    if (cx != cy) return cx < cy ? -1 : 1;
  }
  return x.bit_size < y.bit_size ? -1 : x.bit_size > y.bit_size ? 1 : 0;
}

// Reference numbers, most significant word first.
void ref_words(Term t, std::vector<uint32_t>& out, Term* node, Uint* creation) {
  if (is_local_ref(t)) {
    auto* r = reinterpret_cast<RefThing*>(boxed_ptr(t));
    out = {r->num[2], r->num[1], r->num[0]};
    *node = this_node();
    *creation = this_creation();
    return;
  }
  auto* e = reinterpret_cast<ExternalThing*>(boxed_ptr(t));
  out.clear();
  for (Uint i = e->data_len; i > 0; i--) out.push_back(uint32_t(e->data[i - 1]));
  *node = e->node;
  *creation = e->creation;
}

void pid_parts(Term t, Term* node, Uint* number, Uint* serial, Uint* creation) {
  if (is_local_pid(t)) {
    *node = this_node();
    *number = pid_number(t);
    *serial = pid_serial(t);
    *creation = this_creation();
    return;
  }
  auto* e = reinterpret_cast<ExternalThing*>(boxed_ptr(t));
  *node = e->node;
  *number = e->data[0];
  *serial = e->data_len > 1 ? e->data[1] : 0;
  *creation = e->creation;
}

void port_parts(Term t, Term* node, Uint* number, Uint* creation) {
  if (is_local_port(t)) {
    *node = this_node();
    *number = local_port_data(t);
    *creation = this_creation();
    return;
  }
  auto* e = reinterpret_cast<ExternalThing*>(boxed_ptr(t));
  *node = e->node;
  *number = e->data[0];
  *creation = e->creation;
}

int cmp_uint(Uint a, Uint b) { return a < b ? -1 : a > b ? 1 : 0; }

// Keys and values of a map in key order.
void map_sorted(Term m, std::vector<Term>& keys, std::vector<Term>& vals) {
  std::vector<std::pair<Term, Term>> kv;
  map_foreach(m, [&](Term k, Term v) { kv.push_back({k, v}); });
  std::sort(kv.begin(), kv.end(), [](const auto& x, const auto& y) {
    return compare_terms(x.first, y.first, true) < 0;
  });
  for (auto& [k, v] : kv) {
    keys.push_back(k);
    vals.push_back(v);
  }
}

struct Pair {
  Term a, b;
};

// Compares a and b; `exact` makes numbers of different types unequal
// (1 < 1.0), which is both =:= and the map key order.
int compare(Term a0, Term b0, bool exact) {
  std::vector<Pair> stack;
  stack.push_back({a0, b0});
  while (!stack.empty()) {
    Pair pr = stack.back();
    stack.pop_back();
    Term a = pr.a, b = pr.b;
    while (true) {
      if (a == b) break;
      Class ca = class_of(a), cb = class_of(b);
      if (ca != cb) return ca < cb ? -1 : 1;
      int r = 0;
      switch (ca) {
        case C_NUMBER:
          r = cmp_numbers(a, b, exact);
          break;
        case C_ATOM:
          r = cmp_atoms(a, b);
          break;
        case C_NIL:
          r = 0;
          break;
        case C_BITS:
          r = cmp_bits(a, b);
          break;
        case C_REF: {
          std::vector<uint32_t> x, y;
          Term nx, ny;
          Uint crx, cry;
          ref_words(a, x, &nx, &crx);
          ref_words(b, y, &ny, &cry);
          if (nx != ny) { r = cmp_atoms(nx, ny); break; }
          if (x.size() != y.size()) { r = x.size() < y.size() ? -1 : 1; break; }
          for (size_t i = 0; i < x.size() && !r; i++) r = cmp_uint(x[i], y[i]);
          if (!r) r = cmp_uint(crx, cry);
          break;
        }
        case C_PID: {
          Term nx, ny;
          Uint numx, numy, sx, sy, crx, cry;
          pid_parts(a, &nx, &numx, &sx, &crx);
          pid_parts(b, &ny, &numy, &sy, &cry);
          if (nx != ny) { r = cmp_atoms(nx, ny); break; }
          r = cmp_uint(sx, sy);
          if (!r) r = cmp_uint(numx, numy);
          if (!r) r = cmp_uint(crx, cry);
          break;
        }
        case C_PORT: {
          Term nx, ny;
          Uint numx, numy, crx, cry;
          port_parts(a, &nx, &numx, &crx);
          port_parts(b, &ny, &numy, &cry);
          if (nx != ny) { r = cmp_atoms(nx, ny); break; }
          r = cmp_uint(numx, numy);
          if (!r) r = cmp_uint(crx, cry);
          break;
        }
        case C_FUN: {
          bool ea = is_export_fun(a), eb = is_export_fun(b);
          if (ea != eb) { r = ea ? 1 : -1; break; }
          if (ea) {
            Export* x = reinterpret_cast<ExportThing*>(boxed_ptr(a))->ep;
            Export* y = reinterpret_cast<ExportThing*>(boxed_ptr(b))->ep;
            r = cmp_atoms(x->module, y->module);
            if (!r) r = cmp_atoms(x->function, y->function);
            if (!r) r = cmp_uint(x->arity, y->arity);
            break;
          }
          FunThing* x = fun_thing(a);
          FunThing* y = fun_thing(b);
          r = cmp_atoms(x->entry->module, y->entry->module);
          if (!r) r = cmp_uint(x->entry->index, y->entry->index);
          if (!r) r = cmp_uint(x->entry->old_uniq, y->entry->old_uniq);
          if (!r) r = cmp_uint(x->num_free, y->num_free);
          if (!r) {
            for (Uint i = x->num_free; i > 0; i--) stack.push_back({x->env[i - 1], y->env[i - 1]});
          }
          break;
        }
        case C_TUPLE: {
          Uint na = tuple_arity(a), nb = tuple_arity(b);
          if (na != nb) { r = na < nb ? -1 : 1; break; }
          for (Uint i = na; i > 0; i--) stack.push_back({tuple_elem(a, i), tuple_elem(b, i)});
          break;
        }
        case C_MAP: {
          Uint na = map_size(a), nb = map_size(b);
          if (na != nb) { r = na < nb ? -1 : 1; break; }
          std::vector<Term> ka, va, kb, vb;
          map_sorted(a, ka, va);
          map_sorted(b, kb, vb);
          // keys first (in map key order), then values
          for (size_t i = va.size(); i > 0; i--) stack.push_back({va[i - 1], vb[i - 1]});
          for (size_t i = ka.size(); i > 0; i--) {
            int kr = compare(ka[i - 1], kb[i - 1], true);
            if (kr) r = kr;  // the first differing key decides
          }
          if (r) stack.resize(stack.size() - va.size());
          break;
        }
        case C_LIST: {
          // compare heads later (pushed), continue along the tails now;
          // the head must be compared before the tail: push the tail pair
          // and compare the heads in this iteration
          stack.push_back({cdr(a), cdr(b)});
          a = car(a);
          b = car(b);
          continue;
        }
      }
      if (r) return r;
      break;
    }
  }
  return 0;
}

}  // namespace

int compare_terms(Term a, Term b, bool exact) { return compare(a, b, exact); }

bool eq_exact(Term a, Term b) {
  if (a == b) return true;
  return compare(a, b, true) == 0;
}

bool eq_arith(Term a, Term b) {
  if (a == b) return true;
  return compare(a, b, false) == 0;
}

}  // namespace girder
