// ERTS's internal term hash (make_internal_hash in ERTS's utils.c) and the
// map hash made from it (make_map_hash). It decides where a key sits in a
// map's hash trie, and so the order in which a large map iterates, prints
// and encodes. Reproduced bit for bit where the input is Girder's to give:
//  - immediates hash their 64-bit term word; small integers, [], pids and
//    ports have ERTS's word layout;
//  - an atom's word holds its atom-table index, and Girder's indices are
//    not ERTS's, so maps keyed on atoms above 32 keys iterate in another
//    order than on erl (the keys and values are the same);
//  - export funs and external pids/ports/refs mix in pointers in ERTS too
//    (not reproducible there either).
// An explicit stack, never C recursion.
#include <cstring>
#include <vector>

#include "term/binary.h"
#include "term/code_refs.h"
#include "term/jenkins.h"
#include "term/map_internal.h"

namespace girder {

namespace {

using jenkins::hconst;

constexpr uint32_t INTERNAL_HASH_SALT = 3432918353u;
// Stack marker: the tail of a cons cell comes next (ERTS's HASH_CDR).
constexpr Term CDR_MARK = THE_NON_VALUE;

bool is_byte(Term t) { return is_small(t) && Uint(small_value(t)) < 256; }

class InternalHash {
 public:
  explicit InternalHash(uint32_t salt) : hash_(salt ^ INTERNAL_HASH_SALT) {}

  uint32_t run(Term term) {
    for (;;) {
      walk(term);
      for (;;) {
        if (stack_.empty()) return hash_;
        term = stack_.back();
        stack_.pop_back();
        if (term != CDR_MARK) break;
        const_hash(hconst(18));
      }
    }
  }

 private:
  void mix2(uint32_t x, uint32_t y, uint32_t k) { jenkins::mix2(hash_, x, y, k); }
  void mix1(uint32_t x, uint32_t k) { mix2(x, 0, k); }
  void const_hash(uint32_t k) {
    hash_ ^= k;
    hash_ = (hash_ << 17) ^ (hash_ >> 15);
  }
  void immediate(uint64_t word) { mix2(uint32_t(word), uint32_t(word >> 32), hconst(1)); }

  // Hashes term's own words; pushes its parts on the stack (the last pushed
  // is hashed next). Loops only along a list's spine.
  void walk(Term term) {
    while (is_list(term)) {
      // bytes at the head of the list, four to a word
      uint32_t sh = 0, c = 0;
      Term* cell = list_ptr(term);
      while (is_byte(cell[0])) {
        sh = (sh << 8) + uint32_t(small_value(cell[0]));
        if (c == 3) {
          mix1(sh, hconst(4));
          c = sh = 0;
        } else {
          c++;
        }
        term = cell[1];
        if (!is_list(term)) break;
        cell = list_ptr(term);
      }
      if (c > 0) mix2(sh, c, hconst(22));
      if (!is_list(term)) break;  // the tail after the bytes
      Term tail = cell[1];
      const_hash(hconst(17));
      stack_.push_back(tail);
      if (!is_list(tail)) stack_.push_back(CDR_MARK);
      term = cell[0];
    }
    if (is_immed(term)) {
      immediate(term);
      return;
    }
    boxed(term);
  }

  void boxed(Term term) {
    const Term* p = boxed_ptr(term);
    switch (header_subtag(p[0])) {
      case SUB_TUPLE: {
        Uint n = header_arity(p[0]);
        mix1(uint32_t(n), hconst(9));
        for (Uint i = n; i >= 1; i--) stack_.push_back(p[i]);
        return;
      }
      case SUB_MAP:
        map_node(p);
        return;
      case SUB_FUN: {
        const FunThing* f = reinterpret_cast<const FunThing*>(p);
        mix2(uint32_t(f->num_free), uint32_t(f->entry->module), hconst(20));
        mix2(uint32_t(f->entry->index), f->entry->old_uniq, hconst(21));
        for (Uint i = f->num_free; i >= 1; i--) stack_.push_back(f->env[i - 1]);
        return;
      }
      case SUB_EXPORT: {
        uint64_t ep = reinterpret_cast<uint64_t>(reinterpret_cast<const ExportThing*>(p)->ep);
        mix2(uint32_t(ep), uint32_t(ep >> 32), hconst(14));
        return;
      }
      case SUB_REFC_BIN:
      case SUB_HEAP_BIN:
      case SUB_SUB_BIN:
        bitstring(term);
        return;
      case SUB_POS_BIG:
      case SUB_NEG_BIG: {
        uint32_t con = header_subtag(p[0]) == SUB_NEG_BIG ? hconst(10) : hconst(11);
        for (Uint i = 1; i <= header_arity(p[0]); i++) mix2(uint32_t(p[i]), uint32_t(p[i] >> 32), con);
        return;
      }
      case SUB_REF: {
        const RefThing* r = reinterpret_cast<const RefThing*>(p);
        mix1(r->num[0], hconst(7));
        mix2(r->num[1], r->num[2], hconst(8));
        return;
      }
      case SUB_EXT_PID:
      case SUB_EXT_PORT:
      case SUB_EXT_REF:
        external(p);
        return;
      case SUB_FLOAT: {
        double d = float_value(term);
        if (d == 0.0) d = 0.0;  // -0.0 hashes as 0.0
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        mix2(uint32_t(bits), uint32_t(bits >> 32), hconst(12));
        return;
      }
      default:
        return;  // match contexts are never terms
    }
  }

  void bitstring(Term term) {
    BitView v = bit_view(term);
    uint32_t con = hconst(13) + hash_;
    Uint bytes = v.bit_size / 8, rest = v.bit_size % 8;
    if (v.bit_size == 0) {
      hash_ = con;
      return;
    }
    std::vector<uint8_t> tmp;
    const uint8_t* b = v.bytes + v.bit_offset / 8;
    if (!v.aligned()) {
      tmp.assign(bytes + 1, 0);
      copy_bits(v.bytes, v.bit_offset, tmp.data(), 0, v.bit_size);
      b = tmp.data();
    }
    hash_ = jenkins::block_hash(b, bytes, con);
    if (rest) mix2(uint32_t(rest), uint32_t(b[bytes] >> (8 - rest)), hconst(15));
  }

  // ERTS mixes the node's address; Girder mixes the node name's atom word.
  void external(const Term* p) {
    const ExternalThing* e = reinterpret_cast<const ExternalThing*>(p);
    uint64_t node = e->node;
    auto word = [e](Uint i) { return i < e->data_len ? e->data[i] : 0; };
    switch (header_subtag(p[0])) {
      case SUB_EXT_PID:
        mix2(uint32_t(node), uint32_t(node >> 32), hconst(5));
        mix2(uint32_t(word(0)), uint32_t(word(1)), hconst(5));
        return;
      case SUB_EXT_PORT:
        mix2(uint32_t(node), uint32_t(node >> 32), hconst(6));
        mix2(uint32_t(word(0)), uint32_t(word(0) >> 32), hconst(6));
        return;
      default:
        mix2(uint32_t(node), uint32_t(node >> 32), hconst(7));
        mix1(uint32_t(word(0)), hconst(7));
        mix2(uint32_t(word(1)), uint32_t(word(2)), hconst(8));
        return;
    }
  }

  // A map key: the size, then the pairs; a trie's children go on the stack
  // in slot order, so the last slot is hashed first.
  void map_node(const Term* p) {
    if (!mapi::is_hamt(p)) {
      Uint n = mapi::flat_size(p);
      mix1(uint32_t(n), hconst(16));
      const Term* ks = mapi::flat_keys(p);
      const Term* vs = mapi::flat_values(p);
      for (Uint i = n; i >= 1; i--) {
        stack_.push_back(vs[i - 1]);
        stack_.push_back(ks[i - 1]);
      }
      return;
    }
    if (mapi::is_head(p)) mix1(uint32_t(mapi::hamt_size(p)), hconst(16));
    const Term* c = mapi::children(p);
    for (unsigned i = 0; i < mapi::child_count(p); i++) {
      if (is_list(c[i])) {
        stack_.push_back(cdr(c[i]));
        stack_.push_back(car(c[i]));
      } else {
        stack_.push_back(c[i]);
      }
    }
  }

  uint32_t hash_;
  std::vector<Term> stack_;
};

}  // namespace

uint32_t map_internal_hash(Term key, uint32_t salt) { return InternalHash(salt).run(key); }

uint32_t map_hash_at_depth(Term key, unsigned depth) {
  uint32_t salt = 0;
  if (depth > 0) jenkins::mix2(salt, depth, 1, hconst(22));
  return map_internal_hash(key, salt);
}

}  // namespace girder
