// The drivers ERTS links into the VM and opens by name, with {spawn,
// "Name Args"} or {spawn_driver, "Name Args"}.
#include <unistd.h>

#include "port/port.h"

namespace girder {

namespace {

// tty_sl (ERTS: ttsl_drv.c), the terminal driver of OTP's user_drv. It
// refuses to start unless stdin and stdout are terminals, which is how
// user_drv falls back to the plain `user` (ERTS answers einval).
class TtySlDriver final : public Driver {
 public:
  const char* name() const override { return "tty_sl"; }
  OpenStatus open(Port&, const PortSpec&) override {
    if (!isatty(0) || !isatty(1)) return {OpenStatus::general, 0};
    return {OpenStatus::not_supported, 0};
  }
  void command(Port&, const uint8_t*, size_t) override {}
  int control(Port&, unsigned, std::string_view, std::string*) override { return -1; }
  void close(Port&) override {}
};

}  // namespace

bool is_erts_driver_name(std::string_view name) {
  return name == "tcp_inet" || name == "udp_inet" || name == "sctp_inet" ||
         name == "ram_file_drv" || name == "tty_sl";
}

std::unique_ptr<Driver> make_named_driver(std::string_view name) {
  if (name == "tty_sl") return std::make_unique<TtySlDriver>();
  return nullptr;
}

}  // namespace girder
