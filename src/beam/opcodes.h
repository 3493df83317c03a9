// The generic opcode table of OTP 25 (numbers 1..180), from ops.def.
#pragma once

#include <cstdint>

namespace girder::beam {

constexpr unsigned MAX_GENERIC_OPCODE = 180;

enum GenericOpcode : uint16_t {
#define OP(num, name, arity, kinds, status, doc) op_##name = num,
#include "beam/ops.def"
#undef OP
};

struct OpInfo {
  const char* name;   // nullptr for a number that OTP never used
  uint8_t arity;
  const char* kinds;  // one letter per operand (see ops.def header)
  bool obsolete;      // the loader rejects it (OTP 25 refuses it too)
  const char* doc;
};

// Row for opcode n (1..MAX_GENERIC_OPCODE); name == nullptr if unused.
const OpInfo& op_info(unsigned n);

}  // namespace girder::beam
