// The drivers ERTS links into the VM and opens by name, with {spawn,
// "Name Args"} or {spawn_driver, "Name Args"}.
#include "port/port.h"

namespace girder {

bool is_erts_driver_name(std::string_view name) {
  return name == "tcp_inet" || name == "udp_inet" || name == "sctp_inet" ||
         name == "ram_file_drv" || name == "tty_sl";
}

std::unique_ptr<Driver> make_named_driver(std::string_view name) {
  if (name == "tty_sl") return make_tty_sl_driver();
  if (name == "tcp_inet") return make_tcp_inet_driver();
  if (name == "udp_inet") return make_udp_inet_driver();
  return nullptr;
}

}  // namespace girder
