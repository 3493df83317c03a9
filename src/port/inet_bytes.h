// Big-endian integers in the inet drivers' requests and replies (prim_inet's
// ?int16, ?int32, ?u32 ...), and the errnos that mean "try again".
#pragma once

#include <errno.h>

#include <cstdint>
#include <string>

namespace girder::inet {

inline void put_u16(std::string* out, unsigned v) {
  out->push_back(char(v >> 8));
  out->push_back(char(v));
}
inline void put_u32(std::string* out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out->push_back(char(v >> s));
}
inline void put_u64(std::string* out, uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out->push_back(char(v >> s));
}
inline unsigned get_u16(const char* p) {
  auto* u = reinterpret_cast<const uint8_t*>(p);
  return unsigned(u[0]) << 8 | u[1];
}
inline uint32_t get_u32(const char* p) {
  auto* u = reinterpret_cast<const uint8_t*>(p);
  return uint32_t(u[0]) << 24 | uint32_t(u[1]) << 16 | uint32_t(u[2]) << 8 | u[3];
}
// A non-blocking socket call that did nothing for now.
inline bool would_block(int err) { return err == EAGAIN || err == EWOULDBLOCK || err == EINTR; }

}  // namespace girder::inet
