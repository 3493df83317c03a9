// erlang:phash2 and erlang:phash, bit for bit as ERTS 13 computes them
// (make_hash2 and make_hash in ERTS's utils.c). Both walk the term with an
// explicit stack, never C recursion. Every constant and every quirk below
// is observable in the hash values (checked against erl in
// tests/unit/term/hash_test.cpp):
//  - phash2 mixes 32-bit words with Bob Jenkins's mix; atoms and [] at the
//    very start take a shortcut value; lists of bytes are packed four
//    bytes to a word; maps xor the hashes of their key-value pairs, so the
//    order of pairs does not matter; of a pid only its number is hashed;
//    -0.0 hashes as 0.0.
//  - phash (older) multiplies by "funny" primes, byte by byte.
#include "term/hash.h"

#include <cstring>
#include <vector>

#include "term/atom_table.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/jenkins.h"
#include "term/map.h"

namespace girder {

namespace {

bool is_byte(Term t) { return is_small(t) && Uint(small_value(t)) < 256; }

// The bytes of a bitstring, whole bytes first, then the last partial byte
// (left aligned), copied out when the bitstring does not start on a byte.
const uint8_t* bitstring_bytes(const BitView& v, std::vector<uint8_t>& tmp) {
  if (v.aligned()) return v.bytes + v.bit_offset / 8;
  tmp.assign((v.bit_size + 7) / 8, 0);
  copy_bits(v.bytes, v.bit_offset, tmp.data(), 0, v.bit_size);
  return tmp.data();
}

// Pids: the number that <0.N.S> prints, for local and remote pids alike.
uint32_t pid_hash_number(Term t) {
  if (is_local_pid(t)) return uint32_t(pid_number(t));
  return uint32_t(reinterpret_cast<const ExternalThing*>(boxed_ptr(t))->data[0]);
}
uint64_t port_id(Term t) {
  if (is_local_port(t)) return local_port_data(t);
  return reinterpret_cast<const ExternalThing*>(boxed_ptr(t))->data[0];
}
// The first id word of a reference.
uint32_t ref_word0(Term t) {
  if (is_local_ref(t)) return reinterpret_cast<const RefThing*>(boxed_ptr(t))->num[0];
  const auto* e = reinterpret_cast<const ExternalThing*>(boxed_ptr(t));
  return e->data_len ? uint32_t(e->data[0]) : 0;
}
// Halves of a double's bits, with -0.0 made +0.0 first.
void float_words(Term t, uint32_t* hi, uint32_t* lo) {
  double d = float_value(t);
  if (d == 0.0) d = 0.0;
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  *hi = uint32_t(bits >> 32);
  *lo = uint32_t(bits);
}

// ---- phash2 (make_hash2) ---------------------------------------------------

constexpr uint32_t HCONST = jenkins::GOLDEN;
using jenkins::hconst;
// The value of [] when it is not the first thing hashed (ERTS's NIL_DEF).
constexpr uint32_t NIL_TAG_DEF = 2;
// The value of [] when it is the first thing hashed.
constexpr uint32_t NIL_FIRST_HASH = 3468870702u;

using jenkins::block_hash;
using jenkins::mix;

class Hash2 {
 public:
  uint32_t run(Term term) {
    for (;;) {
      if (step(term)) continue;  // step replaced term with the next one
      // term is done: resume pending work
      if (!next_term(&term)) return hash_;
    }
  }

 private:
  // Pending work: a term, the end of a map pair, or the end of a map.
  struct Item {
    enum Kind : uint8_t { term, pair_end, map_end } kind;
    Term t;
    uint32_t saved_hash, saved_xor;
  };

  void mix2(uint32_t x, uint32_t y, uint32_t k) {
    uint32_t a = k + x, b = k + y;
    mix(a, b, hash_);
  }
  void mix1(uint32_t x, uint32_t k) { mix2(x, 0, k); }

  void push(Term t) { stack_.push_back({Item::term, t, 0, 0}); }

  bool next_term(Term* out) {
    while (!stack_.empty()) {
      Item it = stack_.back();
      stack_.pop_back();
      switch (it.kind) {
        case Item::term:
          *out = it.t;
          return true;
        case Item::pair_end:
          xor_pairs_ ^= hash_;
          hash_ = 0;
          break;
        case Item::map_end:
          hash_ = it.saved_hash;
          mix1(xor_pairs_, hconst(19));
          xor_pairs_ = it.saved_xor;
          break;
      }
    }
    return false;
  }

  void small(Sint v) {
    if (v >= -(Sint(1) << 27) && v < (Sint(1) << 27)) {
      int32_t y = int32_t(v);
      if (y < 0) mix1(uint32_t(-y), HCONST);  // negatives are mixed twice
      mix1(uint32_t(y), HCONST);
    } else {
      uint64_t mag = v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v);
      mix2(uint32_t(mag), uint32_t(mag >> 32), v < 0 ? hconst(10) : hconst(11));
    }
  }

  // Hashes one term; returns true if `term` now holds a further term to
  // hash right away (a tail call), false when this term is done.
  bool step(Term& term) {
    switch (primary_tag(term)) {
      case TAG_PRIMARY_LIST:
        return list(term);
      case TAG_PRIMARY_BOXED:
        return boxed(term);
      default:
        break;
    }
    if (is_small(term)) {
      small(small_value(term));
    } else if (is_atom(term)) {
      if (hash_ == 0)
        hash_ = atom_hash(term);
      else
        mix1(atom_hash(term), hconst(3));
    } else if (is_nil(term)) {
      if (hash_ == 0)
        hash_ = NIL_FIRST_HASH;
      else
        mix1(NIL_TAG_DEF, hconst(2));
    } else if (is_local_pid(term)) {
      mix1(pid_hash_number(term), hconst(5));
    } else if (is_local_port(term)) {
      uint64_t id = port_id(term);
      mix2(uint32_t(id), uint32_t(id >> 32), hconst(6));
    }
    return false;
  }

  bool list(Term& term) {
    // Bytes are packed four to a word.
    const Term* cell = list_ptr(term);
    uint32_t packed = 0;
    int count = 0;
    while (is_byte(cell[0])) {
      packed = (packed << 8) + uint32_t(small_value(cell[0]));
      if (count == 3) {
        mix1(packed, hconst(4));
        count = 0;
        packed = 0;
      } else {
        count++;
      }
      term = cell[1];
      if (!is_list(term)) break;
      cell = list_ptr(term);
    }
    if (count > 0) mix1(packed, hconst(4));
    if (is_list(term)) {
      push(cell[1]);
      term = cell[0];
    }
    return true;
  }

  bool boxed(Term& term) {
    Term hdr = boxed_header(term);
    switch (header_subtag(hdr)) {
      case SUB_TUPLE: {
        Uint n = header_arity(hdr);
        mix1(uint32_t(n), hconst(9));
        if (n == 0) return false;
        for (Uint i = n; i > 1; i--) push(tuple_elem(term, i));
        term = tuple_elem(term, 1);
        return true;
      }
      case SUB_MAP: {
        Uint n = map_size(term);
        mix1(uint32_t(n), hconst(16));
        if (n == 0) return false;
        // Each pair is hashed from 0 and the results are xor-ed, so the
        // order of the pairs does not matter.
        stack_.push_back({Item::map_end, THE_NON_VALUE, hash_, xor_pairs_});
        hash_ = 0;
        xor_pairs_ = 0;
        map_foreach(term, [this](Term k, Term v) {
          stack_.push_back({Item::pair_end, THE_NON_VALUE, 0, 0});
          push(v);
          push(k);
        });
        return false;
      }
      case SUB_FUN: {
        const FunThing* f = fun_thing(term);
        const FunEntry* fe = f->entry;
        mix2(uint32_t(f->num_free), atom_hash(fe->module), HCONST);
        mix2(uint32_t(fe->index), fe->old_uniq, HCONST);
        if (f->num_free == 0) return false;
        for (Uint i = f->num_free; i > 1; i--) push(f->env[i - 1]);
        term = f->env[0];
        return true;
      }
      case SUB_EXPORT: {
        const Export* ep = reinterpret_cast<const ExportThing*>(boxed_ptr(term))->ep;
        mix2(uint32_t(ep->arity), atom_hash(ep->module), HCONST);
        mix1(atom_hash(ep->function), hconst(14));
        return false;
      }
      case SUB_HEAP_BIN:
      case SUB_REFC_BIN:
      case SUB_SUB_BIN: {
        BitView v = bit_view(term);
        Uint nbytes = v.byte_size();
        Uint tail = v.bit_size & 7;
        uint32_t con = hconst(13) + hash_;
        if (v.bit_size == 0) {
          hash_ = con;
          return false;
        }
        std::vector<uint8_t> tmp;
        const uint8_t* bytes = bitstring_bytes(v, tmp);
        hash_ = block_hash(bytes, nbytes, con);
        if (tail) mix2(uint32_t(tail), uint32_t(bytes[nbytes] >> (8 - tail)), hconst(15));
        return false;
      }
      case SUB_POS_BIG:
      case SUB_NEG_BIG: {
        uint32_t con = big_is_neg(term) ? hconst(10) : hconst(11);
        const Uint* limbs = big_limbs(term);
        for (Uint i = 0; i < big_size(term); i++)
          mix2(uint32_t(limbs[i]), uint32_t(limbs[i] >> 32), con);
        return false;
      }
      case SUB_REF:
      case SUB_EXT_REF:
        mix1(ref_word0(term), hconst(7));
        return false;
      case SUB_EXT_PID:
        mix1(pid_hash_number(term), hconst(5));
        return false;
      case SUB_EXT_PORT: {
        uint64_t id = port_id(term);
        mix2(uint32_t(id), uint32_t(id >> 32), hconst(6));
        return false;
      }
      case SUB_FLOAT: {
        uint32_t hi, lo;
        float_words(term, &hi, &lo);
        mix2(hi, lo, hconst(12));
        return false;
      }
      default:
        return false;  // match contexts are never hashed
    }
  }

  uint32_t hash_ = 0;
  uint32_t xor_pairs_ = 0;
  std::vector<Item> stack_;
};

// ---- phash (make_hash) -----------------------------------------------------

// Primes just above 2^28.
constexpr uint32_t FUNNY1 = 268440163;
constexpr uint32_t FUNNY2 = 268439161;
constexpr uint32_t FUNNY3 = 268435459;
constexpr uint32_t FUNNY4 = 268436141;
constexpr uint32_t FUNNY5 = 268438633;
constexpr uint32_t FUNNY6 = 268437017;
constexpr uint32_t FUNNY8 = 268437511;
constexpr uint32_t FUNNY9 = 268439627;
constexpr uint32_t FUNNY10 = 268440479;
constexpr uint32_t FUNNY11 = 268440577;
constexpr uint32_t FUNNY12 = 268440581;
constexpr uint32_t FUNNY13 = 268440593;
constexpr uint32_t FUNNY14 = 268440611;

class Hash1 {
 public:
  uint32_t run(Term term) {
    for (;;) {
      if (step(term)) continue;
      if (!next_term(&term)) return hash_;
    }
  }

 private:
  // Pending work. elems: the next `left` terms from `ptr`, then (tuple)
  // mix in the arity. cdr: continue with list tail t. cdr_done: multiply
  // after a list's tail.
  struct Item {
    enum Kind : uint8_t { elems, cdr, cdr_done } kind;
    Term t;
    const Term* ptr;
    Uint left;
    bool tuple;
    Uint arity;
  };

  // Four bytes of x, least significant first.
  void bytes32(uint32_t x, uint32_t prime) {
    hash_ = (((hash_ * prime + (x & 0xFF)) * prime + ((x >> 8) & 0xFF)) * prime +
             ((x >> 16) & 0xFF)) * prime + (x >> 24);
  }

  bool next_term(Term* out) {
    while (!stack_.empty()) {
      Item& it = stack_.back();
      switch (it.kind) {
        case Item::elems:
          if (it.left > 0) {
            *out = *it.ptr++;
            it.left--;
            return true;
          }
          if (it.tuple) hash_ = hash_ * FUNNY9 + uint32_t(it.arity);
          stack_.pop_back();
          break;
        case Item::cdr: {
          Term tail = it.t;
          stack_.pop_back();
          if (!is_list(tail)) stack_.push_back({Item::cdr_done, THE_NON_VALUE, nullptr, 0, false, 0});
          *out = tail;
          return true;
        }
        case Item::cdr_done:
          hash_ *= FUNNY8;
          stack_.pop_back();
          break;
      }
    }
    return false;
  }

  // Magnitude bytes, least significant first: all bytes of the lower
  // 64-bit words, 4 or 8 of the top one.
  void magnitude(const Uint* limbs, Uint n, bool negative) {
    for (Uint i = 0; i < n; i++) {
      Uint d = limbs[i];
      int nbytes = (i + 1 < n || (d >> 32)) ? 8 : 4;
      for (int j = 0; j < nbytes; j++) {
        hash_ = hash_ * FUNNY2 + uint32_t(d & 0xFF);
        d >>= 8;
      }
    }
    hash_ *= negative ? FUNNY4 : FUNNY3;
  }

  bool step(Term& term) {
    if (is_list(term)) {
      const Term* cell = list_ptr(term);
      while (is_byte(cell[0])) {
        hash_ = hash_ * FUNNY2 + uint32_t(small_value(cell[0]));
        if (!is_list(cell[1])) {
          stack_.push_back({Item::cdr_done, THE_NON_VALUE, nullptr, 0, false, 0});
          term = cell[1];
          return true;
        }
        cell = list_ptr(cell[1]);
      }
      stack_.push_back({Item::cdr, cell[1], nullptr, 0, false, 0});
      term = cell[0];
      return true;
    }
    if (is_boxed(term)) return boxed(term);
    if (is_small(term)) {
      Sint v = small_value(term);
      Uint mag = v < 0 ? Uint(0) - Uint(v) : Uint(v);
      magnitude(&mag, 1, v < 0);
    } else if (is_atom(term)) {
      hash_ = hash_ * FUNNY1 + atom_hash(term);
    } else if (is_nil(term)) {
      hash_ = hash_ * FUNNY3 + 1;
    } else if (is_local_pid(term)) {
      bytes32(pid_hash_number(term), FUNNY5);
      hash_ *= FUNNY6;
    } else if (is_local_port(term)) {
      port(term);
    }
    return false;
  }

  void port(Term t) {
    uint64_t id = port_id(t);
    if (id >> 32) bytes32(uint32_t(id >> 32), FUNNY11);
    bytes32(uint32_t(id), FUNNY9);
    hash_ *= FUNNY10;
  }

  bool boxed(Term& term) {
    Term hdr = boxed_header(term);
    switch (header_subtag(hdr)) {
      case SUB_TUPLE: {
        Uint n = header_arity(hdr);
        stack_.push_back({Item::elems, THE_NON_VALUE, boxed_ptr(term) + 1, n, true, n});
        return false;
      }
      case SUB_MAP:
        hash_ = hash_ * FUNNY13 + FUNNY14 + phash2_full(term);
        return false;
      case SUB_FUN: {
        const FunThing* f = fun_thing(term);
        const FunEntry* fe = f->entry;
        hash_ = hash_ * FUNNY10 + uint32_t(f->num_free);
        hash_ = hash_ * FUNNY1 + atom_hash(fe->module);
        hash_ = hash_ * FUNNY2 + uint32_t(fe->index);
        hash_ = hash_ * FUNNY2 + fe->old_uniq;
        if (f->num_free == 0) return false;
        if (f->num_free > 1)
          stack_.push_back({Item::elems, THE_NON_VALUE, f->env + 1, f->num_free - 1, false, 0});
        term = f->env[0];
        return true;
      }
      case SUB_EXPORT: {
        const Export* ep = reinterpret_cast<const ExportThing*>(boxed_ptr(term))->ep;
        hash_ = hash_ * FUNNY11 + uint32_t(ep->arity);
        hash_ = hash_ * FUNNY1 + atom_hash(ep->module);
        hash_ = hash_ * FUNNY1 + atom_hash(ep->function);
        return false;
      }
      case SUB_HEAP_BIN:
      case SUB_REFC_BIN:
      case SUB_SUB_BIN: {
        BitView v = bit_view(term);
        Uint nbytes = v.byte_size();
        Uint tail = v.bit_size & 7;
        std::vector<uint8_t> tmp;
        const uint8_t* bytes = bitstring_bytes(v, tmp);
        for (Uint i = 0; i < nbytes; i++) hash_ = hash_ * FUNNY1 + bytes[i];
        if (tail) hash_ = (hash_ * FUNNY1 + (bytes[nbytes] >> (8 - tail))) * FUNNY12 + uint32_t(tail);
        hash_ = hash_ * FUNNY4 + uint32_t(nbytes);
        return false;
      }
      case SUB_POS_BIG:
      case SUB_NEG_BIG:
        magnitude(big_limbs(term), big_size(term), big_is_neg(term));
        return false;
      case SUB_REF:
      case SUB_EXT_REF:
        bytes32(ref_word0(term), FUNNY9);
        hash_ *= FUNNY10;
        return false;
      case SUB_EXT_PID:
        bytes32(pid_hash_number(term), FUNNY5);
        hash_ *= FUNNY6;
        return false;
      case SUB_EXT_PORT:
        port(term);
        return false;
      case SUB_FLOAT: {
        uint32_t hi, lo;
        float_words(term, &hi, &lo);
        hash_ = hash_ * FUNNY6 + (hi ^ lo);
        return false;
      }
      default:
        return false;
    }
  }

  uint32_t hash_ = 0;
  std::vector<Item> stack_;
};

}  // namespace

uint32_t phash2_full(Term t) { return Hash2().run(t); }
uint32_t phash_full(Term t) { return Hash1().run(t); }

uint32_t phash2(Term t) { return phash2_full(t) & ((uint32_t(1) << 27) - 1); }

uint32_t phash(Term t, uint32_t range) { return phash_full(t) % range + 1; }

}  // namespace girder
