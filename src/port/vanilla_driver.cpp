// The vanilla driver: open_port(File, Opts) with File an atom or a string
// opens that file (ERTS: vanilla_start): read-only with `in`, created and
// truncated with `out`, read-write and created otherwise. One fd for both
// directions.
#include <fcntl.h>
#include <unistd.h>

#include "port/stream_driver.h"

namespace girder {

namespace {

class VanillaDriver final : public StreamDriver {
 public:
  const char* name() const override { return "vanilla"; }

  OpenStatus open(Port& port, const PortSpec& spec) override {
    const PortOptions& o = spec.opts;
    int flags = o.read && !o.write   ? O_RDONLY
                : o.write && !o.read ? O_WRONLY | O_CREAT | O_TRUNC
                                     : O_RDWR | O_CREAT;
    int fd = ::open(spec.command.c_str(), flags | O_CLOEXEC, 0666);
    if (fd < 0) return {OpenStatus::general, 0};
    set_nonblocking(fd);
    fd_ = fd;
    in_fd_ = o.read ? fd : -1;
    out_fd_ = o.write ? fd : -1;
    reading_ = o.read;
    update_select(port);
    return {};
  }

  int control(Port&, unsigned, std::string_view, std::string*) override { return -1; }

  void close(Port& port) override {
    deselect_all(port);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

}  // namespace

std::unique_ptr<Driver> make_vanilla_driver() { return std::make_unique<VanillaDriver>(); }

}  // namespace girder
