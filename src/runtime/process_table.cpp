#include "runtime/process_table.h"

namespace girder {

ProcessTable::ProcessTable() = default;

ProcessTable::~ProcessTable() {
  for (auto& c : chunks_) delete[] c.load();
}

void ProcessTable::set_limit(Uint n) {
  Uint l = MIN_LIMIT;
  while (l < n) l <<= 1;
  limit_ = l < MAX_LIMIT ? l : MAX_LIMIT;
}

bool ProcessTable::reserve(Uint* slot, Term* pid) {
  std::lock_guard<std::mutex> g(lock_);
  if (count_.load(std::memory_order_relaxed) >= limit_) return false;
  Uint s = used_.load(std::memory_order_relaxed);
  if (s < limit_) {
    auto& chunk = chunks_[s >> CHUNK_BITS];
    if (!chunk.load(std::memory_order_relaxed)) chunk.store(new Entry[CHUNK], std::memory_order_release);
    used_.store(s + 1, std::memory_order_release);
  } else {
    if (free_.empty()) return false;
    s = free_.front();
    free_.pop_front();
  }
  Entry& e = entry(s);
  // the generation takes the bits of the pid above the slot number
  uint32_t serial = e.serial++ & ((1u << (64 - 4 - PID_NUMBER_BITS - 1)) - 1);
  *slot = s;
  *pid = make_local_pid((Uint(serial) << PID_NUMBER_BITS) | s);
  count_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void ProcessTable::publish(Uint slot, Process* p) {
  entry(slot).proc.store(p, std::memory_order_release);
}

void ProcessTable::release(Uint slot) {
  entry(slot).proc.store(nullptr, std::memory_order_release);
  std::lock_guard<std::mutex> g(lock_);
  free_.push_back(slot);
  count_.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace girder
