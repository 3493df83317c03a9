// ERTS's "%T" term printer (see erlang_terms_display.h for what differs
// from ~w). It walks the term with an explicit work stack, never recursing
// on the C stack, so deep and long terms print fine.
#include "bif/erlang_terms_display.h"

#include <cstdio>
#include <deque>
#include <vector>

#include "term/atom_table.h"
#include "term/bignum.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/map.h"
#include "term/print.h"

namespace girder {

namespace {

// ---- character classes of the printer (Latin-1) ---------------------------

bool is_lower_l1(int c) { return (c >= 'a' && c <= 'z') || (c >= 223 && c <= 255 && c != 247); }
bool is_upper_l1(int c) { return (c >= 'A' && c <= 'Z') || (c >= 192 && c <= 222 && c != 215); }
bool is_alnum_l1(int c) { return (c >= '0' && c <= '9') || is_lower_l1(c) || is_upper_l1(c); }

// Whether an element of a list keeps the list printable as a string: a
// Latin-1 character that is not a control character, except for the four
// white-space controls. (160, the no-break space, counts as printable.)
bool is_string_char(Term t) {
  if (!is_small(t)) return false;
  Sint c = small_value(t);
  if (c < 0 || c > 255) return false;
  bool cntrl = c < ' ' || c == 127 || (c >= 128 && c < 160);
  bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
  return !cntrl || space;
}

bool is_printable_string(Term l) {
  if (!is_list(l)) return false;
  for (; is_list(l); l = cdr(l)) {
    if (!is_string_char(car(l))) return false;
  }
  return is_nil(l);
}

// The character the quoting decision sees at byte i of a UTF-8 name: ASCII
// as is, a two-byte sequence as its code point, a continuation byte as a
// harmless letter, and 0 (forces quotes) for longer sequences.
int quote_char_at(const uint8_t* s, Uint i, Uint n) {
  uint8_t c1 = s[i];
  if (!(c1 & 0x80)) return c1;
  if ((c1 & 0xE0) == 0xC0) {
    uint8_t c2 = i + 1 < n ? s[i + 1] : 0;
    return ((c1 & 0x1F) << 6) | (c2 & 0x3F);
  }
  if ((c1 & 0xC0) == 0x80) return 'a';
  return 0;
}

void append_octal_escape(std::string& out, unsigned c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\%03o", c & 0xFFu);
  out += buf;
}

void append_atom(std::string& out, Term a) {
  std::string_view name = atom_name(a);
  const auto* s = reinterpret_cast<const uint8_t*>(name.data());
  Uint n = name.size();
  if (n == 0) {
    out += "''";
    return;
  }
  bool quote = !is_lower_l1(quote_char_at(s, 0, n));
  for (Uint i = 1; !quote && i < n; i++) {
    int c = quote_char_at(s, i, n);
    if (!is_alnum_l1(c) && c != '_') quote = true;
  }
  if (quote) out += '\'';
  for (Uint i = 0; i < n; i++) {
    uint8_t c = s[i];
    switch (c) {
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\v': out += "\\v"; break;
      default:
        if (c < ' ') {
          append_octal_escape(out, c);
        } else if (c >= 0x80) {
          Uint len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
          if (c == 0xC2 && i + 1 < n && s[i + 1] < 0xA0) {
            // U+0080..U+009F: control characters, escaped by their code
            append_octal_escape(out, s[i + 1]);
            i++;
          } else {
            Uint end = std::min(n, i + len);
            out.append(reinterpret_cast<const char*>(s + i), end - i);
            i = end - 1;
          }
        } else {
          out += char(c);
        }
    }
  }
  if (quote) out += '\'';
}

void append_uint(std::string& out, unsigned long long v) { out += std::to_string(v); }

void append_binary(std::string& out, Term t) {
  BitView v = bit_view(t);
  Uint whole = v.bit_size >> 3;
  Uint extra = v.bit_size & 7;
  std::vector<uint8_t> buf((v.bit_size + 7) / 8);
  if (!buf.empty()) copy_bits(v.bytes, v.bit_offset, buf.data(), 0, v.bit_size);
  bool printable = whole > 0 && extra == 0;
  for (Uint i = 0; printable && i < whole; i++) printable = buf[i] >= ' ' && buf[i] < 127;
  if (printable) {
    out += "<<\"";
    for (Uint i = 0; i < whole; i++) {
      if (buf[i] == '"') out += '\\';
      out += char(buf[i]);
    }
    out += "\">>";
    return;
  }
  out += "<<";
  for (Uint i = 0; i < whole; i++) {
    if (i) out += ',';
    append_uint(out, buf[i]);
  }
  if (extra) {
    if (whole) out += ',';
    append_uint(out, unsigned(buf[whole] >> (8 - extra)));
    out += ':';
    append_uint(out, extra);
  }
  out += ">>";
}

void append_fun(std::string& out, Term t) {
  if (is_fun(t)) {
    const FunEntry* fe = fun_thing(t)->entry;
    out += "#Fun<";
    out += atom_name(fe->module);  // unquoted, as ERTS prints it
    out += '.';
    append_uint(out, fe->index);
    out += '.';
    append_uint(out, fe->old_uniq);
    out += '>';
    return;
  }
  const Export* ep = reinterpret_cast<const ExportThing*>(boxed_ptr(t))->ep;
  out += "fun ";
  append_atom(out, ep->module);
  out += ':';
  append_atom(out, ep->function);
  out += '/';
  append_uint(out, ep->arity);
}

class Printer {
 public:
  std::string run(Term t) {
    push_term(t);
    while (!stack_.empty()) {
      Work w = stack_.back();
      stack_.pop_back();
      step(w);
    }
    return std::move(out_);
  }

 private:
  enum class Op : uint8_t { term, text, list_rest, elems, pairs };
  struct Work {
    Op op;
    Term t;              // term / list_rest
    const Term* ptr;     // elems / pairs
    Uint n;              // elems / pairs: remaining count
    const char* text;    // text
  };

  void push_term(Term t) { stack_.push_back({Op::term, t, nullptr, 0, nullptr}); }
  void push_text(const char* s) { stack_.push_back({Op::text, 0, nullptr, 0, s}); }
  void push_list_rest(Term t) { stack_.push_back({Op::list_rest, t, nullptr, 0, nullptr}); }
  void push_elems(const Term* p, Uint n) { stack_.push_back({Op::elems, 0, p, n, nullptr}); }
  void push_pairs(const Term* p, Uint n) { stack_.push_back({Op::pairs, 0, p, n, nullptr}); }

  void step(const Work& w) {
    switch (w.op) {
      case Op::text:
        out_ += w.text;
        break;
      case Op::term:
        print(w.t);
        break;
      case Op::list_rest:
        // w.t is what follows an element that has been printed
        if (is_nil(w.t)) {
          out_ += ']';
        } else if (is_list(w.t)) {
          out_ += ',';
          push_list_rest(cdr(w.t));
          push_term(car(w.t));
        } else {
          out_ += '|';
          push_text("]");
          push_term(w.t);
        }
        break;
      case Op::elems:
        if (w.n > 1) {
          push_elems(w.ptr + 1, w.n - 1);
          push_text(",");
        }
        push_term(w.ptr[0]);
        break;
      case Op::pairs:
        if (w.n > 1) {
          push_pairs(w.ptr + 2, w.n - 1);
          push_text(",");
        }
        push_term(w.ptr[1]);
        push_text("=>");
        push_term(w.ptr[0]);
        break;
    }
  }

  void print(Term t) {
    if (is_nil(t)) {
      out_ += "[]";
    } else if (is_atom(t)) {
      append_atom(out_, t);
    } else if (is_small(t)) {
      out_ += std::to_string(small_value(t));
    } else if (is_local_pid(t)) {
      out_ += "<0.";
      append_uint(out_, pid_number(t));
      out_ += '.';
      append_uint(out_, pid_serial(t));
      out_ += '>';
    } else if (is_local_port(t)) {
      out_ += "#Port<0.";
      append_uint(out_, local_port_data(t));
      out_ += '>';
    } else if (is_list(t)) {
      print_list(t);
    } else if (is_boxed(t)) {
      print_boxed(t);
    } else {
      out_ += "<unknown>";
    }
  }

  void print_list(Term t) {
    if (is_printable_string(t)) {
      out_ += '"';
      for (Term l = t; is_list(l); l = cdr(l)) {
        char c = char(small_value(car(l)));
        if (c == '\n') {
          out_ += "\\n";
        } else {
          if (c == '"') out_ += '\\';
          out_ += c;
        }
      }
      out_ += '"';
      return;
    }
    out_ += '[';
    push_list_rest(cdr(t));
    push_term(car(t));
  }

  void print_boxed(Term t) {
    switch (header_subtag(boxed_header(t))) {
      case SUB_TUPLE: {
        out_ += '{';
        push_text("}");
        Uint n = tuple_arity(t);
        if (n) push_elems(tuple_ptr(t) + 1, n);
        break;
      }
      case SUB_POS_BIG:
      case SUB_NEG_BIG:
        out_ += int_to_string(t, 10);
        break;
      case SUB_FLOAT: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6e", float_value(t));
        out_ += buf;
        break;
      }
      case SUB_REF: {
        const auto* r = reinterpret_cast<const RefThing*>(boxed_ptr(t));
        out_ += "#Ref<0.";
        append_uint(out_, r->num[2]);
        out_ += '.';
        append_uint(out_, r->num[1]);
        out_ += '.';
        append_uint(out_, r->num[0]);
        out_ += '>';
        break;
      }
      case SUB_FUN:
      case SUB_EXPORT:
        append_fun(out_, t);
        break;
      case SUB_REFC_BIN:
      case SUB_HEAP_BIN:
      case SUB_SUB_BIN:
        append_binary(out_, t);
        break;
      case SUB_MATCH_CTX:
        out_ += "#MatchState";
        break;
      case SUB_EXT_PID:
      case SUB_EXT_PORT:
      case SUB_EXT_REF:
        // Same text as ~w: <N.num.serial> etc., N being the node's channel.
        out_ += term_to_text(t);
        break;
      case SUB_MAP:
        print_map(t);
        break;
    }
  }

  void print_map(Term t) {
    out_ += "#{";
    push_text("}");
    Uint n = map_size(t);
    if (n == 0) return;
    std::vector<Term>& kv = map_pairs_.emplace_back();
    kv.reserve(2 * n);
    map_foreach(t, [&kv](Term k, Term v) {
      kv.push_back(k);
      kv.push_back(v);
    });
    push_pairs(kv.data(), n);
  }

  std::string out_;
  std::vector<Work> stack_;
  // key/value arrays of the maps being printed; a deque keeps each
  // vector (and so its data pointer, held by the work stack) in place
  std::deque<std::vector<Term>> map_pairs_;
};

}  // namespace

std::string display_text(Term t) { return Printer().run(t); }

}  // namespace girder
