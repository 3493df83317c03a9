// Memory accounting for erlang:memory/0,1 and process_info(_, memory):
// every allocation the VM makes for a category adds its bytes here and
// every free takes them off.
//
// Counting is sharded by thread: a thread adds to its own shard with a
// plain load and store (no locked instruction on the message path), and
// a reader sums the shards. Memory freed on another thread than the one
// that allocated it makes one shard go down and another up; only the sum
// means anything.
#pragma once

#include <atomic>
#include <cstdint>

#include "term/term.h"

namespace girder {

enum class MemKind : uint8_t {
  heap,     // process heaps, old heaps, message fragments (eheap_alloc)
  process,  // Process structs and queued signals (fix_alloc: proc, msg_ref)
  binary,   // refc binaries (binary_alloc)
  ets,      // ETS tables (ets_alloc; issue 4 brings them)
  code,     // loaded modules: code, function and line tables
  COUNT
};

namespace mem_detail {
constexpr unsigned KINDS = unsigned(MemKind::COUNT);
struct alignas(64) Shard {
  std::atomic<int64_t> bytes[KINDS] = {};
};
// This thread's shard, or nullptr once every shard is taken.
Shard* own_shard();
// For threads without a shard of their own: a locked add to a shared one.
void add_shared(MemKind k, int64_t n);
}  // namespace mem_detail

inline void mem_add(MemKind k, int64_t n) {
  static thread_local mem_detail::Shard* s = mem_detail::own_shard();
  if (!s) return mem_detail::add_shared(k, n);
  // only this thread writes its shard
  std::atomic<int64_t>& v = s->bytes[unsigned(k)];
  v.store(v.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}
inline void mem_sub(MemKind k, int64_t n) { mem_add(k, -n); }

// Bytes counted for k now, over all threads.
uint64_t mem_bytes(MemKind k);

}  // namespace girder
