// The port table: numbering as ERTS does it (see port.h).
#include <bit>
#include <cassert>

#include "port/port.h"

namespace girder {

namespace {
constexpr Uint NUMBER_MASK = (Uint(1) << 28) - 1;  // 28 bits, as ERTS
// ERTS never hands out the all-ones number: it marks an invalid id.
constexpr Uint INVALID_NUMBER = NUMBER_MASK;
constexpr Uint SLOTS_PER_LINE = 8;  // 64-byte cache line of 8-byte pointers
}  // namespace

PortTable::PortTable(Uint limit) : limit_(limit) {
  assert(limit >= SLOTS_PER_LINE && std::has_single_bit(limit));
  lines_ = limit / SLOTS_PER_LINE;
  lines_bits_ = std::countr_zero(lines_);
}

PortTable::~PortTable() = default;

Uint PortTable::index_of(Uint number) const {
  Uint n = number & (limit_ - 1);
  return ((n & (lines_ - 1)) * SLOTS_PER_LINE) + ((n >> lines_bits_) & (SLOTS_PER_LINE - 1));
}

std::shared_ptr<Port> PortTable::create() {
  std::lock_guard<std::mutex> g(lock_);
  if (count_ >= limit_) return nullptr;
  Uint number;
  if (next_fresh_ < limit_) {
    number = next_fresh_++;
  } else {
    number = freed_.front();
    freed_.pop_front();
  }
  Uint ix = index_of(number);
  if (ix >= slots_.size()) slots_.resize(ix + 1);
  assert(!slots_[ix]);
  slots_[ix] = std::make_shared<Port>();
  slots_[ix]->id = make_local_port(number);
  count_++;
  return slots_[ix];
}

std::shared_ptr<Port> PortTable::lookup(Term id) const {
  if (!is_local_port(id)) return nullptr;
  Uint number = local_port_data(id);
  if (number > NUMBER_MASK) return nullptr;
  Uint ix = index_of(number);
  std::lock_guard<std::mutex> g(lock_);
  if (ix >= slots_.size() || !slots_[ix] || slots_[ix]->id != id) return nullptr;
  return slots_[ix];
}

Uint PortTable::count() const {
  std::lock_guard<std::mutex> g(lock_);
  return count_;
}

void PortTable::remove(Port* port) {
  std::lock_guard<std::mutex> g(lock_);
  Uint number = local_port_data(port->id);
  Uint ix = index_of(number);
  assert(ix < slots_.size() && slots_[ix].get() == port);
  slots_[ix].reset();
  count_--;
  Uint next = (number + limit_) & NUMBER_MASK;
  if (next == INVALID_NUMBER) next = (next + limit_) & NUMBER_MASK;
  freed_.push_back(next);
}

std::vector<std::shared_ptr<Port>> PortTable::ports() const {
  std::lock_guard<std::mutex> g(lock_);
  std::vector<std::shared_ptr<Port>> out;
  out.reserve(count_);
  for (const auto& s : slots_)
    if (s) out.push_back(s);
  return out;
}

}  // namespace girder
