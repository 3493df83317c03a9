// Opening a port and writing to it: what every driver shares.
#include <errno.h>
#include <string.h>

#include <cctype>

#include "port/port.h"

namespace girder {

namespace {
// The driver for a kind of port, or nullptr if Girder has none yet (the
// spawn drivers come with issue 4).
std::unique_ptr<Driver> make_driver(DriverKind kind) {
  switch (kind) {
    case DriverKind::fd: return make_fd_driver();
    default: return nullptr;
  }
}
}  // namespace

Port* port_open(PortTable& table, const PortSpec& spec, Term owner, OpenStatus* status) {
  std::unique_ptr<Driver> driver = make_driver(spec.kind);
  if (!driver) {
    *status = {OpenStatus::not_supported, 0};
    return nullptr;
  }
  Port* port = table.create();
  if (!port) {
    *status = {OpenStatus::system_limit, 0};
    return nullptr;
  }
  port->owner = owner;
  port->name = spec.name;
  port->driver = std::move(driver);
  port->packet_bytes = spec.opts.packet_bytes;
  port->line_length = spec.opts.line_length;
  port->binary = spec.opts.binary;
  port->soft_eof = spec.opts.soft_eof;
  port->parallelism = spec.opts.parallelism;
  OpenStatus st = port->driver->open(*port, spec);
  if (st.kind != OpenStatus::ok) {
    table.remove(port);
    *status = st;
    return nullptr;
  }
  *status = st;
  return port;
}

int port_output(Port& port, const uint8_t* data, size_t size) {
  port.bytes_out += size;
  int n = port.packet_bytes;
  if (n == 0) return port.driver->command(port, data, size);
  if ((uint64_t(size) >> (8 * n)) != 0) return EINVAL;  // does not fit the header
  std::string framed(size_t(n), '\0');
  for (int i = 0; i < n; i++) framed[size_t(i)] = char(size >> (8 * (n - 1 - i)));
  framed.append(reinterpret_cast<const char*>(data), size);
  return port.driver->command(port, reinterpret_cast<const uint8_t*>(framed.data()), framed.size());
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
