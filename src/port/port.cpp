// Opening a port, writing to it, and turning its input into messages: what
// every driver shares.
#include <errno.h>
#include <string.h>

#include <cctype>

#include "port/port.h"
#include "term/atom_table.h"
#include "term/binary.h"

namespace girder {

namespace {

// The first word of a spawn command: ERTS looks it up among its drivers.
std::string_view first_word(std::string_view cmd) {
  size_t end = cmd.find(' ');
  return end == std::string_view::npos ? cmd : cmd.substr(0, end);
}

// The driver for a port, or nullptr with *status set.
std::unique_ptr<Driver> make_driver(const PortSpec& spec, OpenStatus* status) {
  std::unique_ptr<Driver> d;
  switch (spec.kind) {
    case DriverKind::fd: return make_fd_driver();
    case DriverKind::spawn_executable: return make_spawn_driver();
    case DriverKind::spawn:
    case DriverKind::spawn_driver: {
      std::string_view word = first_word(spec.command);
      if (is_erts_driver_name(word)) {
        d = make_named_driver(word);
        if (!d) *status = {OpenStatus::not_supported, 0};  // ERTS has it, Girder not yet
        return d;
      }
      if (spec.kind == DriverKind::spawn) return make_spawn_driver();
      *status = {OpenStatus::badarg, 0};  // no such driver
      return nullptr;
    }
    case DriverKind::vanilla: return make_vanilla_driver();
  }
  return nullptr;
}

Term data_term(Heap& h, const Port& port, std::string_view bytes) {
  const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
  return port.binary ? new_binary(h, b, bytes.size()) : make_byte_list(h, b, bytes.size());
}

}  // namespace

std::shared_ptr<Port> port_open(PortTable& table, PortHost* host, const PortSpec& spec, Term owner,
                                OpenStatus* status, std::unique_lock<std::mutex>* guard) {
  *status = {};
  std::unique_ptr<Driver> driver = make_driver(spec, status);
  if (!driver) return nullptr;
  std::shared_ptr<Port> port = table.create();
  if (!port) {
    *status = {OpenStatus::system_limit, 0};
    return nullptr;
  }
  std::unique_lock<std::mutex> g(port->lock);
  port->owner = owner;
  port->host = host;
  port->name = spec.name;
  port->driver = std::move(driver);
  port->packet_bytes = spec.opts.packet_bytes;
  port->line_length = spec.opts.line_length;
  port->binary = spec.opts.binary;
  port->soft_eof = spec.opts.soft_eof;
  port->parallelism = spec.opts.parallelism;
  port->framer.configure(spec.opts.packet_bytes, spec.opts.line_length);
  OpenStatus st = port->driver->open(*port, spec);
  if (st.kind != OpenStatus::ok) {
    port->state.store(PortState::closing);
    table.remove(port.get());
    *status = st;
    return nullptr;
  }
  *guard = std::move(g);
  return port;
}

void port_output(Port& port, const uint8_t* data, size_t size) {
  port.bytes_out += size;
  int n = port.packet_bytes;
  if (n == 0) return port.driver->command(port, data, size);
  if ((uint64_t(size) >> (8 * n)) != 0) return port_fail_posix(port, EINVAL);  // too large for the header
  std::string framed(size_t(n), '\0');
  for (int i = 0; i < n; i++) framed[size_t(i)] = char(size >> (8 * (n - 1 - i)));
  framed.append(reinterpret_cast<const char*>(data), size);
  port.driver->command(port, reinterpret_cast<const uint8_t*>(framed.data()), framed.size());
}

void port_fail(Port& port, Term reason) {
  if (!is_value(port.failure)) port.failure = reason;
}

void port_fail_posix(Port& port, int err) { port_fail(port, atom_put(posix_error_name(err))); }

void port_send(Port& port, Term what, Heap* frag) {
  Term msg = make_tuple(*frag, {port.id, what});
  port.host->send(port, port.owner, msg, frag);
}

void port_input(Port& port, const uint8_t* data, size_t size) {
  // ERTS counts what the driver hands over: the bytes as read, or with
  // {packet, N} the packets without their headers
  if (port.packet_bytes == 0) port.bytes_in += size;
  port.framer.feed(data, size, [&](InputFramer::Piece piece, std::string_view bytes) {
    if (port.packet_bytes != 0) port.bytes_in += bytes.size();
    auto* h = new Heap;
    Term d = data_term(*h, port, bytes);
    if (piece != InputFramer::Piece::data)
      d = make_tuple(*h, {piece == InputFramer::Piece::eol ? atom::eol : atom::noeol, d});
    port_send(port, make_tuple(*h, {atom::data, d}), h);
  });
}

void port_input_eof(Port& port) {
  port.framer.end([&](InputFramer::Piece, std::string_view bytes) {
    auto* h = new Heap;
    Term d = make_tuple(*h, {atom::noeol, data_term(*h, port, bytes)});
    port_send(port, make_tuple(*h, {atom::data, d}), h);
  });
  if (port.soft_eof) {
    port_send(port, atom::eof, new Heap);
  } else {
    port_fail(port, atom::normal);
  }
}

void port_send_exit_status(Port& port, int status) {
  auto* h = new Heap;
  port_send(port, make_tuple(*h, {atom::exit_status, make_small(status)}), h);
}

void port_update_busy(Port& port) {
  if (!port.driver->marks_busy()) return;
  if (!port.busy && port.queue.size() >= BUSY_HIGH) port.busy = true;
  else if (port.busy && port.queue.empty()) port.busy = false;
}

std::string posix_error_name(int err) {
  // ERTS's erl_errno_id: the errno's macro name in lower case, ENOTSUP's
  // for the value Linux shares with EOPNOTSUPP, and "unknown" for the
  // Linux errnos its list lacks
  switch (err) {
    case ENOTSUP: return "enotsup";
    case EISNAM: case ECANCELED: case EOWNERDEAD: case ENOTRECOVERABLE: case ENOMEDIUM:
    case EMEDIUMTYPE: case ENOKEY: case EKEYEXPIRED: case EKEYREVOKED: case EKEYREJECTED:
    case ERFKILL: case EHWPOISON:
      return "unknown";
    default:
      break;
  }
  const char* name = strerrorname_np(err);
  if (!name) return "unknown";
  std::string s(name);
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace girder
