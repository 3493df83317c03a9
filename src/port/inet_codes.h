// The inet driver's codes (port/inet_codes.def) as an enum, and the
// constants of the protocol that are not codes.
#pragma once

#include <cstdint>

namespace girder::inet {

enum Code : int {
#define INET_CODE(name, value, meaning) name = value,
#include "port/inet_codes.def"
#undef INET_CODE
};

// prim_inet adds this to every request code (ctl_cmd/3), so that a
// port_control meant for another driver is not taken for one of ours.
constexpr unsigned CONTROL_MAGIC = 0x03f1a300;
// A timeout of "infinity" in a request (prim_inet's enc_time(-1)).
constexpr uint32_t INFINITY_MS = 0xffffffff;

}  // namespace girder::inet
