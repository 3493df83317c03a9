// The process table (design decision 5): slot number plus a generation
// make a pid, so a pid does not name a new process for a long time; up to
// 2^27 slots (+P sets the limit). As ERTS hands out pid numbers, new
// processes take fresh slots in increasing order until the limit, and only
// then the freed ones, oldest first: pids grow as on ERTS (<0.0.0>,
// <0.1.0>, ...), and erlang:processes/0, which walks the slots, lists
// processes in the order they were made (init:stop/0 kills them in that
// order, as on ERTS). Looking a pid up takes no lock: slots
// live in chunks that never move, each slot an atomic pointer. Spawning
// and exiting take the table's lock to hand out and give back slots.
//
// A process looked up stays valid until the looking thread's next point
// between two slices: exited processes are freed only after every
// scheduler has passed such a point (runtime/schedulers.cpp).
#pragma once

#include <atomic>
#include <deque>
#include <mutex>
#include <vector>

#include "process/process.h"

namespace girder {

class ProcessTable {
 public:
  static constexpr Uint MIN_LIMIT = 1024;            // ERTS's range for +P
  static constexpr Uint MAX_LIMIT = (Uint(1) << 27) - 1;
  static constexpr Uint DEFAULT_LIMIT = Uint(1) << 18;  // 262,144 as ERTS

  ProcessTable();
  ~ProcessTable();
  ProcessTable(const ProcessTable&) = delete;
  ProcessTable& operator=(const ProcessTable&) = delete;

  // +P n (n in [MIN_LIMIT, MAX_LIMIT]): as ERTS, the smallest power of two
  // not below n, at most MAX_LIMIT. Before any spawn.
  void set_limit(Uint n);
  Uint limit() const { return limit_; }
  // A free slot and the pid it gives; false if the table is full.
  bool reserve(Uint* slot, Term* pid);
  // The process of a reserved slot, visible to lookups from now on.
  void publish(Uint slot, Process* p);
  // The slot's process has exited: lookups fail, the slot is free.
  void release(Uint slot);
  // The live process of a local pid, or nullptr.
  Process* lookup(Term pid) const {
    if (!is_local_pid(pid)) return nullptr;
    Uint slot = pid_number(pid);
    if (slot >= limit_) return nullptr;
    Entry* c = chunks_[slot >> CHUNK_BITS].load(std::memory_order_acquire);
    if (!c) return nullptr;
    Process* p = c[slot & (CHUNK - 1)].proc.load(std::memory_order_acquire);
    return p && p->id == pid ? p : nullptr;
  }
  Uint count() const { return count_.load(std::memory_order_relaxed); }
  // Bytes of the slot chunks handed out so far (erlang:memory(processes)).
  Uint memory_bytes() const {
    Uint used = used_.load(std::memory_order_relaxed);
    return (used + CHUNK - 1) / CHUNK * CHUNK * sizeof(Entry);
  }
  // Calls f on every live process, in slot order.
  template <class F>
  void for_each(F&& f) const {
    Uint used = used_.load(std::memory_order_acquire);
    for (Uint slot = 0; slot < used; slot++) {
      Entry* c = chunks_[slot >> CHUNK_BITS].load(std::memory_order_acquire);
      if (!c) continue;
      if (Process* p = c[slot & (CHUNK - 1)].proc.load(std::memory_order_acquire)) f(p);
    }
  }

 private:
  static constexpr unsigned CHUNK_BITS = 14;
  static constexpr Uint CHUNK = Uint(1) << CHUNK_BITS;
  static constexpr Uint NCHUNKS = (MAX_LIMIT + 1) / CHUNK;
  struct Entry {
    std::atomic<Process*> proc{nullptr};
    uint32_t serial = 0;  // generation of the slot's next pid
  };
  Entry& entry(Uint slot) { return chunks_[slot >> CHUNK_BITS].load(std::memory_order_relaxed)[slot & (CHUNK - 1)]; }

  std::atomic<Entry*> chunks_[NCHUNKS] = {};
  Uint limit_ = DEFAULT_LIMIT;
  std::mutex lock_;                // reserve and release
  std::deque<Uint> free_;          // freed slots, reused oldest first
  std::atomic<Uint> used_{0};      // slots 0..used_-1 have been handed out
  std::atomic<Uint> count_{0};     // live processes
};

}  // namespace girder
