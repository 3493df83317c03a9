#include "term/mem_stats.h"

namespace girder {

namespace mem_detail {
namespace {
// One shard per thread up to this many threads; later threads share the
// last one (schedulers, dirty schedulers and helpers are far fewer).
constexpr unsigned SHARDS = 256;
Shard shards[SHARDS];
std::atomic<unsigned> next{0};
}  // namespace

Shard* own_shard() {
  unsigned i = next.fetch_add(1, std::memory_order_relaxed);
  return i < SHARDS - 1 ? &shards[i] : nullptr;
}

void add_shared(MemKind k, int64_t n) {
  shards[SHARDS - 1].bytes[unsigned(k)].fetch_add(n, std::memory_order_relaxed);
}
}  // namespace mem_detail

uint64_t mem_bytes(MemKind k) {
  int64_t sum = 0;
  for (auto& s : mem_detail::shards) sum += s.bytes[unsigned(k)].load(std::memory_order_relaxed);
  return sum < 0 ? 0 : uint64_t(sum);
}

}  // namespace girder
