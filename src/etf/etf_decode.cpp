// binary_to_term: the decoder.
//
// Input is untrusted. Every read is checked against the bytes left, and a
// claimed count (tuple arity, list length, map size, ...) is checked
// against the bytes left before anything is allocated for it (each element
// takes at least one byte), so memory use stays proportional to the input.
// Decoding uses an explicit work stack of "decode a term into this slot"
// items, never C recursion: containers are allocated first, their slots
// filled with [] and then decoded one by one.
//
// What is accepted is what ERTS 13 accepts (checked against erl), with
// these deliberate differences, all for terms no ERTS node writes:
//  - a local pid may have a number up to 2^28-1 and a serial up to
//    2^32-1 (Girder's local pids hold that much; ERTS's local pids
//    only 15 and 13 bits);
//  - a fun's OldIndex must equal its Index, and its OldUniq must be in
//    0..2^32-1 (ERTS keeps whatever it is given).
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <locale.h>
#include <vector>

#include "etf/etf.h"
#include "etf/etf_fun_entry.h"
#include "etf/etf_tags.h"
#include "term/atom_table.h"
#include "term/bignum.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/map.h"
#include "term/resource.h"

namespace girder {

namespace {

using namespace etf;

constexpr Uint MAX_EXTERNAL_REF_WORDS = 5;   // refs of other nodes
constexpr Uint LOCAL_REF_WORDS = 3;          // local refs: 1..3 words given
constexpr uint32_t MAX_LOCAL_REF_WORD0 = 0x3FFFF;  // 18 bits, as ERTS
constexpr Uint MAX_LOCAL_PID_NUMBER = (Uint(1) << PID_NUMBER_BITS) - 1;
constexpr Uint MAX_LOCAL_PORT_ID = 0x0FFFFFFF;
constexpr uint32_t MAX_OLD_CREATION = 3;     // one-byte creation fields
constexpr Uint FLOAT_EXT_TEXT = 31;

// Bytes of the input with checked big-endian reads.
class Reader {
 public:
  Reader(const uint8_t* p, Uint n) : start_(p), p_(p), end_(p + n) {}
  Uint left() const { return Uint(end_ - p_); }
  bool has(Uint n) const { return left() >= n; }
  Uint consumed() const { return Uint(p_ - start_); }
  const uint8_t* here() const { return p_; }
  void skip(Uint n) { p_ += n; }
  uint8_t u8() { return *p_++; }
  uint32_t u16() {
    uint32_t v = (uint32_t(p_[0]) << 8) | p_[1];
    p_ += 2;
    return v;
  }
  uint32_t u32() {
    uint32_t v = (uint32_t(p_[0]) << 24) | (uint32_t(p_[1]) << 16) | (uint32_t(p_[2]) << 8) | p_[3];
    p_ += 4;
    return v;
  }
  uint64_t u64() {
    uint64_t hi = u32();
    return (hi << 32) | u32();
  }

 private:
  const uint8_t* start_;
  const uint8_t* p_;
  const uint8_t* end_;
};

// Valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF)
// of at most MAX_ATOM_CHARACTERS characters.
bool valid_atom_utf8(const uint8_t* s, Uint n) {
  Uint chars = 0;
  for (Uint i = 0; i < n; chars++) {
    uint8_t b = s[i];
    Uint len;
    uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b < 0x80) {
      len = 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (Uint k = 1; k < len; k++) {
      uint8_t c = s[i + k];
      if (k == 1 ? (c < lo || c > hi) : (c & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return chars <= MAX_ATOM_CHARACTERS;
}

// FLOAT_EXT text, with the syntax ERTS's sys_chars_to_double accepts:
// [+-]digits(.|,)digits[(e|E)[+-]digits], nothing else before the NUL.
// Overflow is an error; underflow gives what strtod gives (0.0 or a
// denormal).
bool parse_float_text(const uint8_t* raw, double* out) {
  char buf[FLOAT_EXT_TEXT + 1];
  std::memcpy(buf, raw, FLOAT_EXT_TEXT);
  buf[FLOAT_EXT_TEXT] = '\0';
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  char* s = buf;
  if (*s == '+' || *s == '-') s++;
  if (!digit(*s)) return false;
  while (digit(*s)) s++;
  if (*s != '.' && *s != ',') return false;
  *s++ = '.';
  if (!digit(*s)) return false;
  while (digit(*s)) s++;
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '+' || *s == '-') s++;
    if (!digit(*s)) return false;
    while (digit(*s)) s++;
  }
  if (*s != '\0') return false;
  // strtod in the C locale whatever the process locale is.
  static locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t(0));
  errno = 0;
  char* end = nullptr;
  double d = strtod_l(buf, &end, c_locale);
  if (end != s || !std::isfinite(d)) return false;
  *out = d;
  return true;
}

// Pending work: decode terms into n slots, `stride` words apart, starting
// at `dest` (containers push one item for all their elements, so the stack
// does not grow with their size); or make the map of n pairs gathered at
// kv (key, value, key, value, ...) and store it at dest.
struct Work {
  enum Kind : uint8_t { decode, finish_map };
  Term* dest;
  Term* kv;
  Uint n;
  Uint stride;
  Kind kind;
};

class Decoder {
 public:
  Decoder(Heap& h, const uint8_t* p, Uint n, bool safe) : h_(h), r_(p, n), safe_(safe) {}

  Uint consumed() const { return r_.consumed(); }

  Term run() {
    Term result = NIL;
    push_slots(&result, 1, 1);
    while (!stack_.empty()) {
      Work& w = stack_.back();
      bool ok;
      if (w.kind == Work::decode) {
        // take the first slot; the rest stay for after its subterms
        Term* slot = w.dest;
        w.dest += w.stride;
        if (--w.n == 0) stack_.pop_back();
        ok = decode(slot);
      } else {
        Work fin = w;
        stack_.pop_back();
        ok = finish_map(fin);
      }
      if (!ok) return THE_NON_VALUE;
    }
    return result;
  }

 private:
  void push_slots(Term* first, Uint n, Uint stride) {
    if (n > 0) stack_.push_back({first, nullptr, n, stride, Work::decode});
  }

  // Allocates n words set to [] (so that a failed decode leaves no
  // uninitialised words behind).
  Term* alloc_filled(Uint n) {
    Term* p = h_.alloc(n);
    for (Uint i = 0; i < n; i++) p[i] = NIL;
    return p;
  }

  bool decode(Term* dest) {
    if (!r_.has(1)) return false;
    uint8_t tag = r_.u8();
    switch (tag) {
      case SMALL_INTEGER_EXT:
        if (!r_.has(1)) return false;
        *dest = make_small(r_.u8());
        return true;
      case INTEGER_EXT:
        if (!r_.has(4)) return false;
        *dest = make_small(int32_t(r_.u32()));
        return true;
      case SMALL_BIG_EXT:
      case LARGE_BIG_EXT:
        return decode_big(tag, dest);
      case FLOAT_EXT: {
        double d;
        if (!r_.has(FLOAT_EXT_TEXT) || !parse_float_text(r_.here(), &d)) return false;
        r_.skip(FLOAT_EXT_TEXT);
        *dest = make_float(h_, d);
        return true;
      }
      case NEW_FLOAT_EXT: {
        if (!r_.has(8)) return false;
        uint64_t bits = r_.u64();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        if (!std::isfinite(d)) return false;
        *dest = make_float(h_, d);
        return true;
      }
      case ATOM_EXT:
      case SMALL_ATOM_EXT:
      case ATOM_UTF8_EXT:
      case SMALL_ATOM_UTF8_EXT:
        return decode_atom_body(tag, dest);
      case SMALL_TUPLE_EXT:
        if (!r_.has(1)) return false;
        return decode_tuple(r_.u8(), dest);
      case LARGE_TUPLE_EXT:
        if (!r_.has(4)) return false;
        return decode_tuple(r_.u32(), dest);
      case NIL_EXT:
        *dest = NIL;
        return true;
      case STRING_EXT: {
        if (!r_.has(2)) return false;
        Uint n = r_.u16();
        if (!r_.has(n)) return false;
        *dest = make_byte_list(h_, r_.here(), n);
        r_.skip(n);
        return true;
      }
      case LIST_EXT:
        return decode_list(dest);
      case BINARY_EXT: {
        if (!r_.has(4)) return false;
        Uint n = r_.u32();
        if (!r_.has(n)) return false;
        *dest = new_binary(h_, r_.here(), n);
        r_.skip(n);
        return true;
      }
      case BIT_BINARY_EXT: {
        if (!r_.has(5)) return false;
        Uint n = r_.u32();
        Uint bits = r_.u8();
        // bits used in the last byte: 1..8, or 0 for the empty bitstring
        if (n == 0 ? bits != 0 : (bits == 0 || bits > 8)) return false;
        if (!r_.has(n)) return false;
        *dest = n == 0 ? new_binary(h_, r_.here(), 0)
                       : new_bitstring(h_, r_.here(), 0, (n - 1) * 8 + bits);
        r_.skip(n);
        return true;
      }
      case MAP_EXT:
        return decode_map(dest);
      case NEW_PID_EXT:
      case PID_EXT:
        return decode_pid(tag, dest);
      case NEW_PORT_EXT:
      case PORT_EXT:
      case V4_PORT_EXT:
        return decode_port(tag, dest);
      case NEWER_REFERENCE_EXT:
      case NEW_REFERENCE_EXT:
      case REFERENCE_EXT:
        return decode_ref(tag, dest);
      case NEW_FUN_EXT:
        return decode_fun(dest);
      case EXPORT_EXT:
        return decode_export(dest);
      default:
        // ATOM_CACHE_REF belongs to the distribution header; FUN_EXT is
        // no longer accepted by ERTS either.
        return false;
    }
  }

  // SMALL_BIG_EXT / LARGE_BIG_EXT after the tag. Leading zero bytes are
  // dropped; any sign byte but 0 means negative; small values become
  // small integers.
  bool decode_big(uint8_t tag, Term* dest) {
    Uint n;
    if (tag == SMALL_BIG_EXT) {
      if (!r_.has(2)) return false;
      n = r_.u8();
    } else {
      if (!r_.has(5)) return false;
      n = r_.u32();
    }
    bool negative = r_.u8() != 0;
    if (!r_.has(n)) return false;
    const uint8_t* bytes = r_.here();
    r_.skip(n);
    while (n > 0 && bytes[n - 1] == 0) n--;
    Uint nlimbs = (n + 7) / 8;
    if (nlimbs <= 1) {
      Uint mag = 0;
      for (Uint i = n; i-- > 0;) mag = (mag << 8) | bytes[i];
      if (!negative && mag <= Uint(MAX_SMALL)) {
        *dest = make_small(Sint(mag));
        return true;
      }
      if (negative && mag <= Uint(MAX_SMALL) + 1) {
        *dest = make_small(-Sint(mag));
        return true;
      }
    }
    std::vector<Uint> limbs(nlimbs, 0);
    for (Uint i = 0; i < n; i++) limbs[i / 8] |= Uint(bytes[i]) << (8 * (i % 8));
    *dest = int_from_limbs(h_, limbs.data(), nlimbs, negative);
    return true;
  }

  // An integer term that must be a small integer (fun indices, arities).
  bool decode_small_int(Sint* out) {
    Term t;
    if (!r_.has(1)) return false;
    uint8_t tag = r_.u8();
    switch (tag) {
      case SMALL_INTEGER_EXT:
        if (!r_.has(1)) return false;
        *out = r_.u8();
        return true;
      case INTEGER_EXT:
        if (!r_.has(4)) return false;
        *out = int32_t(r_.u32());
        return true;
      case SMALL_BIG_EXT:
      case LARGE_BIG_EXT:
        if (!decode_big(tag, &t) || !is_small(t)) return false;
        *out = small_value(t);
        return true;
      default:
        return false;
    }
  }

  bool decode_atom(Term* dest) {
    if (!r_.has(1)) return false;
    uint8_t tag = r_.u8();
    switch (tag) {
      case ATOM_EXT:
      case SMALL_ATOM_EXT:
      case ATOM_UTF8_EXT:
      case SMALL_ATOM_UTF8_EXT:
        return decode_atom_body(tag, dest);
      default:
        return false;
    }
  }

  // With safe, only atoms that exist already.
  bool decode_atom_body(uint8_t tag, Term* dest) {
    bool small = tag == SMALL_ATOM_EXT || tag == SMALL_ATOM_UTF8_EXT;
    if (!r_.has(small ? 1 : 2)) return false;
    Uint n = small ? r_.u8() : r_.u16();
    if (!r_.has(n)) return false;
    const uint8_t* s = r_.here();
    r_.skip(n);
    Term a;
    if (tag == ATOM_EXT || tag == SMALL_ATOM_EXT) {
      if (n > MAX_ATOM_CHARACTERS) return false;
      a = safe_ ? atom_get_latin1(s, n) : atom_put_latin1(s, n);
    } else {
      if (!valid_atom_utf8(s, n)) return false;
      std::string_view name(reinterpret_cast<const char*>(s), n);
      a = safe_ ? atom_get(name) : atom_put(name);
    }
    if (!is_value(a)) return false;
    *dest = a;
    return true;
  }

  bool decode_tuple(Uint n, Term* dest) {
    if (!r_.has(n)) return false;  // each element takes a byte at least
    Term* p = alloc_filled(n + 1);
    p[0] = make_header(n, SUB_TUPLE);
    *dest = make_boxed(p);
    push_slots(p + 1, n, 1);
    return true;
  }

  bool decode_list(Term* dest) {
    if (!r_.has(4)) return false;
    Uint n = r_.u32();
    if (!r_.has(n + 1)) return false;  // n elements and the tail
    if (n == 0) {
      // no cells: the term is the tail itself
      push_slots(dest, 1, 1);
      return true;
    }
    Term* cells = alloc_filled(2 * n);
    for (Uint i = 0; i + 1 < n; i++) cells[2 * i + 1] = make_list(cells + 2 * i + 2);
    *dest = make_list(cells);
    push_slots(cells + 2 * n - 1, 1, 1);  // the tail, decoded last
    push_slots(cells, n, 2);
    return true;
  }

  bool decode_map(Term* dest) {
    if (!r_.has(4)) return false;
    Uint n = r_.u32();
    if (n > r_.left() / 2) return false;  // a key and a value per pair
    if (n == 0) {
      *dest = map_new_empty(h_);
      return true;
    }
    // Keys and values are gathered in scratch words on the heap (garbage
    // once the map is built) and made into a map when all are decoded.
    Term* kv = alloc_filled(2 * n);
    stack_.push_back({dest, kv, n, 0, Work::finish_map});
    push_slots(kv, 2 * n, 1);
    return true;
  }

  bool finish_map(const Work& w) {
    keys_.resize(w.n);
    values_.resize(w.n);
    for (Uint i = 0; i < w.n; i++) {
      keys_[i] = w.kv[2 * i];
      values_[i] = w.kv[2 * i + 1];
    }
    Term m = map_from_pairs(h_, keys_.data(), values_.data(), w.n);
    if (map_size(m) != w.n) return false;  // a key given twice
    *w.dest = m;
    return true;
  }

  // The node and creation of a pid/port/ref name this node if the node is
  // this_node() and the creation is this node's or 0 (unknown creation).
  static bool is_this_node(Term node, Uint creation) {
    return node == this_node() && (creation == this_creation() || creation == 0);
  }

  Term* alloc_external(Subtag sub, Term node, Uint creation, Uint data_len) {
    Term* p = h_.alloc(EXTERNAL_FIXED_WORDS + data_len);
    auto* e = reinterpret_cast<ExternalThing*>(p);
    e->header = make_header(EXTERNAL_FIXED_WORDS - 1 + data_len, sub);
    e->node = node;
    e->creation = creation;
    e->data_len = data_len;
    return p;
  }

  bool decode_pid(uint8_t tag, Term* dest) {
    Term node;
    if (!decode_atom(&node)) return false;
    if (!r_.has(tag == NEW_PID_EXT ? 12 : 9)) return false;
    Uint number = r_.u32();
    Uint serial = r_.u32();
    Uint creation = tag == NEW_PID_EXT ? r_.u32() : r_.u8();
    if (tag == PID_EXT && creation > MAX_OLD_CREATION) return false;
    if (is_this_node(node, creation)) {
      if (number > MAX_LOCAL_PID_NUMBER) return false;
      *dest = make_local_pid((serial << PID_NUMBER_BITS) | number);
      return true;
    }
    Term* p = alloc_external(SUB_EXT_PID, node, creation, 2);
    auto* e = reinterpret_cast<ExternalThing*>(p);
    e->data[0] = number;
    e->data[1] = serial;
    *dest = make_boxed(p);
    return true;
  }

  bool decode_port(uint8_t tag, Term* dest) {
    Term node;
    if (!decode_atom(&node)) return false;
    Uint id, creation;
    if (tag == V4_PORT_EXT) {
      if (!r_.has(12)) return false;
      id = r_.u64();
      creation = r_.u32();
    } else if (tag == NEW_PORT_EXT) {
      if (!r_.has(8)) return false;
      id = r_.u32();
      creation = r_.u32();
    } else {
      if (!r_.has(5)) return false;
      id = r_.u32();
      creation = r_.u8();
      if (creation > MAX_OLD_CREATION) return false;
    }
    if (is_this_node(node, creation)) {
      if (id > MAX_LOCAL_PORT_ID) return false;
      *dest = make_local_port(id);
      return true;
    }
    Term* p = alloc_external(SUB_EXT_PORT, node, creation, 1);
    reinterpret_cast<ExternalThing*>(p)->data[0] = id;
    *dest = make_boxed(p);
    return true;
  }

  bool decode_ref(uint8_t tag, Term* dest) {
    Uint n = 1;
    Term node;
    Uint creation = 0;
    if (tag == REFERENCE_EXT) {
      if (!decode_atom(&node) || !r_.has(5)) return false;
    } else {
      if (!r_.has(2)) return false;
      n = r_.u16();
      if (!decode_atom(&node)) return false;
      if (tag == NEWER_REFERENCE_EXT) {
        if (!r_.has(4)) return false;
        creation = r_.u32();
      }
    }
    if (tag == REFERENCE_EXT) {
      uint32_t id = r_.u32();
      creation = r_.u8();
      if (creation > MAX_OLD_CREATION) return false;
      return build_ref(node, creation, &id, 1, dest);
    }
    if (tag == NEW_REFERENCE_EXT) {
      if (!r_.has(1)) return false;
      creation = r_.u8();
      if (creation > MAX_OLD_CREATION) return false;
    }
    if (n > MAX_EXTERNAL_REF_WORDS || !r_.has(4 * n)) return false;
    uint32_t words[MAX_EXTERNAL_REF_WORDS];
    for (Uint i = 0; i < n; i++) words[i] = r_.u32();
    return build_ref(node, creation, words, n, dest);
  }

  bool build_ref(Term node, Uint creation, const uint32_t* words, Uint n, Term* dest) {
    if (is_this_node(node, creation)) {
      // Local refs have three words, the first of 18 bits; shorter ones
      // are padded with zeros, as ERTS does.
      if (n == 0 || n > LOCAL_REF_WORDS || words[0] > MAX_LOCAL_REF_WORD0) return false;
      if (n == LOCAL_REF_WORDS) {
        // a live resource that term_to_binary encoded comes back as itself
        if (Resource* res = resource_find_published(words)) {
          *dest = resource_make_term(h_, resource_object(res));
          resource_release_header(res);  // the term holds its own
          return true;
        }
      }
      auto* r = reinterpret_cast<RefThing*>(h_.alloc(REF_WORDS));
      r->header = make_header(REF_WORDS - 1, SUB_REF);
      for (Uint i = 0; i < 4; i++) r->num[i] = i < n ? words[i] : 0;
      *dest = make_boxed(reinterpret_cast<Term*>(r));
      return true;
    }
    Term* p = alloc_external(SUB_EXT_REF, node, creation, n);
    auto* e = reinterpret_cast<ExternalThing*>(p);
    for (Uint i = 0; i < n; i++) e->data[i] = words[i];
    *dest = make_boxed(p);
    return true;
  }

  bool decode_fun(Term* dest) {
    if (!r_.has(4 + 1 + 16 + 4 + 4)) return false;
    r_.skip(4);  // total size: ERTS does not check it either
    Uint arity = r_.u8();
    uint8_t md5[16];
    std::memcpy(md5, r_.here(), 16);
    r_.skip(16);
    Uint index = r_.u32();
    Uint num_free = r_.u32();
    if (!r_.has(num_free)) return false;
    Term module;
    Sint old_index, old_uniq;
    if (!decode_atom(&module) || !decode_small_int(&old_index) || !decode_small_int(&old_uniq))
      return false;
    if (old_index < 0 || Uint(old_index) != index || old_uniq < 0 || old_uniq > Sint(UINT32_MAX))
      return false;
    FunEntry* fe = etf_fun_entry(module, index, uint32_t(old_uniq), md5, arity + num_free, num_free);
    Term* p = alloc_filled(FUN_FIXED_WORDS + num_free);
    auto* f = reinterpret_cast<FunThing*>(p);
    f->header = make_header(FUN_FIXED_WORDS - 1 + num_free, SUB_FUN);
    f->entry = fe;
    f->arity = arity;
    f->num_free = num_free;
    *dest = make_boxed(p);
    // creator first, then the free variables in order
    push_slots(f->env, num_free, 1);
    push_slots(&f->creator, 1, 1);
    return true;
  }

  bool decode_export(Term* dest) {
    Term module, function;
    Sint arity;
    if (!decode_atom(&module) || !decode_atom(&function) || !decode_small_int(&arity))
      return false;
    if (arity < 0 || arity > Sint(UINT32_MAX)) return false;
    // With safe, only functions that the code index knows already.
    Export* ep = safe_ ? export_get(module, function, Uint(arity))
                       : export_put(module, function, Uint(arity));
    if (!ep) return false;
    auto* x = reinterpret_cast<ExportThing*>(h_.alloc(EXPORT_THING_WORDS));
    x->header = make_header(EXPORT_THING_WORDS - 1, SUB_EXPORT);
    x->ep = ep;
    *dest = make_boxed(reinterpret_cast<Term*>(x));
    return true;
  }

  Heap& h_;
  Reader r_;
  bool safe_;
  std::vector<Work> stack_;
  std::vector<Term> keys_, values_;  // finish_map's scratch
};

// Inflates exactly `size` bytes from a zlib stream; *consumed receives the
// input bytes up to the end of the stream. Output grows with what the
// stream really yields, so a lying size cannot make us allocate it.
bool inflate_exact(const uint8_t* in, Uint in_size, Uint size, std::vector<uint8_t>& out,
                   Uint* consumed) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return false;
  zs.next_in = const_cast<uint8_t*>(in);
  zs.avail_in = uInt(std::min<Uint>(in_size, UINT32_MAX));
  bool ok = false;
  Uint pos = 0;
  for (;;) {
    if (pos == out.size()) {
      if (out.size() == size) {
        // All expected bytes are here: the stream must end now.
        uint8_t extra;
        zs.next_out = &extra;
        zs.avail_out = 1;
        int ret = inflate(&zs, Z_NO_FLUSH);
        ok = ret == Z_STREAM_END && zs.avail_out == 1;
        break;
      }
      out.resize(std::min<Uint>(size, std::max<Uint>(out.size() * 2, 4096)));
    }
    zs.next_out = out.data() + pos;
    zs.avail_out = uInt(out.size() - pos);
    int ret = inflate(&zs, Z_NO_FLUSH);
    pos = out.size() - zs.avail_out;
    if (ret == Z_STREAM_END) {
      ok = pos == size;
      break;
    }
    if (ret != Z_OK) break;  // corrupt or truncated
  }
  *consumed = zs.total_in;
  inflateEnd(&zs);
  return ok;
}

}  // namespace

Term etf_decode(Heap& h, const uint8_t* data, Uint size, const EtfDecodeOptions& opts,
                Uint* used) {
  if (size < 1 || data[0] != VERSION_MAGIC) return THE_NON_VALUE;
  if (size >= 6 && data[1] == COMPRESSED) {
    Uint expect = (Uint(data[2]) << 24) | (Uint(data[3]) << 16) | (Uint(data[4]) << 8) | data[5];
    std::vector<uint8_t> raw;
    Uint zused;
    if (!inflate_exact(data + 6, size - 6, expect, raw, &zused)) return THE_NON_VALUE;
    Decoder d(h, raw.data(), raw.size(), opts.safe);
    Term t = d.run();
    if (is_value(t) && used) *used = 6 + zused;
    return t;
  }
  Decoder d(h, data + 1, size - 1, opts.safe);
  Term t = d.run();
  if (is_value(t) && used) *used = 1 + d.consumed();
  return t;
}

}  // namespace girder
