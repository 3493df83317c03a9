// io_lib's ~w form of terms (io_lib:write/1, encoding latin1), built with an
// explicit work stack so that deep terms cannot overflow the C stack.
//
// What ~w does, and where it differs from erlang:display/1 (which is
// bif/erlang_terms_display.cpp):
//  - floats: the shortest round-trip form (float_to_list(F, [short])),
//    where display prints "%.6e";
//  - lists of character codes print as lists ([97,98]), binaries as bytes
//    (<<97,98>>); display prints "ab" and <<"ab">> when printable;
//  - maps: #{k => v} with spaces, in maps:iterator order; display prints
//    #{k=>v} and shows the internal nodes of large maps;
//  - atoms are quoted by io_lib's rules (reserved words such as 'after'
//    are quoted, '@' is a name character, characters above 255 print as
//    \x{...}); display uses ERTS's C rules;
//  - funs print as erlang:fun_to_list/1 does, i.e. with display's rules:
//    #Fun<M.Index.Uniq> with the module unquoted, fun M:F/A with ERTS's
//    atom quoting.
// The result is UTF-8: a character of the ~w text above 127 (an atom
// character 128..255) is encoded as two bytes.
#include "term/print.h"

#include <string_view>
#include <vector>

#include "term/atom_table.h"
#include "term/bignum.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/float_format.h"
#include "term/map.h"

namespace girder {

namespace {

void put_utf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out.push_back(char(c));
  } else if (c < 0x800) {
    out.push_back(char(0xC0 | (c >> 6)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(char(0xE0 | (c >> 12)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (c >> 18)));
    out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  }
}

// Code points of an atom name (atom names are valid UTF-8).
std::vector<uint32_t> decode_utf8(std::string_view s) {
  std::vector<uint32_t> cps;
  cps.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = uint8_t(s[i]);
    uint32_t cp;
    size_t len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (size_t k = 1; k < len && i + k < s.size(); k++) cp = (cp << 6) | (uint8_t(s[i + k]) & 0x3F);
    cps.push_back(cp);
    i += len;
  }
  return cps;
}

// erl_scan:reserved_word/1 of OTP 25 (no experimental features enabled)
bool is_reserved_word(std::string_view s) {
  static constexpr std::string_view words[] = {
      "after", "begin", "case", "try",  "cond", "catch", "andalso", "orelse", "end", "fun",
      "if",    "let",   "of",   "receive", "when", "bnot", "not",  "div",    "rem", "band",
      "and",   "bor",   "bxor", "bsl",  "bsr",  "or",    "xor"};
  for (std::string_view w : words) {
    if (w == s) return true;
  }
  return false;
}

// io_lib's name characters (Latin-1)
bool io_lib_lower(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7); }
bool io_lib_name_char(uint32_t c) {
  return io_lib_lower(c) || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
         (c >= '0' && c <= '9') || c == '_' || c == '@';
}

void put_octal3(std::string& out, uint32_t c) {
  out.push_back('\\');
  out.push_back(char('0' + ((c >> 6) & 7)));
  out.push_back(char('0' + ((c >> 3) & 7)));
  out.push_back(char('0' + (c & 7)));
}

// io_lib:write_atom_as_latin1/1
void write_atom(std::string& out, Term a) {
  std::string_view name = atom_name(a);
  std::vector<uint32_t> cs = decode_utf8(name);
  bool quote = cs.empty() || is_reserved_word(name) || !io_lib_lower(cs[0]);
  for (size_t i = 1; !quote && i < cs.size(); i++) quote = !io_lib_name_char(cs[i]);
  if (!quote) {
    for (uint32_t c : cs) put_utf8(out, c);
    return;
  }
  out.push_back('\'');
  for (uint32_t c : cs) {
    switch (c) {
      case '\'': out += "\\'"; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\v': out += "\\v"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case 27: out += "\\e"; continue;
      case 127: out += "\\d"; continue;
      default: break;
    }
    if ((c >= ' ' && c <= '~') || (c >= 0xA0 && c <= 0xFF)) {
      put_utf8(out, c);
    } else if (c > 0xFF) {
      out += "\\x{" + int_to_string(make_small(Sint(c)), 16) + "}";
    } else {
      put_octal3(out, c);
    }
  }
  out.push_back('\'');
}

// ERTS's C printer's Latin-1 classes (used for fun_to_list's atoms)
bool erts_lower(int c) { return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7); }
bool erts_upper(int c) { return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }
bool erts_alnum(int c) { return (c >= '0' && c <= '9') || erts_lower(c) || erts_upper(c); }

// The character ERTS classifies at byte i of a UTF-8 name: a 2-byte
// sequence is decoded, a continuation byte passes as a letter, and the lead
// byte of a 3- or 4-byte sequence forces quoting.
int erts_class_char(std::string_view s, size_t i) {
  unsigned c1 = uint8_t(s[i]);
  if ((c1 & 0x80) == 0) return int(c1);
  if ((c1 & 0xE0) == 0xC0) {
    unsigned c2 = i + 1 < s.size() ? uint8_t(s[i + 1]) : 0;
    return int(((c1 & 0x1F) << 6) | (c2 & 0x3F));
  }
  if ((c1 & 0xC0) == 0x80) return 'a';
  return 0;
}

// Atom as ERTS's C printer writes it (erlang:fun_to_list/1 of fun M:F/A).
void write_atom_erts(std::string& out, Term a) {
  std::string_view s = atom_name(a);
  if (s.empty()) {
    out += "''";
    return;
  }
  bool quote = !erts_lower(erts_class_char(s, 0));
  for (size_t i = 1; !quote && i < s.size(); i++) {
    int c = erts_class_char(s, i);
    quote = !erts_alnum(c) && c != '_';
  }
  if (quote) out.push_back('\'');
  for (size_t i = 0; i < s.size(); i++) {
    unsigned c = uint8_t(s[i]);
    switch (c) {
      case '\'': out += "\\'"; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\f': out += "\\f"; continue;
      case '\t': out += "\\t"; continue;
      case '\r': out += "\\r"; continue;
      case '\b': out += "\\b"; continue;
      case '\v': out += "\\v"; continue;
      default: break;
    }
    if (c < ' ') {
      put_octal3(out, c);
    } else if (c == 0xC2 && i + 1 < s.size() && uint8_t(s[i + 1]) < 0xA0) {
      // U+0080..U+009F: a Latin-1 control character, written in octal
      put_octal3(out, uint8_t(s[i + 1]));
      i++;
    } else {
      out.push_back(char(c));
    }
  }
  if (quote) out.push_back('\'');
}

void put_uint(std::string& out, Uint v) { out += std::to_string(v); }

void write_bitstring(std::string& out, Term t) {
  BitView v = bit_view(t);
  out += "<<";
  Uint bytes = v.byte_size();
  Uint rest = v.bit_size & 7;
  auto byte_at = [&](Uint i) -> unsigned {
    Uint bit = v.bit_offset + i * 8;
    unsigned hi = v.bytes[bit >> 3];
    unsigned sh = unsigned(bit & 7);
    if (sh == 0) return hi;
    return ((hi << sh) | (unsigned(v.bytes[(bit >> 3) + 1]) >> (8 - sh))) & 0xFF;
  };
  for (Uint i = 0; i < bytes; i++) {
    if (i > 0) out.push_back(',');
    put_uint(out, byte_at(i));
  }
  if (rest != 0) {
    // the last `rest` bits as an unsigned number
    unsigned value = 0;
    Uint bit = v.bit_offset + bytes * 8;
    for (Uint k = 0; k < rest; k++, bit++) {
      value = (value << 1) | ((v.bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
    }
    if (bytes > 0) out.push_back(',');
    put_uint(out, value);
    out.push_back(':');
    put_uint(out, rest);
  }
  out += ">>";
}

void write_fun(std::string& out, Term t) {
  if (is_export_fun(t)) {
    const Export* ep = reinterpret_cast<const ExportThing*>(boxed_ptr(t))->ep;
    out += "fun ";
    write_atom_erts(out, ep->module);
    out.push_back(':');
    write_atom_erts(out, ep->function);
    out.push_back('/');
    put_uint(out, ep->arity);
    return;
  }
  const FunEntry* fe = fun_thing(t)->entry;
  out += "#Fun<";
  out += atom_name(fe->module);
  out.push_back('.');
  put_uint(out, fe->index);
  out.push_back('.');
  put_uint(out, fe->old_uniq);
  out.push_back('>');
}

// The node's number in printed external pids, ports and refs: ERTS prints
// its distribution entry's channel, which is the atom index of the node name.
Uint channel_of(const ExternalThing* e) { return atom_index(e->node); }

void write_identifier(std::string& out, Term t) {
  if (is_local_pid(t)) {
    out += "<0.";
    put_uint(out, pid_number(t));
    out.push_back('.');
    put_uint(out, pid_serial(t));
    out.push_back('>');
    return;
  }
  if (is_local_port(t)) {
    out += "#Port<0.";
    put_uint(out, local_port_data(t));
    out.push_back('>');
    return;
  }
  if (is_local_ref(t)) {
    const RefThing* r = reinterpret_cast<const RefThing*>(boxed_ptr(t));
    out += "#Ref<0";
    for (int i = 2; i >= 0; i--) {
      out.push_back('.');
      put_uint(out, r->num[i]);
    }
    out.push_back('>');
    return;
  }
  const ExternalThing* e = reinterpret_cast<const ExternalThing*>(boxed_ptr(t));
  switch (header_subtag(e->header)) {
    case SUB_EXT_PID:
      out.push_back('<');
      put_uint(out, channel_of(e));
      out.push_back('.');
      put_uint(out, e->data[0]);
      out.push_back('.');
      put_uint(out, e->data[1]);
      out.push_back('>');
      break;
    case SUB_EXT_PORT:
      out += "#Port<";
      put_uint(out, channel_of(e));
      out.push_back('.');
      put_uint(out, e->data[0]);
      out.push_back('>');
      break;
    default:
      out += "#Ref<";
      put_uint(out, channel_of(e));
      for (Uint i = e->data_len; i-- > 0;) {
        out.push_back('.');
        put_uint(out, e->data[i] & 0xFFFFFFFFu);
      }
      out.push_back('>');
      break;
  }
}

// One unit of pending work.
struct Work {
  enum Kind : uint8_t { TERM, TEXT, LIST_TAIL, TUPLE_REST } kind;
  Term t;              // TERM: the term; LIST_TAIL: the tail after an element
  const char* text;    // TEXT
  const Term* elems;   // TUPLE_REST: next element
  Uint left;           // TUPLE_REST: elements still to print
};

class Writer {
 public:
  std::string run(Term root) {
    push_term(root);
    while (!stack_.empty()) {
      Work w = stack_.back();
      stack_.pop_back();
      switch (w.kind) {
        case Work::TEXT: out_ += w.text; break;
        case Work::TERM: write(w.t); break;
        case Work::LIST_TAIL:
          if (is_nil(w.t)) break;
          if (is_list(w.t)) {
            out_.push_back(',');
            push_tail(cdr(w.t));
            push_term(car(w.t));
          } else {
            out_.push_back('|');
            push_term(w.t);
          }
          break;
        case Work::TUPLE_REST:
          out_.push_back(',');
          if (w.left > 1) stack_.push_back({Work::TUPLE_REST, 0, nullptr, w.elems + 1, w.left - 1});
          push_term(*w.elems);
          break;
      }
    }
    return std::move(out_);
  }

 private:
  void push_term(Term t) { stack_.push_back({Work::TERM, t, nullptr, nullptr, 0}); }
  void push_text(const char* s) { stack_.push_back({Work::TEXT, 0, s, nullptr, 0}); }
  void push_tail(Term t) { stack_.push_back({Work::LIST_TAIL, t, nullptr, nullptr, 0}); }

  void write(Term t) {
    if (is_small(t)) {
      out_ += std::to_string(small_value(t));
    } else if (is_atom(t)) {
      write_atom(out_, t);
    } else if (is_nil(t)) {
      out_ += "[]";
    } else if (is_list(t)) {
      out_.push_back('[');
      push_text("]");
      push_tail(cdr(t));
      push_term(car(t));
    } else if (is_local_pid(t) || is_local_port(t)) {
      write_identifier(out_, t);
    } else if (is_boxed(t)) {
      write_boxed(t);
    } else {
      out_ += "<unknown>";
    }
  }

  void write_boxed(Term t) {
    switch (header_subtag(boxed_header(t))) {
      case SUB_TUPLE: {
        Uint n = tuple_arity(t);
        out_.push_back('{');
        push_text("}");
        if (n > 1) stack_.push_back({Work::TUPLE_REST, 0, nullptr, tuple_ptr(t) + 2, n - 1});
        if (n > 0) push_term(tuple_elem(t, 1));
        break;
      }
      case SUB_POS_BIG:
      case SUB_NEG_BIG: out_ += int_to_string(t, 10); break;
      case SUB_FLOAT: out_ += float_to_text_short(float_value(t)); break;
      case SUB_HEAP_BIN:
      case SUB_REFC_BIN:
      case SUB_SUB_BIN: write_bitstring(out_, t); break;
      case SUB_FUN:
      case SUB_EXPORT: write_fun(out_, t); break;
      case SUB_MAP: write_map(t); break;
      case SUB_REF:
      case SUB_EXT_PID:
      case SUB_EXT_PORT:
      case SUB_EXT_REF: write_identifier(out_, t); break;
      case SUB_MATCH_CTX: out_ += "#MatchState"; break;
      default: out_ += "<unknown>"; break;
    }
  }

  void write_map(Term t) {
    std::vector<std::pair<Term, Term>> pairs;
    pairs.reserve(map_size(t));
    map_foreach(t, [&pairs](Term k, Term v) { pairs.emplace_back(k, v); });
    out_ += "#{";
    push_text("}");
    for (size_t i = pairs.size(); i-- > 0;) {
      push_term(pairs[i].second);
      push_text(" => ");
      push_term(pairs[i].first);
      if (i > 0) push_text(",");
    }
  }

  std::vector<Work> stack_;
  std::string out_;
};

}  // namespace

std::string term_to_text(Term t) { return Writer().run(t); }

std::string atom_to_text(Term a) {
  std::string out;
  write_atom(out, a);
  return out;
}

}  // namespace girder
