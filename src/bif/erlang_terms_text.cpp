// Terms to and from text: erlang:display/1, display_string/1, display_nl/0,
// pid_to_list/1, port_to_list/1, ref_to_list/1, fun_to_list/1 and the
// parsers list_to_pid/1, list_to_port/1, list_to_ref/1.
//
// The *_to_list functions use ERTS's own printer (erlang_terms_display.h),
// as ERTS does. The parsers accept exactly what ERTS 13 accepts, quirks
// included: at most 64/38/71 characters, digits accumulated in 64 bits
// without overflow checks, the text ending at a NUL character, and only
// node 0 (this node; no distribution connections exist to name others).
#include <unistd.h>

#include <cerrno>
#include <string>

#include "bif/bif.h"
#include "bif/erlang_terms_display.h"

namespace girder {

namespace {

// Largest pid parts ERTS 13 accepts in list_to_pid: the number is 15 bits,
// the serial 13 bits (what its pids print as).
constexpr Uint MAX_PID_NUMBER = (Uint(1) << 15) - 1;
constexpr Uint MAX_PID_SERIAL = (Uint(1) << 13) - 1;
constexpr Uint MAX_PORT_NUMBER = (Uint(1) << 28) - 1;
constexpr uint32_t MAX_REF_NUMBER0 = (uint32_t(1) << 18) - 1;

// Writes all of s to fd, turning "\n" into "\r\n" as ERTS's printer does
// on standard output and standard error.
void write_with_cr(int fd, std::string_view s) {
  std::string buf;
  buf.reserve(s.size() + 8);
  for (char c : s) {
    if (c == '\n') buf += '\r';
    buf += c;
  }
  const char* p = buf.data();
  size_t left = buf.size();
  while (left > 0) {
    ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;  // nothing sensible to do if stdout is gone
    }
    p += w;
    left -= size_t(w);
  }
}

Term byte_list(Heap& h, const std::string& s) {
  return make_byte_list(h, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// The bytes of a proper list of integers 0..255 of at most max elements,
// cut at the first NUL (the C string ERTS parses). False otherwise.
bool list_to_cstring(Term list, Uint max, std::string& out) {
  Uint n = 0;
  Term l = list;
  for (; is_list(l); l = cdr(l)) {
    Term c = car(l);
    if (!is_small(c) || small_value(c) < 0 || small_value(c) > 255 || ++n > max) return false;
    out += char(small_value(c));
  }
  if (!is_nil(l)) return false;
  size_t nul = out.find('\0');
  if (nul != std::string::npos) out.resize(nul);
  return true;
}

// Parses one or more decimal digits at s[*i] into a wrapping 64-bit value.
bool parse_digits(const std::string& s, size_t* i, Uint* out) {
  if (*i >= s.size() || s[*i] < '0' || s[*i] > '9') return false;
  Uint v = 0;
  while (*i < s.size() && s[*i] >= '0' && s[*i] <= '9') v = 10 * v + Uint(s[(*i)++] - '0');
  *out = v;
  return true;
}

bool expect(const std::string& s, size_t* i, char c) {
  if (*i >= s.size() || s[*i] != c) return false;
  (*i)++;
  return true;
}

// UTF-8 of a flat list of code points (display_string/1); false if l is not one.
bool unicode_list_to_utf8(Term l, std::string& out) {
  for (; is_list(l); l = cdr(l)) {
    Term t = car(l);
    if (!is_small(t)) return false;
    Sint c = small_value(t);
    if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
    if (c < 0x80) {
      out += char(c);
    } else if (c < 0x800) {
      out += char(0xC0 | (c >> 6));
      out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += char(0xE0 | (c >> 12));
      out += char(0x80 | ((c >> 6) & 0x3F));
      out += char(0x80 | (c & 0x3F));
    } else {
      out += char(0xF0 | (c >> 18));
      out += char(0x80 | ((c >> 12) & 0x3F));
      out += char(0x80 | ((c >> 6) & 0x3F));
      out += char(0x80 | (c & 0x3F));
    }
  }
  return is_nil(l);
}

}  // namespace

// ---- printing ---------------------------------------------------------------

Term erlang_display_1(Process*, Term* args) {
  std::string text = display_text(args[0]);
  text += '\n';
  write_with_cr(STDOUT_FILENO, text);
  return atom::am_true;
}

Term erlang_display_string_1(Process* p, Term* args) {
  std::string text;
  if (!unicode_list_to_utf8(args[0], text)) return bif_badarg(p);
  write_with_cr(STDERR_FILENO, text);
  return atom::am_true;
}

Term erlang_display_nl_0(Process*, Term*) {
  write_with_cr(STDERR_FILENO, "\n");
  return atom::am_true;
}

Term erlang_pid_to_list_1(Process* p, Term* args) {
  if (!is_pid(args[0])) return bif_badarg(p);
  return byte_list(p->heap, display_text(args[0]));
}

Term erlang_port_to_list_1(Process* p, Term* args) {
  if (!is_port(args[0])) return bif_badarg(p);
  return byte_list(p->heap, display_text(args[0]));
}

Term erlang_ref_to_list_1(Process* p, Term* args) {
  if (!is_ref(args[0])) return bif_badarg(p);
  return byte_list(p->heap, display_text(args[0]));
}

Term erlang_fun_to_list_1(Process* p, Term* args) {
  if (!is_any_fun(args[0])) return bif_badarg(p);
  return byte_list(p->heap, display_text(args[0]));
}

// ---- parsing ----------------------------------------------------------------

// "<0.Number.Serial>"
Term erlang_list_to_pid_1(Process* p, Term* args) {
  std::string s;
  if (!list_to_cstring(args[0], 64, s)) return bif_badarg(p);
  size_t i = 0;
  Uint node, number, serial;
  if (!expect(s, &i, '<') || !parse_digits(s, &i, &node) || !expect(s, &i, '.') ||
      !parse_digits(s, &i, &number) || !expect(s, &i, '.') ||
      !parse_digits(s, &i, &serial) || !expect(s, &i, '>') || i != s.size()) {
    return bif_badarg(p);
  }
  if (node != 0 || number > MAX_PID_NUMBER || serial > MAX_PID_SERIAL) return bif_badarg(p);
  return make_local_pid((serial << PID_NUMBER_BITS) | number);
}

// "#Port<0.Number>"; the node part is read as a 32-bit number.
Term erlang_list_to_port_1(Process* p, Term* args) {
  std::string s;
  if (!list_to_cstring(args[0], 38, s) || s.compare(0, 6, "#Port<") != 0) {
    return bif_badarg(p);
  }
  size_t i = 6;
  Uint node, number;
  if (!parse_digits(s, &i, &node) || !expect(s, &i, '.') || !parse_digits(s, &i, &number) ||
      !expect(s, &i, '>') || i != s.size()) {
    return bif_badarg(p);
  }
  if (uint32_t(node) != 0 || number > MAX_PORT_NUMBER) return bif_badarg(p);
  return make_local_port(number);
}

// "#Ref<0.N2.N1.N0>", each number 32 bits, N0 at most 18 bits.
// ERTS 13 also rejects a local ref whose N1 names a scheduler that does not
// exist (its low 17 bits hold the creating scheduler's id); Girder's refs
// do not encode a scheduler, so that check has no counterpart here.
Term erlang_list_to_ref_1(Process* p, Term* args) {
  std::string s;
  if (!list_to_cstring(args[0], 71, s) || s.compare(0, 5, "#Ref<") != 0) {
    return bif_badarg(p);
  }
  size_t i = 5;
  Uint ints[6];
  size_t n = 0;
  while (true) {
    if (n == 6 || !parse_digits(s, &i, &ints[n]) || ints[n] > 0xFFFFFFFFu) return bif_badarg(p);
    n++;
    if (i < s.size() && s[i] == '>') break;
    if (!expect(s, &i, '.')) return bif_badarg(p);
  }
  i++;  // '>'
  if (i != s.size() || n != 4 || ints[0] != 0 || ints[3] > MAX_REF_NUMBER0) {
    return bif_badarg(p);
  }
  auto* r = reinterpret_cast<RefThing*>(p->heap.alloc(REF_WORDS));
  r->header = make_header(REF_WORDS - 1, SUB_REF);
  r->num[0] = uint32_t(ints[3]);
  r->num[1] = uint32_t(ints[2]);
  r->num[2] = uint32_t(ints[1]);
  r->num[3] = 0;
  return make_boxed(reinterpret_cast<Term*>(r));
}

}  // namespace girder
