// A local reference kept outside any heap: its numbers (a heap term would
// move with the collector). Monitors, aliases and timers of processes and
// the monitors of ports key on it.
#pragma once

#include <cstdint>
#include <functional>

#include "term/heap.h"
#include "term/term.h"

namespace girder {

struct RefKey {
  uint32_t n[3] = {0, 0, 0};
  bool operator==(const RefKey& o) const {
    return n[0] == o.n[0] && n[1] == o.n[1] && n[2] == o.n[2];
  }
  static RefKey of(Term ref);
  Term to_term(Heap& h) const;
};
struct RefKeyHash {
  size_t operator()(const RefKey& k) const {
    return std::hash<uint64_t>()((uint64_t(k.n[0]) << 32 | k.n[1]) ^ (uint64_t(k.n[2]) << 17));
  }
};

}  // namespace girder
