// Term layout: every Erlang value is one 64-bit word.
//
//   primary tag (bits 1..0)
//     00  header word of a boxed object (never a term on its own)
//     01  list: pointer to a cons cell (two words: head, tail)
//     10  boxed: pointer to an object that starts with a header word
//     11  immediate
//
//   immediate-1 (bits 3..0, when primary is 11)
//     0011  local pid      value = (pid index << 4)
//     0111  local port     value = (port index << 4)
//     1011  immediate-2 (see below)
//     1111  small integer  60-bit signed value in bits 63..4
//
//   immediate-2 (bits 5..0, when immediate-1 is 1011)
//     001011  atom         atom index in bits 63..6
//     011011  catch        catch-table index in bits 63..6 (stack only)
//     111011  nil []
//
//   header word:  arity (bits 63..6) | subtag (bits 5..2) | 00
//     arity = number of words that follow the header.
//
// Pointers are 8-byte aligned, so the two low bits are free for the tag.
// A word with primary tag 00 on the stack is a continuation pointer (CP);
// the GC skips such words. THE_NON_VALUE (0) is never a valid term and
// marks "no value" (a BIF that raised, an empty slot).
//
// docs/term-layout.md has the full table of boxed objects.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace girder {

using Term = uint64_t;
using Uint = uint64_t;
using Sint = int64_t;

constexpr Term THE_NON_VALUE = 0;

// ---- primary tags ---------------------------------------------------------
constexpr Uint TAG_PRIMARY_MASK = 0x3;
constexpr Uint TAG_PRIMARY_HEADER = 0x0;
constexpr Uint TAG_PRIMARY_LIST = 0x1;
constexpr Uint TAG_PRIMARY_BOXED = 0x2;
constexpr Uint TAG_PRIMARY_IMMED1 = 0x3;

constexpr Uint TAG_IMMED1_MASK = 0xF;
constexpr Uint TAG_IMMED1_PID = 0x3;
constexpr Uint TAG_IMMED1_PORT = 0x7;
constexpr Uint TAG_IMMED1_IMMED2 = 0xB;
constexpr Uint TAG_IMMED1_SMALL = 0xF;
constexpr int TAG_IMMED1_SIZE = 4;

constexpr Uint TAG_IMMED2_MASK = 0x3F;
constexpr Uint TAG_IMMED2_ATOM = 0x0B;
constexpr Uint TAG_IMMED2_CATCH = 0x1B;
constexpr Uint TAG_IMMED2_NIL = 0x3B;
constexpr int TAG_IMMED2_SIZE = 6;

constexpr Term NIL = TAG_IMMED2_NIL;

// ---- header subtags (bits 5..2 of a header word) --------------------------
enum Subtag : Uint {
  SUB_TUPLE = 0x0,       // arity elements
  SUB_POS_BIG = 0x2,     // arity limbs (uint64, least significant first)
  SUB_NEG_BIG = 0x3,     // same, negative
  SUB_REF = 0x4,         // local reference, see RefThing (resources: term/resource.h)
  SUB_FUN = 0x5,         // closure, see FunThing
  SUB_FLOAT = 0x6,       // one word: the double's bits
  SUB_EXPORT = 0x7,      // external fun M:F/A, see ExportThing
  SUB_REFC_BIN = 0x8,    // ProcBin: handle to an off-heap Binary
  SUB_HEAP_BIN = 0x9,    // HeapBin: bytes on the heap
  SUB_SUB_BIN = 0xA,     // SubBin: a slice of a heap or refc binary
  SUB_MATCH_CTX = 0xB,   // MatchCtx: binary match state (never escapes code)
  SUB_EXT_PID = 0xC,     // ExternalThing
  SUB_EXT_PORT = 0xD,    // ExternalThing
  SUB_EXT_REF = 0xE,     // ExternalThing
  SUB_MAP = 0xF,         // flatmap or hash-trie node, see map.h
};

constexpr Uint HEADER_SUBTAG_MASK = 0x3C;
constexpr int HEADER_ARITY_OFFS = 6;

constexpr Term make_header(Uint arity, Subtag sub) {
  return (arity << HEADER_ARITY_OFFS) | (Uint(sub) << 2) | TAG_PRIMARY_HEADER;
}
constexpr Uint header_arity(Term hdr) { return hdr >> HEADER_ARITY_OFFS; }
constexpr Subtag header_subtag(Term hdr) {
  return Subtag((hdr & HEADER_SUBTAG_MASK) >> 2);
}
constexpr bool is_header(Term t) {
  return (t & TAG_PRIMARY_MASK) == TAG_PRIMARY_HEADER;
}

// ---- primary predicates ---------------------------------------------------
constexpr Uint primary_tag(Term t) { return t & TAG_PRIMARY_MASK; }
constexpr bool is_list(Term t) {
  return (t & TAG_PRIMARY_MASK) == TAG_PRIMARY_LIST;
}
constexpr bool is_boxed(Term t) {
  return (t & TAG_PRIMARY_MASK) == TAG_PRIMARY_BOXED;
}
constexpr bool is_immed(Term t) {
  return (t & TAG_PRIMARY_MASK) == TAG_PRIMARY_IMMED1;
}
constexpr bool is_nil(Term t) { return t == NIL; }
constexpr bool is_value(Term t) { return t != THE_NON_VALUE; }

// ---- pointers ---------------------------------------------------------------
inline Term* list_ptr(Term t) {
  return reinterpret_cast<Term*>(t - TAG_PRIMARY_LIST);
}
inline Term* boxed_ptr(Term t) {
  return reinterpret_cast<Term*>(t - TAG_PRIMARY_BOXED);
}
inline Term make_list(const Term* cell) {
  return reinterpret_cast<Uint>(cell) + TAG_PRIMARY_LIST;
}
inline Term make_boxed(const Term* obj) {
  return reinterpret_cast<Uint>(obj) + TAG_PRIMARY_BOXED;
}
inline Term car(Term list) { return list_ptr(list)[0]; }
inline Term cdr(Term list) { return list_ptr(list)[1]; }
inline Term boxed_header(Term t) { return *boxed_ptr(t); }
inline bool is_boxed_of(Term t, Subtag sub) {
  return is_boxed(t) && header_subtag(boxed_header(t)) == sub;
}

// ---- small integers -------------------------------------------------------
constexpr int SMALL_BITS = 64 - TAG_IMMED1_SIZE;  // 60
constexpr Sint MAX_SMALL = (Sint(1) << (SMALL_BITS - 1)) - 1;
constexpr Sint MIN_SMALL = -(Sint(1) << (SMALL_BITS - 1));

constexpr bool is_small(Term t) {
  return (t & TAG_IMMED1_MASK) == TAG_IMMED1_SMALL;
}
constexpr bool fits_small(Sint v) { return v >= MIN_SMALL && v <= MAX_SMALL; }
constexpr Term make_small(Sint v) {
  return (Uint(v) << TAG_IMMED1_SIZE) | TAG_IMMED1_SMALL;
}
constexpr Sint small_value(Term t) { return Sint(t) >> TAG_IMMED1_SIZE; }

// ---- atoms ----------------------------------------------------------------
constexpr bool is_atom(Term t) {
  return (t & TAG_IMMED2_MASK) == TAG_IMMED2_ATOM;
}
constexpr Term make_atom(Uint index) {
  return (index << TAG_IMMED2_SIZE) | TAG_IMMED2_ATOM;
}
constexpr Uint atom_index(Term t) { return t >> TAG_IMMED2_SIZE; }

// ---- catch markers (stack only) -------------------------------------------
constexpr bool is_catch(Term t) {
  return (t & TAG_IMMED2_MASK) == TAG_IMMED2_CATCH;
}
constexpr Term make_catch(Uint index) {
  return (index << TAG_IMMED2_SIZE) | TAG_IMMED2_CATCH;
}
constexpr Uint catch_index(Term t) { return t >> TAG_IMMED2_SIZE; }

// ---- local pids and ports -------------------------------------------------
// A local pid's number is what <0.N.S> prints: N is the low 28 bits
// (process table slot), S the generation above it.
constexpr bool is_local_pid(Term t) {
  return (t & TAG_IMMED1_MASK) == TAG_IMMED1_PID;
}
constexpr bool is_local_port(Term t) {
  return (t & TAG_IMMED1_MASK) == TAG_IMMED1_PORT;
}
constexpr Term make_local_pid(Uint data) {
  return (data << TAG_IMMED1_SIZE) | TAG_IMMED1_PID;
}
constexpr Term make_local_port(Uint data) {
  return (data << TAG_IMMED1_SIZE) | TAG_IMMED1_PORT;
}
constexpr Uint local_pid_data(Term t) { return t >> TAG_IMMED1_SIZE; }
constexpr Uint local_port_data(Term t) { return t >> TAG_IMMED1_SIZE; }
constexpr int PID_NUMBER_BITS = 28;  // what ERTS prints as the middle number
constexpr Uint pid_number(Term t) {
  return local_pid_data(t) & ((Uint(1) << PID_NUMBER_BITS) - 1);
}
constexpr Uint pid_serial(Term t) { return local_pid_data(t) >> PID_NUMBER_BITS; }

// ---- lists ----------------------------------------------------------------
// Number of elements of a proper list, or -1 if l is not one.
inline Sint list_length(Term l) {
  Sint n = 0;
  for (; is_list(l); l = list_ptr(l)[1]) n++;
  return l == NIL ? n : -1;
}

// ---- tuples ---------------------------------------------------------------
inline bool is_tuple(Term t) { return is_boxed_of(t, SUB_TUPLE); }
inline Term* tuple_ptr(Term t) { return boxed_ptr(t); }
inline Uint tuple_arity(Term t) { return header_arity(*boxed_ptr(t)); }
// 1-based, as element/2
inline Term tuple_elem(Term t, Uint i) { return boxed_ptr(t)[i]; }

// ---- floats ---------------------------------------------------------------
constexpr Uint FLOAT_WORDS = 2;
inline bool is_float(Term t) { return is_boxed_of(t, SUB_FLOAT); }
inline double float_value(Term t) {
  double d;
  std::memcpy(&d, boxed_ptr(t) + 1, sizeof d);
  return d;
}
inline Term make_float_at(Term* hp, double d) {
  hp[0] = make_header(1, SUB_FLOAT);
  std::memcpy(hp + 1, &d, sizeof d);
  return make_boxed(hp);
}

// ---- bignums --------------------------------------------------------------
// Magnitude in limbs (mp_limb_t, 64 bits), least significant limb first,
// never with a zero most significant limb, never representable as a small.
inline bool is_big(Term t) {
  if (!is_boxed(t)) return false;
  Subtag s = header_subtag(boxed_header(t));
  return s == SUB_POS_BIG || s == SUB_NEG_BIG;
}
inline bool big_is_neg(Term t) {
  return header_subtag(boxed_header(t)) == SUB_NEG_BIG;
}
inline Uint big_size(Term t) { return header_arity(boxed_header(t)); }
inline Uint* big_limbs(Term t) { return boxed_ptr(t) + 1; }
inline bool is_integer(Term t) { return is_small(t) || is_big(t); }
inline bool is_number(Term t) { return is_integer(t) || is_float(t); }

// ---- references -----------------------------------------------------------
// Local reference: header, then three 32-bit numbers in two words.
// Printed as #Ref<0.N2.N1.N0>.
struct RefThing {
  Term header;   // make_header(2, SUB_REF)
  uint32_t num[4];  // num[0..2] used; num[3] zero
};
constexpr Uint REF_WORDS = 3;
static_assert(sizeof(RefThing) == REF_WORDS * sizeof(Term));
inline bool is_local_ref(Term t) { return is_boxed_of(t, SUB_REF); }

// ---- external pids/ports/refs ---------------------------------------------
// header(arity, SUB_EXT_*), node (atom), creation, then data words:
//   pid:  data[0] = number, data[1] = serial
//   port: data[0] = 64-bit id
//   ref:  data[0..n) = 32-bit words, one per Term word (n = arity - 3)
struct ExternalThing {
  Term header;
  Term node;          // atom
  Uint creation;
  Uint data_len;      // number of data words used
  Uint data[1];       // data_len words
};
constexpr Uint EXTERNAL_FIXED_WORDS = 4;  // header, node, creation, data_len
inline bool is_external(Term t) {
  if (!is_boxed(t)) return false;
  Subtag s = header_subtag(boxed_header(t));
  return s == SUB_EXT_PID || s == SUB_EXT_PORT || s == SUB_EXT_REF;
}
inline bool is_pid(Term t) {
  return is_local_pid(t) || is_boxed_of(t, SUB_EXT_PID);
}
inline bool is_port(Term t) {
  return is_local_port(t) || is_boxed_of(t, SUB_EXT_PORT);
}
inline bool is_ref(Term t) {
  return is_local_ref(t) || is_boxed_of(t, SUB_EXT_REF);
}

// ---- funs -----------------------------------------------------------------
struct FunEntry;  // code/fun_entry.h: module, index, uniq, arity, code
struct Export;    // code/export.h: M:F/A and its current code

// Closure: header(3 + num_free, SUB_FUN), entry, packed info, creator, env.
struct FunThing {
  Term header;
  FunEntry* entry;
  Uint arity;        // arity of the fun as called (entry arity - num_free)
  Uint num_free;
  Term creator;      // pid of the process that made it
  Term env[1];       // num_free captured values
};
constexpr Uint FUN_FIXED_WORDS = 5;
inline bool is_fun(Term t) { return is_boxed_of(t, SUB_FUN); }
inline FunThing* fun_thing(Term t) {
  return reinterpret_cast<FunThing*>(boxed_ptr(t));
}

// External fun (fun M:F/A): header(1, SUB_EXPORT), Export*.
struct ExportThing {
  Term header;
  Export* ep;
};
constexpr Uint EXPORT_THING_WORDS = 2;
inline bool is_export_fun(Term t) { return is_boxed_of(t, SUB_EXPORT); }
inline bool is_any_fun(Term t) { return is_fun(t) || is_export_fun(t); }

// ---- maps -----------------------------------------------------------------
inline bool is_map(Term t) { return is_boxed_of(t, SUB_MAP); }

// Number of words of a boxed object, header included (for copying).
Uint boxed_size(const Term* obj);

}  // namespace girder
