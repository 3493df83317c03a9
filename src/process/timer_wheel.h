// A scheduler's timers (design decision 8): a wheel of one-millisecond
// slots covering the next SLOTS milliseconds, and an ordered overflow for
// timers due later, which move into the wheel as their time comes near.
// Inserting, removing and expiring a timer cost O(1) in the wheel
// (O(log n) in the overflow), so thousands of pending timers cost little.
//
// Every scheduler owns one wheel and is the only one that inserts into it
// and expires it; any thread may remove a timer (a process cancelling its
// timer may run on another scheduler now). The wheel's lock guards every
// call; expire() runs its callback under the lock, so that a timer being
// removed is either still in the wheel or already handed to the callback,
// never both.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace girder {

struct TimerNode {
  TimerNode* next = nullptr;
  TimerNode** pprev = nullptr;  // the link that points at it; nullptr: not in the wheel
  uint64_t due_ms = 0;          // fires when the clock reaches this millisecond
  uint8_t kind = 0;             // the wheel's user says what the node is
  bool in_overflow = false;
  std::multimap<uint64_t, TimerNode*>::iterator overflow_pos;
};

class TimerWheel {
 public:
  static constexpr unsigned BITS = 14;
  static constexpr uint64_t SLOTS = uint64_t(1) << BITS;  // 16.4 s of 1 ms slots

  TimerWheel() = default;
  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  std::mutex& lock() { return lock_; }

  // All below: with lock() held.
  // Adds n (n->due_ms set) at time now_ms; a time already past fires at
  // the next expire.
  void insert(TimerNode* n, uint64_t now_ms);
  // Takes n out; false if it is not in the wheel (it has fired).
  bool remove(TimerNode* n);
  // Every timer due at or before now_ms leaves the wheel and goes to
  // fire(node), in due order (insertion order within a millisecond).
  // fire must not insert or remove timers.
  template <class F>
  void expire(uint64_t now_ms, F&& fire) {
    while (TimerNode* n = take_due(now_ms)) fire(n);
  }
  // The earliest due time, or UINT64_MAX with no timers.
  uint64_t next_due() const;
  uint64_t size() const { return count_ + overflow_.size(); }

 private:
  // One due timer (leaving the wheel), or nullptr.
  TimerNode* take_due(uint64_t now_ms);
  void link_slot(TimerNode* n, uint64_t ms);
  // The first millisecond in [from, to] (to - from < SLOTS) whose slot
  // has timers, or UINT64_MAX.
  uint64_t find_used(uint64_t from, uint64_t to) const;
  // Moves the overflow timers now within SLOTS of pos_ into slots.
  void pull_overflow();
  static unsigned slot_of(uint64_t ms) { return unsigned(ms & (SLOTS - 1)); }
  bool slot_used(unsigned s) const { return (used_[s / 64] >> (s % 64)) & 1; }

  std::mutex lock_;
  // slot lists are kept newest first; a slot that is due moves to due_,
  // oldest first, and expire() hands them out from there
  // made at the first timer: most schedulers' wheels (every dirty
  // scheduler's) never hold one, and 128 KB of zeroed slots each would be
  // a good part of what a VM that only boots touches
  struct FreeSlots {
    void operator()(TimerNode** p) const;
  };
  std::unique_ptr<TimerNode*[], FreeSlots> slots_;
  TimerNode* due_ = nullptr;
  uint64_t used_[SLOTS / 64] = {};  // bit per non-empty slot
  uint64_t pos_ = 0;    // every slot before this millisecond has been expired
  uint64_t count_ = 0;  // timers in slots
  std::multimap<uint64_t, TimerNode*> overflow_;
};

}  // namespace girder
