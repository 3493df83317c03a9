// The girder command: the erl command line in direct mode (design decision
// 10): -noshell, -pa/-pz, -run, -s, -eval, -extra, -root and the + flags;
// `girder --disasm F.beam` prints a listing of a .beam file.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "beam/beam_file.h"
#include "runtime/boot.h"

namespace {

int disasm(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "girder: cannot open %s\n", path);
    return 1;
  }
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  girder::beam::BeamFile bf;
  std::string err;
  if (!girder::beam::read_beam(reinterpret_cast<const uint8_t*>(data.data()), data.size(), bf, err)) {
    std::fprintf(stderr, "girder: %s: %s\n", path, err.c_str());
    return 1;
  }
  std::fputs(girder::beam::disassemble(bf).c_str(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--disasm") == 0) return disasm(argv[2]);
  // As ERTS: a write to a closed pipe fails with EPIPE (the port exits
  // with reason epipe) instead of killing the VM
  std::signal(SIGPIPE, SIG_IGN);
  bool detached = false;
  std::vector<std::string> args = girder::erlexec_args(std::vector<std::string>(argv + 1, argv + argc), &detached);
  if (detached) girder::detach_from_terminal();
  // the OTP boot (design decision 10); GIRDER_BOOT=direct keeps the fast
  // path of Girder's own small init
  const char* mode = std::getenv("GIRDER_BOOT");
  if (mode && std::strcmp(mode, "direct") == 0) return girder::boot_direct(argv[0], args);
  return girder::boot_otp(argv[0], args);
}
