// libFuzzer target: read_beam on arbitrary bytes, and disassemble when the
// bytes make a valid module. Any crash, sanitizer report or leak is a bug:
// read_beam must reject every malformed input with an error message.
#include <cstddef>
#include <cstdint>
#include <string>

#include "beam/beam_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  girder::beam::BeamFile bf;
  std::string error;
  if (girder::beam::read_beam(data, size, bf, error)) {
    std::string text = girder::beam::disassemble(bf);
    if (text.empty()) __builtin_trap();  // a valid module always prints
  } else if (error.empty()) {
    __builtin_trap();  // a failure always says why
  }
  return 0;
}
