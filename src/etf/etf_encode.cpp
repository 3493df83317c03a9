// term_to_binary: the encoder.
//
// One walk over the term with an explicit work stack (no C recursion, so a
// list nested a million deep encodes like any other). The walk writes into
// a Sink that either appends bytes or only counts them, so that
// external_size/1 and term_to_binary share every decision about which tag
// a term gets. The choices are ERTS 13's (checked against erl):
//   integers 0..255 SMALL_INTEGER_EXT, other 32-bit INTEGER_EXT, else
//   SMALL_BIG_EXT / LARGE_BIG_EXT; floats NEW_FLOAT_EXT (FLOAT_EXT text
//   with minor_version 0); atoms ATOM_EXT when Latin-1 and minor_version
//   < 2, else SMALL_ATOM_UTF8_EXT / ATOM_UTF8_EXT; proper lists of at most
//   65535 bytes STRING_EXT; pids NEW_PID_EXT; ports NEW_PORT_EXT, or
//   V4_PORT_EXT when the id needs more than 28 bits; refs
//   NEWER_REFERENCE_EXT; maps in map_foreach_listed order (ERTS's: key
//   order for a flatmap, the reverse of iteration order for a hash trie)
//   or, deterministic, sorted in map key order.
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "etf/etf.h"
#include "etf/etf_tags.h"
#include "term/atom_table.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/compare.h"
#include "term/float_format.h"
#include "term/map.h"
#include "term/resource.h"

namespace girder {

namespace {

using namespace etf;

// Largest port id that NEW_PORT_EXT carries; larger ids need V4_PORT_EXT.
constexpr Uint MAX_V3_PORT_ID = 0x0FFFFFFF;
// Longest list of bytes written as STRING_EXT.
constexpr Uint MAX_STRING_EXT_LEN = 0xFFFF;

// Where encoded bytes go: a buffer, or nowhere (only counted). In iovec
// mode large binaries become pieces of their own instead of bytes.
class Sink {
 public:
  Sink(std::vector<uint8_t>* buf, std::vector<EtfIovPiece>* pieces)
      : buf_(buf), pieces_(pieces) {}

  Uint pos() const { return count_; }
  void u8(uint8_t b) {
    if (buf_) buf_->push_back(b);
    count_++;
  }
  void u16(uint32_t v) {
    u8(uint8_t(v >> 8));
    u8(uint8_t(v));
  }
  void u32(uint32_t v) {
    u16(v >> 16);
    u16(v & 0xFFFF);
  }
  void u64(uint64_t v) {
    u32(uint32_t(v >> 32));
    u32(uint32_t(v));
  }
  void bytes(const uint8_t* p, Uint n) {
    if (buf_) buf_->insert(buf_->end(), p, p + n);
    count_ += n;
  }
  // n zeroed bytes to fill in place; nullptr when only counting.
  uint8_t* reserve(Uint n) {
    count_ += n;
    if (!buf_) return nullptr;
    buf_->resize(buf_->size() + n, 0);
    return buf_->data() + buf_->size() - n;
  }
  // Where the next byte goes in the buffer (differs from pos() once a
  // binary has been referenced in iovec mode).
  Uint buf_pos() const { return buf_ ? buf_->size() : 0; }
  void patch_u32(Uint buf_at, uint32_t v) {
    if (!buf_) return;
    uint8_t* p = buf_->data() + buf_at;
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
  }
  // In iovec mode, the whole bytes of a large aligned binary become a
  // piece referring to the binary; returns false if they must be copied.
  bool reference(Term bin, Uint nbytes) {
    if (!pieces_ || nbytes <= HEAP_BIN_LIMIT) return false;
    cut();
    pieces_->push_back(EtfIovPiece{0, 0, bin, nbytes});
    count_ += nbytes;
    return true;
  }
  // Closes the pending byte range as a piece (iovec mode).
  void cut() {
    if (!pieces_ || !buf_) return;
    if (buf_->size() > cut_) pieces_->push_back(EtfIovPiece{cut_, buf_->size(), THE_NON_VALUE, 0});
    cut_ = buf_->size();
  }

 private:
  std::vector<uint8_t>* buf_;
  std::vector<EtfIovPiece>* pieces_;
  Uint count_ = 0;
  Uint cut_ = 0;
};

// Pending work of the walk.
enum class Op : uint8_t {
  term,          // encode t
  cons,          // t is a cons cell: encode its head, then continue with its tail
  tuple_elems,   // encode element aux (1-based) of tuple t, then the rest
  map_pairs,     // encode pair t of pairs_ (key, then value), then the
                 // aux - 1 pairs after it
  fun_size,      // patch NEW_FUN_EXT's size field: at buffer index aux,
                 // the field started at logical position t
};
struct Work {
  Term t;
  Uint aux;
  Op op;
};

class Encoder {
 public:
  Encoder(const EtfEncodeOptions& opts, Sink& out) : opts_(opts), out_(out) {}

  // Extra bytes that ERTS's size estimate counts (see etf_external_size).
  Uint estimate_extra = 0;

  bool run(Term root) {
    stack_.push_back({root, 0, Op::term});
    while (!stack_.empty()) {
      Work w = stack_.back();
      stack_.pop_back();
      switch (w.op) {
        case Op::term:
          if (!encode(w.t)) return false;
          break;
        case Op::cons: {
          Term tail = cdr(w.t);
          stack_.push_back({tail, 0, is_list(tail) ? Op::cons : Op::term});
          if (!encode(car(w.t))) return false;
          break;
        }
        case Op::tuple_elems: {
          if (w.aux < tuple_arity(w.t)) stack_.push_back({w.t, w.aux + 1, Op::tuple_elems});
          if (!encode(tuple_elem(w.t, w.aux))) return false;
          break;
        }
        case Op::map_pairs: {
          auto [key, value] = pairs_[w.t];
          if (w.aux > 1) stack_.push_back({w.t + 1, w.aux - 1, Op::map_pairs});
          stack_.push_back({value, 0, Op::term});
          if (!encode(key)) return false;
          break;
        }
        case Op::fun_size:
          out_.patch_u32(w.aux, uint32_t(out_.pos() - w.t));
          break;
      }
    }
    return true;
  }

 private:
  bool encode(Term t) {
    switch (primary_tag(t)) {
      case TAG_PRIMARY_LIST:
        encode_list(t);
        return true;
      case TAG_PRIMARY_BOXED:
        return encode_boxed(t);
      case TAG_PRIMARY_IMMED1:
        break;
      default:
        return false;
    }
    if (is_small(t)) {
      encode_sint(small_value(t));
    } else if (is_atom(t)) {
      encode_atom(t);
    } else if (is_nil(t)) {
      out_.u8(NIL_EXT);
    } else if (is_local_pid(t)) {
      encode_pid(this_node(), pid_number(t), pid_serial(t), this_creation());
    } else if (is_local_port(t)) {
      encode_port(this_node(), local_port_data(t), this_creation());
    } else {
      return false;  // catch markers are not terms
    }
    return true;
  }

  void encode_sint(Sint v) {
    if (v >= 0 && v < 256) {
      out_.u8(SMALL_INTEGER_EXT);
      out_.u8(uint8_t(v));
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      out_.u8(INTEGER_EXT);
      out_.u32(uint32_t(int32_t(v)));
    } else {
      Uint mag = v < 0 ? Uint(0) - Uint(v) : Uint(v);
      encode_magnitude(&mag, 1, v < 0);
    }
  }

  // SMALL_BIG_EXT or LARGE_BIG_EXT of a magnitude in 64-bit limbs (least
  // significant first, top limb non-zero).
  void encode_magnitude(const Uint* limbs, Uint n, bool negative) {
    Uint top = limbs[n - 1];
    Uint top_bytes = 0;
    while (top) {
      top_bytes++;
      top >>= 8;
    }
    Uint nbytes = (n - 1) * 8 + top_bytes;
    if (nbytes < 256) {
      out_.u8(SMALL_BIG_EXT);
      out_.u8(uint8_t(nbytes));
    } else {
      out_.u8(LARGE_BIG_EXT);
      out_.u32(uint32_t(nbytes));
    }
    out_.u8(negative ? 1 : 0);
    uint8_t* dst = out_.reserve(nbytes);
    if (!dst) return;
    for (Uint i = 0; i < nbytes; i++) dst[i] = uint8_t(limbs[i / 8] >> (8 * (i % 8)));
  }

  void encode_atom(Term a) {
    std::string_view name = atom_name(a);
    if (opts_.minor_version < 2 && atom_is_latin1(a)) {
      // Latin-1 text: each character is one byte.
      out_.u8(ATOM_EXT);
      out_.u16(uint32_t(atom_char_count(a)));
      for (Uint i = 0; i < name.size(); i++) {
        uint8_t c = uint8_t(name[i]);
        if (c >= 0x80) {
          c = uint8_t((c << 6) | (uint8_t(name[i + 1]) & 0x3F));
          i++;
        }
        out_.u8(c);
      }
      return;
    }
    if (name.size() < 256) {
      out_.u8(SMALL_ATOM_UTF8_EXT);
      out_.u8(uint8_t(name.size()));
    } else {
      out_.u8(ATOM_UTF8_EXT);
      out_.u16(uint32_t(name.size()));
    }
    out_.bytes(reinterpret_cast<const uint8_t*>(name.data()), name.size());
  }

  void encode_pid(Term node, Uint number, Uint serial, Uint creation) {
    out_.u8(NEW_PID_EXT);
    encode_atom(node);
    out_.u32(uint32_t(number));
    out_.u32(uint32_t(serial));
    out_.u32(uint32_t(creation));
  }

  void encode_port(Term node, Uint id, Uint creation) {
    if (id > MAX_V3_PORT_ID) {
      out_.u8(V4_PORT_EXT);
      encode_atom(node);
      out_.u64(id);
    } else {
      out_.u8(NEW_PORT_EXT);
      encode_atom(node);
      out_.u32(uint32_t(id));
    }
    out_.u32(uint32_t(creation));
  }

  // NEWER_REFERENCE_EXT up to the id words, which the caller writes.
  void encode_ref_head(Term node, Uint creation, Uint n) {
    out_.u8(NEWER_REFERENCE_EXT);
    out_.u16(uint32_t(n));
    encode_atom(node);
    out_.u32(uint32_t(creation));
  }

  void encode_list(Term t) {
    // A proper list of bytes short enough is a STRING_EXT; otherwise the
    // cells up to the first non-list tail are counted for LIST_EXT.
    Uint len = 0;
    Term l = t;
    while (is_list(l) && is_small(car(l)) && Uint(small_value(car(l))) < 256) {
      len++;
      l = cdr(l);
    }
    if (is_nil(l) && len <= MAX_STRING_EXT_LEN) {
      out_.u8(STRING_EXT);
      out_.u16(uint32_t(len));
      uint8_t* dst = out_.reserve(len);
      if (dst)
        for (Term c = t; is_list(c); c = cdr(c)) *dst++ = uint8_t(small_value(car(c)));
      return;
    }
    while (is_list(l)) {
      len++;
      l = cdr(l);
    }
    out_.u8(LIST_EXT);
    out_.u32(uint32_t(len));
    stack_.push_back({t, 0, Op::cons});
  }

  bool encode_boxed(Term t) {
    Term hdr = boxed_header(t);
    switch (header_subtag(hdr)) {
      case SUB_TUPLE: {
        Uint n = header_arity(hdr);
        if (n < 256) {
          out_.u8(SMALL_TUPLE_EXT);
          out_.u8(uint8_t(n));
        } else {
          out_.u8(LARGE_TUPLE_EXT);
          out_.u32(uint32_t(n));
        }
        if (n > 0) stack_.push_back({t, 1, Op::tuple_elems});
        return true;
      }
      case SUB_POS_BIG:
      case SUB_NEG_BIG:
        encode_magnitude(big_limbs(t), big_size(t), big_is_neg(t));
        return true;
      case SUB_FLOAT:
        encode_float(float_value(t));
        return true;
      case SUB_HEAP_BIN:
      case SUB_REFC_BIN:
      case SUB_SUB_BIN:
        encode_bitstring(t);
        return true;
      case SUB_MAP:
        encode_map(t);
        return true;
      case SUB_REF: {
        // a resource is encoded as the reference it shows, and stays
        // findable by binary_to_term while it lives (term/resource.h)
        if (is_resource_ref(t)) resource_publish(resource_ref_thing(t)->resource);
        const auto* r = reinterpret_cast<const RefThing*>(boxed_ptr(t));
        encode_ref_head(this_node(), this_creation(), 3);
        for (int i = 0; i < 3; i++) out_.u32(r->num[i]);
        return true;
      }
      case SUB_EXT_PID:
      case SUB_EXT_PORT:
      case SUB_EXT_REF: {
        const auto* e = reinterpret_cast<const ExternalThing*>(boxed_ptr(t));
        Subtag sub = header_subtag(hdr);
        if (sub == SUB_EXT_PID) {
          encode_pid(e->node, e->data[0], e->data[1], e->creation);
        } else if (sub == SUB_EXT_PORT) {
          encode_port(e->node, e->data[0], e->creation);
        } else {
          encode_ref_head(e->node, e->creation, e->data_len);
          for (Uint i = 0; i < e->data_len; i++) out_.u32(uint32_t(e->data[i]));
        }
        return true;
      }
      case SUB_FUN:
        encode_fun(t);
        return true;
      case SUB_EXPORT: {
        const Export* ep = reinterpret_cast<const ExportThing*>(boxed_ptr(t))->ep;
        out_.u8(EXPORT_EXT);
        encode_atom(ep->module);
        encode_atom(ep->function);
        encode_sint(Sint(ep->arity));
        return true;
      }
      default:
        return false;  // match contexts never escape the code that made them
    }
  }

  void encode_float(double d) {
    if (opts_.minor_version == 0) {
      // 31 bytes of "%.20e" text, NUL padded (FLOAT_EXT).
      out_.u8(FLOAT_EXT);
      std::string text = float_to_text_default(d);
      uint8_t* dst = out_.reserve(31);
      if (dst) std::memcpy(dst, text.data(), std::min<size_t>(text.size(), 31));
      return;
    }
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    out_.u8(NEW_FLOAT_EXT);
    out_.u64(bits);
  }

  void encode_bitstring(Term t) {
    BitView v = bit_view(t);
    Uint nbytes = v.byte_size();
    Uint tail_bits = v.bit_size & 7;
    if (tail_bits == 0) {
      out_.u8(BINARY_EXT);
      out_.u32(uint32_t(nbytes));
    } else {
      out_.u8(BIT_BINARY_EXT);
      out_.u32(uint32_t(nbytes + 1));
      out_.u8(uint8_t(tail_bits));
    }
    if (v.aligned() && out_.reference(t, nbytes)) {
      // the whole bytes are a piece of their own; the last partial byte
      // (if any) is copied into the next piece
      if (tail_bits) {
        uint8_t* dst = out_.reserve(1);
        copy_bits(v.bytes, v.bit_offset + nbytes * 8, dst, 0, tail_bits);
      }
      return;
    }
    // Zeroed first, so the unused bits of a last partial byte stay zero.
    uint8_t* dst = out_.reserve(nbytes + (tail_bits ? 1 : 0));
    if (!dst) return;
    if (v.aligned())
      std::memcpy(dst, v.bytes + v.bit_offset / 8, nbytes + (tail_bits ? 1 : 0));
    else
      copy_bits(v.bytes, v.bit_offset, dst, 0, v.bit_size);
    if (tail_bits) dst[nbytes] &= uint8_t(0xFF << (8 - tail_bits));
  }

  void encode_map(Term m) {
    Uint n = map_size(m);
    out_.u8(MAP_EXT);
    out_.u32(uint32_t(n));
    if (n == 0) return;
    // The pairs are copied out (every map's pairs stay in pairs_ until the
    // walk ends) and encoded one by one from there.
    Uint first = pairs_.size();
    map_foreach_listed(m, [this](Term k, Term v) { pairs_.emplace_back(k, v); });
    if (opts_.deterministic)
      std::stable_sort(pairs_.begin() + first, pairs_.end(), [](const auto& a, const auto& b) {
        return compare_terms(a.first, b.first, true) < 0;
      });
    stack_.push_back({first, n, Op::map_pairs});
  }

  void encode_fun(Term t) {
    const FunThing* f = fun_thing(t);
    const FunEntry* fe = f->entry;
    out_.u8(NEW_FUN_EXT);
    Uint size_at = out_.pos();
    Uint size_buf_at = out_.buf_pos();
    out_.u32(0);  // patched when the free variables are done
    out_.u8(uint8_t(f->arity));
    out_.bytes(fe->md5, 16);
    out_.u32(uint32_t(fe->index));
    out_.u32(uint32_t(f->num_free));
    encode_atom(fe->module);
    encode_counted_as_integer_ext(Sint(fe->index));  // old index = index since OTP 23
    encode_counted_as_integer_ext(Sint(fe->old_uniq));
    stack_.push_back({size_at, size_buf_at, Op::fun_size});
    for (Uint i = f->num_free; i-- > 0;) stack_.push_back({f->env[i], 0, Op::term});
    stack_.push_back({f->creator, 0, Op::term});
  }

  // ERTS's size estimate counts a fun's old index and old uniq as 5 bytes.
  void encode_counted_as_integer_ext(Sint v) {
    Uint before = out_.pos();
    encode_sint(v);
    Uint n = out_.pos() - before;
    if (n < 5) estimate_extra += 5 - n;
  }

  const EtfEncodeOptions& opts_;
  Sink& out_;
  std::vector<Work> stack_;
  std::vector<std::pair<Term, Term>> pairs_;
};

bool encode_plain(Term t, const EtfEncodeOptions& opts, std::vector<uint8_t>& out) {
  out.push_back(VERSION_MAGIC);
  Sink sink(&out, nullptr);
  Encoder enc(opts, sink);
  return enc.run(t);
}

}  // namespace

bool etf_encode(Term t, const EtfEncodeOptions& opts, std::vector<uint8_t>& out) {
  if (opts.compressed == 0) return encode_plain(t, opts, out);
  std::vector<uint8_t> raw;
  if (!encode_plain(t, opts, raw)) return false;
  // ERTS keeps the compressed form only if the zlib stream fits in the
  // uncompressed size minus the 6 bytes of the compressed header, i.e.
  // only if the result is no larger (zlib reports Z_BUF_ERROR otherwise).
  if (raw.size() >= 6) {
    uLongf zlen = uLongf(raw.size() - 6);
    std::vector<uint8_t> z(zlen ? zlen : 1);
    if (compress2(z.data(), &zlen, raw.data() + 1, uLong(raw.size() - 1), opts.compressed) ==
        Z_OK) {
      out.push_back(VERSION_MAGIC);
      out.push_back(COMPRESSED);
      uint32_t n = uint32_t(raw.size() - 1);
      out.push_back(uint8_t(n >> 24));
      out.push_back(uint8_t(n >> 16));
      out.push_back(uint8_t(n >> 8));
      out.push_back(uint8_t(n));
      out.insert(out.end(), z.begin(), z.begin() + zlen);
      return true;
    }
  }
  out.insert(out.end(), raw.begin(), raw.end());
  return true;
}

Uint etf_encoded_size(Term t, const EtfEncodeOptions& opts) {
  Sink sink(nullptr, nullptr);
  Encoder enc(opts, sink);
  if (!enc.run(t)) return 0;
  return 1 + sink.pos();
}

Uint etf_external_size(Term t, const EtfEncodeOptions& opts) {
  Sink sink(nullptr, nullptr);
  Encoder enc(opts, sink);
  if (!enc.run(t)) return 0;
  return 1 + sink.pos() + enc.estimate_extra;
}

bool etf_encode_iov(Term t, const EtfEncodeOptions& opts, std::vector<uint8_t>& out,
                    std::vector<EtfIovPiece>& pieces) {
  out.push_back(VERSION_MAGIC);
  Sink sink(&out, &pieces);
  Encoder enc(opts, sink);
  if (!enc.run(t)) return false;
  sink.cut();
  return true;
}

}  // namespace girder
