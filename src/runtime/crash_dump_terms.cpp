// Terms in erl_crash.dump (=proc_heap, =literals, =binary): ERTS's compact
// notation, one line per object, as crashdump_viewer reads it back:
//   <addr>:t<arity>:<e1>,...,<en>     tuple
//   <addr>:l<head>|<tail>             list cell
//   <addr>:F<len>:<digits>            float
//   <addr>:B<decimal>                 bignum
//   <addr>:Yh<size>:<base64>          heap binary
//   <addr>:Yc<binary>:<offset>:<size> refc binary (bytes in =binary:<binary>)
//   <addr>:Ys<orig>:<offset>:<size>   sub-binary of a refc or heap binary
//   <addr>:Mf<n>:<keys>:<v1>,...      flatmap (keys: a tuple element)
//   <addr>:Mh<size>:<n>:<c1>,...      hash-trie root, Mn<n>:... inner node
//   <addr>:P<pid> / p<port>           external pid / port
//   <addr>:E<len>:<base64>            anything else, in the external format
// Numbers are hex (sizes, addresses) except small integers and bignums.
#include <cinttypes>

#include "etf/etf.h"
#include "runtime/crash_dump_internal.h"
#include "term/atom_table.h"
#include "term/literal_region.h"
#include "term/map_internal.h"
#include "term/print.h"

namespace girder {

std::string dump_atom(Term a) {
  std::string_view name = atom_name(a);
  auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  bool quote = name.empty() || !(name[0] >= 'a' && name[0] <= 'z');
  for (char c : name) quote = quote || !plain(c);
  if (!quote) return std::string(name);
  std::string s = "'";
  for (char c : name) {
    if (c == '\\' || c == '\'') s += '\\';
    s += c;
  }
  return s + "'";
}

std::string dump_base64(const uint8_t* bytes, size_t n) {
  static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((n + 2) / 3 * 4);
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = uint32_t(bytes[i]) << 16;
    if (i + 1 < n) v |= uint32_t(bytes[i + 1]) << 8;
    if (i + 2 < n) v |= bytes[i + 2];
    out += digits[(v >> 18) & 63];
    out += digits[(v >> 12) & 63];
    out += i + 1 < n ? digits[(v >> 6) & 63] : '=';
    out += i + 2 < n ? digits[v & 63] : '=';
  }
  return out;
}

namespace {

Uint address_of(Term t) { return t & ~TAG_PRIMARY_MASK; }

}  // namespace

void TermWriter::element(Term t) {
  if (is_list(t) || is_boxed(t)) {
    std::fprintf(f_, "H%" PRIX64, address_of(t));
    (is_literal(t) ? literals_ : pending_).push_back(t);
  } else if (is_atom(t)) {
    std::string_view name = atom_name(t);
    std::fprintf(f_, "A%zX:", name.size());
    std::fwrite(name.data(), 1, name.size(), f_);
  } else if (is_small(t)) {
    std::fprintf(f_, "I%" PRId64, small_value(t));
  } else if (is_local_pid(t)) {
    std::fprintf(f_, "P%s", term_to_text(t).c_str());
  } else if (is_local_port(t)) {
    std::fprintf(f_, "p<0.%" PRIu64 ">", local_port_data(t));
  } else {
    // [] (and, defensively, anything that is no term: ERTS's "N" too)
    std::fputc('N', f_);
  }
}

void TermWriter::walk(std::vector<Term>& work, std::unordered_set<Uint>& seen) {
  while (!work.empty()) {
    Term t = work.back();
    work.pop_back();
    if (seen.insert(address_of(t)).second) object_line(t);
  }
}

void TermWriter::heap_lines() {
  std::unordered_set<Uint> seen;
  walk(pending_, seen);
}

void TermWriter::literal_lines() {
  std::fprintf(f_, "=literals\n");
  walk(literals_, literals_seen_);
}

void TermWriter::binary_sections() {
  for (const Binary* b : binary_order_) {
    Uint n = binaries_[b];
    std::fprintf(f_, "=binary:%" PRIX64 "\n%" PRIX64 ":%s\n", Uint(reinterpret_cast<uintptr_t>(b)), n,
                 dump_base64(b->data, n).c_str());
  }
}

const Binary* TermWriter::note_binary(const ProcBin* pb, Uint end) {
  auto [it, fresh] = binaries_.emplace(pb->val, end);
  if (fresh) binary_order_.push_back(pb->val);
  else if (it->second < end) it->second = end;
  return pb->val;
}

void TermWriter::object_line(Term t) {
  std::fprintf(f_, "%" PRIX64 ":", address_of(t));
  if (is_list(t)) {
    std::fputc('l', f_);
    element(car(t));
    std::fputc('|', f_);
    element(cdr(t));
  } else {
    boxed_line(t, boxed_ptr(t));
  }
  std::fputc('\n', f_);
}

void TermWriter::boxed_line(Term t, const Term* obj) {
  Uint arity = header_arity(obj[0]);
  switch (header_subtag(obj[0])) {
    case SUB_TUPLE:
      std::fprintf(f_, "t%" PRIX64 ":", arity);
      for (Uint i = 1; i <= arity; i++) {
        if (i > 1) std::fputc(',', f_);
        element(obj[i]);
      }
      return;
    case SUB_FLOAT: {
      // ERTS's sys_double_to_chars: what list_to_float/1 reads back
      char digits[64];
      int n = std::snprintf(digits, sizeof digits, "%.20e", float_value(t));
      std::fprintf(f_, "F%X:%s", n, digits);
      return;
    }
    case SUB_POS_BIG:
    case SUB_NEG_BIG:
      std::fprintf(f_, "B%s", term_to_text(t).c_str());
      return;
    case SUB_HEAP_BIN:
    case SUB_REFC_BIN:
    case SUB_SUB_BIN:
    case SUB_MATCH_CTX:
      bits_line(t, obj);
      return;
    case SUB_MAP:
      map_line(obj);
      return;
    case SUB_EXT_PID:
      std::fprintf(f_, "P%s", term_to_text(t).c_str());
      return;
    case SUB_EXT_PORT:
      std::fprintf(f_, "p%s", term_to_text(t).c_str());
      return;
    default:  // references, funs, external references
      external_line(t);
      return;
  }
}

void TermWriter::bits_line(Term t, const Term* obj) {
  switch (header_subtag(obj[0])) {
    case SUB_HEAP_BIN: {
      auto* hb = reinterpret_cast<const HeapBin*>(obj);
      std::fprintf(f_, "Yh%" PRIX64 ":%s", hb->size, dump_base64(hb->data, hb->size).c_str());
      return;
    }
    case SUB_REFC_BIN: {
      auto* pb = reinterpret_cast<const ProcBin*>(obj);
      Uint offset = Uint(pb->bytes - pb->val->data);
      const Binary* b = note_binary(pb, offset + pb->size);
      std::fprintf(f_, "Yc%" PRIX64 ":%" PRIX64 ":%" PRIX64, Uint(reinterpret_cast<uintptr_t>(b)), offset,
                   pb->size);
      return;
    }
    case SUB_SUB_BIN: {
      auto* sb = reinterpret_cast<const SubBin*>(obj);
      if (sb->bitsize != 0 || sb->bitoffs != 0) break;  // not whole bytes
      if (is_boxed_of(sb->orig, SUB_REFC_BIN)) {
        // the offset from the start of the Binary, which is what the
        // viewer takes it as
        auto* pb = reinterpret_cast<const ProcBin*>(boxed_ptr(sb->orig));
        Uint offset = Uint(pb->bytes - pb->val->data) + sb->offs;
        const Binary* b = note_binary(pb, offset + sb->size);
        std::fprintf(f_, "Ys%" PRIX64 ":%" PRIX64 ":%" PRIX64, Uint(reinterpret_cast<uintptr_t>(b)), offset,
                     sb->size);
      } else {
        // of a heap binary: that binary's own line holds the bytes
        std::fprintf(f_, "Ys%" PRIX64 ":%" PRIX64 ":%" PRIX64, address_of(sb->orig), sb->offs, sb->size);
        (is_literal(sb->orig) ? literals_ : pending_).push_back(sb->orig);
      }
      return;
    }
    default: {
      // a match context: the part of its binary not yet matched
      auto* mc = reinterpret_cast<const MatchCtx*>(obj);
      Heap tmp;
      external_line(new_bitstring(tmp, orig_bytes(mc->orig), mc->offset, mc->end - mc->offset));
      return;
    }
  }
  external_line(t);
}

void TermWriter::map_line(const Term* obj) {
  const Term* items;
  Uint n;
  if (!mapi::is_hamt(obj)) {
    n = mapi::flat_size(obj);
    std::fprintf(f_, "Mf%" PRIX64 ":", n);
    element(obj[2]);  // the keys tuple
    std::fputc(':', f_);
    items = mapi::flat_values(obj);
  } else {
    n = mapi::child_count(obj);
    if (mapi::is_head(obj)) {
      std::fprintf(f_, "Mh%" PRIX64 ":%" PRIX64 ":", mapi::hamt_size(obj), n);
    } else {
      std::fprintf(f_, "Mn%" PRIX64 ":", n);
    }
    items = mapi::children(obj);
  }
  for (Uint i = 0; i < n; i++) {
    if (i > 0) std::fputc(',', f_);
    element(items[i]);
  }
}

void TermWriter::external_line(Term t) {
  std::vector<Term> fun_copy;
  if (is_fun(t)) {
    // As ERTS does: the captured values are left out (as []), so that a
    // large environment does not make a large line the viewer cannot show.
    const FunThing* fun = fun_thing(t);
    const Term* words = boxed_ptr(t);
    fun_copy.assign(words, words + FUN_FIXED_WORDS);
    fun_copy.resize(FUN_FIXED_WORDS + fun->num_free, NIL);
    t = make_boxed(fun_copy.data());
  }
  std::vector<uint8_t> bytes;
  if (!etf_encode(t, EtfEncodeOptions{}, bytes)) {
    // cannot happen for a valid term; an atom keeps the line readable
    static const char name[] = "girder_unencodable";
    bytes = {131, 119, uint8_t(sizeof name - 1)};
    bytes.insert(bytes.end(), name, name + sizeof name - 1);
  }
  std::fprintf(f_, "E%zX:%s", bytes.size(), dump_base64(bytes.data(), bytes.size()).c_str());
}

}  // namespace girder
