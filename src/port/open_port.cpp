// open_port/2's arguments: the settings list first (a bad setting is
// badopt), then the port name and the settings that depend on the driver
// (badarg), in the order ERTS checks them.
#include <string>
#include <vector>

#include "port/port.h"
#include "port/utf8.h"
#include "term/atom_table.h"
#include "term/binary.h"
#include "term/bignum.h"

namespace girder {

namespace {

// ERTS's bounds for {busy_limits_port | busy_limits_msgq, {Low, High}}.
constexpr Uint BUSY_LIMIT_MIN = 1;
constexpr Uint BUSY_LIMIT_MAX = ~Uint(0) - 1;

// A (possibly deep) list of characters as UTF-8, the native file name
// encoding. NUL cannot be in a C string and is refused.
bool char_list_to_utf8(Term l, std::string* out) {
  std::vector<Term> rest;  // tails of the enclosing lists
  for (;;) {
    if (is_list(l)) {
      Term c = car(l);
      l = cdr(l);
      if (is_list(c) || c == NIL) {
        rest.push_back(l);
        l = c;
      } else if (is_small(c) && small_value(c) > 0 && small_value(c) <= 0x10FFFF) {
        utf8_append(uint32_t(small_value(c)), out);
      } else {
        return false;
      }
      continue;
    }
    if (l != NIL) return false;
    if (rest.empty()) return true;
    l = rest.back();
    rest.pop_back();
  }
}

// A file name as a native string: a character list, and (for names, not
// environment entries) an atom or a binary.
bool native_name(Term t, bool allow_atom_and_binary, std::string* out) {
  out->clear();
  if (t == NIL) return true;
  if (is_list(t)) return char_list_to_utf8(t, out);
  if (!allow_atom_and_binary) return false;
  if (is_atom(t)) {
    *out = std::string(atom_name(t));
  } else if (is_binary(t)) {
    BitView v = bit_view(t);
    out->resize(v.byte_size());
    copy_bits(v.bytes, v.bit_offset, reinterpret_cast<uint8_t*>(out->data()), 0, v.bit_size);
  } else {
    return false;
  }
  return out->find('\0') == std::string::npos;
}

// {env, [{Name, Value}]}: Value false or [] unsets Name. Names may not
// contain '='.
bool parse_env(Term l, PortOptions* o) {
  o->env.clear();
  for (; is_list(l); l = cdr(l)) {
    Term kv = car(l);
    if (!is_tuple(kv) || tuple_arity(kv) != 2) return false;
    std::string key, value;
    if (!native_name(tuple_elem(kv, 1), false, &key) || key.find('=') != std::string::npos)
      return false;
    Term v = tuple_elem(kv, 2);
    bool unset = v == NIL || v == atom::am_false;
    if (!unset && !native_name(v, false, &value)) return false;
    o->env.push_back({key, {!unset, value}});
  }
  return l == NIL;
}

bool parse_busy_limits(Term v) {
  if (v == atom::disabled) return true;
  if (!is_tuple(v) || tuple_arity(v) != 2) return false;
  Uint low, high;
  if (!is_integer(tuple_elem(v, 1)) || !int_to_uint(tuple_elem(v, 1), &low)) return false;
  if (!is_integer(tuple_elem(v, 2)) || !int_to_uint(tuple_elem(v, 2), &high)) return false;
  return low >= BUSY_LIMIT_MIN && low <= BUSY_LIMIT_MAX && high >= BUSY_LIMIT_MIN &&
         high <= BUSY_LIMIT_MAX;
}

// One {Key, Value} setting.
bool parse_pair(Term key, Term v, PortOptions* o) {
  if (key == atom::packet) {
    if (!is_small(v)) return false;
    Sint n = small_value(v);
    if (n != 1 && n != 2 && n != 4) return false;
    o->packet_bytes = int(n);
  } else if (key == atom::line) {
    if (!is_small(v) || small_value(v) <= 0) return false;
    o->line_length = Uint(small_value(v));
  } else if (key == atom::env) {
    return parse_env(v, o);
  } else if (key == atom::args) {
    if (list_length(v) < 0) return false;
    o->args.clear();
    for (Term l = v; is_list(l); l = cdr(l)) {
      std::string a;
      if (!native_name(car(l), true, &a)) return false;
      o->args.push_back(a);
    }
    o->has_args = true;
  } else if (key == atom::arg0) {
    if (!native_name(v, true, &o->arg0)) return false;
    o->has_arg0 = true;
  } else if (key == atom::cd) {
    // checked with the name, after the settings (a bad cd is badarg)
    o->has_cd = v != NIL;
  } else if (key == atom::parallelism) {
    if (v != atom::am_true && v != atom::am_false) return false;
    o->parallelism = v == atom::am_true;
  } else if (key == atom::busy_limits_port || key == atom::busy_limits_msgq) {
    return parse_busy_limits(v);  // no busy state yet: checked, not kept
  } else {
    return false;
  }
  return true;
}

bool parse_flag(Term a, PortOptions* o, bool* in, bool* out) {
  if (a == atom::stream) o->packet_bytes = 0;
  else if (a == atom::use_stdio) o->use_stdio = true;
  else if (a == atom::nouse_stdio) o->use_stdio = false;
  else if (a == atom::stderr_to_stdout) o->stderr_to_stdout = true;
  else if (a == atom::line) o->line_length = 512;
  else if (a == atom::binary) o->binary = true;
  else if (a == atom::in) *in = true;
  else if (a == atom::out) *out = true;
  else if (a == atom::eof) o->soft_eof = true;
  else if (a == atom::hide) o->hide = true;
  else if (a == atom::exit_status) o->exit_status = true;
  else if (a == atom::overlapped_io) o->overlapped_io = true;
  else return false;
  return true;
}

// The settings list; the last {cd, Dir} is left in *cd for later.
bool parse_settings(Term settings, PortOptions* o, Term* cd) {
  if (!is_list(settings) && settings != NIL) return false;
  bool in = false, out = false;
  Term l = settings;
  for (; is_list(l); l = cdr(l)) {
    Term s = car(l);
    if (is_tuple(s) && tuple_arity(s) == 2) {
      if (!parse_pair(tuple_elem(s, 1), tuple_elem(s, 2), o)) return false;
      if (tuple_elem(s, 1) == atom::cd) *cd = tuple_elem(s, 2);
    } else if (!parse_flag(s, o, &in, &out)) {
      return false;
    }
  }
  if (l != NIL) return false;
  o->read = in || !out;
  o->write = out || !in;
  if (o->line_length && o->packet_bytes) return false;
  if (o->stderr_to_stdout && !o->use_stdio) return false;
  return true;
}

// A flat list of bytes, as ERTS's is_string (a port name "cmd").
bool byte_string(Term l, std::string* out) {
  if (!is_list(l)) return false;
  for (; is_list(l); l = cdr(l)) {
    Term c = car(l);
    if (!is_small(c) || small_value(c) < 0 || small_value(c) > 255) return false;
    out->push_back(char(small_value(c)));
  }
  return l == NIL;
}

bool parse_name(Term name, PortSpec* out) {
  if (is_atom(name)) {
    out->kind = DriverKind::vanilla;
    out->command = std::string(atom_name(name));
    out->name = out->command;
    return true;
  }
  if (byte_string(name, &out->command)) {
    out->kind = DriverKind::vanilla;
    out->name = out->command;
    return true;
  }
  if (!is_tuple(name) || tuple_arity(name) == 0) return false;
  Term tag = tuple_elem(name, 1);
  if (tag == atom::spawn || tag == atom::spawn_driver || tag == atom::spawn_executable) {
    if (tuple_arity(name) != 2) return false;
    if (!native_name(tuple_elem(name, 2), true, &out->command) || out->command.empty())
      return false;
    out->kind = tag == atom::spawn          ? DriverKind::spawn
                : tag == atom::spawn_driver ? DriverKind::spawn_driver
                                            : DriverKind::spawn_executable;
    out->name = out->command;
    return true;
  }
  if (tag == atom::fd) {
    if (tuple_arity(name) != 3) return false;
    Term in = tuple_elem(name, 2), o = tuple_elem(name, 3);
    if (!is_small(in) || !is_small(o)) return false;
    // ERTS keeps the low bits as a C int: {fd, -1, 1} names fd -1
    out->in_fd = int(uint32_t(small_value(in)));
    out->out_fd = int(uint32_t(small_value(o)));
    out->kind = DriverKind::fd;
    out->name = std::to_string(out->in_fd) + "/" + std::to_string(out->out_fd);
    return true;
  }
  return false;
}

}  // namespace

ParseResult parse_open_port(Term name, Term settings, PortSpec* out) {
  *out = PortSpec{};
  Term cd = NIL;
  if (!parse_settings(settings, &out->opts, &cd)) return ParseResult::badopt;
  if (!parse_name(name, out)) return ParseResult::badarg;
  PortOptions& o = out->opts;
  bool spawn_like = out->kind == DriverKind::spawn || out->kind == DriverKind::spawn_driver ||
                    out->kind == DriverKind::spawn_executable;
  // an argument vector only for spawn_executable
  if ((o.has_args || o.has_arg0) && out->kind != DriverKind::spawn_executable)
    return ParseResult::badarg;
  if (cd != NIL && !native_name(cd, true, &o.cd)) return ParseResult::badarg;
  if (o.exit_status && !spawn_like) return ParseResult::badarg;
  return ParseResult::ok;
}

}  // namespace girder
